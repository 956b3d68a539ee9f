"""Lab 3.3 facade (deep net step by step, cat application): contracts and published numbers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from neuronlab.data import DataFileError
from neuronlab.experiments import deep as experiment
from neuronlab.labs import deep as lab

PUBLISHED_COSTS = experiment.PUBLISHED_COSTS  # REFERENCE §3, 0..2400 every 100, then 2499


def global_state():
    s = np.random.get_state()
    return s[1].copy(), s[2]


def assert_global_state(before):
    after = global_state()
    np.testing.assert_array_equal(before[0], after[0])
    assert before[1] == after[1]


@pytest.fixture(scope="module")
def cat():
    try:
        train_x, train_y, test_x, test_y, _ = lab.load_data()
    except DataFileError as err:
        pytest.skip(f"cat data not available: {err}")
    return lab.flatten_images(train_x), train_y, lab.flatten_images(test_x), test_y


# ----------------------------------------------------------------- initialisation
def test_initialize_parameters_seed_1_inside():
    before = global_state()
    p = lab.initialize_parameters(3, 2, 1)
    assert_global_state(before)
    assert list(p) == ["W1", "b1", "W2", "b2"]
    np.testing.assert_allclose(
        p["W1"], [[0.01624345, -0.00611756, -0.00528172], [-0.01072969, 0.00865408, -0.02301539]],
        atol=1e-8,
    )  # fmt: skip
    np.testing.assert_allclose(p["W2"], [[0.01744812, -0.00761207]], atol=1e-8)
    assert p["b1"].shape == (2, 1) and not p["b1"].any() and p["b2"].shape == (1, 1)
    r = np.random.RandomState(1)
    np.testing.assert_array_equal(p["W1"], r.randn(2, 3) * 0.01)
    np.testing.assert_array_equal(p["W2"], r.randn(1, 2) * 0.01)


def test_initialize_parameters_deep_seed_3_inside():
    before = global_state()
    p = lab.initialize_parameters_deep([5, 4, 3])
    assert_global_state(before)
    np.testing.assert_allclose(
        p["W1"],
        [[0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
         [-0.00354759, -0.00082741, -0.00627001, -0.00043818, -0.00477218],
         [-0.01313865, 0.00884622, 0.00881318, 0.01709573, 0.00050034],
         [-0.00404677, -0.0054536, -0.01546477, 0.00982367, -0.01101068]],
        atol=1e-8,
    )  # fmt: skip
    np.testing.assert_allclose(
        p["W2"],
        [[-0.01185047, -0.0020565, 0.01486148, 0.00236716],
         [-0.01023785, -0.00712993, 0.00625245, -0.00160513],
         [-0.00768836, -0.00230031, 0.00745056, 0.01976111]],
        atol=1e-8,
    )  # fmt: skip
    assert [p[f"b{l}"].shape for l in (1, 2)] == [(4, 1), (3, 1)]
    app = lab.initialize_parameters_deep_app([5, 4, 3])
    r = np.random.RandomState(1)
    np.testing.assert_array_equal(app["W1"], r.randn(4, 5) / np.sqrt(5))
    np.testing.assert_array_equal(app["W2"], r.randn(3, 4) / np.sqrt(4))
    with pytest.raises(ValueError, match="layer_dims"):
        lab.initialize_parameters_deep([5])


# ----------------------------------------------------------------- forward
def test_linear_forward_example():
    r = np.random.RandomState(1)
    A, W, b = r.randn(3, 2), r.randn(1, 3), r.randn(1, 1)
    Z, cache = lab.linear_forward(A, W, b)
    np.testing.assert_allclose(Z, [[3.26295337, -1.23429987]], atol=1e-8)
    assert isinstance(cache, tuple) and len(cache) == 3
    assert cache[0] is A and cache[1] is W and cache[2] is b
    with pytest.raises(ValueError, match="b: expected shape"):
        lab.linear_forward(A, W, np.zeros((2, 1)))


def test_linear_activation_forward_example():
    r = np.random.RandomState(2)
    A_prev, W, b = r.randn(3, 2), r.randn(1, 3), r.randn(1, 1)
    A, cache = lab.linear_activation_forward(A_prev, W, b, "sigmoid")
    np.testing.assert_allclose(A, [[0.96890023, 0.11013289]], atol=1e-8)
    (linear_cache, Z) = cache
    assert linear_cache[0] is A_prev and Z.shape == (1, 2)
    A, _ = lab.linear_activation_forward(A_prev, W, b, "relu")
    np.testing.assert_allclose(A, [[3.43896131, 0.0]], atol=1e-8)
    with pytest.raises(ValueError, match="activation"):
        lab.linear_activation_forward(A_prev, W, b, "swish")


def l_model_forward_case():
    r = np.random.RandomState(6)
    X = r.randn(5, 4)
    params = {}
    for l, (n, k) in enumerate(((4, 5), (3, 4), (1, 3)), start=1):
        params[f"W{l}"], params[f"b{l}"] = r.randn(n, k), r.randn(n, 1)
    return X, params


def test_L_model_forward_example():
    X, params = l_model_forward_case()
    AL, caches = lab.L_model_forward(X, params)
    np.testing.assert_allclose(AL, [[0.03921668, 0.70498921, 0.19734387, 0.04728177]], atol=1e-8)
    assert type(caches) is list and len(caches) == 3
    for l, ((_, W, b), Z) in enumerate(caches, start=1):
        assert W is params[f"W{l}"] and b is params[f"b{l}"] and Z.shape[0] == W.shape[0]
    assert caches[0][0][0] is X


def test_compute_cost_example():
    cost = lab.compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))
    assert isinstance(cost, np.ndarray) and cost.shape == ()
    assert float(cost) == pytest.approx(0.2797765635793422, abs=1e-12)


# ----------------------------------------------------------------- backward
def test_linear_backward_example():
    r = np.random.RandomState(1)
    dZ, A, W, b = r.randn(3, 4), r.randn(5, 4), r.randn(3, 5), r.randn(3, 1)
    dZ0 = dZ.copy()
    dA_prev, dW, db = lab.linear_backward(dZ, (A, W, b))
    np.testing.assert_allclose(
        dA_prev,
        [[-1.15171336, 0.06718465, -0.3204696, 2.09812712],
         [0.60345879, -3.72508701, 5.81700741, -3.84326836],
         [-0.4319552, -1.30987417, 1.72354705, 0.05070578],
         [-0.38981415, 0.60811244, -1.25938424, 1.47191593],
         [-2.52214926, 2.67882552, -0.67947465, 1.48119548]],
        atol=1e-8,
    )  # fmt: skip
    np.testing.assert_allclose(
        dW,
        [[0.07313866, -0.0976715, -0.87585828, 0.73763362, 0.00785716],
         [0.85508818, 0.37530413, -0.59912655, 0.71278189, -0.58931808],
         [0.97913304, -0.24376494, -0.08839671, 0.55151192, -0.10290907]],
        atol=1e-8,
    )  # fmt: skip
    np.testing.assert_allclose(db, [[-0.14713786], [-0.11313155], [-0.13209101]], atol=1e-8)
    np.testing.assert_allclose(dW, dZ @ A.T / 4, rtol=1e-14)
    np.testing.assert_array_equal(dZ, dZ0)


def test_linear_activation_backward_example():
    r = np.random.RandomState(2)
    dA, A, W, b, Z = r.randn(1, 2), r.randn(3, 2), r.randn(1, 3), r.randn(1, 1), r.randn(1, 2)
    dA0 = dA.copy()
    dA_prev, dW, db = lab.linear_activation_backward(dA, ((A, W, b), Z), "sigmoid")
    np.testing.assert_allclose(
        dA_prev, [[0.11017994, 0.01105339], [0.09466817, 0.00949723], [-0.05743092, -0.00576154]],
        atol=1e-8,
    )  # fmt: skip
    np.testing.assert_allclose(dW, [[0.10266786, 0.09778551, -0.01968084]], atol=1e-8)
    np.testing.assert_allclose(db, [[-0.05729622]], atol=1e-8)
    dA_prev, dW, db = lab.linear_activation_backward(dA, ((A, W, b), Z), "relu")
    np.testing.assert_allclose(
        dA_prev, [[0.44090989, 0.0], [0.37883606, 0.0], [-0.2298228, 0.0]], atol=1e-8
    )
    np.testing.assert_allclose(dW, [[0.44513824, 0.37371418, -0.10478989]], atol=1e-8)
    np.testing.assert_allclose(db, [[-0.20837892]], atol=1e-8)
    np.testing.assert_array_equal(dA, dA0)  # the engine's in-place backward got a copy


def test_helper_activations():
    Z = np.array([[-1.0, 0.0, 2.0]])
    A, cache = lab.sigmoid(Z)
    assert cache is Z and A.shape == Z.shape
    s = 1 / (1 + np.exp(-Z))
    np.testing.assert_allclose(lab.sigmoid_backward(np.ones_like(Z), Z), s * (1 - s), rtol=1e-15)
    A, cache = lab.relu(Z)
    np.testing.assert_array_equal(A, [[0.0, 0.0, 2.0]])
    np.testing.assert_array_equal(lab.relu_backward(np.full((1, 3), 3.0), Z), [[0.0, 0.0, 3.0]])


def test_L_model_backward_example_and_keys():
    r = np.random.RandomState(3)
    AL, Y = r.randn(1, 2), np.array([[1, 0]])  # AL outside (0, 1): the lab's own case
    A1, W1, b1, Z1 = r.randn(4, 2), r.randn(3, 4), r.randn(3, 1), r.randn(3, 2)
    A2, W2, b2, Z2 = r.randn(3, 2), r.randn(1, 3), r.randn(1, 1), r.randn(1, 2)
    caches = (((A1, W1, b1), Z1), ((A2, W2, b2), Z2))
    grads = lab.L_model_backward(AL, Y, caches)
    assert set(grads) == {"dA0", "dA1", "dW1", "dW2", "db1", "db2"}
    np.testing.assert_allclose(
        grads["dW1"],
        [[0.41010002, 0.07807203, 0.13798444, 0.10502167], [0, 0, 0, 0],
         [0.05283652, 0.01005865, 0.01777766, 0.0135308]],
        atol=1e-8,
    )  # fmt: skip
    np.testing.assert_allclose(grads["db1"], [[-0.22007063], [0.0], [-0.02835349]], atol=1e-8)
    np.testing.assert_allclose(
        grads["dA1"], [[0.12913162, -0.44014127], [-0.14175655, 0.48317296],
                       [0.01663708, -0.05670698]], atol=1e-8,
    )  # fmt: skip
    assert grads["dA0"].shape == A1.shape


def test_L_model_backward_matches_finite_differences():
    X, params = l_model_forward_case()
    Y = np.array([[1, 0, 1, 0]])
    AL, caches = lab.L_model_forward(X, params)
    grads = lab.L_model_backward(AL, Y, caches)
    eps = 1e-6
    for key in ("W1", "b2", "W3"):
        P = {k: a.copy() for k, a in params.items()}
        idx = (0, 0)
        P[key][idx] += eps
        up = float(lab.compute_cost(lab.L_model_forward(X, P)[0], Y))
        P[key][idx] -= 2 * eps
        down = float(lab.compute_cost(lab.L_model_forward(X, P)[0], Y))
        assert grads["d" + key][idx] == pytest.approx((up - down) / (2 * eps), rel=1e-5)


def test_update_parameters_example_new_dict():
    r = np.random.RandomState(2)
    params = {"W1": r.randn(3, 4), "b1": r.randn(3, 1), "W2": r.randn(1, 3), "b2": r.randn(1, 1)}
    r = np.random.RandomState(3)
    grads = {
        "dW1": r.randn(3, 4),
        "db1": r.randn(3, 1),
        "dW2": r.randn(1, 3),
        "db2": r.randn(1, 1),
        "dA0": np.zeros(1),
    }
    snapshot = {k: a.copy() for k, a in params.items()}
    new = lab.update_parameters(params, grads, 0.1)
    np.testing.assert_allclose(
        new["W1"],
        [[-0.59562069, -0.09991781, -2.14584584, 1.82662008],
         [-1.76569676, -0.80627147, 0.51115557, -1.18258802],
         [-1.0535704, -0.86128581, 0.68284052, 2.20374577]],
        atol=1e-8,
    )  # fmt: skip
    np.testing.assert_allclose(new["b1"], [[-0.04659241], [-1.28888275], [0.53405496]], atol=1e-8)
    np.testing.assert_allclose(new["W2"], [[-0.55569196, 0.0354055, 1.32964895]], atol=1e-8)
    np.testing.assert_allclose(new["b2"], [[-0.84610769]], atol=1e-8)
    for k in params:
        np.testing.assert_array_equal(params[k], snapshot[k])


# ----------------------------------------------------------------- application
def small_problem():
    r = np.random.RandomState(0)
    X = r.randn(6, 50)
    Y = (X[:1] - X[1:2] > 0).astype(int)
    return X, Y


def test_models_contract_and_prints(capsys):
    X, Y = small_problem()
    before = global_state()
    params, costs = lab.two_layer_model(
        X, Y, (6, 5, 1), learning_rate=0.1, num_iterations=250, print_cost=True
    )
    assert_global_state(before)
    assert list(params) == ["W1", "b1", "W2", "b2"] and params["W1"].shape == (5, 6)
    assert type(costs) is list and len(costs) == 3
    assert all(isinstance(c, np.ndarray) and c.shape == () for c in costs)
    lines = capsys.readouterr().out.splitlines()
    assert [ln.split(":")[0] for ln in lines] == [
        f"Cost after iteration {i}" for i in (0, 100, 200, 249)
    ]
    assert lines[0] == f"Cost after iteration 0: {float(costs[0])}"
    params, costs = lab.L_layer_model(X, Y, [6, 4, 3, 1], num_iterations=101)
    assert capsys.readouterr().out == ""
    assert set(params) == {"W1", "b1", "W2", "b2", "W3", "b3"} and len(costs) == 2
    with pytest.raises(ValueError, match="layers_dims"):
        lab.two_layer_model(X, Y, (6, 5, 3, 1))


def test_two_layer_model_equals_step_by_step_loop():
    """The engine's fit gives the lab's own loop of the step-by-step functions."""
    X, Y = small_problem()
    params, costs = lab.two_layer_model(X, Y, (6, 5, 1), learning_rate=0.05, num_iterations=201)
    p = lab.initialize_parameters(6, 5, 1)
    ref_costs = []
    for i in range(201):
        A1, c1 = lab.linear_activation_forward(X, p["W1"], p["b1"], "relu")
        A2, c2 = lab.linear_activation_forward(A1, p["W2"], p["b2"], "sigmoid")
        if i % 100 == 0:
            ref_costs.append(float(lab.compute_cost(A2, Y)))
        grads = lab.L_model_backward(A2, Y, [c1, c2])
        p = lab.update_parameters(p, grads, 0.05)
    np.testing.assert_allclose(np.array(costs, dtype=float), ref_costs, rtol=1e-12)
    for k in p:
        np.testing.assert_allclose(params[k], p[k], rtol=1e-10, atol=1e-15)


def test_predict_prints_lab_accuracy_and_mislabeled(capsys):
    X, params = l_model_forward_case()
    y = np.array([[0, 1, 1, 0]])
    p = lab.predict(X, y, params)
    assert p.dtype == np.float64 and p.shape == (1, 4)
    np.testing.assert_array_equal(p, [[0.0, 1.0, 0.0, 0.0]])
    assert capsys.readouterr().out == "Accuracy: 0.75\n"
    np.testing.assert_array_equal(lab.mislabeled_indices(y, p), [2])


def test_predict_image(tmp_path):
    from PIL import Image

    img = np.random.RandomState(0).randint(0, 256, (50, 70, 3), dtype=np.uint8)
    Image.fromarray(img).save(tmp_path / "cat.jpg")
    params = lab.initialize_parameters_deep_app([12288, 3, 1])
    p = lab.predict_image(tmp_path / "cat.jpg", params)
    assert p.shape == (1, 1) and p[0, 0] in (0.0, 1.0)


# ----------------------------------------------------------------- published runs
@pytest.mark.data
@pytest.mark.slow
def test_two_layer_cat_net(cat, capsys):
    X_tr, Y_tr, X_te, Y_te = cat
    params, costs = lab.two_layer_model(
        X_tr, Y_tr, (12288, 7, 1), num_iterations=2500, print_cost=True
    )
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("Cost after iteration 2499: ")
    np.testing.assert_allclose(
        float(last.split(": ")[1]), PUBLISHED_COSTS["two_layer"][-1], rtol=1e-8
    )
    assert len(costs) == 25
    np.testing.assert_allclose(
        np.array(costs, dtype=float), PUBLISHED_COSTS["two_layer"][:-1], rtol=1e-8
    )
    p_tr = lab.predict(X_tr, Y_tr, params)
    assert capsys.readouterr().out == "Accuracy: 0.9999999999999998\n"
    assert np.mean(p_tr == Y_tr) == 1.0
    lab.predict(X_te, Y_te, params)
    assert capsys.readouterr().out == "Accuracy: 0.72\n"


@pytest.mark.data
@pytest.mark.slow
def test_L_layer_cat_net(cat, capsys):
    X_tr, Y_tr, X_te, Y_te = cat
    params, costs = lab.L_layer_model(X_tr, Y_tr, [12288, 20, 7, 5, 1], num_iterations=2500)
    assert len(costs) == 25
    np.testing.assert_allclose(
        np.array(costs, dtype=float), PUBLISHED_COSTS["L_layer"][:-1], rtol=1e-8
    )
    lab.predict(X_tr, Y_tr, params)
    assert capsys.readouterr().out == "Accuracy: 0.9856459330143539\n"
    p_te = lab.predict(X_te, Y_te, params)
    assert capsys.readouterr().out == "Accuracy: 0.8\n"
    np.testing.assert_array_equal(
        lab.mislabeled_indices(Y_te, p_te), [5, 11, 13, 19, 28, 29, 34, 38, 44, 45]
    )


@pytest.mark.data
def test_experiment_quick_smoke(cat):
    result = experiment.run(quick=True)
    json.dumps(result)
    assert result["lab"] == "3.3" and not result["comparable"]
    assert set(result["runs"]) == {"two_layer", "L_layer"}
    for r in result["runs"].values():
        assert r["cost_iterations"] == [0, 19] and "wall_time" in r
        assert "mislabeled_test_indices" in r
    assert len([m for m in result["metrics"] if "cost" in m["name"]]) == 2


@pytest.mark.data
@pytest.mark.slow
def test_experiment_full_all_metrics_ok(cat):
    result = experiment.run()
    bad = [m for m in result["metrics"] if m["ok"] is False]
    assert not bad, bad
    assert sum(m["ok"] is True for m in result["metrics"]) == 2 * (26 + 2)
