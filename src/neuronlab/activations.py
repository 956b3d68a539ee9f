"""Activation functions, each with its derivative right beside it.

An :class:`Activation` maps ``Z -> A`` elementwise (softmax: column-wise) and
turns an upstream gradient ``dA`` into ``dZ = dA * g'(Z)``.  The derivative is
written in terms of the output ``A`` where that is cheaper (sigmoid, tanh,
ReLU), which is why ``backward`` receives both ``Z`` and ``A``.

Registry: :data:`ACTIVATIONS` maps a name to a ready instance;
:func:`get_activation` also accepts parameters (``leaky_relu`` slope).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neuronlab._validation import check_choice, check_positive

Array = np.ndarray


def sigmoid(Z: Array) -> Array:
    """``σ(z) = 1 / (1 + e^{-z})`` elementwise.

    Uses :func:`scipy.special.expit`, which never overflows: the naive formula
    evaluates ``e^{-z}`` and overflows (with a warning) for ``z < -709`` in
    float64 and ``z < -88`` in float32.  An in-place ``1 / (1 + exp(-z))`` is 3×
    faster, but its last-bit differences from expit change the planar lab's
    oscillating run (90.5 % instead of the published 90.75 %), so expit stays.
    SciPy is imported at the first call, not with neuronlab (0.2 s of SciPy's
    start-up that most imports never need).
    """
    from scipy.special import expit

    return expit(Z)


def _sigmoid_backward(dA: Array, Z: Array, A: Array) -> Array:
    # σ'(z) = σ(z)(1 - σ(z)) = A (1 - A)
    tmp = np.subtract(1, A, dtype=A.dtype)
    tmp *= A
    dA *= tmp
    return dA


def tanh(Z: Array) -> Array:
    """``tanh(z)`` elementwise."""
    return np.tanh(Z)


def _tanh_backward(dA: Array, Z: Array, A: Array) -> Array:
    # tanh'(z) = 1 - tanh(z)^2 = 1 - A^2
    tmp = np.multiply(A, A)
    np.subtract(1, tmp, out=tmp)
    dA *= tmp
    return dA


def relu(Z: Array) -> Array:
    """``max(z, 0)`` elementwise."""
    return np.maximum(Z, 0)


def _relu_backward(dA: Array, Z: Array, A: Array) -> Array:
    # relu'(z) = 1 for z > 0 else 0 (0 at z = 0, as the labs have it)
    dA *= Z > 0
    return dA


def identity(Z: Array) -> Array:
    """``z`` unchanged (regression outputs)."""
    return Z


def _identity_backward(dA: Array, Z: Array, A: Array) -> Array:
    return dA


def softmax(Z: Array) -> Array:
    """Column-wise softmax ``e^{z_k} / Σ_j e^{z_j}`` of shape (K, m).

    The column maximum is subtracted first so that ``exp`` never overflows.
    """
    E = Z - Z.max(axis=0, keepdims=True)
    np.exp(E, out=E)
    E /= E.sum(axis=0, keepdims=True)
    return E


def _softmax_backward(dA: Array, Z: Array, A: Array) -> Array:
    # Jacobian-vector product, column-wise: dZ = A ∘ (dA - Σ_k A_k dA_k)
    inner = np.sum(A * dA, axis=0, keepdims=True)
    dA -= inner
    dA *= A
    return dA


@dataclass(frozen=True)
class Activation:
    """A named activation ``A = forward(Z)`` with ``dZ = backward(dA, Z, A)``.

    ``backward`` may overwrite ``dA`` (a temporary of the backward pass) and
    returns ``dZ``.  ``params`` holds settings stored in model files.
    """

    name: str
    forward: Callable[[Array], Array]
    backward: Callable[[Array, Array, Array], Array]
    params: dict[str, Any] = field(default_factory=dict)
    elementwise: bool = True

    def __call__(self, Z: Array) -> Array:
        return self.forward(Z)

    def derivative(self, Z: Array) -> Array:
        """``g'(Z)`` elementwise (only for elementwise activations)."""
        if not self.elementwise:
            raise ValueError(f"{self.name} has no elementwise derivative; use backward()")
        Z = np.asarray(Z)
        dtype = Z.dtype if Z.dtype.kind == "f" else np.float64
        return self.backward(np.ones(Z.shape, dtype=dtype), Z, self.forward(Z))

    def to_config(self) -> dict[str, Any]:
        """Name and settings, as stored in model files."""
        return {"name": self.name, **self.params}


def leaky_relu(slope: float = 0.01) -> Activation:
    """Leaky ReLU ``z if z > 0 else slope·z``; ``slope`` defaults to 0.01."""
    a = check_positive("slope", slope)

    def forward(Z: Array) -> Array:
        return np.where(Z > 0, Z, a * Z)

    def backward(dA: Array, Z: Array, A: Array) -> Array:
        dA *= np.where(Z > 0, 1.0, a).astype(dA.dtype, copy=False)
        return dA

    return Activation("leaky_relu", forward, backward, {"slope": a})


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, _sigmoid_backward),
    "tanh": Activation("tanh", tanh, _tanh_backward),
    "relu": Activation("relu", relu, _relu_backward),
    "leaky_relu": leaky_relu(),
    "softmax": Activation("softmax", softmax, _softmax_backward, elementwise=False),
    "identity": Activation("identity", identity, _identity_backward),
}


def get_activation(spec: str | Activation | dict[str, Any], **params: Any) -> Activation:
    """Look an activation up by name (or config dict); instances pass through.

    >>> get_activation("leaky_relu", slope=0.2).params
    {'slope': 0.2}
    """
    if isinstance(spec, Activation):
        return spec
    if isinstance(spec, dict):
        params = {**{k: v for k, v in spec.items() if k != "name"}, **params}
        spec = spec.get("name")  # type: ignore[assignment]
    name = check_choice("activation", spec, ACTIVATIONS)
    if name == "leaky_relu" and params:
        return leaky_relu(**params)
    if params:
        raise ValueError(f"activation {name!r} takes no parameters, got {sorted(params)}")
    return ACTIVATIONS[name]
