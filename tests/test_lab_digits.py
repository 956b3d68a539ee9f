"""Lab 3.8 facade (ex4 digits network) and its experiment.

Independent checks: the ex4 cost and backprop are re-written here in plain NumPy in the
row convention, and compared with the facade, which computes through the engine.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy.io import savemat
from scipy.special import expit

from neuronlab.data import DataFileCorrupt, DataFileError, DataFileMissing
from neuronlab.experiments import digits as experiment
from neuronlab.labs import digits as lab

SHARED = os.environ.get("NEURONLAB_DATA")


# --- independent NumPy versions of the exercise's formulas (row convention) ------------


def np_forward(theta1, theta2, X):
    a1 = X  # (m, 1 + n)
    z2 = a1 @ theta1.T  # (m, h)
    a2 = np.hstack([np.ones((X.shape[0], 1)), expit(z2)])  # (m, 1 + h)
    z3 = a2 @ theta2.T  # (m, K)
    return a1, z2, a2, z3, expit(z3)


def np_cost(theta1, theta2, X, Y, lam=0.0):
    m = X.shape[0]
    h = np_forward(theta1, theta2, X)[4]
    J = np.sum(-Y * np.log(h) - (1 - Y) * np.log(1 - h)) / m
    return J + lam / (2 * m) * (np.sum(theta1[:, 1:] ** 2) + np.sum(theta2[:, 1:] ** 2))


def np_gradient(theta1, theta2, X, Y, lam=0.0):
    m = X.shape[0]
    a1, z2, a2, _, h = np_forward(theta1, theta2, X)
    d3 = h - Y  # (m, K)
    d2 = (d3 @ theta2)[:, 1:] * expit(z2) * (1 - expit(z2))  # (m, h)
    D1, D2 = d2.T @ a1 / m, d3.T @ a2 / m
    D1[:, 1:] += lam / m * theta1[:, 1:]
    D2[:, 1:] += lam / m * theta2[:, 1:]
    return np.concatenate([D1.ravel(), D2.ravel()])


def random_problem(n=6, h=4, K=10, m=12, seed=0):
    r = np.random.default_rng(seed)
    t1, t2 = r.normal(0, 0.5, (h, n + 1)), r.normal(0, 0.5, (K, h + 1))
    X = np.hstack([np.ones((m, 1)), r.random((m, n))])
    y = 1 + np.arange(m) % K
    return t1, t2, X, lab.expand_y(y, K), y


def ex4_weights():
    if not SHARED:
        pytest.skip("NEURONLAB_DATA is not set")
    try:
        return lab.load_weight()
    except DataFileError as err:
        pytest.skip(str(err))


def fake_ex4data(tmp_path: Path, m: int = 200, seed: int = 0) -> Path:
    """An ex4data1-like MAT file: X (m, 400) in [0, 1], y (m, 1) in 1..10 (uint8)."""
    r = np.random.default_rng(seed)
    path = tmp_path / "ex4data1.mat"
    y = (1 + np.arange(m) % 10).reshape(-1, 1).astype(np.uint8)
    savemat(path, {"X": r.random((m, 400)), "y": y})
    return path


# --- the debug network: the exercise's gradient check ----------------------------------


def test_debug_problem_is_the_exercises():
    theta, X, Y, y = lab.debug_problem()
    assert theta.shape == (5 * 4 + 3 * 6,) and X.shape == (5, 4) and Y.shape == (5, 3)
    assert y.tolist() == [2, 3, 1, 2, 3]
    assert np.all(X[:, 0] == 1)
    # column-major fill with sin(1), sin(2), … / 10
    assert X[1, 1] == np.sin(2) / 10 and X[0, 2] == np.sin(6) / 10
    t1, t2 = lab.deserialize(theta, (3, 5, 3))
    assert t1[1, 0] == np.sin(2) / 10 and t2[0, 1] == np.sin(4) / 10


@pytest.mark.parametrize("regularized", [False, True])
def test_gradient_checking_debug_net_below_1e9(regularized, capsys):
    theta, X, Y, _ = lab.debug_problem()
    diff = lab.gradient_checking(theta, X, Y, 1e-4, regularized=regularized, l=3)
    assert type(diff) is float and diff < 1e-9
    assert "Relative Difference" in capsys.readouterr().out


def test_gradient_checking_uses_the_labs_formula_and_finds_a_wrong_gradient(monkeypatch):
    theta, X, Y, _ = lab.debug_problem()
    # ‖num − ana‖ / ‖num + ana‖: an analytic gradient of −num/2 gives 1.5 / 0.5 = 3,
    # where the deep-learning labs' ‖num − ana‖ / (‖num‖ + ‖ana‖) would give 1.
    from neuronlab import gradcheck

    real = gradcheck.check

    def planted_bug(*args, **kwargs):
        diff, g, approx = real(*args, **kwargs)
        return diff, -0.5 * approx, approx

    monkeypatch.setattr(gradcheck, "check", planted_bug)
    diff = lab.gradient_checking(theta, X, Y, 1e-4, print_msg=False)
    assert diff == pytest.approx(3.0, rel=1e-12)


# --- packing -----------------------------------------------------------------------


def test_serialize_deserialize_round_trip():
    r = np.random.default_rng(1)
    t1, t2 = r.random((25, 401)), r.random((10, 26))
    seq = lab.serialize(t1, t2)
    assert seq.shape == (10285,)
    assert np.array_equal(seq[:401], t1[0]) and seq[25 * 401] == t2[0, 0]  # row-major
    a, b = lab.deserialize(seq)
    assert np.array_equal(a, t1) and np.array_equal(b, t2)
    a[0, 0] = -1.0  # copies: seq untouched
    assert seq[0] == t1[0, 0]
    # 64-25-10 is read off the length, other sizes need layer_dims
    a, b = lab.deserialize(np.zeros(25 * 65 + 10 * 26))
    assert a.shape == (25, 65) and b.shape == (10, 26)
    a, b = lab.deserialize(np.arange(38.0), (3, 5, 3))
    assert a.shape == (5, 4) and b.shape == (3, 6)
    with pytest.raises(ValueError, match="seq"):
        lab.deserialize(np.zeros(10284))
    with pytest.raises(ValueError, match="seq"):
        lab.deserialize(np.zeros(37), (3, 5, 3))


def test_expand_y():
    Y = lab.expand_y(np.array([1, 10, 3]))
    assert Y.shape == (3, 10) and Y.dtype == np.float64
    assert Y[0, 0] == 1 and Y[1, 9] == 1 and Y[2, 2] == 1 and Y.sum() == 3
    assert np.array_equal(lab.expand_y(np.array([[1], [10], [3]], dtype=np.uint8)), Y)
    assert lab.expand_y([1, 2, 3], num_labels=3).tolist() == np.eye(3).tolist()
    with pytest.raises(ValueError, match="y"):
        lab.expand_y([0, 1])
    with pytest.raises(ValueError, match="y"):
        lab.expand_y([1, 11])


def test_sigmoid_gradient():
    assert lab.sigmoid_gradient(0) == 0.25
    z = np.array([[-1.0, 0.0, 1.0], [-800.0, 5.0, 800.0]])
    g = lab.sigmoid_gradient(z)
    assert g.shape == (2, 3)
    assert np.allclose(g, expit(z) * (1 - expit(z)), rtol=1e-12, atol=0)


def test_random_init_global_stream_and_seed():
    np.random.seed(7)
    a = lab.random_init(10285)
    np.random.seed(7)
    assert np.array_equal(a, np.random.uniform(-0.12, 0.12, 10285))
    assert a.shape == (10285,) and np.abs(a).max() < 0.12
    state = np.random.get_state()[1].copy()
    b = lab.random_init(100, seed=7)  # as np.random.seed(7) then the lab
    assert np.array_equal(b, a[:100])
    assert np.array_equal(np.random.get_state()[1], state)  # global state untouched


# --- cost and gradient against the independent NumPy versions ----------------------------


def test_feed_forward_matches_numpy_row_convention():
    t1, t2, X, _, _ = random_problem()
    out = lab.feed_forward(lab.serialize(t1, t2), X)
    assert isinstance(out, tuple) and len(out) == 5
    assert [o.shape for o in out] == [(12, 7), (12, 4), (12, 5), (12, 10), (12, 10)]
    for ours, ref in zip(out, np_forward(t1, t2, X)):
        assert np.allclose(ours, ref, rtol=1e-12, atol=1e-15)
    assert out[0] is not X and np.all(out[2][:, 0] == 1)


@pytest.mark.parametrize("lam", [0.0, 1.0, 3.0])
def test_cost_and_gradient_match_numpy(lam):
    t1, t2, X, Y, y = random_problem()
    theta = lab.serialize(t1, t2)
    saved = theta.copy(), X.copy(), Y.copy()
    J = lab.regularized_cost(theta, X, Y, lam)
    assert type(J) is float and J == pytest.approx(np_cost(t1, t2, X, Y, lam), rel=1e-12)
    g = lab.regularized_gradient(theta, X, Y, lam)
    assert g.shape == theta.shape
    assert np.allclose(g, np_gradient(t1, t2, X, Y, lam), rtol=1e-10, atol=1e-14)
    if lam == 0:
        assert lab.cost(theta, X, Y) == J and np.array_equal(lab.gradient(theta, X, Y), g)
        assert lab.cost(theta, X, y) == J  # labels 1..10 are expanded
    for before, after in zip(saved, (theta, X, Y)):
        assert np.array_equal(before, after)  # nothing modified


def test_regularized_gradient_leaves_theta_and_biases_alone():
    theta, X, Y, _ = lab.debug_problem()
    before = theta.copy()
    extra = lab.regularized_gradient(theta, X, Y, 3) - lab.gradient(theta, X, Y)
    assert np.array_equal(theta, before)
    e1, e2 = lab.deserialize(extra, (3, 5, 3))
    t1, t2 = lab.deserialize(theta, (3, 5, 3))
    assert np.all(e1[:, 0] == 0) and np.all(e2[:, 0] == 0)  # bias columns not penalised
    assert np.allclose(e1[:, 1:], 3 / 5 * t1[:, 1:]) and np.allclose(e2[:, 1:], 3 / 5 * t2[:, 1:])


def test_bad_input_names_the_argument():
    t1, t2, X, Y, _ = random_problem()
    theta = lab.serialize(t1, t2)
    with pytest.raises(ValueError, match="X: expected shape \\(m, 1 \\+ n\\)"):
        lab.cost(theta, X[:, 1:] + 2, Y)  # no bias column
    with pytest.raises(ValueError, match="theta"):
        lab.cost(theta[:-1], X, Y)
    with pytest.raises(ValueError, match="y: expected 12 rows"):
        lab.cost(theta, X, Y[:5])
    with pytest.raises(ValueError, match="y: expected labels in \\{0, 1\\}"):
        lab.cost(theta, X, 2 * Y)
    with pytest.raises(ValueError, match="l"):
        lab.regularized_cost(theta, X, Y, -1)
    with pytest.raises(ValueError, match="X"):
        lab.feed_forward(theta, X[:, :1])


# --- data files -----------------------------------------------------------------------


@pytest.mark.data
def test_given_weights_shapes_forward_and_cost():
    theta1, theta2 = ex4_weights()
    assert theta1.shape == (25, 401) and theta2.shape == (10, 26)
    theta = lab.serialize(theta1, theta2)
    assert theta.shape == (10285,)
    r = np.random.default_rng(3)
    X = np.hstack([np.ones((60, 1)), r.random((60, 400))])
    y = 1 + r.integers(0, 10, 60)
    a1, z2, a2, z3, h = lab.feed_forward(theta, X)
    assert (a2.shape, h.shape) == ((60, 26), (60, 10))
    Y = lab.expand_y(y)
    for lam in (0, 1, 3):
        assert lab.regularized_cost(theta, X, Y, lam) == pytest.approx(
            np_cost(theta1, theta2, X, Y, lam), rel=1e-12
        )


def test_load_weight_from_a_path(tmp_path):
    r = np.random.default_rng(0)
    path = tmp_path / "w.mat"
    savemat(path, {"Theta1": r.random((25, 401)), "Theta2": r.random((10, 26))})
    t1, t2 = lab.load_weight(path)
    assert t1.shape == (25, 401) and t2.shape == (10, 26)
    savemat(tmp_path / "bad.mat", {"Theta1": r.random((25, 401))})
    with pytest.raises(DataFileCorrupt, match="Theta2"):
        lab.load_weight(tmp_path / "bad.mat")
    with pytest.raises(DataFileMissing):
        lab.load_weight(tmp_path / "nowhere.mat")


def test_load_mat_user_supplied_copy(tmp_path):
    path = fake_ex4data(tmp_path, m=30)
    with pytest.warns(UserWarning, match="not byte-identical"):
        X, y = lab.load_mat(path)
    assert X.shape == (30, 400) and X.dtype == np.float64 and y.shape == (30,)
    assert y.min() == 1 and y.max() == 10
    with pytest.raises(DataFileMissing):
        lab.load_mat(tmp_path / "missing.mat")


def test_load_sklearn_digits_maps_zero_to_ten():
    X, y = lab.load_sklearn_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert set(np.unique(y).tolist()) == set(range(1, 11))
    assert X.min() == 0 and X.max() == 1


# --- training, accuracy, figures --------------------------------------------------------


def test_nn_training_on_sklearn_digits():
    # 64-25-10, TNC, λ = 1, 400 evaluations: 99.7 % training accuracy here (≈ 0.5 s)
    X, y = lab.load_sklearn_digits()
    Xb, Y = np.insert(X, 0, 1, axis=1), lab.expand_y(y)
    state = np.random.get_state()[1].copy()
    res = lab.nn_training(Xb, Y, seed=0)
    assert np.array_equal(np.random.get_state()[1], state)
    assert res.x.shape == (25 * 65 + 10 * 26,)
    assert res.nfev <= 401  # maxfun, give or take TNC's final evaluation
    assert res.fun == pytest.approx(lab.regularized_cost(res.x, Xb, Y, 1), rel=1e-10)
    report = lab.accuracy(res.x, Xb, y, output_dict=True)
    assert report["accuracy"] > 0.90
    assert {str(k) for k in range(1, 11)} <= set(report) and "macro avg" in report


def test_accuracy_prints_like_the_lab(capsys):
    theta, X, Y, y = lab.debug_problem()
    assert lab.accuracy(theta, X, y, layer_dims=(3, 5, 3)) is None
    out = capsys.readouterr().out
    assert "precision" in out and "recall" in out
    report = lab.accuracy(theta, X, Y, output_dict=True, layer_dims=(3, 5, 3))
    assert isinstance(report, dict) and 0 <= report["accuracy"] <= 1


def test_plots_return_figures_with_transposed_images():
    r = np.random.default_rng(0)
    X = r.random((30, 400))
    fig = lab.plot_100_images(X, seed=1)
    assert isinstance(fig, Figure) and len(fig.axes) == 100
    idx = np.random.RandomState(1).choice(np.arange(30), 100)
    shown = fig.axes[0].images[0].get_array()
    assert np.array_equal(shown, X[idx[0]].reshape(20, 20).T)
    np.random.seed(1)  # the lab draws from the global stream
    fig = lab.plot_100_images(np.insert(X, 0, 1, axis=1), transpose=False)
    assert np.array_equal(fig.axes[0].images[0].get_array(), X[idx[0]].reshape(20, 20))
    theta = lab.serialize(r.random((25, 401)), r.random((10, 26)))
    fig = lab.plot_hidden(theta)
    assert isinstance(fig, Figure) and len(fig.axes) == 25
    t1, _ = lab.deserialize(theta)
    assert np.array_equal(fig.axes[3].images[0].get_array(), t1[3, 1:].reshape(20, 20).T)
    fig = lab.plot_hidden(np.arange(25 * 65 + 260.0), transpose=False)
    assert np.array_equal(fig.axes[0].images[0].get_array(), np.arange(1, 65.0).reshape(8, 8))


# --- the experiment -----------------------------------------------------------------------


def test_experiment_quick_default_runs_on_sklearn_digits():
    result = experiment.run(quick=True)
    json.dumps(result)
    assert {"lab", "title", "dataset", "quick", "runs", "metrics", "wall_time"} <= set(result)
    assert result["lab"] == "3.8" and result["quick"] is True
    assert result["dataset"].startswith("scikit-learn")
    assert set(result["runs"]) == {"gradient_check", "training"}
    assert all(m["ok"] for m in result["metrics"] if "gradient check" in m["name"])
    training = result["runs"]["training"]
    assert np.shape(training["hidden_units"]) == (25, 64) and training["image_shape"] == [8, 8]
    assert training["transpose_images"] is False and training["nfev"] <= 11


def test_experiment_full_default():
    result = experiment.run(dtype="float64")
    training = result["runs"]["training"]
    assert training["test_accuracy"] > 0.95 and training["train_accuracy"] > 0.95
    assert training["nfev"] <= 401 and "1" in training["report_test"]


@pytest.mark.data
def test_experiment_with_a_supplied_ex4data(tmp_path):
    ex4_weights()
    path = fake_ex4data(tmp_path)
    with pytest.warns(UserWarning, match="not byte-identical"):
        result = experiment.run(experiment.Config(data_path=str(path)), quick=True, dtype="float32")
    json.dumps(result)
    assert result["dataset"] == experiment.EX4
    assert set(result["runs"]) == {
        "given_weights",
        "gradient_check",
        "training_published",
        "training",
    }
    names = [m["name"] for m in result["metrics"]]
    assert "cost with the given weights, λ = 0" in names
    # the reported cost is the ex4 formula on this file, computed independently
    from scipy.io import loadmat

    mat = loadmat(path)
    X = np.insert(mat["X"], 0, 1, axis=1)
    theta1, theta2 = lab.load_weight()
    ref = np_cost(theta1, theta2, X, lab.expand_y(mat["y"]), 1.0)
    assert result["runs"]["given_weights"]["costs"]["1"] == pytest.approx(ref, rel=1e-12)
    assert np.shape(result["runs"]["training"]["hidden_units"]) == (25, 400)
    assert result["runs"]["training"]["transpose_images"] is True
