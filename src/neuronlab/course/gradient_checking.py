"""Lab 3.6's course helpers: the test case of ``testCases`` (2019, 2021) / ``test_cases``
(2023).  ``gc_utils``' names are :mod:`neuronlab.labs.gradient_checking`'s as they are
(its ``sigmoid`` is ``planar_utils``' and its ``relu`` ``init_utils``').

Like the course's, the test case seeds NumPy's **global** stream.
"""

from __future__ import annotations

import numpy as np

from neuronlab.labs import gradient_checking

Array = np.ndarray


def gradient_check_n_test_case() -> tuple[Array, Array, dict[str, Array]]:
    """``(x (4, 3), y [1, 1, 0], parameters)``: after ``np.random.seed(1)``, ``x =
    randn(4, 3)``, then ``W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1,
    1)`` drawn in that order; NumPy's global stream is left after the last draw."""
    x, y, parameters = gradient_checking.gradient_check_n_test_case()
    stream = np.random.RandomState(1)
    stream.randn(gradient_checking.LAYOUT.size + x.size)  # the same draws, in one
    np.random.set_state(stream.get_state())
    return x, y, parameters
