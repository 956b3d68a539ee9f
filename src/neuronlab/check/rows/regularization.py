"""3.5 Regularization: the graded functions (L2 and dropout), their inputs and known mistakes.

The lab's net is LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID; random cases draw other
layer sizes, ``m``, ``lambd`` and ``keep_prob``. ``forward_propagation_with_dropout``
calls ``np.random.seed(1)`` inside (every course version): each case also seeds the
global stream (to 0) before the call, so a learner's missing seed, or a backward
pass that draws new masks, gives the same numbers on every run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from neuronlab.check.cases import RNG, Array, Case, Graded, Mistake, labels, seeded

Factor = Callable[[float, int], float]  # (λ, m) → a coefficient


# ---------------------------------------------------------------- the course's inputs
def _a(rows: list[list[Any]]) -> Array:
    return np.array(rows)


#: The course's test caches and labels (testCases.py, identical in 2019, 2021 and 2023),
#: public: ``neuronlab course`` gives the same inputs to the notebook.
_Z1 = _a([[-1.52855314, 3.32524635, 2.13994541, 2.60700654, -0.75942115],
          [-1.98043538, 4.1600994, 0.79051021, 1.46493512, -0.45506242]])  # fmt: skip
_W1 = _a([[-1.09989127, -0.17242821, -0.87785842], [0.04221375, 0.58281521, -1.10061918]])
_b1 = _a([[1.14472371], [0.90159072]])
_W2 = _a([[0.50249434, 0.90085595], [-0.68372786, -0.12289023], [-0.93576943, -0.26788808]])
_b2 = _a([[0.53035547], [-0.69166075], [-0.39675353]])
_W3 = _a([[-0.6871727, -0.84520564, -0.67124613]])
_b3 = _a([[-0.0126646]])
PLAIN_CACHE = (
    _Z1,
    _a([[0.0, 3.32524635, 2.13994541, 2.60700654, 0.0],
        [0.0, 4.1600994, 0.79051021, 1.46493512, 0.0]]),
    _W1, _b1,
    _a([[0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547],
        [-0.69166075, -3.47645987, -2.25194702, -2.65416996, -0.69166075],
        [-0.39675353, -4.62285846, -2.61101729, -3.22874921, -0.39675353]]),
    _a([[0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547],
        [0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]]),
    _W2, _b2,
    _a([[-0.3771104, -4.10060224, -1.60539468, -2.18416951, -0.3771104]]),
    _a([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]),
    _W3, _b3,
)  # fmt: skip
DROPOUT_CACHE = (
    _Z1,
    _a([[True, False, True, True, True], [True, True, True, True, False]]),
    _a([[0.0, 0.0, 4.27989081, 5.21401307, 0.0], [0.0, 8.32019881, 1.58102041, 2.92987024, 0.0]]),
    _W1, _b1,
    _a([[0.53035547, 8.02565606, 4.10524802, 5.78975856, 0.53035547],
        [-0.69166075, -1.71413186, -3.81223329, -4.61667916, -0.69166075],
        [-0.39675353, -2.62563561, -4.82528105, -6.0607449, -0.39675353]]),
    _a([[True, False, True, False, True], [False, True, False, True, True],
        [False, False, True, False, False]]),
    _a([[1.06071093, 0.0, 8.21049603, 0.0, 1.06071093],
        [0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]]),
    _W2, _b2,
    _a([[-0.7415562, -0.0126646, -5.65469333, -0.0126646, -0.7415562]]),
    _a([[0.32266394, 0.49683389, 0.00348883, 0.49683389, 0.32266394]]),
    _W3, _b3,
)  # fmt: skip
COURSE_Y = _a([[1, 1, 0, 1, 0]])


def course_parameters() -> dict[str, Array]:
    """After ``seed 1`` (and whatever the test drew before): W1 … b3 drawn in that order."""
    shapes = {"W1": (2, 3), "b1": (2, 1), "W2": (3, 2), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    return {k: np.random.randn(*s) for k, s in shapes.items()}


# -------------------------------------------------------------------- random inputs
def _nets(rng: RNG) -> list[tuple[list[int], int]]:
    """Three (layers_dims, m): other sizes than the course's [3, 2, 3, 1] and m = 5."""
    dims = [[2, 4, 3, 1], [4, 6, 2, 1]]
    dims.append([int(rng.randint(2, 7)), int(rng.randint(7, 13)), int(rng.randint(3, 7)), 1])
    return list(zip(dims, [7, 12, int(rng.randint(13, 40))]))


def _parameters(rng: RNG, dims: list[int]) -> dict[str, Array]:
    out = {}
    for l in range(1, len(dims)):
        out[f"W{l}"] = rng.randn(dims[l], dims[l - 1]) * 1.5 / np.sqrt(dims[l - 1])
        out[f"b{l}"] = rng.randn(dims[l], 1) * 0.5
    return out


def _label(dims: list[int], m: int, **more: float) -> str:
    extra = "".join(f", {k} = {v:.3g}" for k, v in more.items())
    return f"layers_dims = {dims}, m = {m}{extra}"


# ------------------------------------------------------------------------------- L2
def _cost_cases(rng: RNG) -> list[Case]:
    a3 = _a([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
    course = (a3, COURSE_Y, seeded(1, course_parameters), 0.1)
    out = [Case(course, "the course's test case (lambd = 0.1)", published=True, m=5)]
    for dims, m in _nets(rng):
        lambd = float(rng.uniform(0.2, 2.0))
        args = (rng.uniform(0.05, 0.95, (1, m)), labels(rng, m), _parameters(rng, dims), lambd)
        out.append(Case(args, _label(dims, m, lambd=lambd), m=m))
    return out


def _cost_variant(
    l2: Factor = lambda lambd, m: lambd / (2 * m),
    bias: Factor = lambda lambd, m: 0.0,
    sign: float = 1.0,
) -> Callable[..., Any]:
    """The cost with the L2 term's factor ``l2``, biases penalised by ``bias``, or the
    term subtracted (``sign`` −1)."""

    def wrong(A3: Array, Y: Array, parameters: dict[str, Array], lambd: float) -> Any:
        from neuronlab.labs.regularization import compute_cost

        m = Y.shape[1]
        squares = {k: np.sum(np.square(v)) for k, v in parameters.items()}
        W = sum(v for k, v in squares.items() if k.startswith("W"))
        b = sum(v for k, v in squares.items() if k.startswith("b"))
        return compute_cost(A3, Y) + sign * (l2(lambd, m) * W + bias(lambd, m) * b)

    return wrong


#: Factors learners put on the L2 term instead of λ/(2m) (cost) or λ/m (gradient).
_COST_FACTORS: list[Factor] = [
    lambda lambd, m: lambd / m,
    lambda lambd, m: lambd / 2,
    lambda lambd, m: lambd,
    lambda lambd, m: 2 * lambd / m,
    lambda lambd, m: 1 / (2 * m),
]
_GRADIENT_FACTORS: list[Factor] = [
    lambda lambd, m: lambd / (2 * m),
    lambda lambd, m: 2 * lambd / m,
    lambda lambd, m: lambd,
    lambda lambd, m: 1 / m,
    lambda lambd, m: 0.0,
]


def _backward_l2_cases(rng: RNG) -> list[Case]:
    from neuronlab.labs.regularization import forward_propagation

    course = (seeded(1, lambda: np.random.randn(3, 5)), COURSE_Y, PLAIN_CACHE, 0.7)
    out = [Case(course, "the course's test case (lambd = 0.7)", published=True, m=5)]
    for dims, m in _nets(rng):
        X, lambd = rng.randn(dims[0], m), float(rng.uniform(0.2, 2.0))
        cache = forward_propagation(X, _parameters(rng, dims))[1]
        out.append(Case((X, labels(rng, m), cache, lambd), _label(dims, m, lambd=lambd), m=m))
    return out


#: ({1: A1, 2: A2}, keep_prob) → the masks used in place of the cache's ({layer: D}).
Masks = Callable[[dict[int, Array], float], dict[int, Array]]


def _backprop(
    X: Array,
    Y: Array,
    cache: tuple[Any, ...],
    lambd: float = 0.0,
    keep_prob: float = 1.0,
    *,
    l2: Factor = lambda lambd, m: lambd / m,
    bias: Factor = lambda lambd, m: 0.0,
    masks: Masks | None = None,
    scale: Callable[[float], float] = lambda keep_prob: 1 / keep_prob,
    scaled: tuple[int, ...] = (1, 2),
    mean: bool = True,
    axis: int = 1,
) -> dict[str, Array]:
    """The lab's backward pass with one thing changed: ``l2(λ, m)·W{l}`` added to each
    dW (the lab's λ/m), ``bias(λ, m)·b{l}`` to each db, the ``masks`` of some layers in
    place of a dropout cache's, ``scale(keep_prob)`` with the masks of the layers
    ``scaled`` (the lab's 1/keep_prob), no ``1/m`` (``mean`` False), or db summed
    along ``axis``."""
    if len(cache) == 14:
        Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
        if masks is not None:
            new = masks({1: A1, 2: A2}, keep_prob)
            D1, D2 = new.get(1, D1), new.get(2, D2)
    else:
        Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
        D1 = D2 = None
    m = X.shape[1]
    k = 1 / m if mean else 1.0

    def layer(dZ: Array, A_prev: Array, W: Array, b: Array) -> tuple[Array, Array]:
        dW = k * np.dot(dZ, A_prev.T) + l2(lambd, m) * W
        db = k * np.sum(dZ, axis=axis, keepdims=True)
        return dW, db + bias(lambd, m) * b if bias(lambd, m) else db

    grads: dict[str, Array] = {"dZ3": A3 - Y}
    grads["dW3"], grads["db3"] = layer(grads["dZ3"], A2, W3, b3)
    for l, (D, A, W_next, A_prev, W, b) in {
        2: (D2, A2, W3, A1, W2, b2),
        1: (D1, A1, W2, X, W1, b1),
    }.items():
        dA = np.dot(W_next.T, grads[f"dZ{l + 1}"])
        if D is not None:
            dA = dA * D * (scale(keep_prob) if l in scaled else 1 / keep_prob)
        grads[f"dA{l}"] = dA
        grads[f"dZ{l}"] = dA * (A > 0)
        grads[f"dW{l}"], grads[f"db{l}"] = layer(grads[f"dZ{l}"], A_prev, W, b)
    return grads


def _dropout_variant(**knobs: Any) -> Callable[..., dict[str, Array]]:
    def wrong(X: Array, Y: Array, cache: tuple[Array, ...], keep_prob: float) -> dict[str, Array]:
        return _backprop(X, Y, cache, 0.0, keep_prob, **knobs)

    return wrong


def _l2_variant(**knobs: Any) -> Callable[..., dict[str, Array]]:
    def wrong(X: Array, Y: Array, cache: tuple[Array, ...], lambd: float) -> dict[str, Array]:
        return _backprop(X, Y, cache, lambd, **knobs)

    return wrong


# -------------------------------------------------------------------------- dropout
def _forward_dropout_cases(rng: RNG) -> list[Case]:
    def course() -> tuple[Array, dict[str, Array]]:
        return np.random.randn(3, 5), course_parameters()

    out = [Case((*seeded(1, course), 0.7), "the course's test case (keep_prob = 0.7)",
                published=True, seed=0, m=5)]  # fmt: skip
    for (dims, m), keep_prob in zip(_nets(rng), [0.8, None, float(rng.uniform(0.55, 0.95))]):
        args = (rng.randn(dims[0], m), _parameters(rng, dims))
        if keep_prob is None:
            label = _label(dims, m) + ", keep_prob left at its default"
            out.append(Case(args, label, seed=0, m=m))
        else:
            label = _label(dims, m, keep_prob=keep_prob)
            out.append(Case((*args, keep_prob), label, seed=0, m=m))
    return out


def _forward_dropout_variant(
    layers: tuple[int, ...],
    keep: Callable[[Array, float], Array] = lambda r, keep_prob: r < keep_prob,
    draw: str = "rand",
    scale: Callable[[float], float] = lambda keep_prob: 1 / keep_prob,
) -> Callable[..., Any]:
    """The lab's dropout forward pass where the hidden ``layers`` keep the units
    ``keep(draws, keep_prob)`` of ``np.random.<draw>`` numbers, or scale the kept units
    by ``scale(keep_prob)``."""

    def wrong(X: Array, parameters: dict[str, Array], keep_prob: float = 0.5) -> Any:
        np.random.seed(1)
        p = parameters
        items: list[Array] = []
        A = X
        for l in (1, 2):
            Z = np.dot(p[f"W{l}"], A) + p[f"b{l}"]
            if l in layers:
                D, factor = keep(getattr(np.random, draw)(*Z.shape), keep_prob), scale(keep_prob)
            else:
                D, factor = np.random.rand(*Z.shape) < keep_prob, 1 / keep_prob
            A = np.maximum(0, Z) * D * factor
            items += [Z, D, A, p[f"W{l}"], p[f"b{l}"]]
        Z3 = np.dot(p["W3"], A) + p["b3"]
        A3 = 1 / (1 + np.exp(-Z3))
        return A3, (*items, Z3, A3, p["W3"], p["b3"])

    return wrong


def _backward_dropout_cases(rng: RNG) -> list[Case]:
    from neuronlab.labs.regularization import forward_propagation_with_dropout

    course = (seeded(1, lambda: np.random.randn(3, 5)), COURSE_Y, DROPOUT_CACHE, 0.8)
    out = [Case(course, "the course's test case (keep_prob = 0.8)", published=True, seed=0, m=5)]
    for (dims, m), keep_prob in zip(_nets(rng), [0.7, 0.85, float(rng.uniform(0.55, 0.95))]):
        X = rng.randn(dims[0], m)
        cache = forward_propagation_with_dropout(X, _parameters(rng, dims), keep_prob)[1]
        label = _label(dims, m, keep_prob=keep_prob)
        out.append(Case((X, labels(rng, m), cache, keep_prob), label, seed=0, m=m))
    return out


def _new_masks(seed: bool, order: tuple[int, ...]) -> Masks:
    """Masks drawn anew in the backward pass for the layers ``order``, in that order
    (after ``np.random.seed(1)`` or not), not the forward pass's."""

    def masks(A: dict[int, Array], keep_prob: float) -> dict[int, Array]:
        if seed:
            np.random.seed(1)
        return {l: np.random.rand(*A[l].shape) < keep_prob for l in order}

    return masks


def _no_masks(layers: tuple[int, ...]) -> Masks:
    """No mask at all in the layers ``layers``."""

    def masks(A: dict[int, Array], keep_prob: float) -> dict[int, Array]:
        return {l: np.ones(A[l].shape) for l in layers}

    return masks


#: The hidden layers a learner may get wrong: the first, the second, or both.
_LAYERS = ((1,), (2,), (1, 2))


def _common(variant: Callable[..., Callable[..., Any]]) -> tuple[Mistake, ...]:
    """Mistakes of both backward passes: the 1/m left out, db summed over the examples' axis."""
    return (Mistake("missing-1/m", variant(mean=False)), Mistake("sum-axis", variant(axis=0)))


#: The dropout forward pass's mistakes: (code, knobs of :func:`_forward_dropout_variant`).
_FORWARD_MISTAKES: list[tuple[str, dict[str, Any]]] = [
    ("dropout-mask", {"keep": lambda r, k: r > k}),
    ("dropout-mask", {"keep": lambda r, k: r < 1 - k}),
    ("dropout-mask", {"draw": "randn"}),
    ("dropout-scale", {"scale": lambda k: 1.0}),
    ("dropout-scale", {"scale": lambda k: k}),
]

GRADED = [
    Graded(
        "compute_cost_with_regularization",
        _cost_cases,
        (
            *(Mistake("l2-factor", _cost_variant(l2=f)) for f in _COST_FACTORS),
            Mistake("regularized-bias", _cost_variant(bias=lambda lambd, m: lambd / (2 * m))),
            Mistake("sign", _cost_variant(sign=-1.0)),
        ),
    ),
    Graded(
        "backward_propagation_with_regularization",
        _backward_l2_cases,
        (
            *(Mistake("l2-factor", _l2_variant(l2=f)) for f in _GRADIENT_FACTORS),
            Mistake("regularized-bias", _l2_variant(bias=lambda lambd, m: lambd / m)),
            *_common(_l2_variant),
        ),
    ),
    Graded(
        "forward_propagation_with_dropout",
        _forward_dropout_cases,
        tuple(
            Mistake(code, _forward_dropout_variant(layers, **knobs))
            for layers in _LAYERS
            for code, knobs in _FORWARD_MISTAKES
        ),
        cache="[1]",
    ),
    Graded(
        "backward_propagation_with_dropout",
        _backward_dropout_cases,
        (
            *(
                Mistake("dropout-scale", _dropout_variant(scale=scale, scaled=layers))
                for layers in _LAYERS
                for scale in (lambda k: 1.0, lambda k: k)
            ),
            *(
                Mistake("dropout-mask-reuse", _dropout_variant(masks=_no_masks(layers)))
                for layers in _LAYERS
            ),
            *(
                Mistake("dropout-mask-reuse", _dropout_variant(masks=_new_masks(seed, order)))
                for seed in (False, True)
                for order in ((2,), (1,), (2, 1), (1, 2))
            ),
            *_common(_dropout_variant),
        ),
    ),
]
