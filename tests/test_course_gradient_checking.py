"""``neuronlab course gradient_checking``: ``gc_utils.py``, the test case and the public
tests, and a learner's notebook of each course version run headless in a prepared folder."""

from __future__ import annotations

import types
from pathlib import Path

import numpy as np
import pytest

from course_tools import kernel_or_skip, learner, learner_defs, load, prepared, run_notebook
from neuronlab.course import files

RUNNERS_PASSED = "\033[92m All tests passed.\n"
LAB = "gradient_checking"
#: The course's differences on its test case: with the two planted bugs, and without.
BUGGED, FIXED = 0.2850931567761623, 1.1890913024229996e-07


def _written(tmp_path: Path, version: str, path: str) -> types.ModuleType:
    (f,) = [f for f in files(LAB, version) if f.path == path]
    target = tmp_path / version / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f.text(LAB, version))
    return load(target)


def test_the_files_of_each_version():
    paths = {v: [f.path for f in files(LAB, v)] for v in ("2019", "2021", "2023")}
    assert paths == {
        "2019": ["gc_utils.py", "testCases.py"],
        "2021": ["gc_utils.py", "testCases.py", "public_tests.py"],
        "2023": ["gc_utils.py", "test_cases.py", "public_tests.py"],
    }


def test_the_test_case_is_the_courses_and_leaves_its_stream(tmp_path):
    cases = _written(tmp_path, "2023", "test_cases.py")
    np.random.seed(1)  # the course's recipe (COURSE_FILES.md §4), on the global stream
    x = np.random.randn(4, 3)
    shapes = [(5, 4), (5, 1), (3, 5), (3, 1), (1, 3), (1, 1)]
    expected = {k: np.random.randn(*s) for k, s in zip(["W1", "b1", "W2", "b2", "W3", "b3"],
                                                        shapes)}  # fmt: skip
    state = np.random.get_state()
    np.random.seed(9)
    got_x, got_y, parameters = cases.gradient_check_n_test_case()
    assert all(np.array_equal(a, b) for a, b in zip(np.random.get_state(), state))
    assert np.array_equal(got_x, x) and got_y.tolist() == [1, 1, 0]
    assert list(parameters) == list(expected)
    assert all(np.array_equal(parameters[k], expected[k]) for k in expected)


def test_gc_utils_vectors(tmp_path):
    utils = _written(tmp_path, "2021", "gc_utils.py")
    cases = _written(tmp_path, "2021", "testCases.py")
    _, _, parameters = cases.gradient_check_n_test_case()
    theta, keys = utils.dictionary_to_vector(parameters)
    assert theta.shape == (47, 1) and keys[:21] == ["W1"] * 20 + ["b1"] and len(keys) == 47
    assert np.array_equal(theta[:20, 0], parameters["W1"].ravel())
    back = utils.vector_to_dictionary(theta)
    assert all(np.array_equal(back[k], parameters[k]) for k in parameters)
    grads = {f"d{k}": v for k, v in parameters.items()}
    assert np.array_equal(utils.gradients_to_vector(grads), theta)
    assert utils.relu(np.array([-2.0, 3.0])).tolist() == [0.0, 3.0]
    assert np.allclose(utils.sigmoid(np.array([0.0])), [0.5])


def _fixed(code: str) -> str:
    """The notebook's backward_propagation_n with its two planted bugs fixed."""
    out = code.replace("np.dot(dZ2, A1.T) * 2", "np.dot(dZ2, A1.T)").replace("4.0 / m", "1.0 / m")
    assert out.count("1.0 / m") == code.count("1.0 / m") + 1 and "* 2\n" not in out
    return out


def test_a_correct_learner_gives_the_courses_differences_on_its_test_case(tmp_path, monkeypatch):
    folder = tmp_path / "2021"
    _written(tmp_path, "2021", "gc_utils.py")
    cases = _written(tmp_path, "2021", "testCases.py")
    monkeypatch.syspath_prepend(str(folder))
    code = "from gc_utils import *\n\n" + learner_defs(
        LAB, "forward_propagation_n", "backward_propagation_n", "gradient_check_n")  # fmt: skip
    for mine, expected in ((learner(tmp_path, code), BUGGED),
                           (learner(tmp_path, _fixed(code), "fixed"), FIXED)):  # fmt: skip
        X, Y, parameters = cases.gradient_check_n_test_case()
        cost, cache = mine.forward_propagation_n(X, Y, parameters)
        gradients = mine.backward_propagation_n(X, Y, cache)
        difference = mine.gradient_check_n(parameters, gradients, X, Y, 1e-7)
        assert not isinstance(difference, np.ndarray)
        assert difference == pytest.approx(expected, rel=1e-6)


def test_public_tests_pass_correct_functions_and_fail_a_planted_mistake(tmp_path, capsys):
    tests = _written(tmp_path, "2023", "public_tests.py")
    names = ("forward_propagation", "backward_propagation", "gradient_check")
    mine = learner(tmp_path, learner_defs(LAB, *names))
    for name in names:
        getattr(tests, f"{name}_test")(getattr(mine, name))
    sigmoid = "def sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n\n\n"
    planar = learner(tmp_path, sigmoid + learner_defs("planar", "forward_propagation", "predict"),
                     "planar")  # fmt: skip
    tests.predict_test(planar.predict)
    assert capsys.readouterr().out == RUNNERS_PASSED * 4
    wrong = learner_defs(LAB, "forward_propagation", "backward_propagation", "gradient_check")
    wrong = wrong.replace("/ (2 * epsilon)", "/ epsilon")
    with pytest.raises(AssertionError, match="gradient_check"):
        tests.gradient_check_test(learner(tmp_path, wrong, "wrong").gradient_check)
    out = capsys.readouterr().out
    assert "gradcheck-formula" in out and "All tests passed" not in out


# ------------------------------------------------ a learner's notebook, run headless
NOTEBOOK = {"2019": "Gradient Checking v1", "2021": "Gradient_Checking",
            "2023": "a3_gradient_checking"}  # fmt: skip
#: The 1-D check's published difference: the 2019/2021 notebook checks x = 2, θ = 4,
#: the 2023 one x = 3, θ = 4.
ONE_D = {"2019": (2, 2.919335883291695e-10), "2021": (2, 2.919335883291695e-10),
         "2023": (3, 7.814075313343006e-11)}  # fmt: skip


def _imports(version: str) -> str:
    if version == "2023":
        return """import numpy as np
from gc_utils import *
from test_cases import *
from public_tests import *

%load_ext autoreload
%autoreload 2"""
    tests = "" if version == "2019" else "from public_tests import *\n"
    magic = "" if version == "2019" else "%load_ext autoreload\n%autoreload 2"
    return f"""import numpy as np
from testCases import *
{tests}from gc_utils import sigmoid, relu, dictionary_to_vector, vector_to_dictionary, \\
    gradients_to_vector

{magic}"""


def _cells(version: str) -> list[str]:
    x, _ = ONE_D[version]

    def test(name: str) -> str:
        return "" if version == "2019" else f"\n{name}_test({name})"

    return [
        _imports(version),
        learner_defs(LAB, "forward_propagation"),
        f'x, theta = {x}, 4\nJ = forward_propagation(x, theta)\nprint("J = " + str(J))'
        + test("forward_propagation"),
        learner_defs(LAB, "backward_propagation"),
        f'x, theta = {x}, 4\ndtheta = backward_propagation(x, theta)\nprint("dtheta = " + '
        "str(dtheta))" + test("backward_propagation"),
        learner_defs(LAB, "gradient_check"),
        f"x, theta = {x}, 4\ndifference = gradient_check(x, theta, print_msg=True)"
        + test("gradient_check"),
        learner_defs(LAB, "forward_propagation_n", "backward_propagation_n"),
        learner_defs(LAB, "gradient_check_n"),
        f"""X, Y, parameters = gradient_check_n_test_case()
cost, cache = forward_propagation_n(X, Y, parameters)
gradients = backward_propagation_n(X, Y, cache)
difference = gradient_check_n(parameters, gradients, X, Y, 1e-7, True)
expected_values = [{BUGGED!r}, {FIXED!r}]
assert not (type(difference) == np.ndarray), "You are not using np.linalg.norm"
assert np.any(np.isclose(difference, expected_values)), "Not one of the expected values"
""",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("version", sorted(NOTEBOOK))
def test_a_learners_notebook_runs_headless_in_a_prepared_folder(version, tmp_path, no_data):
    kernel_or_skip()
    folder = prepared(tmp_path, LAB, version)
    texts, error = run_notebook(folder, _cells(version), NOTEBOOK[version])
    assert error is None, error
    passed = "" if version == "2019" else RUNNERS_PASSED
    x, difference = ONE_D[version]
    assert texts[2] == f"J = {4 * x}\n" + passed
    assert texts[4] == f"dtheta = {x}\n" + passed
    fine = "Your backward propagation works perfectly fine! difference = "
    assert texts[6] == f"{fine}{difference}\n" + passed
    assert texts[9] == f"There is a mistake in the backward propagation! difference = {BUGGED}\n"


@pytest.mark.slow
def test_a_planted_mistake_stops_the_notebook_at_its_test_cell(tmp_path, no_data):
    kernel_or_skip()
    folder = prepared(tmp_path, LAB, "2021")
    cells = _cells("2021")
    cells[5] = cells[5].replace("/ (2 * epsilon)", "/ epsilon")
    assert "/ epsilon" in cells[5]
    texts, error = run_notebook(folder, cells, NOTEBOOK["2021"])
    assert error is not None and "AssertionError" in error and "gradient_check" in error
    assert "gradcheck-formula" in texts[6] and "All tests passed" not in texts[6]
    assert texts[4].endswith(RUNNERS_PASSED)
    assert texts[7:] == [""] * 3
