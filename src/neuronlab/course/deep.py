"""Lab 3.3's course helpers (the step-by-step notebook): ``dnn_utils`` (``dnn_utils_v2``
in 2019) and the test cases (``testCases_v4a`` 2019, ``testCases`` 2021, ``test_cases``
2023, the same ten functions in all three).

The four ``dnn_utils`` functions — ``sigmoid``, ``relu`` and their backward steps, with
the lab's ``(A, cache = Z)`` layout — are the application notebook's too: its
``dnn_app_utils`` gives them under the same names, so the deep_app helpers call these.

The test cases return the course's own inputs — seeds, shapes, literal numbers of
COURSE_FILES.md §4 — so a notebook's printed numbers match its "Expected Output".
Like the course's, they seed NumPy's **global** stream.  The public tests are plain
:func:`neuronlab.course.grading.grade` calls (see :mod:`.registry`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from neuronlab.labs import deep

Array = np.ndarray
Params = dict[str, Array]
LinearCache = tuple[Array, Array, Array]


# -------------------------------------------------------------------- dnn_utils
def sigmoid(Z: Any) -> tuple[Array, Array]:
    """``(A, cache)``: ``A = 1 / (1 + e^{-Z})`` (the engine's overflow-free form) and
    ``cache = Z``, kept for :func:`sigmoid_backward`."""
    return deep.sigmoid(Z)


def relu(Z: Any) -> tuple[Array, Array]:
    """``(A, cache)``: ``A = max(0, Z)`` and ``cache = Z``, kept for :func:`relu_backward`."""
    return deep.relu(Z)


def sigmoid_backward(dA: Any, cache: Any) -> Array:
    """``dZ = dA · s · (1 - s)`` with ``s = σ(Z)``, ``Z = cache``; same shape as ``dA``."""
    return deep.sigmoid_backward(dA, cache)


def relu_backward(dA: Any, cache: Any) -> Array:
    """``dZ``: a copy of ``dA`` with 0 where ``Z = cache`` is ≤ 0; ``dA`` is unchanged."""
    return deep.relu_backward(dA, cache)


# ------------------------------------------------------------------- test cases
def _layer(n_prev: int, m: int) -> tuple[Array, Array, Array]:
    """``A (n_prev, m)``, ``W (1, n_prev)``, ``b (1, 1)``, drawn in that order."""
    return np.random.randn(n_prev, m), np.random.randn(1, n_prev), np.random.randn(1, 1)


def _parameters(dims: list[int]) -> Params:
    """``W{l} = randn(n_l, n_{l-1})`` then ``b{l} = randn(n_l, 1)``, layer by layer."""
    out = {}
    for l in range(1, len(dims)):
        out[f"W{l}"] = np.random.randn(dims[l], dims[l - 1])
        out[f"b{l}"] = np.random.randn(dims[l], 1)
    return out


def linear_forward_test_case() -> tuple[Array, Array, Array]:
    """Seed 1: ``(A (3, 2), W (1, 3), b (1, 1))``."""
    np.random.seed(1)
    return _layer(3, 2)


def linear_activation_forward_test_case() -> tuple[Array, Array, Array]:
    """Seed 2: ``(A_prev (3, 2), W (1, 3), b (1, 1))``."""
    np.random.seed(2)
    return _layer(3, 2)


def L_model_forward_test_case() -> tuple[Array, Params]:
    """Seed 1: ``(X (4, 2), parameters)`` of a 2-layer net ``[4, 3, 1]``."""
    np.random.seed(1)
    X = np.random.randn(4, 2)
    return X, _parameters([4, 3, 1])


def compute_cost_test_case() -> tuple[Array, Array]:
    """``(Y, aL)``: ``Y = [[1, 1, 0]]`` (integers), ``aL = [[0.8, 0.9, 0.4]]`` — labels
    first, the reverse of ``compute_cost(AL, Y)``'s order, as in the course."""
    return np.asarray([[1, 1, 0]]), np.array([[0.8, 0.9, 0.4]])


def linear_backward_test_case() -> tuple[Array, LinearCache]:
    """Seed 1: ``(dZ (3, 4), linear_cache = (A (5, 4), W (3, 5), b (3, 1)))``."""
    np.random.seed(1)
    dZ = np.random.randn(3, 4)
    A = np.random.randn(5, 4)
    W = np.random.randn(3, 5)
    b = np.random.randn(3, 1)
    return dZ, (A, W, b)


def linear_activation_backward_test_case() -> tuple[Array, tuple[LinearCache, Array]]:
    """Seed 2: ``(dA (1, 2), ((A (3, 2), W (1, 3), b (1, 1)), Z (1, 2)))``."""
    np.random.seed(2)
    dA = np.random.randn(1, 2)
    A, W, b = _layer(3, 2)
    Z = np.random.randn(1, 2)
    return dA, ((A, W, b), Z)


def L_model_backward_test_case() -> tuple[Array, Array, tuple[Any, ...]]:
    """Seed 3: ``(AL (1, 2), Y = [[1, 0]], caches)`` of a 2-layer net ``[4, 3, 1]``:
    each cache ``((A_prev, W, b), Z)`` drawn A_prev, W, b, Z in turn."""
    np.random.seed(3)
    AL = np.random.randn(1, 2)
    Y = np.array([[1, 0]])
    caches = []
    for n_prev, n in ((4, 3), (3, 1)):
        A = np.random.randn(n_prev, 2)
        W = np.random.randn(n, n_prev)
        b = np.random.randn(n, 1)
        Z = np.random.randn(n, 2)
        caches.append(((A, W, b), Z))
    return AL, Y, tuple(caches)


def update_parameters_test_case() -> tuple[Params, Params]:
    """``(parameters, grads)`` of a net ``[4, 3, 1]``: W1, b1, W2, b2 after seed 2,
    dW1, db1, dW2, db2 after seed 3."""
    np.random.seed(2)
    W1, b1 = np.random.randn(3, 4), np.random.randn(3, 1)
    W2, b2 = np.random.randn(1, 3), np.random.randn(1, 1)
    np.random.seed(3)
    dW1, db1 = np.random.randn(3, 4), np.random.randn(3, 1)
    dW2, db2 = np.random.randn(1, 3), np.random.randn(1, 1)
    return (
        {"W1": W1, "b1": b1, "W2": W2, "b2": b2},
        {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2},
    )


def L_model_forward_test_case_2hidden() -> tuple[Array, Params]:
    """Seed 6: ``(X (5, 4), parameters)`` of a 3-layer net ``[5, 4, 3, 1]``."""
    np.random.seed(6)
    X = np.random.randn(5, 4)
    return X, _parameters([5, 4, 3, 1])


def print_grads(grads: Any) -> None:
    """Print ``dW1``, ``db1`` and ``dA1`` of ``grads``, one ``name = value`` line each."""
    for key in ("dW1", "db1", "dA1"):
        print(f"{key} = {grads[key]}")
