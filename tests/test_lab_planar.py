"""Lab 3.2 facade (shallow net on planar data): contracts, random streams, published numbers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from neuronlab import datasets
from neuronlab.experiments import planar as experiment
from neuronlab.labs import planar as lab

# REFERENCE §2 (2021+ printing); from iteration 7000 on printings differ in the 4th decimal
PUBLISHED_COSTS = [
    0.693162,
    0.258625,
    0.239334,
    0.230802,
    0.225528,
    0.221845,
    0.219094,
    0.220639,
    0.219403,
    0.218483,
]
PUBLISHED_SWEEP = {1: 67.5, 2: 67.25, 3: 90.75, 4: 90.5, 5: 91.25, 20: 91.0, 50: 90.25}


@pytest.fixture(scope="module")
def flower():
    return lab.load_planar_dataset()


@pytest.fixture
def restore_global_state():
    state = np.random.get_state()
    yield
    np.random.set_state(state)


def same_state(s1, s2) -> bool:
    return s1[0] == s2[0] and np.array_equal(s1[1], s2[1]) and s1[2:] == s2[2:]


def example_parameters():
    """The 2021+ notebook's forward_propagation test case."""
    r = np.random.RandomState(1)
    r.randn(2, 3)
    b1 = r.randn(4, 1)
    return {
        "W1": np.array(
            [
                [-0.00416758, -0.00056267],
                [-0.02136196, 0.01640271],
                [-0.01793436, -0.00841747],
                [0.00502881, -0.01245288],
            ]
        ),
        "b1": b1,
        "W2": np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]),
        "b2": np.array([[-1.3]]),
    }


def reference_forward_backward(parameters, X, Y):
    """The lab's formulas written out independently (test oracle)."""
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    m = X.shape[1]
    A1 = np.tanh(W1 @ X + b1)
    A2 = 1 / (1 + np.exp(-(W2 @ A1 + b2)))
    dZ2 = A2 - Y
    dZ1 = W2.T @ dZ2 * (1 - A1**2)
    grads = {
        "dW1": dZ1 @ X.T / m,
        "db1": dZ1.sum(axis=1, keepdims=True) / m,
        "dW2": dZ2 @ A1.T / m,
        "db2": dZ2.sum(axis=1, keepdims=True) / m,
    }
    return A2, grads


# ----------------------------------------------------------------- data
def test_loaders_are_the_generated_sets(flower):
    X, Y = flower
    X0, Y0 = datasets.planar_flower()  # bit-identity with the lab's recipe: tests/test_data.py
    assert X.shape == (2, 400) and Y.shape == (1, 400) and Y.dtype == np.uint8
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)
    state = np.random.get_state()
    extra = lab.load_extra_datasets()
    np.random.set_state(state)
    expected = datasets.planar_extra()
    assert len(extra) == 5
    for k, ((Xe, ye), (Xx, Yx)) in enumerate(zip(extra, expected)):
        assert Xe.shape == (200, 2) and ye.shape == ((200, 2) if k == 4 else (200,))  # the lab's
        np.testing.assert_array_equal(Xe, Xx.T)
        np.testing.assert_array_equal(ye, Yx.T if k == 4 else Yx[0])


# ----------------------------------------------------------------- functions
def test_layer_sizes():
    assert lab.layer_sizes(np.zeros((5, 3)), np.zeros((2, 3))) == (5, 4, 2)
    with pytest.raises(ValueError, match="X, Y"):
        lab.layer_sizes(np.zeros(3), np.zeros((1, 3)))


def test_initialize_parameters_draws_from_the_global_stream(restore_global_state):
    np.random.seed(2)
    p = lab.initialize_parameters(2, 4, 1)
    assert list(p) == ["W1", "b1", "W2", "b2"]
    np.testing.assert_allclose(
        p["W1"],
        [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271],
         [-0.01793436, -0.00841747], [0.00502881, -0.01245288]],
        atol=1e-8,
    )  # fmt: skip
    np.testing.assert_allclose(
        p["W2"], [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]], atol=1e-8
    )
    assert p["b1"].shape == (4, 1) and not p["b1"].any() and p["b2"].shape == (1, 1)
    r = np.random.RandomState(2)
    np.testing.assert_array_equal(p["W1"], r.randn(4, 2) * 0.01)  # W1 first, bit for bit
    np.testing.assert_array_equal(p["W2"], r.randn(1, 4) * 0.01)
    assert np.random.randn() == r.randn()  # the global stream advanced by exactly 12 draws


def test_forward_propagation_example():
    r = np.random.RandomState(1)
    X = r.randn(2, 3)
    parameters = example_parameters()
    A2, cache = lab.forward_propagation(X, parameters)
    np.testing.assert_allclose(A2, [[0.21292656, 0.21274673, 0.21295976]], atol=1e-8)
    assert set(cache) == {"Z1", "A1", "Z2", "A2"}
    assert cache["Z1"].shape == cache["A1"].shape == (4, 3) and cache["A2"].shape == (1, 3)
    ref_A2, _ = reference_forward_backward(parameters, X, np.zeros((1, 3)))
    np.testing.assert_allclose(A2, ref_A2, rtol=1e-14)
    np.testing.assert_allclose(cache["A1"], np.tanh(cache["Z1"]), rtol=1e-15)


def test_compute_cost_forms():
    Y = np.array([[True, False, False]])
    A2 = np.array([[0.5002307, 0.49985831, 0.50023963]])
    cost = lab.compute_cost(A2, Y)
    assert type(cost) is float
    assert cost == pytest.approx(0.6930587610394646, abs=1e-12)
    assert lab.compute_cost(A2[0], Y) == cost  # 1-D A2
    assert lab.compute_cost(A2, Y, example_parameters()) == cost  # older call form
    with pytest.raises(ValueError, match="A2"):
        lab.compute_cost(A2[:, :2], Y)


def test_backward_propagation_and_update_do_not_mutate():
    r = np.random.RandomState(1)
    X, Y = r.randn(2, 3), (r.randn(1, 3) > 0)
    parameters = example_parameters()
    snapshot = {k: a.copy() for k, a in parameters.items()}
    _, cache = lab.forward_propagation(X, parameters)
    cache_copy = {k: a.copy() for k, a in cache.items()}
    grads = lab.backward_propagation(parameters, cache, X, Y)
    assert list(grads) == ["dW1", "db1", "dW2", "db2"]
    _, ref = reference_forward_backward(parameters, X, Y)
    for k in ref:
        assert grads[k].shape == ref[k].shape
        np.testing.assert_allclose(grads[k], ref[k], rtol=1e-12, atol=1e-18)
    new = lab.update_parameters(parameters, grads)
    for k in parameters:
        np.testing.assert_allclose(new[k], parameters[k] - 1.2 * grads["d" + k], rtol=1e-15)
        np.testing.assert_array_equal(parameters[k], snapshot[k])
        assert new[k] is not parameters[k]
    for k in cache:
        np.testing.assert_array_equal(cache[k], cache_copy[k])
    with pytest.raises(ValueError, match="grads: missing"):
        lab.update_parameters(parameters, {"dW1": grads["dW1"]})


def test_predict_is_boolean_and_accuracy_formula():
    parameters = example_parameters()
    X = np.random.RandomState(1).randn(2, 3)
    p = lab.predict(parameters, X)
    assert p.dtype == bool and p.shape == (1, 3) and not p.any()
    Y = np.array([[0, 1, 0]], dtype=np.uint8)
    assert lab.accuracy(p, Y) == pytest.approx(200 / 3)
    big = np.ones((1, 400), dtype=np.uint8)  # no uint8 overflow in the dot products
    assert lab.accuracy(np.ones((1, 400), dtype=bool), big) == 100.0


def test_nn_model_seeds_the_global_stream_with_3(flower, restore_global_state, capsys):
    X, Y = flower
    np.random.seed(123)
    p = lab.nn_model(X, Y, n_h=4, num_iterations=1001, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["Cost after iteration 0: 0.693162", "Cost after iteration 1000: 0.258625"]
    assert set(p) == {"W1", "b1", "W2", "b2"} and p["W1"].shape == (4, 2)
    r = np.random.RandomState(3)
    r.randn(12)  # what initialize_parameters drew after the lab's np.random.seed(3)
    assert same_state(np.random.get_state(), r.get_state())


def test_nn_model_headline_curve_and_accuracy(flower, restore_global_state):
    X, Y = flower
    parameters = lab.nn_model(X, Y, n_h=4, num_iterations=10000)
    net, history = lab.train(X, Y, num_iterations=10000)
    _, costs = history.recorded(1000)
    np.testing.assert_allclose(costs[:7], PUBLISHED_COSTS[:7], atol=1e-6)
    np.testing.assert_allclose(costs[7:], PUBLISHED_COSTS[7:], atol=1e-4)
    predictions = lab.predict(parameters, X)
    assert lab.accuracy(predictions, Y) == 90.75
    for k, a in net.parameters.items():
        np.testing.assert_array_equal(parameters[k], a)  # nn_model and the recipe: same run


def test_model_write_up_form(flower):
    X, Y = flower
    idx = np.random.RandomState(0).permutation(400)
    tr, te = idx[:320], idx[320:]
    before = np.random.get_state()
    parameters, costs = lab.model(
        X[:, tr], Y[:, tr], X[:, te], Y[:, te], n_h=4, num_iterations=2001, print_cost=False
    )
    assert same_state(before, np.random.get_state())
    assert type(costs) is list and len(costs) == 3 and all(type(c) is float for c in costs)
    assert costs[0] == pytest.approx(0.6931, abs=1e-3) and costs[-1] < 0.3
    assert lab.accuracy(lab.predict(parameters, X[:, te]), Y[:, te]) > 80
    relu_params, _ = lab.model(
        X[:, tr],
        Y[:, tr],
        X[:, te],
        Y[:, te],
        num_iterations=10,
        print_cost=False,
        hidden_activation="relu",
        learning_rate=0.1,
    )
    assert lab.predict(relu_params, X, hidden_activation="relu").shape == (1, 400)


@pytest.mark.slow
def test_hidden_size_sweep(flower, restore_global_state):
    X, Y = flower
    for n_h, published in PUBLISHED_SWEEP.items():
        p = lab.nn_model(X, Y, n_h, num_iterations=5000)
        ours = lab.accuracy(lab.predict(p, X), Y)
        if n_h <= 5:
            assert ours == published, n_h
        else:
            assert abs(ours - published) <= 0.5, (n_h, ours)


def test_logistic_regression_baseline(flower):
    result = experiment.baseline(*flower)
    assert result["accuracy"] == 47.0


def test_experiment_quick_smoke():
    before = np.random.get_state()
    result = experiment.run(quick=True)
    assert same_state(before, np.random.get_state())
    json.dumps(result)
    assert result["lab"] == "3.2" and not result["comparable"]
    assert set(result["runs"]) == {"baseline", "n_h=4", "sweep", "activations"}
    assert set(result["runs"]["sweep"]) == {str(n) for n in PUBLISHED_SWEEP}
    assert set(result["runs"]["activations"]["runs"]) == {"sigmoid", "tanh", "relu", "leaky_relu"}
    assert np.shape(result["runs"]["n_h=4"]["parameters"]["W1"]) == (4, 2)


@pytest.mark.slow
def test_experiment_full_all_metrics_ok():
    result = experiment.run()
    bad = [m for m in result["metrics"] if m["ok"] is False]
    assert not bad, bad
    assert sum(m["ok"] is True for m in result["metrics"]) == 1 + 10 + 1 + 7
