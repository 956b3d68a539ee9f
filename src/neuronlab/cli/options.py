"""What several commands share: the data folder, progress bars, output files — and the
rule that no output is ever written over an input."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from neuronlab._validation import special_file

DATA_DIR_HELP = "look for data files only here (default: $NEURONLAB_DATA, else the per-user folder)"


def add_data_dir(parser: argparse.ArgumentParser, help: str = DATA_DIR_HELP) -> None:
    """``--data-dir DATA_DIR``: checked by :func:`check_data_dir` in the command."""
    parser.add_argument("--data-dir", help=help)


def add_no_progress(parser: argparse.ArgumentParser, help: str = "no progress bar") -> None:
    """``--no-progress``, stored as ``args.progress`` (True unless given)."""
    parser.add_argument("--no-progress", dest="progress", action="store_false", help=help)


def architecture(config: dict[str, Any]) -> str:
    """A network's :meth:`~neuronlab.network.Network.config` on one line:
    ``2 inputs → 16 relu → 1 sigmoid; loss binary_cross_entropy; float64``."""
    dims, acts = config["layer_dims"], config["activations"]
    layers = " → ".join(f"{n} {_activation(a)}" for n, a in zip(dims[1:], acts))
    return f"{dims[0]} inputs → {layers}; loss {config['loss']}; {config['dtype']}"


def _activation(config: dict[str, Any]) -> str:
    extra = ", ".join(f"{k} {v:g}" for k, v in config.items() if k != "name")
    return f"{config['name']}({extra})" if extra else str(config["name"])


def check_data_dir(data_dir: str | None) -> None:
    """``--data-dir``, when given, is an existing folder."""
    if data_dir is not None and not Path(data_dir).is_dir():
        raise ValueError(f"--data-dir: expected an existing directory, got {data_dir!r}")


def output_file(flag: str, path: str | os.PathLike[str]) -> Path:
    """A file a command will write (``flag`` names it in errors), checked before any
    work: its folder exists, can be written in, and it is not itself a folder.  ``-``
    (standard output, as ``predict --out -`` takes it) is not a file name here."""
    if str(path) == "-":
        raise ValueError(
            f"{flag}: '-' (standard output) is taken by predict --out only; expected a file name"
        )
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"{flag}: the folder {str(path.parent)!r} does not exist")
    if path.is_dir():
        raise IsADirectoryError(f"{flag}: {str(path)!r} is a folder, expected a file name")
    if special_file(path) is not None:  # /dev/null, /dev/stdout, a FIFO: written through
        writable = os.access(path, os.W_OK)
    else:
        writable = os.access(path.parent, os.W_OK | os.X_OK)
    if not writable:  # said now, not after the work
        raise PermissionError(
            f"{flag}: cannot write in the folder {str(path.parent)!r} (read-only or not yours)"
        )
    return path


#: An argument that names a file or folder (``("INPUT", "pictures/")``), or None.
Named = tuple[str, "str | os.PathLike[str] | None"]


def refuse_overwriting(
    outputs: Sequence[Named], inputs: Sequence[Named], expected: str = "another file"
) -> None:
    """Refuse, before any work, an output that is the same file as an input — by any
    spelling (relative or absolute, ``..``, a symlink, a hard link): files are compared
    by device and inode, as ``os.path.samefile`` does, never by name.  A folder given
    as an input counts with every picture in it (what is read of a folder); a model
    or a CSV written into it is fine.  One line names both arguments."""
    known: dict[tuple[int, int], tuple[str, str]] = {}
    for argument, spec in inputs:
        for path in _files(spec):
            identity = _identity(path)
            if identity is not None:
                known.setdefault(identity, (argument, str(path)))
    for flag, out in outputs:
        identity = None if out is None else _identity(out)
        if identity in known:
            argument, file = known[identity]
            same_name = os.path.abspath(str(out)) == os.path.abspath(file)
            alias = "" if same_name else f" {file!r} by another name"
            raise ValueError(
                f"{flag}: {str(out)!r} is the {argument} file{alias}; writing it would destroy "
                f"that input: expected {expected} (nothing was written)"
            )
    for flag, out in outputs:
        for argument, spec in inputs:
            if out is not None and spec is not None and _joins_folder(out, spec):
                raise ValueError(
                    f"{flag}: {str(out)!r} is a picture inside the {argument} folder "
                    f"{str(spec)!r}; it would be read as one of its examples next time: "
                    "expected a file outside that folder (nothing was written)"
                )


def refuse_folders_with_inputs(folders: Sequence[Named], inputs: Sequence[Named]) -> None:
    """Refuse an output folder that holds one of the input files (the same file, by
    device and inode), as ``refuse_overwriting`` does for files: a report or models
    written there could replace it."""
    for flag, folder in folders:
        if folder is None or not Path(folder).is_dir():
            continue
        refuse_overwriting(
            [(flag, entry.path) for entry in os.scandir(folder) if entry.is_file()],
            inputs,
            expected="a folder that holds no input",
        )


def dataset_inputs(
    argument: str, spec: str | os.PathLike[str] | None, data_dir: str | None
) -> list[Named]:
    """What a data-set argument reads: the file or folder it names, or — for a
    built-in name — the data files in the data folder."""
    if spec is None:
        return []
    if Path(spec).exists():
        return [(argument, spec)]
    from neuronlab.data import present_files

    return [(argument, path) for path in present_files(data_dir)]


def _files(spec: str | os.PathLike[str] | None) -> list[Path]:
    if spec is None:
        return []
    path = Path(spec)
    if path.is_dir():  # a folder input is read for its pictures only
        from neuronlab.images import picture_files

        return picture_files(path)
    return [path] if path.exists() else []


def _joins_folder(out: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """Whether ``out`` is a picture name inside the input folder ``folder`` (by its real
    path): written there, it would become one of the folder's pictures."""
    from neuronlab.images import is_picture_name

    if not Path(folder).is_dir() or not is_picture_name(out):
        return False
    inside = os.path.realpath(Path(out).parent)
    root = os.path.realpath(folder)
    return os.path.commonpath([inside, root]) == root


def _identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino
