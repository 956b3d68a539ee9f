"""Gradient checks over every hidden activation × output/loss pair × L2, and planted bugs."""

import zlib

import numpy as np
import pytest

import neuronlab as nl
from neuronlab import gradcheck, layers

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "identity"]
OUTPUTS = [  # (output activation, loss, n_out, target kind)
    ("sigmoid", "binary_cross_entropy", 1, "sigmoid"),
    ("sigmoid", "binary_cross_entropy", 3, "multilabel"),  # the digits lab's one-vs-all cost
    ("softmax", "categorical_cross_entropy", 3, "softmax"),
    ("identity", "mse", 2, "identity"),
    ("sigmoid", "mse", 1, "sigmoid"),  # a non-canonical pair: dA chained through σ'
    ("tanh", "mse", 2, "identity"),
]


def targets(kind, n_out, m, r):
    if kind in ("sigmoid", "multilabel"):
        return (r.random((n_out, m)) > 0.5).astype(float)
    if kind == "softmax":
        return r.integers(0, n_out, (1, m))
    return r.standard_normal((n_out, m))


def randomize_biases(net, r):
    """Zero biases put ReLU's kink exactly at Z = 0 for an example whose previous
    layer is all zeros; there the cost has no derivative and no check can pass."""
    for name, p in net.parameters.items():
        if name.startswith("b"):
            p[...] = r.standard_normal(p.shape) * 0.5


@pytest.mark.parametrize("l2", [0.0, 0.7])
@pytest.mark.parametrize("out,loss,n_out,kind", OUTPUTS)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_backprop_matches_finite_differences(hidden, out, loss, n_out, kind, l2):
    # a seed of its own per case, the same in every process (hash() of a str is not)
    r = np.random.default_rng(zlib.crc32(f"{hidden}/{out}/{loss}".encode()))
    X = r.standard_normal((4, 25))
    Y = targets(kind, n_out, 25, r)
    net = nl.Network(
        [4, 5, 3, n_out],
        hidden_activation=hidden,
        output_activation=out,
        loss=loss,
        initializer="xavier",
        seed=1,
    )
    randomize_biases(net, r)
    assert gradcheck.check(net, X, Y, l2=l2) < 1e-7
    assert gradcheck.check_fast(net, X, Y, l2=l2) < 1e-7


def test_the_exact_check_takes_an_integer_seed():
    # a Generator would draw new dropout masks for every evaluation and make J random
    X, Y = np.ones((4, 5)), np.zeros((1, 5))
    with pytest.raises(TypeError, match="seed: expected an integer"):
        gradcheck.check(nl.Network([4, 3, 1]), X, Y, keep_prob=0.5, seed=np.random.default_rng(0))


def test_dropout_gradient_with_fixed_masks():
    r = np.random.default_rng(0)
    X, Y = r.standard_normal((4, 20)), (r.random((1, 20)) > 0.5).astype(float)
    for hidden in ("sigmoid", "tanh", "relu"):
        net = nl.Network([4, 6, 5, 1], hidden_activation=hidden, seed=2)
        randomize_biases(net, r)
        assert gradcheck.check(net, X, Y, keep_prob=[0.7, 0.9], seed=3) < 1e-7


def test_incremental_exact_check_equals_the_plain_loop():
    r = np.random.default_rng(1)
    X, Y = r.standard_normal((3, 10)), (r.random((2, 10)) > 0.5).astype(float)
    net = nl.Network([3, 4, 3, 2], hidden_activation="tanh", seed=0)
    _, grad, approx = gradcheck.check(net, X, Y, l2=0.5, return_gradients=True)
    plain = gradcheck.numerical_gradient(lambda th: net.loss_at(X, Y, 0.5), net.theta)
    np.testing.assert_allclose(approx, plain, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(approx, grad, rtol=1e-5, atol=1e-9)


@pytest.fixture
def planted_bug(monkeypatch):
    """Scale one layer's dW by a factor (the issue's planted bug)."""

    def plant(shape, factor=2.0, which="dW"):
        original = layers.Dense.backward_params

        def bugged(self, dZ, A_prev, m, l2, **kwargs):
            original(self, dZ, A_prev, m, l2, **kwargs)
            if self.W.shape == shape:
                getattr(self, which)[...] *= factor

        monkeypatch.setattr(layers.Dense, "backward_params", bugged)

    return plant


@pytest.mark.parametrize(
    "shape,factor,which",
    [
        ((3, 5), 2.0, "dW"),  # a middle layer's weights ×2
        ((5, 4), 4.0, "db"),  # the lab's db1 bug: 4/m instead of 1/m
        ((1, 3), 1.01, "db"),  # a 1 % error in the smallest array
    ],
)
def test_a_planted_bug_is_caught_by_both_checks(planted_bug, shape, factor, which):
    r = np.random.default_rng(0)
    X, Y = r.standard_normal((4, 30)), (r.random((1, 30)) > 0.5).astype(float)
    net = nl.Network([4, 5, 3, 1], hidden_activation="tanh", seed=1)
    assert gradcheck.check(net, X, Y) < 1e-7 and gradcheck.check_fast(net, X, Y) < 1e-7
    planted_bug(shape, factor, which)
    assert gradcheck.check(net, X, Y) > 1e-4
    assert gradcheck.check_fast(net, X, Y) > 1e-3


def test_checks_leave_parameters_untouched_and_work_on_float32():
    r = np.random.default_rng(0)
    X, Y = r.standard_normal((4, 10)), (r.random((1, 10)) > 0.5).astype(float)
    net = nl.Network([4, 3, 1], dtype="float32", seed=0)
    before = net.theta.copy()
    assert gradcheck.check(net, X, Y) < 1e-7
    assert gradcheck.check_fast(net, X, Y) < 1e-7
    np.testing.assert_array_equal(net.theta, before)


def test_relative_difference():
    assert gradcheck.relative_difference(np.ones(3), np.ones(3)) == 0
    assert gradcheck.relative_difference(np.zeros(3), np.zeros(3)) == 0
    assert gradcheck.relative_difference(np.array([2.0]), np.array([1.0])) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="epsilon"):
        gradcheck.check(nl.Network([1, 1]), np.ones((1, 2)), np.ones((1, 2)), epsilon=0)


@pytest.mark.parametrize(
    "out,n_out,kinds",
    [("sigmoid", 2, {0.0, 1.0}), ("softmax", 3, {0, 1, 2}), ("identity", 1, None)],
)
def test_random_problem_fits_the_loss_and_passes_the_check(out, n_out, kinds):
    net = nl.Network([5, 4, n_out], output_activation=out, seed=0)
    X, Y = gradcheck.random_problem(net, 30, seed=1)
    assert X.shape == (5, 30) and Y.shape[1] == 30
    if kinds is not None:
        assert set(np.unique(Y).tolist()) <= kinds
    assert all(np.all(b != 0) for k, b in net.parameters.items() if k.startswith("b"))
    assert gradcheck.check(net, X, Y) < 1e-7
