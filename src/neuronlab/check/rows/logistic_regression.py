"""3.1 Logistic regression: the graded functions, their inputs and known mistakes."""

from __future__ import annotations

from typing import Any

import numpy as np

from neuronlab.check.cases import RNG, Case, Graded, Mistake, labels, seeded, sizes


def _sigmoid_cases(rng: RNG) -> list[Case]:
    out = [Case((np.array([0, 2]),), "the course's test case: z = [0, 2]", published=True)]
    out.append(Case((1,), "z = 1 (a Python number)"))
    out += [Case((rng.randn(*s) * 3,), f"random z of shape {s}") for s in [(3, 1), (4, 7)]]
    return out


def _zeros_cases(rng: RNG) -> list[Case]:
    out = [Case((3,), "the course's test case: dim = 3", published=True)]
    return out + [Case((d,), f"dim = {d}") for d in (1, 7, int(rng.randint(10, 40)))]


def _propagate_cases(rng: RNG) -> list[Case]:
    w, b = np.array([[1.0], [2.0], [-1]]), 2.5
    X = np.array([[1.0, 2.0, -1.0, 0], [3.0, 4.0, -3.2, 1], [3.0, 4.0, -3.2, -3.5]])
    out = [Case((w, b, X, np.array([[1, 1, 0, 0]])), "the course's test case", published=True, m=4)]
    for n, m in sizes(rng):
        args = (rng.randn(n, 1) * 0.5, float(rng.randn()), rng.randn(n, m), labels(rng, m))
        out.append(Case(args, f"random w ({n}, 1), X ({n}, {m})", m=m))
    return out


def _optimize_cases(rng: RNG) -> list[Case]:
    w, b = np.array([[1.0], [2.0]]), 2.0
    X, Y = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])
    kw = {"num_iterations": 101, "learning_rate": 0.1, "print_cost": False}
    out = [Case((w, b, X, Y), "the course's test case", kw, published=True, m=3)]
    for (n, m), its in zip(sizes(rng), (101, 150, 201)):
        args = (rng.randn(n, 1) * 0.1, 0.0, rng.randn(n, m), labels(rng, m))
        kw = {"num_iterations": its, "learning_rate": 0.05, "print_cost": False}
        out.append(Case(args, f"random X ({n}, {m}), {its} iterations", kw, m=m))
    return out


def _optimize_sign(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    from neuronlab.labs.logistic_regression import propagate

    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w, b = w + learning_rate * grads["dw"], b + learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs


def _predict_cases(rng: RNG) -> list[Case]:
    w, b = np.array([[0.3], [0.5], [-0.2]]), -0.33333
    X = np.array([[1.0, -0.3, 1.5], [2, 0, 1], [0, -1.5, 2]])
    out = [Case((w, b, X), "the course's test case", published=True, m=3)]
    for n, m in sizes(rng):
        out.append(Case((rng.randn(n, 1), float(rng.randn()), rng.randn(n, m)), f"X ({n}, {m})"))
    return out


def _model_cases(rng: RNG) -> list[Case]:
    def course() -> tuple[Any, ...]:
        X = np.random.randn(4, 7)
        return X, np.array([[1, 0, 0, 1, 0, 0, 1]]), np.random.randn(4, 3), np.array([0, 1, 0])

    kw = {"num_iterations": 50, "learning_rate": 0.01}
    out = [
        Case(seeded(0, course), "the course's test case (50 iterations)", kw, published=True, m=7)
    ]
    for n, m in sizes(rng, 2):
        args = (rng.randn(n, m), labels(rng, m), rng.randn(n, 4), labels(rng, 4))
        kw = {"num_iterations": 120, "learning_rate": 0.05}
        out.append(Case(args, f"random X_train ({n}, {m}), 120 iterations", kw, m=m))
    return out


def _sigmoid_sign(z: Any) -> Any:
    from neuronlab.labs.logistic_regression import sigmoid

    return sigmoid(-np.asarray(z))


def _propagate_axis(w, b, X, Y):
    from neuronlab.labs.logistic_regression import propagate, sigmoid

    grads, cost = propagate(w, b, X, Y)
    dz = sigmoid(np.dot(w.T, X) + b) - Y
    return {"dw": grads["dw"], "db": np.sum(dz, axis=0) / X.shape[1]}, cost


def _propagate_elementwise(w, b, X, Y):
    from neuronlab.labs.logistic_regression import propagate, sigmoid

    grads, cost = propagate(w, b, X, Y)
    dz = sigmoid(np.dot(w.T, X) + b) - Y
    return {"dw": X * dz / X.shape[1], "db": grads["db"]}, cost


GRADED = [
    Graded("sigmoid", _sigmoid_cases, (Mistake("sign", _sigmoid_sign),)),
    Graded("initialize_with_zeros", _zeros_cases),
    Graded(
        "propagate",
        _propagate_cases,
        (
            Mistake("sum-axis", _propagate_axis),
            Mistake("elementwise-vs-matmul", _propagate_elementwise),
        ),
    ),
    Graded("optimize", _optimize_cases, (Mistake("sign", _optimize_sign),)),
    Graded("predict", _predict_cases),
    Graded("model", _model_cases),
]
