"""The course's public tests, reported by ``neuronlab check``.

A course test such as ``propagate_test(target)`` runs ``target`` on a few fixed inputs
and asserts the results.  Ours grades ``target`` with :func:`neuronlab.check.check` —
the course's published test case and fresh random inputs, against the lab facade, in a
child process — and prints the course's pass line when it passes.  Otherwise it prints
the check's report (what differs, on which input, the likely mistake and its
diagnosis code, never the answer) and raises :class:`AssertionError`, as the course's
tests do, so that a grader-style cell stops there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

import numpy as np

#: What the course's tests print when every check passes (ESC[92m is green).
PASSED = "\033[92mAll tests passed!"
#: What the course's test runners (``single_test``, ``multiple_test``) print instead.
RUNNER_PASSED = "\033[92m All tests passed."
RED = "\033[91m"
#: The check's random inputs are drawn from this seed: a test cell gives the same
#: verdict every time it runs, as the course's fixed inputs do.
SEED = 0


def grade(target: Callable[..., Any], lab: str, name: str, passed: str | None = PASSED) -> None:
    """Check ``target`` as ``lab``'s graded function ``name``; print ``passed`` (if any) when
    it passes, else the check's report, then raise :class:`AssertionError`."""
    from neuronlab.check import check
    from neuronlab.check.source import NO_SOURCE

    got = getattr(target, "__name__", None)
    if not callable(target) or got != name:
        what = f"a function named {got!r}" if callable(target) else f"{type(target).__name__}"
        fail(
            name,
            [
                f"expected your function {name} itself (the test finds your code by "
                f"that name), got {what}"
            ],
        )
    try:
        report = check(target, lab=lab, seed=SEED)
    except (ValueError, RuntimeError) as exc:  # SourceError is a ValueError
        fail(name, [f"neuronlab could not check it: {exc}"])
    result = next(f for f in report.functions if f.name == name)
    if result.status == "pass":
        if passed:
            print(passed)
        return
    print(report.text())
    if result.status == "missing":
        unsourced = f"{name}: {NO_SOURCE}" in report.notes
        fail(name, [], f"{name}: {NO_SOURCE}" if unsourced else "not found")
    fail(name, [], result.message.splitlines()[0] if result.message else result.status)


def fail(name: str, lines: list[str], reason: str | None = None) -> NoReturn:
    """Print ``lines`` in red and raise the test's :class:`AssertionError`."""
    for line in lines:
        print(f"{RED}{line}")
    raise AssertionError(f"Not all tests were passed for {name}: {reason or lines[0]}")


def expect_equal(test: str, checks: list[tuple[str, Any, Any]], passed: str = PASSED) -> None:
    """A test of values the learner computed (not of a function): each ``(label, got,
    expected)`` must be equal (arrays: same shape and entries); print ``passed``, or
    every difference and raise :class:`AssertionError`."""
    wrong = []
    for label, got, expected in checks:
        if isinstance(expected, np.ndarray):
            got_array = np.asarray(got)
            if got_array.shape != expected.shape:
                wrong.append(f"{label}: expected shape {expected.shape}, got {got_array.shape}")
            elif not np.array_equal(got_array, expected):
                first = tuple(int(i) for i in np.argwhere(got_array != expected)[0])
                wrong.append(
                    f"{label}: differs first at {first}: expected "
                    f"{expected[first]}, got {got_array[first]}"
                )
        elif got != expected:
            wrong.append(f"{label}: expected {expected!r}, got {got!r}")
    if wrong:
        fail(test, wrong)
    print(passed)
