"""The ``neuronlab`` command: parses arguments and dispatches; no math here.

One module per command group, each with ``add_parser(sub)`` (the command's
options) next to the ``run…(args) -> int`` it dispatches to; :data:`COMMANDS`
lists them in the order ``--help`` shows them.  Shared options and checks are in
:mod:`neuronlab.cli.options`.

User errors (bad arguments, missing or corrupt files, bad data, a training run
that diverged) print one line ``neuronlab: error: …`` and exit with status 2;
nothing is overwritten.  Ctrl-C exits with 130, a closed pipe with 141.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn

from neuronlab import __version__
from neuronlab.cli import (
    bench,
    check,
    course,
    data,
    gradcheck,
    info,
    predict,
    reproduce,
    train,
)
from neuronlab.training import TrainingDiverged

#: The exceptions that are the user's to fix: one line, exit status 2.
USER_ERRORS: tuple[type[BaseException], ...] = (ValueError, TypeError, OSError, TrainingDiverged)

#: The command groups, in the order of ``neuronlab --help``.
COMMANDS = (reproduce, check, course, gradcheck, train, predict, info, bench, data)


class Parser(argparse.ArgumentParser):
    """argparse with its errors on one line, ``neuronlab predict: error: the following
    arguments are required: INPUT (see 'neuronlab predict --help')``, not below the
    usage block (up to 13 lines for train); every subcommand's parser is one too."""

    #: The subcommands' parsers, by name (the top parser's).
    commands: dict[str, Parser] = {}

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")

    def unknown(self, extra: Sequence[str]) -> NoReturn:
        """Refuse arguments this command does not take, naming the closest option."""
        import difflib

        names = [o[2:] for action in self._actions for o in action.option_strings if o[:2] == "--"]
        flag = next((e.split("=", 1)[0] for e in extra if e.startswith("--")), "")
        close = difflib.get_close_matches(flag[2:].replace("_", "-"), names, n=1)
        hint = f" — did you mean '--{close[0]}'?" if close else ""
        self.error(f"unrecognized arguments: {' '.join(extra)}{hint}")


def build_parser() -> Parser:
    parser = Parser(
        prog="neuronlab",
        description="Neural networks from scratch in vectorized NumPy: the classic course labs, "
        "reproduced, and a small fast engine.",
    )
    parser.add_argument("--version", action="version", version=f"neuronlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    parser.commands = dict(sub.choices)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        (parser.commands.get(args.command) or parser).unknown(extra)
    if args.command is None:
        parser.print_help()
        return 0
    func: Callable[[argparse.Namespace], int] = args.func
    with warnings.catch_warnings(), sigterm_as_interrupt():
        warnings.showwarning = _show_warning
        return _run(func, args)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every cleanup runs (a save's temporary file
    is removed, nothing half-written stays)."""


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: Any) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _show_warning(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
    """A warning as the CLI's one line, not Python's file:line form."""
    print(f"neuronlab: warning: {_one_line(message)}", file=sys.stderr)


def _run(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return func(args)
    except BrokenPipeError:
        # The reader went away (``neuronlab … | head``): stop quietly, as Unix tools
        # do, and keep Python from complaining when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except USER_ERRORS as exc:
        print(f"neuronlab: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except MemoryError as exc:
        # The last resort: sizes are checked where they are known; what slips through
        # still gets one line, with the size NumPy asked for.
        print(f"neuronlab: error: not enough memory: {_one_line(exc)}", file=sys.stderr)
        return 2
    except Terminated:
        print("neuronlab: terminated; nothing was left half-written", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("neuronlab: interrupted", file=sys.stderr)
        return 130


def _one_line(exc: Any) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
