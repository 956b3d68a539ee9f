import numpy as np
import pytest

from neuronlab.activations import sigmoid, softmax
from neuronlab.losses import (
    binary_cross_entropy,
    binary_cross_entropy_logits,
    categorical_cross_entropy,
    categorical_cross_entropy_logits,
    get_loss,
    l2_penalty,
    mean_squared_error,
)


def test_binary_cross_entropy_is_the_labs_formula():
    A = np.array([[0.8, 0.9, 0.4]])
    Y = np.array([[1, 1, 0]])
    expected = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    assert binary_cross_entropy(A, Y) == pytest.approx(expected, rel=1e-15)


def test_logits_form_equals_activation_form(rng):
    Z = rng.standard_normal((3, 50)) * 3
    Y = (rng.random((3, 50)) > 0.5).astype(float)
    assert binary_cross_entropy_logits(Z, Y) == pytest.approx(
        binary_cross_entropy(sigmoid(Z), Y), rel=1e-12
    )
    onehot = np.eye(3)[:, rng.integers(0, 3, 50)]
    assert categorical_cross_entropy_logits(Z, onehot) == pytest.approx(
        categorical_cross_entropy(softmax(Z), onehot), rel=1e-12
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_saturated_outputs_give_a_finite_cost(dtype):
    A = np.array([[0.0, 1.0]], dtype=dtype)
    Y = np.array([[1, 0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is fine
        assert np.isfinite(binary_cross_entropy(A, Y))
        assert np.isfinite(categorical_cross_entropy(np.array([[0.0], [1.0]], dtype), [[1], [0]]))
        big = np.array([[-1e4, 1e4]], dtype=dtype)
        # exact from logits: log(1 + e^{1e4}) ≈ 1e4, no rounding of σ to 0/1
        assert binary_cross_entropy_logits(big, Y) == pytest.approx(1e4)


def test_mse_has_the_half_so_its_gradient_is_a_minus_y():
    A, Y = np.array([[1.0, 3.0]]), np.array([[0.0, 1.0]])
    assert mean_squared_error(A, Y) == pytest.approx((1 + 4) / (2 * 2))
    np.testing.assert_array_equal(get_loss("mse").grad(A, Y), A - Y)


def test_l2_penalty_excludes_biases_and_scales_with_m():
    W = [np.ones((2, 3)), 2 * np.ones((1, 2))]
    assert l2_penalty(W, 0.7, 10) == pytest.approx(0.7 / 20 * (6 + 8))
    assert l2_penalty(W, 0.0, 10) == 0.0


def test_unknown_loss_lists_valid_names():
    with pytest.raises(ValueError, match="loss: expected one of"):
        get_loss("hinge")


def test_public_costs_take_nested_lists():
    A, Y = [[0.8, 0.3]], [[1, 0]]
    expected = -(np.log(0.8) + np.log(0.7)) / 2
    assert binary_cross_entropy(A, Y) == pytest.approx(expected, rel=1e-15)
    assert binary_cross_entropy_logits([[0.0]], [[1]]) == pytest.approx(np.log(2))
    assert categorical_cross_entropy([[0.5], [0.5]], [[1], [0]]) == pytest.approx(np.log(2))
    assert categorical_cross_entropy_logits([[0.0], [0.0]], [[1], [0]]) == pytest.approx(np.log(2))
    assert mean_squared_error([[1.0, 3.0]], [[0, 1]]) == pytest.approx((1 + 4) / 4)


def test_transposed_targets_are_refused_a_flat_row_is_taken():
    A = np.array([[0.8, 0.3, 0.6]])
    with pytest.raises(
        ValueError, match=r"Y: expected one target per output, of A's shape \(1, 3\)"
    ):
        binary_cross_entropy(A, np.array([[1], [0], [1]]))  # would broadcast to (3, 3)
    assert binary_cross_entropy(A, np.array([1, 0, 1])) == binary_cross_entropy(A, [[1, 0, 1]])
