"""Lab 3.6 (gradient checking): facade contracts, published numbers, planted bugs caught.

Published numbers (REFERENCE.md §6): 1-D x = 3, θ = 4 → 7.814075313343006e-11; the N-D
test case → 0.2850931567761623 with the course's planted bugs, 1.1890913024229996e-07
without.  All three reproduce exactly; they are pinned at relative 1e-8 (§9).
"""

# ruff: noqa: NPY002

from __future__ import annotations

import json

import numpy as np
import pytest

from neuronlab import Network, gradcheck
from neuronlab.experiments import gradient_checking as experiment
from neuronlab.labs import gradient_checking as lab

WITH_BUGS = 0.2850931567761623
FIXED = 1.1890913024229996e-07


@pytest.fixture
def case():
    return lab.gradient_check_n_test_case()


def same_state(s1, s2) -> bool:
    return s1[0] == s2[0] and np.array_equal(s1[1], s2[1]) and s1[2:] == s2[2:]


# --- 1-D ---------------------------------------------------------------------------


def test_one_dimensional(capsys):
    assert lab.forward_propagation(3, 4) == 12
    assert lab.backward_propagation(3, 4) == 3
    diff = lab.gradient_check(3, 4)
    assert type(diff) is float
    assert diff == pytest.approx(7.814075313343006e-11, rel=1e-8)
    assert capsys.readouterr().out == ""
    lab.gradient_check(3, 4, print_msg=True)
    assert "works perfectly fine! difference = 7.814075313343006e-11" in capsys.readouterr().out


def test_one_dimensional_wrong_gradient_is_flagged(monkeypatch, capsys):
    monkeypatch.setattr(lab, "backward_propagation", lambda x, theta: 2 * x)
    diff = lab.gradient_check(3, 4, print_msg=True)
    assert diff == pytest.approx(1 / 3)
    assert "There is a mistake in the backward propagation!" in capsys.readouterr().out


# --- N-D ---------------------------------------------------------------------------


def test_test_case_is_the_seed_1_stream(case):
    X, Y, p = case
    r = np.random.RandomState(1)
    np.testing.assert_array_equal(X, r.randn(4, 3))
    assert Y.tolist() == [1, 1, 0]
    for k, shape in (("W1", (5, 4)), ("b1", (5, 1)), ("W2", (3, 5)), ("b2", (3, 1)),
                     ("W3", (1, 3)), ("b3", (1, 1))):  # fmt: skip
        np.testing.assert_array_equal(p[k], r.randn(*shape))


def test_published_differences(case, capsys):
    X, Y, p = case
    cost, cache = lab.forward_propagation_n(X, Y, p)
    assert isinstance(cost, float) and len(cache) == 12
    buggy = lab.backward_propagation_n(X, Y, cache, planted_bugs=True)
    diff = lab.gradient_check_n(p, buggy, X, Y, 1e-7, True)
    assert type(diff) is float
    assert diff == pytest.approx(WITH_BUGS, rel=1e-8)
    assert "There is a mistake in the backward propagation!" in capsys.readouterr().out
    fixed = lab.backward_propagation_n(X, Y, cache)
    diff = lab.gradient_check_n(p, fixed, X, Y, 1e-7, True)
    assert diff == pytest.approx(FIXED, rel=1e-8)
    assert "works perfectly fine!" in capsys.readouterr().out


def test_forward_cost_is_the_labs(case):
    X, Y, p = case
    cost, cache = lab.forward_propagation_n(X, Y, p)
    A3 = cache[9]
    logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    assert cost == 1.0 / 3 * np.sum(logprobs)  # bit for bit: the finite differences agree


def test_backward_is_the_engines_and_the_bugs_are_the_courses(case):
    X, Y, p = case
    _, cache = lab.forward_propagation_n(X, Y, p)
    grads = lab.backward_propagation_n(X, Y, cache)
    assert list(grads) == ["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2",
                           "dA1", "dZ1", "dW1", "db1"]  # fmt: skip
    engine = Network.from_parameters(p, hidden_activation="relu").gradients(X, Y)
    for k, g in engine.items():
        np.testing.assert_allclose(grads[k], g, rtol=1e-13, atol=1e-16, err_msg=k)
    buggy = lab.backward_propagation_n(X, Y, cache, planted_bugs=True)
    for k in grads:
        factor = {"dW2": 2, "db1": 4}.get(k, 1)
        np.testing.assert_array_equal(buggy[k], factor * grads[k], err_msg=k)


def test_vector_conversions(case):
    _, _, p = case
    before = {k: a.copy() for k, a in p.items()}
    theta, keys = lab.dictionary_to_vector(p)
    assert theta.shape == (47, 1) and isinstance(keys, list) and len(keys) == 47
    assert [keys.count(k) for k in ("W1", "b1", "W2", "b2", "W3", "b3")] == [20, 5, 15, 3, 3, 1]
    assert keys[:20] == ["W1"] * 20 and keys[-1] == "b3"
    np.testing.assert_array_equal(theta[:20, 0], p["W1"].ravel())  # row-major
    np.testing.assert_array_equal(theta[20:25, 0], p["b1"].ravel())
    back = lab.vector_to_dictionary(theta)
    assert list(back) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    for k in p:
        np.testing.assert_array_equal(back[k], p[k])
        assert np.array_equal(p[k], before[k])
    grads = {"d" + k: a for k, a in p.items()} | {"dZ3": np.ones((1, 3))}
    np.testing.assert_array_equal(lab.gradients_to_vector(grads), theta)


def test_vector_bad_input():
    with pytest.raises(ValueError, match="theta"):
        lab.vector_to_dictionary(np.zeros((46, 1)))
    with pytest.raises(ValueError, match="gradients"):
        lab.gradients_to_vector({"dZ3": np.ones(1)})
    with pytest.raises(ValueError, match="parameters"):
        lab.dictionary_to_vector({"W1": np.ones((2, 2))})


def test_gradient_check_n_keeps_inputs_and_global_state(case):
    X, Y, p = case
    _, cache = lab.forward_propagation_n(X, Y, p)
    grads = lab.backward_propagation_n(X, Y, cache)
    saved_p = {k: a.copy() for k, a in p.items()}
    saved_g = {k: a.copy() for k, a in grads.items()}
    state = np.random.get_state()
    lab.gradient_check_n(p, grads, X, Y)
    assert same_state(state, np.random.get_state())
    assert all(np.array_equal(p[k], saved_p[k]) for k in p)
    assert all(np.array_equal(grads[k], saved_g[k]) for k in grads)


# --- the engine's checkers ---------------------------------------------------------


@pytest.mark.parametrize("checker", [gradcheck.check, gradcheck.check_fast])
def test_engine_checkers_catch_the_planted_bugs(case, checker):
    X, Y, p = case
    good = Network.from_parameters(p, hidden_activation="relu")
    bad = lab.PlantedBugNetwork.from_parameters(p, hidden_activation="relu")
    assert checker(good, X, Y) < gradcheck.THRESHOLD
    assert checker(bad, X, Y) > 0.1


def test_planted_bug_network_gradients(case):
    X, Y, p = case
    good = Network.from_parameters(p, hidden_activation="relu").gradients(X, Y)
    bad = lab.PlantedBugNetwork.from_parameters(p, hidden_activation="relu").gradients(X, Y)
    for k in good:
        factor = {"dW2": 2, "db1": 4}.get(k, 1)
        np.testing.assert_array_equal(bad[k], factor * good[k], err_msg=k)


def test_experiment():
    result = experiment.run()
    json.dumps(result)
    assert result["lab"] == "3.6"
    assert all(m["ok"] is not False for m in result["metrics"])
    assert result["engine_catches_planted_bugs"] is True
    assert result["engine_passes_correct_backprop"] is True
    runs = result["runs"]
    assert runs["n_dimensional_planted_bugs"]["difference"] == pytest.approx(WITH_BUGS, rel=1e-8)
    assert runs["n_dimensional_fixed"]["difference"] == pytest.approx(FIXED, rel=1e-8)
    assert runs["one_dimensional"]["difference"] == pytest.approx(7.814075313343006e-11, rel=1e-8)
