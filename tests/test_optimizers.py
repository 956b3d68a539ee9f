"""Each optimizer's one-step formula by hand, and one shared convergence check."""

import numpy as np
import pytest

from neuronlab.optimizers import (
    OPTIMIZERS,
    Adam,
    GradientDescent,
    Momentum,
    RMSProp,
    exponential_decay,
    get_optimizer,
    inverse_time_decay,
    stepped_inverse_time_decay,
)

THETA = np.array([1.0, -2.0, 0.5])
G = np.array([0.2, -0.4, 1.0])


def one_step(opt, theta=THETA, grad=G, lr=0.1, steps=1):
    theta = theta.copy()
    state = opt.init(theta)
    for t in range(1, steps + 1):
        state = opt.update(theta, grad, state, t, lr)
    return theta, state


def test_gd_step():
    theta, _ = one_step(GradientDescent())
    np.testing.assert_allclose(theta, THETA - 0.1 * G, rtol=0, atol=1e-15)


def test_momentum_steps():
    opt = Momentum(beta=0.9)
    theta, state = one_step(opt, steps=2)
    (vel,) = opt.moments(state)
    v1 = 0.1 * G  # v = 0.9·0 + 0.1·g
    v2 = 0.9 * v1 + 0.1 * G
    np.testing.assert_allclose(vel, v2, atol=1e-15)
    np.testing.assert_allclose(theta, THETA - 0.1 * v1 - 0.1 * v2, atol=1e-15)


def test_rmsprop_step():
    opt = RMSProp(beta=0.9, epsilon=1e-8)
    theta, state = one_step(opt)
    (sq,) = opt.moments(state)
    s = 0.1 * G**2
    np.testing.assert_allclose(sq, s, atol=1e-15)
    np.testing.assert_allclose(theta, THETA - 0.1 * G / (np.sqrt(s) + 1e-8), atol=1e-15)


def test_adam_steps_with_bias_correction():
    b1, b2, eps, lr = 0.9, 0.999, 1e-8, 0.01
    opt = Adam(b1, b2, eps)
    theta, state = one_step(opt, lr=lr, steps=2)
    v, s = opt.moments(state)
    ref = THETA.copy()
    vr = np.zeros(3)
    sr = np.zeros(3)
    for t in (1, 2):
        vr = b1 * vr + (1 - b1) * G
        sr = b2 * sr + (1 - b2) * G**2
        ref = ref - lr * (vr / (1 - b1**t)) / (np.sqrt(sr / (1 - b2**t)) + eps)
    np.testing.assert_allclose(v, vr, atol=1e-15)
    np.testing.assert_allclose(s, sr, atol=1e-15)
    np.testing.assert_allclose(theta, ref, rtol=1e-13)
    # the first Adam step moves every coordinate by ≈ lr, whatever the gradient's scale
    theta1, _ = one_step(Adam(), lr=lr)
    np.testing.assert_allclose(np.abs(theta1 - THETA), lr, rtol=1e-6)


def test_adam_needs_a_step_number():
    with pytest.raises(ValueError, match="t: expected the 1-based step"):
        Adam().update(THETA.copy(), G, Adam().init(THETA), 0, 0.1)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_optimizer_converges_on_a_convex_quadratic(name):
    """J(θ) = ½ (θ − c)ᵀ H (θ − c) with an ill-conditioned H: all must reach c."""
    H = np.diag([1.0, 10.0, 0.3])
    c = np.array([1.0, -2.0, 3.0])
    opt = get_optimizer(name)
    lr = {"gd": 0.09, "momentum": 0.09, "rmsprop": 0.01, "adam": 0.05}[name]
    theta = np.zeros(3)
    state = opt.init(theta)
    for t in range(1, 5001):
        state = opt.update(theta, H @ (theta - c), state, t, lr)
    np.testing.assert_allclose(theta, c, atol=2e-2)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_moments_round_trip_and_continue_a_run(name):
    """``moments`` reads the textbook averages out of a state and ``init`` puts them
    back: three steps in one go equal two steps, a restart from the moments, one step."""
    opt = get_optimizer(name)
    grads = [G, -0.5 * G, np.array([3.0, 0.1, -1.0])]
    whole = THETA.copy()
    state = opt.init(whole)
    for t, g in enumerate(grads, 1):
        opt.update(whole, g, state, t, 0.1)
    part = THETA.copy()
    state = opt.init(part)
    for t, g in enumerate(grads[:2], 1):
        opt.update(part, g, state, t, 0.1)
    moments = opt.moments(state)
    restarted = opt.init(part, moments)
    for a, b in zip(opt.moments(restarted), moments):
        np.testing.assert_allclose(a, b, rtol=1e-15)
    opt.update(part, grads[2], restarted, 3, 0.1)
    np.testing.assert_allclose(part, whole, rtol=1e-14)


def test_moments_of_the_wrong_shape_are_refused():
    with pytest.raises(ValueError, match=r"moments\[1\]: expected shape \(3,\), got \(2,\)"):
        Adam().init(THETA, [np.zeros(3), np.zeros(2)])
    with pytest.raises(
        ValueError, match="moments: expected a sequence of 1 arrays shaped like theta, got 2 items"
    ):
        Momentum().init(THETA, [np.zeros(3), np.zeros(3)])


def test_float32_state_stays_float32():
    theta = THETA.astype(np.float32)
    for name in OPTIMIZERS:
        opt = get_optimizer(name)
        state = opt.init(theta)
        opt.update(theta, G.astype(np.float32), state, 1, 0.1)
        assert theta.dtype == np.float32 and all(s.dtype == np.float32 for s in state)


def test_schedules():
    assert inverse_time_decay(0.1, 1)(0) == 0.1
    assert inverse_time_decay(0.1, 1)(9) == pytest.approx(0.01)
    step = stepped_inverse_time_decay(0.1, 1, time_interval=1000)
    assert [step(e) for e in (0, 999, 1000, 2500)] == pytest.approx([0.1, 0.1, 0.05, 0.1 / 3])
    assert exponential_decay(1.0, 0.5)(3) == 0.125


def test_bad_settings_are_named():
    with pytest.raises(
        ValueError,
        match=r"optimizer: expected one of \['gd', 'momentum', 'rmsprop', 'adam'\], got 'sgdx'",
    ):
        get_optimizer("sgdx")
    with pytest.raises(ValueError, match="beta: expected a number in"):
        Momentum(beta=1.0)
    with pytest.raises(ValueError, match="unknown settings"):
        get_optimizer("adam", beta=0.9)
    with pytest.raises(TypeError, match="beta1: expected a number"):  # known, but a string
        get_optimizer("adam", beta1="0.9")
    with pytest.raises(ValueError, match="learning_rate0"):
        inverse_time_decay(-1, 1)


def test_moments_may_come_as_one_stacked_array():
    v, s = np.full(3, 0.1), np.full(3, 0.01)
    state = Adam().init(THETA, np.stack([v, s]))
    for a, b in zip(Adam().moments(state), (v, s)):
        np.testing.assert_allclose(a, b, rtol=1e-15)
    with pytest.raises(ValueError, match="moments: expected a sequence of 1 arrays"):
        Momentum().init(THETA, v)  # the bare array instead of (v,)


def test_as_schedule_turns_a_rate_or_a_schedule_into_a_schedule():
    from neuronlab.optimizers import as_schedule

    assert as_schedule(0.5)(0) == as_schedule(0.5)(1000) == 0.5
    decay = as_schedule(0.5, lambda epoch: 0.5 / (1 + epoch))
    assert decay(0) == 0.5 and decay(1) == 0.25
    with pytest.raises(ValueError, match="learning_rate"):
        as_schedule(-1.0, lambda epoch: 0.1)  # the start rate is checked either way
    with pytest.raises(TypeError, match="schedule: expected a function"):
        as_schedule(0.1, 0.5)  # type: ignore[arg-type]
