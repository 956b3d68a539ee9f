"""3.8 Digits (ex4, 400-25-10, one example per row): the graded functions and known mistakes.

The learner's functions are the Python port's math (REFERENCE §8): ``expand_y``,
``serialize``/``deserialize``, ``feed_forward``, ``cost``, ``regularized_cost``,
``sigmoid_gradient``, ``random_init``, ``gradient``, ``regularized_gradient`` and
``gradient_checking``. Not graded: the loaders (``load_mat``, ``load_weight``: file reading,
and the data is not needed), the figures (``plot_100_images``, ``plot_hidden``), and
``nn_training``/``accuracy``, which hand the learner's cost and gradient to SciPy's TNC and
scikit-learn's report — no math of the learner's beyond the graded functions, and a
10285-parameter training is no quick check.

The port's ``deserialize`` hard-codes the 400-25-10 shapes, so every case has a ``theta``
of 10285 numbers, ``X`` of shape (m, 401) with its bias column and one-hot ``y`` (m, 10);
m, the values, λ and ε vary. The course publishes no test case for this lab (its published
costs need ``ex4data1.mat``), so every case is drawn from the seed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from neuronlab.check.cases import RNG, Array, Case, Graded, Mistake

N_IN, HIDDEN, K = 400, 25, 10
SPLIT = HIDDEN * (N_IN + 1)  # 10025: Theta1's entries come first
SIZE = SPLIT + K * (HIDDEN + 1)  # 10285


def _problem(rng: RNG, m: int, scale: float = 0.12) -> tuple[Array, Array, Array]:
    """``(theta (10285,), X (m, 401) with its bias column, y one-hot (m, 10))``: pixels in
    [0, 1), weights uniform on ±scale, every label 1 … 10 possible."""
    theta = rng.uniform(-scale, scale, SIZE)
    X = np.hstack([np.ones((m, 1)), rng.rand(m, N_IN)])
    y = np.zeros((m, K))
    y[np.arange(m), rng.randint(0, K, m)] = 1
    return theta, X, y


def _sizes(rng: RNG) -> list[int]:
    return [2, 5, int(rng.randint(6, 16))]


def _theta(theta: Any) -> tuple[Array, Array]:
    """``(Theta1 (25, 401), Theta2 (10, 26))``, views of ``theta``."""
    theta = np.asarray(theta, dtype=np.float64)
    return theta[:SPLIT].reshape(HIDDEN, N_IN + 1), theta[SPLIT:].reshape(K, HIDDEN + 1)


# ------------------------------------------------------------------ expand_y, (de)serialize
def _expand_y_cases(rng: RNG) -> list[Case]:
    out = [Case((np.array([10, 1, 5]),), "y = [10, 1, 5] (label 10 is the digit 0)")]
    for m in (7, int(rng.randint(12, 40))):
        y = rng.randint(1, K + 1, m)
        y[rng.randint(m)] = 10
        out.append(Case((y,), f"y of {m} labels in 1 … 10"))
    return out


def _serialize_cases(rng: RNG) -> list[Case]:
    out = []
    for s in (0.5, 1.0):
        t1, t2 = (t.copy() for t in _theta(rng.uniform(-s, s, SIZE)))
        out.append(Case((t1, t2), f"Theta1 (25, 401), Theta2 (10, 26), entries in ±{s}"))
    return out


def _deserialize_cases(rng: RNG) -> list[Case]:
    return [Case((rng.uniform(-s, s, SIZE),), f"theta of 10285 entries in ±{s}") for s in (1, 3)]


def _column_major(a: Any, b: Any) -> Array:
    """Octave's unrolling (column by column), not the port's (row by row)."""
    return np.concatenate([np.ravel(a, order="F"), np.ravel(b, order="F")])


def _deserialize_column_major(seq: Any) -> tuple[Array, Array]:
    seq = np.asarray(seq)
    return (
        seq[:SPLIT].reshape((HIDDEN, N_IN + 1), order="F"),
        seq[SPLIT:].reshape((K, HIDDEN + 1), order="F"),
    )


# ------------------------------------------------------------------- forward and cost
def _forward_cases(rng: RNG) -> list[Case]:
    out = []
    for m, scale in zip(_sizes(rng), (0.12, 0.5, 1.0)):
        theta, X, _ = _problem(rng, m, scale)
        out.append(Case((theta, X), f"X ({m}, 401), theta in ±{scale}", m=m))
    return out


def _sigmoid(z: Any) -> Any:
    return 1 / (1 + np.exp(-z))


def _forward_variant(hidden: Callable[[Array], Array], output: Callable[[Array], Array]) -> Any:
    def wrong(theta: Any, X: Any) -> tuple[Array, ...]:
        t1, t2 = _theta(theta)
        z2 = X @ t1.T
        a2 = np.hstack([np.ones((X.shape[0], 1)), hidden(z2)])
        z3 = a2 @ t2.T
        return X, z2, a2, z3, output(z3)

    return wrong


def _cost_cases(rng: RNG) -> list[Case]:
    out = []
    for m, scale in zip(_sizes(rng), (0.12, 0.5, 1.0)):
        out.append(Case(_problem(rng, m, scale), f"X ({m}, 401), theta in ±{scale}", m=m))
    return out


def _regularized_cost_cases(rng: RNG) -> list[Case]:
    out = [Case(_problem(rng, 3, 0.3), "X (3, 401), theta in ±0.3, l left at its default", m=3)]
    for m, lam in zip(_sizes(rng)[1:], (0.5, float(rng.choice([2.0, 3.0, 10.0])))):
        out.append(Case((*_problem(rng, m, 0.3), lam), f"X ({m}, 401), l = {lam}", m=m))
    return out


def _penalty(theta: Any, factor: float, bias: bool = False) -> float:
    """``factor · Σ Θ²`` over the weights (and the bias columns too when ``bias``)."""
    t1, t2 = _theta(theta)
    first = 0 if bias else 1
    return factor * float(np.sum(t1[:, first:] ** 2) + np.sum(t2[:, first:] ** 2))


def _regularized_cost_variant(scale: Callable[[float, int], float], bias: bool = False) -> Any:
    def wrong(theta: Any, X: Any, y: Any, l: float = 1) -> float:
        from neuronlab.labs.digits import cost

        return cost(theta, X, y) + _penalty(theta, scale(l, X.shape[0]), bias)

    return wrong


# ------------------------------------------------------------------ sigmoid_gradient, init
def _sigmoid_gradient_cases(rng: RNG) -> list[Case]:
    out = [
        Case((0,), "z = 0 (σ'(0) = 0.25)"),
        Case((np.array([-1.0, 0.5, 2.0]),), "z = [-1, 0.5, 2]"),
    ]
    return out + [Case((rng.randn(m, HIDDEN) * 2,), f"z of shape ({m}, 25)") for m in (3, 8)]


def _random_init_cases(rng: RNG) -> list[Case]:
    seeds = [int(s) for s in rng.randint(0, 10_000, 3)]
    sizes = (SIZE, 26, int(rng.randint(30, 500)))
    return [
        Case((n,), f"size = {n}, after np.random.seed({s})", seed=s) for n, s in zip(sizes, seeds)
    ]


# ----------------------------------------------------------------------- backprop
def _gradient_cases(rng: RNG) -> list[Case]:
    return _cost_cases(rng)


def _backprop(theta: Any, X: Any, y: Any, derivative: str = "z") -> tuple[Array, Array]:
    """``(Δ1/m, Δ2/m)``, with σ' taken from z2 (right) or from a2 (a known mistake)."""
    t1, t2 = _theta(theta)
    z2 = X @ t1.T
    a2 = np.hstack([np.ones((X.shape[0], 1)), _sigmoid(z2)])
    h = _sigmoid(a2 @ t2.T)
    d3 = h - y
    inner = z2 if derivative == "z" else a2[:, 1:]
    d2 = (d3 @ t2)[:, 1:] * _sigmoid(inner) * (1 - _sigmoid(inner))
    m = X.shape[0]
    return d2.T @ X / m, d3.T @ a2 / m


def _gradient_from_activation(theta: Any, X: Any, y: Any) -> Array:
    d1, d2 = _backprop(theta, X, y, derivative="a")
    return np.concatenate([d1.ravel(), d2.ravel()])


def _gradient_transposed(theta: Any, X: Any, y: Any) -> Array:
    """Δ as ``aᵀ·δ`` (shape (401, 25)), unrolled like Θ: the entries land out of place."""
    d1, d2 = _backprop(theta, X, y)
    return np.concatenate([d1.T.ravel(), d2.T.ravel()])


def _regularized_gradient_cases(rng: RNG) -> list[Case]:
    return _regularized_cost_cases(rng)


def _regularized_gradient_variant(scale: Callable[[float, int], float], bias: bool) -> Any:
    def wrong(theta: Any, X: Any, y: Any, l: float = 1) -> Array:
        from neuronlab.labs.digits import gradient

        t1, t2 = (t.copy() for t in _theta(theta))
        if not bias:
            t1[:, 0] = 0
            t2[:, 0] = 0
        factor = scale(l, X.shape[0])
        return gradient(theta, X, y) + factor * np.concatenate([t1.ravel(), t2.ravel()])

    return wrong


# ---------------------------------------------------------------- gradient_checking
def _gradient_checking_cases(rng: RNG) -> list[Case]:
    # One case: the learner's check costs 2 × 10285 evaluations of their cost. ε = 0.01,
    # not the lab's 1e-4: the difference is then a truncation error (~1e-6), the same for
    # any right implementation, and each known mistake gives a value of its own; with
    # ε = 1e-4 it is a rounding error (< 1e-9), and a difference without its denominator
    # or with a reversed sign could not be told apart.
    theta, X, y = _problem(rng, 2)
    return [Case((theta, X, y, 0.01), "theta in ±0.12, X (2, 401), epsilon = 0.01", m=2)]


def _shifted_costs(theta: Array, X: Array, y: Array, delta: float, l: float) -> Array:
    """``J(θ + δ·e_i)`` for every coordinate i of θ (the lab's order), where J is the cost
    plus ``l/(2m)·ΣΘ²`` over the non-bias columns: only what a coordinate changes is
    recomputed (a hidden unit's column, or an output's), so the 10285 costs take
    milliseconds."""
    t1, t2 = _theta(theta)
    m = X.shape[0]

    def ce(h: Array, target: Array) -> Array:
        return -(target * np.log(h) + (1 - target) * np.log(1 - h))

    z2 = X @ t1.T
    a2 = np.hstack([np.ones((m, 1)), _sigmoid(z2)])
    z3 = a2 @ t2.T
    base = ce(_sigmoid(z3), y)  # (m, K)
    penalty = _penalty(theta, l / (2 * m))

    def moved_penalty(row: Array) -> Array:
        change = l / (2 * m) * ((row + delta) ** 2 - row**2)
        change[0] = 0.0  # the bias column is not penalised
        return penalty + change

    out = np.empty(SIZE)
    for j in range(HIDDEN):  # Theta1[j, k] moves hidden unit j's input by δ·X[:, k]
        a_new = _sigmoid(z2[:, j][:, None] + delta * X)  # (m, 401)
        z3_new = (
            z3[:, :, None]
            + t2[:, j + 1][None, :, None] * (a_new - a2[:, j + 1][:, None])[:, None, :]
        )  # (m, K, 401)
        costs = ce(_sigmoid(z3_new), y[:, :, None]).sum(axis=(0, 1)) / m
        out[j * (N_IN + 1) : (j + 1) * (N_IN + 1)] = costs + moved_penalty(t1[j])
    total = base.sum()
    for c in range(K):  # Theta2[c, d] moves output c's input by δ·a2[:, d]
        h_new = _sigmoid(z3[:, c][:, None] + delta * a2)  # (m, 26)
        costs = (total - base[:, c].sum() + ce(h_new, y[:, c][:, None]).sum(axis=0)) / m
        start = SPLIT + c * (HIDDEN + 1)
        out[start : start + HIDDEN + 1] = costs + moved_penalty(t2[c])
    return out


def _checking_variant(kind: str) -> Callable[..., Any]:
    def wrong(theta, X, y, epsilon, regularized=False, l=1, print_msg=True):
        from neuronlab.labs.digits import gradient, regularized_cost, regularized_gradient

        lam = l if regularized else 0
        J_plus = _shifted_costs(theta, X, y, epsilon, lam)
        J_minus = _shifted_costs(theta, X, y, -epsilon, lam)
        numeric = {
            "one-sided": lambda: (J_plus - regularized_cost(theta, X, y, lam)) / epsilon,
            "not-doubled": lambda: (J_plus - J_minus) / epsilon,
            "reversed": lambda: (J_minus - J_plus) / (2 * epsilon),
        }.get(kind, lambda: (J_plus - J_minus) / (2 * epsilon))()
        analytic = regularized_gradient(theta, X, y, l) if regularized else gradient(theta, X, y)
        numerator = np.linalg.norm(numeric - analytic)
        return numerator if kind == "numerator" else numerator / np.linalg.norm(numeric + analytic)

    return wrong


GRADED = [
    Graded("expand_y", _expand_y_cases),
    Graded("serialize", _serialize_cases, (Mistake("transposed", _column_major),)),
    Graded("deserialize", _deserialize_cases, (Mistake("transposed", _deserialize_column_major),)),
    Graded(
        "feed_forward",
        _forward_cases,
        (
            Mistake("wrong-activation", _forward_variant(lambda z: z, _sigmoid)),
            Mistake("wrong-activation", _forward_variant(_sigmoid, lambda z: z)),
            Mistake("wrong-activation", _forward_variant(np.tanh, _sigmoid)),
        ),
    ),
    Graded("cost", _cost_cases),
    Graded(
        "regularized_cost",
        _regularized_cost_cases,
        (
            Mistake("regularized-bias", _regularized_cost_variant(lambda l, m: l / (2 * m), True)),
            Mistake("l2-factor", _regularized_cost_variant(lambda l, m: l / m)),
            Mistake("missing-1/m", _regularized_cost_variant(lambda l, m: l / 2)),
        ),
    ),
    Graded(
        "sigmoid_gradient",
        _sigmoid_gradient_cases,
        (
            Mistake("activation-derivative", _sigmoid),
            Mistake("activation-derivative", lambda z: np.multiply(z, 1 - np.asarray(z))),
        ),
    ),
    Graded(
        "random_init",
        _random_init_cases,
        (
            Mistake("init-scale", lambda size: np.random.rand(size) * 0.12),
            Mistake("init-scale", lambda size: np.random.uniform(-1, 1, size)),
            Mistake("init-scale", lambda size: np.random.randn(size) * 0.12),
            Mistake(
                "init-scale",  # ε = √6 / √(L_in + L_out) = 0.1188 for 400-25, not the lab's 0.12
                lambda size: np.random.uniform(-np.sqrt(6 / 425), np.sqrt(6 / 425), size),
            ),
        ),
    ),
    Graded(
        "gradient",
        _gradient_cases,
        (
            Mistake("activation-derivative", _gradient_from_activation),
            Mistake("transposed", _gradient_transposed),
        ),
    ),
    Graded(
        "regularized_gradient",
        _regularized_gradient_cases,
        (
            Mistake("regularized-bias", _regularized_gradient_variant(lambda l, m: l / m, True)),
            Mistake("l2-factor", _regularized_gradient_variant(lambda l, m: l / (2 * m), False)),
            Mistake("missing-1/m", _regularized_gradient_variant(lambda l, m: l, False)),
        ),
    ),
    Graded(
        "gradient_checking",
        _gradient_checking_cases,
        (
            *(
                Mistake("gradcheck-formula", _checking_variant(kind))
                for kind in ("one-sided", "not-doubled", "numerator")
            ),
            Mistake("sign", _checking_variant("reversed")),
        ),
    ),
]
