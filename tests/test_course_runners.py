"""The course's test runners in ``test_utils.py`` (2021 planar, deep, deep_app): what a
folder needs when it holds the course's own ``public_tests.py``, which imports them."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from neuronlab.cli import main
from neuronlab.course.grading import RUNNER_PASSED
from neuronlab.course.runners import multiple_test, single_test


def _double(x):
    return {"y": 2 * x, "n": x.shape}


def _cases(expected_y):
    x = np.arange(3.0)
    return [
        {"name": "datatype_check", "input": [x], "expected": {"y": expected_y, "n": (3,)},
         "error": "wrong type"},
        {"name": "shape_check", "input": [x], "expected": {"y": expected_y, "n": (3,)},
         "error": "wrong shape"},
        {"name": "equation_output_check", "input": [x], "expected": {"y": expected_y, "n": (3,)},
         "error": "wrong values"},
    ]  # fmt: skip


@pytest.mark.parametrize("runner", [single_test, multiple_test])
@pytest.mark.parametrize("variant", ["planar", "deep"])
def test_a_right_function_gets_the_runners_pass_line(runner, variant, capsys):
    runner(_cases(np.array([0.0, 2.0, 4.0])), _double, variant)
    assert capsys.readouterr().out == RUNNER_PASSED + "\n"


@pytest.mark.parametrize("runner", [single_test, multiple_test])
def test_wrong_values_are_counted_and_raise_the_courses_error(runner, capsys):
    with pytest.raises(AssertionError, match="Not all tests were passed for _double. Check"):
        runner(_cases(np.array([0.0, 2.0, 5.0])), _double, "planar")
    out = capsys.readouterr().out.splitlines()
    assert out == ["Error: wrong values", "\033[92m 2  Tests passed", "\033[91m 1  Tests failed"]


def test_the_deep_variant_names_the_failing_entry(capsys):
    with pytest.raises(AssertionError):
        multiple_test(_cases(np.array([0.0, 2.0, 5.0])), _double, "deep")
    assert "Error: wrong values for variable y." in capsys.readouterr().out


def test_planars_multiple_test_copies_the_inputs_and_stops_on_an_exception(capsys):
    x = np.arange(3.0)

    def mutates(a):
        a[0] = 99.0
        return {"y": 2 * a, "n": a.shape}

    case = {"name": "datatype_check", "input": [x], "expected": {"y": x, "n": (3,)}, "error": "e"}
    multiple_test([case], mutates, "planar")
    assert x[0] == 0.0  # the case's own input is untouched
    with pytest.raises(AssertionError, match="Unable to successfully run test case."):
        multiple_test([case], lambda a: 1 / 0, "planar")
    assert "Error, interpreter failed when running test case" in capsys.readouterr().out


COURSE_STYLE_TESTS = """
import numpy as np
from test_utils import single_test, multiple_test


def layer_sizes_test(target):
    X = np.random.RandomState(1).randn(5, 3)
    Y = np.random.RandomState(1).randn(2, 3)
    expected = (5, 4, 2)
    cases = [
        {"name": "datatype_check", "input": [X, Y], "expected": expected, "error": "type"},
        {"name": "equation_output_check", "input": [X, Y], "expected": expected,
         "error": "Wrong output"},
    ]
    multiple_test(cases, target)
"""


@pytest.mark.parametrize("mistake", [False, True])
def test_the_courses_own_public_tests_run_on_the_written_runners(tmp_path, no_data, mistake):
    """A folder that keeps a course-style public_tests.py (one the learner brought) runs it
    on neuronlab's test_utils.py: it failed with ModuleNotFoundError before."""
    folder = tmp_path / "lab"
    folder.mkdir()
    (folder / "public_tests.py").write_text(COURSE_STYLE_TESTS)
    assert main(["course", "planar", str(folder), "--version", "2021"]) in (0, 1)
    assert (folder / "public_tests.py").read_text() == COURSE_STYLE_TESTS  # kept
    hidden = 3 if mistake else 4
    code = f"""
        from public_tests import layer_sizes_test
        def layer_sizes(X, Y):
            return (X.shape[0], {hidden}, Y.shape[0])
        layer_sizes_test(layer_sizes)
    """
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=folder,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    if mistake:
        assert run.returncode == 1 and "Not all tests were passed for layer_sizes" in run.stderr
        assert "Error: Wrong output" in run.stdout
    else:
        assert run.returncode == 0, run.stderr
        assert run.stdout == RUNNER_PASSED + "\n"
