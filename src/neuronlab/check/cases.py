"""What a row of the check's table is made of: a call (:class:`Case`), a known mistake
(:class:`Mistake`), a graded function (:class:`Graded`), and the helpers that draw inputs.

A row names a course function, how to draw its inputs — the course's published test
case first, then fresh random ones of other sizes from the check's seed — the engine's
answer (the lab facade's function of the same name unless another is given), answers of
other course versions that are right too, and the mistakes learners make, each as the
wrong result it gives on the same inputs.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Array = np.ndarray
RNG = np.random.RandomState


@dataclass(frozen=True)
class Case:
    """One call: ``args``/``kwargs``, a label for the learner, ``m`` (examples, for the
    1/m diagnoses) and ``seed``: ``np.random.seed(seed)`` before each call, for
    functions that draw from NumPy's global stream."""

    args: tuple[Any, ...]
    label: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    published: bool = False
    seed: int | None = None
    m: int | None = None

    def fresh(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """Deep copies of the arguments (each call gets its own)."""
        return copy.deepcopy(self.args), copy.deepcopy(self.kwargs)


@dataclass(frozen=True)
class Mistake:
    """A known mistake: its diagnosis code and the wrong result it gives (same arguments)."""

    code: str
    wrong: Callable[..., Any]


@dataclass(frozen=True)
class Graded:
    """A graded function of a lab (see the module docstring)."""

    name: str
    cases: Callable[[RNG], list[Case]]
    mistakes: tuple[Mistake, ...] = ()
    alternatives: tuple[tuple[str, Callable[..., Any]], ...] = ()  # (course version, answer)
    reference: Callable[..., Any] | None = None
    pure: bool = True  # must not modify its arguments
    cache: str | None = None  # where the result holds the lab's cache ("[1]")
    old_form: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None = None  # older signature

    def answer(self, lab: str) -> Callable[..., Any]:
        if self.reference is not None:
            return self.reference
        return getattr(importlib.import_module(f"neuronlab.labs.{facade(lab)}"), self.name)


#: Labs whose answers are another lab's facade (the cat application is lab 3.3's second
#: notebook: its models are in ``neuronlab.labs.deep``).
FACADES = {"deep_app": "deep"}


def facade(lab: str) -> str:
    """The facade module (in ``neuronlab.labs``) that answers ``lab``'s functions."""
    return FACADES.get(lab, lab)


# ----------------------------------------------------------------- drawing inputs
def labels(rng: RNG, m: int, rows: int = 1) -> Array:
    return (rng.rand(rows, m) > 0.5).astype(np.float64)


def sizes(rng: RNG, k: int = 3) -> list[tuple[int, int]]:
    """``k`` (n_x, m) pairs, small to large, none like the course's."""
    pairs = [(2, 5), (3, 8), (6, 13), (9, 21)]
    return pairs[: k - 1] + [(int(rng.randint(4, 12)), int(rng.randint(10, 40)))]


def seeded(seed: int, draw: Callable[[], Any]) -> Any:
    """What ``draw`` returns after ``np.random.seed(seed)``, as the course's tests build
    their inputs — from a private RandomState, NumPy's global state untouched."""
    state = np.random.get_state()
    try:
        np.random.seed(seed)
        return draw()
    finally:
        np.random.set_state(state)


def two_layer_start(
    scale: float, draw: str = "randn", w2_first: bool = False, seed: int | None = None
) -> Callable[[int, int, int], dict[str, Array]]:
    """A 2-layer ``initialize_parameters(n_x, n_h, n_y)`` with another scale or
    distribution (``draw``: ``randn`` or ``rand``), or W2 drawn first: the known
    init mistakes. ``seed``: the lab seeds inside (else NumPy's global stream)."""

    def wrong(n_x: int, n_h: int, n_y: int) -> dict[str, Array]:
        stream: Any = np.random if seed is None else np.random.RandomState(seed)
        rand = getattr(stream, draw)
        if w2_first:
            W2 = rand(n_y, n_h) * scale
            W1 = rand(n_h, n_x) * scale
        else:
            W1 = rand(n_h, n_x) * scale
            W2 = rand(n_y, n_h) * scale
        return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}

    return wrong
