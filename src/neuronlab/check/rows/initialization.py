"""3.4 Initialization: the graded functions, their inputs and known mistakes.

The random and He initialisers call ``np.random.seed(3)`` inside (every course
version), so a case's own seed only makes a learner's missing seed fail the same way
each run.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from neuronlab.check.cases import RNG, Array, Case, Graded, Mistake

Scale = Callable[[int, int], float]  # (n_l, n_{l-1}) → the factor of W{l}


def _cases(course: list[int]) -> Callable[[RNG], list[Case]]:
    def cases(rng: RNG) -> list[Case]:
        out = [Case((course,), f"the course's test case: layers_dims = {course}", published=True,
                    seed=1)]  # fmt: skip
        dims = [
            [2, 4, 1],
            [5, 3, 6, 1],
            [int(rng.randint(2, 6)), int(rng.randint(7, 12)), int(rng.randint(3, 7)), 1],
        ]
        return out + [Case((d,), f"layers_dims = {d}", seed=1) for d in dims]

    return cases


def _init_variant(
    scale: Scale,
    draw: str = "randn",
    transposed: bool = False,
    reverse: bool = False,
    seed: int | None = 3,
) -> Callable[[list[int]], dict[str, Array]]:
    """The lab's initialiser with one thing changed: the factor, the distribution, the
    shape it draws (``transposed``: ``(n_{l-1}, n_l)``), or the order of the layers."""

    def wrong(layers_dims: list[int]) -> dict[str, Array]:
        if seed is not None:
            np.random.seed(seed)
        rand = getattr(np.random, draw)
        layers = list(range(1, len(layers_dims)))
        parameters: dict[str, Array] = {}
        for l in reversed(layers) if reverse else layers:
            n, n_prev = layers_dims[l], layers_dims[l - 1]
            shape = (n_prev, n) if transposed else (n, n_prev)
            parameters[f"W{l}"] = rand(*shape) * scale(n, n_prev)
            parameters[f"b{l}"] = np.zeros((n, 1))
        return parameters

    return wrong


_SCALES: dict[str, Scale] = {
    "×1": lambda n, p: 1.0,
    "×0.01": lambda n, p: 0.01,
    "×10": lambda n, p: 10.0,
    "√(2/n_prev)": lambda n, p: np.sqrt(2 / p),
    "√(1/n_prev)": lambda n, p: np.sqrt(1 / p),
    "√(2/n)": lambda n, p: np.sqrt(2 / n),
    "√(1/n)": lambda n, p: np.sqrt(1 / n),
    "2/√n_prev": lambda n, p: 2 / np.sqrt(p),
    "√2/n_prev": lambda n, p: np.sqrt(2) / p,
}


def _mistakes(right: str) -> tuple[Mistake, ...]:
    """The mistakes of an initialiser whose factor is ``_SCALES[right]``."""
    scale = _SCALES[right]
    others = [s for name, s in _SCALES.items() if name != right]
    return (
        *(Mistake("init-scale", _init_variant(s)) for s in others),
        Mistake("init-scale", _init_variant(scale, draw="rand")),
        Mistake("transposed", _init_variant(scale, transposed=True)),
        Mistake("init-order", _init_variant(scale, reverse=True)),
    )


GRADED = [
    Graded("initialize_parameters_zeros", _cases([3, 2, 1])),
    Graded("initialize_parameters_random", _cases([3, 2, 1]), _mistakes("×10")),
    Graded("initialize_parameters_he", _cases([3, 1, 2]), _mistakes("√(2/n_prev)")),
]
