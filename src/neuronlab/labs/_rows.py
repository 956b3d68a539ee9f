"""Lab 3.8's row convention ↔ the engine's columns: the digits facade's adapters.

The exercise (:mod:`neuronlab.labs.digits`) keeps one example per row with a bias
column of ones, ``X`` of shape (m, 1 + n); weight matrices ``Theta1`` of shape
(h, 1 + n) and ``Theta2`` of shape (K, 1 + h) whose column 0 is the bias; and one
flat ``theta = [Theta1.ravel(), Theta2.ravel()]`` (row-major).  The engine keeps
examples in columns, ``W`` and ``b`` apart, and its own flat order ``W1, b1, W2, b2``
(:mod:`neuronlab.flatten`).  These functions convert sizes, orders and shapes at
that edge — the counterpart, for the row convention, of :mod:`neuronlab.labs._adapt`.
No formula is re-derived here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from neuronlab import _validation as v
from neuronlab.network import Network

Array = np.ndarray
Dims = tuple[int, int, int]


def size_of(dims: Dims) -> int:
    """``h (n + 1) + K (h + 1)``: the length of ``theta`` for sizes ``(n, h, K)``."""
    n, h, K = dims
    return h * (n + 1) + K * (h + 1)


def check_dims(layer_dims: Sequence[int]) -> Dims:
    """``(n, h, K)``: three positive sizes."""
    dims = tuple(layer_dims)
    if len(dims) != 3:
        raise ValueError(f"layer_dims: expected 3 sizes (n, h, K), got {layer_dims!r}")
    n, h, K = (v.check_int("layer_dims", d, minimum=1) for d in dims)
    return n, h, K


def as_vector(name: str, seq: Any) -> Array:
    """``seq`` as a non-empty, finite float64 vector of shape (k,)."""
    arr = np.asarray(seq, dtype=np.float64)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name}: expected a non-empty 1-D vector, got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name}: expected finite values, got NaN or inf")
    return arr


def dims_for(theta: Array, n: int, K: int) -> Dims:
    """``(n, h, K)`` from ``len(theta) = h (n + 1) + K (h + 1)``."""
    rest = theta.size - K
    if rest <= 0 or rest % (n + 1 + K):
        raise ValueError(
            f"theta: expected h·{n + 1} + {K}·(h + 1) numbers for {n} inputs and {K} labels "
            f"(10285 for 400-25-10), got {theta.size}; check the bias column of X and y's "
            "number of labels (y one-hot (m, K) or layer_dims=(n, h, K))"
        )
    return n, rest // (n + 1 + K), K


def design(X: Any) -> Array:
    """``X`` of shape (m, 1 + n) with its bias column of ones checked."""
    X = v.check_matrix("X", X, dtype=np.dtype(np.float64))
    if X.shape[1] < 2 or not np.all(X[:, 0] == 1):
        raise ValueError(
            f"X: expected shape (m, 1 + n) with a bias column of ones at column 0 "
            f"(np.insert(X, 0, 1, axis=1)), got shape {X.shape} without it"
        )
    return X


@lru_cache(maxsize=16)
def engine_order(dims: Dims) -> Array:
    """Index array with ``engine_theta = lab_theta[order]``.

    The lab packs ``Theta1 = [b1 | W1]`` row by row, then ``Theta2``; the
    engine packs ``W1, b1, W2, b2`` (see :mod:`neuronlab.flatten`).
    """
    n, h, K = dims
    idx = np.arange(size_of(dims))
    t1 = idx[: h * (n + 1)].reshape(h, n + 1)
    t2 = idx[h * (n + 1) :].reshape(K, h + 1)
    return np.concatenate([t1[:, 1:].ravel(), t1[:, 0], t2[:, 1:].ravel(), t2[:, 0]])


def to_lab(engine_vector: Array, dims: Dims) -> Array:
    """An engine-ordered vector (parameters or gradient) in the lab's ``theta`` order."""
    out = np.empty(engine_vector.size)
    out[engine_order(dims)] = engine_vector
    return out


def engine_network(theta: Array, dims: Dims, dtype: Any = "float64") -> Network:
    """The engine's sigmoid-sigmoid network ``[n, h, K]`` holding ``theta`` (lab layout)."""
    net = Network(
        list(dims),
        hidden_activation="sigmoid",
        output_activation="sigmoid",
        initializer="zeros",
        seed=None,
        dtype=dtype,
    )
    net.theta[:] = theta[engine_order(dims)]
    return net
