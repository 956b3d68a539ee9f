"""Lab 3.3 — deep neural network, step by step, and its application to cats.

The course's functions (2021+ contracts) over the engine.  The step-by-step
pieces keep the lab's cache layouts — ``linear_cache = (A_prev, W, b)``,
``activation_cache = Z``, ``cache = (linear_cache, activation_cache)`` — and
compute with the engine's :class:`~neuronlab.layers.Dense` and activations;
the two application models are one recipe, :func:`network` and :func:`train`
(the engine's ``fit``), which :func:`two_layer_model`, :func:`L_layer_model` and
the experiment call.

Shapes: ``X`` of shape (n_x, m); ``W{l}`` (n_l, n_{l-1}); ``b{l}`` (n_l, 1);
``Y`` of shape (1, m).  Gradient keys are ``"dA{l-1}", "dW{l}", "db{l}"``
(2021+: ``"dA0"`` is the gradient with respect to X).

Two initialisers share a name in the course, so both are kept:

* :func:`initialize_parameters_deep` is the step-by-step one
  (``np.random.seed(3)`` inside, ``randn·0.01``);
* :func:`L_layer_model` uses the application's (``np.random.seed(1)`` inside,
  ``randn / √n_{l-1}``), also available as :func:`initialize_parameters_deep_app`.

Every seed a lab sets inside a function is reproduced with a private
``np.random.RandomState``: NumPy's global state is never changed here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from neuronlab import _validation as v
from neuronlab.activations import ACTIVATIONS, Activation
from neuronlab.data import load_cat
from neuronlab.images import flatten_images, load_image
from neuronlab.labs._adapt import (
    Callback,
    bce_row,
    cost_printer,
    gradient_descent,
    mislabeled_indices,
    parameter_copies,
)
from neuronlab.layers import Dense
from neuronlab.losses import get_loss
from neuronlab.network import Network
from neuronlab.optimizers import GradientDescent
from neuronlab.training import History

__all__ = [
    "load_data",
    "flatten_images",
    "initialize_parameters",
    "initialize_parameters_deep",
    "initialize_parameters_deep_app",
    "sigmoid",
    "relu",
    "sigmoid_backward",
    "relu_backward",
    "linear_forward",
    "linear_activation_forward",
    "L_model_forward",
    "compute_cost",
    "linear_backward",
    "linear_activation_backward",
    "L_model_backward",
    "update_parameters",
    "two_layer_model",
    "L_layer_model",
    "predict",
    "mislabeled_indices",
    "predict_image",
    "network",
    "train",
]

Array = np.ndarray
Params = dict[str, Array]
LinearCache = tuple[Array, Array, Array]
Cache = tuple[LinearCache, Array]

#: Each application model's start, drawn after ``np.random.seed(1)``: the engine's
#: initializer and its settings (:func:`initialize_parameters`: ``randn·0.01``;
#: :func:`initialize_parameters_deep_app`: ``randn / √n_{l-1}``).
STARTS: dict[str, tuple[str, dict[str, Any]]] = {
    "two_layer": ("random", {"scale": 0.01}),
    "L_layer": ("sqrt_n_in", {}),
}
START_SEED = 1
#: The headline runs' learning rate and iterations; the lab records the cost every 100.
LEARNING_RATE, NUM_ITERATIONS, RECORD_EVERY = 0.0075, 2500, 100


def load_data(data_dir: str | os.PathLike[str] | None = None) -> tuple[Array, ...]:
    """The cat pictures (as lab 3.1's ``load_dataset``).

    Returns
    -------
    train_x_orig : (209, 64, 64, 3) uint8; train_y : (1, 209);
    test_x_orig : (50, 64, 64, 3) uint8; test_y : (1, 50); classes : (2,) bytes
    """
    return load_cat(data_dir)


# ------------------------------------------------------------ initialisation
def _check_dims(name: str, dims: Any, length: int | None = None) -> list[int]:
    try:
        out = [v.check_int(name, d, minimum=1) for d in dims]
    except TypeError:
        raise TypeError(f"{name}: expected a sequence of layer sizes, got {dims!r}") from None
    if len(out) < 2 or (length is not None and len(out) != length):
        want = f"{length} sizes" if length is not None else "at least 2 sizes [n_x, …, n_L]"
        raise ValueError(f"{name}: expected {want}, got {list(dims)!r}")
    return out


def initialize_parameters(n_x: int, n_h: int, n_y: int) -> Params:
    """2-layer start: ``W1 = randn(n_h, n_x)·0.01``, ``W2 = randn(n_y, n_h)·0.01``, zero b.

    The lab seeds 1 inside (``np.random.seed(1)``); the same numbers come from a
    private ``RandomState(1)``.

    Returns
    -------
    dict
        ``{"W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h), "b2" (n_y, 1)}``.
    """
    dims = _check_dims("n_x, n_h, n_y", (n_x, n_h, n_y))
    return parameter_copies(network(dims, "two_layer").parameters)


def initialize_parameters_deep(layer_dims: Sequence[int]) -> Params:
    """Step-by-step L-layer start: ``W{l} = randn(n_l, n_{l-1})·0.01``, zero b (seed 3).

    The lab seeds 3 inside; a private ``RandomState(3)`` gives the same numbers.
    Not the initialiser :func:`L_layer_model` uses (see the module docstring).
    """
    dims = _check_dims("layer_dims", layer_dims)
    net = Network(dims, initializer="random", scale=0.01, seed=np.random.RandomState(3))
    return parameter_copies(net.parameters)


def initialize_parameters_deep_app(layer_dims: Sequence[int]) -> Params:
    """The application's L-layer start: ``W{l} = randn(n_l, n_{l-1}) / √n_{l-1}`` (seed 1).

    Dividing by ``√n_{l-1}`` keeps ``Var(Z)`` near 1 whatever the fan-in, so the
    12288-input first layer does not start saturated or dead; with ×0.01 the
    4-layer cat net stalls at cost 0.693.
    """
    return parameter_copies(network(layer_dims).parameters)


# ------------------------------------------------------------ activations
def _activation(name: Any) -> Activation:
    v.check_choice("activation", name, ("sigmoid", "relu"))
    return ACTIVATIONS[name]


def _float(name: str, a: Any) -> Array:
    arr = np.asarray(a)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected a numeric array, got dtype {arr.dtype}")
    return arr if arr.dtype.kind == "f" else arr.astype(np.float64)


def sigmoid(Z: Any) -> tuple[Array, Array]:
    """``(A, cache)`` with ``A = σ(Z)`` and ``cache = Z`` (the lab's helper)."""
    Z = _float("Z", Z)
    return ACTIVATIONS["sigmoid"].forward(Z), Z


def relu(Z: Any) -> tuple[Array, Array]:
    """``(A, cache)`` with ``A = max(Z, 0)`` and ``cache = Z`` (the lab's helper)."""
    Z = _float("Z", Z)
    return ACTIVATIONS["relu"].forward(Z), Z


def _backward(act: Activation, dA: Any, Z: Any) -> Array:
    Z, dA = _float("Z", Z), _float("dA", dA)
    dA = np.array(dA, dtype=np.result_type(dA, Z))  # a copy: the engine's backward is in place
    if dA.shape != Z.shape:
        raise ValueError(f"dA: expected shape {Z.shape} like Z, got {dA.shape}")
    return act.backward(dA, Z, act.forward(Z))


def sigmoid_backward(dA: Any, cache: Any) -> Array:
    """``dZ = dA·σ(Z)(1 - σ(Z))`` with ``cache = Z``."""
    return _backward(ACTIVATIONS["sigmoid"], dA, cache)


def relu_backward(dA: Any, cache: Any) -> Array:
    """``dZ = dA`` where ``Z > 0``, else 0, with ``cache = Z``."""
    return _backward(ACTIVATIONS["relu"], dA, cache)


# ------------------------------------------------------------ forward
def _dense(W: Array, b: Array, activation: Activation = ACTIVATIONS["identity"]) -> Dense:
    """A stand-alone engine layer over the lab's ``W, b`` (own gradient buffers)."""
    return Dense(W, b, np.empty(W.shape), np.empty(b.shape), activation)


def _check_linear(A: Any, W: Any, b: Any) -> tuple[Array, Array, Array]:
    A, W, b = _float("A", A), _float("W", W), _float("b", b)
    if W.ndim != 2 or A.ndim != 2 or A.shape[0] != W.shape[1]:
        raise ValueError(
            f"A, W: expected W of shape (n_out, n_in) and A of shape (n_in, m), got "
            f"W {W.shape} and A {A.shape}"
        )
    if b.shape != (W.shape[0], 1):
        raise ValueError(f"b: expected shape ({W.shape[0]}, 1), got shape {b.shape}")
    return A, W, b


def linear_forward(A: Any, W: Any, b: Any) -> tuple[Array, LinearCache]:
    """``Z = W A + b``.

    Returns
    -------
    Z : ndarray of shape (n_out, m)
    cache : tuple ``(A, W, b)``
    """
    A, W, b = _check_linear(A, W, b)
    return _dense(W, b).linear(A), (A, W, b)


def linear_activation_forward(A_prev: Any, W: Any, b: Any, activation: str) -> tuple[Array, Cache]:
    """``A = g(W A_prev + b)`` with ``g`` = ``"sigmoid"`` or ``"relu"``.

    Returns
    -------
    A : ndarray of shape (n_out, m)
    cache : tuple ``((A_prev, W, b), Z)``
    """
    act = _activation(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    return act.forward(Z), (linear_cache, Z)


def _n_layers(parameters: Any) -> int:
    if not hasattr(parameters, "keys"):
        raise TypeError(f"parameters: expected a dict, got {type(parameters).__name__}")
    L = len(parameters) // 2
    v.check_params_mapping(
        "parameters", parameters, [f"{p}{l}" for l in range(1, L + 1) for p in "Wb"]
    )
    if L < 1:
        raise ValueError("parameters: expected keys 'W1', 'b1', …, got an empty dict")
    return L


def L_model_forward(X: Any, parameters: Any) -> tuple[Array, list[Cache]]:
    """``[LINEAR→RELU]×(L-1) → LINEAR→SIGMOID``, ``L = len(parameters) // 2``.

    Returns
    -------
    AL : ndarray of shape (1, m)
        The output probabilities.
    caches : list of L caches ``((A_prev, W, b), Z)``
    """
    L = _n_layers(parameters)
    A = X
    caches = []
    for l in range(1, L + 1):
        activation = "relu" if l < L else "sigmoid"
        A, cache = linear_activation_forward(
            A, parameters[f"W{l}"], parameters[f"b{l}"], activation
        )
        caches.append(cache)
    return A, caches


def compute_cost(AL: Any, Y: Any) -> Array:
    """Cross-entropy ``-(1/m) Σ [y log a + (1-y) log(1-a)]``, squeezed to shape ()."""
    return np.squeeze(np.array(bce_row("AL", _float("AL", AL), Y)))


# ------------------------------------------------------------ backward
def linear_backward(dZ: Any, cache: Any) -> tuple[Array, Array, Array]:
    """Gradients of ``Z = W A_prev + b``, with ``m = A_prev.shape[1]``.

    ``dW = dZ A_prevᵀ / m``, ``db = Σ_cols dZ / m``, ``dA_prev = Wᵀ dZ``.

    Returns
    -------
    dA_prev : ndarray of shape (n_in, m)
    dW : ndarray of shape (n_out, n_in)
    db : ndarray of shape (n_out, 1)
    """
    if not isinstance(cache, (tuple, list)) or len(cache) != 3:
        raise ValueError(
            f"cache: expected the linear cache (A_prev, W, b), got {type(cache).__name__}"
        )
    A_prev, W, b = _check_linear(*cache)
    dZ = _float("dZ", dZ)
    if dZ.shape != (W.shape[0], A_prev.shape[1]):
        raise ValueError(
            f"dZ: expected shape ({W.shape[0]}, {A_prev.shape[1]}), got shape {dZ.shape}"
        )
    layer = _dense(W, b)
    m = A_prev.shape[1]
    layer.backward_params(dZ / m, A_prev, m, 0.0)
    return layer.backward_input(dZ), layer.dW, layer.db


def linear_activation_backward(dA: Any, cache: Any, activation: str) -> tuple[Array, Array, Array]:
    """``dZ = dA·g'(Z)`` then :func:`linear_backward`; ``cache = ((A_prev, W, b), Z)``.

    Returns
    -------
    tuple ``(dA_prev, dW, db)``
    """
    act = _activation(activation)
    linear_cache, Z = cache
    return linear_backward(_backward(act, dA, Z), linear_cache)


def L_model_backward(AL: Any, Y: Any, caches: Any) -> dict[str, Array]:
    """Backpropagation through ``[LINEAR→RELU]×(L-1) → LINEAR→SIGMOID``.

    Starts from ``dAL = -(Y/AL - (1-Y)/(1-AL))``, the derivative of the
    cross-entropy with respect to AL (``Y`` reshaped like ``AL``), from the
    engine's binary cross-entropy gradient.

    Returns
    -------
    dict
        ``"dA{l-1}"``, ``"dW{l}"``, ``"db{l}"`` for l = L … 1.
    """
    AL, Y = _float("AL", AL), _float("Y", Y)
    if Y.size != AL.size:
        raise ValueError(f"Y: expected {AL.size} labels like AL {AL.shape}, got shape {Y.shape}")
    Y = Y.reshape(AL.shape)
    if not isinstance(caches, (list, tuple)) or not caches:  # no layer: no gradient at all
        raise ValueError(
            f"caches: expected the non-empty list of caches L_model_forward returns, got {caches!r}"
        )
    L = len(caches)
    dAL = get_loss("binary_cross_entropy").grad(AL, Y)  # (1, m)
    grads: dict[str, Array] = {}
    dA = dAL
    for l in range(L, 0, -1):
        activation = "sigmoid" if l == L else "relu"
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], activation)
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA, dW, db
    return grads


def update_parameters(parameters: Any, grads: Any, learning_rate: float) -> Params:
    """One gradient-descent step ``W{l} ← W{l} - α dW{l}``, ``b{l} ← b{l} - α db{l}``.

    Returns a new dict; ``parameters`` is not modified.
    """
    L = _n_layers(parameters)
    lr = v.check_positive("learning_rate", learning_rate)
    net = Network.from_parameters({k: parameters[k] for k in parameters if k[1:].isdigit()})
    v.check_params_mapping("grads", grads, [f"d{p}{l}" for l in range(1, L + 1) for p in "Wb"])
    GradientDescent().update(net.theta, net.layout.pack(grads, prefix="d", name="grads"), (), 1, lr)
    return parameter_copies(net.parameters)


# ------------------------------------------------------------ application
def network(
    layer_dims: Sequence[int], model: str = "L_layer", *, dtype: str = "float64"
) -> Network:
    """An application model's net ``[LINEAR→RELU]×(L-1) → LINEAR→SIGMOID`` at its start.

    ``model`` is ``"two_layer"`` (3 sizes; :func:`initialize_parameters`'s
    ``randn·0.01``) or ``"L_layer"`` (:func:`initialize_parameters_deep_app`'s
    ``randn / √n_{l-1}``), both drawn from a private ``RandomState(1)``.
    """
    v.check_choice("model", model, STARTS)
    initializer, settings = STARTS[model]
    dims = _check_dims("layer_dims", layer_dims, length=3 if model == "two_layer" else None)
    return Network(
        dims, initializer=initializer, seed=np.random.RandomState(START_SEED), dtype=dtype,
        **settings,
    )  # fmt: skip


def train(
    X: Any,
    Y: Any,
    layer_dims: Sequence[int],
    model: str = "L_layer",
    *,
    learning_rate: float = LEARNING_RATE,
    num_iterations: int = NUM_ITERATIONS,
    record_every: int = RECORD_EVERY,
    dtype: str = "float64",
    callback: Callback | None = None,
    check_labels: bool = True,
) -> tuple[Network, History]:
    """The application's recipe → ``(net, history)``: :func:`network`, then full-batch
    gradient descent (the headline runs: 2500 iterations, α = 0.0075).

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    layer_dims, model, dtype : the network's (see :func:`network`).
    record_every, callback : the cost is recorded every ``record_every`` iterations
        and at the last, when ``callback(i, cost, net)`` is called.
    check_labels : refuse a ``Y`` that is not labels 0/1 (:func:`neuronlab.training.fit`'s
        check, for training a classifier); the course-named functions pass False,
        their formulas take any real ``Y``.
    """
    net = network(layer_dims, model, dtype=dtype)
    return gradient_descent(
        net, X, Y, learning_rate, num_iterations, record_every, callback,
        check_labels=check_labels,
    )  # fmt: skip


def _course_model(
    X: Any,
    Y: Any,
    layer_dims: Sequence[int],
    model: str,
    learning_rate: float,
    num_iterations: int,
    print_cost: bool,
) -> tuple[Params, list[Array]]:
    """:func:`train` with the course's printing (every 100 and the last) and return shapes;
    any real ``Y`` is taken, as by the course's formulas (its own test passes ``randn``)."""
    num_iterations = v.check_int("num_iterations", num_iterations)
    net, history = train(
        X, Y, layer_dims, model, learning_rate=learning_rate, num_iterations=num_iterations,
        callback=cost_printer(print_cost, RECORD_EVERY, last=num_iterations - 1),
        check_labels=False,
    )  # fmt: skip
    return parameter_copies(net.parameters), [
        np.array(c) for c in history.recorded(RECORD_EVERY)[1]
    ]


def two_layer_model(
    X: Any,
    Y: Any,
    layers_dims: Sequence[int],
    learning_rate: float = 0.0075,
    num_iterations: int = 3000,
    print_cost: bool = False,
) -> tuple[Params, list[Array]]:
    """LINEAR→RELU→LINEAR→SIGMOID trained by gradient descent.

    Starts from :func:`initialize_parameters` (seed 1, ×0.01).  Headline:
    ``(12288, 7, 1)``, 2500 iterations → cost 0.693049735659989 … 0.04421498215868951,
    train accuracy 1.0, test 0.72.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    layers_dims : ``(n_x, n_h, n_y)``

    Returns
    -------
    parameters : dict
        The trained ``{"W1", "b1", "W2", "b2"}``.
    costs : list of ndarray of shape ()
        The cost at iterations 0, 100, 200, … (before that iteration's update).
        Printing (``print_cost``) also shows the last iteration.
    """
    dims = _check_dims("layers_dims", layers_dims, length=3)
    return _course_model(X, Y, dims, "two_layer", learning_rate, num_iterations, print_cost)


def L_layer_model(
    X: Any,
    Y: Any,
    layers_dims: Sequence[int],
    learning_rate: float = 0.0075,
    num_iterations: int = 3000,
    print_cost: bool = False,
) -> tuple[Params, list[Array]]:
    """``[LINEAR→RELU]×(L-1) → LINEAR→SIGMOID`` trained by gradient descent.

    Starts from the application's initialiser, :func:`initialize_parameters_deep_app`
    (seed 1, ``/√n_{l-1}``).  Headline: ``[12288, 20, 7, 5, 1]``, 2500 iterations
    → cost 0.7717493284237686 … 0.088439943441702, train 0.9856459330143539, test 0.8.

    Returns
    -------
    parameters : dict
        The trained ``{"W1", "b1", …}``.
    costs : list of ndarray of shape ()
        The cost at iterations 0, 100, 200, …; printing also shows the last one.
    """
    return _course_model(X, Y, layers_dims, "L_layer", learning_rate, num_iterations, print_cost)


def predict(X: Any, y: Any, parameters: Any) -> Array:
    """Labels ``AL > 0.5`` as 0./1. floats; prints ``Accuracy: …`` as the lab does.

    The printed accuracy is the lab's ``Σ (p == y) / m``, summed term by term,
    which shows a perfect score as ``0.9999999999999998`` for m = 209.

    Returns
    -------
    ndarray of shape (1, m), float64
    """
    AL, _ = L_model_forward(X, parameters)
    p = (AL > 0.5).astype(np.float64)
    y = np.asarray(y)
    if y.size != p.size:
        raise ValueError(f"y: expected {p.size} labels like X has examples, got shape {y.shape}")
    print("Accuracy: " + str(np.sum((p == y.reshape(p.shape)) / p.shape[1])))
    return p


def predict_image(path: str | os.PathLike[str], parameters: Any, num_px: int = 64) -> Array:
    """Classify one's own picture (any size or format; resized to 64×64 RGB).

    Returns
    -------
    ndarray of shape (1, 1), float64
        ``1.`` for "cat", ``0.`` for "non-cat"; nothing is printed.
    """
    AL, _ = L_model_forward(load_image(path, num_px), parameters)
    return (AL > 0.5).astype(np.float64)
