"""Lab 3.4's course helpers: ``init_utils`` (2019 = 2021; 2023 drops ``load_cat_dataset``).

The math is :mod:`neuronlab.labs.initialization`'s; this module adapts the course's
edges (COURSE_FILES.md §3): ``load_dataset`` seeds NumPy's global stream and scatters the
training set as the course's does, ``update_parameters`` updates the given dict,
``plot_decision_boundary`` ends with ``plt.show()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from neuronlab.labs import initialization

Array = np.ndarray

#: The course's seeds of the training and the test circles.
TRAIN_SEED, TEST_SEED = 1, 2


def relu(x: Any) -> Any:
    """``max(0, x)`` elementwise, any shape."""
    from neuronlab.activations import get_activation

    return get_activation("relu").forward(np.asarray(x, dtype=np.float64))


def update_parameters(parameters: Any, grads: Any, learning_rate: float) -> Any:
    """One gradient-descent step on every layer; ``parameters`` itself is updated (new
    arrays under its keys) and returned, as the course's helper does."""
    parameters.update(initialization.update_parameters(parameters, grads, learning_rate))
    return parameters


def plot_decision_boundary(model: Callable[[Array], Any], X: Any, y: Any) -> None:
    """As ``planar_utils``' (``model`` called on points as rows, (N, 2)), then
    ``plt.show()``, as the course's ``init_utils`` does."""
    import matplotlib.pyplot as plt

    from neuronlab.course.planar import plot_decision_boundary as draw

    draw(model, X, y)
    plt.show()


def load_dataset() -> tuple[Array, Array, Array, Array]:
    """The circles: ``train_X (2, 300)``, ``train_Y (1, 300)``, ``test_X (2, 100)``,
    ``test_Y (1, 100)``; the training set scattered on pyplot's current axes.

    The course draws them from NumPy's global stream after ``np.random.seed(1)`` and
    ``np.random.seed(2)``; the facade draws the same points from private streams, and
    the global stream is left where the course's leaves it."""
    import matplotlib.pyplot as plt
    from sklearn.datasets import make_circles

    train_X, train_Y, test_X, test_Y = initialization.load_dataset()
    stream = np.random.RandomState(TEST_SEED)
    make_circles(n_samples=test_X.shape[1], noise=0.05, random_state=stream)
    np.random.set_state(stream.get_state())
    plt.scatter(train_X[0, :], train_X[1, :], c=train_Y.ravel(), s=40, cmap=plt.cm.Spectral)
    return train_X, train_Y, test_X, test_Y


def load_cat_dataset(version: str = "2021") -> tuple[Any, ...]:
    """The cat pictures flattened to columns and divided by 255: ``(train_x (12288,
    209), train_y (1, 209), test_x (12288, 50), test_y (1, 50), classes)``.  The
    notebook does not use it; read from ``datasets/`` beside it if there, else from
    neuronlab's data folder (``neuronlab course logistic_regression .`` copies the
    pictures there)."""
    from neuronlab.course.lr import load_dataset
    from neuronlab.images import flatten_images

    train_x, train_y, test_x, test_y, classes = load_dataset(version)
    return flatten_images(train_x), train_y, flatten_images(test_x), test_y, classes
