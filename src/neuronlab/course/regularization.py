"""Lab 3.5's course helpers: ``reg_utils`` and the test cases (``testCases``, ``test_cases``).

The notebook's graded functions are checked by :mod:`neuronlab.course.grading`; this
module gives the rest.  The 3-layer helpers (``forward_propagation``, ``predict`` …) are
the lab facade's; the football set is read from ``datasets/data.mat`` beside the
notebook, as the course's 2019/2021 helper reads it.  The 2023 helper reads the same
411 points from a CSV (``datasets/football.csv``) that neuronlab has no verified copy of:
ours reads the ``.mat`` file in every version and splits it the 2023 way when given
``test_size`` — the same points, in the same order.

The test cases return the course's own inputs (COURSE_FILES.md §4); like the course's,
they seed NumPy's **global** stream.  The literal caches are the check's
(:mod:`neuronlab.check.rows.regularization`), which grades on the same inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from neuronlab.check.rows.regularization import (
    COURSE_Y,
    DROPOUT_CACHE,
    PLAIN_CACHE,
    course_parameters,
)
from neuronlab.data import DataFileMissing
from neuronlab.labs import regularization as lab

Array = np.ndarray
#: Where the course's helper reads the football set, relative to the notebook.
FOOTBALL = Path("datasets") / "data.mat"


# ---------------------------------------------------------------------- reg_utils
def relu(x: Any) -> Any:
    """``max(0, x)`` elementwise, any shape."""
    from neuronlab.activations import get_activation

    return get_activation("relu").forward(np.asarray(x, dtype=np.float64))


def plot_decision_boundary(model: Callable[[Array], Any], X: Any, y: Any) -> None:
    """As ``planar_utils``' (the model called on points as rows, on the current axes, whose
    limits the notebook may have set), then ``plt.show()``, as the course's helper ends."""
    import matplotlib.pyplot as plt

    from neuronlab.course.planar import plot_decision_boundary as draw

    draw(model, X, y)
    plt.show()


def scatter(X: Array, Y: Array) -> None:
    """The course loaders' picture of a training set: ``X`` (2, m) coloured by ``Y``."""
    import matplotlib.pyplot as plt

    plt.scatter(X[0, :], X[1, :], c=np.asarray(Y).reshape(-1), s=40, cmap=plt.cm.Spectral)


def load_2D_dataset(version: str, test_size: int | None = None) -> tuple[Array, ...]:
    """``(train_X (2, 211), train_Y (1, 211), test_X (2, 200), test_Y (1, 200))`` from
    ``datasets/data.mat`` beside the notebook (checked by digest) or, without it, from
    neuronlab's data folder; the training set scattered on the current figure.

    ``test_size`` (2023): the 411 points in file order (``X`` then ``Xval``), the last
    ``test_size`` of them the test set — 200 is the file's own split."""
    data_dir = FOOTBALL.parent if FOOTBALL.is_file() else None
    try:
        train_X, train_Y, test_X, test_Y = lab.load_2D_dataset(data_dir, test_size=test_size)
    except DataFileMissing as exc:
        raise DataFileMissing(
            f"the football set is neither at {FOOTBALL} (beside the notebook) nor in "
            f"neuronlab's data folder: {exc}; `neuronlab course regularization . --version "
            f"{version}` copies it here"
        ) from None
    scatter(train_X, train_Y)
    return train_X, train_Y, test_X, test_Y


# ------------------------------------------------------------------- test cases
def _cache(cache: tuple[Array, ...]) -> tuple[Array, ...]:
    return tuple(a.copy() for a in cache)


def compute_cost_with_regularization_test_case() -> tuple[Array, Array, dict[str, Array]]:
    np.random.seed(1)
    Y_assess = COURSE_Y.copy()
    parameters = course_parameters()  # W1 (2, 3), b1, W2 (3, 2), b2, W3 (1, 3), b3
    a3 = PLAIN_CACHE[9].copy()  # the course's a3: the A3 of its test cache
    return a3, Y_assess, parameters


def backward_propagation_with_regularization_test_case() -> tuple[Array, Array, tuple]:
    np.random.seed(1)
    X_assess = np.random.randn(3, 5)
    return X_assess, COURSE_Y.copy(), _cache(PLAIN_CACHE)


def forward_propagation_with_dropout_test_case() -> tuple[Array, dict[str, Array]]:
    np.random.seed(1)
    X_assess = np.random.randn(3, 5)
    return X_assess, course_parameters()


def backward_propagation_with_dropout_test_case() -> tuple[Array, Array, tuple]:
    np.random.seed(1)
    X_assess = np.random.randn(3, 5)
    return X_assess, COURSE_Y.copy(), _cache(DROPOUT_CACHE)
