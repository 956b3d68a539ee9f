"""Lab 3.3's application notebook: ``dnn_app_utils_v3`` (2019, 2021) / ``dnn_app_utils``
(2023) — the cat pictures, the four activation helpers, the course's complete step-by-step
functions the learner's two models are built from, ``predict`` and
``print_mislabeled_images``.

The math is :mod:`neuronlab.labs.deep`'s.  Where the course's helper differs from the
facade, this module adapts at the edge (COURSE_FILES.md §3):

* its ``initialize_parameters_deep`` is the application's (``randn / √n_{l-1}``, seed 1),
  not the step-by-step one of the same name;
* its two initialisers call ``np.random.seed(1)``: NumPy's global stream is left where the
  course's leaves it, so a notebook's later draws are the course's;
* its ``update_parameters`` updates the given dict (new arrays under its keys) and
  returns it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from neuronlab.course import lr
from neuronlab.labs import deep

Array = np.ndarray
Params = dict[str, Array]

#: The seed the course's initialisers set inside.
SEED = 1


def _leave_stream(shapes: Sequence[tuple[int, int]]) -> None:
    """NumPy's global stream as the course's ``np.random.seed(1)`` and ``randn`` of each of
    ``shapes`` leave it (the facade draws the same numbers from a private stream)."""
    stream = np.random.RandomState(SEED)
    for shape in shapes:
        stream.randn(*shape)
    np.random.set_state(stream.get_state())


# ----------------------------------------------------------------------- data
def load_data(version: str) -> tuple[Any, ...]:
    """The cat pictures, as ``lr_utils.load_dataset`` of the same version reads them:
    ``(train_x_orig (209, 64, 64, 3), train_y (1, 209), test_x_orig (50, 64, 64, 3),
    test_y (1, 50), classes)``."""
    return lr.load_dataset(version, lab="deep_app")


# ------------------------------------------------------------- initialisers
def initialize_parameters(n_x: int, n_h: int, n_y: int) -> Params:
    """``W1 = randn(n_h, n_x)·0.01``, ``W2 = randn(n_y, n_h)·0.01``, zero biases (seed 1)."""
    parameters = deep.initialize_parameters(n_x, n_h, n_y)
    _leave_stream([(n_h, n_x), (n_y, n_h)])
    return parameters


def initialize_parameters_deep(layer_dims: Sequence[int]) -> Params:
    """The application's start: ``W{l} = randn(n_l, n_{l-1}) / √n_{l-1}``, zero biases
    (seed 1) — not the step-by-step lab's ``×0.01``."""
    parameters = deep.initialize_parameters_deep_app(layer_dims)
    dims = list(layer_dims)
    _leave_stream([(dims[l], dims[l - 1]) for l in range(1, len(dims))])
    return parameters


# ----------------------------------------------------------------- training
def update_parameters(parameters: Any, grads: Any, learning_rate: float) -> Any:
    """One gradient-descent step on every layer; ``parameters`` itself is updated (new
    arrays under its keys) and returned, as the course's helper does."""
    parameters.update(deep.update_parameters(parameters, grads, learning_rate))
    return parameters


# ------------------------------------------------------------------ results
def predict(X: Any, y: Any, parameters: Any) -> Array:
    """Labels ``AL > 0.5`` (1, m) as 0./1. floats; prints ``Accuracy: …`` as the course."""
    return deep.predict(X, y, parameters)


def print_mislabeled_images(classes: Any, X: Any, y: Any, p: Any) -> None:
    """The pictures ``X`` (12288, m) whose prediction ``p`` differs from the label ``y``,
    side by side on one row of a 2 × n grid of pyplot's current figure (the course sets
    ``figure.figsize`` to 40 × 40 inches first), each titled ``Prediction: <class>`` and
    ``Class: <class>``.  Nothing is returned; ``%matplotlib inline`` shows the figure."""
    import matplotlib.pyplot as plt

    from neuronlab.data import class_names

    names = class_names(classes)
    X = np.asarray(X)
    wrong = deep.mislabeled_indices(y, p)
    y_row = np.asarray(y).reshape(-1).astype(int)
    p_row = np.asarray(p).reshape(-1).astype(int)
    plt.rcParams["figure.figsize"] = (40.0, 40.0)
    for i, index in enumerate(wrong):
        plt.subplot(2, len(wrong), i + 1)
        plt.imshow(X[:, index].reshape(64, 64, 3), interpolation="nearest")
        plt.axis("off")
        plt.title(f"Prediction: {names[p_row[index]]} \n Class: {names[y_row[index]]}")
