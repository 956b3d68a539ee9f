"""3.3 Deep neural network, the cat application: the two models, their inputs and known mistakes.

The answers are :mod:`neuronlab.labs.deep`'s (:data:`neuronlab.check.cases.FACADES`). Each
case runs a few iterations, as the course's own tests do (2 and 3), and one runs 101 so
that ``costs`` holds two entries (the cost is recorded when ``i % 100 == 0``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from neuronlab.check.cases import RNG, Array, Case, Graded, Mistake, labels, seeded


def _cases(
    rng: RNG, published: Callable[[], tuple[Any, ...]], dims: Sequence[tuple[int, ...]]
) -> list[Case]:
    """The course's two runs on its data, then random data for each of ``dims``."""
    X, Y, layers_dims = seeded(1, published)
    m, lr = X.shape[1], 0.1 if len(layers_dims) == 3 else 0.02  # the course's second run
    out = [
        Case((X, Y, layers_dims, 0.0075, 2), "the course's test case: 2 iterations",
             published=True, m=m),
        Case((X, Y, layers_dims, lr, 3), f"the course's test case: learning_rate {lr}, "
             "3 iterations", published=True, m=m),
    ]  # fmt: skip
    for k, (dims_k, its) in enumerate(zip(dims, (3, 4, 101))):
        m = int(rng.randint(6, 20))
        X = rng.randn(dims_k[0], m)
        args = (X, labels(rng, m), dims_k, [0.05, 0.3, 0.01][k], its)
        out.append(Case(args, f"random X ({dims_k[0]}, {m}), layers_dims {dims_k}, {its} "
                              f"iterations", m=m))  # fmt: skip
    return out


def _two_layer_cases(rng: RNG) -> list[Case]:
    def course() -> tuple[Any, ...]:
        X, Y = np.random.randn(10, 10), np.random.randn(1, 10)
        return X, Y, (10, 4, 1)

    dims = [(3, 2, 1), (7, 5, 1), (int(rng.randint(4, 12)), int(rng.randint(2, 8)), 1)]
    return _cases(rng, course, dims)


def _L_layer_cases(rng: RNG) -> list[Case]:
    def course() -> tuple[Any, ...]:
        X = np.random.randn(10, 10)
        return X, np.array([1, 1, 1, 1, 0, 0, 0, 1, 1, 0]).reshape(1, 10), (10, 5, 6, 1)

    last = (int(rng.randint(4, 12)), int(rng.randint(2, 8)), int(rng.randint(2, 6)), 1)
    return _cases(rng, course, [(4, 3, 1), (6, 4, 3, 2, 1), last])


def _model(
    X: Array,
    Y: Array,
    layers_dims: Any,
    learning_rate: float,
    num_iterations: int,
    start: Callable[[Any], dict[str, Array]],
    *,
    hidden: tuple[str, str] = ("relu", "relu"),
    sign: float = 1.0,
) -> tuple[dict[str, Array], list[Array]]:
    """The application's loop over the step-by-step functions, from ``start(layers_dims)``,
    with ``hidden`` = (the hidden layers' activation forward, backward) and ``sign``·dAL."""
    from neuronlab.labs import deep

    parameters, costs = start(layers_dims), []
    L = len(parameters) // 2
    for i in range(num_iterations):
        A, caches = X, []
        for l in range(1, L + 1):
            act = "sigmoid" if l == L else hidden[0]
            A, cache = deep.linear_activation_forward(
                A, parameters[f"W{l}"], parameters[f"b{l}"], act
            )
            caches.append(cache)
        cost = deep.compute_cost(A, Y)
        dA = -sign * (np.divide(Y, A) - np.divide(1 - Y, 1 - A))
        grads = {}
        for l in range(L, 0, -1):
            act = "sigmoid" if l == L else hidden[1]
            dA, grads[f"dW{l}"], grads[f"db{l}"] = deep.linear_activation_backward(
                dA, caches[l - 1], act
            )
        parameters = deep.update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(np.array(cost))
    return parameters, costs


def _two_layer_start(layers_dims: Any) -> dict[str, Array]:
    from neuronlab.labs.deep import initialize_parameters

    return initialize_parameters(*layers_dims)


def _variant(start: Callable[[Any], dict[str, Array]], **how: Any) -> Callable:
    def wrong(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        return _model(X, Y, layers_dims, learning_rate, num_iterations, start, **how)

    return wrong


def _step_by_step_start(seed: int) -> Callable[[Any], dict[str, Array]]:
    """The step-by-step lab's ``randn·0.01`` start, seeded ``seed`` (the lab's is 3)."""

    def start(layers_dims: Any) -> dict[str, Array]:
        rand = np.random.RandomState(seed).randn
        out = {}
        for l in range(1, len(layers_dims)):
            out[f"W{l}"] = rand(layers_dims[l], layers_dims[l - 1]) * 0.01
            out[f"b{l}"] = np.zeros((layers_dims[l], 1))
        return out

    return start


def _parameters_only(name: str) -> Callable[..., Any]:
    """2017/2019: the model returned its parameters only."""

    def answer(*args: Any, **kwargs: Any) -> Any:
        from neuronlab.labs import deep

        return getattr(deep, name)(*args, **kwargs)[0]

    return answer


def _app_start(layers_dims: Any) -> dict[str, Array]:
    from neuronlab.labs.deep import initialize_parameters_deep_app

    return initialize_parameters_deep_app(layers_dims)


GRADED = [
    Graded(
        "two_layer_model",
        _two_layer_cases,
        (
            Mistake("wrong-activation", _variant(_two_layer_start, hidden=("sigmoid", "sigmoid"))),
            Mistake("wrong-activation", _variant(_two_layer_start, hidden=("sigmoid", "relu"))),
            Mistake("wrong-activation", _variant(_two_layer_start, hidden=("relu", "sigmoid"))),
            Mistake("sign", _variant(_two_layer_start, sign=-1.0)),
        ),
        alternatives=(("2017/2019 (parameters only)", _parameters_only("two_layer_model")),),
    ),
    Graded(
        "L_layer_model",
        _L_layer_cases,
        (
            Mistake("init-scale", _variant(_step_by_step_start(3))),
            Mistake("init-scale", _variant(_step_by_step_start(1))),
            Mistake("wrong-activation", _variant(_app_start, hidden=("sigmoid", "sigmoid"))),
            Mistake("sign", _variant(_app_start, sign=-1.0)),
        ),
        alternatives=(("2017/2019 (parameters only)", _parameters_only("L_layer_model")),),
    ),
]
