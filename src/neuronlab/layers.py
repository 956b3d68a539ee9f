"""Layers: dense (``Z = W A_prev + b``, ``A = g(Z)``) and inverted dropout.

Examples are columns: ``A_prev`` of shape (n_in, m), ``W`` of shape
(n_out, n_in), ``b`` of shape (n_out, 1), ``Z`` and ``A`` of shape (n_out, m).
A first layer's ``A_prev`` may be a SciPy sparse matrix (sparse inputs): its
products are sparse-dense ones, the rest stays dense.
Forward and backward sit side by side; the backward writes the layer's
gradients straight into the network's flat gradient vector (``dW`` and ``db``
are views into it), so no gradient is ever copied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Protocol

import numpy as np

from neuronlab._validation import is_sparse
from neuronlab.activations import Activation

Array = np.ndarray
RNG = np.random.Generator | np.random.RandomState


class Cache(NamedTuple):
    """What one layer's forward keeps for its backward."""

    A_prev: Array  # (n_in, m)  the layer's input (after the previous layer's dropout)
    Z: Array  # (n_out, m)
    A: Array  # (n_out, m)  g(Z), before this layer's dropout
    mask: Array | None  # (n_out, m) bool dropout mask, or None without dropout


class Layer(Protocol):
    """What the network asks of a layer: :class:`Dense`, or
    :class:`neuronlab.wide.DualDense` (the first layer in dual form, during a fit)."""

    activation: Activation

    @property
    def W(self) -> Array: ...  # (n_out, n_in)

    @property
    def b(self) -> Array: ...  # (n_out, 1)

    def linear(self, A_prev: Array) -> Array: ...

    def forward(self, A_prev: Array) -> tuple[Array, Array]: ...

    def backward_params(self, dZ_m: Array, A_prev: Array, m: float, l2: float) -> None: ...

    def backward_input(self, dZ: Array) -> Array: ...

    def squared_norm(self) -> float | np.floating: ...


@dataclass
class Dense:
    """A fully connected layer whose ``W, b, dW, db`` are views into flat vectors."""

    W: Array
    b: Array
    dW: Array
    db: Array
    activation: Activation

    def linear(self, A_prev: Array) -> Array:
        """``Z = W A_prev + b``, of shape (n_out, m); ``A_prev`` may be a SciPy sparse
        matrix (a first layer's input), multiplied as it is, never densified."""
        if not isinstance(A_prev, np.ndarray) and is_sparse(A_prev):
            # (m, n_in) sparse @ (n_in, n_out) dense: SciPy's sparse-dense product
            Z = np.ascontiguousarray((A_prev.T @ self.W.T).T)
        else:
            Z = self.W @ A_prev  # (n_out, n_in) @ (n_in, m) -> (n_out, m)
        Z += self.b
        return Z

    def forward(self, A_prev: Array) -> tuple[Array, Array]:
        """``(Z, A)`` with ``A = g(Z)``."""
        Z = self.linear(A_prev)
        return Z, self.activation.forward(Z)

    def backward_params(self, dZ_m: Array, A_prev: Array, m: float, l2: float) -> None:
        """Write ``dW = dZ A_prevᵀ / m + (l2/m) W`` and ``db = Σ_cols dZ / m``
        from ``dZ_m = dZ / m``.

        The caller divides by m once, on the output layer's (small) ``dZ``; back-
        propagation is linear in it, so every layer's ``dZ`` arrives divided by m
        and no pass over a large ``dW`` is spent on the division.
        """
        if not isinstance(A_prev, np.ndarray) and is_sparse(A_prev):
            # (n_in, m) sparse @ (m, n_out) dense, transposed into dW: only the stored
            # entries of A_prev are visited
            self.dW[...] = (A_prev @ dZ_m.T).T
        else:
            np.matmul(dZ_m, A_prev.T, out=self.dW)  # (n_out, m) @ (m, n_in) -> (n_out, n_in)
        if l2:
            self.dW += (l2 / m) * self.W
        # np.add.reduce skips np.sum's Python wrapper: ~10 % of a small net's step
        np.add.reduce(dZ_m, axis=1, keepdims=True, out=self.db)  # (n_out, 1)

    def backward_input(self, dZ: Array) -> Array:
        """``dA_prev = Wᵀ dZ``, of shape (n_in, m)."""
        return self.W.T @ dZ  # (n_in, n_out) @ (n_out, m)

    def squared_norm(self) -> np.floating:
        """``‖W‖²_F``, what L2 regularisation penalises (not the bias), in ``W``'s dtype
        (a float32 network sums its penalty in float32, as the published runs did)."""
        return np.vdot(self.W, self.W)


def dropout_forward(A: Array, keep_prob: float, rng: RNG) -> tuple[Array, Array]:
    """Inverted dropout: keep each unit with probability ``keep_prob``.

    ``D = U(0,1) < keep_prob``, ``A·D / keep_prob``.  Dividing by
    ``keep_prob`` keeps the expected activation unchanged, so nothing needs
    rescaling at prediction time, when dropout is simply off.  ``rng`` may be a
    ``RandomState`` so that a lab's ``np.random.rand`` masks come out exactly.

    Returns ``(A_dropped, D)``; ``A`` itself is not modified.
    """
    D = rng.random(A.shape) < keep_prob  # (n, m) bool
    out = A * D
    out /= keep_prob
    return out, D


def dropout_backward(dA: Array, mask: Array, keep_prob: float) -> Array:
    """Gradient through inverted dropout: ``dA·D / keep_prob`` (in place)."""
    dA *= mask
    dA /= keep_prob
    return dA
