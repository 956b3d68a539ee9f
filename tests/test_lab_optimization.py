"""Lab 3.7 (optimization methods): facade contracts, one-step formulas, published numbers.

Published numbers (REFERENCE.md §7, tolerances §9): the seven 2021+ runs' costs at
epochs 0, 1000, …, 4000 (6-decimal prints: absolute 1e-6) and train accuracies (exact);
the older 10000-epoch runs' accuracies 0.7966666666666666 / 0.7966666666666666 / 0.94.
"""

# The reference recipes below use NumPy's legacy streams on purpose (the lab's).
# ruff: noqa: NPY002

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from neuronlab.experiments import optimization as experiment
from neuronlab.labs import optimization as lab

RUNS = experiment.default_runs()


@pytest.fixture(scope="module")
def moons():
    return lab.load_dataset()


def same_state(s1, s2) -> bool:
    return s1[0] == s2[0] and np.array_equal(s1[1], s2[1]) and s1[2:] == s2[2:]


def hand_made(seed=0):
    """Small parameter and gradient dicts of a [3, 2, 1] net."""
    r = np.random.RandomState(seed)
    p = {"W1": r.randn(2, 3), "b1": r.randn(2, 1), "W2": r.randn(1, 2), "b2": r.randn(1, 1)}
    g = {"d" + k: r.randn(*a.shape) for k, a in p.items()}
    return p, g


def frozen(*dicts):
    return [{k: a.copy() for k, a in d.items()} for d in dicts]


def assert_unchanged(dicts, copies):
    for d, c in zip(dicts, copies, strict=True):
        assert all(np.array_equal(d[k], c[k]) for k in c)


def printed(text: str) -> dict[int, float]:
    return {int(i): float(c) for i, c in re.findall(r"Cost after epoch (\d+): (\S+)", text)}


# --- data and mini-batches ---------------------------------------------------------


def test_load_dataset(moons):
    X, Y = moons
    assert X.shape == (2, 300) and Y.shape == (1, 300) and int(Y.sum()) == 150


def test_random_mini_batches_is_the_labs_recipe():
    r = np.random.RandomState(1)
    X = r.randn(5, 148)
    Y = (r.randn(1, 148) < 0.5).astype(int)
    before = np.random.get_state()
    batches = lab.random_mini_batches(X, Y, 64, seed=7)
    assert same_state(before, np.random.get_state()), "global NumPy state was touched"
    assert isinstance(batches, list) and all(isinstance(b, tuple) for b in batches)
    assert [b[0].shape for b in batches] == [(5, 64), (5, 64), (5, 20)]
    assert [b[1].shape for b in batches] == [(1, 64), (1, 64), (1, 20)]
    # the lab: np.random.seed(seed); permutation = list(np.random.permutation(m))
    perm = list(np.random.RandomState(7).permutation(148))
    X_s, Y_s = X[:, perm], Y[:, perm].reshape(1, 148)
    for k, (bx, by) in enumerate(batches):
        np.testing.assert_array_equal(bx, X_s[:, 64 * k : 64 * (k + 1)])
        np.testing.assert_array_equal(by, Y_s[:, 64 * k : 64 * (k + 1)])


def test_random_mini_batches_exact_division_and_1d_labels():
    X = np.arange(12.0).reshape(1, 12)
    batches = lab.random_mini_batches(X, np.arange(12) % 2, mini_batch_size=4, seed=0)
    assert len(batches) == 3 and batches[0][1].shape == (1, 4)
    with pytest.raises(ValueError, match="Y"):
        lab.random_mini_batches(X, np.zeros(5))
    with pytest.raises(ValueError, match="mini_batch_size"):
        lab.random_mini_batches(X, np.zeros(12), mini_batch_size=0)


# --- gradient descent, momentum, Adam: one step by REFERENCE's equations ------------


def test_gd_step():
    p, g = hand_made(1)
    copies = frozen(p, g)
    new = lab.update_parameters_with_gd(p, g, 0.01)
    assert list(new) == list(p)
    for k in p:
        np.testing.assert_allclose(new[k], p[k] - 0.01 * g["d" + k], rtol=1e-15)
    assert_unchanged([p, g], copies)


def test_initialize_velocity_and_adam():
    p, _ = hand_made(2)
    v = lab.initialize_velocity(p)
    assert list(v) == ["dW1", "db1", "dW2", "db2"]
    assert all(v["d" + k].shape == p[k].shape and not v["d" + k].any() for k in p)
    state = lab.initialize_adam(p)
    assert isinstance(state, tuple) and len(state) == 2
    for d in state:
        assert list(d) == list(v) and all(not a.any() for a in d.values())
    assert state[0]["dW1"] is not state[1]["dW1"]


def test_momentum_step():
    p, g = hand_made(3)
    v = {k: 0.1 * a for k, a in g.items()}  # a non-zero velocity
    copies = frozen(p, g, v)
    out = lab.update_parameters_with_momentum(p, g, v, beta=0.9, learning_rate=0.01)
    assert isinstance(out, tuple) and len(out) == 2
    new_p, new_v = out
    for k in p:
        dk = "d" + k
        expected_v = 0.9 * v[dk] + (1 - 0.9) * g[dk]
        np.testing.assert_allclose(new_v[dk], expected_v, rtol=1e-15)
        np.testing.assert_allclose(new_p[k], p[k] - 0.01 * expected_v, rtol=1e-15)
    assert list(new_v) == list(v)
    assert_unchanged([p, g, v], copies)


def test_momentum_with_beta_zero_is_gd():
    p, g = hand_made(4)
    new_p, _ = lab.update_parameters_with_momentum(p, g, lab.initialize_velocity(p), 0, 0.1)
    gd = lab.update_parameters_with_gd(p, g, 0.1)
    for k in p:
        np.testing.assert_allclose(new_p[k], gd[k], rtol=1e-15)


@pytest.mark.parametrize("t", [1, 2, 7])
def test_adam_step(t):
    p, g = hand_made(5)
    r = np.random.RandomState(6)
    v = {k: 0.1 * r.randn(*a.shape) for k, a in g.items()}
    s = {k: 0.01 * r.rand(*a.shape) for k, a in g.items()}
    copies = frozen(p, g, v, s)
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    out = lab.update_parameters_with_adam(p, g, v, s, t, lr, b1, b2, eps)
    assert isinstance(out, tuple) and len(out) == 5
    new_p, new_v, new_s, v_hat, s_hat = out
    for k in p:
        dk = "d" + k
        ev = b1 * v[dk] + (1 - b1) * g[dk]
        es = b2 * s[dk] + (1 - b2) * g[dk] ** 2
        ev_hat, es_hat = ev / (1 - b1**t), es / (1 - b2**t)
        np.testing.assert_allclose(new_v[dk], ev, rtol=1e-14)
        np.testing.assert_allclose(new_s[dk], es, rtol=1e-14)
        np.testing.assert_allclose(v_hat[dk], ev_hat, rtol=1e-14)
        np.testing.assert_allclose(s_hat[dk], es_hat, rtol=1e-14)
        np.testing.assert_allclose(new_p[k], p[k] - lr * ev_hat / (np.sqrt(es_hat) + eps),
                                   rtol=1e-13)  # fmt: skip
        assert new_p[k].shape == p[k].shape
    assert_unchanged([p, g, v, s], copies)


def test_adam_older_return_form_and_bad_t():
    p, g = hand_made(7)
    v, s = lab.initialize_adam(p)
    old = lab.update_parameters_with_adam(p, g, v, s, 1, return_corrected=False)
    new = lab.update_parameters_with_adam(p, g, v, s, 1)
    assert len(old) == 3
    for a, b in zip(old, new[:3], strict=True):
        assert all(np.array_equal(a[k], b[k]) for k in a)
    # first step from zero state: v̂ = g, ŝ = g², so the step is ≈ lr·sign(g)
    np.testing.assert_allclose(p["W1"] - new[0]["W1"], 0.01 * np.sign(g["dW1"]), rtol=1e-6)
    with pytest.raises(ValueError, match="t"):
        lab.update_parameters_with_adam(p, g, v, s, 0)
    with pytest.raises(ValueError, match="dW2"):
        lab.update_parameters_with_adam(p, {"dW1": g["dW1"]}, v, s, 1)


# --- learning-rate decay -----------------------------------------------------------


def test_update_lr():
    lr = lab.update_lr(0.5, 2, 1)
    assert type(lr) is float and lr == pytest.approx(0.5 / 3, rel=1e-15)
    assert lab.update_lr(0.1, 0, 1) == 0.1


def test_schedule_lr_decay():
    assert lab.schedule_lr_decay(0.5, 100, 0.3) == 0.5
    assert lab.schedule_lr_decay(0.5, 1000, 0.3) == pytest.approx(0.5 / 1.3, rel=1e-15)
    assert lab.schedule_lr_decay(0.1, 2999, 1) == pytest.approx(0.1 / 3, rel=1e-15)
    assert lab.schedule_lr_decay(0.1, 3000, 1, time_interval=3000) == 0.05


def test_lab_schedule_timing():
    # epoch 0 trains at α₀; after epoch i the lab sets α = decay(α₀, i, rate) for i + 1
    schedule = lab.lab_schedule(0.1, lab.update_lr, 1)
    assert [schedule(e) for e in (0, 1, 2)] == [0.1, 0.1, 0.05]
    assert lab.lab_schedule(0.1, None, 1) is None


def test_lab_shuffles_replays_the_seeds():
    shuffle = lab.lab_shuffles()
    for epoch in (0, 1, 5):
        expected = np.random.RandomState(11 + epoch).permutation(300)
        np.testing.assert_array_equal(shuffle(epoch).permutation(300), expected)


# --- model -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["adam", "gd_schedule_lr_decay"])
def test_model_prints_the_published_costs(moons, capsys, name):
    spec = RUNS[name]
    X, Y = moons
    decay = experiment.DECAYS[spec.decay] if spec.decay else None
    p = lab.model(X, Y, [2, 5, 2, 1], spec.optimizer, learning_rate=spec.learning_rate,
                  num_epochs=1001, decay=decay)  # fmt: skip
    out = capsys.readouterr().out
    costs = printed(out)
    assert sorted(costs) == [0, 1000]
    for epoch, cost in costs.items():
        assert cost == pytest.approx(spec.published_costs[epoch // 1000], abs=1e-6)
    if decay is not None:
        assert "learning rate after epoch 1000: 0.050000" in out
    assert [p[k].shape for k in p] == [(5, 2), (5, 1), (2, 5), (2, 1), (1, 2), (1, 1)]


def test_model_bad_input(moons):
    X, Y = moons
    with pytest.raises(ValueError, match="optimizer"):
        lab.model(X, Y, [2, 5, 2, 1], "sgd", num_epochs=1)
    with pytest.raises((ValueError, TypeError), match="learning_rate"):
        lab.model(X, Y, [2, 5, 2, 1], "gd", learning_rate=0, num_epochs=1)
    with pytest.raises(ValueError, match="beta"):
        lab.model(X, Y, [2, 5, 2, 1], "momentum", beta=1.5, num_epochs=1)


@pytest.mark.slow
def test_experiment_reproduces_every_published_number():
    result = experiment.run()
    json.dumps(result)
    bad = [m for m in result["metrics"] if m["ok"] is False]
    assert not bad, bad
    assert len(result["metrics"]) == 7 * 6 + 3
    for name, spec in RUNS.items():
        run = result["runs"][name]
        assert run["train_accuracy"] == spec.published_accuracy, name
        printed_costs = [run["costs"][run["epochs"].index(1000 * k)] for k in range(5)]
        if spec.published_costs:
            assert printed_costs == pytest.approx(spec.published_costs, abs=1e-6), name


@pytest.mark.slow
@pytest.mark.parametrize("name", ["gd", "momentum", "adam", "momentum_schedule_lr_decay"])
def test_facade_model_reproduces_the_published_runs(moons, capsys, name):
    spec = RUNS[name]
    X, Y = moons
    decay = experiment.DECAYS[spec.decay] if spec.decay else None
    p = lab.model(X, Y, [2, 5, 2, 1], spec.optimizer, learning_rate=spec.learning_rate,
                  decay=decay)  # fmt: skip
    costs = printed(capsys.readouterr().out)
    assert [costs[e] for e in sorted(costs)] == pytest.approx(spec.published_costs, abs=1e-6)
    lab.predict(X, Y, p)
    assert capsys.readouterr().out == f"Accuracy: {spec.published_accuracy}\n"


def test_quick_experiment_is_json():
    config = experiment.Config(runs={"adam": RUNS["adam"]})
    result = experiment.run(config, quick=True)
    json.dumps(result)
    assert result["quick"] is True and list(result["runs"]) == ["adam"]
    assert all(m["ok"] for m in result["metrics"] if "cost" in m["name"])
