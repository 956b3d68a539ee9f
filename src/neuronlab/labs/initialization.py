"""Lab 3.4 — initialization: zeros, large random and He weights on the circles.

The course's function names over the engine.  The lab trains a 3-layer net
``[2, 10, 5, 1]`` (LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID) for 15000
iterations of gradient descent (lr 0.01) from three initialisations:

* ``"zeros"`` — every unit of a layer computes the same function forever
  (symmetry is never broken): cost ``log 2`` throughout, 50 % accuracy;
* ``"random"`` — ``N(0, 1)·10``: huge weights saturate the sigmoid, so the
  first cost is enormous (the course prints ``inf``; see :func:`compute_loss`);
* ``"he"`` — ``N(0, 1)·√(2/n_in)``: 99.3 % train, 96 % test.

Conventions: ``X`` of shape (n_x, m), ``Y`` of shape (1, m), ``W{l}`` of
shape (n_l, n_{l-1}), ``b{l}`` of shape (n_l, 1).  The lab's helpers keep the
course's layouts: ``cache = (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)``
and lowercase gradient keys with ``1/m`` folded into ``dz3 = (a3 − Y)/m``.

The lab's network and recipe exist once, :func:`network` and :func:`train`
(:func:`model` and the experiment call them).  The glue between the lab's tuple
caches and the engine is shared by the 3-layer labs 3.4–3.7 and lives in
:mod:`neuronlab.labs._adapt`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from neuronlab import _validation as v
from neuronlab import datasets
from neuronlab.labs._adapt import (
    Array,
    Callback,
    Params,
    backward_walk,
    cost_printer,
    engine_forward,
    gradient_descent,
    lab_cache,
    lowercase_grads,
    network_of,
    optimizer_step,
    parameter_copies,
    split_cache,
)
from neuronlab.losses import binary_cross_entropy_terms
from neuronlab.network import Network
from neuronlab.training import History

__all__ = [
    "load_dataset",
    "initialize_parameters_zeros",
    "initialize_parameters_random",
    "initialize_parameters_he",
    "forward_propagation",
    "backward_propagation",
    "compute_loss",
    "update_parameters",
    "model",
    "predict",
    "predict_dec",
    "network",
    "train",
]

#: The lab's hidden sizes: ``layers_dims = [n_x, 10, 5, 1]``.
HIDDEN_DIMS = (10, 5)
#: The seed the lab's random and He initialisers set inside.
INIT_SEED = 3
#: Each of the lab's initialisations: the engine's initializer and its settings.
INITIALIZATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "zeros": ("zeros", {}),
    "random": ("random", {"scale": 10.0}),
    "he": ("he", {}),
}
#: The lab's learning rate and iterations; it records the cost every 1000 iterations.
LEARNING_RATE, NUM_ITERATIONS, RECORD_EVERY = 0.01, 15000, 1000


# ------------------------------------------------------------------------ data


def load_dataset() -> tuple[Array, Array, Array, Array]:
    """The lab's circles: ``make_circles(300, noise=.05)`` after seed 1, 100 test after seed 2.

    Returns
    -------
    train_X : ndarray of shape (2, 300)
    train_Y : ndarray of shape (1, 300), 0 (outer circle) / 1 (inner circle)
    test_X : ndarray of shape (2, 100)
    test_Y : ndarray of shape (1, 100)
    """
    train_X, train_Y, test_X, test_Y = datasets.circles()
    return train_X, train_Y, test_X, test_Y


# ------------------------------------------------------------- initialisers


def network(
    layers_dims: Sequence[int],
    initialization: str = "he",
    *,
    seed: int = INIT_SEED,
    dtype: str = "float64",
) -> Network:
    """LINEAR→RELU→…→LINEAR→SIGMOID with sizes ``layers_dims``, from one of the lab's starts.

    ``initialization`` is ``"zeros"``, ``"random"`` (``randn·10``) or ``"he"``
    (``randn·√(2/n_{l-1})``): a private ``RandomState(seed)`` draws W1, W2, … in the
    lab's order, exactly the numbers of its ``np.random.seed(3)`` + ``randn``,
    without touching global state.  Biases are zero.
    """
    v.check_choice("initialization", initialization, INITIALIZATIONS)
    initializer, settings = INITIALIZATIONS[initialization]
    return Network(
        layers_dims, initializer=initializer, seed=np.random.RandomState(seed), dtype=dtype,
        **settings,
    )  # fmt: skip


def _initialize(layers_dims: Sequence[int], initialization: str) -> Params:
    return parameter_copies(network(layers_dims, initialization).parameters)


def initialize_parameters_zeros(layers_dims: Sequence[int]) -> Params:
    """All weights and biases zero.

    Parameters
    ----------
    layers_dims : sizes ``[n_x, n_1, …, n_L]``.

    Returns
    -------
    dict
        ``W{l}`` zeros of shape (n_l, n_{l-1}), ``b{l}`` zeros of shape (n_l, 1).
        Every unit of a layer then gets the same gradient, so they stay equal:
        the net is no better than logistic regression (here, 50 %).
    """
    return _initialize(layers_dims, "zeros")


def initialize_parameters_random(layers_dims: Sequence[int]) -> Params:
    """``W{l} = randn(n_l, n_{l-1})·10`` after ``np.random.seed(3)``, biases zero.

    Drawn from a private ``RandomState(3)``: the lab's numbers, global state untouched.
    Weights this large push ``z3`` far out, so ``σ(z3)`` rounds to exactly 0 or 1.
    """
    return _initialize(layers_dims, "random")


def initialize_parameters_he(layers_dims: Sequence[int]) -> Params:
    """He initialisation ``W{l} = randn(n_l, n_{l-1})·√(2/n_{l-1})`` after seed 3, biases zero.

    The factor keeps the variance of ReLU activations the same from layer to layer
    (He et al., 2015).
    """
    return _initialize(layers_dims, "he")


# ---------------------------------------------------------- forward/backward


def forward_propagation(X: Array, parameters: Mapping[str, Array]) -> tuple[Array, tuple]:
    """LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    parameters : ``W1, b1, W2, b2, W3, b3``.

    Returns
    -------
    a3 : ndarray of shape (1, m), the output probabilities.
    cache : tuple ``(z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)``.
    """
    a3, caches = engine_forward(X, parameters)
    return a3, lab_cache(parameters, a3, caches)


def backward_propagation(X: Array, Y: Array, cache: Sequence[Array]) -> dict[str, Array]:
    """Gradients of the cost, in the lab's layout.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    cache : the tuple :func:`forward_propagation` returned.

    Returns
    -------
    dict
        ``dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1``.  The lab folds
        ``1/m`` into ``dz3 = (a3 − Y)/m``, so its ``dz``/``da`` are ``1/m`` times the
        engine's; ``dW``/``db`` are the same either way.
    """
    X = v.check_matrix("X", X)
    grads = backward_walk(X, Y, *split_cache(cache, with_masks=False))
    return lowercase_grads(grads, X.shape[1])


def compute_loss(a3: Array, Y: Array) -> float:
    """``(1/m)·nansum(−y log a3 − (1−y) log(1−a3))``, the lab's cost.

    The course takes ``log`` of an ``a3`` that rounded to exactly 0 or 1 and gets
    ``inf`` (the large-random run's first cost); the engine clips the probability
    at the smallest normal float, so the same cost here is large but finite.
    """
    Y = np.asarray(Y)
    m = Y.shape[-1]
    return float(1.0 / m * np.nansum(binary_cross_entropy_terms(a3, Y)))


def update_parameters(
    parameters: Mapping[str, Array], grads: Mapping[str, Array], learning_rate: float
) -> Params:
    """One gradient-descent step ``W{l} −= α·dW{l}``, ``b{l} −= α·db{l}``; a new dict."""
    return optimizer_step("gd", parameters, grads, (), 1, learning_rate)[0]


# -------------------------------------------------------------------- model


def train(
    X: Array,
    Y: Array,
    *,
    initialization: str = "he",
    learning_rate: float = LEARNING_RATE,
    num_iterations: int = NUM_ITERATIONS,
    record_every: int = RECORD_EVERY,
    hidden_dims: Sequence[int] = HIDDEN_DIMS,
    seed: int = INIT_SEED,
    dtype: str = "float64",
    callback: Callback | None = None,
    check_labels: bool = True,
) -> tuple[Network, History]:
    """The lab's recipe → ``(net, history)``: the ``[n_x, 10, 5, 1]`` :func:`network`,
    then full-batch gradient descent (15000 iterations, α = 0.01).

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), labels 0/1.
    initialization, hidden_dims, seed, dtype : the network's (see :func:`network`).
    record_every, callback : the cost is recorded every ``record_every`` iterations
        and at the last, when ``callback(i, cost, net)`` is called.
    check_labels : refuse a ``Y`` that is not labels 0/1 (:func:`neuronlab.training.fit`'s
        check, for training a classifier); the course-named functions pass False,
        their formulas take any real ``Y``.

    Notes
    -----
    The engine's training loop (:func:`neuronlab.training.fit`) takes its cost
    from the logits: the same number as the lab's to ~1e-16, except that it stays
    finite where the lab's ``log(0)`` gives ``inf``.
    """
    v.check_choice("initialization", initialization, INITIALIZATIONS)
    X = v.check_matrix("X", X)
    net = network([X.shape[0], *hidden_dims, 1], initialization, seed=seed, dtype=dtype)
    return gradient_descent(
        net, X, Y, learning_rate, num_iterations, record_every, callback,
        check_labels=check_labels,
    )  # fmt: skip


def model(
    X: Array,
    Y: Array,
    learning_rate: float = 0.01,
    num_iterations: int = 15000,
    print_cost: bool = True,
    initialization: str = "he",
) -> Params:
    """Train the lab's ``[n_x, 10, 5, 1]`` net by full-batch gradient descent (:func:`train`).

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), labels 0/1 (any real values are taken, as by the lab).
    learning_rate, num_iterations : the lab's 0.01 and 15000.
    print_cost : print ``Cost after iteration i: …`` every 1000 iterations.
    initialization : ``"zeros" | "random" | "he"``.

    Returns
    -------
    dict
        The trained ``W1, b1, W2, b2, W3, b3``.
    """
    net, _ = train(
        X, Y, initialization=initialization, learning_rate=learning_rate,
        num_iterations=num_iterations, callback=cost_printer(print_cost, RECORD_EVERY),
        check_labels=False,
    )  # fmt: skip
    return parameter_copies(net.parameters)


def predict(X: Array, y: Array, parameters: Mapping[str, Array]) -> Array:
    """Labels ``a3 > 0.5`` of shape (1, m) (int); prints ``Accuracy: `` and the mean hit rate."""
    p = network_of(parameters).predict(X)
    print("Accuracy: " + str(np.mean(p[0, :] == np.asarray(y).reshape(1, -1)[0, :])))
    return p


def predict_dec(parameters: Mapping[str, Array], X: Array) -> Array:
    """Boolean predictions ``a3 > 0.5`` of shape (1, m), for decision-boundary plots."""
    return network_of(parameters).predict_proba(X) > 0.5
