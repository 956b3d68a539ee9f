"""Lab 3.1 facade (logistic regression, cat vs non-cat): contracts and published numbers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from neuronlab.data import DataFileError
from neuronlab.experiments import logistic_regression as experiment
from neuronlab.labs import logistic_regression as lab

# REFERENCE §1: the headline run's 20 printed costs (6 decimals) and accuracies
PUBLISHED_COSTS = [
    0.693147, 0.584508, 0.466949, 0.376007, 0.331463, 0.303273, 0.279880, 0.260042,
    0.242941, 0.228004, 0.214820, 0.203078, 0.192544, 0.183033, 0.174399, 0.166521,
    0.159305, 0.152667, 0.146542, 0.140872,
]  # fmt: skip
PUBLISHED_LR = {
    0.01: (99.52153110047847, 68.0),
    0.001: (88.99521531100478, 64.0),
    0.0001: (68.42105263157895, 36.0),
}


def global_state():
    return np.random.get_state()[1].copy(), np.random.get_state()[2]


@pytest.fixture(scope="module")
def cat():
    """``(X_train (12288, 209), Y_train, X_test (12288, 50), Y_test)`` or skip."""
    try:
        train_x, train_y, test_x, test_y, _ = lab.load_dataset()
    except DataFileError as err:
        pytest.skip(f"cat data not available: {err}")
    return lab.flatten_images(train_x), train_y, lab.flatten_images(test_x), test_y


def reference_propagate(w, b, X, Y):
    """The lab's formulas written out independently (test oracle)."""
    m = X.shape[1]
    A = 1 / (1 + np.exp(-(w.T @ X + b)))
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    return X @ (A - Y).T / m, np.sum(A - Y) / m, cost


# ----------------------------------------------------------------- functions
def test_sigmoid_example_and_types():
    np.testing.assert_allclose(lab.sigmoid(np.array([0, 2])), [0.5, 0.88079708], atol=1e-8)
    assert lab.sigmoid(0) == 0.5
    assert isinstance(lab.sigmoid(np.zeros((2, 3))), np.ndarray)
    assert lab.sigmoid(np.zeros((2, 3))).shape == (2, 3)
    assert np.isfinite(lab.sigmoid(np.array([-1000.0, 1000.0]))).all()


def test_initialize_with_zeros_types():
    w, b = lab.initialize_with_zeros(2)
    assert isinstance(w, np.ndarray) and w.shape == (2, 1) and w.dtype == np.float64
    assert not w.any()
    assert type(b) is float and b == 0.0
    with pytest.raises(ValueError, match="dim"):
        lab.initialize_with_zeros(0)
    with pytest.raises(TypeError, match="dim"):
        lab.initialize_with_zeros(2.5)


@pytest.mark.parametrize(
    "w, b, X, Y, dw, db, cost",
    [
        # the 2021+ notebook's example
        (
            [[1.0], [2.0]], 1.5, [[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]], [[1, 1, 0]],
            [[0.25071532], [-0.06604096]], -0.1250040450043965, 0.15900537707692405,
        ),
        # the 2021+ public test
        (
            [[1.0], [2.0], [-1]], 2.5,
            [[1.0, 2.0, -1.0, 0], [3.0, 4.0, -3.2, 1], [3.0, 4.0, -3.2, -3.5]], [[1, 1, 0, 0]],
            [[-0.03909333], [0.12501464], [-0.99960809]], 0.288106326429569, 2.0424567983978403,
        ),
    ],
)  # fmt: skip
def test_propagate_examples_and_types(w, b, X, Y, dw, db, cost):
    w, X, Y = np.array(w), np.array(X), np.array(Y)
    copies = w.copy(), X.copy(), Y.copy()
    grads, c = lab.propagate(w, b, X, Y)
    assert set(grads) == {"dw", "db"}
    assert isinstance(grads["dw"], np.ndarray) and grads["dw"].shape == w.shape
    assert type(grads["db"]) is np.float64
    assert isinstance(c, np.ndarray) and c.shape == ()
    np.testing.assert_allclose(grads["dw"], dw, atol=1e-8)
    assert grads["db"] == pytest.approx(db, abs=1e-12)
    assert float(c) == pytest.approx(cost, abs=1e-12)
    ref_dw, ref_db, ref_cost = reference_propagate(w, b, X, Y)
    np.testing.assert_allclose(grads["dw"], ref_dw, rtol=1e-12, atol=1e-15)
    assert grads["db"] == pytest.approx(ref_db, rel=1e-12)
    assert float(c) == pytest.approx(ref_cost, rel=1e-12)
    for a, a0 in zip((w, X, Y), copies):
        np.testing.assert_array_equal(a, a0)


def test_optimize_public_example_and_types():
    w, b = np.array([[1.0], [2.0]]), 2.0
    X, Y = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])
    params, grads, costs = lab.optimize(w, b, X, Y, num_iterations=101, learning_rate=0.1)
    assert type(costs) is list and len(costs) == 2
    assert all(isinstance(c, np.ndarray) and c.shape == () for c in costs)
    np.testing.assert_allclose(costs, [5.80154532, 0.31057104], atol=1e-8)
    assert set(params) == {"w", "b"} and set(grads) == {"dw", "db"}
    assert isinstance(params["w"], np.ndarray) and params["w"].shape == (2, 1)
    np.testing.assert_allclose(params["w"], [[-0.70916784], [-0.42390859]], atol=1e-8)
    assert params["b"] == pytest.approx(2.26891346, abs=1e-8)
    np.testing.assert_allclose(grads["dw"], [[0.06188603], [-0.01407361]], atol=1e-8)
    assert grads["db"] == pytest.approx(-0.04709353, abs=1e-8)
    assert type(grads["db"]) is np.float64
    np.testing.assert_array_equal(w, [[1.0], [2.0]])  # not modified


def test_optimize_matches_hand_loop_and_prints(capsys):
    """Plain gradient descent, cost recorded before each update, printed every 100."""
    X, Y = np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]), np.array([[1, 1, 0]])
    w, b = np.array([[1.0], [2.0]]), 1.5
    params, grads, costs = lab.optimize(w, b, X, Y, 250, 0.009, print_cost=True)
    out = capsys.readouterr().out.splitlines()
    assert out == [f"Cost after iteration {i}: {float(c):f}" for i, c in zip((0, 100, 200), costs)]
    ww, bb, ref_costs = w.copy(), b, []
    for i in range(250):
        dw, db, cost = reference_propagate(ww, bb, X, Y)
        if i % 100 == 0:
            ref_costs.append(cost)
        ww, bb = ww - 0.009 * dw, bb - 0.009 * db
    np.testing.assert_allclose(np.array(costs, dtype=float), ref_costs, rtol=1e-12)
    np.testing.assert_allclose(params["w"], ww, rtol=1e-12)
    assert params["b"] == pytest.approx(bb, rel=1e-12)
    np.testing.assert_allclose(grads["dw"], dw, rtol=1e-12)


@pytest.mark.parametrize("iterations", [1, 12, 101])
def test_optimize_returns_the_last_gradient_on_wide_inputs_too(iterations):
    """n_x ≥ 2m: the engine trains in the dual form, which never forms dw."""
    r = np.random.default_rng(0)
    X, Y = r.standard_normal((40, 12)), (r.random((1, 12)) > 0.5).astype(float)
    w, b = r.standard_normal((40, 1)) * 0.1, 0.2
    params, grads, costs = lab.optimize(w, b, X, Y, iterations, 0.05)
    ww, bb, ref_costs = w.copy(), b, []
    for i in range(iterations):
        dw, db, cost = reference_propagate(ww, bb, X, Y)
        if i % 100 == 0:
            ref_costs.append(cost)
        ww, bb = ww - 0.05 * dw, bb - 0.05 * db
    np.testing.assert_allclose(grads["dw"], dw, rtol=1e-10)
    assert grads["db"] == pytest.approx(db, rel=1e-10)
    np.testing.assert_allclose(params["w"], ww, rtol=1e-10)
    np.testing.assert_allclose(np.array(costs, dtype=float), ref_costs, rtol=1e-10)


def test_predict_example_threshold_and_types():
    w, b = np.array([[0.1124579], [0.23106775]]), -0.3
    X = np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])
    p = lab.predict(w, b, X)
    assert p.shape == (1, 3) and p.dtype == np.float64
    np.testing.assert_array_equal(p, [[1.0, 1.0, 0.0]])
    # exactly 0.5 is "non-cat"
    np.testing.assert_array_equal(lab.predict(np.zeros((2, 1)), 0.0, X), [[0.0, 0.0, 0.0]])


def test_model_contract_on_small_data():
    r = np.random.RandomState(0)
    X_tr, X_te = r.randn(5, 40), r.randn(5, 10)
    Y_tr = (X_tr[:1] + 0.3 * r.randn(1, 40) > 0).astype(int)
    Y_te = (X_te[:1] > 0).astype(int)
    before = global_state()
    d = lab.model(X_tr, Y_tr, X_te, Y_te, num_iterations=300, learning_rate=0.1)
    assert set(d) == {
        "costs",
        "Y_prediction_test",
        "Y_prediction_train",
        "w",
        "b",
        "learning_rate",
        "num_iterations",
    }
    assert len(d["costs"]) == 3 and d["Y_prediction_test"].shape == (1, 10)
    assert d["Y_prediction_train"].shape == (1, 40) and d["w"].shape == (5, 1)
    assert d["learning_rate"] == 0.1 and d["num_iterations"] == 300
    assert lab.accuracy(d["Y_prediction_train"], Y_tr) > 80
    after = global_state()
    np.testing.assert_array_equal(before[0], after[0])
    assert before[1] == after[1]


def test_bad_inputs_name_the_argument():
    X, Y = np.ones((2, 3)), np.array([[1, 0, 1]])
    with pytest.raises(ValueError, match="w: expected a column"):
        lab.propagate(np.ones((2, 2)), 0.0, X, Y)
    with pytest.raises(ValueError, match="b: expected a scalar"):
        lab.propagate(np.ones((2, 1)), [1.0, 2.0], X, Y)
    with pytest.raises(ValueError, match="X"):
        lab.propagate(np.ones((3, 1)), 0.0, X, Y)
    with pytest.raises(ValueError, match="Y: expected 3 examples"):
        lab.propagate(np.ones((2, 1)), 0.0, X, np.array([[1, 0]]))
    with pytest.raises(ValueError, match="learning_rate"):
        lab.optimize(np.ones((2, 1)), 0.0, X, Y, 10, -0.1)


def test_predict_image_any_format(tmp_path):
    from PIL import Image

    r = np.random.RandomState(0)
    rgba = Image.fromarray(r.randint(0, 256, (80, 120, 4), dtype=np.uint8), "RGBA")
    rgba.save(tmp_path / "own.png")
    Image.fromarray(r.randint(0, 256, (30, 30), dtype=np.uint8), "L").save(tmp_path / "g.jpg")
    w = np.zeros((64 * 64 * 3, 1))
    for name in ("own.png", "g.jpg"):
        p = lab.predict_image(tmp_path / name, w, 1.0)
        assert p.shape == (1, 1) and p.dtype == np.float64 and p[0, 0] == 1.0
    from neuronlab.images import load_image

    x = load_image(tmp_path / "own.png")
    assert x.shape == (12288, 1) and 0 <= x.min() and x.max() <= 1
    (tmp_path / "bad.jpg").write_bytes(b"not a picture")
    with pytest.raises(ValueError, match="could not be read as a picture"):
        lab.predict_image(tmp_path / "bad.jpg", w, 0.0)
    with pytest.raises(FileNotFoundError, match="path"):
        lab.predict_image(tmp_path / "missing.jpg", w, 0.0)


# ----------------------------------------------------------------- data & published runs
@pytest.mark.data
def test_load_dataset_layout(cat):
    train_x, train_y, test_x, test_y, classes = lab.load_dataset()
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert test_x.shape == (50, 64, 64, 3) and list(classes) == [b"non-cat", b"cat"]
    X_tr = cat[0]
    assert X_tr.shape == (12288, 209) and X_tr.max() <= 1.0
    np.testing.assert_array_equal(X_tr[:, 3], train_x[3].reshape(-1) / 255)


@pytest.mark.data
@pytest.mark.slow
def test_headline_run_reproduces_published_costs_and_accuracies(cat):
    X_tr, Y_tr, X_te, Y_te = cat
    d = lab.model(X_tr, Y_tr, X_te, Y_te, num_iterations=2000, learning_rate=0.005)
    assert len(d["costs"]) == 20
    np.testing.assert_allclose(np.array(d["costs"], dtype=float), PUBLISHED_COSTS, atol=1e-6)
    assert lab.accuracy(d["Y_prediction_train"], Y_tr) == 99.04306220095694
    assert lab.accuracy(d["Y_prediction_test"], Y_te) == 70.0


@pytest.mark.data
@pytest.mark.slow
@pytest.mark.parametrize("rate", sorted(PUBLISHED_LR))
def test_learning_rate_comparison(cat, rate):
    X_tr, Y_tr, X_te, Y_te = cat
    d = lab.model(X_tr, Y_tr, X_te, Y_te, num_iterations=1500, learning_rate=rate)
    train, test = PUBLISHED_LR[rate]
    assert lab.accuracy(d["Y_prediction_train"], Y_tr) == train
    assert lab.accuracy(d["Y_prediction_test"], Y_te) == test


@pytest.mark.data
def test_experiment_quick_smoke(cat):
    result = experiment.run(quick=True)
    json.dumps(result)
    assert result["lab"] == "3.1" and result["quick"] is True and not result["comparable"]
    assert set(result["runs"]) == {"headline", "lr=0.01", "lr=0.001", "lr=0.0001"}
    assert result["runs"]["headline"]["cost_iterations"] == [0]
    assert all("wall_time" in r for r in result["runs"].values())


@pytest.mark.data
@pytest.mark.slow
def test_experiment_full_all_metrics_ok(cat):
    result = experiment.run()
    bad = [m for m in result["metrics"] if m["ok"] is False]
    assert not bad, bad
    assert sum(m["ok"] is True for m in result["metrics"]) == 20 + 2 + 6
