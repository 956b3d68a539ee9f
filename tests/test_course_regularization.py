"""``neuronlab course regularization``: reg_utils, the test cases and the public tests of
lab 3.5 in every course version, and a learner's notebook run headless on them."""

from __future__ import annotations

import os
import time
import types
from pathlib import Path

import numpy as np
import pytest

from course_tools import kernel_or_skip, learner, load, run_notebook
from neuronlab.cli import main
from neuronlab.course import files

LAB = "regularization"
VERSIONS = ("2019", "2021", "2023")
CASES = {"2019": "testCases.py", "2021": "testCases.py", "2023": "test_cases.py"}
#: The pass line of the course's test runners.
PASSED = "\033[92m All tests passed.\n"

#: A learner's graded functions, correct (the lab's contracts, REFERENCE.md §5).
CORRECT = """
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    W1, W2, W3 = parameters["W1"], parameters["W2"], parameters["W3"]
    # the football labels are uint8: -Y would wrap around, -log(A3) * Y does not
    logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cross_entropy_cost = 1.0 / m * np.nansum(logprobs)
    L2_regularization_cost = lambd / (2 * m) * (
        np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
    return cross_entropy_cost + L2_regularization_cost


def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = np.dot(dZ3, A2.T) / m + lambd / m * W3
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    dW2 = np.dot(dZ2, A1.T) / m + lambd / m * W2
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    dW1 = np.dot(dZ1, X.T) / m + lambd / m * W1
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2,
            "db2": db2, "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    np.random.seed(1)
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    D1 = np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob
    A1 = A1 * D1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = np.maximum(0, Z2)
    D2 = np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob
    A2 = A2 * D2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = 1 / (1 + np.exp(-Z3))
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = np.dot(dZ3, A2.T) / m
    db3 = np.sum(dZ3, axis=1, keepdims=True) / m
    dA2 = np.dot(W3.T, dZ3) * D2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dA1 = np.dot(W2.T, dZ2) * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2,
            "db2": db2, "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
"""
#: The planted mistake: the L2 gradient term without the 1/m.
WRONG_FACTOR = ("dW2 = np.dot(dZ2, A1.T) / m + lambd / m * W2",
                "dW2 = np.dot(dZ2, A1.T) / m + lambd * W2")  # fmt: skip

#: The course's expected outputs (COURSE_FILES.md §4, regularization public tests).
COST = 1.7864859451590758
DW3 = [[-1.77691347, -0.11832879, -0.09397446]]
DW2 = [[0.79276486, 0.85133918], [-0.0957219, -0.01720463], [-0.13100772, -0.03750433]]
DW1 = [[-0.25604646, 0.12298827, -0.28297129], [-0.17706303, 0.34536094, -0.4410571]]
A3 = [[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]]
DA1 = [[0.36544439, 0.0, -0.00188233, 0.0, -0.17408748],
       [0.65515713, 0.0, -0.00337459, 0.0, -0.0]]  # fmt: skip
DA2 = [[0.58180856, 0.0, -0.00299679, 0.0, -0.27715731],
       [0.0, 0.53159854, -0.0, 0.53159854, -0.34089673],
       [0.0, 0.0, -0.00292733, 0.0, -0.0]]  # fmt: skip


def _written(tmp_path: Path, version: str, path: str) -> types.ModuleType:
    (f,) = [f for f in files(LAB, version) if f.path == path]
    target = tmp_path / version / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f.text(LAB, version))
    return load(target)


@pytest.fixture
def football() -> str:
    """NEURONLAB_DATA, or a skip when the football file is not in it."""
    shared = os.environ.get("NEURONLAB_DATA", "")
    if not shared or not (Path(shared) / "football" / "data.mat").is_file():
        pytest.skip("football/data.mat is not in NEURONLAB_DATA")
    return shared


# ------------------------------------------------------------------ the files
def test_the_files_of_each_version():
    paths = {v: [f.path for f in files(LAB, v)] for v in VERSIONS}
    assert paths["2019"] == ["reg_utils.py", "testCases.py", "datasets/data.mat"]
    assert paths["2021"] == ["reg_utils.py", "testCases.py", "public_tests.py", "datasets/data.mat"]
    assert paths["2023"] == [
        "reg_utils.py",
        "test_cases.py",
        "public_tests.py",
        "datasets/data.mat",
    ]
    utils = {v: files(LAB, v)[0].text(LAB, v) for v in VERSIONS}
    assert "def load_2D_dataset():" in utils["2021"]
    assert "def load_2D_dataset(test_size):" in utils["2023"]
    seterr = "np.seterr(divide='ignore', invalid='ignore')"  # as the course's 2023 file
    assert seterr in utils["2023"] and seterr not in utils["2021"]


def test_test_cases_give_the_course_expected_outputs(tmp_path):
    mine = learner(tmp_path, CORRECT)
    for version in VERSIONS:
        cases = _written(tmp_path, version, CASES[version])
        a3, Y, parameters = cases.compute_cost_with_regularization_test_case()
        assert a3.shape == (1, 5) and Y.tolist() == [[1, 1, 0, 1, 0]]
        cost = mine.compute_cost_with_regularization(a3, Y, parameters, lambd=0.1)
        assert np.isclose(cost, COST, rtol=0, atol=1e-12)
        grads = mine.backward_propagation_with_regularization(
            *cases.backward_propagation_with_regularization_test_case(), lambd=0.7
        )
        for key, expected in (("dW1", DW1), ("dW2", DW2), ("dW3", DW3)):
            assert np.allclose(grads[key], expected, rtol=0, atol=1e-8), key
        X, parameters = cases.forward_propagation_with_dropout_test_case()
        A3_got, _ = mine.forward_propagation_with_dropout(X, parameters, keep_prob=0.7)
        assert np.allclose(A3_got, A3, rtol=0, atol=1e-8)
        X, Y, cache = cases.backward_propagation_with_dropout_test_case()
        assert cache[1].dtype == bool and len(cache) == 14
        grads = mine.backward_propagation_with_dropout(X, Y, cache, keep_prob=0.8)
        assert np.allclose(grads["dA1"], DA1, rtol=0, atol=1e-8)
        assert np.allclose(grads["dA2"], DA2, rtol=0, atol=1e-8)


def test_test_cases_seed_the_global_stream_as_the_course(tmp_path):
    cases = _written(tmp_path, "2021", "testCases.py")
    np.random.seed(7)
    X, _, _ = cases.backward_propagation_with_regularization_test_case()
    after = np.random.rand()
    np.random.seed(1)
    assert np.array_equal(X, np.random.randn(3, 5)) and after == np.random.rand()


# ---------------------------------------------------------------- reg_utils
@pytest.mark.data
@pytest.mark.parametrize("version", VERSIONS)
def test_reg_utils_reads_the_copied_football_set(version, tmp_path, football, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = tmp_path / "nb"
    assert main(["course", LAB, str(folder), "--version", version, "--data-dir", football]) == 0
    monkeypatch.chdir(folder)
    monkeypatch.setenv("NEURONLAB_DATA", str(tmp_path / "nowhere"))  # only datasets/ here
    utils = load(folder / "reg_utils.py")
    plt.figure()
    if version == "2023":
        train_X, train_Y, test_X, test_Y = utils.load_2D_dataset(test_size=200)
        small = utils.load_2D_dataset(test_size=11)
        assert small[0].shape == (2, 400) and np.array_equal(small[2], test_X[:, -11:])
    else:
        train_X, train_Y, test_X, test_Y = utils.load_2D_dataset()
    assert train_X.shape == (2, 211) and train_Y.shape == (1, 211)
    assert test_X.shape == (2, 200) and test_Y.shape == (1, 200)
    assert int(train_Y.sum()) == 106 and int(test_Y.sum()) == 87
    assert plt.gca().collections  # the training set, scattered
    plt.close("all")


def test_a_missing_football_set_says_where_it_looked_and_what_to_run(
    tmp_path, no_data, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    utils = _written(tmp_path, "2021", "reg_utils.py")
    with pytest.raises(FileNotFoundError, match=r"datasets/data.mat.*neuronlab course regular"):
        utils.load_2D_dataset()


def test_reg_utils_helpers_are_the_labs(tmp_path, capsys, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    utils = _written(tmp_path, "2023", "reg_utils.py")
    np.random.seed(0)
    X, Y = np.random.randn(2, 30), (np.random.rand(1, 30) > 0.5).astype(int)
    parameters = utils.initialize_parameters([2, 20, 3, 1])
    np.random.seed(3)
    assert np.array_equal(parameters["W1"], np.random.randn(20, 2) / np.sqrt(2))
    a3, cache = utils.forward_propagation(X, parameters)
    assert a3.shape == (1, 30) and len(cache) == 12 and np.array_equal(cache[9], a3)
    cost = utils.compute_cost(a3, Y)
    assert np.isclose(cost, np.mean(-Y * np.log(a3) - (1 - Y) * np.log(1 - a3)))
    grads = utils.backward_propagation(X, Y, cache)
    assert set(grads) == {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1",
                          "dW1", "db1"}  # fmt: skip
    assert np.allclose(grads["db3"], np.mean(a3 - Y, axis=1, keepdims=True))
    new = utils.update_parameters(parameters, grads, 0.1)
    assert np.allclose(new["W3"], parameters["W3"] - 0.1 * grads["dW3"])
    p = utils.predict(X, Y, parameters)
    assert capsys.readouterr().out == f"Accuracy: {np.mean(p[0] == Y[0])}\n"
    assert np.array_equal(utils.predict_dec(parameters, X), a3 > 0.5)
    assert np.array_equal(utils.relu(np.array([-1.0, 2.0])), [0.0, 2.0])
    shown = []
    monkeypatch.setattr(plt, "show", lambda: shown.append(True))
    plt.figure()
    utils.plot_decision_boundary(lambda x: utils.predict_dec(parameters, x.T), X, Y)
    assert shown and plt.gca().collections
    plt.close("all")


# ------------------------------------------------------------------ public tests
@pytest.mark.parametrize("version", ("2021", "2023"))
def test_public_tests_pass_a_correct_function_with_the_runners_line(version, tmp_path, capsys):
    tests = _written(tmp_path, version, "public_tests.py")
    mine = learner(tmp_path, CORRECT)
    graded = ("compute_cost_with_regularization", "backward_propagation_with_regularization",
              "forward_propagation_with_dropout", "backward_propagation_with_dropout")  # fmt: skip
    for name in graded:
        getattr(tests, f"{name}_test")(getattr(mine, name))
        assert capsys.readouterr().out == PASSED, name


def test_public_test_fails_a_planted_mistake_with_the_diagnosis(tmp_path, capsys):
    tests = _written(tmp_path, "2021", "public_tests.py")
    mine = learner(tmp_path, CORRECT.replace(*WRONG_FACTOR), "wrong")
    with pytest.raises(AssertionError, match="backward_propagation_with_regularization"):
        tests.backward_propagation_with_regularization_test(
            mine.backward_propagation_with_regularization
        )
    out = capsys.readouterr().out
    assert "l2-factor" in out and "dW2" in out and "All tests passed" not in out


# ------------------------------------------------ a learner's notebook, run headless
def _imports(version: str) -> str:
    """The notebook's first cell (COURSE_FILES.md §1)."""
    magics = "%matplotlib inline"
    if version == "2023":
        modules = "from reg_utils import *\nfrom test_cases import *\nfrom public_tests import *"
    else:
        modules = (
            "import sklearn\nimport sklearn.datasets\nimport scipy.io\n"
            "from reg_utils import sigmoid, relu, plot_decision_boundary, initialize_parameters, "
            "load_2D_dataset, predict_dec\n"
            "from reg_utils import compute_cost, predict, forward_propagation, "
            "backward_propagation, update_parameters\n"
            "from testCases import *"
        )
    if version == "2021":
        modules += "\nfrom public_tests import *"
    if version != "2019":
        magics += "\n%load_ext autoreload\n%autoreload 2"
    return (
        "import numpy as np\nimport matplotlib.pyplot as plt\n"
        f"{modules}\n\n{magics}\nplt.rcParams['figure.figsize'] = (7.0, 4.0)"
    )


MODEL = """def model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0,
          keep_prob=1):
    grads = {}
    costs = []
    layers_dims = [X.shape[0], 20, 3, 1]
    parameters = initialize_parameters(layers_dims)
    for i in range(0, num_iterations):
        if keep_prob == 1:
            a3, cache = forward_propagation(X, parameters)
        elif keep_prob < 1:
            a3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)
        if lambd == 0:
            cost = compute_cost(a3, Y)
        else:
            cost = compute_cost_with_regularization(a3, Y, parameters, lambd)
        assert lambd == 0 or keep_prob == 1
        if lambd == 0 and keep_prob == 1:
            grads = backward_propagation(X, Y, cache)
        elif lambd != 0:
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        elif keep_prob < 1:
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 10000 == 0:
            print("Cost after iteration {}: {}".format(i, cost))
        if print_cost and i % 1000 == 0:
            costs.append(cost)
    plt.plot(costs)
    plt.ylabel('cost')
    plt.xlabel('iterations (x1,000)')
    plt.title("Learning rate =" + str(learning_rate))
    plt.show()
    return parameters"""

#: Iterations of each training run in the notebook (the course's 30000 take minutes here;
#: the cost printed at iteration 0 is the published one whatever the count).
ITERATIONS = 100


def _run(title: str, call: str) -> list[str]:
    return [
        f"parameters = {call}\nprint('On the training set:')\n"
        "predictions_train = predict(train_X, train_Y, parameters)\n"
        "print('On the test set:')\npredictions_test = predict(test_X, test_Y, parameters)",
        f"plt.title({title!r})\naxes = plt.gca()\naxes.set_xlim([-0.75, 0.40])\n"
        "axes.set_ylim([-0.75, 0.65])\n"
        "plot_decision_boundary(lambda x: predict_dec(parameters, x.T), train_X, train_Y)",
    ]


def _cell(code: str, name: str) -> str:
    """The source of the learner's function ``name`` in ``code``."""
    start = code.index(f"def {name}(")
    end = code.find("\n\n\ndef ", start)
    return code[start : end if end != -1 else None].strip()


def notebook(version: str, code: str = CORRECT) -> list[str]:
    """The lab's notebook as a learner fills it in, in the course's order."""
    test = version != "2019"
    load = "load_2D_dataset(test_size=200)" if version == "2023" else "load_2D_dataset()"
    return [
        _imports(version),
        f"train_X, train_Y, test_X, test_Y = {load}",
        MODEL,
        *_run("Model without regularization",
              f"model(train_X, train_Y, num_iterations={ITERATIONS})"),
        _cell(code, "compute_cost_with_regularization"),
        "A3, t_Y, parameters = compute_cost_with_regularization_test_case()\n"
        "cost = compute_cost_with_regularization(A3, t_Y, parameters, lambd=0.1)\n"
        'print("cost = " + str(cost))'
        + ("\ncompute_cost_with_regularization_test(compute_cost_with_regularization)"
           if test else ""),
        _cell(code, "backward_propagation_with_regularization"),
        "t_X, t_Y, cache = backward_propagation_with_regularization_test_case()\n"
        "grads = backward_propagation_with_regularization(t_X, t_Y, cache, lambd=0.7)\n"
        'print("dW1 = \\n" + str(grads["dW1"]))\nprint("dW2 = \\n" + str(grads["dW2"]))\n'
        'print("dW3 = \\n" + str(grads["dW3"]))'
        + ("\nbackward_propagation_with_regularization_test("
           "backward_propagation_with_regularization)" if test else ""),
        *_run("Model with L2-regularization",
              f"model(train_X, train_Y, lambd=0.7, num_iterations={ITERATIONS})"),
        _cell(code, "forward_propagation_with_dropout"),
        "t_X, parameters = forward_propagation_with_dropout_test_case()\n"
        "A3, cache = forward_propagation_with_dropout(t_X, parameters, keep_prob=0.7)\n"
        'print("A3 = " + str(A3))'
        + ("\nforward_propagation_with_dropout_test(forward_propagation_with_dropout)"
           if test else ""),
        _cell(code, "backward_propagation_with_dropout"),
        "t_X, t_Y, cache = backward_propagation_with_dropout_test_case()\n"
        "gradients = backward_propagation_with_dropout(t_X, t_Y, cache, keep_prob=0.8)\n"
        'print("dA1 = \\n" + str(gradients["dA1"]))\nprint("dA2 = \\n" + str(gradients["dA2"]))'
        + ("\nbackward_propagation_with_dropout_test(backward_propagation_with_dropout)"
           if test else ""),
        *_run("Model with dropout",
              f"model(train_X, train_Y, keep_prob=0.86, learning_rate=0.3, "
              f"num_iterations={ITERATIONS})"),
    ]  # fmt: skip


NAMES = {"2019": "Regularization_v2a", "2021": "Regularization", "2023": "a2_regularization"}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _array(rows: list[list[float]]) -> str:
    """How ``str()`` prints the course's expected array, whitespace flattened."""
    return _flat(str(np.array(rows)))


@pytest.mark.slow
@pytest.mark.data
@pytest.mark.parametrize("version", VERSIONS)
def test_a_learners_notebook_runs_headless_in_a_prepared_folder(version, tmp_path, football):
    kernel_or_skip()
    folder = tmp_path / "lab"
    start = time.perf_counter()
    assert main(["course", LAB, str(folder), "--version", version, "--data-dir", football]) == 0
    prepared = time.perf_counter()
    cells = notebook(version)
    texts, error = run_notebook(folder, cells, NAMES[version])
    ran = time.perf_counter() - prepared
    print(f"{version}: folder {prepared - start:.2f} s, notebook {ran:.1f} s")
    assert error is None, error
    # the published cost of the plain run at iteration 0 (REFERENCE.md §5)
    assert "Cost after iteration 0: 0.6557412523481002" in texts[3]
    assert "Cost after iteration 0: 0.6974484493131264" in texts[9]
    assert "Cost after iteration 0: 0.6543912405149825" in texts[15]
    assert texts[3].count("Accuracy: ") == 2
    checks = {
        6: [f"cost = {COST}"],
        8: [f"dW1 = {_array(DW1)}", f"dW2 = {_array(DW2)}", f"dW3 = {_array(DW3)}"],
        12: [f"A3 = {_array(A3)}"],
        14: [f"dA1 = {_array(DA1)}", f"dA2 = {_array(DA2)}"],
    }
    for i, expected in checks.items():
        for line in expected:
            assert line in _flat(texts[i]), (cells[i], texts[i])
        if version != "2019":
            assert texts[i].endswith(PASSED), (cells[i], texts[i])


@pytest.mark.slow
@pytest.mark.data
def test_a_planted_mistake_stops_the_notebook_at_its_test_cell(tmp_path, football):
    kernel_or_skip()
    folder = tmp_path / "lab"
    assert main(["course", LAB, str(folder), "--version", "2023", "--data-dir", football]) == 0
    cells = notebook("2023", CORRECT.replace(*WRONG_FACTOR))
    texts, error = run_notebook(folder, cells, NAMES["2023"])
    assert error is not None and "AssertionError" in error
    assert "backward_propagation_with_regularization" in error
    assert texts[6].endswith(PASSED)  # the cost's test passed before it
    assert "l2-factor" in texts[8] and "All tests passed" not in texts[8]
    assert texts[9:] == [""] * (len(cells) - 9)  # nothing after it ran
