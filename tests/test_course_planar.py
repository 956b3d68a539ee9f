"""``neuronlab course planar`` (lab 3.2): a learner's notebook of each course version run
headless in a folder the command prepared — the version's imports, the graded cells filled
with a learner's correct functions, the test cells of that version, the flower trained —
prints the published numbers, and a planted mistake stops it at its test cell."""

from __future__ import annotations

import re
import types
from pathlib import Path

import numpy as np
import pytest

from course_tools import kernel_or_skip, learner_defs, load, prepared, run_notebook
from neuronlab.labs import planar

LAB = "planar"
NOTEBOOK = {
    "2019": "Planar_data_classification_with_onehidden_layer_v6c",
    "2021": "Planar_data_classification_with_one_hidden_layer",
    "2023": "a1_planar_data_classification_with_one_hidden_layer",  # any name: a learner's own
}
CASES = {"2019": "testCases_v2", "2021": "testCases_v2", "2023": "test_cases"}
#: The pass line of the lab's public tests (COURSE_FILES §4: plain asserts, no runner).
PASSED = "\033[92mAll tests passed!\n"

# The published numbers (COURSE_FILES.md §4, REFERENCE.md §2).
#: initialize_parameters(2, 4, 1) after seed 2: the small weights of the test cases.
SMALL_W1 = [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271],
            [-0.01793436, -0.00841747], [0.00502881, -0.01245288]]  # fmt: skip
SMALL_W2 = [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]
A2 = [[0.21292656, 0.21274673, 0.21295976]]
#: update_parameters on the update test case (lr 1.2).
UPDATED = {
    "W1": [[-0.00643025, 0.01936718], [-0.02410458, 0.03978052],
           [-0.01653973, -0.02096177], [0.01046864, -0.05990141]],
    "b1": [[-1.02420756e-06], [1.27373948e-05], [8.32996807e-07], [-3.20136836e-06]],
    "W2": [[-0.01041081, -0.04463285, 0.01758031, 0.04747113]],
    "b2": [[0.00010457]],
}  # fmt: skip
#: nn_model on the version's test case (2021: three examples, 2023: four).
TRAINED = {
    "2021": {
        "W1": [[0.56305445, -1.03925886], [0.7345426, -1.36286875],
               [-0.72533346, 1.33753027], [0.74757629, -1.38274074]],
        "b1": [[-0.22240654], [-0.34662093], [0.33663708], [-0.35296113]],
        "W2": [[1.82196893, 3.09657075, -2.98193564, 3.19946508]],
        "b2": [[0.21344644]],
    },
    "2023": {
        "W1": [[0.71392202, 1.31281102], [-0.76411243, -1.41967065],
               [-0.75040545, -1.38857337], [0.56495575, 1.04857776]],
        "b1": [[-0.0073536], [0.01534663], [0.01262938], [0.00218135]],
        "W2": [[2.82545815, -3.3063945, -3.16116615, 1.8549574]],
        "b2": [[0.00393452]],
    },
}  # fmt: skip
#: The headline run's costs every 1000 iterations (2021+; seed 3 in nn_model).
COSTS = [0.693162, 0.258625, 0.239334, 0.230802, 0.225528, 0.221845, 0.219094, 0.220639,
         0.219403, 0.218483]  # fmt: skip
#: 2019's initialize_parameters seeded 2 inside: its curve starts here.
FIRST_COST_2019 = 0.693048
ACCURACY = 90.75
BASELINE = 47  # LogisticRegressionCV on the flower, percent


# ------------------------------------------------ a learner's notebook, run headless
def _imports(version: str) -> str:
    if version == "2023":
        return """import numpy as np
import copy
import matplotlib.pyplot as plt
from sklearn.linear_model import LogisticRegression
from planar_utils import *
from test_cases import *
from public_tests import *

%matplotlib inline
%load_ext autoreload
%autoreload 2

np.random.seed(1)"""
    copy = "" if version == "2019" else "import copy\n"
    tests = "" if version == "2019" else "from public_tests import *\n"
    magic = "" if version == "2019" else "%load_ext autoreload\n%autoreload 2\n"
    return f"""import numpy as np
{copy}import matplotlib.pyplot as plt
from testCases_v2 import *
{tests}import sklearn
import sklearn.datasets
import sklearn.linear_model
from planar_utils import plot_decision_boundary, sigmoid, load_planar_dataset, \\
    load_extra_datasets

%matplotlib inline
{magic}
np.random.seed(1)"""


#: 2019's graded functions where they differ from the learner's (2021+) ones: the
#: weights seeded inside, the cost given the parameters too (COURSE_FILES §1), and no
#: ``copy`` imported (the update need not leave its input alone).
EDITS_2019 = {
    "initialize_parameters": ("    W1 = np.random.randn",
                              "    np.random.seed(2)\n    W1 = np.random.randn"),
    "compute_cost": ("def compute_cost(A2, Y):", "def compute_cost(A2, Y, parameters):"),
    "nn_model": ("compute_cost(A2, Y)", "compute_cost(A2, Y, parameters)"),
    "update_parameters": ("copy.deepcopy(parameters[", "(parameters["),
}  # fmt: skip


def _graded(version: str, name: str) -> str:
    code = learner_defs(LAB, name)
    if version == "2019" and name in EDITS_2019:
        old, new = EDITS_2019[name]
        assert old in code, (name, old)
        code = code.replace(old, new)
        assert "copy." not in code
    return code


def _cells(version: str) -> list[str]:
    """The notebook in the course's layout: data, the logistic-regression baseline, each
    graded function and its test cell, then the headline run on the flower."""

    def test(name: str) -> str:
        return "" if version == "2019" else f"\n{name}_test({name})"

    def show(var: str) -> str:
        return "".join(f'\nprint("{k} = " + str({var}["{k}"]))' for k in ("W1", "b1", "W2", "b2"))

    shapes = """shape_X = X.shape
shape_Y = Y.shape
m = X.shape[1]
print("The shape of X is: " + str(shape_X))
print("The shape of Y is: " + str(shape_Y))
print("I have m = %d training examples!" % (m))"""
    baseline = ("LogisticRegression()" if version == "2023"
                else "sklearn.linear_model.LogisticRegressionCV()")  # fmt: skip
    cost_args = "t_A2, t_Y, t_parameters" if version == "2019" else "t_A2, t_Y"
    if version == "2019":
        nn_model = ("t_X, t_Y = nn_model_test_case()\n"
                    "parameters = nn_model(t_X, t_Y, 4, num_iterations=10000, print_cost=True)"
                    + show("parameters"))  # fmt: skip
    else:
        nn_model = "nn_model_test(nn_model)"
    return [
        _imports(version),
        "X, Y = load_planar_dataset()",
        "plt.scatter(X[0, :], X[1, :], c=Y.ravel(), s=40, cmap=plt.cm.Spectral)",
        shapes + ("\ndataset_test(shape_X, shape_Y, m)" if version == "2023" else ""),
        f"""clf = {baseline}
clf.fit(X.T, Y.T.ravel())
plot_decision_boundary(lambda x: clf.predict(x), X, Y)
plt.title("Logistic Regression")
LR_predictions = clf.predict(X.T)
print("Accuracy of logistic regression: %d %% (percentage of correctly labelled datapoints)"
      % (100 * np.mean(LR_predictions == Y.ravel())))""",
        _graded(version, "layer_sizes"),
        """t_X, t_Y = layer_sizes_test_case()
(n_x, n_h, n_y) = layer_sizes(t_X, t_Y)
print("The size of the input layer is: n_x = " + str(n_x))
print("The size of the hidden layer is: n_h = " + str(n_h))
print("The size of the output layer is: n_y = " + str(n_y))"""
        + test("layer_sizes"),
        _graded(version, "initialize_parameters"),
        ("" if version == "2019" else "np.random.seed(2)\n")
        + "n_x, n_h, n_y = initialize_parameters_test_case()\n"
        "parameters = initialize_parameters(n_x, n_h, n_y)"
        + show("parameters")
        + test("initialize_parameters"),
        _graded(version, "forward_propagation"),
        "t_X, t_parameters = forward_propagation_test_case()\n"
        "A2, cache = forward_propagation(t_X, t_parameters)\n"
        'print("A2 = " + str(A2))' + test("forward_propagation"),
        _graded(version, "compute_cost"),
        f"{cost_args} = compute_cost_test_case()\n"
        f'cost = compute_cost({cost_args})\nprint("cost = " + str(cost))' + test("compute_cost"),
        _graded(version, "backward_propagation"),
        "t_parameters, cache, t_X, t_Y = backward_propagation_test_case()\n"
        "grads = backward_propagation(t_parameters, cache, t_X, t_Y)"
        + "".join(f'\nprint("{k} = " + str(grads["{k}"]))' for k in ("dW1", "db1", "dW2", "db2"))
        + test("backward_propagation"),
        _graded(version, "update_parameters"),
        "t_parameters, grads = update_parameters_test_case()\n"
        "parameters = update_parameters(t_parameters, grads)"
        + show("parameters")
        + test("update_parameters"),
        _graded(version, "nn_model"),
        nn_model,
        _graded(version, "predict"),
        "t_parameters, t_X = predict_test_case()\n"
        "predictions = predict(t_parameters, t_X)\n"
        'print("Predictions: " + str(predictions))' + test("predict"),
        """parameters = nn_model(X, Y, n_h=4, num_iterations=10000, print_cost=True)
plot_decision_boundary(lambda x: predict(parameters, x.T), X, Y)
plt.title("Decision Boundary for hidden layer size " + str(4))""",
        """predictions = predict(parameters, X)
print("Accuracy: " + str(100 * np.mean(predictions == Y)) + " %")""",
    ]


def _at(cells: list[str], fragment: str) -> int:
    """The index of the one cell that holds ``fragment``."""
    (i,) = [i for i, c in enumerate(cells) if fragment in c]
    return i


#: A decimal number as NumPy and Python print it (``0.``, ``-1.23``, ``1e-05``).
_NUMBER = re.compile(r"-?\d+\.\d*(?:e[-+]\d+)?")


def _printed(text: str) -> dict[str, tuple[str, np.ndarray]]:
    """What a cell printed as ``name = value`` (an array may span lines): each name's
    brackets (the array's shape as NumPy prints it) and decimal numbers, in order."""
    parts = re.split(r"^(\w+) = ", re.sub(r"\033\[\d+m", "", text), flags=re.M)
    return {
        name: (_brackets(value), np.array([float(x) for x in _NUMBER.findall(value)]))
        for name, value in zip(parts[1::2], parts[2::2])
    }


def _brackets(text: str) -> str:
    return "".join(c for c in text if c in "[]")


def _assert_printed(text: str, expected: dict, atol: float = 1e-8) -> None:
    """``text`` prints ``expected``'s arrays (or numbers), in its order, with their shapes,
    to within ``atol`` (NumPy prints 8 decimals)."""
    got = _printed(text)
    assert list(got) == list(expected), text
    for name, value in expected.items():
        value = np.asarray(value, dtype=float)
        brackets, numbers = got[name]
        assert brackets == _brackets(str(value)), (name, text)
        assert numbers.shape == (value.size,), (name, text)
        assert np.allclose(numbers, value.ravel(), rtol=0, atol=atol), (name, text)


def _costs(text: str) -> dict[int, float]:
    return {int(i): float(c) for i, c in re.findall(r"Cost after iteration (\d+): (\S+)", text)}


def _case(folder: Path, version: str, name: str) -> tuple:
    """The version's test case ``name`` as its written module gives it (in this process)."""
    cases: types.ModuleType = load(folder / f"{CASES[version]}.py")
    return getattr(cases, name)()


def _unpublished(folder: Path, version: str) -> dict[str, dict]:
    """What the lab facade gives on the test cases whose results the course prints but
    COURSE_FILES does not publish: the cost, the gradients, 2019's trained weights."""
    case = _case(folder, version, "compute_cost_test_case")
    cost = planar.compute_cost(case[0], case[1])
    grads = planar.backward_propagation(*_case(folder, version, "backward_propagation_test_case"))
    expected = {"cost": {"cost": cost},
                "grads": {k: grads[k] for k in ("dW1", "db1", "dW2", "db2")}}  # fmt: skip
    if version == "2019":  # weights seeded 2 inside initialize_parameters
        X, Y = _case(folder, version, "nn_model_test_case")
        net, _ = planar.train(X, Y, seed=2, num_iterations=10000, check_labels=False)
        expected["trained"] = net.parameters
    return expected


@pytest.mark.slow
@pytest.mark.parametrize("version", sorted(NOTEBOOK))
def test_a_learners_notebook_runs_headless_in_a_prepared_folder(version, tmp_path, no_data):
    kernel_or_skip()
    folder = prepared(tmp_path, LAB, version)
    cells = _cells(version)
    texts, error = run_notebook(folder, cells, NOTEBOOK[version])
    assert error is None, error
    unpublished = _unpublished(folder, version)

    def out(fragment: str) -> str:
        return texts[_at(cells, fragment)]

    passes = [i for i, c in enumerate(cells) if re.search(r"^\w+_test\(", c, re.M)]
    assert len(passes) == {"2019": 0, "2021": 8, "2023": 9}[version]
    for i, text in enumerate(texts):
        assert text.count(PASSED) == (1 if i in passes else 0), (cells[i], text)
        if i in passes:
            assert text.endswith(PASSED), (cells[i], text)
    assert out("shape_X = X.shape").startswith(
        "The shape of X is: (2, 400)\nThe shape of Y is: (1, 400)\nI have m = 400 training "
        "examples!\n"
    )
    if version != "2023":  # the published baseline is LogisticRegressionCV's
        assert f"Accuracy of logistic regression: {BASELINE} % " in out("clf.fit(")
    assert out("layer_sizes_test_case()").startswith(
        "The size of the input layer is: n_x = 5\nThe size of the hidden layer is: n_h = 4\n"
        "The size of the output layer is: n_y = 2\n"
    )
    small = {"W1": SMALL_W1, "b1": np.zeros((4, 1)), "W2": SMALL_W2, "b2": [[0.0]]}
    _assert_printed(out("initialize_parameters_test_case()"), small)
    _assert_printed(out("forward_propagation_test_case()"), {"A2": A2})
    _assert_printed(out("compute_cost_test_case()"), unpublished["cost"], atol=1e-12)
    _assert_printed(out("backward_propagation_test_case()"), unpublished["grads"])
    _assert_printed(out("update_parameters_test_case()"), UPDATED)
    trained = out("nn_model_test_case()" if version == "2019" else "nn_model_test(")
    weights = trained.split("W1 = ")[1]
    _assert_printed("W1 = " + weights, unpublished["trained"] if version == "2019"
                    else TRAINED[version])  # fmt: skip
    assert sorted(_costs(trained)) == list(range(0, 10000, 1000))
    assert out("predict_test_case()").startswith("Predictions: [[ True False  True]]\n")

    costs = _costs(out("num_iterations=10000, print_cost=True)\nplot_decision_boundary"))
    assert sorted(costs) == list(range(0, 10000, 1000))
    if version == "2019":
        assert costs[0] == FIRST_COST_2019
    else:  # 6 decimals up to 7000, then the run oscillates (REFERENCE §9: 1e-4)
        for i, published in zip(range(0, 10000, 1000), COSTS):
            assert abs(costs[i] - published) <= (1e-6 if i < 7000 else 1e-4), (i, costs[i])
    assert out("predictions = predict(parameters, X)") == f"Accuracy: {ACCURACY} %\n"


@pytest.mark.slow
def test_a_planted_mistake_stops_the_notebook_at_its_test_cell(tmp_path, no_data):
    kernel_or_skip()
    folder = prepared(tmp_path, LAB, "2023")
    cells = _cells("2023")
    # tanh′ taken from Z1 instead of A1 = tanh(Z1)
    at = _at(cells, "def backward_propagation(")
    cells[at] = cells[at].replace("(1 - np.power(A1, 2))", '(1 - np.power(cache["Z1"], 2))')
    assert 'cache["Z1"]' in cells[at]
    texts, error = run_notebook(folder, cells, NOTEBOOK["2023"])
    assert error is not None and "AssertionError" in error
    assert "Not all tests were passed for backward_propagation" in error
    test_cell = at + 1
    assert "backward_propagation_test(" in cells[test_cell]
    assert "activation-derivative" in texts[test_cell] and PASSED not in texts[test_cell]
    assert texts[test_cell - 2].endswith(PASSED)  # the cost's test before it passed
    assert texts[test_cell + 1 :] == [""] * (len(cells) - test_cell - 1)  # nothing after it ran
