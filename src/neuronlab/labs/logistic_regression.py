"""Lab 3.1 — logistic regression with a neural-network mindset (cat vs non-cat).

The course's functions, with their 2021+ names, signatures and return types,
computed by the engine: logistic regression is a :class:`~neuronlab.Network`
with no hidden layer, ``Network([n_x, 1], output_activation="sigmoid",
initializer="zeros")``.  The lab's column vector ``w`` of shape (n_x, 1) is
the network's row ``W1`` of shape (1, n_x) (``w = W1ᵀ``) and its scalar ``b``
is ``b1[0, 0]``; that mapping is this module's only job.  The lab's network and its
training recipe exist once, in :func:`network` and :func:`train`.

Shapes: ``X`` of shape (n_x, m) (here n_x = 64·64·3 = 12288), ``Y`` of shape
(1, m) with labels 0/1.

>>> import numpy as np
>>> w, b = initialize_with_zeros(2)
>>> grads, cost = propagate(w, b, np.array([[1.0, -2.0], [3.0, 0.5]]), np.array([[1, 0]]))
>>> float(cost)  # log 2: a zero network says 0.5 to everything
0.6931471805599453
"""

from __future__ import annotations

import numbers
import os
from typing import Any

import numpy as np

from neuronlab import _validation as v
from neuronlab.activations import sigmoid as _sigmoid
from neuronlab.data import load_cat
from neuronlab.images import flatten_images, load_image
from neuronlab.labs._adapt import Callback, cost_printer, gradient_descent
from neuronlab.network import Network
from neuronlab.optimizers import GradientDescent
from neuronlab.training import History

__all__ = [
    "load_dataset",
    "flatten_images",
    "sigmoid",
    "initialize_with_zeros",
    "propagate",
    "optimize",
    "predict",
    "model",
    "accuracy",
    "predict_image",
    "network",
    "train",
]

Array = np.ndarray

#: The headline run's learning rate and iterations, and how often the lab records the cost.
LEARNING_RATE, NUM_ITERATIONS, RECORD_EVERY = 0.005, 2000, 100


def network(dim: int, *, dtype: str = "float64") -> Network:
    """Logistic regression as a network: ``[dim, 1]``, a sigmoid output, all zeros.

    Zeros are fine here (unlike in a hidden layer): with a single unit there is
    no symmetry to break.
    """
    dim = v.check_int("dim", dim, minimum=1)
    return Network([dim, 1], output_activation="sigmoid", initializer="zeros", dtype=dtype)


def train(
    X: Any,
    Y: Any,
    *,
    learning_rate: float = LEARNING_RATE,
    num_iterations: int = NUM_ITERATIONS,
    record_every: int = RECORD_EVERY,
    dtype: str = "float64",
    callback: Callback | None = None,
    net: Network | None = None,
    check_labels: bool = True,
) -> tuple[Network, History]:
    """The lab's recipe → ``(net, history)``: the zero :func:`network` (of ``dtype``),
    then full-batch gradient descent (the headline run: 2000 iterations, α = 0.005).

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), labels 0/1
    record_every, callback : the cost is recorded every ``record_every`` iterations
        and at the last, when ``callback(i, cost, net)`` is called.
    net : a network to train in place instead of a new :func:`network` (another start).
    check_labels : refuse a ``Y`` that is not labels 0/1 (:func:`neuronlab.training.fit`'s
        check, for training a classifier); the course-named functions pass False,
        their formulas take any real ``Y``.
    """
    if net is None:
        net = network(v.check_matrix("X", X).shape[0], dtype=dtype)
    return gradient_descent(
        net, X, Y, learning_rate, num_iterations, record_every, callback,
        check_labels=check_labels,
    )  # fmt: skip


def load_dataset(data_dir: str | os.PathLike[str] | None = None) -> tuple[Array, ...]:
    """The cat pictures, as the lab's ``load_dataset`` returns them.

    Returns
    -------
    train_set_x_orig : ndarray of shape (209, 64, 64, 3), uint8
    train_set_y : ndarray of shape (1, 209)
    test_set_x_orig : ndarray of shape (50, 64, 64, 3), uint8
    test_set_y : ndarray of shape (1, 50)
    classes : ndarray of shape (2,), bytes — ``[b'non-cat', b'cat']``

    Raises
    ------
    neuronlab.data.DataFileError
        If a file is missing or is not the original (see :mod:`neuronlab.data`).
    """
    return load_cat(data_dir)


def sigmoid(z: Any) -> Any:
    """``σ(z) = 1 / (1 + e^{-z})`` elementwise (the engine's overflow-free sigmoid).

    Scalars give a NumPy scalar, arrays an array of the same shape:
    ``sigmoid(np.array([0, 2]))`` → ``[0.5, 0.88079708]``.
    """
    z = np.asarray(z)
    if z.dtype.kind != "f":
        z = z.astype(np.float64)
    return _sigmoid(z)[()]


# ----------------------------------------------------------------- the w ↔ W1 edge
def _check_w_b(w: Any, b: Any) -> tuple[Array, float]:
    w = v.check_matrix("w", w, dtype=np.dtype(np.float64))
    if w.shape[1] != 1:
        raise ValueError(f"w: expected a column of shape (dim, 1), got shape {w.shape}")
    if np.size(b) != 1:
        raise ValueError(f"b: expected a scalar, got shape {np.shape(b)}")
    b_value = np.asarray(b).reshape(())[()]
    if isinstance(b_value, (bool, np.bool_)) or not isinstance(b_value, numbers.Real):
        raise TypeError(f"b: expected a real number, got {b!r}")
    if not np.isfinite(b_value):
        raise ValueError(f"b: expected a finite number, got {b!r}")
    return w, float(b_value)


def _network(w: Any, b: Any) -> Network:
    """The one-neuron network whose ``W1 = wᵀ`` and ``b1 = [[b]]`` (copies)."""
    w, b = _check_w_b(w, b)
    return network(w.shape[0]).set_parameters({"W1": w.T, "b1": np.full((1, 1), b)})


def _w_b(net: Network) -> tuple[Array, np.float64]:
    """``(w, b)`` of the lab from the network: ``w = W1ᵀ`` (dim, 1), ``b`` an np.float64."""
    P = net.parameters
    return P["W1"].T.copy(), np.float64(P["b1"][0, 0])


def _grads(net_grads: dict[str, Array]) -> dict[str, Any]:
    """The engine's ``{"dW1", "db1"}`` as the lab's ``{"dw" (dim, 1), "db" np.float64}``."""
    return {"dw": net_grads["dW1"].T.copy(), "db": np.float64(net_grads["db1"][0, 0])}


# ------------------------------------------------------------------ the lab
def initialize_with_zeros(dim: int) -> tuple[Array, float]:
    """``w`` of zeros and ``b = 0.0``, the zero-initialised one-neuron :func:`network`.

    Parameters
    ----------
    dim : int
        Number of input features n_x.

    Returns
    -------
    w : ndarray of shape (dim, 1), float64
    b : float
        ``0.0`` as a Python float (the 2017 lab returned the int 0).
    """
    w, b = _w_b(network(dim))
    return w, float(b)


def propagate(w: Any, b: Any, X: Any, Y: Any) -> tuple[dict[str, Any], Array]:
    """Cost and gradient of logistic regression: one forward and one backward pass.

    ``A = σ(wᵀX + b)``, ``J = -(1/m) Σ [y log a + (1-y) log(1-a)]``,
    ``dw = X (A - Y)ᵀ / m``, ``db = mean(A - Y)``.

    Parameters
    ----------
    w : ndarray of shape (dim, 1)
    b : float
    X : ndarray of shape (dim, m)
    Y : ndarray of shape (1, m), labels 0/1

    Returns
    -------
    grads : dict
        ``{"dw": ndarray of shape (dim, 1), "db": np.float64}``.
    cost : ndarray of shape ()
        The cost, squeezed to 0-d as in the lab.
    """
    net = _network(w, b)
    cost, net_grads = net.cost_and_gradients(X, Y, check_labels=False)  # any real Y, as the lab's
    return _grads(net_grads), np.squeeze(np.array(cost))


def optimize(
    w: Any,
    b: Any,
    X: Any,
    Y: Any,
    num_iterations: int = 100,
    learning_rate: float = 0.009,
    print_cost: bool = False,
) -> tuple[dict[str, Any], dict[str, Any], list[Array]]:
    """Plain gradient descent ``w ← w - α dw``, ``b ← b - α db`` (by the engine's ``fit``).

    Parameters
    ----------
    w : ndarray of shape (dim, 1)
        Start weights (not modified).
    b : float
        Start bias.
    X : ndarray of shape (dim, m)
    Y : ndarray of shape (1, m)
    num_iterations : int, default 100
    learning_rate : float, default 0.009
    print_cost : bool, default False
        Print ``Cost after iteration i: …`` every 100 iterations.

    Returns
    -------
    params : dict
        ``{"w": ndarray of shape (dim, 1), "b": np.float64}`` after training.
    grads : dict
        ``{"dw", "db"}`` of the last iteration (computed before its update).
    costs : list of ndarray of shape ()
        The cost at iterations 0, 100, 200, … (before that iteration's update).
    """
    net = _network(w, b)
    num_iterations = v.check_int("num_iterations", num_iterations)
    report = cost_printer(print_cost, RECORD_EVERY, "Cost after iteration {i}: {cost:f}")
    # All but the last iteration by the lab's recipe (on wide inputs it runs in the dual
    # form, which never forms dw); the last one by hand, to return its gradient.
    _, history = train(
        X, Y, net=net, learning_rate=learning_rate, num_iterations=max(num_iterations - 1, 0),
        callback=report, check_labels=False,
    )  # fmt: skip
    costs = [np.array(c) for c in history.recorded(RECORD_EVERY)[1]]
    # (without iterations: the start's)
    cost, net_grads = net.cost_and_gradients(X, Y, check_labels=False)
    if num_iterations > 0:
        last = num_iterations - 1
        if report is not None:
            report(last, cost, net)
        if last % RECORD_EVERY == 0:
            costs.append(np.array(cost))
        GradientDescent().update(net.theta, net.grad, (), num_iterations, learning_rate)
    w_out, b_out = _w_b(net)
    return {"w": w_out, "b": b_out}, _grads(net_grads), costs


def predict(w: Any, b: Any, X: Any) -> Array:
    """Labels ``1.`` where ``σ(wᵀX + b) > 0.5``, else ``0.`` (exactly 0.5 gives 0).

    Returns
    -------
    ndarray of shape (1, m), float64
    """
    return _network(w, b).predict(X).astype(np.float64)


def accuracy(Y_prediction: Any, Y: Any) -> float:
    """The lab's accuracy in percent, ``100 - 100·mean(|Ŷ - Y|)``."""
    return float(100 - np.mean(np.abs(np.asarray(Y_prediction) - np.asarray(Y))) * 100)


def model(
    X_train: Any,
    Y_train: Any,
    X_test: Any,
    Y_test: Any,
    num_iterations: int = 2000,
    learning_rate: float = 0.5,
    print_cost: bool = False,
) -> dict[str, Any]:
    """Zero initialisation → :func:`optimize` → :func:`predict` on both sets.

    The course's default ``learning_rate`` is 0.5; its headline run passes 0.005
    (2000 iterations: train 99.04306220095694 %, test 70.0 %).

    Returns
    -------
    dict
        ``costs`` (list, every 100 iterations), ``Y_prediction_test`` (1, m_test),
        ``Y_prediction_train`` (1, m_train), ``w`` (n_x, 1), ``b``,
        ``learning_rate``, ``num_iterations``.
    """
    X_train = v.check_matrix("X_train", X_train)
    w, b = initialize_with_zeros(X_train.shape[0])
    params, _grads_last, costs = optimize(
        w, b, X_train, Y_train, num_iterations, learning_rate, print_cost
    )
    w, b = params["w"], params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    if print_cost:
        print(f"train accuracy: {accuracy(Y_prediction_train, Y_train)} %")
        print(f"test accuracy: {accuracy(Y_prediction_test, Y_test)} %")
    return {
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }


def predict_image(path: str | os.PathLike[str], w: Any, b: Any, num_px: int = 64) -> Array:
    """Classify one's own picture (any size or format; resized to 64×64 RGB).

    Returns
    -------
    ndarray of shape (1, 1), float64
        ``1.`` for "cat", ``0.`` for "non-cat" (``classes[int(p)]``).
    """
    return predict(w, b, load_image(path, num_px))
