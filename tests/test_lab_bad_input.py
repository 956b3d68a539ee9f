"""Bad input to the lab facades names the argument (found missing by a review)."""

import numpy as np
import pytest

from neuronlab.labs import deep, initialization, optimization, planar, regularization

PARAMS = {
    "W1": np.ones((2, 3)),
    "b1": np.zeros((2, 1)),
    "W2": np.ones((1, 2)),
    "b2": np.zeros((1, 1)),
}
GRADS = {"d" + k: np.full_like(a, 0.1) for k, a in PARAMS.items()}


def without_db1(d):
    return {k: a for k, a in d.items() if k != "db1"}


def test_a_missing_key_names_its_dict():
    with pytest.raises(ValueError, match="grads: missing 'db1'"):
        optimization.update_parameters_with_gd(PARAMS, without_db1(GRADS), 0.1)
    v, s = optimization.initialize_adam(PARAMS)
    with pytest.raises(ValueError, match="v: missing 'db1'"):
        optimization.update_parameters_with_momentum(PARAMS, GRADS, without_db1(v), 0.9, 0.1)
    with pytest.raises(ValueError, match="s: missing 'db1'"):
        optimization.update_parameters_with_adam(PARAMS, GRADS, v, without_db1(s), 1)


def test_costs_check_their_targets():
    a3 = np.array([[0.4, 0.6]])
    with pytest.raises(
        ValueError, match=r"Y: expected one target per output, of A's shape \(1, 2\)"
    ):
        initialization.compute_loss(a3, np.array([[1, 0, 1]]))
    with pytest.raises(ValueError, match="Y: expected one target per output"):
        optimization.compute_cost(a3, np.array([[1]]))
    with pytest.raises(TypeError, match="expected numeric arrays"):
        planar.compute_cost(np.array([[0.4]]), "a")
    with pytest.raises(TypeError, match="parameters: expected a dict"):
        regularization.compute_cost_with_regularization(a3, np.array([[1, 0]]), [1, 2], 0.1)


def test_linear_backward_names_a_wrong_cache():
    with pytest.raises(ValueError, match=r"cache: expected the linear cache \(A_prev, W, b\)"):
        deep.linear_backward(np.ones((1, 2)), (np.ones((3, 2)),))
