"""One graded function of a learner's, checked case by case (in the checker's child process).

In this order, stopping at the first failure: it runs (an exception is reported at the
learner's own line); its result has the engine's structure (container, keys, shapes);
its values agree with the engine's — or with another course version's — on the course's
published case and on fresh random ones; it leaves its arguments as they were. A failure
is diagnosed by comparing the learner's result with known mistakes computed on the same
input, then by what the shapes and values of the first differing entry show.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Collection
from typing import Any

import numpy as np

from neuronlab.check.cases import Case, Graded
from neuronlab.check.compare import Difference, first_difference, generic_diagnoses, leaf, same


def grade(
    graded: Graded, lab: str, learner: Callable[..., Any], seed: int, files: Collection[str]
) -> dict[str, Any]:
    """``{"name", "status", "diagnoses", "message", "case"}`` for one function."""
    cases = graded.cases(np.random.RandomState(seed))
    answer = graded.answer(lab)
    published: Any = None  # the learner's result on the course's case, when right
    for case in cases:
        args, kwargs = case.fresh()
        try:
            got = _call(learner, case, args, kwargs, graded.old_form)
        except BaseException as exc:  # noqa: BLE001 — the learner's code may raise anything
            if isinstance(exc, KeyboardInterrupt):
                raise
            return _raised(graded.name, case, exc, files)
        expected = _call(answer, case, *case.fresh())
        right = same(got, expected) or any(
            same(got, _call(alt, case, *case.fresh())) for _, alt in graded.alternatives
        )
        if right:
            moved = first_difference(args, case.args) or first_difference(kwargs, case.kwargs)
            if graded.pure and moved is not None:
                return _result(graded.name, "fail", ["mutates-input"], _moved(moved), case)
            if case.published:
                published = got
            continue
        diff = first_difference(got, expected)
        assert diff is not None  # not right, so something differs
        codes = _diagnose(graded, case, got, expected, diff, published)
        return _result(graded.name, "fail", codes, _explain(graded.name, diff, codes), case)
    return _result(graded.name, "pass", [], "", None)


def _call(
    fn: Callable[..., Any],
    case: Case,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    old_form: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None = None,
) -> Any:
    if old_form is not None and _needs_more(fn, len(args) + len(kwargs)):
        args = old_form(args)
    if case.seed is not None:
        np.random.seed(case.seed)
    return fn(*args, **kwargs)


def _needs_more(fn: Callable[..., Any], given: int) -> bool:
    """Whether ``fn`` requires more positional arguments than ``given`` (an older form)."""
    import inspect

    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    required = [
        p
        for p in params
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    return len(required) > given


def _diagnose(
    graded: Graded, case: Case, got: Any, expected: Any, diff: Difference, published: Any
) -> list[str]:
    codes: list[str] = []
    if graded.cache is not None and diff.path.startswith(graded.cache):
        if diff.kind == "keys" or _rearranged(got, expected, graded.cache):
            codes.append("cache")
    for mistake in graded.mistakes:
        if mistake.code in codes:
            continue
        try:
            wrong = _call(mistake.wrong, case, *case.fresh())
        except Exception:  # noqa: BLE001 — a mistake that does not apply to this input
            continue
        if same(got, wrong) or _same_leaf(got, wrong, diff.path):
            codes.append(mistake.code)
    if not codes:
        try:
            codes += generic_diagnoses(leaf(got, diff.path), leaf(expected, diff.path), case.m)
        except (KeyError, IndexError, TypeError):
            pass
    if not codes and published is not None and not case.published:
        if _same_leaf(got, published, diff.path):
            codes.append("hardcoded")
    return codes


def _rearranged(got: Any, expected: Any, path: str) -> bool:
    """Whether the tuple cache at ``path`` holds the lab's entries in another order, or
    only some of them, or more (every entry of the shorter one is in the other)."""
    try:
        g, e = leaf(got, path), leaf(expected, path)
    except (KeyError, IndexError, TypeError):
        return False
    if not isinstance(g, (tuple, list)) or not isinstance(e, (tuple, list)):
        return False
    shorter, longer = (g, e) if len(g) <= len(e) else (e, g)
    return len(shorter) > 0 and all(any(same(s, x) for x in longer) for s in shorter)


def _same_leaf(a: Any, b: Any, path: str) -> bool:
    try:
        return same(leaf(a, path), leaf(b, path))
    except (KeyError, IndexError, TypeError):
        return False


def _explain(name: str, diff: Difference, codes: list[str]) -> str:
    what = {"type": "type", "length": "length", "keys": "keys", "shape": "shape"}
    check = what.get(diff.kind, "values")
    return f"{check}: {diff.sentence(name + '(…)')}"


def _moved(diff: Difference) -> str:
    """``args[0]['W1']`` is the first argument's "W1" (positional arguments, then keywords)."""
    return f"it changed its arguments in place: {diff.sentence('args')}"


def _raised(name: str, case: Case, exc: BaseException, files: Collection[str]) -> dict[str, Any]:
    """An exception, told at the learner's own line (not the checker's frames)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in files]
    text = f"{type(exc).__name__}: {exc}".strip()
    if isinstance(exc, SystemExit):
        text = f"it called sys.exit({exc.code!r})"
    if frames:
        # The graded function's own line, then (when it is elsewhere) where it was raised.
        shown = [frames[0]] if frames[0] is frames[-1] else [frames[0], frames[-1]]
        text += "".join(f"\n{_at(frame)}" for frame in shown)
    message = str(exc)
    if "could not be broadcast" in message:
        codes = ["elementwise-vs-matmul"]
    elif "not aligned" in message or "mismatch in its core dimension" in message:
        codes = ["transposed"]
    else:
        codes = ["error"]
    return _result(name, "error", codes, text, case)


def _at(frame: traceback.FrameSummary) -> str:
    line = f": {frame.line.strip()}" if frame.line else ""
    return f"in {frame.name}, {_place(frame.filename, frame.lineno)}{line}"


def _place(filename: str, line: int | None) -> str:
    return f"{filename}, line {line}" if ", cell " in filename else f"line {line} of {filename}"


def _result(
    name: str, status: str, codes: list[str], message: str, case: Case | None
) -> dict[str, Any]:
    return {
        "name": name,
        "status": status,
        "diagnoses": codes,
        "message": message,
        "case": None if case is None else case.label,
    }
