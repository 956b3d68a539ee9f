"""Costs: means over the ``m`` examples (columns), never ``log(0)``.

Each :class:`Loss` gives the cost from the output activations ``A`` (the labs'
formulas, with probabilities kept away from 0 and 1 only as far as needed to
stay finite), the same cost from the output pre-activations ``Z`` (exact and
overflow-free, used by the network), and the output gradient.

The fused gradient ``dZ = A - Y`` (times ``1/m``) is valid only for the
*canonical* output of each loss:

====================  ===================  ==========================
loss                  canonical output     why ``dZ = A - Y``
====================  ===================  ==========================
binary cross-entropy  sigmoid              σ' cancels the 1/(a(1-a))
categorical CE        softmax              softmax Jacobian cancels
mean squared error    identity             d/dz ½(z - y)² = z - y
====================  ===================  ==========================

For any other pairing the network chains ``dA`` through the activation.

Sample weights: every cost body takes ``w`` (None, or one weight per example summing
to 1) and then returns the weighted mean ``Σ_i w_i ℓ_i`` of the per-example losses
``ℓ_i`` instead of their plain mean; integer weights ``c_i`` (``w = c / Σc``) give the
cost of a set where example ``i`` appears ``c_i`` times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from neuronlab._validation import check_choice

Array = np.ndarray


def _log_clipped(P: Array) -> Array:
    # log of a probability that may have rounded to exactly 0: clip at the
    # smallest normal number, so the cost is large but finite (SPEC: no log(0)).
    return np.log(np.maximum(P, np.finfo(P.dtype).tiny))


def _arrays(A: Any, Y: Any) -> tuple[Array, Array]:
    """``A`` as a float array (float32 stays float32, integers become float64), ``Y``
    as an array: the public costs also take nested lists."""
    A, Y = np.asarray(A), np.asarray(Y)
    if A.dtype.kind not in "biuf" or Y.dtype.kind not in "biuf":
        raise TypeError(f"A, Y: expected numeric arrays, got dtypes {A.dtype} and {Y.dtype}")
    if A.shape != Y.shape:
        # a flat row of the right size is taken as A's shape; anything else would
        # broadcast, e.g. (m, 1) against (1, m) into an (m, m) matrix of nonsense
        if A.size != Y.size or (A.ndim > 1 and Y.ndim > 1) or Y.ndim == 0:
            raise ValueError(
                f"Y: expected one target per output, of A's shape {A.shape}, got shape {Y.shape}"
            )
        Y = Y.reshape(A.shape)
    return A.astype(np.result_type(A.dtype, np.float32), copy=False), Y


def _weighted(terms: Array, w: Array) -> float:
    """``Σ_i w_i Σ_k terms[k, i]`` for per-entry ``terms`` (n_out, m) or (m,)."""
    per_example = terms if terms.ndim == 1 else np.add.reduce(terms, axis=0)  # (m,)
    return float(per_example @ w)


def binary_cross_entropy(A: Array, Y: Array) -> float:
    """``-(1/m) Σ_k Σ_i [y log a + (1-y) log(1-a)]`` for ``A, Y`` of shape (n_out, m).

    With one output this is the labs' logistic cost; with several it is the
    digits lab's one-vs-all cost (summed over the output units).
    """
    return _bce(*_arrays(A, Y))


def _bce(A: Array, Y: Array, w: Array | None = None) -> float:
    # the body, for checked arrays of equal shapes (the networks' every step)
    if w is not None:
        return _weighted(_bce_terms(A, Y), w)
    m = Y.shape[-1]
    total = np.sum(Y * _log_clipped(A)) + np.sum((1 - Y) * _log_clipped(1 - A))
    return float(-total / m)


def binary_cross_entropy_terms(A: Array, Y: Array) -> Array:
    """Per-entry losses ``-(y log a + (1-y) log(1-a))``, of the shape of ``A`` (n_out, m).

    The labs reduce these themselves (``(1/m)·nansum`` in the initialization and
    regularization labs, a plain sum over a mini-batch in the optimization lab); summing
    in their order reproduces their costs to the last bit.  ``log`` is kept finite as in
    :func:`binary_cross_entropy`.
    """
    return _bce_terms(*_arrays(A, Y))


def _bce_terms(A: Array, Y: Array) -> Array:
    return -(Y * _log_clipped(A) + (1 - Y) * _log_clipped(1 - A))


def binary_cross_entropy_logits(Z: Array, Y: Array) -> float:
    """Binary cross-entropy of ``A = σ(Z)`` computed from ``Z``.

    Per element ``log(1 + e^z) - y z = max(z, 0) - y z + log1p(e^{-|z|})``:
    no overflow for any ``z`` and no rounding of ``σ(z)`` to 0 or 1.
    """
    return _bce_logits(*_arrays(Z, Y))


def _bce_logits(Z: Array, Y: Array, w: Array | None = None) -> float:
    # the body, for checked arrays of equal shapes (the networks' every step)
    m = Y.shape[-1]
    loss = np.maximum(Z, 0) - Y * Z
    loss += np.log1p(np.exp(-np.abs(Z)))
    return float(np.sum(loss) / m) if w is None else _weighted(loss, w)


def categorical_cross_entropy(A: Array, Y: Array) -> float:
    """``-(1/m) Σ_i Σ_k y_k log a_k`` for one-hot ``Y`` of shape (K, m)."""
    return _cce(*_arrays(A, Y))


def _cce(A: Array, Y: Array, w: Array | None = None) -> float:
    # the body, for checked arrays of equal shapes (the networks' every step)
    if w is not None:
        return -_weighted(Y * _log_clipped(A), w)
    return float(-np.sum(Y * _log_clipped(A)) / Y.shape[-1])


def categorical_cross_entropy_logits(Z: Array, Y: Array) -> float:
    """Categorical cross-entropy of ``softmax(Z)``: ``Σ_i [logsumexp(z_i) - y_i·z_i] / m``.

    ``logsumexp(z) = max z + log Σ_k e^{z_k - max z}`` (no overflow), in plain
    NumPy: scipy's ``logsumexp`` spends ~0.2 ms per call dispatching, which was
    40 % of a training step of a small softmax network.
    """
    return _cce_logits(*_arrays(Z, Y))


def _cce_logits(Z: Array, Y: Array, w: Array | None = None) -> float:
    # the body, for checked arrays of equal shapes (the networks' every step)
    m = Y.shape[-1]
    zmax = Z.max(axis=0)  # (m,)
    E = Z - zmax  # (K, m)
    np.exp(E, out=E)
    lse = np.log(E.sum(axis=0))  # (m,)
    lse += zmax
    if w is not None:
        return _weighted(lse - np.add.reduce(Y * Z, axis=0), w)
    return float((np.sum(lse) - np.sum(Y * Z)) / m)


def mean_squared_error(A: Array, Y: Array) -> float:
    """``(1/(2m)) Σ (a - y)²``; the ½ makes the output gradient exactly ``A - Y``."""
    return _mse(*_arrays(A, Y))


def _mse(A: Array, Y: Array, w: Array | None = None) -> float:
    # the body, for checked arrays of equal shapes (the networks' every step)
    D = A - Y
    if w is not None:
        return _weighted(D * D, w) / 2
    return float(np.sum(D * D) / (2 * Y.shape[-1]))


def _bce_grad(A: Array, Y: Array) -> Array:
    # m · dJ/dA = -(y/a - (1-y)/(1-a)), the labs' dAL; a denominator that is exactly
    # zero (a saturated output) is replaced by the smallest normal, so it stays finite
    tiny = np.finfo(A.dtype).tiny
    one_minus = 1 - A
    return -(Y / np.where(A == 0, tiny, A) - (1 - Y) / np.where(one_minus == 0, tiny, one_minus))


def _cce_grad(A: Array, Y: Array) -> Array:
    return -Y / np.maximum(A, np.finfo(A.dtype).tiny)


def _mse_grad(A: Array, Y: Array) -> Array:
    return A - Y


@dataclass(frozen=True)
class Loss:
    """A cost with its gradients.

    Attributes
    ----------
    cost : callable ``(A, Y, w=None) -> float`` from output activations (``w``: the
        examples' weights summing to 1, or None for the plain mean).
    cost_from_logits : callable ``(Z, Y, w=None) -> float`` for the canonical output.
    grad : callable ``(A, Y) -> m·dJ/dA`` of shape (n_out, m).
    canonical : the output activation for which ``m·dJ/dZ = A - Y``.
    """

    name: str
    cost: Callable[..., float]
    cost_from_logits: Callable[..., float]
    grad: Callable[[Array, Array], Array]
    canonical: str


LOSSES: dict[str, Loss] = {
    "binary_cross_entropy": Loss(
        "binary_cross_entropy",
        _bce,
        _bce_logits,
        _bce_grad,
        "sigmoid",
    ),
    "categorical_cross_entropy": Loss(
        "categorical_cross_entropy",
        _cce,
        _cce_logits,
        _cce_grad,
        "softmax",
    ),
    "mse": Loss("mse", _mse, _mse, _mse_grad, "identity"),
}

#: The loss each output activation gets when none is named.
DEFAULT_LOSS = {
    "sigmoid": "binary_cross_entropy",
    "softmax": "categorical_cross_entropy",
    "identity": "mse",
    "tanh": "mse",
    "relu": "mse",
    "leaky_relu": "mse",
}


def get_loss(spec: str | Loss) -> Loss:
    """Look a loss up by name; instances pass through."""
    if isinstance(spec, Loss):
        return spec
    return LOSSES[check_choice("loss", spec, LOSSES)]


def l2_penalty(weights: Iterable[Array], l2: float, m: float) -> float:
    """``(l2 / (2m)) Σ_l ||W_l||²_F``; biases are not penalised.

    Biases only shift a unit's input; shrinking them does not make the
    function smoother, so (as in the labs) only the weight matrices pay.
    """
    return penalty_of_squares((np.vdot(W, W) for W in weights), l2, m)


def penalty_of_squares(squares: Iterable[float | np.floating], l2: float, m: float) -> float:
    """:func:`l2_penalty` from the squared norms ``||W_l||²_F`` (summed in order);
    they are not asked for when ``l2 == 0`` (a layer may compute its norm lazily)."""
    if l2 == 0:
        return 0.0
    return float(l2 / (2 * m) * sum(squares))
