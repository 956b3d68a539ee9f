"""Lab 3.5 (regularization): facade contracts, the lab's formulas, published numbers.

Published numbers (REFERENCE.md §5, tolerances §9): costs at 0 / 10000 / 20000 relative
1e-8, train/test accuracies exact.  Tests on the football set need the real data file
(``@pytest.mark.data``) and skip cleanly when it cannot be found.
"""

# The reference formulas below draw from NumPy's legacy streams on purpose (the lab's).
# ruff: noqa: NPY002

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from neuronlab.data import DataFileError
from neuronlab.experiments import regularization as experiment
from neuronlab.labs import regularization as lab

PUBLISHED = experiment.PUBLISHED


@pytest.fixture(scope="module")
def football():
    try:
        return lab.load_2D_dataset()
    except DataFileError as exc:
        pytest.skip(f"football data not available: {exc}")


def same_state(s1, s2) -> bool:
    return s1[0] == s2[0] and np.array_equal(s1[1], s2[1]) and s1[2:] == s2[2:]


# --- the lab's formulas, written out independently ----------------------------------


def ref_forward(X, p, D=None, keep_prob=1.0):
    Z1 = p["W1"] @ X + p["b1"]
    A1 = np.maximum(0, Z1)
    if D is not None:
        A1 = A1 * D[0] / keep_prob
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = np.maximum(0, Z2)
    if D is not None:
        A2 = A2 * D[1] / keep_prob
    Z3 = p["W3"] @ A2 + p["b3"]
    A3 = 1 / (1 + np.exp(-Z3))
    return A3, (Z1, A1, Z2, A2, Z3, A3)


def ref_backward(X, Y, p, acts, lambd=0.0, D=None, keep_prob=1.0):
    m = X.shape[1]
    Z1, A1, Z2, A2, Z3, A3 = acts
    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m + lambd / m * p["W3"]
    db3 = dZ3.sum(axis=1, keepdims=True) / m
    dA2 = p["W3"].T @ dZ3
    if D is not None:
        dA2 = dA2 * D[1] / keep_prob
    dZ2 = dA2 * (A2 > 0)
    dW2 = dZ2 @ A1.T / m + lambd / m * p["W2"]
    db2 = dZ2.sum(axis=1, keepdims=True) / m
    dA1 = p["W2"].T @ dZ2
    if D is not None:
        dA1 = dA1 * D[0] / keep_prob
    dZ1 = dA1 * (A1 > 0)
    dW1 = dZ1 @ X.T / m + lambd / m * p["W1"]
    db1 = dZ1.sum(axis=1, keepdims=True) / m
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2,
            "db2": db2, "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}  # fmt: skip


def lab_masks(shapes, keep_prob):
    """What the lab's forward draws after np.random.seed(1) (restoring the global state)."""
    state = np.random.get_state()
    try:
        np.random.seed(1)
        return [np.random.rand(*s) < keep_prob for s in shapes]
    finally:
        np.random.set_state(state)


def small_problem(seed=0, m=9):
    r = np.random.RandomState(seed)
    X = r.randn(2, m)
    Y = (r.rand(1, m) > 0.5).astype(int)
    return X, Y, lab.initialize_parameters([2, 20, 3, 1])


def assert_grads(ours, expected):
    assert list(ours) == list(expected)  # the lab's keys, in its order
    for k in expected:
        assert ours[k].shape == expected[k].shape, k
        np.testing.assert_allclose(ours[k], expected[k], rtol=1e-12, atol=1e-14, err_msg=k)


def printed_costs(text: str) -> dict[int, float]:
    return {int(i): float(c) for i, c in re.findall(r"Cost after iteration (\d+): (\S+)", text)}


# --- data ------------------------------------------------------------------------------


@pytest.mark.data
def test_load_2D_dataset(football):
    train_X, train_Y, test_X, test_Y = football
    assert train_X.shape == (2, 211) and train_Y.shape == (1, 211)
    assert test_X.shape == (2, 200) and test_Y.shape == (1, 200)
    assert set(np.unique(train_Y)) <= {0, 1}


@pytest.mark.data
def test_load_2D_dataset_csv_form_gives_the_same_split(football):
    split = lab.load_2D_dataset(test_size=200)
    for a, b in zip(split, football, strict=True):
        assert np.array_equal(a, b)
    assert lab.load_2D_dataset(test_size=11)[2].shape == (2, 11)
    with pytest.raises(ValueError, match="test_size"):
        lab.load_2D_dataset(test_size=411)


# --- helpers ---------------------------------------------------------------------------


def test_initialize_parameters_is_the_seed_3_stream():
    dims = [2, 20, 3, 1]
    before = np.random.get_state()
    p = lab.initialize_parameters(dims)
    assert same_state(before, np.random.get_state())
    r = np.random.RandomState(3)
    assert list(p) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    for l in range(1, 4):
        expected = r.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
        np.testing.assert_array_equal(p[f"W{l}"], expected)
        assert p[f"b{l}"].shape == (dims[l], 1) and not p[f"b{l}"].any()


def test_forward_and_backward_match_the_lab():
    X, Y, p = small_problem()
    A3, cache = lab.forward_propagation(X, p)
    ref_A3, acts = ref_forward(X, p)
    assert isinstance(cache, tuple) and len(cache) == 12
    np.testing.assert_allclose(A3, ref_A3, rtol=1e-13)
    assert_grads(lab.backward_propagation(X, Y, cache), ref_backward(X, Y, p, acts))


# --- L2 --------------------------------------------------------------------------------


def test_compute_cost_with_regularization_course_value():
    # the notebook's test case and its printed value
    r = np.random.RandomState(1)  # the notebook's np.random.seed(1)
    Y = np.array([[1, 1, 0, 1, 0]])
    p = {}
    for k, shape in (("W1", (2, 3)), ("b1", (2, 1)), ("W2", (3, 2)), ("b2", (3, 1)),
                     ("W3", (1, 3)), ("b3", (1, 1))):  # fmt: skip
        p[k] = r.randn(*shape)
    a3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
    cost = lab.compute_cost_with_regularization(a3, Y, p, lambd=0.1)
    assert isinstance(cost, float)
    assert cost == pytest.approx(1.7864859451590758, rel=1e-8)


def test_compute_cost_with_regularization_formula():
    X, Y, p = small_problem(1)
    A3, _ = lab.forward_propagation(X, p)
    m = X.shape[1]
    cross = -np.sum(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)) / m
    l2 = 0.7 / (2 * m) * sum(np.sum(p[f"W{l}"] ** 2) for l in (1, 2, 3))
    assert lab.compute_cost_with_regularization(A3, Y, p, 0.7) == pytest.approx(
        cross + l2, rel=1e-13
    )
    assert lab.compute_cost_with_regularization(A3, Y, p, 0) == lab.compute_cost(A3, Y)
    with pytest.raises(ValueError, match="lambd"):
        lab.compute_cost_with_regularization(A3, Y, p, -1)


def test_backward_with_regularization_matches_the_lab():
    X, Y, p = small_problem(2)
    _, cache = lab.forward_propagation(X, p)
    saved = [c.copy() for c in cache]
    grads = lab.backward_propagation_with_regularization(X, Y, cache, 0.7)
    assert_grads(grads, ref_backward(X, Y, p, ref_forward(X, p)[1], lambd=0.7))
    assert all(np.array_equal(a, b) for a, b in zip(cache, saved, strict=True))


# --- dropout ---------------------------------------------------------------------------


def test_dropout_forward_uses_the_labs_seed_1_masks():
    X, _, p = small_problem(3)
    m = X.shape[1]
    before = np.random.get_state()
    A3, cache = lab.forward_propagation_with_dropout(X, p, keep_prob=0.7)
    assert same_state(before, np.random.get_state()), "global NumPy state was touched"
    assert isinstance(cache, tuple) and len(cache) == 14
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3c, W3, b3 = cache
    D = lab_masks([(20, m), (3, m)], 0.7)
    assert np.array_equal(D1, D[0]) and np.array_equal(D2, D[1])
    ref_A3, acts = ref_forward(X, p, D, 0.7)
    np.testing.assert_allclose(A3, ref_A3, rtol=1e-13)
    np.testing.assert_allclose(A1, acts[1], rtol=1e-13)
    assert A3c is A3 and W2 is p["W2"]
    # reseeded at every call: the same units are dropped every time
    _, again = lab.forward_propagation_with_dropout(X, p, keep_prob=0.7)
    assert np.array_equal(again[1], D1) and np.array_equal(again[6], D2)


def test_dropout_backward_matches_the_lab():
    X, Y, p = small_problem(4)
    _, cache = lab.forward_propagation_with_dropout(X, p, keep_prob=0.8)
    D = [cache[1], cache[6]]
    grads = lab.backward_propagation_with_dropout(X, Y, cache, 0.8)
    assert_grads(grads, ref_backward(X, Y, p, ref_forward(X, p, D, 0.8)[1], D=D, keep_prob=0.8))


def test_dropout_bad_keep_prob():
    X, _, p = small_problem(5)
    for bad in (0, 1.5, -0.1):
        with pytest.raises(ValueError, match="keep_prob"):
            lab.forward_propagation_with_dropout(X, p, keep_prob=bad)


def test_bad_cache():
    X, Y, p = small_problem(6)
    _, cache = lab.forward_propagation(X, p)
    with pytest.raises(ValueError, match="cache"):
        lab.backward_propagation_with_dropout(X, Y, cache, 0.8)  # no masks in it
    with pytest.raises(TypeError, match="cache"):
        lab.backward_propagation(X, Y, {"A3": 1})


# --- model -----------------------------------------------------------------------------


def test_model_refuses_l2_with_dropout():
    X, Y, _ = small_problem(7)
    with pytest.raises(ValueError, match="lambd, keep_prob"):
        lab.model(X, Y, lambd=0.7, keep_prob=0.86, num_iterations=1)
    with pytest.raises(ValueError, match="keep_prob"):
        lab.model(X, Y, keep_prob=0, num_iterations=1)


@pytest.mark.data
@pytest.mark.parametrize(("name", "kwargs"), [("none", {}), ("l2", {"lambd": 0.7}),
                                             ("dropout", {"keep_prob": 0.86})])  # fmt: skip
def test_model_first_printed_cost(football, capsys, name, kwargs):
    train_X, train_Y, _, _ = football
    p = lab.model(train_X, train_Y, num_iterations=2, **kwargs)
    costs = printed_costs(capsys.readouterr().out)
    assert list(costs) == [0]
    assert costs[0] == pytest.approx(PUBLISHED[name][0][0], rel=1e-8)
    assert [p[k].shape for k in p] == [(20, 2), (20, 1), (3, 20), (3, 1), (1, 3), (1, 1)]


@pytest.mark.data
def test_quick_experiment_is_json(football):
    result = experiment.run(quick=True)
    json.dumps(result)
    assert result["quick"] is True and set(result["runs"]) == {"none", "l2", "dropout"}
    assert result["runs"]["l2"]["decision_boundary_axes"] == [-0.75, 0.40, -0.75, 0.65]


@pytest.mark.slow
@pytest.mark.data
def test_experiment_reproduces_every_published_number(football):
    result = experiment.run()
    bad = [m for m in result["metrics"] if m["ok"] is False]
    assert not bad, bad
    assert len(result["metrics"]) == 15
    for name, (costs, train_acc, test_acc) in PUBLISHED.items():
        run = result["runs"][name]
        assert [run["costs"][i] for i in (0, 10, 20)] == pytest.approx(costs, rel=1e-8)
        assert (run["train_accuracy"], run["test_accuracy"]) == (train_acc, test_acc)


@pytest.mark.slow
@pytest.mark.data
@pytest.mark.parametrize(("name", "kwargs"), [("none", {}), ("l2", {"lambd": 0.7}),
                                             ("dropout", {"keep_prob": 0.86})])  # fmt: skip
def test_facade_model_reproduces_the_published_runs(football, capsys, name, kwargs):
    train_X, train_Y, test_X, test_Y = football
    p = lab.model(train_X, train_Y, **kwargs)
    costs = printed_costs(capsys.readouterr().out)
    published_costs, train_acc, test_acc = PUBLISHED[name]
    assert [costs[i] for i in (0, 10000, 20000)] == pytest.approx(published_costs, rel=1e-8)
    lab.predict(train_X, train_Y, p)
    lab.predict(test_X, test_Y, p)
    assert capsys.readouterr().out == f"Accuracy: {train_acc}\nAccuracy: {test_acc}\n"
