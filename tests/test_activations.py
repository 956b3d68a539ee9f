import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from neuronlab.activations import ACTIVATIONS, get_activation, leaky_relu, sigmoid, softmax


def test_sigmoid_values_match_the_lab_example():
    np.testing.assert_allclose(sigmoid(np.array([0, 2])), [0.5, 0.88079708], atol=1e-8)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_never_overflows(dtype):
    z = np.array([-1e5, -800, -100, 0, 100, 800, 1e5], dtype=dtype)
    with np.errstate(all="raise"):
        a = sigmoid(z)
    assert a.dtype == dtype
    assert np.all(np.isfinite(a)) and a[0] == 0 and a[-1] == 1


def test_softmax_is_stable_and_column_wise():
    Z = np.array([[1000.0, 1.0], [1001.0, 2.0], [999.0, 3.0]])
    with np.errstate(all="raise"):
        A = softmax(Z)
    np.testing.assert_allclose(A.sum(axis=0), 1.0)
    np.testing.assert_allclose(A[:, 1], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())
    np.testing.assert_allclose(A[:, 0], softmax(Z[:, :1] - 1000)[:, 0])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@settings(max_examples=25, deadline=None)
@given(Z=arrays(np.float64, (3, 4), elements=st.floats(-4, 4).filter(lambda x: abs(x) > 1e-3)))
def test_backward_matches_finite_differences(name, Z):
    """dZ = backward(dA, Z, A) is the vector-Jacobian product of forward."""
    act = ACTIVATIONS[name]
    dA = np.cos(np.arange(Z.size)).reshape(Z.shape)  # a fixed, non-trivial upstream gradient
    dZ = act.backward(dA.copy(), Z, act.forward(Z))
    eps = 1e-6
    numeric = np.empty_like(Z)
    for idx in np.ndindex(Z.shape):
        Zp, Zm = Z.copy(), Z.copy()
        Zp[idx] += eps
        Zm[idx] -= eps
        numeric[idx] = np.sum(dA * (act.forward(Zp) - act.forward(Zm))) / (2 * eps)
    np.testing.assert_allclose(dZ, numeric, rtol=1e-6, atol=1e-8)


def test_relu_derivative_is_zero_at_zero_as_in_the_labs():
    assert ACTIVATIONS["relu"].derivative(np.array([0.0]))[0] == 0


def test_leaky_relu_slope_is_configurable():
    act = get_activation("leaky_relu", slope=0.2)
    np.testing.assert_allclose(act(np.array([-1.0, 2.0])), [-0.2, 2.0])
    assert ACTIVATIONS["leaky_relu"].params == {"slope": 0.01}
    assert get_activation(act.to_config()).params == {"slope": 0.2}
    with pytest.raises(ValueError, match="slope"):
        leaky_relu(-1)


def test_unknown_activation_lists_the_valid_ones():
    with pytest.raises(ValueError, match="activation.*'relu'.*got 'relux'"):
        get_activation("relux")
    with pytest.raises(ValueError, match="takes no parameters"):
        get_activation("relu", slope=0.1)
