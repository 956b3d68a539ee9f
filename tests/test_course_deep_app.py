"""``neuronlab course deep_app``: the cat application's ``dnn_app_utils(_v3).py`` and public
tests, and a learner's notebook of each course version run headless in a prepared folder."""

from __future__ import annotations

import re
import types
from pathlib import Path

import numpy as np
import pytest

from course_tools import kernel_or_skip, learner, learner_defs, load, prepared, run_notebook
from neuronlab.course import files

RUNNERS_PASSED = "\033[92m All tests passed.\n"


def _written(tmp_path: Path, version: str, path: str) -> types.ModuleType:
    (f,) = [f for f in files("deep_app", version) if f.path == path]
    target = tmp_path / version / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f.text("deep_app", version))
    return load(target)


def _utils(tmp_path: Path, version: str = "2021") -> types.ModuleType:
    return _written(tmp_path, version, "dnn_app_utils.py" if version == "2023" else
                    "dnn_app_utils_v3.py")  # fmt: skip


def _same_state(a: tuple, b: tuple) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a, b))


def test_the_files_of_each_version():
    paths = {v: [f.path for f in files("deep_app", v)] for v in ("2019", "2021", "2023")}
    assert paths["2019"] == ["dnn_app_utils_v3.py", "datasets/train_catvnoncat.h5",
                             "datasets/test_catvnoncat.h5"]  # fmt: skip
    assert paths["2021"][:2] == ["dnn_app_utils_v3.py", "public_tests.py"]
    assert paths["2023"] == ["dnn_app_utils.py", "public_tests.py", "datasets/train.h5",
                             "datasets/test.h5"]  # fmt: skip


def test_the_initialisers_are_the_applications_and_leave_the_courses_stream(tmp_path):
    utils = _utils(tmp_path)
    np.random.seed(1)
    W1, W2 = np.random.randn(4, 5) / np.sqrt(5), np.random.randn(3, 4) / np.sqrt(4)
    expected_state = np.random.get_state()
    np.random.seed(123)
    p = utils.initialize_parameters_deep([5, 4, 3])
    assert _same_state(np.random.get_state(), expected_state)
    assert np.array_equal(p["W1"], W1) and np.array_equal(p["W2"], W2)
    assert p["b2"].shape == (3, 1) and not p["b2"].any()

    np.random.seed(1)
    W1, W2 = np.random.randn(7, 10) * 0.01, np.random.randn(1, 7) * 0.01
    expected_state = np.random.get_state()
    np.random.seed(5)
    p = utils.initialize_parameters(10, 7, 1)
    assert np.array_equal(p["W1"], W1) and np.array_equal(p["W2"], W2)
    assert _same_state(np.random.get_state(), expected_state)


def test_the_step_by_step_helpers(tmp_path):
    utils = _utils(tmp_path, "2023")
    rng = np.random.RandomState(0)
    X, Y = rng.randn(4, 6), (rng.rand(1, 6) > 0.5).astype(float)
    parameters = utils.initialize_parameters_deep([4, 3, 1])
    AL, caches = utils.L_model_forward(X, parameters)
    assert AL.shape == (1, 6) and len(caches) == 2
    cost = utils.compute_cost(AL, Y)
    assert cost.shape == () and cost > 0
    grads = utils.L_model_backward(AL, Y, caches)
    same = parameters
    W1 = parameters["W1"].copy()
    new = utils.update_parameters(parameters, grads, 0.1)
    assert new is same  # the course's helper updates the dict it is given
    assert np.allclose(new["W1"], W1 - 0.1 * grads["dW1"])
    A, cache = utils.relu(np.array([[-1.0, 2.0]]))
    assert A.tolist() == [[0.0, 2.0]]
    assert utils.relu_backward(np.array([[3.0, 3.0]]), cache).tolist() == [[0.0, 3.0]]
    p = utils.predict(X, Y, parameters)
    assert p.shape == (1, 6) and set(np.unique(p)) <= {0.0, 1.0}


def test_print_mislabeled_images_shows_each_wrong_picture_with_its_titles(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    utils = _utils(tmp_path)
    X = np.random.RandomState(0).rand(64 * 64 * 3, 5)
    y = np.array([[1, 0, 1, 0, 1]])
    p = np.array([[1.0, 1.0, 0.0, 0.0, 1.0]])
    plt.figure()
    try:
        assert utils.print_mislabeled_images(np.array([b"non-cat", b"cat"]), X, y, p) is None
        axes = plt.gcf().axes
        titles = [ax.get_title() for ax in axes]
        assert titles == ["Prediction: cat \n Class: non-cat", "Prediction: non-cat \n Class: cat"]
        assert all(ax.get_subplotspec().get_geometry()[:2] == (2, 2) for ax in axes)
        assert np.allclose(axes[0].images[0].get_array(), X[:, 1].reshape(64, 64, 3))
    finally:
        plt.close("all")
        plt.rcdefaults()


# ------------------------------------------------------------------ public tests
#: The course's inputs of ``two_layer_model_test`` (COURSE_FILES.md §4) and its expected
#: ``W2``, ``b2`` and cost after 2 iterations.
def _two_layer_case() -> tuple[np.ndarray, np.ndarray]:
    np.random.seed(1)
    return np.random.randn(10, 10), np.random.randn(1, 10)


def test_a_correct_learner_gives_the_courses_expected_output_on_its_inputs(tmp_path, monkeypatch):
    folder = tmp_path / "2021"
    folder.mkdir()
    _utils(tmp_path)
    monkeypatch.syspath_prepend(str(folder))
    mine = learner(tmp_path, "from dnn_app_utils_v3 import *\n\n"
                   + learner_defs("deep_app", "two_layer_model", "L_layer_model"))  # fmt: skip
    X, Y = _two_layer_case()
    parameters, costs = mine.two_layer_model(X, Y, (10, 4, 1), 0.0075, 2)
    assert np.allclose(parameters["W2"], [[-0.00200283, -0.00888593, -0.00751122, 0.01688162]])
    assert np.allclose(parameters["b2"], [[-0.00689018]])
    assert len(costs) == 1 and np.allclose(costs[0], 0.69315968)
    np.random.seed(1)
    X = np.random.randn(10, 10)
    Y = np.array([1, 1, 1, 1, 0, 0, 0, 1, 1, 0]).reshape(1, 10)
    parameters, costs = mine.L_layer_model(X, Y, (10, 5, 6, 1), 0.02, 3)
    assert np.allclose(parameters["b3"], [[0.00525865]])
    assert np.allclose(
        parameters["W3"],
        [[-0.09087434, -0.07882982, 0.07821609, 0.16442826, 0.0783229, 0.04648216]],
    )
    assert np.allclose(costs[0], 0.70723944)


def test_public_tests_pass_a_correct_model_and_fail_a_planted_mistake(
    tmp_path, capsys, monkeypatch
):
    tests = _written(tmp_path, "2023", "public_tests.py")
    _utils(tmp_path, "2023")
    monkeypatch.syspath_prepend(str(tmp_path / "2023"))
    head = "from dnn_app_utils import *\n\n"
    mine = learner(tmp_path, head + learner_defs("deep_app", "L_layer_model"))
    tests.L_layer_model_test(mine.L_layer_model)
    assert capsys.readouterr().out == RUNNERS_PASSED
    # the hidden layer's activation: sigmoid instead of relu, forward and backward
    code = learner_defs("deep_app", "two_layer_model")
    code = code.replace('(X, W1, b1, "relu")', '(X, W1, b1, "sigmoid")')
    code = code.replace('(dA1, cache1, "relu")', '(dA1, cache1, "sigmoid")')
    assert code.count('"sigmoid"') == 4
    wrong = learner(tmp_path, head + code, "wrong")
    with pytest.raises(AssertionError, match="two_layer_model"):
        tests.two_layer_model_test(wrong.two_layer_model)
    out = capsys.readouterr().out
    assert "wrong-activation" in out and "All tests passed" not in out


# ------------------------------------------------ a learner's notebook, run headless
NOTEBOOK = {
    "2019": "Deep Neural Network - Application v8",
    "2021": "Deep Neural Network - Application",
    "2023": "a3_deep_neural_network_application",  # any name: a learner keeps their own
}
#: Iterations of the training cells: 2 print the published first cost (the course's 2500
#: take minutes here; the published costs of every 100 are pinned by tests/test_lab_deep.py).
ITERATIONS = 2


def _imports(version: str) -> str:
    if version == "2023":
        return """import numpy as np
import matplotlib.pyplot as plt
from PIL import Image
from dnn_app_utils import *
from public_tests import *

%matplotlib inline
%load_ext autoreload
%autoreload 2

np.random.seed(1)"""
    tests = "" if version == "2019" else "from public_tests import *\n"
    magic = "" if version == "2019" else "%load_ext autoreload\n%autoreload 2\n"
    return f"""import time
import numpy as np
import h5py
import matplotlib.pyplot as plt
import scipy
from PIL import Image
from scipy import ndimage
from dnn_app_utils_v3 import *
{tests}
%matplotlib inline
plt.rcParams['figure.figsize'] = (5.0, 4.0)
{magic}
np.random.seed(1)"""


def _cells(version: str) -> list[str]:
    """A learner's notebook of ``version``: the graded models filled in correctly (the
    2019 models return their parameters only), test cells where the version has them."""
    old = version == "2019"
    models = learner_defs("deep_app", "two_layer_model", "plot_costs", "L_layer_model")
    if old:
        models = models.replace("return parameters, costs", "return parameters")
    name = "classes[train_y[0, index]]" + ("" if version == "2023" else '.decode("utf-8")')
    two, deep = ("parameters", "parameters") if old else ("parameters, costs", "parameters, costs")
    first = "" if old else 'print("Cost after first iteration: " + str(costs[0]))\n'
    return [
        _imports(version),
        "train_x_orig, train_y, test_x_orig, test_y, classes = load_data()",
        f"""index = 10
plt.imshow(train_x_orig[index])
print("y = " + str(train_y[0, index]) + ". It's a " + {name} + " picture.")""",
        """m_train = train_x_orig.shape[0]
num_px = train_x_orig.shape[1]
m_test = test_x_orig.shape[0]
print("Number of training examples: " + str(m_train))
print("Number of testing examples: " + str(m_test))
train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.
test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.
print("train_x's shape: " + str(train_x.shape))""",
        """n_x = 12288
n_h = 7
n_y = 1
layers_dims = (n_x, n_h, n_y)
learning_rate = 0.0075""",
        models,
        f"""{two} = two_layer_model(train_x, train_y, layers_dims=(n_x, n_h, n_y),
                                 num_iterations=2, print_cost=False)
{first}"""
        + ("" if old else "two_layer_model_test(two_layer_model)"),
        f"""{two} = two_layer_model(train_x, train_y, layers_dims=(n_x, n_h, n_y),
                                 num_iterations={ITERATIONS}, print_cost=True)
"""
        + ("" if old else "plot_costs(costs, learning_rate)"),
        "predictions_train = predict(train_x, train_y, parameters)",
        "predictions_test = predict(test_x, test_y, parameters)",
        "layers_dims = [12288, 20, 7, 5, 1]",
        f"""{deep} = L_layer_model(train_x, train_y, layers_dims, num_iterations=1,
                               print_cost=False)
{first}"""
        + ("" if old else "L_layer_model_test(L_layer_model)"),
        f"""{deep} = L_layer_model(train_x, train_y, layers_dims, num_iterations={ITERATIONS},
                               print_cost=True)""",
        "pred_test = predict(test_x, test_y, parameters)",
        # the course's 40 × 40-inch figure takes seconds to draw inline: one version shows it
        "print_mislabeled_images(classes, test_x, test_y, pred_test)" if version == "2021" else "",
    ]


def _printed(text: str, label: str) -> float:
    """The number printed after ``label: `` in ``text``."""
    match = re.search(re.escape(label) + r": (\S+)\n", text)
    assert match, (label, text)
    return float(match.group(1))


@pytest.mark.slow
@pytest.mark.data
@pytest.mark.parametrize("version", sorted(NOTEBOOK))
def test_a_learners_notebook_runs_headless_in_a_prepared_folder(version, tmp_path, data_dir):
    kernel_or_skip()
    folder = prepared(tmp_path, "deep_app", version, data_dir)
    texts, error = run_notebook(folder, _cells(version), NOTEBOOK[version])
    assert error is None, error
    assert texts[2] == "y = 0. It's a non-cat picture.\n"
    assert "Number of training examples: 209" in texts[3]
    assert "train_x's shape: (12288, 209)" in texts[3]
    # the published first costs (REFERENCE.md §3), to the last bits: our cost is the
    # engine's mean, the course's two dot products, so the last digit may differ
    two, deep = 0.693049735659989, 0.7717493284237686
    if version != "2019":
        assert _printed(texts[6], "Cost after first iteration") == pytest.approx(two, rel=1e-14)
        assert texts[6].endswith(RUNNERS_PASSED)
        assert _printed(texts[11], "Cost after first iteration") == pytest.approx(deep, rel=1e-14)
        assert texts[11].endswith(RUNNERS_PASSED)
    assert _printed(texts[7], "Cost after iteration 0") == pytest.approx(two, rel=1e-14)
    assert _printed(texts[12], "Cost after iteration 0") == pytest.approx(deep, rel=1e-14)
    for i in (8, 9, 13):
        assert texts[i].startswith("Accuracy: "), texts[i]


@pytest.mark.slow
@pytest.mark.data
def test_a_planted_mistake_stops_the_notebook_at_its_test_cell(tmp_path, data_dir):
    kernel_or_skip()
    folder = prepared(tmp_path, "deep_app", "2021", data_dir)
    cells = _cells("2021")[:13]  # up to the L-layer model's test cell, and one more
    # L_layer_model started from the step-by-step lab's initialiser (×0.01, seed 3)
    cells[5] = cells[5].replace(
        "parameters = initialize_parameters_deep(layers_dims)",
        "np.random.seed(3)\n    parameters = {}\n    for l in range(1, len(layers_dims)):\n"
        "        parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1])"
        " * 0.01\n        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))",
    )
    texts, error = run_notebook(folder, cells, NOTEBOOK["2021"])
    assert error is not None and "AssertionError" in error and "L_layer_model" in error
    assert "init-scale" in texts[11] and "All tests passed" not in texts[11]
    assert texts[6].endswith(RUNNERS_PASSED)  # the 2-layer model's test still passed
    assert texts[12:] == [""] * (len(cells) - 12)
