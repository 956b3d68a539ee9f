"""Shared fixtures: small seeded problems for the engine tests."""

from __future__ import annotations

import os
from pathlib import Path

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


# ------------------------------------------------ neuronlab course (tests/test_course*.py)
@pytest.fixture
def no_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder: the cat files cannot be found."""
    empty = tmp_path / "no-data"
    empty.mkdir()
    monkeypatch.setenv("NEURONLAB_DATA", str(empty))
    return empty


@pytest.fixture
def data_dir() -> str:
    """The data folder of NEURONLAB_DATA, or a skip when the cat files are not in it."""
    shared = os.environ.get("NEURONLAB_DATA", "")
    for name in ("cat/train_catvnoncat.h5", "cat/test_catvnoncat.h5"):
        if not shared or not (Path(shared) / name).is_file():
            pytest.skip("the cat files are not in NEURONLAB_DATA")
    return shared
