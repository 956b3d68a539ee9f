"""Lab 3.7's course helpers: ``opt_utils_v1a`` / ``opt_utils`` and the test cases
(``testCases``, ``test_cases``).

The notebook's graded functions are checked by :mod:`neuronlab.course.grading`; this
module gives the rest: the moons, the 3-layer helpers of the lab facade (He start after
seed 3, the **summed** cost its ``model`` divides by ``m``), the decision-boundary plot.
The test cases return the course's own inputs (COURSE_FILES.md §4) — the 2023 ones
have other shapes and Adam's hyperparameters in the case — and, like the course's,
seed NumPy's **global** stream.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from neuronlab.check.rows.optimization import course_params
from neuronlab.course.regularization import scatter
from neuronlab.labs import optimization as lab

Array = np.ndarray
Params = dict[str, Array]

#: The shapes of W1 and W2 in each version's test cases: gd, momentum and Adam …
UPDATE_SHAPES = {"2019": ((2, 3), (3, 3)), "2021": ((2, 3), (3, 3)), "2023": ((2, 3), (3, 2))}
#: … initialize_velocity's …
VELOCITY_SHAPES = {"2019": ((2, 3), (3, 3)), "2021": ((2, 3), (3, 3)), "2023": ((3, 2), (3, 3))}
#: … and initialize_adam's.
ADAM_INIT_SHAPES = UPDATE_SHAPES
#: The 2023 Adam test case's ``t, learning_rate, beta1, beta2, epsilon``.
ADAM_HYPER = (2, 0.02, 0.8, 0.888, 0.01)


# ------------------------------------------------------------------- opt_utils
def load_params_and_grads(seed: int = 1) -> tuple[Array, ...]:
    """``np.random.seed(seed)``, then ``W1 (2, 3), b1 (2, 1), W2 (3, 3), b2 (3, 1)`` and
    the four gradients of the same shapes, drawn in that order: eight arrays."""
    np.random.seed(seed)
    p, g = course_params((2, 3), (3, 3), True)
    return (*p.values(), *g.values())


def load_dataset() -> tuple[Array, Array]:
    """The moons, ``train_X (2, 300)``, ``train_Y (1, 300)`` (``make_moons(300,
    noise=.2)`` after seed 3, drawn from a private stream), scattered on the current
    figure as the course's helper does."""
    train_X, train_Y = lab.load_dataset()
    scatter(train_X, train_Y)
    return train_X, train_Y


# ------------------------------------------------------------------- test cases
def update_parameters_with_gd_test_case(version: str = "2021") -> tuple[Params, Params, float]:
    np.random.seed(1)
    learning_rate = 0.01
    parameters, grads = course_params(*UPDATE_SHAPES[version], True)
    return parameters, grads, learning_rate


def random_mini_batches_test_case() -> tuple[Array, Array, int]:
    np.random.seed(1)
    mini_batch_size = 64
    X = np.random.randn(12288, 148)
    Y = np.random.randn(1, 148) < 0.5
    return X, Y, mini_batch_size


def initialize_velocity_test_case(version: str = "2021") -> Params:
    np.random.seed(1)
    return course_params(*VELOCITY_SHAPES[version], False)


def update_parameters_with_momentum_test_case(
    version: str = "2021",
) -> tuple[Params, Params, Params]:
    np.random.seed(1)
    parameters, grads = course_params(*UPDATE_SHAPES[version], True)
    return parameters, grads, lab.initialize_velocity(parameters)


def initialize_adam_test_case(version: str = "2021") -> Params:
    np.random.seed(1)
    return course_params(*ADAM_INIT_SHAPES[version], False)


def update_parameters_with_adam_test_case(version: str = "2021") -> tuple[Any, ...]:
    """``(parameters, grads, v, s)``; 2023: followed by ``t, learning_rate, beta1, beta2,
    epsilon`` (2, 0.02, 0.8, 0.888, 0.01)."""
    np.random.seed(1)
    parameters, grads = course_params(*UPDATE_SHAPES[version], True)
    v, s = lab.initialize_adam(parameters)
    if version == "2023":
        return parameters, grads, v, s, *ADAM_HYPER
    return parameters, grads, v, s
