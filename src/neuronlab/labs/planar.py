"""Lab 3.2 — planar data classification with one hidden layer.

The course's functions (2021+ contracts) over the engine: the shallow net is a
:class:`~neuronlab.Network` ``[n_x, n_h, n_y]`` with a tanh hidden layer and a
sigmoid output, trained by plain gradient descent with learning rate 1.2.

Shapes: ``X`` of shape (2, m), ``Y`` of shape (1, m); ``W1`` (n_h, n_x),
``b1`` (n_h, 1), ``W2`` (n_y, n_h), ``b2`` (n_y, 1).

The lab's recipe exists once: :func:`network` (the architecture and its initial
weights) and :func:`train` (gradient descent, α = 1.2); :func:`nn_model`,
:func:`model` and the experiment call them and adapt at their edge.

Random numbers — two rules of the 2021+ lab, kept on purpose:

* :func:`initialize_parameters` draws from NumPy's **global** stream without
  seeding (the caller seeds), as the lab does;
* :func:`nn_model` calls ``np.random.seed(3)`` on the **global** stream before
  initialising, as the lab does: its published numbers (cost 0.693162 at
  iteration 0, 90.75 % accuracy) are those of that seed.  This is the one
  place in neuronlab's facades that changes NumPy's global state.  The write-up
  form :func:`model` gets the same weights from a private
  ``RandomState(seed)`` instead and leaves the global state alone.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from neuronlab import _validation as v
from neuronlab.datasets import planar_extra, planar_flower
from neuronlab.initializers import RNG
from neuronlab.labs._adapt import (
    Callback,
    bce_row,
    cost_printer,
    gradient_descent,
    lab_stream,
    parameter_copies,
)
from neuronlab.layers import Cache
from neuronlab.network import Network
from neuronlab.optimizers import GradientDescent
from neuronlab.training import History

__all__ = [
    "load_planar_dataset",
    "load_extra_datasets",
    "layer_sizes",
    "initialize_parameters",
    "forward_propagation",
    "compute_cost",
    "backward_propagation",
    "update_parameters",
    "nn_model",
    "predict",
    "accuracy",
    "model",
    "network",
    "train",
]

Array = np.ndarray
Params = dict[str, Array]

#: The lab's hidden size, the seed of its weights (``np.random.seed(3)``), its
#: learning rate and iterations, and how often it records the cost.
N_H, INIT_SEED, LEARNING_RATE, NUM_ITERATIONS, RECORD_EVERY = 4, 3, 1.2, 10000, 1000


def load_planar_dataset() -> tuple[Array, Array]:
    """The two-petal "flower": ``X (2, 400)`` float64, ``Y (1, 400)`` uint8.

    Bit for bit the lab's set (drawn after ``np.random.seed(1)``), made from a
    private ``RandomState(1)``: the global stream is not touched.
    """
    return planar_flower()


def load_extra_datasets() -> tuple[tuple[Array, Array], ...]:
    """The lab's other sets, 200 points each, drawn from the global stream as in the lab.

    Returns
    -------
    tuple
        ``(noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure)``,
        each an ``(X (200, 2), y (200,))`` pair in scikit-learn's layout; the lab
        transposes ``X``, reshapes ``y`` to (1, 200) and uses ``y % 2`` for blobs.
    """
    return tuple(_rows(X, Y) for X, Y in planar_extra())


def _rows(X: Array, Y: Array) -> tuple[Array, Array]:
    """A generated set in columns as scikit-learn returns it: ``X`` (m, n), labels (m,)
    (the "labels" of ``no_structure``, two arrays of noise, become (m, 2) likewise)."""
    return np.ascontiguousarray(X.T), (Y[0] if Y.shape[0] == 1 else np.ascontiguousarray(Y.T))


def layer_sizes(X: Any, Y: Any) -> tuple[int, int, int]:
    """``(n_x, n_h, n_y) = (X.shape[0], 4, Y.shape[0])`` (the hidden size is fixed at 4)."""
    if np.ndim(X) != 2 or np.ndim(Y) != 2:
        raise ValueError(
            f"X, Y: expected 2-D arrays (n_x, m) and (n_y, m), got shapes "
            f"{np.shape(X)} and {np.shape(Y)}"
        )
    return (int(np.shape(X)[0]), 4, int(np.shape(Y)[0]))


def network(
    n_x: int,
    n_h: int = N_H,
    n_y: int = 1,
    *,
    hidden_activation: str = "tanh",
    seed: int | RNG | None = INIT_SEED,
    dtype: str = "float64",
) -> Network:
    """The lab's shallow net ``[n_x, n_h, n_y]``: ``hidden_activation`` (tanh), sigmoid output.

    Weights ``randn·0.01`` drawn W1 first from the lab's stream after
    ``np.random.seed(seed)`` (a private ``RandomState``; ``seed=None`` draws from
    NumPy's global stream, as :func:`initialize_parameters` does), zero biases.
    """
    for name, n in (("n_x", n_x), ("n_h", n_h), ("n_y", n_y)):
        v.check_int(name, n, minimum=1)
    return Network(
        [n_x, n_h, n_y], hidden_activation=hidden_activation, initializer="random", scale=0.01,
        seed=lab_stream(seed), dtype=dtype,
    )  # fmt: skip


def train(
    X: Any,
    Y: Any,
    *,
    n_h: int = N_H,
    hidden_activation: str = "tanh",
    seed: int | RNG | None = INIT_SEED,
    num_iterations: int = NUM_ITERATIONS,
    learning_rate: float = LEARNING_RATE,
    record_every: int = RECORD_EVERY,
    dtype: str = "float64",
    callback: Callback | None = None,
    net: Network | None = None,
    check_labels: bool = True,
) -> tuple[Network, History]:
    """The lab's recipe → ``(net, history)``: :func:`network`, then full-batch
    gradient descent (the headline run: 10000 iterations, α = 1.2).

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n_y, m)
    n_h, hidden_activation, seed, dtype : the network's (see :func:`network`).
    record_every, callback : the cost is recorded every ``record_every`` iterations
        and at the last, when ``callback(i, cost, net)`` is called.
    net : a network to train in place instead of a new :func:`network` (the
        caller keeps it when training diverges).
    check_labels : refuse a ``Y`` that is not labels 0/1 (:func:`neuronlab.training.fit`'s
        check, for training a classifier); the course-named functions pass False,
        their formulas take any real ``Y``.
    """
    if net is None:
        n_x, _, n_y = layer_sizes(X, Y)
        net = network(n_x, n_h, n_y, hidden_activation=hidden_activation, seed=seed, dtype=dtype)
    return gradient_descent(
        net, X, Y, learning_rate, num_iterations, record_every, callback,
        check_labels=check_labels,
    )  # fmt: skip


def _network(parameters: Any, hidden_activation: str = "tanh") -> Network:
    """A ``[n_x, n_h, n_y]`` network holding copies of ``W1, b1, W2, b2``."""
    v.check_params_mapping("parameters", parameters, ("W1", "b1", "W2", "b2"))
    return Network.from_parameters(
        {k: parameters[k] for k in ("W1", "b1", "W2", "b2")},
        hidden_activation=hidden_activation,
        output_activation="sigmoid",
    )


def initialize_parameters(n_x: int, n_h: int, n_y: int) -> Params:
    """``W1 = randn(n_h, n_x)·0.01``, ``W2 = randn(n_y, n_h)·0.01`` (W1 first), zero biases.

    Draws from NumPy's **global** stream and does not seed it (2021+ lab): call
    ``np.random.seed(n)`` first for repeatable numbers.  (The 2017/2019 labs
    seeded 2 inside.)  Small weights keep tanh and sigmoid in their steep,
    near-linear range at the start.

    Returns
    -------
    dict
        ``{"W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h), "b2" (n_y, 1)}``.
    """
    return parameter_copies(network(n_x, n_h, n_y, seed=None).parameters)


def forward_propagation(X: Any, parameters: Any) -> tuple[Array, dict[str, Array]]:
    """``Z1 = W1X + b1``, ``A1 = tanh(Z1)``, ``Z2 = W2A1 + b2``, ``A2 = σ(Z2)``.

    Returns
    -------
    A2 : ndarray of shape (n_y, m)
    cache : dict
        ``{"Z1", "A1"}`` of shape (n_h, m), ``{"Z2", "A2"}`` of shape (n_y, m).
    """
    net = _network(parameters)
    A2, (c1, c2) = net.forward(net.check_X(X))
    return A2, {"Z1": c1.Z, "A1": c1.A, "Z2": c2.Z, "A2": c2.A}


def compute_cost(A2: Any, Y: Any, parameters: Any = None) -> float:
    """Cross-entropy ``-(1/m) Σ [y log a + (1-y) log(1-a)]`` as a Python float.

    ``A2`` may be (1, m) or 1-D of length m; m is read from ``Y``.  The
    ``parameters`` argument of the older labs is accepted and ignored.
    """
    return bce_row("A2", A2, Y)


def backward_propagation(parameters: Any, cache: Any, X: Any, Y: Any) -> dict[str, Array]:
    """Gradients of the cost: ``dZ2 = A2 - Y``, ``dZ1 = W2ᵀdZ2 ∘ (1 - A1²)``.

    ``dW = dZ A_prevᵀ / m`` and ``db = Σ_cols dZ / m`` for both layers.

    Returns
    -------
    dict
        ``{"dW1" (n_h, n_x), "db1" (n_h, 1), "dW2" (n_y, n_h), "db2" (n_y, 1)}``.
    """
    net = _network(parameters)
    v.check_params_mapping("cache", cache, ("Z1", "A1", "Z2", "A2"))
    X = net.check_X(X)
    Y = net.check_Y(Y, X.shape[1], check_labels=False)  # the formulas take any real Y
    f = np.float64
    c = {k: np.asarray(cache[k], dtype=f) for k in ("Z1", "A1", "Z2", "A2")}
    caches = [Cache(X, c["Z1"], c["A1"], None), Cache(c["A1"], c["Z2"], c["A2"], None)]
    grad = net.backward(caches, Y)
    return parameter_copies(net.layout.views(grad, prefix="d"))


def update_parameters(parameters: Any, grads: Any, learning_rate: float = 1.2) -> Params:
    """One gradient-descent step ``θ ← θ - α·dθ``; returns a new dict (inputs untouched)."""
    net = _network(parameters)
    lr = v.check_positive("learning_rate", learning_rate)
    v.check_params_mapping("grads", grads, ("dW1", "db1", "dW2", "db2"))
    grad = net.layout.pack(grads, prefix="d", name="grads")
    GradientDescent().update(net.theta, grad, (), 1, lr)
    return parameter_copies(net.parameters)


def _printer(print_cost: bool) -> Callback | None:
    """The lab's printing: ``Cost after iteration i: …`` (6 decimals) every 1000."""
    return cost_printer(print_cost, RECORD_EVERY, "Cost after iteration {i}: {cost:f}")


def nn_model(
    X: Any, Y: Any, n_h: int, num_iterations: int = 10000, print_cost: bool = False
) -> Params:
    """Train the shallow net: ``np.random.seed(3)``, initialise, then gradient descent (α = 1.2).

    Calls ``np.random.seed(3)`` on NumPy's **global** stream first, exactly as
    the lab does (it decides the initial weights of :func:`initialize_parameters`),
    so the global state is changed.  Sizes come from :func:`layer_sizes` except
    ``n_h``.  Prints ``Cost after iteration i: …`` every 1000 iterations when
    asked.  Headline: ``n_h=4``, 10000 iterations → 90.75 % on the flower.

    Returns
    -------
    dict
        The trained ``{"W1", "b1", "W2", "b2"}``.
    """
    layer_sizes(X, Y)
    num_iterations = v.check_int("num_iterations", num_iterations)
    np.random.seed(INIT_SEED)  # the lab's global seed: part of this function's contract
    net, _ = train(
        X, Y, n_h=n_h, seed=None, num_iterations=num_iterations, callback=_printer(print_cost),
        check_labels=False,
    )  # fmt: skip
    return parameter_copies(net.parameters)


def predict(parameters: Any, X: Any, *, hidden_activation: str = "tanh") -> Array:
    """``A2 > 0.5``: a boolean array of shape (1, m) (2017 returned 0./1. floats).

    ``hidden_activation`` is for nets trained by :func:`model` with another one.
    """
    return _network(parameters, hidden_activation).predict(X).astype(bool)


def accuracy(predictions: Any, Y: Any) -> float:
    """The lab's accuracy in percent: ``(Y·Pᵀ + (1-Y)·(1-P)ᵀ) / m · 100``.

    Computed in float64, so it cannot overflow the way ``uint8`` labels could.
    """
    P = np.asarray(predictions, dtype=np.float64).reshape(1, -1)
    Yf = np.asarray(Y, dtype=np.float64).reshape(1, -1)
    if P.shape != Yf.shape:
        raise ValueError(f"predictions: expected shape {Yf.shape} like Y, got {P.shape}")
    correct = Yf @ P.T + (1 - Yf) @ (1 - P).T  # (1, 1)
    return float(correct[0, 0] / Yf.size * 100)


def model(
    X_train: Any,
    Y_train: Any,
    X_test: Any,
    Y_test: Any,
    n_h: int = 4,
    num_iterations: int = 10000,
    learning_rate: float = 1.2,
    print_cost: bool = True,
    *,
    hidden_activation: str = "tanh",
    seed: int = 3,
) -> tuple[Params, list[float]]:
    """The write-up's form of the shallow net, on a train/test split.

    Same initial weights as :func:`nn_model` (``randn·0.01`` from seed 3), drawn
    from a private ``RandomState(seed)``: NumPy's global state is not touched.
    ``hidden_activation`` swaps tanh for ``"sigmoid"``, ``"relu"``,
    ``"leaky_relu"``… (the write-up compares them).

    Returns
    -------
    parameters : dict
        The trained ``{"W1", "b1", "W2", "b2"}``.
    costs : list of float
        The cost at iterations 0, 1000, 2000, … (before that iteration's update).
    """
    X_train = v.check_matrix("X_train", X_train)
    Y_train = v.check_matrix("Y_train", Y_train)
    net, history = train(
        X_train, Y_train, n_h=n_h, hidden_activation=hidden_activation,
        seed=v.check_int("seed", seed), learning_rate=learning_rate,
        num_iterations=v.check_int("num_iterations", num_iterations),
        callback=_printer(print_cost),
    )  # fmt: skip
    _, costs = history.recorded(RECORD_EVERY)
    if print_cost:
        for name, X, Y in (("train", X_train, Y_train), ("test", X_test, Y_test)):
            print(f"{name} accuracy: {accuracy(net.predict(X), Y)} %")
    return parameter_copies(net.parameters), costs
