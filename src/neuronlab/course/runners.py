"""The course's test runners, ``single_test`` and ``multiple_test`` (COURSE_FILES §2).

The 2021 public tests of planar, deep and deep_app import them from a ``test_utils.py``
beside the notebook.  neuronlab's own ``public_tests.py`` grades through
:mod:`neuronlab.course.grading` and needs none; these are for a folder that holds the
course's own ``public_tests.py`` (kept: neuronlab never replaces a file it did not write)
and nothing else of the course.

A test case is a dict: ``name`` (``"datatype_check"``, ``"equation_output_check"`` or
``"shape_check"``), ``input`` (the arguments), ``expected``, ``error`` (what to print
when it fails) and, in planar's runners, an optional ``do_before`` called first.
Two variants differ as the course's files do:

* ``planar``: ``multiple_test`` deep-copies the inputs, stops at once when the target
  raises; the type check is made at the top level only; containers must have equal
  lengths;
* ``deep`` (deep and deep_app): no copy; every leaf's type is checked, and a failing
  leaf is named (``Error: <error> for variable <key>.``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

GREEN, RED, BLACK = "\033[92m", "\033[91m", "\033[30m"
VARIANTS = ("planar", "deep")


def _leaves(expected: Any, got: Any, key: Any = None) -> list[tuple[Any, Any, Any]]:
    """``(key, expected leaf, got leaf)`` pairs, walking the expected dicts' keys and
    the tuples' and lists' positions (a missing key or position raises)."""
    if isinstance(expected, dict):
        return [p for k in expected for p in _leaves(expected[k], got[k], k)]
    if isinstance(expected, (tuple, list)):
        return [p for i, e in enumerate(expected) for p in _leaves(e, got[i], i)]
    return [(key, expected, got)]


def _same_lengths(expected: Any, got: Any) -> bool:
    if isinstance(expected, (dict, tuple, list)):
        if not isinstance(got, (dict, tuple, list)) or len(expected) != len(got):
            return False
        pairs = (
            [(expected[k], got[k]) for k in expected if k in got]
            if isinstance(expected, dict) and isinstance(got, dict)
            else list(zip(expected, got))
        )
        return all(_same_lengths(e, g) for e, g in pairs)
    return True


def _leaf_ok(check: str, expected: Any, got: Any) -> bool:
    if check == "datatype_check":
        return isinstance(got, type(expected))
    if check == "shape_check":
        return not hasattr(expected, "shape") or getattr(got, "shape", None) == expected.shape
    if hasattr(expected, "shape"):
        np.testing.assert_array_almost_equal(got, expected)  # 6 decimals, raises
        return True
    return bool(got == expected)


def _failure(case: dict[str, Any], got: Any, variant: str) -> str | None:
    """What to print when ``got`` fails ``case``'s check (the deep variant names the
    failing leaf), or None when it passes."""
    error = f"Error: {case['error']}"
    expected, check = case["expected"], case["name"]
    try:
        if variant == "planar":
            if not _same_lengths(expected, got):
                return error
            if check == "datatype_check":
                return None if isinstance(got, type(expected)) else error
        for key, e, g in _leaves(expected, got):
            try:
                ok = _leaf_ok(check, e, g)
            except AssertionError:
                ok = False
            if not ok:
                named = variant == "deep" and key is not None
                return f"{error} for variable {key}." if named else error
    except Exception:  # a missing key or position, a result of another kind
        return error
    return None


def _verdict(passed: int, failed: int, target: Callable[..., Any]) -> None:
    if failed == 0:
        print(GREEN, "All tests passed.")
        return
    print(GREEN, passed, " Tests passed")
    print(RED, failed, " Tests failed")
    raise AssertionError(
        f"Not all tests were passed for {target.__name__}. Check your equations and avoid "
        "using global variables inside the function."
    )


def single_test(test_cases: list[dict[str, Any]], target: Callable[..., Any], variant: str) -> None:
    """Call ``target`` afresh for each case and check its result; a failing case (or an
    exception) prints ``Error: <error>``."""
    failed = 0
    for case in test_cases:
        try:
            if case.get("do_before") is not None and variant == "planar":
                case["do_before"]()
            failure = _failure(case, target(*case["input"]), variant)
        except Exception:  # the learner's error: the case fails
            failure = f"Error: {case['error']}"
        if failure is not None:
            failed += 1
            print(failure)
    _verdict(len(test_cases) - failed, failed, target)


def multiple_test(
    test_cases: list[dict[str, Any]], target: Callable[..., Any], variant: str
) -> None:
    """Call ``target`` once per case; planar's copies the inputs and stops at once when
    the call raises."""
    failed = 0
    for case in test_cases:
        args = copy.deepcopy(case["input"]) if variant == "planar" else case["input"]
        try:
            got = target(*args)
        except Exception as exc:
            if variant == "planar":
                print(
                    BLACK,
                    "Error, interpreter failed when running test case with these inputs: "
                    + str(args),
                )
                raise AssertionError("Unable to successfully run test case.") from exc
            failure: str | None = f"Error: {case['error']}"
        else:
            failure = _failure(case, got, variant)
        if failure is not None:
            failed += 1
            print(failure)
    _verdict(len(test_cases) - failed, failed, target)


__all__ = ["VARIANTS", "multiple_test", "single_test"]
