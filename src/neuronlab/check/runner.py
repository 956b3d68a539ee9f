"""Runs the checks in a child process, with a time limit per function and a memory limit.

An endless loop or a ten-minute training is reported as ``timeout`` and the child is
replaced for the functions left; a crash of the learner's code (or of Python) loses
only the function it happened in.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from typing import IO, Any

from neuronlab.check.source import Program

#: Seconds a graded function may take (the checks run a few iterations, not a training).
TIME_LIMIT = 10.0
#: Seconds for the learner's imports and definitions.
LOAD_LIMIT = 60.0
#: Bytes of address space for the child (NumPy and BLAS reserve some for themselves).
MEMORY_LIMIT = 4 << 30


def run(
    program: Program,
    lab: str,
    names: list[str],
    seed: int,
    calls: dict[str, set[str]] | None = None,
    time_limit: float = TIME_LIMIT,
    memory_limit: int | None = MEMORY_LIMIT,
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """``({name: result}, notes)`` for the functions ``names`` of ``program``.

    ``calls`` (function → the names it calls): a function that calls, directly or not,
    one that ran out of time is not run (it would only run out of time too)."""
    results: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    pending = list(names)
    while pending:
        request = {"program": program.to_dict(), "lab": lab, "functions": pending,
                   "seed": seed, "memory": memory_limit}  # fmt: skip
        with _Child(request, program.folder) as child:
            loaded = child.next(LOAD_LIMIT)
            if loaded is None or "loaded" not in loaded:
                raise RuntimeError(f"the checker could not load your code: {child.tail()}")
            if not notes:
                notes = list(loaded["loaded"])
            current = None
            while True:
                event = child.next(time_limit if current else LOAD_LIMIT)
                if event is None:  # timed out or the process ended
                    if current is None:
                        raise RuntimeError(f"the checker stopped: {child.tail()}")
                    results[current] = _lost(current, child.ended())
                    pending.remove(current)
                    for name in [n for n in pending if _reaches(n, current, calls or {})]:
                        results[name] = _not_run(name, current)
                        pending.remove(name)
                    break
                if "start" in event:
                    current = event["start"]
                elif "result" in event:
                    results[current] = event["result"]  # type: ignore[index]
                    pending.remove(current)  # type: ignore[arg-type]
                    current = None
                elif "done" in event:
                    pending = []
                    break
    return results, notes


def _lost(name: str, ended: bool) -> dict[str, Any]:
    if ended:
        message = "the Python process running it stopped (a crash, or more memory than allowed)"
        codes = ["error"]
    else:
        message = "did not finish within the time limit"
        codes = ["timeout"]
    return {"name": name, "status": "error", "diagnoses": codes, "message": message, "case": None}


def _reaches(name: str, target: str, calls: dict[str, set[str]]) -> bool:
    """Whether ``name`` calls ``target``, directly or through other functions."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        for callee in calls.get(todo.pop(), set()) - seen:
            if callee == target:
                return True
            seen.add(callee)
            todo.append(callee)
    return False


def _not_run(name: str, culprit: str) -> dict[str, Any]:
    message = f"not run: it calls {culprit}, which did not finish"
    return {"name": name, "status": "error", "diagnoses": [], "message": message, "case": None}


class _Child:
    """``python -m neuronlab.check._child``: JSON lines in, read by a thread."""

    def __init__(self, request: dict[str, Any], folder: str | None) -> None:
        env = {**os.environ, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1",
               "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}  # fmt: skip
        self.stderr: IO[bytes] = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "neuronlab.check._child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            cwd=folder if folder and os.path.isdir(folder) else None,
            env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.eof = False
        threading.Thread(target=self._read, daemon=True).start()
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(request).encode())
        self.proc.stdin.close()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            self.lines.put(raw.decode())
        self.eof = True
        self.lines.put(None)

    def next(self, timeout: float) -> dict[str, Any] | None:
        """The next event, or None when none came in ``timeout`` s or the child ended."""
        deadline = time.monotonic() + timeout
        try:
            line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None
        return None if line is None else json.loads(line)

    def ended(self) -> bool:
        """Whether the child closed its channel (it ended) rather than went quiet."""
        return self.eof

    def tail(self) -> str:
        self.proc.kill()
        self.proc.wait()
        self.stderr.seek(0)
        lines = self.stderr.read().decode(errors="replace").strip().splitlines()
        return lines[-1] if lines else f"exit status {self.proc.returncode}"

    def __enter__(self) -> _Child:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.stderr.close()
