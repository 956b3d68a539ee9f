import numpy as np
import pytest

import neuronlab as nl
from neuronlab import fullbatch


@pytest.mark.parametrize("method", ["TNC", "L-BFGS-B", "CG", "BFGS"])
def test_scipy_solvers_fit_in_place(problem, method):
    X, _ = problem("softmax", m=60, n_out=3)
    Y = np.argmax(np.array([[1, 0, 0, 1], [0, 1, 0, -1], [0, 0, 1, 0]]) @ X, axis=0)[None]
    net = nl.Network(
        [4, 6, 3],
        hidden_activation="sigmoid",
        output_activation="softmax",
        initializer="uniform",
        seed=0,
    )
    before = net.cost(X, Y, l2=1.0)
    result = fullbatch.minimize(net, X, Y, method=method, maxiter=30, l2=1.0)
    assert result.fun == pytest.approx(net.cost(X, Y, l2=1.0))
    assert result.fun < 0.7 * before
    assert result.nfev <= 80  # TNC: maxiter is passed as maxfun (SciPy >= 1.17 ignores maxiter)


def test_tnc_is_bounded_by_maxiter(problem):
    X, Y = problem("sigmoid", m=40)
    net = nl.Network([4, 5, 1], seed=0)
    # TNC may finish the line search it is in: one evaluation past maxfun
    assert fullbatch.minimize(net, X, Y, method="TNC", maxiter=7).nfev <= 8


def test_float32_network_gets_float64_to_scipy(problem):
    X, Y = problem("sigmoid", m=40)
    net = nl.Network([4, 5, 1], seed=0, dtype="float32")
    res = fullbatch.minimize(net, X, Y, method="L-BFGS-B", maxiter=20)
    assert net.theta.dtype == np.float32 and res.fun < 0.7


def test_bad_method(problem):
    X, Y = problem("sigmoid")
    with pytest.raises(ValueError, match="method: expected one of.*got 'Nelder-Mead'"):
        fullbatch.minimize(nl.Network([4, 1]), X, Y, method="Nelder-Mead")


def test_newton_cg_is_refused_for_float32(problem):
    # its gradient-difference steps vanish in float32: it would stop at once, "successful"
    X, Y = problem("sigmoid")
    with pytest.raises(ValueError, match="'Newton-CG' needs a float64 network"):
        fullbatch.minimize(nl.Network([4, 1], dtype="float32"), X, Y, method="Newton-CG")
