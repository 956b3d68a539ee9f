"""``neuronlab course initialization``: ``init_utils.py`` and the public tests, and a
learner's notebook of each course version run headless in a prepared folder."""

from __future__ import annotations

import types
from pathlib import Path

import numpy as np
import pytest

from course_tools import kernel_or_skip, learner, learner_defs, load, prepared, run_notebook
from neuronlab.course import files

RUNNERS_PASSED = "\033[92m All tests passed.\n"


def _written(tmp_path: Path, version: str, path: str) -> types.ModuleType:
    (f,) = [f for f in files("initialization", version) if f.path == path]
    target = tmp_path / version / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f.text("initialization", version))
    return load(target)


def test_the_files_of_each_version():
    def names(version):
        return {n.name for f in files("initialization", version) for n in f.names}

    assert [f.path for f in files("initialization", "2019")] == ["init_utils.py"]
    assert [f.path for f in files("initialization", "2023")] == ["init_utils.py", "public_tests.py"]
    assert "load_cat_dataset" in names("2021") and "load_cat_dataset" not in names("2023")
    assert "np.seterr(divide='ignore', invalid='ignore')" in files("initialization", "2023")[
        0
    ].text("initialization", "2023")


def test_load_dataset_gives_the_circles_scatters_them_and_leaves_the_courses_stream(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.datasets import make_circles

    utils = _written(tmp_path, "2021", "init_utils.py")
    np.random.seed(2)  # the course's test set, drawn from the global stream as it does
    X, y = make_circles(n_samples=100, noise=0.05)
    expected_state = np.random.get_state()
    np.random.seed(7)
    plt.figure()
    try:
        train_X, train_Y, test_X, test_Y = utils.load_dataset()
        assert len(plt.gca().collections) == 1  # the training set, scattered
    finally:
        plt.close("all")
    assert all(np.array_equal(a, b) for a, b in zip(np.random.get_state(), expected_state))
    assert train_X.shape == (2, 300) and train_Y.shape == (1, 300)
    assert np.array_equal(test_X, X.T) and np.array_equal(test_Y, y.reshape(1, 100))


def test_the_three_layer_helpers(tmp_path, capsys):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    utils = _written(tmp_path, "2023", "init_utils.py")
    rng = np.random.RandomState(0)
    X, Y = rng.randn(2, 8), (rng.rand(1, 8) > 0.5).astype(int)
    parameters = {"W1": rng.randn(3, 2), "W2": rng.randn(2, 3), "W3": rng.randn(1, 2)}
    parameters.update({f"b{l}": np.zeros((len(parameters[f"W{l}"]), 1)) for l in (1, 2, 3)})
    a3, cache = utils.forward_propagation(X, parameters)
    assert a3.shape == (1, 8) and len(cache) == 12
    assert utils.compute_loss(a3, Y) > 0
    grads = utils.backward_propagation(X, Y, cache)
    assert np.allclose(grads["dz3"], (a3 - Y) / 8)
    W3 = parameters["W3"].copy()
    assert utils.update_parameters(parameters, grads, 0.5) is parameters
    assert np.allclose(parameters["W3"], W3 - 0.5 * grads["dW3"])
    p = utils.predict(X, Y, parameters)
    assert capsys.readouterr().out == f"Accuracy: {np.mean(p[0] == Y[0])}\n"
    assert utils.predict_dec(parameters, X).dtype == bool
    assert utils.relu(np.array([-1.0, 2.0])).tolist() == [0.0, 2.0]
    assert np.allclose(utils.sigmoid(np.array([0.0])), [0.5])
    plt.figure()
    try:
        utils.plot_decision_boundary(lambda x: utils.predict_dec(parameters, x.T), X, Y)
        assert plt.gca().collections  # the regions and the points
    finally:
        plt.close("all")


@pytest.mark.data
def test_load_cat_dataset(tmp_path, data_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no datasets/ here: neuronlab's data folder
    utils = _written(tmp_path, "2021", "init_utils.py")
    train_x, train_y, test_x, test_y, classes = utils.load_cat_dataset()
    assert train_x.shape == (12288, 209) and test_x.shape == (12288, 50)
    assert 0 <= train_x.min() and train_x.max() <= 1 and train_y.shape == (1, 209)
    assert classes.tolist() == [b"non-cat", b"cat"]


# ------------------------------------------------------------------ public tests
INITIALISERS = ("initialize_parameters_zeros", "initialize_parameters_random",
                "initialize_parameters_he")  # fmt: skip


def test_a_correct_learner_gives_the_courses_expected_output(tmp_path):
    mine = learner(tmp_path, learner_defs("initialization", *INITIALISERS))
    p = mine.initialize_parameters_random([3, 2, 1])
    assert np.allclose(p["W1"], [[17.88628473, 4.36509851, 0.96497468],
                                 [-18.63492703, -2.77388203, -3.54758979]])  # fmt: skip
    assert np.allclose(p["W2"], [[-0.82741481, -6.27000677]])
    p = mine.initialize_parameters_he([3, 1, 2])
    assert np.allclose(p["W1"], [[1.46040903, 0.3564088, 0.07878985]])
    assert np.allclose(p["W2"], [[-2.63537665], [-0.39228616]])


def test_public_tests_pass_correct_initialisers_and_fail_a_planted_mistake(tmp_path, capsys):
    tests = _written(tmp_path, "2021", "public_tests.py")
    mine = learner(tmp_path, learner_defs("initialization", *INITIALISERS))
    for name in INITIALISERS:
        getattr(tests, f"{name}_test")(getattr(mine, name))
    assert capsys.readouterr().out == RUNNERS_PASSED * 3
    wrong = learner_defs("initialization", "initialize_parameters_he")
    wrong = wrong.replace("np.sqrt(2 / layers_dims[l - 1])", "np.sqrt(2 / layers_dims[l])")
    assert "layers_dims[l])" in wrong
    with pytest.raises(AssertionError, match="initialize_parameters_he"):
        tests.initialize_parameters_he_test(
            learner(tmp_path, wrong, "wrong").initialize_parameters_he
        )
    out = capsys.readouterr().out
    assert "init-scale" in out and "All tests passed" not in out


# ------------------------------------------------ a learner's notebook, run headless
NOTEBOOK = {"2019": "Initialization", "2021": "Initialization",
            "2023": "a1_initialization"}  # fmt: skip
NAMES = (
    "sigmoid, relu, compute_loss, forward_propagation, backward_propagation, "
    "update_parameters, predict, load_dataset, plot_decision_boundary, predict_dec"
)


def _imports(version: str) -> str:
    if version == "2023":
        return """import numpy as np
import matplotlib.pyplot as plt
from init_utils import *
from public_tests import *

%matplotlib inline
plt.rcParams['figure.figsize'] = (7.0, 4.0)
%load_ext autoreload
%autoreload 2"""
    tests = "" if version == "2019" else "from public_tests import *\n"
    magic = "" if version == "2019" else "%load_ext autoreload\n%autoreload 2\n"
    return f"""import numpy as np
import math
import matplotlib.pyplot as plt
import sklearn
import sklearn.datasets
from init_utils import {NAMES}
{tests}
%matplotlib inline
plt.rcParams['figure.figsize'] = (7.0, 4.0)
{magic}"""


def _cells(version: str) -> list[str]:
    """A learner's notebook: the initialisers filled in correctly, the notebook's own
    ``model``, each run for one iteration (the course's 15000 take a minute here; its
    published costs are pinned by tests/test_lab_initialization.py)."""

    def test(name: str) -> str:
        return "" if version == "2019" else f"{name}_test({name})"

    def show(dims: str, name: str) -> str:
        return (f"parameters = {name}({dims})\n"
                + "".join(f'print("{k} = " + str(parameters["{k}"]))\n'
                          for k in ("W1", "b1", "W2", "b2"))
                + test(name))  # fmt: skip

    def run(initialization: str) -> str:
        return f"""parameters = model(train_X, train_Y, num_iterations=1,
                   initialization="{initialization}")
print("On the train set:")
predictions_train = predict(train_X, train_Y, parameters)
print("On the test set:")
predictions_test = predict(test_X, test_Y, parameters)"""

    plot = """plt.title("Model with {} initialization")
axes = plt.gca()
axes.set_xlim([-1.5, 1.5])
axes.set_ylim([-1.5, 1.5])
plot_decision_boundary(lambda x: predict_dec(parameters, x.T), train_X, train_Y)"""
    return [
        _imports(version),
        "train_X, train_Y, test_X, test_Y = load_dataset()",
        learner_defs("initialization", "model"),
        learner_defs("initialization", "initialize_parameters_zeros"),
        show("[3, 2, 1]", "initialize_parameters_zeros"),
        run("zeros"),
        plot.format("Zeros"),
        learner_defs("initialization", "initialize_parameters_random"),
        show("[3, 2, 1]", "initialize_parameters_random"),
        run("random"),
        learner_defs("initialization", "initialize_parameters_he"),
        show("[2, 4, 1]", "initialize_parameters_he"),
        run("he"),
        plot.format("He"),
    ]


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.slow
@pytest.mark.parametrize("version", sorted(NOTEBOOK))
def test_a_learners_notebook_runs_headless_in_a_prepared_folder(version, tmp_path, no_data):
    kernel_or_skip()
    folder = prepared(tmp_path, "initialization", version)
    texts, error = run_notebook(folder, _cells(version), NOTEBOOK[version])
    assert error is None, error
    passed = "" if version == "2019" else RUNNERS_PASSED
    assert texts[4] == "W1 = [[0. 0. 0.]\n [0. 0. 0.]]\nb1 = [[0.]\n [0.]]\nW2 = [[0. 0.]]\n" \
                       "b2 = [[0.]]\n" + passed  # fmt: skip
    # the published outputs (COURSE_FILES.md §4, REFERENCE.md §4)
    assert texts[5] == ("Cost after iteration 0: 0.6931471805599453\nOn the train set:\n"
                        "Accuracy: 0.5\nOn the test set:\nAccuracy: 0.5\n")  # fmt: skip
    assert _squash(texts[8]).startswith(
        "W1 = [[ 17.88628473 4.36509851 0.96497468] [-18.63492703 -2.77388203 -3.54758979]] "
        "b1 = [[0.] [0.]] W2 = [[-0.82741481 -6.27000677]] b2 = [[0.]]"
    )
    assert _squash(texts[11]).startswith(
        "W1 = [[ 1.78862847 0.43650985] [ 0.09649747 -1.8634927 ] [-0.2773882 -0.35475898] "
        "[-0.08274148 -0.62700068]] b1 = [[0.] [0.] [0.] [0.]] "
        "W2 = [[-0.03098412 -0.33744411 -0.92904268 0.62552248]] b2 = [[0.]]"
    )
    for i in (8, 11):
        assert texts[i].endswith(passed)
    assert texts[12].startswith("Cost after iteration 0: 0.8830537463419761\n")


@pytest.mark.slow
def test_a_planted_mistake_stops_the_notebook_at_its_test_cell(tmp_path, no_data):
    kernel_or_skip()
    folder = prepared(tmp_path, "initialization", "2023")
    # imports, data, model; the large random start drawn from rand (uniform) instead of
    # randn; its test cell; the run after it
    cells = [_cells("2023")[i] for i in (0, 1, 2, 7, 8, 9)]
    cells[3] = cells[3].replace("np.random.randn(", "np.random.rand(")
    assert "rand(" in cells[3] and "randn(" not in cells[3]
    texts, error = run_notebook(folder, cells, NOTEBOOK["2023"])
    assert error is not None and "AssertionError" in error
    assert "initialize_parameters_random" in error
    assert "init-scale" in texts[4] and "All tests passed" not in texts[4]
    assert texts[5] == ""
