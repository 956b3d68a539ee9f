import warnings

import numpy as np
import pytest

import neuronlab as nl
from neuronlab.initializers import get_initializer, make_rng


def test_random_state_reproduces_a_labs_seeded_stream():
    """The lab's np.random.seed(3); W{l} = randn(n_l, n_{l-1}) * sqrt(2/n_{l-1})."""
    net = nl.Network([2, 10, 5, 1], initializer="he", seed=np.random.RandomState(3))
    r = np.random.RandomState(3)
    for l, (n_in, n_out) in enumerate([(2, 10), (10, 5), (5, 1)], start=1):
        np.testing.assert_array_equal(
            net.parameters[f"W{l}"], r.randn(n_out, n_in) * np.sqrt(2 / n_in)
        )
        assert not net.parameters[f"b{l}"].any()


def test_global_state_is_untouched():
    before = np.random.get_state()[1].copy()
    nl.Network([3, 4, 1], seed=np.random.RandomState(1))
    nl.Network([3, 4, 1], seed=5)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize(
    "name,check",
    [
        ("zeros", lambda W: not W.any()),
        ("uniform", lambda W: np.abs(W).max() < 0.12 and np.abs(W).max() > 0.1),
        ("sqrt_n_in", lambda W: abs(W.std() * np.sqrt(400) - 1) < 0.05),
        ("he", lambda W: abs(W.std() * np.sqrt(400 / 2) - 1) < 0.05),
        ("xavier", lambda W: abs(W.std() * np.sqrt((400 + 300) / 2) - 1) < 0.05),
        ("random", lambda W: abs(W.std() / 0.01 - 1) < 0.05),
    ],
)
def test_scales(name, check):
    W = get_initializer(name)(make_rng(0), 300, 400)
    assert W.shape == (300, 400) and check(W)


def test_settings_and_bad_names():
    W = get_initializer("random", scale=10)(make_rng(0), 50, 50)
    assert 9 < W.std() < 11
    with pytest.raises(ValueError, match="initializer.*'he'.*got 'kaiming'"):
        get_initializer("kaiming")
    with pytest.raises(ValueError, match="unknown settings"):
        get_initializer("he", scale=2)
    with pytest.raises(TypeError, match="seed"):
        make_rng("abc")


def test_glorot_uniform_draws_weights_then_biases_like_scikit_learn():
    net = nl.Network(
        [4, 16, 3],
        initializer="glorot_uniform",
        output_activation="softmax",
        seed=np.random.RandomState(0),
    )
    r = np.random.RandomState(0)
    for l, (n_in, n_out) in enumerate([(4, 16), (16, 3)], start=1):
        a = np.sqrt(6 / (n_in + n_out))
        coef = r.uniform(-a, a, (n_in, n_out))  # scikit-learn's coefs_[l-1] layout
        np.testing.assert_array_equal(net.parameters[f"W{l}"], coef.T)
        np.testing.assert_array_equal(net.parameters[f"b{l}"], r.uniform(-a, a, (n_out, 1)))


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize(
    "ours_act, sk_act", [("relu", "relu"), ("tanh", "tanh"), ("sigmoid", "logistic")]
)
def test_the_estimator_starts_from_mlpclassifiers_weights(ours_act, sk_act):
    from sklearn.neural_network import MLPClassifier

    from neuronlab.estimator import NeuralNetClassifier

    X = np.random.default_rng(0).random((30, 5))
    y = np.arange(30) % 3
    ours = NeuralNetClassifier(
        (7,), activation=ours_act, random_state=0, epochs=1, learning_rate=1e-12
    ).fit(X, y)
    skl = MLPClassifier(
        (7,), activation=sk_act, random_state=0, max_iter=1, learning_rate_init=1e-12
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        skl.fit(X, y)
    for W, b, coef, intercept in zip(ours.coefs_, ours.intercepts_, skl.coefs_, skl.intercepts_):
        np.testing.assert_allclose(W, coef, atol=1e-9)  # 1e-12 steps apart
        np.testing.assert_allclose(b, intercept, atol=1e-9)
    # every other initializer leaves the biases at zero
    assert not nl.Network([4, 16, 3], initializer="he").parameters["b1"].any()
