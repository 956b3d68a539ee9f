"""Gradient checking: compare backprop's gradient with finite differences.

Both checks return the labs' relative difference

    ||g - g_approx||₂ / (||g||₂ + ||g_approx||₂)

which is ~1e-7 or smaller for a correct float64 gradient (ε = 1e-7) and of
order 1 for a wrong one.

* :func:`check` — the exact check: a two-sided difference
  ``(J(θ + ε eᵢ) − J(θ − ε eᵢ)) / 2ε`` for *every* coordinate.  It is made
  fast by recomputing only what a coordinate changes: perturbing ``W_l[i, j]``
  or ``b_l[i]`` changes row ``i`` of ``Z_l`` by ``ε·A_{l-1}[j]`` (or ``ε``), so
  the layers before ``l`` are reused, layer ``l`` costs one row, and layer
  ``l+1`` a rank-one update — all perturbations of a row are evaluated
  together as one 3-D batch.
* :func:`check_fast` — for big nets: for every parameter array (``W1``,
  ``b1``, …) compare directional derivatives along two directions supported
  on that array only (the analytic gradient's own direction and a random
  one).  A wrong array is caught however small it is next to the others, for
  ``4·L`` cost evaluations in all.

Checks run in float64: in float32 a finite difference with ε = 1e-7 is noise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from neuronlab import _validation as v
from neuronlab.initializers import RNG, make_rng
from neuronlab.network import Network

Array = np.ndarray

#: The gradient-checking lab's verdict threshold (2021+ version).
THRESHOLD = 2e-7


def relative_difference(grad: Array, grad_approx: Array) -> float:
    """``||g − g_approx|| / (||g|| + ||g_approx||)`` (0.0 when both are zero)."""
    num = np.linalg.norm(np.ravel(grad) - np.ravel(grad_approx))
    den = np.linalg.norm(np.ravel(grad)) + np.linalg.norm(np.ravel(grad_approx))
    return float(num / den) if den > 0 else 0.0


def numerical_gradient(f: Callable[[Array], float], theta: Array, epsilon: float = 1e-7) -> Array:
    """Two-sided differences of ``f`` at ``theta`` for every coordinate.

    The plain, general version (``2·n`` evaluations of ``f``); ``theta`` is
    perturbed in place and restored.
    """
    grad = np.empty(theta.shape, dtype=np.float64)
    flat = theta.reshape(-1)
    out = grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + epsilon
        j_plus = f(theta)
        flat[i] = old - epsilon
        j_minus = f(theta)
        flat[i] = old
        out[i] = (j_plus - j_minus) / (2 * epsilon)
    return grad


def _prepare(
    net: Network, X: Any, Y: Any, l2: float, epsilon: float
) -> tuple[Network, Array, Array, float, float]:
    X, Y, l2 = net.check_inputs(X, Y, l2)
    eps = v.check_positive("epsilon", epsilon)
    if net.dtype != np.float64:
        net64 = Network.from_parameters(
            {k: a.astype(np.float64) for k, a in net.parameters.items()},
            hidden_activation=list(net.activations[:-1]),
            output_activation=net.activations[-1],
            loss=net.loss,
        )
        return net64, X.astype(np.float64), Y.astype(np.float64), l2, eps
    return net, X, Y, l2, eps


def _fixed_mask_cost(
    net: Network, X: Array, Y: Array, l2: float, keep: tuple[float, ...] | None, seed: int
) -> Callable[[Array], float]:
    """``J(θ)`` with the same dropout masks at every call (else J is random)."""

    def f(theta: Array) -> float:
        if keep is None:
            return net.loss_at(X, Y, l2)
        _, caches = net.forward(X, keep, np.random.default_rng(seed))
        return net.cost_of(caches, Y, l2)

    return f


def check(
    net: Network,
    X: Any,
    Y: Any,
    l2: float = 0.0,
    epsilon: float = 1e-7,
    keep_prob: float | Sequence[float] = 1.0,
    seed: int = 0,
    return_gradients: bool = False,
) -> Any:
    """The exact check over every parameter; returns the relative difference.

    With ``keep_prob < 1`` the dropout masks are drawn from ``seed`` afresh for
    every evaluation, so that ``J`` is a deterministic function of ``θ``.
    With ``return_gradients`` returns ``(difference, grad, grad_approx)``.
    """
    net, X, Y, l2, eps = _prepare(net, X, Y, l2, epsilon)
    keep = v.check_keep_prob(keep_prob, net.n_layers - 1)
    keep_arg = keep if any(k < 1 for k in keep) else None
    # an integer: the masks must be drawn afresh, identically, for every evaluation
    # (a Generator would hand each evaluation new masks and make J random)
    seed = v.check_int("seed", seed)
    _, grad = net.loss_and_grad(X, Y, l2, keep_arg, np.random.default_rng(seed))
    grad = grad.copy()
    saved = net.theta.copy()
    try:
        if keep_arg is None and all(a.elementwise for a in net.activations[:-1]):
            approx = _incremental_numerical_gradient(net, X, Y, l2, eps)
        else:
            approx = numerical_gradient(
                _fixed_mask_cost(net, X, Y, l2, keep_arg, seed), net.theta, eps
            )
    finally:
        net.theta[:] = saved
    diff = relative_difference(grad, approx)
    return (diff, grad, approx) if return_gradients else diff


def _incremental_numerical_gradient(
    net: Network, X: Array, Y: Array, l2: float, eps: float, max_elements: int = 1 << 21
) -> Array:
    """Two-sided differences for every coordinate, recomputing only what changes."""
    m = X.shape[1]
    L = net.n_layers
    # Unperturbed forward: inputs A[l] of layer l (A[0] = X) and pre-activations Z[l].
    A: list[Array] = [X]
    Z: list[Array] = []
    for layer in net.layers:
        Z.append(layer.linear(A[-1]))
        A.append(layer.activation.forward(Z[-1]))
    base_penalty = net.penalty(l2, m)
    approx = np.empty(net.layout.size)
    views = net.layout.views(approx)

    def cost_of_logits(ZL: Array) -> float:
        return net.output_cost(ZL, Y)

    def finish(l: int, Znext: Array) -> Array:
        """Costs (without L2) of a batch ``Znext`` (c, n_{l+1}, m) of layer-l+1 inputs."""
        for k in range(l + 1, L - 1):
            layer = net.layers[k]
            Znext = (
                np.matmul(net.layers[k + 1].W, layer.activation.forward(Znext))
                + net.layers[k + 1].b
            )
        return np.array([cost_of_logits(z) for z in Znext])

    for l, layer in enumerate(net.layers):
        n_out, n_in = layer.W.shape
        inputs = np.vstack([A[l], np.ones((1, m))])  # (n_in + 1, m): W row i, then b_i
        width = n_out if l == L - 1 else net.layers[l + 1].W.shape[0]
        chunk = max(1, max_elements // (width * m))
        col = np.empty((n_out, n_in + 1))
        for i in range(n_out):
            for start in range(0, n_in + 1, chunk):
                P = inputs[start : start + chunk]  # (c, m)
                costs = []
                for sign in (1.0, -1.0):
                    zrow = Z[l][i] + (sign * eps) * P  # (c, m): row i of Z_l, perturbed
                    if l == L - 1:
                        ZL = np.broadcast_to(Z[l], (len(P), *Z[l].shape)).copy()
                        ZL[:, i, :] = zrow
                        costs.append(np.array([cost_of_logits(z) for z in ZL]))
                    else:
                        dA = layer.activation.forward(zrow) - A[l + 1][i]  # (c, m)
                        w_col = net.layers[l + 1].W[:, i]  # (n_{l+1},)
                        Znext = Z[l + 1] + w_col[None, :, None] * dA[:, None, :]
                        costs.append(finish(l, Znext))
                col[i, start : start + len(P)] = (costs[0] - costs[1]) / (2 * eps)
        # L2 term: only W moves it; ((w+ε)² − (w−ε)²)·λ/(2m) / 2ε = λ w / m
        # is evaluated as a difference too, like every other term.
        if l2:
            W = layer.W
            plus = base_penalty + l2 / (2 * m) * ((W + eps) ** 2 - W**2)
            minus = base_penalty + l2 / (2 * m) * ((W - eps) ** 2 - W**2)
            col[:, :n_in] += (plus - minus) / (2 * eps)
        views[f"W{l + 1}"][...] = col[:, :n_in]
        views[f"b{l + 1}"][...] = col[:, n_in:]
    return approx


def check_fast(
    net: Network, X: Any, Y: Any, l2: float = 0.0, seed: int | RNG | None = 0, epsilon: float = 1e-6
) -> float:
    """Directional-derivative check per parameter array; returns the worst
    relative difference over the arrays.

    For each array ``P`` (``W1``, ``b1``, …) take two unit directions ``u``
    that are zero outside ``P`` — the normalised analytic ``dP`` and a random
    Gaussian one — and compare ``a = g·u`` with
    ``n = (J(θ+εu) − J(θ−εu)) / 2ε``; the array's difference is
    ``||a − n|| / (||a|| + ||n||)`` over its two directions.

    * Each array is judged on its own, so a wrong small array (a bias) is not
      drowned by a right big one.
    * Along the analytic direction ``g·u = ||dP||``, as large as it can be, so
      a gradient scaled by ``k`` shows a difference ``|k−1|/(k+1)``; the
      random direction catches errors that keep that length.
    * A difference within the rounding error of the finite difference
      (``~ 64·eps·|J| / ε``) counts as zero: an array whose gradient is
      exactly zero would otherwise compare noise with noise.
    """
    net, X, Y, l2, eps = _prepare(net, X, Y, l2, epsilon)
    rng = make_rng(seed)
    cost, grad = net.loss_and_grad(X, Y, l2)
    grad = grad.copy()
    saved = net.theta.copy()
    noise = 64 * np.finfo(np.float64).eps * max(abs(cost), 1.0) / eps
    worst = 0.0
    try:
        for sl in net.layout.slices().values():
            g = grad[sl]
            directions = [g.copy(), rng.standard_normal(g.size)]
            analytic, numeric = [], []
            for u in directions:
                norm = np.linalg.norm(u)
                if norm == 0:
                    continue
                u /= norm
                net.theta[sl] = saved[sl] + eps * u
                j_plus = net.loss_at(X, Y, l2)
                net.theta[sl] = saved[sl] - eps * u
                j_minus = net.loss_at(X, Y, l2)
                net.theta[sl] = saved[sl]
                numeric.append((j_plus - j_minus) / (2 * eps))
                analytic.append(float(g @ u))
            a, n = np.array(analytic), np.array(numeric)
            excess = max(0.0, float(np.linalg.norm(a - n)) - noise)
            if excess > 0:
                worst = max(worst, excess / (np.linalg.norm(a) + np.linalg.norm(n)))
    finally:
        net.theta[:] = saved
    return float(worst)


def random_problem(
    net: Network, m: int, seed: int | np.random.Generator | None = 0
) -> tuple[Array, Array]:
    """``m`` random examples for checking ``net``: ``X`` of shape (n_x, m) and targets
    ``Y`` that fit its loss (0/1 labels, class indices or real values).

    The biases are redrawn too, **in place** (``N(0, 0.1²)``): random biases keep the
    units' ``Z`` away from ReLU's kink at 0, where there is no derivative to check.
    """
    rng = np.random.default_rng(seed)
    m = v.check_int("m", m, minimum=1)
    X = rng.standard_normal((net.layer_dims[0], m))
    for name, p in net.parameters.items():
        if name.startswith("b"):
            p[...] = rng.standard_normal(p.shape) * 0.1
    n_out = net.layer_dims[-1]
    if net.loss.name == "categorical_cross_entropy":
        return X, rng.integers(0, n_out, (1, m))
    if net.loss.name == "binary_cross_entropy":
        return X, (rng.random((n_out, m)) > 0.5).astype(float)
    return X, rng.standard_normal((n_out, m))
