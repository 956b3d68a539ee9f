"""Full-batch training with ``scipy.optimize.minimize`` over the flat parameters.

Any gradient-based method works (``TNC`` as in the digits lab, ``L-BFGS-B``,
``CG``, ``BFGS``, …): the objective returns ``(J, ∇J)`` from one forward and
one backward pass (``jac=True``), so no pass is run twice.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.optimize import OptimizeResult
from scipy.optimize import minimize as _scipy_minimize
from threadpoolctl import threadpool_limits

from . import _validation as v
from .network import Network

#: Methods of ``scipy.optimize.minimize`` that use the gradient.
GRADIENT_METHODS = ("TNC", "L-BFGS-B", "CG", "BFGS", "Newton-CG", "SLSQP", "trust-constr")


def objective(
    net: Network, X: np.ndarray, Y: np.ndarray, l2: float = 0.0
) -> Callable[[np.ndarray], tuple[float, np.ndarray]]:
    """``theta -> (J, grad)`` for checked inputs, in float64 (what scipy works in)."""

    def fun(theta: np.ndarray) -> tuple[float, np.ndarray]:
        net.theta[:] = theta
        cost, grad = net.loss_and_grad(X, Y, l2)
        return cost, grad.astype(np.float64)  # a copy: scipy may keep it

    return fun


def minimize(
    net: Network,
    X: Any,
    Y: Any,
    method: str = "TNC",
    maxiter: int = 100,
    l2: float = 0.0,
    tol: float | None = None,
    options: dict[str, Any] | None = None,
) -> OptimizeResult:
    """Fit ``net`` in place with a full-batch scipy solver; returns scipy's result.

    ``maxiter`` bounds the iterations; for ``TNC`` it is passed as ``maxfun``
    (SciPy ≥ 1.17's TNC ignores ``maxiter`` and counts function evaluations).

    BLAS is limited to one thread inside the solver only when NumPy and SciPy
    ship *different* BLAS libraries: their two thread pools then fight for the
    cores and the run is several times slower.
    """
    v.check_choice("method", method, GRADIENT_METHODS)
    maxiter = v.check_int("maxiter", maxiter, minimum=1)
    X, Y, l2 = net._checked(X, Y, l2)
    opts = {"maxfun": maxiter} if method == "TNC" else {"maxiter": maxiter}
    opts.update(options or {})
    x0 = net.theta.astype(np.float64)
    with _blas_limits(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*maxiter.*", category=DeprecationWarning)
        result = _scipy_minimize(
            objective(net, X, Y, l2), x0, jac=True, method=method, tol=tol, options=opts
        )
    net.theta[:] = result.x
    return result


def _blas_limits() -> Any:
    from threadpoolctl import threadpool_info

    libs = {info.get("filepath") for info in threadpool_info() if info.get("user_api") == "blas"}
    if len(libs) > 1:
        return threadpool_limits(limits=1, user_api="blas")
    return threadpool_limits(limits=None)
