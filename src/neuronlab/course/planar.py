"""Lab 3.2's course helpers: ``planar_utils``, the test cases (``testCases_v2``,
``test_cases``) and the public tests that are more than a check of one function.

The test cases return the course's own inputs — seeds, shapes, literal numbers of
COURSE_FILES.md §4 — so a notebook's printed numbers match its "Expected Output".
Like the course's, they seed NumPy's **global** stream.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from neuronlab.course.grading import PASSED, expect_equal, grade
from neuronlab.labs import planar

Array = np.ndarray


# ------------------------------------------------------------------ planar_utils
def plot_decision_boundary(model: Callable[[Array], Any], X: Any, y: Any) -> None:
    """Shade the plane by ``model`` — called on points as rows, (N, 2), as the course's
    helper calls it — and scatter ``X`` (2, m) coloured by ``y``, on pyplot's current
    axes (the notebook adds its title; nothing is shown or returned)."""
    import matplotlib.pyplot as plt

    from neuronlab.plots import decision_boundary

    decision_boundary(lambda grid: np.asarray(model(grid.T)), X, y, ax=plt.gca())


def sigmoid(x: Any) -> Any:
    """``1 / (1 + e^{-x})`` elementwise, any shape (the engine's overflow-free form)."""
    from neuronlab.activations import get_activation

    return get_activation("sigmoid").forward(np.asarray(x, dtype=np.float64))


def load_planar_dataset() -> tuple[Array, Array]:
    """The 400-point flower, ``X (2, 400)``, ``Y (1, 400)`` uint8.  NumPy's global
    stream is left where the course's helper leaves it (``np.random.seed(1)``, then
    two draws of 200 per class), so the notebook's later draws are the course's."""
    X, Y = planar.load_planar_dataset()
    stream = np.random.RandomState(1)
    for _ in range(2 * 2):  # per class: the angles' noise, then the radii's
        stream.randn(X.shape[1] // 2)
    np.random.set_state(stream.get_state())
    return X, Y


def load_extra_datasets() -> tuple[tuple[Array, Array], ...]:
    """``(noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure)``, each
    ``(X (200, 2), y (200,))``, drawn from the global stream as in the course."""
    return planar.load_extra_datasets()


def model_accuracy(y_true: Any, y_pred: Any) -> float:
    """Percentage of equal entries: ``100 · count(y_true == y_pred) / y_true.shape[1]``."""
    y_true = np.asarray(y_true)
    return float(100 * np.sum(y_true == np.asarray(y_pred)) / y_true.shape[1])


# ------------------------------------------------------------------- test cases
#: The course's parameters of its update and predict test cases.
PARAMETERS = {
    "W1": [
        [-0.00615039, 0.0169021],
        [-0.02311792, 0.03137121],
        [-0.0169217, -0.01752545],
        [0.00935436, -0.05018221],
    ],
    "W2": [[-0.0104319, -0.04019007, 0.01607211, 0.04440255]],
    "b1": [[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.545607e-06]],
    "b2": [[9.14954378e-05]],
}
GRADS = {
    "dW1": [
        [0.00023322, -0.00205423],
        [0.00082222, -0.00700776],
        [-0.00031831, 0.0028636],
        [-0.00092857, 0.00809933],
    ],
    "dW2": [[-1.75740039e-05, 0.00370231337, -0.00125683095, -0.00255715317]],
    "db1": [[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07], [5.46467802e-07]],
    "db2": [[-1.0892314e-05]],
}
#: The small weights of the forward, cost and backward test cases.
SMALL_W1 = [
    [-0.00416758, -0.00056267],
    [-0.02136196, 0.01640271],
    [-0.01793436, -0.00841747],
    [0.00502881, -0.01245288],
]
SMALL_W2 = [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]]
A2 = [[0.5002307, 0.49985831, 0.50023963]]
CACHE = {
    "A1": [
        [-0.00616578, 0.0020626, 0.00349619],
        [-0.05225116, 0.02725659, -0.02646251],
        [-0.02009721, 0.0036869, 0.02883756],
        [0.02152675, -0.01385234, 0.02599885],
    ],
    "A2": A2,
    "Z1": [
        [-0.00616586, 0.0020626, 0.0034962],
        [-0.05229879, 0.02726335, -0.02646869],
        [-0.02009991, 0.00368692, 0.02884556],
        [0.02153007, -0.01385322, 0.02600471],
    ],
    "Z2": [[0.00092281, -0.00056678, 0.00095853]],
}


def _arrays(d: dict[str, Any]) -> dict[str, Array]:
    return {k: np.array(v) for k, v in d.items()}


def _small_parameters() -> dict[str, Array]:
    return {
        "W1": np.array(SMALL_W1),
        "W2": np.array(SMALL_W2),
        "b1": np.zeros((4, 1)),
        "b2": np.zeros((1, 1)),
    }


def layer_sizes_test_case() -> tuple[Array, Array]:
    np.random.seed(1)
    X_assess = np.random.randn(5, 3)
    Y_assess = np.random.randn(2, 3)
    return X_assess, Y_assess


def initialize_parameters_test_case() -> tuple[int, int, int]:
    return 2, 4, 1


def forward_propagation_test_case() -> tuple[Array, dict[str, Array]]:
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    b1 = np.random.randn(4, 1)
    parameters = {
        "W1": np.array(SMALL_W1),
        "W2": np.array(SMALL_W2),
        "b1": b1,
        "b2": np.array([[-1.3]]),
    }
    return X_assess, parameters


def compute_cost_test_case(version: str = "2021") -> tuple[Any, ...]:
    """``(a2, Y_assess)``; 2019: ``(a2, Y_assess, parameters)`` (its ``compute_cost``
    took the parameters too)."""
    np.random.seed(1)
    Y_assess = np.random.randn(1, 3) > 0
    if version == "2019":
        return np.array(A2), Y_assess, _small_parameters()
    return np.array(A2), Y_assess


def backward_propagation_test_case() -> tuple[Any, ...]:
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    Y_assess = np.random.randn(1, 3) > 0
    return _small_parameters(), _arrays(CACHE), X_assess, Y_assess


def update_parameters_test_case() -> tuple[dict[str, Array], dict[str, Array]]:
    return _arrays(PARAMETERS), _arrays(GRADS)


def nn_model_test_case(version: str = "2021") -> tuple[Array, Array]:
    """Three examples (four in 2023), two features."""
    np.random.seed(1)
    m = 4 if version == "2023" else 3
    X_assess = np.random.randn(2, m)
    Y_assess = np.random.randn(1, m) > 0
    return X_assess, Y_assess


def predict_test_case() -> tuple[dict[str, Array], Array]:
    np.random.seed(1)
    X_assess = np.random.randn(2, 3)
    return _arrays(PARAMETERS), X_assess


# ---------------------------------------------------------------- public tests
def dataset_test(shape_X: Any, shape_Y: Any, m: Any) -> None:
    """The notebook's shapes of the flower set and its number of examples."""
    X, Y = planar.load_planar_dataset()
    expect_equal(
        "dataset_test",
        [("shape_X", shape_X, X.shape), ("shape_Y", shape_Y, Y.shape), ("m", m, X.shape[1])],
    )


def nn_model_test(target: Callable[..., Any], version: str = "2021") -> None:
    """Graded by the check; then, as the course's test, trained on its test case for
    10000 iterations with the cost printed, and the parameters printed."""
    grade(target, "planar", "nn_model", passed=None)
    X, Y = nn_model_test_case(version)
    parameters = target(X, Y, 4, num_iterations=10000, print_cost=True)
    for key in ("W1", "b1", "W2", "b2"):
        print(f"{key} = {parameters[key]}")
    print(PASSED)
