"""Shared fixtures: small seeded problems for the engine tests."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)


@pytest.fixture
def problem():
    """``problem(kind, n_x=4, m=30, n_out=3, seed=0) -> (X, Y)``: see :func:`make_problem`."""
    return make_problem


def make_problem(kind: str, n_x: int = 4, m: int = 30, n_out: int = 3, seed: int = 0):
    """``(X, Y)`` for an output kind: "sigmoid" (0/1), "softmax" (labels), "identity" (reals)."""
    r = np.random.default_rng(seed)
    X = r.standard_normal((n_x, m))
    if kind == "sigmoid":
        Y = (r.random((1, m)) > 0.5).astype(float)
    elif kind == "softmax":
        Y = r.integers(0, n_out, (1, m))
    else:
        Y = r.standard_normal((1, m))
    return X, Y
