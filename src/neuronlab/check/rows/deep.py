"""3.3 Deep neural network, step by step: the graded functions, their inputs and known mistakes.

Random inputs keep every comparison well-conditioned: weights of scale 1/√n_{l-1} so that
no output saturates to exactly 0 or 1 (``dAL`` divides by ``AL`` and ``1 - AL``), and
pre-activations drawn from continuous distributions (never exactly at relu's kink).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from neuronlab.check.cases import RNG, Array, Case, Graded, Mistake, labels, seeded, two_layer_start

#: (n_{l-1}, n_l, m) of the random single-layer cases, none like the course's.
_LAYERS = [(2, 3, 5), (4, 1, 7), (6, 5, 9)]


def _layer(rng: RNG, n_prev: int, n: int) -> tuple[Array, Array]:
    return rng.randn(n, n_prev) / np.sqrt(n_prev), rng.randn(n, 1) * 0.3


def _dims(rng: RNG) -> list[list[int]]:
    """Layer sizes of the random L-layer cases (2 to 4 layers, one output unit)."""
    last = [int(rng.randint(3, 9)), int(rng.randint(2, 6)), int(rng.randint(2, 5)), 1]
    return [[3, 4, 1], [5, 3, 2, 1], last]


def _params(rng: RNG, dims: list[int]) -> dict[str, Array]:
    out = {}
    for l in range(1, len(dims)):
        out[f"W{l}"], out[f"b{l}"] = _layer(rng, dims[l - 1], dims[l])
    return out


# ------------------------------------------------------------------ initialisation
def _init_cases(rng: RNG) -> list[Case]:
    out = [
        Case((3, 2, 1), "the course's test case: (n_x, n_h, n_y) = (3, 2, 1)", published=True),
        Case((4, 3, 2), "the 2023 course's second case: (4, 3, 2)", published=True),
    ]
    for dims in [(2, 4, 1), (5, 2, 3), (int(rng.randint(6, 10)), int(rng.randint(2, 7)), 1)]:
        out.append(Case(dims, f"(n_x, n_h, n_y) = {dims} after np.random.seed(7)", seed=7))
    return out


def _init_deep_cases(rng: RNG) -> list[Case]:
    out = [
        Case(([5, 4, 3],), "the course's test case: layer_dims = [5, 4, 3]", published=True),
        Case(([4, 3, 2],), "the 2023 course's second case: [4, 3, 2]", published=True),
    ]
    for dims in _dims(rng):
        out.append(Case((dims,), f"layer_dims = {dims} after np.random.seed(7)", seed=7))
    return out


def _init_deep_variant(scale: Callable[[int], float], draw: str = "randn", flip: bool = False):
    """The step-by-step L-layer start (seed 3) with another factor per fan-in ``n_{l-1}``,
    another distribution, or each W drawn as (n_{l-1}, n_l) and transposed."""

    def wrong(layer_dims: Any) -> dict[str, Array]:
        rand = getattr(np.random.RandomState(3), draw)
        out = {}
        for l in range(1, len(layer_dims)):
            n_prev, n = layer_dims[l - 1], layer_dims[l]
            W = rand(n_prev, n).T if flip else rand(n, n_prev)
            out[f"W{l}"], out[f"b{l}"] = W * scale(n_prev), np.zeros((n, 1))
        return out

    return wrong


# ------------------------------------------------------------------------- forward
def _course_layer() -> tuple[Array, Array, Array]:
    """The course's forward test layer: A (3, 2), W (1, 3), b (1, 1), drawn in that order."""
    return np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1)


def _linear_forward_cases(rng: RNG) -> list[Case]:
    course = seeded(1, _course_layer)
    out = [Case(course, "the course's test case: A (3, 2), W (1, 3), b (1, 1)", published=True)]
    for n_prev, n, m in _LAYERS:
        W, b = _layer(rng, n_prev, n)
        out.append(Case((rng.randn(n_prev, m), W, b), f"A ({n_prev}, {m}), W ({n}, {n_prev})"))
    return out


def _activation_forward_cases(rng: RNG) -> list[Case]:
    course = seeded(2, _course_layer)
    out = [
        Case((*course, act), f"the course's test case, {act!r}", published=True)
        for act in ("sigmoid", "relu")
    ]
    for (n_prev, n, m), act in zip(_LAYERS, ("relu", "sigmoid", "relu")):
        W, b = _layer(rng, n_prev, n)
        args = (rng.randn(n_prev, m), W, b, act)
        out.append(Case(args, f"A_prev ({n_prev}, {m}), W ({n}, {n_prev}), {act!r}"))
    return out


_OTHER = {"sigmoid": "relu", "relu": "sigmoid"}


def _activation_forward_swapped(A_prev: Any, W: Any, b: Any, activation: str) -> Any:
    from neuronlab.labs.deep import linear_activation_forward

    return linear_activation_forward(A_prev, W, b, _OTHER.get(activation, activation))


def _L_forward_cases(rng: RNG) -> list[Case]:
    def course(dims: list[int], m: int) -> Callable[[], tuple[Any, ...]]:
        def draw() -> tuple[Any, ...]:
            X = np.random.randn(dims[0], m)
            params = {}
            for l in range(1, len(dims)):
                params[f"W{l}"] = np.random.randn(dims[l], dims[l - 1])
                params[f"b{l}"] = np.random.randn(dims[l], 1)
            return X, params

        return draw

    out = [
        Case(
            seeded(6, course([5, 4, 3, 1], 4)), "the course's test case (3 layers)", published=True
        ),
        Case(seeded(1, course([4, 3, 1], 2)), "the course's 2-layer test case", published=True),
    ]
    for dims, m in zip(_dims(rng), (6, 11, int(rng.randint(12, 30)))):
        X = rng.randn(dims[0], m)
        out.append(Case((X, _params(rng, dims)), f"X ({dims[0]}, {m}), layer sizes {dims}"))
    return out


def _L_forward_variant(hidden: str, output: str) -> Callable:
    def wrong(X: Any, parameters: dict[str, Array]) -> Any:
        from neuronlab.labs.deep import linear_activation_forward

        L = len(parameters) // 2
        A, caches = X, []
        for l in range(1, L + 1):
            act = output if l == L else hidden
            A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], act)
            caches.append(cache)
        return A, caches

    return wrong


def _cost_cases(rng: RNG) -> list[Case]:
    AL, Y = np.array([[0.8, 0.9, 0.4]]), np.asarray([[1, 1, 0]])
    out = [Case((AL, Y), "the course's test case: AL = [[0.8, 0.9, 0.4]]", published=True, m=3)]
    for m in (4, 9, int(rng.randint(10, 50))):
        out.append(Case((rng.uniform(0.05, 0.95, (1, m)), labels(rng, m)), f"m = {m}", m=m))
    return out


def _cost_axis(AL: Any, Y: Any) -> Any:
    logprobs = Y * np.log(AL) + (1 - Y) * np.log(1 - AL)
    return -np.sum(logprobs, axis=0) / Y.shape[1]


# ------------------------------------------------------------------------ backward
def _linear_backward_cases(rng: RNG) -> list[Case]:
    def course() -> tuple[Any, ...]:
        dZ = np.random.randn(3, 4)
        A, W, b = np.random.randn(5, 4), np.random.randn(3, 5), np.random.randn(3, 1)
        return dZ, (A, W, b)

    label = "the course's test case: dZ (3, 4), A_prev (5, 4)"
    out = [Case(seeded(1, course), label, published=True, m=4)]
    for n_prev, n, m in _LAYERS:
        W, b = _layer(rng, n_prev, n)
        args = (rng.randn(n, m), (rng.randn(n_prev, m), W, b))
        out.append(Case(args, f"dZ ({n}, {m}), A_prev ({n_prev}, {m})", m=m))
    return out


def _linear_backward_variant(axis: int = 1, keepdims: bool = True, m_axis: int = 1) -> Callable:
    """db summed over ``axis``, or m read from A_prev's ``m_axis`` (rows: the features)."""

    def wrong(dZ: Any, cache: Any) -> Any:
        A_prev, W, b = cache
        m = A_prev.shape[m_axis]
        db = np.sum(dZ, axis=axis, keepdims=keepdims) / m
        return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m, db

    return wrong


def _activation_backward_cases(rng: RNG) -> list[Case]:
    def course() -> tuple[Any, ...]:
        dA = np.random.randn(1, 2)
        A, W, b = np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1)
        return dA, ((A, W, b), np.random.randn(1, 2))

    dA, cache = seeded(2, course)
    out = [
        Case((dA, cache, act), f"the course's test case, {act!r}", published=True, m=2)
        for act in ("sigmoid", "relu")
    ]
    for (n_prev, n, m), act in zip(_LAYERS, ("relu", "sigmoid", "sigmoid")):
        W, b = _layer(rng, n_prev, n)
        cache = ((rng.randn(n_prev, m), W, b), rng.randn(n, m))
        out.append(Case((rng.randn(n, m), cache, act), f"dA ({n}, {m}), {act!r}", m=m))
    return out


def _activation_backward_variant(derivative: Callable[[Array, Array, str], Array]) -> Callable:
    """linear_backward after ``dZ = derivative(dA, Z, activation)``."""

    def wrong(dA: Any, cache: Any, activation: str) -> Any:
        from neuronlab.labs.deep import linear_backward

        linear_cache, Z = cache
        return linear_backward(derivative(dA, Z, activation), linear_cache)

    return wrong


def _sigmoid(Z: Array) -> Array:
    return 1 / (1 + np.exp(-Z))


def _swapped_derivative(dA: Array, Z: Array, activation: str) -> Array:
    from neuronlab.labs.deep import relu_backward, sigmoid_backward

    return sigmoid_backward(dA, Z) if activation == "relu" else relu_backward(dA, Z)


def _derivative_mistake(
    sigmoid: Callable[[Array, Array], Array], relu: Callable[[Array, Array], Array]
) -> Callable[[Array, Array, str], Array]:
    def derivative(dA: Array, Z: Array, activation: str) -> Array:
        return sigmoid(dA, Z) if activation == "sigmoid" else relu(dA, Z)

    return derivative


def _right_sigmoid(dA: Array, Z: Array) -> Array:
    return dA * _sigmoid(Z) * (1 - _sigmoid(Z))


def _right_relu(dA: Array, Z: Array) -> Array:
    return dA * (Z > 0)


#: dZ from a wrong derivative: σ′ as if the cache Z were the output A, σ′ without its
#: (1 − σ), relu′ as relu itself, relu′ without dA.
_DERIVATIVE_MISTAKES = [
    _derivative_mistake(lambda dA, Z: dA * Z * (1 - Z), _right_relu),
    _derivative_mistake(lambda dA, Z: dA * _sigmoid(Z), _right_relu),
    _derivative_mistake(_right_sigmoid, lambda dA, Z: dA * np.maximum(0, Z)),
    _derivative_mistake(_right_sigmoid, lambda dA, Z: (Z > 0).astype(np.float64)),
]


def _L_backward_cases(rng: RNG) -> list[Case]:
    def course() -> tuple[Any, ...]:
        AL, Y = np.random.randn(1, 2), np.array([[1, 0]])
        caches = []
        for n_prev, n in ((4, 3), (3, 1)):
            A, W, b = np.random.randn(n_prev, 2), np.random.randn(n, n_prev), np.random.randn(n, 1)
            caches.append(((A, W, b), np.random.randn(n, 2)))
        return AL, Y, tuple(caches)

    from neuronlab.labs.deep import L_model_forward

    out = [Case(seeded(3, course), "the course's test case (2 layers)", published=True, m=2)]
    for dims, m in zip(_dims(rng), (5, 8, int(rng.randint(10, 30)))):
        AL, caches = L_model_forward(rng.randn(dims[0], m), _params(rng, dims))
        out.append(Case((AL, labels(rng, m), caches), f"{m} examples, layer sizes {dims}", m=m))
    return out


def _L_backward_variant(sign: float = 1.0, output: str = "sigmoid", hidden: str = "relu"):
    """Backpropagation from ``sign``·dAL, or with other activations' derivatives."""

    def wrong(AL: Any, Y: Any, caches: Any) -> dict[str, Array]:
        from neuronlab.labs.deep import linear_activation_backward

        Y = np.asarray(Y).reshape(AL.shape)
        dA = -sign * (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        grads: dict[str, Array] = {}
        L = len(caches)
        for l in range(L, 0, -1):
            act = output if l == L else hidden
            dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
                dA, caches[l - 1], act
            )
            grads[f"dA{l - 1}"] = dA
        return grads

    return wrong


def _L_backward_2017(AL: Any, Y: Any, caches: Any) -> dict[str, Array]:
    """2017's names: ``dA{l}`` for the gradient with respect to A_{l-1} (the same numbers)."""
    from neuronlab.labs.deep import L_model_backward

    grads = L_model_backward(AL, Y, caches)
    return {(f"dA{int(k[2:]) + 1}" if k.startswith("dA") else k): v for k, v in grads.items()}


def _update_cases(rng: RNG) -> list[Case]:
    def course() -> tuple[Any, ...]:
        np.random.seed(2)
        params = {}
        for name, shape in (("W1", (3, 4)), ("b1", (3, 1)), ("W2", (1, 3)), ("b2", (1, 1))):
            params[name] = np.random.randn(*shape)
        np.random.seed(3)
        grads = {"d" + k: np.random.randn(*v.shape) for k, v in params.items()}
        return params, grads, 0.1

    out = [Case(seeded(2, course), "the course's test case, learning_rate 0.1", published=True)]
    for dims, lr in zip(_dims(rng), (0.05, 1.2, 0.3)):
        params = _params(rng, dims)
        grads = {"d" + k: rng.randn(*v.shape) for k, v in params.items()}
        out.append(Case((params, grads, lr), f"layer sizes {dims}, learning_rate {lr}"))
    return out


def _update_sign(parameters: Any, grads: Any, learning_rate: float) -> Any:
    from neuronlab.labs.deep import update_parameters

    return update_parameters(parameters, {k: -v for k, v in grads.items()}, learning_rate)


GRADED = [
    Graded(
        "initialize_parameters",
        _init_cases,
        (
            Mistake("init-scale", two_layer_start(1.0, seed=1)),
            Mistake("init-scale", two_layer_start(0.1, seed=1)),
            Mistake("init-scale", two_layer_start(0.01, draw="rand", seed=1)),
            Mistake("init-order", two_layer_start(0.01, w2_first=True, seed=1)),
        ),
    ),
    Graded(
        "initialize_parameters_deep",
        _init_deep_cases,
        (
            Mistake("init-scale", _init_deep_variant(lambda n: 1.0)),
            Mistake("init-scale", _init_deep_variant(lambda n: np.sqrt(2 / n))),
            Mistake("init-scale", _init_deep_variant(lambda n: 1 / np.sqrt(n))),
            Mistake("init-scale", _init_deep_variant(lambda n: 0.01, draw="rand")),
            Mistake("transposed", _init_deep_variant(lambda n: 0.01, flip=True)),
        ),
    ),
    Graded("linear_forward", _linear_forward_cases, cache="[1]"),
    Graded(
        "linear_activation_forward",
        _activation_forward_cases,
        (Mistake("wrong-activation", _activation_forward_swapped),),
        cache="[1]",
    ),
    Graded(
        "L_model_forward",
        _L_forward_cases,
        tuple(
            Mistake("wrong-activation", _L_forward_variant(hidden, output))
            for hidden, output in [("relu", "relu"), ("sigmoid", "sigmoid"), ("sigmoid", "relu")]
        ),
        cache="[1]",
    ),
    Graded("compute_cost", _cost_cases, (Mistake("sum-axis", _cost_axis),)),
    Graded(
        "linear_backward",
        _linear_backward_cases,
        (
            Mistake("sum-axis", _linear_backward_variant(axis=0)),
            Mistake("sum-axis", _linear_backward_variant(axis=0, keepdims=False)),
            Mistake("transposed", _linear_backward_variant(m_axis=0)),
        ),
    ),
    Graded(
        "linear_activation_backward",
        _activation_backward_cases,
        (
            *(
                Mistake("activation-derivative", _activation_backward_variant(d))
                for d in _DERIVATIVE_MISTAKES
            ),
            Mistake("wrong-activation", _activation_backward_variant(_swapped_derivative)),
        ),
    ),  # fmt: skip
    Graded(
        "L_model_backward",
        _L_backward_cases,
        (
            Mistake("sign", _L_backward_variant(sign=-1.0)),
            Mistake("wrong-activation", _L_backward_variant(output="relu")),
            Mistake("wrong-activation", _L_backward_variant(hidden="sigmoid")),
        ),
        alternatives=(
            ("2017 (keys dA{l}: the same numbers, names shifted by one)", _L_backward_2017),
        ),
    ),
    Graded("update_parameters", _update_cases, (Mistake("sign", _update_sign),)),
]
