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

:class:`DualDense` has the methods of :class:`~neuronlab.layers.Dense`, so the
network's forward and backward passes run unchanged over it: the training loop
swaps it in for the first layer for the duration of a fit.

Only plain gradient descent has this form: momentum's velocity would need the
same bookkeeping, and Adam's per-coordinate scaling leaves the span.
"""

from __future__ import annotations

import numpy as np

from neuronlab.layers import Dense

Array = np.ndarray


def worthwhile(n_x: int, m: int, n_1: int, epochs: int) -> bool:
    """Use the dual form when inputs are wide (``2m ≤ n_x``) and the run is long
    enough to pay for ``XᵀX`` (``n_x·m²``, about ``m / (2·n1)`` plain steps)."""
    return 2 * m <= n_x and epochs * n_1 >= m


class DualDense:
    """A first layer whose weights are held as ``W1 = c·W1⁰ + A Xᵀ`` during full-batch GD.

    Same interface as :class:`~neuronlab.layers.Dense` (``W``, ``b``, ``linear``,
    ``forward``, ``backward_params``, ``backward_input``, ``squared_norm``); the
    bias, its gradient and the activation are the wrapped layer's own, and ``W``
    is written back when read.  ``linear`` recognises
    the training inputs ``X`` and the validation inputs ``X_val`` (by identity) and
    computes them from ``XᵀX`` and ``XᵀX_val``; any other input is computed from the
    written-back weights.  Gradient descent moves ``W1`` through :meth:`step`, not
    through the flat gradient (``dW1`` is never formed).

    Parameters
    ----------
    dense : the network's first layer; its current ``W`` is ``W1⁰``.
    X : training inputs of shape (n_x, m).
    X_val : validation inputs of shape (n_x, m_val), or None.
    """

    def __init__(self, dense: Dense, X: Array, X_val: Array | None = None) -> None:
        self.dense = dense
        self.b, self.db, self.activation = dense.b, dense.db, dense.activation
        self.X = X
        self.G = X.T @ X  # (m, m)
        self.X_val = X_val
        if X_val is not None:
            self.G_val = X.T @ X_val  # (m, m_val): validation costs n1·m·m_val, too
        self.restart()

    def restart(self) -> None:
        """Take the wrapped layer's current ``W`` as the new ``W1⁰`` (``c = 1``, ``A = 0``):
        after something other than the steps (a callback) has changed it."""
        self.W0 = self.dense.W.copy()  # (n1, n_x)
        self.P0 = self.W0 @ self.X  # (n1, m)
        self.w0_sq = float(np.vdot(self.W0, self.W0))
        self.A = np.zeros_like(self.P0)  # (n1, m)
        self.c = 1.0
        self._AG = np.zeros_like(self.P0)  # A XᵀX, current while _AG_current
        self._AG_current = True
        self._dZ_m: Array | None = None
        if self.X_val is not None:
            self.P0_val = self.W0 @ self.X_val  # (n1, m_val)

    # ------------------------------------------------------------ Dense's interface
    @property
    def W(self) -> Array:
        """The current ``W1`` (written back into the wrapped layer first)."""
        self.write_back()
        return self.dense.W

    def linear(self, A_prev: Array) -> Array:
        """``Z1 = W1 A_prev + b1``: ``c·W1⁰X + A XᵀX + b1`` for the training inputs,
        ``c·W1⁰X_val + A XᵀX_val + b1`` for the validation inputs."""
        if A_prev is self.X:
            np.matmul(self.A, self.G, out=self._AG)  # (n1, m) @ (m, m)
            self._AG_current = True
            Z = self.c * self.P0
            Z += self._AG
        elif self.X_val is not None and A_prev is self.X_val:
            Z = self.c * self.P0_val
            Z += self.A @ self.G_val  # (n1, m) @ (m, m_val)
        else:
            Z = self.W @ A_prev  # (n1, n_x) @ (n_x, k)
        Z += self.b
        return Z

    def forward(self, A_prev: Array) -> tuple[Array, Array]:
        """``(Z, A)`` with ``A = g(Z)``."""
        Z = self.linear(A_prev)
        return Z, self.activation.forward(Z)

    def backward_params(self, dZ_m: Array, A_prev: Array, m: float, l2: float) -> None:
        """Write ``db1 = Σ_cols dZ1 / m`` and keep ``dZ_m = dZ1 / m`` for :meth:`step`
        (``dW1 = dZ1 Xᵀ / m`` is what the dual form never computes)."""
        self._dZ_m = dZ_m
        np.add.reduce(dZ_m, axis=1, keepdims=True, out=self.db)  # (n1, 1)

    def backward_input(self, dZ: Array) -> Array:
        """``dA_prev = W1ᵀ dZ``, from the written-back weights."""
        return self.W.T @ dZ  # (n_x, n1) @ (n1, m)

    def squared_norm(self) -> float:
        """``‖W1‖² = c²‖W1⁰‖² + 2c⟨W1⁰X, A⟩ + ⟨A XᵀX, A⟩`` of the current weights."""
        if not self._AG_current:  # the last step moved A since linear(X)
            self._AG = self.A @ self.G
            self._AG_current = True
        return (
            self.c**2 * self.w0_sq
            + 2 * self.c * float(np.vdot(self.P0, self.A))
            + float(np.vdot(self._AG, self.A))
        )

    # ------------------------------------------------------------------- its own
    def step(self, learning_rate: float, l2: float, m: int) -> None:
        """One gradient-descent step of ``W1`` from the last backward pass's ``dZ1``:
        ``c ← (1 − αλ/m)·c``, ``A ← (1 − αλ/m)·A − (α/m)·dZ1``."""
        if self._dZ_m is None:
            raise RuntimeError("DualDense.step: no backward pass since the last step")
        shrink = 1.0 - learning_rate * l2 / m
        if shrink != 1.0:
            self.c *= shrink
            self.A *= shrink
        # dZ1 = m·dZ_m, as the published runs computed it: the last bits stay theirs
        self.A -= (learning_rate / m) * (self._dZ_m * m)
        self._dZ_m = None
        self._AG_current = False

    def write_back(self) -> None:
        """Store ``W1 = c·W1⁰ + A Xᵀ`` in the wrapped layer (and so in ``theta``)."""
        W1 = self.dense.W
        np.matmul(self.A, self.X.T, out=W1)  # (n1, m) @ (m, n_x)
        W1 += self.c * self.W0
