"""3.2 Planar data, one hidden layer: the graded functions, their inputs and known mistakes."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from neuronlab.check.cases import (
    RNG,
    Array,
    Case,
    Graded,
    Mistake,
    labels,
    seeded,
    sizes,
    two_layer_start,
)


def _params(rng: RNG, n_x: int, n_h: int, n_y: int = 1, scale: float = 1.0) -> dict[str, Array]:
    return {
        "W1": rng.randn(n_h, n_x) * scale,
        "b1": rng.randn(n_h, 1) * 0.1,
        "W2": rng.randn(n_y, n_h) * scale,
        "b2": rng.randn(n_y, 1) * 0.1,
    }


def _layer_sizes_cases(rng: RNG) -> list[Case]:
    course = seeded(1, lambda: (np.random.randn(5, 3), np.random.randn(2, 3)))
    out = [Case(course, "the course's test case: X (5, 3), Y (2, 3)", published=True)]
    for n, m in sizes(rng):
        out.append(Case((rng.randn(n, m), rng.randn(1, m)), f"X ({n}, {m}), Y (1, {m})"))
    return out


def _init_cases(rng: RNG) -> list[Case]:
    out = [
        Case(
            (3, 5, 2), "the course's test case: (n_x, n_h, n_y) = (3, 5, 2)", published=True, seed=2
        )
    ]
    for dims in [(2, 4, 1), (4, 3, 2), (int(rng.randint(5, 9)), int(rng.randint(2, 7)), 1)]:
        out.append(Case(dims, f"(n_x, n_h, n_y) = {dims} after np.random.seed(7)", seed=7))
    return out


def _init_2019(n_x: int, n_h: int, n_y: int) -> Any:
    """The 2017/2019 labs seeded 2 inside."""
    from neuronlab.labs.planar import initialize_parameters

    np.random.seed(2)
    return initialize_parameters(n_x, n_h, n_y)


def _forward_cases(rng: RNG) -> list[Case]:
    def course() -> tuple[Any, ...]:
        X, b1 = np.random.randn(2, 3), np.random.randn(4, 1)
        W1 = np.array(
            [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271],
             [-0.01793436, -0.00841747], [0.00502881, -0.01245288]]
        )  # fmt: skip
        W2 = np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]])
        return X, {"W1": W1, "b1": b1, "W2": W2, "b2": np.array([[-1.3]])}

    out = [Case(seeded(1, course), "the course's test case", published=True, m=3)]
    for n, m in sizes(rng):
        out.append(Case((rng.randn(n, m), _params(rng, n, 4)), f"X ({n}, {m}), n_h = 4", m=m))
    return out


def _forward_variant(hidden: str, output: str = "sigmoid") -> Callable:
    def wrong(X: Array, parameters: dict[str, Array]) -> Any:
        from neuronlab.activations import get_activation

        p = parameters
        Z1 = np.dot(p["W1"], X) + p["b1"]
        A1 = get_activation(hidden).forward(Z1)
        Z2 = np.dot(p["W2"], A1) + p["b2"]
        A2 = get_activation(output).forward(Z2)
        return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}

    return wrong


def _cost_cases(rng: RNG) -> list[Case]:
    Y = seeded(1, lambda: np.random.randn(1, 5) > 0)
    A2 = np.array([[0.5002307, 0.49985831, 0.50023963, 0.25, 0.7]])
    out = [Case((A2, Y), "the course's test case", published=True, m=5)]
    for m in (4, 9, int(rng.randint(10, 50))):
        out.append(Case((rng.uniform(0.05, 0.95, (1, m)), labels(rng, m)), f"m = {m}", m=m))
    return out


def _cost_axis(A2: Any, Y: Any, parameters: Any = None) -> Any:
    A2, Y = np.asarray(A2, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    logprobs = Y * np.log(A2) + (1 - Y) * np.log(1 - A2)
    return -np.sum(logprobs, axis=0) / Y.shape[1]


def _backward_cases(rng: RNG) -> list[Case]:
    def course() -> tuple[Any, ...]:
        X, Y = np.random.randn(3, 7), np.random.randn(1, 7) > 0
        W1, W2 = np.random.randn(9, 3), np.random.randn(1, 9)
        parameters = {"W1": W1, "W2": W2, "b1": np.zeros((9, 1)), "b2": np.zeros((1, 1))}
        cache = {
            "A1": np.random.randn(9, 7),
            "A2": np.random.randn(1, 7),
            "Z1": np.random.randn(9, 7),
            "Z2": np.random.randn(1, 7),
        }
        return parameters, cache, X, Y

    out = [Case(seeded(1, course), "the course's test case", published=True, m=7)]
    for n, m in sizes(rng):
        from neuronlab.labs.planar import forward_propagation

        X, p = rng.randn(n, m), _params(rng, n, 4)
        cache = forward_propagation(X, p)[1]
        out.append(Case((p, cache, X, labels(rng, m)), f"X ({n}, {m}), n_h = 4", m=m))
    return out


def _backward_from_z(parameters, cache, X, Y):
    """tanh′ from Z1: what the engine gives with Z1 where A1 feeds the derivative."""
    from neuronlab.labs.planar import backward_propagation

    return backward_propagation(parameters, {**cache, "A1": cache["Z1"]}, X, Y)


def _backward_axis(parameters, cache, X, Y):
    from neuronlab.labs.planar import backward_propagation

    grads = backward_propagation(parameters, cache, X, Y)
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = np.dot(parameters["W2"].T, dZ2) * (1 - cache["A1"] ** 2)
    axis = {"db1": np.sum(dZ1, axis=0, keepdims=True) / m, "db2": np.sum(dZ2, axis=0) / m}
    return {**grads, **axis}


#: The course's update_parameters test case (the parameters also feed its predict test).
_COURSE_PARAMETERS = {
    "W1": np.array([[-0.00615039, 0.0169021], [-0.02311792, 0.03137121],
                    [-0.0169217, -0.01752545], [0.00935436, -0.05018221]]),
    "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
    "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.545607e-06]]),
    "b2": np.array([[9.14954378e-05]]),
}  # fmt: skip
_COURSE_GRADS = {
    "dW1": np.array([[0.00023322, -0.00205423], [0.00082222, -0.00700776],
                     [-0.00031831, 0.0028636], [-0.00092857, 0.00809933]]),
    "dW2": np.array([[-1.75740039e-05, 0.00370231337, -0.00125683095, -0.00255715317]]),
    "db1": np.array([[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07],
                     [5.46467802e-07]]),
    "db2": np.array([[-1.0892314e-05]]),
}  # fmt: skip


def _update_cases(rng: RNG) -> list[Case]:
    from neuronlab.labs.planar import initialize_parameters

    p, g = _COURSE_PARAMETERS, _COURSE_GRADS
    out = [Case((p, g), "the course's test case", published=True)]
    for n, h in [(2, 3), (5, 4)]:
        params = seeded(int(rng.randint(1000)), partial(initialize_parameters, n, h, 1))
        grads = {"d" + k: rng.randn(*a.shape) for k, a in params.items()}
        out.append(Case((params, grads), f"n_x = {n}, n_h = {h}, learning_rate 1.2"))
    return out


def _update_sign(parameters, grads, learning_rate=1.2):
    from neuronlab.labs.planar import update_parameters

    return update_parameters(parameters, {k: -v for k, v in grads.items()}, learning_rate)


def _nn_model_cases(rng: RNG) -> list[Case]:
    course = seeded(1, lambda: (np.random.randn(2, 3), np.random.randn(1, 3) > 0))
    kw = {"num_iterations": 100, "print_cost": False}
    out = [Case((*course, 4), "the course's test data, 100 iterations", kw, published=True, m=3)]
    # Fewer steps on random data: at learning rate 1.2 a few separable points drive the
    # weights up, and a correct function's last-bit differences from the engine's grew past
    # the tolerance within 100 steps (a correct nn_model failed one seed in ten).
    few = {**kw, "num_iterations": 20}
    for n, m in sizes(rng, 2):
        X = rng.randn(n, m)
        out.append(
            Case((X, labels(rng, m), 3), f"random X ({n}, {m}), n_h = 3, 20 iterations", few, m=m)
        )
    return out


def _nn_model_2019(X, Y, n_h, num_iterations=10000, print_cost=False):
    """With the 2017/2019 initialize_parameters, which seeded 2 inside."""
    from neuronlab.labs import parameter_copies
    from neuronlab.labs.planar import train

    np.random.seed(3)
    return parameter_copies(
        train(X, Y, n_h=n_h, seed=2, num_iterations=num_iterations)[0].parameters
    )


def _predict_cases(rng: RNG) -> list[Case]:
    params = _update_cases(rng)[0].args[0]
    out = [
        Case(
            (params, seeded(1, lambda: np.random.randn(2, 3))),
            "the course's test case",
            published=True,
        )
    ]
    for n, m in sizes(rng):
        out.append(Case((_params(rng, n, 4), rng.randn(n, m)), f"X ({n}, {m}), n_h = 4"))
    return out


GRADED = [
    Graded(
        "layer_sizes",
        _layer_sizes_cases,
        (Mistake("transposed", lambda X, Y: (X.shape[1], 4, Y.shape[1])),),
    ),
    Graded(
        "initialize_parameters",
        _init_cases,
        (
            Mistake("init-scale", two_layer_start(1.0)),
            Mistake("init-scale", two_layer_start(0.1)),
            Mistake("init-scale", two_layer_start(0.01, draw="rand")),
            Mistake("init-order", two_layer_start(0.01, w2_first=True)),
        ),
        alternatives=(("2017/2019 (seed 2 inside)", _init_2019),),
    ),
    Graded(
        "forward_propagation",
        _forward_cases,
        tuple(
            Mistake("wrong-activation", _forward_variant(h, o))
            for h, o in [("sigmoid", "sigmoid"), ("relu", "sigmoid"), ("tanh", "tanh")]
        ),
        cache="[1]",
    ),
    Graded(
        "compute_cost",
        _cost_cases,
        (Mistake("sum-axis", _cost_axis),),
        old_form=lambda args: (*args, None),
    ),  # fmt: skip
    Graded(
        "backward_propagation",
        _backward_cases,
        (
            Mistake("activation-derivative", _backward_from_z),
            Mistake("sum-axis", _backward_axis),
        ),
    ),
    Graded("update_parameters", _update_cases, (Mistake("sign", _update_sign),)),
    Graded(
        "nn_model",
        _nn_model_cases,
        alternatives=(("2017/2019 (seed 2 inside initialize_parameters)", _nn_model_2019),),
    ),
    Graded("predict", _predict_cases),
]
