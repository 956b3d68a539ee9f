"""The checker's child process: runs a learner's code, one graded function at a time.

Started by :mod:`neuronlab.check.runner` as ``python -m neuronlab.check._child``; reads
one JSON request on stdin and writes one JSON event per line on its own channel (the
learner's prints go to stderr, which the parent discards): ``{"loaded": notes}``, then
``{"start": name}`` and ``{"result": {...}}`` per function, then ``{"done": true}``.
"""

from __future__ import annotations

import builtins
import json
import linecache
import os
import sys
from typing import Any, TextIO

from neuronlab.check import helpers
from neuronlab.check.grade import grade
from neuronlab.check.source import Program
from neuronlab.check.table import LABS


def load(program: Program) -> tuple[dict[str, Any], list[str]]:
    """The learner's namespace from the kept statements, run in order; an import or a
    constant that fails is left out with a note (a graded function that needs it fails
    with a NameError at its own line)."""
    namespace: dict[str, Any] = {"__name__": "__learner__", "__builtins__": builtins}
    notes: list[str] = []
    files: dict[str, list[str]] = {}
    for block in program.blocks:
        lines = files.setdefault(block.filename, [])
        text_lines = block.text.split("\n")
        lines.extend([""] * (block.line - 1 + len(text_lines) - len(lines)))
        lines[block.line - 1 : block.line - 1 + len(text_lines)] = text_lines
    for filename, lines in files.items():
        if not os.path.isfile(filename):  # a notebook cell: let tracebacks show its lines
            text = [line + "\n" for line in lines]
            linecache.cache[filename] = (sum(map(len, text)), None, text, filename)
    for block in program.blocks:
        try:
            code = compile("\n" * (block.line - 1) + block.text, block.filename, "exec")
            exec(code, namespace)  # noqa: S102 — the learner's definitions, by design
        except Exception as exc:  # noqa: BLE001
            what = block.text.split("\n")[0][:60]
            notes.append(f"{block.filename}, line {block.line}: {what!r} failed "
                         f"({type(exc).__name__}: {exc}); left out")  # fmt: skip
    return namespace, notes


def main(stdin: TextIO = sys.stdin) -> None:
    request = json.loads(stdin.read())
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # print() and C-level writes of the learner's code go to stderr
    _limit_memory(request.get("memory"))

    def emit(event: dict[str, Any]) -> None:
        channel.write(json.dumps(event) + "\n")
        channel.flush()

    helpers.install()
    program = Program.from_dict(request["program"])
    if program.folder:
        sys.path.append(program.folder)  # the learner's own modules, after everything else
    namespace, notes = load(program)
    emit({"loaded": notes})
    files = {b.filename for b in program.blocks}
    rows = {g.name: g for g in LABS[request["lab"]]}
    for name in request["functions"]:
        emit({"start": name})
        if not callable(namespace.get(name)):
            message = f"{name} is not a function once your code has run (see the notes)"
            result = {"name": name, "status": "error", "diagnoses": ["error"],
                      "message": message, "case": None}  # fmt: skip
        else:
            result = grade(rows[name], request["lab"], namespace[name], request["seed"], files)
        emit({"result": result})
    emit({"done": True})


def _limit_memory(limit: int | None) -> None:
    if not limit:
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this system: the time limit stays
        pass


if __name__ == "__main__":
    main()
