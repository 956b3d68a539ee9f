"""``neuronlab check``: a learner's own lab functions, graded and diagnosed.

>>> import neuronlab.check
>>> report = neuronlab.check.check("my_notebook.ipynb")    # doctest: +SKIP
>>> report                                                   # doctest: +SKIP

``check(obj, lab=None, seed=None)`` takes a function, a module, a mapping of names (a
notebook's ``globals()``) or a path to a ``.py`` file or an ``.ipynb`` notebook. Only the
code's imports, constants and definitions are taken (:mod:`.source`); its graded
functions, found by the course's names, run in a child process with a time and a
memory limit (:mod:`.runner`), each against the engine on the course's published test
case and on fresh random inputs drawn from ``seed`` (:mod:`.table`, :mod:`.grade`); a
failure comes with the likely mistake (:mod:`.compare`'s codes and hints), never with
the answer's code.
"""

from __future__ import annotations

import ast
import os
import random
import sys
import time
import types
from typing import Any

from neuronlab.check.report import CheckReport, FunctionResult
from neuronlab.check.runner import run
from neuronlab.check.source import Program, SourceError, from_object
from neuronlab.check.table import LABS, choose_lab, graded_names

__all__ = ["LABS", "CheckReport", "FunctionResult", "SourceError", "check"]


def check(obj: Any, lab: str | None = None, seed: int | None = None) -> CheckReport:
    """Grade the lab functions that ``obj`` defines (see the module docstring).

    ``lab`` (a key of :data:`LABS`): without it, the lab whose graded names ``obj``
    defines most of.  ``seed`` draws the random inputs; None: a new one, printed in the
    report so that a run can be repeated.

    Raises
    ------
    SourceError
        The code cannot be read (no such file, not Python, a syntax error).
    ValueError
        No graded function of any lab is defined, or ``lab`` is not a checked lab.
    """
    start = time.perf_counter()
    program, only = from_object(obj)
    defined = program.functions()
    argument = "PATH" if isinstance(obj, (str, os.PathLike)) else "obj"
    try:
        chosen = choose_lab(defined, lab, argument, needs=only or ())
    except ValueError as exc:
        raise ValueError("; ".join([str(exc), *program.notes])) from None
    names = graded_names(chosen)
    if only is not None:
        unknown = only - set(names)
        if unknown:
            raise ValueError(f"obj: {', '.join(sorted(unknown))} is not a graded function of "
                              f"the {chosen} lab ({', '.join(names)})")  # fmt: skip
        names = [n for n in names if n in only]
    seed = random.randrange(2**31) if seed is None else int(seed)
    found = [n for n in names if n in defined]
    calls = _calls(program)
    results, notes = run(program, chosen, found, seed, calls) if found else ({}, [])
    functions = [
        FunctionResult(**results[n]) if n in results else FunctionResult(n, "missing")
        for n in names
    ]
    _blame_callees(calls, functions)
    report = CheckReport(chosen, seed, program.origin, functions, program.notes + notes)
    report.seconds = time.perf_counter() - start
    return report


class _CallableModule(types.ModuleType):
    """``neuronlab.check(obj, …)`` is :func:`check`, and ``neuronlab.check.check`` too."""

    def __call__(self, obj: Any, lab: str | None = None, seed: int | None = None) -> CheckReport:
        return check(obj, lab=lab, seed=seed)


sys.modules[__name__].__class__ = _CallableModule


def _calls(program: Program) -> dict[str, set[str]]:
    """Each function of the program → the names it calls."""
    calls: dict[str, set[str]] = {}
    for block in program.blocks:
        if block.kind != "def":
            continue
        try:
            tree = ast.parse(block.text)
        except SyntaxError:
            continue
        calls[block.names[0]] = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
    return calls


def _blame_callees(calls: dict[str, set[str]], functions: list[FunctionResult]) -> None:
    """A failing function that calls a failing graded one is told to fix that one first;
    its own diagnoses would only repeat the other's mistake."""
    failing = {f.name for f in functions if f.status in ("fail", "error")}
    for f in functions:
        culprits = sorted((calls.get(f.name, set()) & failing) - {f.name})
        if f.status in ("fail", "error") and culprits and not f.message.startswith("not run"):
            verb = "fails" if len(culprits) == 1 else "fail"
            f.note = f"it calls {', '.join(culprits)}, which {verb}: fix that first"
            f.diagnoses = []
