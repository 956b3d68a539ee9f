"""Full-batch gradient descent on wide inputs, in the dual form.

With few examples and many features (``m < n_x``: the cat pictures have
m = 209 and n_x = 12288), two products dominate a full-batch step, ``Z1 = W1 X``
and ``dW1 = dZ1 Xᵀ / m``, each costing ``n1·n_x·m``.  Plain gradient descent
(with or without L2) keeps ``W1`` in the span of its start and of ``Xᵀ``::

    W1 = c·W1⁰ + A Xᵀ          A of shape (n1, m), c a number

since each step ``W1 ← (1 − αλ/m)·W1 − (α/m)·dZ1 Xᵀ`` is the update
``c ← (1 − αλ/m)·c``, ``A ← (1 − αλ/m)·A − (α/m)·dZ1``.  Then

    Z1 = c·(W1⁰ X) + A (XᵀX) + b1              costs n1·m² per step

once ``W1⁰ X`` and the Gram matrix ``XᵀX`` are computed (once), and the L2 term
is ``‖W1‖² = c²‖W1⁰‖² + 2c⟨W1⁰X, A⟩ + ⟨A XᵀX, A⟩``.  The iterates are the same
up to rounding: lab 3.3's two curves come out within 2.1e-13 (relative) of the
published ones over 2500 iterations, 1.2 s against 10.6 s on 2 cores.  Validation
data is evaluated in the same form (``W1 X_val`` from ``XᵀX_val``, computed once).
``W1`` itself is written back (one ``n1·n_x·m`` product) before every callback,
when the validation cost reaches a new best and when training ends; when a
callback changes it, the form restarts from the changed weights.

Only plain gradient descent has this form: momentum's velocity would need the
same bookkeeping, and Adam's per-coordinate scaling leaves the span.
"""

from __future__ import annotations

import numpy as np

from .network import Network

Array = np.ndarray


def worthwhile(n_x: int, m: int, n_1: int, epochs: int) -> bool:
    """Use the dual form when inputs are wide (``2m ≤ n_x``) and the run is long
    enough to pay for ``XᵀX`` (``n_x·m²``, about ``m / (2·n1)`` plain steps)."""
    return 2 * m <= n_x and epochs * n_1 >= m


class DualFirstLayer:
    """The first layer's weights as ``W1 = c·W1⁰ + A Xᵀ`` during full-batch GD.

    Parameters
    ----------
    net : the network being trained; its current ``W1`` is ``W1⁰``.
    X : inputs of shape (n_x, m).
    """

    def __init__(self, net: Network, X: Array, X_val: Array | None = None) -> None:
        self.net = net
        self.X = X
        self.G = X.T @ X  # (m, m)
        self.X_val = X_val
        if X_val is not None:
            self.G_val = X.T @ X_val  # (m, m_val): validation costs n1·m·m_val, too
        self.restart()

    def restart(self) -> None:
        """Take the network's current ``W1`` as the new ``W1⁰`` (``c = 1``, ``A = 0``):
        after something other than the steps (a callback) has changed it."""
        self.W0 = self.net.layers[0].W.copy()  # (n1, n_x)
        self.P0 = self.W0 @ self.X  # (n1, m)
        self.w0_sq = float(np.vdot(self.W0, self.W0))
        self.A = np.zeros_like(self.P0)  # (n1, m)
        self.c = 1.0
        self._AG = np.zeros_like(self.P0)
        if self.X_val is not None:
            self.P0_val = self.W0 @ self.X_val  # (n1, m_val)

    def z1(self) -> Array:
        """``Z1 = c·W1⁰X + A XᵀX + b1``, of shape (n1, m)."""
        np.matmul(self.A, self.G, out=self._AG)  # (n1, m) @ (m, m)
        Z = self.c * self.P0
        Z += self._AG
        Z += self.net.layers[0].b
        return Z

    def z1_val(self) -> Array:
        """``W1 X_val + b1 = c·W1⁰X_val + A XᵀX_val + b1``, of shape (n1, m_val)."""
        Z = self.c * self.P0_val
        Z += self.A @ self.G_val
        Z += self.net.layers[0].b
        return Z

    def weights_sq(self, fresh: bool = False) -> float:
        """``‖W1‖²`` of the current weights: after :meth:`z1` of this step, or
        ``fresh`` (one more ``A XᵀX``) after the step has moved them."""
        AG = self.A @ self.G if fresh else self._AG
        return (
            self.c**2 * self.w0_sq
            + 2 * self.c * float(np.vdot(self.P0, self.A))
            + float(np.vdot(AG, self.A))
        )

    def step(self, dZ1: Array, learning_rate: float, l2: float, m: int) -> None:
        """One gradient-descent step of ``W1`` from ``dZ1`` (of shape (n1, m))."""
        shrink = 1.0 - learning_rate * l2 / m
        if shrink != 1.0:
            self.c *= shrink
            self.A *= shrink
        self.A -= (learning_rate / m) * dZ1

    def write_back(self) -> None:
        """Store ``W1 = c·W1⁰ + A Xᵀ`` in the network."""
        W1 = self.net.layers[0].W
        np.matmul(self.A, self.X.T, out=W1)  # (n1, m) @ (m, n_x)
        W1 += self.c * self.W0
