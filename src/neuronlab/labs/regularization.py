"""Lab 3.5 — regularization: L2 and dropout on the "football" set.

The course's function names over the engine.  The lab trains a 3-layer net
``[n_x, 20, 3, 1]`` (LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID) for 30000
iterations of gradient descent (lr 0.3) three ways: plain (it overfits the
noisy points), with L2 ``λ = 0.7`` and with inverted dropout ``keep_prob = 0.86``.

* L2 adds ``λ/(2m)·Σ_l ||W{l}||²_F`` to the cost and ``(λ/m)·W{l}`` to each
  ``dW{l}``; biases are not penalised (shrinking a bias does not smooth the
  function).  The engine's ``l2`` is the lab's ``lambd``.
* Dropout keeps each hidden unit with probability ``keep_prob`` and divides by
  it, so nothing needs rescaling at prediction time.  The lab calls
  ``np.random.seed(1)`` at the start of *every* forward pass, so every
  iteration drops the same units; the facade replays that stream with a
  private ``RandomState`` reseeded to 1.

The lab's network and recipe exist once, :func:`network` and :func:`train`
(:func:`model` and the experiment call them).  Caches keep the lab's layouts:
plain ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``; dropout ``(Z1, D1, A1,
W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)``, where ``A{l}`` is the activation
after dropout.  Gradient dicts have the keys ``dZ3, dW3, db3, dA2, dZ2, dW2, db2,
dA1, dZ1, dW1, db1``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from neuronlab import _validation as v
from neuronlab import data
from neuronlab.labs._adapt import (
    Callback,
    backward_walk,
    cost_printer,
    engine_forward,
    gradient_descent,
    lab_cache,
    parameter_copies,
    split_cache,
)
from neuronlab.labs.initialization import compute_loss as compute_cost
from neuronlab.labs.initialization import predict, predict_dec, update_parameters
from neuronlab.losses import l2_penalty
from neuronlab.network import Network
from neuronlab.training import History

__all__ = [
    "load_2D_dataset",
    "initialize_parameters",
    "forward_propagation",
    "backward_propagation",
    "compute_cost",
    "compute_cost_with_regularization",
    "backward_propagation_with_regularization",
    "forward_propagation_with_dropout",
    "backward_propagation_with_dropout",
    "update_parameters",
    "model",
    "predict",
    "predict_dec",
    "dropout_stream",
    "dropout_masks",
    "DECISION_BOUNDARY_AXES",
    "network",
    "train",
]

Array = np.ndarray
Params = dict[str, Array]

#: The lab's hidden sizes: ``layers_dims = [n_x, 20, 3, 1]``.
HIDDEN_DIMS = (20, 3)
#: The seed of the lab's ``initialize_parameters``.
INIT_SEED = 3
#: The seed the lab's dropout forward sets at every call.
DROPOUT_SEED = 1
#: The lab's learning rate and iterations; it records the cost every 1000 iterations.
LEARNING_RATE, NUM_ITERATIONS, RECORD_EVERY = 0.3, 30000, 1000
#: Axes of the lab's decision-boundary plots: ``(x_min, x_max, y_min, y_max)``.
DECISION_BOUNDARY_AXES = (-0.75, 0.40, -0.75, 0.65)


# ------------------------------------------------------------------------ data


def load_2D_dataset(
    data_dir: str | os.PathLike[str] | None = None, test_size: int | None = None
) -> tuple[Array, Array, Array, Array]:
    """The "football" set: where the French goalkeeper's kicks were headed.

    Parameters
    ----------
    data_dir : where ``football/data.mat`` is (else ``$NEURONLAB_DATA``, else the
        per-user default).
    test_size : the later printing's CSV form: the 411 points in file order, the
        last ``test_size`` of them the test set (200 gives the same split as the
        ``.mat`` file).  ``None`` keeps the file's own split.

    Returns
    -------
    train_X : ndarray of shape (2, 211)
    train_Y : ndarray of shape (1, 211), 1 = a French player headed it
    test_X : ndarray of shape (2, 200)
    test_Y : ndarray of shape (1, 200)

    Raises
    ------
    neuronlab.data.DataFileError
        When the file is missing or is not the lab's file.
    """
    train_X, train_Y, test_X, test_Y = data.load_football(data_dir)
    if test_size is None:
        return train_X, train_Y, test_X, test_Y
    X = np.concatenate([train_X, test_X], axis=1)  # (2, 411)
    Y = np.concatenate([train_Y, test_Y], axis=1)
    n = v.check_int("test_size", test_size, minimum=1)
    if n >= X.shape[1]:
        raise ValueError(f"test_size: expected fewer than {X.shape[1]} points, got {test_size!r}")
    cut = X.shape[1] - n
    return X[:, :cut], Y[:, :cut], X[:, cut:], Y[:, cut:]


# ---------------------------------------------------------------- helpers


def network(layer_dims: Sequence[int], *, seed: int = INIT_SEED, dtype: str = "float64") -> Network:
    """LINEAR→RELU→…→LINEAR→SIGMOID with sizes ``layer_dims``, at the lab's start.

    ``W{l} = randn(n_l, n_{l-1}) / √n_{l-1}`` after ``np.random.seed(3)``, biases
    zero: drawn from a private ``RandomState(seed)``, the global state untouched.
    """
    return Network(
        layer_dims, initializer="sqrt_n_in", seed=np.random.RandomState(seed), dtype=dtype
    )


def initialize_parameters(layer_dims: Sequence[int]) -> Params:
    """``W{l} = randn(n_l, n_{l-1}) / √n_{l-1}`` after ``np.random.seed(3)``, biases zero.

    Drawn from a private ``RandomState(3)``: the lab's numbers, global state untouched.
    """
    return parameter_copies(network(layer_dims).parameters)


def forward_propagation(X: Array, parameters: Mapping[str, Array]) -> tuple[Array, tuple]:
    """LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID without dropout.

    Returns
    -------
    A3 : ndarray of shape (1, m)
    cache : tuple ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``
    """
    A3, caches = engine_forward(X, parameters)
    return A3, lab_cache(parameters, A3, caches)


def backward_propagation(X: Array, Y: Array, cache: Sequence[Array]) -> dict[str, Array]:
    """Plain backprop: ``dZ3 = A3 − Y``, ``dW{l} = dZ{l} A{l-1}ᵀ / m``, ``db{l} = Σ dZ{l} / m``,
    ``dA{l-1} = W{l}ᵀ dZ{l}``, ``dZ{l-1} = dA{l-1}·1[A{l-1} > 0]``."""
    return backward_propagation_with_regularization(X, Y, cache, 0.0)


# ------------------------------------------------------------------------- L2


def compute_cost_with_regularization(
    A3: Array, Y: Array, parameters: Mapping[str, Array], lambd: float
) -> np.float64:
    """Cross-entropy plus the L2 term ``λ/(2m)·(ΣW1² + ΣW2² + ΣW3²)``.

    Parameters
    ----------
    A3 : ndarray of shape (1, m), the output of forward propagation.
    Y : ndarray of shape (1, m)
    parameters : ``W1, b1, W2, b2, W3, b3`` (biases are not penalised).
    lambd : the L2 strength λ ≥ 0.

    Returns
    -------
    np.float64
        A NumPy scalar, as the lab's sum of NumPy terms is: the course's test runner
        compares its ``.shape`` (``()``), and it is still a ``float``.
    """
    lambd = v.check_positive("lambd", lambd, allow_zero=True)
    v.check_params_mapping("parameters", parameters, ())
    m = np.shape(Y)[-1]
    weights = [np.asarray(w) for k, w in parameters.items() if k.startswith("W")]
    return np.float64(compute_cost(A3, Y) + l2_penalty(weights, lambd, m))


def backward_propagation_with_regularization(
    X: Array, Y: Array, cache: Sequence[Array], lambd: float
) -> dict[str, Array]:
    """Backprop of the L2-regularised cost: each ``dW{l}`` gains ``(λ/m)·W{l}``.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    cache : the tuple :func:`forward_propagation` returned.
    lambd : the L2 strength λ ≥ 0.

    Returns
    -------
    dict
        ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``.
    """
    lambd = v.check_positive("lambd", lambd, allow_zero=True)
    X = v.check_matrix("X", X)
    return backward_walk(X, Y, *split_cache(cache, with_masks=False), l2=lambd)


# -------------------------------------------------------------------- dropout


def dropout_stream() -> np.random.RandomState:
    """The lab's dropout random stream: a ``RandomState`` at seed 1.

    Reseeding one private generator (rather than building a new one, ~0.15 ms)
    replays the lab's ``np.random.seed(1)`` cheaply inside a training loop.
    """
    return np.random.RandomState(DROPOUT_SEED)


def dropout_masks(seed: int = DROPOUT_SEED) -> Callable[[int], np.random.RandomState]:
    """The lab's dropout masks as the engine's ``dropout_rng(step)``.

    The lab's forward pass calls ``np.random.seed(1)`` every time, so every
    iteration drops the same units: one private stream, reseeded at every step.
    """
    stream = np.random.RandomState(seed)

    def masks(step: int) -> np.random.RandomState:
        stream.seed(seed)  # the lab's np.random.seed(1) at every forward pass
        return stream

    return masks


def forward_propagation_with_dropout(
    X: Array, parameters: Mapping[str, Array], keep_prob: float = 0.5
) -> tuple[Array, tuple]:
    """Forward pass with inverted dropout on the two hidden layers.

    Like the lab, starts from ``np.random.seed(1)`` (a private stream here), so
    every call drops the same units: ``D1 = rand(*A1.shape) < keep_prob``,
    ``A1 = A1·D1 / keep_prob``, then ``D2`` the same way; no dropout on the output.

    Returns
    -------
    A3 : ndarray of shape (1, m)
    cache : tuple ``(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)``
        ``D{l}`` boolean masks, ``A{l}`` after dropout.
    """
    keep = v.check_keep_prob(keep_prob, 1)[0]
    A3, caches = engine_forward(X, parameters, keep, dropout_stream())
    return A3, lab_cache(parameters, A3, caches, with_masks=True)


def backward_propagation_with_dropout(
    X: Array, Y: Array, cache: Sequence[Array], keep_prob: float
) -> dict[str, Array]:
    """Backprop through the same masks: ``dA{l} = W{l+1}ᵀ dZ{l+1}·D{l} / keep_prob``.

    Returns
    -------
    dict
        ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``.
    """
    keep = v.check_keep_prob(keep_prob, 1)[0]
    X = v.check_matrix("X", X)
    Zs, As, Ws, bs, Ds = split_cache(cache, with_masks=True)
    return backward_walk(X, Y, Zs, As, Ws, bs, Ds, keep_prob=keep)


# ---------------------------------------------------------------------- model


def train(
    X: Array,
    Y: Array,
    *,
    lambd: float = 0.0,
    keep_prob: float = 1.0,
    learning_rate: float = LEARNING_RATE,
    num_iterations: int = NUM_ITERATIONS,
    record_every: int = RECORD_EVERY,
    hidden_dims: Sequence[int] = HIDDEN_DIMS,
    seed: int = INIT_SEED,
    dropout_seed: int = DROPOUT_SEED,
    dtype: str = "float64",
    callback: Callback | None = None,
    check_labels: bool = True,
) -> tuple[Network, History]:
    """The lab's recipe → ``(net, history)``: the ``[n_x, 20, 3, 1]`` :func:`network`,
    then full-batch gradient descent (30000 iterations, α = 0.3) with L2 ``lambd`` and
    dropout ``keep_prob``.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), labels 0/1.
    lambd : L2 strength (0: none); the engine's ``l2``.
    keep_prob : dropout keep probability of the hidden layers (1: none); the masks
        are replayed from ``dropout_seed`` at every iteration (:func:`dropout_masks`),
        and the recorded costs are those of the dropout forward pass, as in the lab.
    hidden_dims, seed, dtype : the network's (see :func:`network`).
    record_every, callback : the cost is recorded every ``record_every`` iterations
        and at the last, when ``callback(i, cost, net)`` is called.
    check_labels : refuse a ``Y`` that is not labels 0/1 (:func:`neuronlab.training.fit`'s
        check, for training a classifier); the course-named functions pass False,
        their formulas take any real ``Y``.
    """
    X = v.check_matrix("X", X)
    net = network([X.shape[0], *hidden_dims, 1], seed=seed, dtype=dtype)
    return gradient_descent(
        net, X, Y, learning_rate, num_iterations, record_every, callback,
        l2=lambd, keep_prob=keep_prob, dropout_rng=dropout_masks(dropout_seed),
        check_labels=check_labels,
    )  # fmt: skip


def model(
    X: Array,
    Y: Array,
    learning_rate: float = 0.3,
    num_iterations: int = 30000,
    print_cost: bool = True,
    lambd: float = 0,
    keep_prob: float = 1,
) -> Params:
    """Train the lab's ``[n_x, 20, 3, 1]`` net, plain, with L2 or with dropout (:func:`train`).

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), labels 0/1 (any real values are taken, as by the lab).
    learning_rate, num_iterations : the lab's 0.3 and 30000.
    print_cost : print ``Cost after iteration i: …`` every 10000 iterations.
    lambd : L2 strength (0: none).
    keep_prob : dropout keep probability (1: none).

    Returns
    -------
    dict
        The trained ``W1, b1, W2, b2, W3, b3``.

    Raises
    ------
    ValueError
        When both ``lambd`` and ``keep_prob`` ask for regularisation: the lab
        studies them one at a time (and asserts it).

    Notes
    -----
    The dropout masks are replayed from seed 1 at every iteration, as the lab's
    forward pass reseeds.  The printed dropout costs are those of the dropout
    forward pass, as in the lab.
    """
    lambd = v.check_positive("lambd", lambd, allow_zero=True)
    keep = v.check_keep_prob(keep_prob, 1)[0]
    if lambd != 0 and keep < 1:
        raise ValueError(
            f"lambd, keep_prob: use L2 (lambd > 0) or dropout (keep_prob < 1), not both; "
            f"got lambd={lambd!r}, keep_prob={keep_prob!r}"
        )
    net, _ = train(
        X, Y, lambd=lambd, keep_prob=keep, learning_rate=learning_rate,
        num_iterations=num_iterations, callback=cost_printer(print_cost, 10000),
        check_labels=False,
    )  # fmt: skip
    return parameter_copies(net.parameters)
