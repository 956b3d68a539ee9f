"""``neuronlab check``: correct learner code passes, planted mistakes are named.

The learners' files in ``tests/learners/`` are correct solutions written as a learner
writes them in the course's notebook (with the notebook's helper imports and top-level
training, which must not run). Each planted mistake is one edit of such a file, as a
learner would make it, and the code the check must name.
"""

from __future__ import annotations

import json
import linecache
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import pytest

import neuronlab
from neuronlab.check import LABS, SourceError, check
from neuronlab.check.cases import facade
from neuronlab.check.compare import HINTS

LEARNERS = Path(__file__).parent / "learners"
SEED = 20261203


def learner(lab: str) -> str:
    return (LEARNERS / f"{lab}.py").read_text()


def planted(lab: str, old: str, new: str) -> str:
    """The learner's file with ``old`` made ``new``; several edits are joined by `` | ``."""
    text = learner(lab)
    for before, after in zip(old.split(" | "), new.split(" | "), strict=True):
        assert text.count(before) == 1, f"{before!r} must occur once in the {lab} learner"
        text = text.replace(before, after)
    return text


def notebook(source: str, path: Path) -> Path:
    """``source`` as a notebook: one cell per top-level definition, with the cells a
    learner's notebook also has (magics, shell lines, data loading, a long training)."""
    chunks = source.split("\n\n\n")
    cells = [nbformat.v4.new_markdown_cell("# My lab")]
    cells.append(
        nbformat.v4.new_code_cell("%matplotlib inline\n!ls datasets\n%load_ext autoreload")
    )
    cells += [nbformat.v4.new_code_cell(chunk.strip()) for chunk in chunks]
    cells.append(
        nbformat.v4.new_code_cell("while True:\n    pass  # a training cell that never ends")
    )
    path.write_text(nbformat.writes(nbformat.v4.new_notebook(cells=cells)))
    return path


def statuses(report: Any) -> dict[str, tuple[str, list[str]]]:
    return {f.name: (f.status, f.diagnoses) for f in report.functions}


# ------------------------------------------------------------------ correct code passes
@pytest.mark.parametrize("lab", sorted(LABS))
def test_correct_learner_file_passes(lab: str, tmp_path: Path) -> None:
    path = tmp_path / f"my_{lab}.py"
    path.write_text(learner(lab))
    report = check(str(path), seed=SEED)
    assert report.lab == lab
    assert {f.status for f in report.functions} == {"pass"}, report.text()
    assert report.exit_code == 0


@pytest.mark.parametrize("lab", sorted(LABS))
def test_correct_notebook_passes_without_running_its_training(lab: str, tmp_path: Path) -> None:
    report = check(str(notebook(learner(lab), tmp_path / "My lab.ipynb")), seed=SEED + 1)
    assert {f.status for f in report.functions} == {"pass"}, report.text()
    assert report.seconds < 30


def test_engine_facades_pass_every_graded_function() -> None:
    """The engine's own lab modules pass every row of their lab."""
    import importlib

    for lab in LABS:
        module = importlib.import_module(f"neuronlab.labs.{facade(lab)}")
        report = check(module, lab=lab, seed=SEED)
        assert {f.status for f in report.functions} == {"pass"}, report.text()


def test_one_function_and_a_namespace() -> None:
    """A function is checked alone; a notebook's globals() by the functions defined in it."""
    from neuronlab.labs import planar

    report = check(planar.forward_propagation, seed=SEED)
    assert [(f.name, f.status) for f in report.functions] == [("forward_propagation", "pass")]
    # predict is a name of two labs: the module's other functions say which
    report = neuronlab.check(planar.predict, seed=SEED)
    assert (report.lab, report.functions[0].status) == ("planar", "pass")
    assert "<table" in report._repr_html_() and "predict" in report._repr_html_()
    code = learner("logistic_regression").split("# The notebook's top-level")[0]
    code = code.replace("from lr_utils import load_dataset\n", "")
    code = code.replace("from public_tests import *\n", "")
    namespace: dict[str, Any] = {"__name__": "__main__", "_": 3, "_i2": "x = 1"}
    cell = "<ipython-input-3>"  # IPython keeps each cell's source in linecache, so do we
    linecache.cache[cell] = (len(code), None, code.splitlines(True), cell)
    exec(compile(code, cell, "exec"), namespace)
    report = check(namespace, seed=SEED)
    assert report.lab == "logistic_regression"
    assert {f.status for f in report.functions} == {"pass"}, report.text()


# -------------------------------------------------------------------- planted mistakes
COST, SQUEEZE = "cost = -np.sum(logprobs) / m", "    cost = float(np.squeeze(cost))\n"
GC_N_DIFFERENCE = (
    "(2 * epsilon)\n    numerator = np.linalg.norm(grad - gradapprox)\n"
    "    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)\n"
    "    difference = numerator / denominator"
)
DIGITS_REG_TERMS = (
    "    reg_term_d1 = (l / m) * t1\n    reg_term_d1[:, 0] = 0\n"
    "    reg_term_d2 = (l / m) * t2\n    reg_term_d2[:, 0] = 0\n"
)
#: (lab, function, the learner's line(s), the mistaken line(s), the diagnosis code).
MISTAKES: list[tuple[str, str, str, str, str]] = [
    # 3.1 logistic regression
    ("logistic_regression", "sigmoid", "1 / (1 + np.exp(-z))", "1 / (1 + np.exp(z))", "sign"),
    ("logistic_regression", "initialize_with_zeros", "np.zeros((dim, 1))", "np.zeros((1, dim))",
     "transposed"),
    ("logistic_regression", "initialize_with_zeros", "np.zeros((dim, 1))", "np.zeros(dim)",
     "keepdims"),
    ("logistic_regression", "propagate", "dw = np.dot(X, (A - Y).T) / m",
     "dw = np.dot(X, (A - Y).T)", "missing-1/m"),
    ("logistic_regression", "propagate", "db = np.sum(A - Y) / m", "db = np.sum(A - Y)",
     "missing-1/m"),
    ("logistic_regression", "propagate", "cost = -np.sum(", "cost = np.sum(", "sign"),
    ("logistic_regression", "propagate", "dw = np.dot(X, (A - Y).T) / m",
     "dw = X * (A - Y) / m", "elementwise-vs-matmul"),
    ("logistic_regression", "propagate", "db = np.sum(A - Y) / m",
     "db = np.sum(A - Y, axis=0) / m", "sum-axis"),
    ("logistic_regression", "propagate", "A = sigmoid(np.dot(w.T, X) + b)\n    cost",
     "A = sigmoid(np.dot(w, X) + b)\n    cost", "transposed"),
    ("logistic_regression", "propagate",
     "cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m",
     "cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m", "extra-1/m"),
    ("logistic_regression", "propagate", "    cost = np.squeeze(np.array(cost))\n",
     "    cost = cost * np.ones((1, 1))\n", "cost-shape"),
    ("logistic_regression", "optimize", "w = w - learning_rate * dw",
     "w = w + learning_rate * dw", "sign"),
    ("logistic_regression", "optimize",
     "    w = copy.deepcopy(w)\n    b = copy.deepcopy(b)\n | w = w - learning_rate * dw",
     " | w -= learning_rate * dw", "mutates-input"),
    ("logistic_regression", "predict", "    m = X.shape[1]\n    Y_prediction",
     "    return np.array([[1.0, 0.0, 1.0]])\n    m = X.shape[1]\n    Y_prediction", "hardcoded"),
    # 3.2 planar
    ("planar", "layer_sizes", "n_x = X.shape[0]", "n_x = X.shape[1]", "transposed"),
    ("planar", "initialize_parameters", "W1 = np.random.randn(n_h, n_x) * 0.01",
     "W1 = np.random.randn(n_h, n_x)", "init-scale"),
    ("planar", "initialize_parameters", "W1 = np.random.randn(n_h, n_x) * 0.01",
     "W1 = np.random.rand(n_h, n_x) * 0.01", "init-scale"),
    ("planar", "initialize_parameters",
     "    W1 = np.random.randn(n_h, n_x) * 0.01\n    b1 = np.zeros((n_h, 1))\n"
     "    W2 = np.random.randn(n_y, n_h) * 0.01\n",
     "    W2 = np.random.randn(n_y, n_h) * 0.01\n    W1 = np.random.randn(n_h, n_x) * 0.01\n"
     "    b1 = np.zeros((n_h, 1))\n", "init-order"),
    ("planar", "forward_propagation", "A1 = np.tanh(Z1)", "A1 = sigmoid(Z1)", "wrong-activation"),
    ("planar", "forward_propagation", "A1 = np.tanh(Z1)", "A1 = np.maximum(0, Z1)",
     "wrong-activation"),
    ("planar", "forward_propagation", '"Z2": Z2, ', "", "cache"),
    ("planar", "compute_cost", "cost = -np.sum(logprobs) / m", "cost = -np.sum(logprobs)",
     "missing-1/m"),
    ("planar", "compute_cost", "cost = -np.sum(logprobs) / m", "cost = np.sum(logprobs) / m",
     "sign"),
    ("planar", "compute_cost", f"{COST} | {SQUEEZE}", "cost = -np.sum(logprobs, axis=0) / m | ",
     "sum-axis"),
    ("planar", "compute_cost", f"{COST} | {SQUEEZE}",
     "cost = -np.sum(logprobs, axis=1, keepdims=True) / m | ", "cost-shape"),
    ("planar", "backward_propagation", "(1 - np.power(A1, 2))", '(1 - np.power(cache["Z1"], 2))',
     "activation-derivative"),
    ("planar", "backward_propagation", "db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
     "db1 = np.sum(dZ1, axis=0, keepdims=True) / m", "sum-axis"),
    ("planar", "backward_propagation", "db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
     "db1 = np.sum(dZ1, axis=1) / m", "keepdims"),
    ("planar", "backward_propagation", "dW1 = np.dot(dZ1, X.T) / m", "dW1 = np.dot(dZ1, X.T)",
     "missing-1/m"),
    ("planar", "update_parameters", 'W1 = W1 - learning_rate * grads["dW1"]',
     'W1 = W1 + learning_rate * grads["dW1"]', "sign"),
    ("planar", "update_parameters",
     'W1 = copy.deepcopy(parameters["W1"]) | W1 = W1 - learning_rate * grads["dW1"]',
     'W1 = parameters["W1"] | W1 -= learning_rate * grads["dW1"]', "mutates-input"),
    ("planar", "predict", "    A2, cache = forward_propagation(X, parameters)\n    predictions",
     "    return np.array([[True, False, True]])\n    predictions", "hardcoded"),
    # 3.3 deep, step by step
    ("deep", "initialize_parameters", "W1 = np.random.randn(n_h, n_x) * 0.01",
     "W1 = np.random.randn(n_h, n_x)", "init-scale"),
    ("deep", "initialize_parameters",
     "    W1 = np.random.randn(n_h, n_x) * 0.01\n    b1 = np.zeros((n_h, 1))\n"
     "    W2 = np.random.randn(n_y, n_h) * 0.01\n",
     "    W2 = np.random.randn(n_y, n_h) * 0.01\n    W1 = np.random.randn(n_h, n_x) * 0.01\n"
     "    b1 = np.zeros((n_h, 1))\n", "init-order"),
    ("deep", "initialize_parameters_deep", "layer_dims[l - 1]) * 0.01",
     "layer_dims[l - 1]) * np.sqrt(2 / layer_dims[l - 1])", "init-scale"),
    ("deep", "linear_forward", "Z = np.dot(W, A) + b", "Z = W * A + b", "elementwise-vs-matmul"),
    ("deep", "linear_forward", "Z = np.dot(W, A) + b", "Z = np.dot(W.T, A) + b", "transposed"),
    ("deep", "linear_forward", "cache = (A, W, b)", "cache = (W, A, b)", "cache"),
    ("deep", "linear_activation_forward", "A, activation_cache = sigmoid(Z)",
     "A, activation_cache = relu(Z)", "wrong-activation"),
    ("deep", "L_model_forward", 'parameters["b" + str(L)], "sigmoid"',
     'parameters["b" + str(L)], "relu"', "wrong-activation"),
    ("deep", "L_model_forward", "    caches.append(cache)\n    return AL, caches",
     "    return AL, caches", "cache"),
    ("deep", "compute_cost", "np.log(1 - AL)) / m", "np.log(1 - AL))", "missing-1/m"),
    ("deep", "compute_cost", "np.log(1 - AL)) / m |     cost = np.squeeze(cost)\n",
     "np.log(1 - AL), axis=1, keepdims=True) / m | ", "cost-shape"),
    ("deep", "compute_cost", "    m = Y.shape[1]\n    cost",
     "    return np.array(0.27977656)\n    m = Y.shape[1]\n    cost", "hardcoded"),
    ("deep", "linear_backward", "db = np.sum(dZ, axis=1, keepdims=True) / m",
     "db = np.sum(dZ, axis=1) / m", "keepdims"),
    ("deep", "linear_backward", "db = np.sum(dZ, axis=1, keepdims=True) / m",
     "db = np.sum(dZ, axis=0, keepdims=True) / m", "sum-axis"),
    ("deep", "linear_backward", "dW = np.dot(dZ, A_prev.T) / m", "dW = np.dot(dZ, A_prev.T)",
     "missing-1/m"),
    ("deep", "linear_backward", "dA_prev = np.dot(W.T, dZ)", "dA_prev = np.dot(W.T, dZ) / m",
     "extra-1/m"),
    ("deep", "linear_activation_backward", "dZ = sigmoid_backward(dA, activation_cache)",
     "dZ = dA * activation_cache * (1 - activation_cache)", "activation-derivative"),
    ("deep", "linear_activation_backward", "dZ = relu_backward(dA, activation_cache)",
     "dZ = sigmoid_backward(dA, activation_cache)", "wrong-activation"),
    ("deep", "L_model_backward", "dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
     "dAL = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)", "sign"),
    ("deep", "L_model_backward", '(dAL, current_cache, "sigmoid")', '(dAL, current_cache, "relu")',
     "wrong-activation"),
    ("deep", "update_parameters", '] - learning_rate * grads["dW"',
     '] + learning_rate * grads["dW"', "sign"),
    ("deep", "update_parameters", "parameters = copy.deepcopy(params)", "parameters = params",
     "mutates-input"),
    # 3.3 deep, the cat application
    ("deep_app", "two_layer_model", 'linear_activation_forward(X, W1, b1, "relu")',
     'linear_activation_forward(X, W1, b1, "sigmoid")', "wrong-activation"),
    ("deep_app", "two_layer_model", "dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))",
     "dA2 = np.divide(Y, A2) - np.divide(1 - Y, 1 - A2)", "sign"),
    ("deep_app", "L_layer_model", "def L_layer_model(",
     "def initialize_parameters_deep(layer_dims):\n    np.random.seed(3)\n    parameters = {}\n"
     "    for l in range(1, len(layer_dims)):\n"
     '        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01\n'
     '        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))\n'
     "    return parameters\n\n\ndef L_layer_model(", "init-scale"),
    # 3.4 initialization
    ("initialization", "initialize_parameters_zeros",
     "np.zeros((layers_dims[l], layers_dims[l - 1]))",
     "np.zeros((layers_dims[l - 1], layers_dims[l]))", "transposed"),
    ("initialization", "initialize_parameters_zeros",
     'layers_dims[l - 1]))\n        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))',
     'layers_dims[l - 1]))\n        parameters["b" + str(l)] = np.zeros(layers_dims[l])',
     "keepdims"),
    ("initialization", "initialize_parameters_random", "* 10\n", "* 0.01\n", "init-scale"),
    ("initialization", "initialize_parameters_random",
     "np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10",
     "np.random.rand(layers_dims[l], layers_dims[l - 1]) * 10", "init-scale"),
    ("initialization", "initialize_parameters_random",
     "    for l in range(1, L):\n        parameters[\"W\" + str(l)] = np.random",
     "    for l in reversed(range(1, L)):\n        parameters[\"W\" + str(l)] = np.random",
     "init-order"),
    ("initialization", "initialize_parameters_he", "np.sqrt(2 / layers_dims[l - 1])",
     "np.sqrt(2 / layers_dims[l])", "init-scale"),
    ("initialization", "initialize_parameters_he", "np.sqrt(2 / layers_dims[l - 1])",
     "np.sqrt(1 / layers_dims[l - 1])", "init-scale"),
    ("initialization", "initialize_parameters_he",
     "np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale",
     "np.random.randn(layers_dims[l - 1], layers_dims[l]) * scale", "transposed"),
    ("initialization", "initialize_parameters_he", "    L = len(layers_dims) - 1\n",
     '    return {"W1": np.array([[1.46040903, 0.3564088, 0.07878985]]), "b1": np.zeros((1, 1)),'
     ' "W2": np.array([[-2.63537665], [-0.39228616]]), "b2": np.zeros((2, 1))}\n', "hardcoded"),
    # 3.5 regularization
    ("regularization", "compute_cost_with_regularization", "lambd / (2 * m) * (",
     "lambd / m * (", "l2-factor"),
    ("regularization", "compute_cost_with_regularization",
     "lambd / (2 * m) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))",
     "lambd / (2 * m) * sum(np.sum(np.square(p)) for p in parameters.values())",
     "regularized-bias"),
    ("regularization", "compute_cost_with_regularization", "(np.sum(np.square(W1)) +",
     "(np.sum(np.square(W1), keepdims=True) +", "cost-shape"),
    ("regularization", "compute_cost_with_regularization",
     "cost = cross_entropy_cost + L2_regularization_cost",
     "cost = cross_entropy_cost - L2_regularization_cost", "sign"),
    ("regularization", "backward_propagation_with_regularization", "+ lambd / m * W2",
     "+ lambd / (2 * m) * W2", "l2-factor"),
    ("regularization", "backward_propagation_with_regularization",
     "+ lambd / m * W1\n    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)",
     "+ lambd / m * W1\n    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True) + lambd / m * b1",
     "regularized-bias"),
    ("regularization", "backward_propagation_with_regularization",
     "dW3 = 1.0 / m * np.dot(dZ3, A2.T) + lambd / m * W3",
     "dW3 = np.dot(dZ3, A2.T) + lambd / m * W3", "missing-1/m"),
    ("regularization", "backward_propagation_with_regularization",
     "+ lambd / m * W2\n    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)",
     "+ lambd / m * W2\n    db2 = 1.0 / m * np.sum(dZ2, axis=0, keepdims=True)", "sum-axis"),
    ("regularization", "backward_propagation_with_regularization",
     "+ lambd / m * W3\n    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)",
     "+ lambd / m * W3\n    db3 = 1.0 / m * np.sum(dZ3, axis=1)", "keepdims"),
    ("regularization", "forward_propagation_with_dropout", "D1 = (D1 < keep_prob)",
     "D1 = (D1 > keep_prob)", "dropout-mask"),
    ("regularization", "forward_propagation_with_dropout",
     "D2 = np.random.rand(A2.shape[0], A2.shape[1])",
     "D2 = np.random.randn(A2.shape[0], A2.shape[1])", "dropout-mask"),
    ("regularization", "forward_propagation_with_dropout", "    A1 = A1 / keep_prob\n", "",
     "dropout-scale"),
    ("regularization", "forward_propagation_with_dropout",
     "cache = (Z1, D1, A1, W1, b1, Z2, D2, A2,", "cache = (Z1, A1, D1, W1, b1, Z2, A2, D2,",
     "cache"),
    ("regularization", "forward_propagation_with_dropout",
     "cache = (Z1, D1, A1, W1, b1, Z2, D2, A2,", "cache = (Z1, A1, W1, b1, Z2, A2,", "cache"),
    ("regularization", "backward_propagation_with_dropout", "    dA2 = dA2 / keep_prob\n", "",
     "dropout-scale"),
    ("regularization", "backward_propagation_with_dropout", "    dA1 = dA1 / keep_prob\n",
     "    dA1 = dA1 * keep_prob\n", "dropout-scale"),
    ("regularization", "backward_propagation_with_dropout", "    dA2 = dA2 * D2\n",
     "    D2 = np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob\n    dA2 = dA2 * D2\n",
     "dropout-mask-reuse"),
    ("regularization", "backward_propagation_with_dropout", "    dA1 = dA1 * D1\n", "",
     "dropout-mask-reuse"),
    ("regularization", "backward_propagation_with_dropout",
     "dZ3 = A3 - Y\n    dW3 = 1.0 / m * np.dot(dZ3, A2.T)\n",
     "dZ3 = Y - A3\n    dW3 = 1.0 / m * np.dot(dZ3, A2.T)\n", "sign"),
    # 3.6 gradient checking
    ("gradient_checking", "forward_propagation", "J = theta * x", "J = 8", "hardcoded"),
    ("gradient_checking", "backward_propagation", "dtheta = x", "dtheta = -x", "sign"),
    ("gradient_checking", "gradient_check", "gradapprox = (J_plus - J_minus) / (2 * epsilon)",
     "gradapprox = (J_plus - J_minus) / epsilon", "gradcheck-formula"),
    ("gradient_checking", "gradient_check", "gradapprox = (J_plus - J_minus) / (2 * epsilon)",
     "gradapprox = (J_minus - J_plus) / (2 * epsilon)", "sign"),
    ("gradient_checking", "gradient_check_n",
     "gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)",
     "gradapprox[i] = (J_plus[i] - forward_propagation_n(X, Y, parameters)[0]) / epsilon",
     "gradcheck-formula"),
    ("gradient_checking", "gradient_check_n", GC_N_DIFFERENCE,
     GC_N_DIFFERENCE.replace("difference = numerator / denominator", "difference = numerator"),
     "gradcheck-formula"),
    ("gradient_checking", "gradient_check_n", GC_N_DIFFERENCE,
     GC_N_DIFFERENCE.replace("np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
                             "np.linalg.norm(grad + gradapprox)"), "gradcheck-formula"),
    ("gradient_checking", "gradient_check_n",
     "gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)",
     "gradapprox[i] = (J_minus[i] - J_plus[i]) / (2 * epsilon)", "sign"),
    ("gradient_checking", "gradient_check_n", "    return difference\n\n\n# The notebook",
     "    return 0.2850931567761623\n\n\n# The notebook", "hardcoded"),
    # 3.7 optimization
    ("optimization", "update_parameters_with_gd",
     '] - learning_rate * grads["dW" + str(l)]\n        parameters["b"',
     '] + learning_rate * grads["dW" + str(l)]\n        parameters["b"', "sign"),
    ("optimization", "random_mini_batches", "shuffled_Y = Y[:, permutation]",
     "shuffled_Y = Y[:, list(np.random.permutation(m))]", "minibatch-shuffle"),
    ("optimization", "random_mini_batches",
     "shuffled_X = X[:, permutation] | shuffled_Y = Y[:, permutation]",
     "shuffled_X = X | shuffled_Y = Y", "minibatch-shuffle"),
    ("optimization", "random_mini_batches", "    if m % mini_batch_size != 0:\n",
     "    if False:\n", "minibatch-last"),
    ("optimization", "random_mini_batches",
     "X[:, num_complete_minibatches * mini_batch_size :] | "
     "Y[:, num_complete_minibatches * mini_batch_size :]",
     "X[:, m - mini_batch_size :] | Y[:, m - mini_batch_size :]", "minibatch-last"),
    ("optimization", "initialize_velocity", "np.zeros((W.shape[0], W.shape[1]))",
     "np.zeros((W.shape[1], W.shape[0]))", "transposed"),
    ("optimization", "initialize_velocity", 'np.zeros((parameters["b" + str(l)].shape[0], 1))',
     'np.zeros(parameters["b" + str(l)].shape[0])', "keepdims"),
    ("optimization", "update_parameters_with_momentum",
     '(1 - beta) * grads["dW" + str(l)]', 'grads["dW" + str(l)]', "momentum-formula"),
    ("optimization", "update_parameters_with_momentum",
     'beta * v["db" + str(l)] + (1 - beta) * grads["db" + str(l)]',
     '(1 - beta) * v["db" + str(l)] + beta * grads["db" + str(l)]', "momentum-formula"),
    ("optimization", "update_parameters_with_momentum",
     'learning_rate * v["dW" + str(l)]', 'learning_rate * grads["dW" + str(l)]',
     "momentum-formula"),
    ("optimization", "initialize_adam",
     's["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)',
     's["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape[0])', "keepdims"),
    ("optimization", "update_parameters_with_adam", "v_corrected[key] = v[key] / (1 - beta1**t)",
     "v_corrected[key] = v[key]", "adam-bias-correction"),
    ("optimization", "update_parameters_with_adam", "s[key] / (1 - beta2**t)",
     "s[key] / (1 - beta2 ** (t + 1))", "adam-bias-correction"),
    ("optimization", "update_parameters_with_adam", "(np.sqrt(s_corrected[key]) + epsilon)",
     "np.sqrt(s_corrected[key] + epsilon)", "adam-epsilon"),
    ("optimization", "update_lr", "learning_rate0 / (1 + decay_rate * epoch_num)",
     "learning_rate0 / (1 + decay_rate) ** epoch_num", "lr-decay-formula"),
    ("optimization", "update_lr", "learning_rate0 / (1 + decay_rate * epoch_num)",
     "0.16666666666666666", "hardcoded"),
    ("optimization", "schedule_lr_decay", "np.floor(epoch_num / time_interval)",
     "(epoch_num / time_interval)", "lr-decay-formula"),
    ("optimization", "schedule_lr_decay", "np.floor(epoch_num / time_interval)",
     "epoch_num", "lr-decay-formula"),
    # 3.8 digits
    ("digits", "serialize", "np.ravel(a), np.ravel(b)",
     'np.ravel(a, order="F"), np.ravel(b, order="F")', "transposed"),
    ("digits", "deserialize", "reshape(25, 401), seq[25 * 401 :].reshape(10, 26)",
     "reshape(401, 25).T, seq[25 * 401 :].reshape(26, 10).T", "transposed"),
    ("digits", "feed_forward", "np.insert(sigmoid(z2), 0", "np.insert(np.tanh(z2), 0",
     "wrong-activation"),
    ("digits", "cost", "return pair_computation.sum() / m", "return pair_computation.sum()",
     "missing-1/m"),
    ("digits", "regularized_cost", "np.power(t1[:, 1:], 2) | np.power(t2[:, 1:], 2)",
     "np.power(t1, 2) | np.power(t2, 2)", "regularized-bias"),
    ("digits", "regularized_cost", "reg_t1 = (l / (2 * m)) | reg_t2 = (l / (2 * m))",
     "reg_t1 = (l / m) | reg_t2 = (l / m)", "l2-factor"),
    ("digits", "regularized_cost", "reg_t1 = (l / (2 * m)) | reg_t2 = (l / (2 * m))",
     "reg_t1 = (l / 2) | reg_t2 = (l / 2)", "missing-1/m"),
    ("digits", "sigmoid_gradient", "np.multiply(sigmoid(z), 1 - sigmoid(z))", "sigmoid(z)",
     "activation-derivative"),
    ("digits", "sigmoid_gradient", "np.multiply(sigmoid(z), 1 - sigmoid(z))",
     "np.multiply(z, 1 - z)", "activation-derivative"),
    ("digits", "random_init", "np.random.uniform(-0.12, 0.12, size)",
     "np.random.rand(size) * 0.12", "init-scale"),
    ("digits", "random_init", "np.random.uniform(-0.12, 0.12, size)",
     "np.random.randn(size) * 0.12", "init-scale"),
    ("digits", "gradient", "sigmoid_gradient(z2)", "sigmoid_gradient(a2[:, 1:])",
     "activation-derivative"),
    ("digits", "gradient", "delta2 = d3.T @ a2\n    delta1 = d2.T @ a1",
     "delta2 = a2.T @ d3\n    delta1 = a1.T @ d2", "transposed"),
    ("digits", "gradient", "    delta1 = delta1 / m\n    delta2 = delta2 / m\n", "",
     "missing-1/m"),
    ("digits", "gradient", "d3 = h - y", "d3 = y - h", "sign"),
    ("digits", "regularized_gradient", "    reg_term_d1[:, 0] = 0\n |     reg_term_d2[:, 0] = 0\n",
     " | ", "regularized-bias"),
    ("digits", "regularized_gradient", "(l / m) * t1 | (l / m) * t2",
     "(l / (2 * m)) * t1 | (l / (2 * m)) * t2", "l2-factor"),
    ("digits", "regularized_gradient", DIGITS_REG_TERMS,
     "    t1[:, 0] = 0\n    reg_term_d1 = (l / m) * t1\n"
     "    t2[:, 0] = 0\n    reg_term_d2 = (l / m) * t2\n", "mutates-input"),
    ("digits", "gradient_checking",
     "(cost(plus, X, y) - cost(minus, X, y)) / (epsilon * 2)",
     "(cost(plus, X, y) - cost(theta, X, y)) / epsilon", "gradcheck-formula"),
    ("digits", "gradient_checking",
     "(cost(plus, X, y) - cost(minus, X, y)) / (epsilon * 2)",
     "(cost(plus, X, y) - cost(minus, X, y)) / epsilon", "gradcheck-formula"),
    ("digits", "gradient_checking",
     "diff = np.linalg.norm(numeric_grad - analytic_grad) / np.linalg.norm(\n"
     "        numeric_grad + analytic_grad\n    )",
     "diff = np.linalg.norm(numeric_grad - analytic_grad)", "gradcheck-formula"),
    ("digits", "gradient_checking",
     "(cost(plus, X, y) - cost(minus, X, y)) / (epsilon * 2)",
     "(cost(minus, X, y) - cost(plus, X, y)) / (epsilon * 2)", "sign"),
]  # fmt: skip


def _mistake_id(row: tuple[str, str, str, str, str]) -> str:
    return f"{row[0]}:{row[1]}:{row[4]}:{MISTAKES.index(row)}"


def _assert_named(report: Any, function: str, code: str) -> None:
    found = statuses(report)
    status, codes = found[function]
    assert status in ("fail", "error"), report.text()
    assert code in codes, report.text()
    # No false alarms: any other failure is one that calls a failing function, and says so.
    for other in report.functions:
        if other.name != function and other.status != "pass":
            told = other.note or other.message
            assert told.startswith(("it calls ", "not run: it calls ")), report.text()


#: The planted mistakes of the default (fast) run; CI runs them all, and in notebooks too.
FAST = {
    ("logistic_regression", "propagate", "missing-1/m"),
    ("logistic_regression", "optimize", "mutates-input"),
    ("logistic_regression", "predict", "hardcoded"),
    ("planar", "initialize_parameters", "init-order"),
    ("planar", "backward_propagation", "activation-derivative"),
    ("deep", "linear_forward", "cache"),
    ("initialization", "initialize_parameters_random", "init-order"),
    ("regularization", "forward_propagation_with_dropout", "cache"),
    ("gradient_checking", "gradient_check", "gradcheck-formula"),
    ("optimization", "update_parameters_with_adam", "adam-epsilon"),
    ("digits", "regularized_gradient", "mutates-input"),
}
PARAMS = [
    pytest.param(
        row, id=_mistake_id(row), marks=() if (row[0], row[1], row[4]) in FAST else pytest.mark.slow
    )
    for row in MISTAKES
]


@pytest.mark.parametrize("row", PARAMS)
def test_planted_mistake_is_named(row: tuple[str, str, str, str, str], tmp_path: Path) -> None:
    lab, function, old, new, code = row
    path = tmp_path / "mine.py"
    path.write_text(planted(lab, old, new))
    report = check(str(path), seed=SEED)
    _assert_named(report, function, code)
    assert report.exit_code == 1


#: In notebooks too: the first planted mistake of every graded function that has one
#: (all of them run as .py files above; a notebook changes how the code is read, not
#: how it is graded).
IN_NOTEBOOKS = list({(row[0], row[1]): row for row in reversed(MISTAKES)}.values())[::-1]


def test_enough_planted_mistakes_in_both_forms() -> None:
    assert len(MISTAKES) >= 40 and len(IN_NOTEBOOKS) >= 40


@pytest.mark.slow
@pytest.mark.parametrize("row", IN_NOTEBOOKS, ids=_mistake_id)
def test_planted_mistake_is_named_in_a_notebook(
    row: tuple[str, str, str, str, str], tmp_path: Path
) -> None:
    lab, function, old, new, code = row
    report = check(str(notebook(planted(lab, old, new), tmp_path / "mine.ipynb")), seed=SEED + 7)
    _assert_named(report, function, code)


@pytest.mark.slow
def test_an_endless_loop_is_stopped_and_the_rest_still_reported(tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    loop = "s = 1 / (1 + np.exp(-z))\n    while s is not None:\n        s = s"
    path.write_text(planted("logistic_regression", "s = 1 / (1 + np.exp(-z))", loop))
    report = check(str(path), seed=SEED)
    _assert_named(report, "sigmoid", "timeout")
    assert statuses(report)["initialize_with_zeros"] == ("pass", [])


def test_an_older_course_form_passes_and_is_diagnosed_in_its_own_form(tmp_path: Path) -> None:
    """The 2019 Adam returned ``(parameters, v, s)``: right values in that form pass, and a
    wrong step in that form is named (not reported as a tuple of the wrong length)."""
    old = "return parameters, v, s, v_corrected, s_corrected"
    path = tmp_path / "mine.py"
    path.write_text(planted("optimization", old, "return parameters, v, s"))
    assert statuses(check(str(path), seed=SEED))["update_parameters_with_adam"] == ("pass", [])
    epsilon = "(np.sqrt(s_corrected[key]) + epsilon)"
    inside = "np.sqrt(s_corrected[key] + epsilon)"
    path.write_text(
        planted("optimization", f"{old} | {epsilon}", f"return parameters, v, s | {inside}")
    )
    report = check(str(path), seed=SEED)
    _assert_named(report, "update_parameters_with_adam", "adam-epsilon")
    adam = {f.name: f for f in report.functions}["update_parameters_with_adam"]
    assert adam.message.startswith("values: "), report.text()


def test_every_code_has_a_hint() -> None:
    assert {row[4] for row in MISTAKES} <= set(HINTS)


def test_a_lab_with_conventions_of_its_own_has_hints_of_its_own() -> None:
    """The digits lab keeps one example per row: its hints say so, the other labs' do not."""
    from neuronlab.check.compare import LAB_HINTS
    from neuronlab.check.report import CheckReport, FunctionResult

    assert set(LAB_HINTS) <= set(LABS)
    assert all(set(hints) <= set(HINTS) for hints in LAB_HINTS.values())
    result = FunctionResult("cost", "fail", ["missing-1/m", "keepdims"], "values: cost(…)")
    digits = CheckReport("digits", 1, "mine.py", [result])
    assert "rows of X" in digits.text() and "rows of X" in digits._repr_html_()
    assert HINTS["keepdims"] in digits.text()  # a code the lab does not reword
    assert "columns of X" in CheckReport("planar", 1, "mine.py", [result]).text()


# ------------------------------------------------------------------------ the command
def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "neuronlab.cli", "check", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def _user_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("neuronlab: error: "), proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_cli_failure_exit_1_and_json(tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    path.write_text(planted("planar", "A1 = np.tanh(Z1)", "A1 = sigmoid(Z1)"))
    proc = _cli(str(path), "--json", str(tmp_path / "out.json"), "--seed", "5")
    assert proc.returncode == 1, proc.stderr
    assert "✗ forward_propagation" in proc.stdout and "wrong-activation" in proc.stdout
    assert "--seed 5" in proc.stdout
    result = json.loads((tmp_path / "out.json").read_text())
    assert set(result) >= {"lab", "seed", "functions", "passed", "failed"}
    assert (result["lab"], result["seed"]) == ("planar", 5)
    # forward_propagation fails, and so do nn_model and predict, which call it
    assert (result["passed"], result["failed"]) == (5, 3)
    first = result["functions"][2]
    assert first["name"] == "forward_propagation" and first["status"] == "fail"
    assert first["diagnoses"] == ["wrong-activation"] and first["message"]
    assert {f["status"] for f in result["functions"]} == {"pass", "fail"}


def test_cli_pass_exit_0_and_seed_printed(tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    path.write_text(learner("logistic_regression"))
    proc = _cli(str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "6 of 6" in proc.stdout and "--seed " in proc.stdout


@pytest.mark.parametrize(
    ("content", "name", "fragments"),
    [
        (None, "absent.py", ["PATH", "absent.py"]),
        ("def sigmoid(z):\n    return 1 / (1 + np.exp(-z)\n", "bad.py", ["line 2"]),
        ("\x00\x01binary", "bad.py", ["PATH"]),
        ("{not json", "bad.ipynb", ["PATH", "notebook"]),
        ("def hello():\n    return 1\n", "other.py", ["no graded function"]),
        ("x = 1\n", "notes.txt", ["PATH", ".py"]),
    ],
)
def test_cli_bad_input_is_one_line(
    content: str | None, name: str, fragments: list[str], tmp_path: Path
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    _user_error(_cli(str(path)), *fragments)


def test_cli_refuses_json_over_the_learners_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    path.write_text(learner("planar"))
    before = path.read_text()
    _user_error(_cli("mine.py", "--json", str(path), "--seed", "1", cwd=tmp_path), "--json", "PATH")
    assert path.read_text() == before


def test_unknown_lab_names_the_choices(tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    path.write_text(learner("planar"))
    _user_error(_cli(str(path), "--lab", "nope"), "--lab")
    with pytest.raises(SourceError, match="obj"):
        check(42)
    assert isinstance(np.zeros(1), np.ndarray)


@pytest.mark.parametrize("lab", ["deep_app", "deep", "3.3"])
def test_the_application_notebook_is_found_by_any_name_of_its_lab(lab: str, tmp_path: Path) -> None:
    """3.3 is two notebooks; --lab deep or 3.3 on the cat application checks that one."""
    path = tmp_path / "mine.py"
    path.write_text(learner("deep_app"))
    proc = _cli(str(path), "--lab", lab, "--seed", "3")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "as lab deep_app" in proc.stdout and "2 of 2 functions found pass" in proc.stdout


def test_a_function_without_source_is_not_called_missing() -> None:
    """Typed at a Python prompt, a function has no source to rebuild in the child: it
    was reported "not found (no function of that name)"."""
    namespace: dict[str, Any] = {"np": np, "__name__": "__main__"}  # as at a prompt
    exec(compile("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n", "<stdin>", "exec"),
         namespace)  # fmt: skip
    report = check(namespace["sigmoid"], lab="logistic_regression", seed=SEED)
    assert "sigmoid: its source is not available (typed at a Python prompt?)" in report.text()
    assert "sigmoid: not found (no function of that name)" not in report.text()
