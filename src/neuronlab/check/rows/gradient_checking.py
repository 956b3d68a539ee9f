"""3.6 Gradient checking: the graded functions, their inputs and known mistakes.

Graded in every course version: the 1-D ``forward_propagation``, ``backward_propagation``
and ``gradient_check``, and ``gradient_check_n``. The notebook's ``forward_propagation_n``
and ``backward_propagation_n`` are given (the latter with two planted bugs for the learner
to find) and not graded; ``gradient_check_n`` gets its gradients as an argument, so the
cases hand it gradients of their own — the course's bugged ones, correct ones, or others.

A correct check's difference is a rounding error (~1e-10 in 1-D, where J = θx is linear),
so it only tells a right formula from a wrong one where the wrong one is far from 0: the
cases use steps ε large enough (1e-3) that a one-sided difference shows its O(ε) error,
and gradients with a bug, whose difference (~0.3) shows what the norms are divided by.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from neuronlab.check.cases import RNG, Array, Case, Graded, Mistake, labels


def _pairs(rng: RNG) -> list[tuple[float, float]]:
    """Random (x, θ), |x| ≥ 0.5 (the difference divides by ‖x‖) and |θ| ≤ 5 (so the
    rounding error of θ ± ε stays far below the tolerance)."""
    out = []
    for _ in range(3):
        x = float(rng.uniform(0.5, 5.0) * rng.choice([-1, 1]))
        out.append((round(x, 3), round(float(rng.uniform(-5, 5)), 3)))
    return out


def _forward_cases(rng: RNG) -> list[Case]:
    out = [Case((2, 4), "the course's test case: x = 2, θ = 4", published=True)]
    return out + [Case(pair, f"x = {pair[0]}, θ = {pair[1]}") for pair in _pairs(rng)]


def _backward_cases(rng: RNG) -> list[Case]:
    out = [
        Case((2, 4), "the course's test case (2021): x = 2, θ = 4", published=True),
        Case((3, 4), "the course's test case (2023): x = 3, θ = 4", published=True),
    ]
    return out + [Case(pair, f"x = {pair[0]}, θ = {pair[1]}") for pair in _pairs(rng)]


def _gradient_check_cases(rng: RNG) -> list[Case]:
    out = [
        Case((2, 4), "the course's test case (2021): x = 2, θ = 4", published=True),
        Case((3, 4), "the course's test case (2023): x = 3, θ = 4", published=True),
    ]
    for pair, eps in zip(_pairs(rng), (1e-7, 1e-5, 1e-3)):
        out.append(Case((*pair, eps), f"x = {pair[0]}, θ = {pair[1]}, epsilon = {eps:g}"))
    return out


def _formula(kind: str, grad: Array, J_plus: Array, J_minus: Array, J: Any, eps: float) -> Any:
    """The check's difference computed the right way, or with one of the known mistakes."""
    approx = {
        "one-sided": lambda: (J_plus - J) / eps,
        "not-doubled": lambda: (J_plus - J_minus) / eps,
        "reversed": lambda: (J_minus - J_plus) / (2 * eps),
    }.get(kind, lambda: (J_plus - J_minus) / (2 * eps))()
    numerator = np.linalg.norm(grad - approx)
    if kind == "numerator":
        return numerator
    if kind == "norm-of-sum":
        return numerator / np.linalg.norm(grad + approx)
    return numerator / (np.linalg.norm(grad) + np.linalg.norm(approx))


def _check_1d(kind: str) -> Callable[..., Any]:
    def wrong(x: Any, theta: Any, epsilon: float = 1e-7, print_msg: bool = False) -> Any:
        J = lambda th: th * x  # noqa: E731 — the 1-D "network"
        return _formula(kind, x, J(theta + epsilon), J(theta - epsilon), J(theta), epsilon)

    return wrong


def _network_inputs(rng: RNG, m: int, bugs: bool) -> tuple[Any, ...]:
    from neuronlab.labs.gradient_checking import LAYOUT, backward_propagation_n
    from neuronlab.labs.gradient_checking import forward_propagation_n as forward

    X, Y = rng.randn(4, m), labels(rng, m)
    parameters = {k: rng.randn(*shape) for k, shape in zip(LAYOUT.names, LAYOUT.shapes)}
    gradients = backward_propagation_n(X, Y, forward(X, Y, parameters)[1], planted_bugs=bugs)
    return parameters, gradients, X, Y


def _gradient_check_n_cases(rng: RNG) -> list[Case]:
    from neuronlab.labs.gradient_checking import backward_propagation_n, gradient_check_n_test_case
    from neuronlab.labs.gradient_checking import forward_propagation_n as forward

    X, Y, parameters = gradient_check_n_test_case()
    cache = forward(X, Y, parameters)[1]
    bugged = backward_propagation_n(X, Y, cache, planted_bugs=True)
    fixed = backward_propagation_n(X, Y, cache)
    out = [
        Case(
            (parameters, bugged, X, Y, 1e-7),
            "the course's test case, with the gradients of its backward_propagation_n "
            "(two planted bugs)",
            published=True,
            m=3,
        ),
        Case(
            (parameters, fixed, X, Y, 1e-7),
            "the course's test case, with backward_propagation_n's bugs fixed",
            m=3,
        ),
    ]
    m = int(rng.randint(4, 8))
    out.append(
        Case(
            (*_network_inputs(rng, m, bugs=False), 1e-3),
            f"random parameters, X (4, {m}), right gradients, epsilon = 0.001",
            m=m,
        )
    )
    m = int(rng.randint(8, 14))
    out.append(
        Case(
            (*_network_inputs(rng, m, bugs=True), 1e-5),
            f"random parameters, X (4, {m}), gradients with the course's two bugs, epsilon = 1e-05",
            m=m,
        )
    )
    return out


def _check_n(kind: str) -> Callable[..., Any]:
    def wrong(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
        from neuronlab.labs.gradient_checking import (
            dictionary_to_vector,
            forward_propagation_n,
            gradients_to_vector,
            vector_to_dictionary,
        )

        theta = dictionary_to_vector(parameters)[0]
        J = lambda th: forward_propagation_n(X, Y, vector_to_dictionary(th))[0]  # noqa: E731
        shifted = {}
        for sign in (1, -1):
            costs = []
            for i in range(theta.shape[0]):
                moved = theta.copy()
                moved[i] += sign * epsilon
                costs.append(J(moved))
            shifted[sign] = np.array(costs).reshape(-1, 1)
        grad = gradients_to_vector(gradients)
        return _formula(kind, grad, shifted[1], shifted[-1], J(theta), epsilon)

    return wrong


_FORMULAS = ("one-sided", "not-doubled", "numerator", "norm-of-sum")

GRADED = [
    Graded("forward_propagation", _forward_cases),
    Graded("backward_propagation", _backward_cases),
    Graded(
        "gradient_check",
        _gradient_check_cases,
        # J = θx is linear: a one-sided difference is exact, and a difference without its
        # denominator is a rounding error too; only these mistakes show in 1-D.
        (
            Mistake("gradcheck-formula", _check_1d("not-doubled")),
            Mistake("sign", _check_1d("reversed")),
        ),
    ),
    Graded(
        "gradient_check_n",
        _gradient_check_n_cases,
        (
            *(Mistake("gradcheck-formula", _check_n(kind)) for kind in _FORMULAS),
            Mistake("sign", _check_n("reversed")),
        ),
    ),
]
