"""Lab 3.8 — the digits network trained by backpropagation (ex4, 400-25-10).

The course's function names over the engine.  The exercise is written in the
**row convention**: one example per row, ``X`` of shape (m, 1 + n) with a
bias column of ones at column 0 (``a1 = [1, x]``), weight matrices
``Theta1`` of shape (h, 1 + n) and ``Theta2`` of shape (K, 1 + h) whose
column 0 is the bias, labels 1 … K where 10 means the digit 0, and one flat
parameter vector ``theta = [Theta1.ravel(), Theta2.ravel()]`` (row-major,
10285 long for 400-25-10).

The math runs in a :class:`neuronlab.Network` ``[n, h, K]`` with sigmoid
units everywhere, whose ``W1 = Theta1[:, 1:]``, ``b1 = Theta1[:, :1]`` and so
on; this module only converts shapes and orders at its edge:

* the ex4 cost ``(1/m) Σ_i Σ_k [−y log h − (1−y) log(1−h)]`` *is* the engine's
  binary cross-entropy of a several-sigmoid output (summed over the K units);
* its regulariser ``l/(2m) (ΣΘ1[:, 1:]² + ΣΘ2[:, 1:]²)`` *is* the engine's L2
  term, which leaves the biases (column 0) alone;
* backprop's ``δ3 = h − y`` is the engine's fused output gradient.

The conversions between the two conventions are :mod:`neuronlab.labs._rows`.
The sizes of a network are read off ``theta``, ``X`` and ``y`` (K = 10 when
nothing says otherwise), so the same functions serve the 400-25-10 original,
the 64-25-10 net on scikit-learn's 8x8 digits and the exercise's 3-5-3 debug
net.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import OptimizeResult

from neuronlab import _validation as v
from neuronlab import data, fullbatch, gradcheck
from neuronlab.activations import get_activation
from neuronlab.datasets import sklearn_digits
from neuronlab.initializers import RNG
from neuronlab.initializers import uniform as _uniform
from neuronlab.labs._adapt import lab_stream
from neuronlab.labs._rows import (
    as_vector,
    check_dims,
    design,
    dims_for,
    engine_network,
    size_of,
    to_lab,
)
from neuronlab.network import Network

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "load_mat",
    "load_sklearn_digits",
    "plot_100_images",
    "expand_y",
    "load_weight",
    "serialize",
    "deserialize",
    "feed_forward",
    "cost",
    "regularized_cost",
    "sigmoid_gradient",
    "random_init",
    "gradient",
    "regularized_gradient",
    "gradient_checking",
    "nn_training",
    "accuracy",
    "plot_hidden",
    "debug_problem",
]

Array = np.ndarray
PathLike = str | os.PathLike[str]

#: The exercise's sizes: 20x20 inputs, 25 hidden units, 10 labels.
INPUT_SIZE, HIDDEN_SIZE, NUM_LABELS = 400, 25, 10
#: ``ε_init`` of :func:`random_init`.
EPSILON_INIT = 0.12


# ------------------------------------------------------------------------ data


def load_mat(path: PathLike | None = None, data_dir: PathLike | None = None) -> tuple[Array, Array]:
    """The exercise's examples ``ex4data1.mat``.

    Parameters
    ----------
    path : str or path-like, optional
        A copy of ``ex4data1.mat`` anywhere; by default the file is looked up in
        the data directory (see :mod:`neuronlab.data`).
    data_dir : str or path-like, optional
        Where to look when ``path`` is None.

    Returns
    -------
    X : ndarray of shape (5000, 400)
        One 20x20 grey image per row, in the file's (column-major) pixel order —
        the order the given weights expect.  Transpose an image only to show it.
    y : ndarray of shape (5000,)
        Labels 1 … 10, 10 meaning the digit 0.

    Raises
    ------
    neuronlab.data.DataFileError
        If the file is missing or not a readable ex4data1-like MAT file.
    """
    return data.load_ex4_data(path, data_dir)


def load_sklearn_digits() -> tuple[Array, Array]:
    """scikit-learn's bundled 8x8 digits in this lab's label convention.

    The default data of this lab (``ex4data1.mat`` is not shipped): a 64-25-10
    network instead of 400-25-10.

    Returns
    -------
    X : ndarray of shape (1797, 64)
        One 8x8 image per row, unrolled **row-major** (show it without
        transposing), grey levels scaled to [0, 1].
    y : ndarray of shape (1797,)
        Labels 1 … 10, the digit 0 mapped to 10 as in the exercise.
    """
    X, Y = sklearn_digits()  # columns: (64, m), (1, m)
    digits = Y[0]
    return np.ascontiguousarray(X.T), np.where(digits == 0, NUM_LABELS, digits).astype(np.int64)


def load_weight(
    path: PathLike | None = None, data_dir: PathLike | None = None
) -> tuple[Array, Array]:
    """The given weights ``ex4weights.mat``: ``(Theta1 (25, 401), Theta2 (10, 26))``.

    ``path`` reads a copy anywhere (keys and shapes are checked); by default
    the checksummed file of the data directory is used.  Column 0 of each
    matrix is the bias weight; output row ``k − 1`` is label ``k``.
    """
    theta1, theta2 = data.load_ex4_weights(data_dir, path=path)
    return theta1, theta2


def expand_y(y: Any, num_labels: int = NUM_LABELS) -> Array:
    """One-hot labels: label ``k`` (1 … K) → row with a 1 in column ``k − 1``.

    Label 10 (the digit 0) goes to column 9, the row order of ``Theta2``, so the
    weights need no re-ordering.

    Parameters
    ----------
    y : array-like of shape (m,) or (m, 1)
        Integer labels in 1 … ``num_labels``.
    num_labels : int
        K, the number of classes (10 in the exercise).

    Returns
    -------
    ndarray of shape (m, K), float64
    """
    K = v.check_int("num_labels", num_labels, minimum=1)
    labels = np.asarray(y)
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError(f"y: expected a non-empty 1-D array of labels, got shape {labels.shape}")
    if labels.dtype.kind not in "biuf" or not np.all(np.isin(labels, np.arange(1, K + 1))):
        raise ValueError(f"y: expected integer labels in 1..{K}, got {np.unique(labels)[:10]}")
    out = np.zeros((labels.size, K))
    out[np.arange(labels.size), labels.astype(np.intp) - 1] = 1
    return out


def debug_problem(
    input_layer_size: int = 3, hidden_layer_size: int = 5, num_labels: int = 3, m: int = 5
) -> tuple[Array, Array, Array, Array]:
    """The exercise's gradient-check network (``checkNNGradients``), in this lab's layout.

    ``debugInitializeWeights(fan_out, fan_in)`` fills a ``(fan_out, 1 + fan_in)``
    matrix column-major with ``sin(1), sin(2), … / 10``; ``X`` is such a matrix
    of shape (m, input_layer_size), and the labels are ``1 + ((1 … m) mod K)``.

    Returns
    -------
    theta : ndarray of shape (h (n + 1) + K (h + 1),)
        ``serialize(Theta1, Theta2)``.
    X : ndarray of shape (m, 1 + n)
        With the bias column prepended.
    y : ndarray of shape (m, K)
        One-hot labels.
    y_raw : ndarray of shape (m,)
        Labels 1 … K.
    """

    def debug_weights(fan_out: int, fan_in: int) -> Array:
        shape = (fan_out, 1 + fan_in)
        return np.sin(np.arange(1, fan_out * (1 + fan_in) + 1)).reshape(shape, order="F") / 10

    theta1 = debug_weights(hidden_layer_size, input_layer_size)
    theta2 = debug_weights(num_labels, hidden_layer_size)
    X = debug_weights(m, input_layer_size - 1)
    y_raw = 1 + np.arange(1, m + 1) % num_labels
    X = np.hstack([np.ones((m, 1)), X])
    return serialize(theta1, theta2), X, expand_y(y_raw, num_labels), y_raw


# ------------------------------------------------------------- the flat vector


def serialize(a: Any, b: Any) -> Array:
    """``[a.ravel(), b.ravel()]`` (row-major): ``(Theta1, Theta2)`` → ``(10285,)``."""
    return np.concatenate(
        [np.ravel(np.asarray(a, dtype=np.float64)), np.ravel(np.asarray(b, dtype=np.float64))]
    )


def deserialize(seq: Any, layer_dims: Sequence[int] | None = None) -> tuple[Array, Array]:
    """Undo :func:`serialize`: ``(Theta1 (h, 1 + n), Theta2 (K, 1 + h))``, copies.

    Parameters
    ----------
    seq : array-like of shape (h (n + 1) + K (h + 1),)
    layer_dims : (n, h, K), optional
        By default h = 25 and K = 10 and n is read off the length
        (10285 → 400-25-10, 1885 → 64-25-10).
    """
    seq = as_vector("seq", seq)
    if layer_dims is None:
        rest = seq.size - NUM_LABELS * (HIDDEN_SIZE + 1)
        if rest <= 0 or rest % HIDDEN_SIZE or rest // HIDDEN_SIZE < 2:
            raise ValueError(
                f"seq: expected 25 (n + 1) + 10·26 numbers (10285 for 400-25-10), got "
                f"{seq.size}; pass layer_dims=(n, h, K) for other sizes"
            )
        dims = (rest // HIDDEN_SIZE - 1, HIDDEN_SIZE, NUM_LABELS)
    else:
        dims = check_dims(layer_dims)
        if seq.size != size_of(dims):
            raise ValueError(
                f"seq: expected {size_of(dims)} numbers for layer_dims {dims}, got {seq.size}"
            )
    n, h, K = dims
    split = h * (n + 1)
    return seq[:split].reshape(h, n + 1).copy(), seq[split:].reshape(K, h + 1).copy()


def _problem(
    theta: Any, X: Any, y: Any, layer_dims: Sequence[int] | None = None, dtype: Any = "float64"
) -> tuple[Network, Array, Array, tuple[int, int, int]]:
    """``(net, X (n, m), Y (K, m), dims)``: the lab's row-convention arguments for the engine."""
    theta = as_vector("theta", theta)
    X = design(X)
    Y = np.asarray(y)
    if Y.ndim == 1 or (Y.ndim == 2 and Y.shape[1] == 1):
        K = None if layer_dims is None else check_dims(layer_dims)[2]
        Y = expand_y(Y, NUM_LABELS if K is None else K)
    Y = v.check_matrix("y", Y, dtype=np.dtype(np.float64))
    if Y.shape[0] != X.shape[0]:
        raise ValueError(f"y: expected {X.shape[0]} rows (examples) like X, got shape {Y.shape}")
    dims = (
        dims_for(theta, X.shape[1] - 1, Y.shape[1])
        if layer_dims is None
        else check_dims(layer_dims)
    )
    if dims[0] != X.shape[1] - 1 or dims[2] != Y.shape[1] or size_of(dims) != theta.size:
        raise ValueError(
            f"theta, X, y: sizes {theta.size}, {X.shape}, {Y.shape} do not fit layer_dims {dims}"
        )
    net = engine_network(theta, dims, dtype)
    return net, net.check_X(X[:, 1:].T), net.check_Y(Y.T, X.shape[0], name="y"), dims


# ---------------------------------------------------------------- the network


def feed_forward(
    theta: Any, X: Any, layer_dims: Sequence[int] | None = None
) -> tuple[Array, Array, Array, Array, Array]:
    """Forward pass in the row convention: ``(a1, z2, a2, z3, h)``.

    Parameters
    ----------
    theta : ndarray of shape (h (n + 1) + K (h + 1),)
    X : ndarray of shape (m, 1 + n)
        Already carrying the bias column.
    layer_dims : (n, h, K), optional
        Needed only when K ≠ 10.

    Returns
    -------
    a1 : (m, 1 + n) — a copy of X.
    z2 : (m, h) — ``a1 Θ1ᵀ``.
    a2 : (m, 1 + h) — ``[1, σ(z2)]``.
    z3 : (m, K) — ``a2 Θ2ᵀ``.
    h : (m, K) — ``σ(z3)``.
    """
    theta = as_vector("theta", theta)
    X = design(X)
    n = X.shape[1] - 1
    dims = dims_for(theta, n, NUM_LABELS) if layer_dims is None else check_dims(layer_dims)
    if size_of(dims) != theta.size or dims[0] != X.shape[1] - 1:
        raise ValueError(f"theta, X: sizes {theta.size}, {X.shape} do not fit layer_dims {dims}")
    _, caches = engine_network(theta, dims).forward(X[:, 1:].T)  # column convention inside
    hidden, output = caches
    a2 = np.hstack([np.ones((X.shape[0], 1)), hidden.A.T])
    return X.copy(), hidden.Z.T.copy(), a2, output.Z.T.copy(), output.A.T.copy()


def cost(theta: Any, X: Any, y: Any) -> float:
    """``J = (1/m) Σ_i Σ_k [−y log h − (1 − y) log(1 − h)]``.

    Parameters
    ----------
    theta : ndarray of shape (10285,) (or any ``h (n + 1) + K (h + 1)``)
    X : ndarray of shape (m, 1 + n), with the bias column
    y : ndarray of shape (m, K), one-hot (:func:`expand_y`); labels 1 … 10 of
        shape (m,) are expanded.
    """
    return regularized_cost(theta, X, y, 0)


def regularized_cost(theta: Any, X: Any, y: Any, l: float = 1) -> float:
    """``cost + l/(2m) (ΣΘ1[:, 1:]² + ΣΘ2[:, 1:]²)``; bias columns are not penalised.

    The regulariser is the engine's L2 term, which leaves biases alone: a bias
    only shifts a unit's input, so shrinking it does not smooth the function.
    """
    lam = v.check_positive("l", l, allow_zero=True)
    net, Xc, Yc, _ = _problem(theta, X, y)
    return net.loss_at(Xc, Yc, lam)


def sigmoid_gradient(z: Any) -> Any:
    """``σ'(z) = σ(z)(1 − σ(z))`` elementwise; 0.25 at ``z = 0``."""
    return get_activation("sigmoid").derivative(z)[()]


def random_init(size: int, seed: int | RNG | None = None) -> Array:
    """``size`` numbers uniform on (−0.12, 0.12) (the exercise's ``ε_init``).

    Breaks the symmetry of the hidden units while keeping ``σ`` in its steep part.
    The exercise also quotes ``ε = √6 / √(L_in + L_out)``, which is 0.12 for 400-25.

    Parameters
    ----------
    size : int
    seed : int, ``RandomState`` or ``Generator``, optional
        None draws from NumPy's global stream, as the lab does; an int ``n``
        draws what ``np.random.seed(n)`` then the lab would, without touching the
        global state.
    """
    size = v.check_int("size", size, minimum=1)
    return _uniform(lab_stream(seed), 1, size, epsilon=EPSILON_INIT).reshape(size)


def gradient(theta: Any, X: Any, y: Any) -> Array:
    """Backprop's gradient, serialized like ``theta``.

    ``δ3 = h − y``, ``δ2 = (δ3 Θ2)[:, 1:] ∘ σ'(z2)``, ``∂J/∂Θ_l = Δ_l / m``
    with ``Δ_l = δ_{l+1}ᵀ a_l``: the engine's backward pass over all examples at
    once (the Python port loops over examples).
    """
    return regularized_gradient(theta, X, y, 0)


def regularized_gradient(theta: Any, X: Any, y: Any, l: float = 1) -> Array:
    """:func:`gradient` plus ``(l/m) Θ`` on the non-bias columns; ``theta`` is not modified."""
    lam = v.check_positive("l", l, allow_zero=True)
    net, Xc, Yc, dims = _problem(theta, X, y)
    _, grad = net.loss_and_grad(Xc, Yc, lam)
    return to_lab(grad, dims)


def gradient_checking(
    theta: Any,
    X: Any,
    y: Any,
    epsilon: float,
    regularized: bool = False,
    l: float = 1,
    print_msg: bool = True,
) -> float:
    """Compare backprop with central differences over every parameter.

    ``numeric_i = (J(θ + ε e_i) − J(θ − ε e_i)) / 2ε`` (the engine's exact
    check), and this lab's relative difference

        ``‖numeric − analytic‖ / ‖numeric + analytic‖``

    (note ``‖a + b‖``, not the deep-learning labs' ``‖a‖ + ‖b‖``).  With
    ``ε = 1e-4`` a correct backprop gives less than 1e-9.

    Parameters
    ----------
    regularized : bool
        Check :func:`regularized_cost` (with ``l``) instead of :func:`cost`.
    print_msg : bool
        Print the verdict as the lab does.

    Returns
    -------
    float
        The relative difference.
    """
    eps = v.check_positive("epsilon", epsilon)
    lam = v.check_positive("l", l, allow_zero=True) if regularized else 0.0
    net, Xc, Yc, _ = _problem(theta, X, y)
    _, analytic, numeric = gradcheck.check(net, Xc, Yc, l2=lam, epsilon=eps, return_gradients=True)
    # Both vectors are in the engine's order: a permutation leaves the norms unchanged.
    diff = float(np.linalg.norm(numeric - analytic) / np.linalg.norm(numeric + analytic))
    if print_msg:
        print(
            "If your backpropagation implementation is correct,\n"
            "the relative difference will be smaller than 1e-9 (assume epsilon=0.0001).\n"
            f"Relative Difference: {diff}\n"
        )
    return diff


def nn_training(
    X: Any,
    y: Any,
    l: float = 1,
    maxiter: int = 400,
    hidden_size: int = HIDDEN_SIZE,
    seed: int | RNG | None = None,
    dtype: str = "float64",
) -> OptimizeResult:
    """Train with ``scipy.optimize.minimize(method="TNC")`` from :func:`random_init`.

    The lab's call is ``minimize(regularized_cost, random_init(10285), args=(X, y,
    1), method="TNC", jac=regularized_gradient, options={"maxiter": 400})``; here
    the engine's full-batch solver does it with one forward and one backward pass
    per evaluation (:func:`neuronlab.fullbatch.minimize`).

    ``maxiter`` bounds TNC's **function evaluations** (``maxfun``): that is what
    the lab's ``maxiter`` meant in the SciPy it was written for (a deprecated
    alias of ``maxfun``), and SciPy ≥ 1.17's TNC ignores ``maxiter`` altogether.
    Each TNC iteration takes a few evaluations, so ``res.nit`` is smaller.

    Parameters
    ----------
    X : ndarray of shape (m, 1 + n), with the bias column
    y : ndarray of shape (m, K) one-hot, or labels 1 … 10 of shape (m,)
    l : float
        λ of the regulariser (1 in the lab).
    maxiter : int
        Cap on cost/gradient evaluations (400 in the lab).
    hidden_size : int
        h (25 in the lab); ``len(theta) = h (n + 1) + K (h + 1)``.
    seed : optional
        For :func:`random_init` (None: NumPy's global stream, as the lab).
    dtype : ``"float64"`` (default) or ``"float32"`` for the forward/backward passes.

    Returns
    -------
    scipy.optimize.OptimizeResult
        ``res.x`` is the trained ``theta`` in this lab's layout (serialized
        ``Theta1, Theta2``); also ``fun``, ``nit``, ``nfev``, ``message``.
    """
    lam = v.check_positive("l", l, allow_zero=True)
    maxiter = v.check_int("maxiter", maxiter, minimum=1)
    h = v.check_int("hidden_size", hidden_size, minimum=1)
    X = design(X)
    Y = np.asarray(y)
    K = Y.shape[1] if Y.ndim == 2 and Y.shape[1] > 1 else NUM_LABELS
    dims = (X.shape[1] - 1, h, K)
    theta0 = random_init(size_of(dims), seed)
    net, Xc, Yc, _ = _problem(theta0, X, Y, dims, dtype)
    result = fullbatch.minimize(net, Xc, Yc, method="TNC", maxiter=maxiter, l2=lam)
    result.x = to_lab(np.asarray(result.x, dtype=np.float64), dims)
    if "jac" in result:
        result.jac = to_lab(np.asarray(result.jac, dtype=np.float64), dims)
    return result


def _predict(theta: Any, X: Any, layer_dims: Sequence[int] | None = None) -> Array:
    """Labels 1 … K: ``argmax(h, axis=1) + 1``, of shape (m,)."""
    return np.argmax(feed_forward(theta, X, layer_dims)[4], axis=1) + 1


def accuracy(
    theta: Any,
    X: Any,
    y: Any,
    output_dict: bool = False,
    layer_dims: Sequence[int] | None = None,
) -> dict[str, Any] | None:
    """Print scikit-learn's classification report of ``argmax(h) + 1`` against ``y``.

    Parameters
    ----------
    y : labels 1 … K of shape (m,), or one-hot (m, K)
    output_dict : bool
        Return the report as a dict (per class ``"1"`` … ``"10"`` plus
        ``"accuracy"``, ``"macro avg"``, ``"weighted avg"``) instead of printing it.

    Returns
    -------
    None (the lab prints), or the report dict with ``output_dict=True``.
    """
    from sklearn.metrics import classification_report

    labels = np.asarray(y)
    if labels.ndim == 2 and labels.shape[1] > 1:
        labels = np.argmax(labels, axis=1) + 1
    labels = labels.reshape(-1)
    y_pred = _predict(theta, X, layer_dims)
    if labels.size != y_pred.size:
        raise ValueError(f"y: expected {y_pred.size} labels like X's rows, got {labels.size}")
    if output_dict:
        report: dict[str, Any] = classification_report(
            labels, y_pred, output_dict=True, zero_division=0
        )
        return report
    print(classification_report(labels, y_pred, zero_division=0))
    return None


# -------------------------------------------------------------------- figures


def _image_side(n: int, name: str) -> int:
    side = int(round(np.sqrt(n)))
    if side * side != n:
        raise ValueError(f"{name}: expected square images (n = side²), got {n} pixels")
    return side


def _pictures(rows: Array, side: int, transpose: bool) -> Array:
    """Rows of ``side²`` pixels as pictures of shape (k, side, side), transposed if asked."""
    images = rows.reshape(len(rows), side, side)
    return images.transpose(0, 2, 1) if transpose else images


def plot_100_images(X: Any, transpose: bool = True, seed: int | RNG | None = None) -> Figure:
    """A 10x10 grid of 100 examples chosen at random (with replacement, as the lab).

    Parameters
    ----------
    X : ndarray of shape (m, n) (a bias column of ones is dropped)
    transpose : bool
        Show each ``side x side`` image transposed: right for ``ex4data1.mat``,
        whose images are unrolled column-major; pass False for scikit-learn's digits.
    seed : optional
        None draws from NumPy's global stream, as the lab.

    Returns
    -------
    matplotlib.figure.Figure
        Drawn by :func:`neuronlab.plots.image_grid` (no pyplot: nothing left open).
    """
    from neuronlab import plots  # the course's function draws: the one lab import of plots

    X = v.check_matrix("X", X, dtype=np.dtype(np.float64))
    if np.all(X[:, 0] == 1) and int(round(np.sqrt(X.shape[1] - 1))) ** 2 == X.shape[1] - 1:
        X = X[:, 1:]
    side = _image_side(X.shape[1], "X")
    idx = lab_stream(seed).choice(np.arange(X.shape[0]), 100)
    return plots.image_grid(_pictures(X[idx], side, transpose), ncols=10, cmap="binary", size=0.8)


def plot_hidden(
    theta: Any, transpose: bool = True, layer_dims: Sequence[int] | None = None
) -> Figure:
    """The hidden units' input weights ``Θ1[:, 1:]`` as images (25 → a 5x5 grid).

    Each unit's 400 (or 64) weights are shown as the 20x20 (8x8) picture that
    excites it most; ``transpose`` as in :func:`plot_100_images`.  Drawn by
    :func:`neuronlab.plots.hidden_units`.
    """
    from neuronlab import plots  # the course's function draws: the one lab import of plots

    theta1, _ = deserialize(theta, layer_dims)
    weights = theta1[:, 1:]
    side = _image_side(weights.shape[1], "theta")
    cols = int(np.ceil(np.sqrt(weights.shape[0])))
    return plots.hidden_units(
        weights, (side, side), ncols=cols, transpose=transpose, cmap="binary", size=1.0
    )
