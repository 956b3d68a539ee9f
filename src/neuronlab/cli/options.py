"""What several commands share: the data folder, progress bars, output files."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

DATA_DIR_HELP = "look for data files only here (default: $NEURONLAB_DATA, else the per-user folder)"


def add_data_dir(parser: argparse.ArgumentParser, help: str = DATA_DIR_HELP) -> None:
    """``--data-dir DATA_DIR``: checked by :func:`check_data_dir` in the command."""
    parser.add_argument("--data-dir", help=help)


def add_no_progress(parser: argparse.ArgumentParser, help: str = "no progress bar") -> None:
    """``--no-progress``, stored as ``args.progress`` (True unless given)."""
    parser.add_argument("--no-progress", dest="progress", action="store_false", help=help)


def check_data_dir(data_dir: str | None) -> None:
    """``--data-dir``, when given, is an existing folder."""
    if data_dir is not None and not Path(data_dir).is_dir():
        raise ValueError(f"--data-dir: expected an existing directory, got {data_dir!r}")


def output_file(flag: str, path: str | os.PathLike[str]) -> Path:
    """A file a command will write (``flag`` names it in errors), checked before any
    work: its folder exists and it is not itself a folder."""
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"{flag}: the folder {str(path.parent)!r} does not exist")
    if path.is_dir():
        raise IsADirectoryError(f"{flag}: {str(path)!r} is a folder, expected a file name")
    return path
