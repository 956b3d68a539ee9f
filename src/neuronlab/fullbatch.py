"""Full-batch training with ``scipy.optimize.minimize`` over the flat parameters.

Any gradient-based method works (``TNC`` as in the digits lab, ``L-BFGS-B``,
``CG``, ``BFGS``, …): the objective returns ``(J, ∇J)`` from one forward and
one backward pass (``jac=True``), so no pass is run twice.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from neuronlab import _validation as v
from neuronlab.network import Network

if TYPE_CHECKING:  # SciPy is imported when a solver runs, not with neuronlab
    from scipy.optimize import OptimizeResult

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
    blas_threads: int | None = 1,
) -> OptimizeResult:
    """Fit ``net`` in place with a full-batch scipy solver; returns scipy's result.

    ``maxiter`` bounds the iterations; for ``TNC`` it is passed as ``maxfun``
    (SciPy ≥ 1.17's TNC ignores ``maxiter`` and counts function evaluations).

    ``blas_threads`` limits BLAS inside the solver (None: no limit).  NumPy and
    SciPy each ship an OpenBLAS with its own thread pool; while the solver runs
    the two pools fight for the cores.  Measured on the ex4 net (50 iterations,
    2 cores): idle, L-BFGS-B takes 0.43 s limited and 2.2 s unlimited, TNC 0.37 s
    and 0.29 s; with one other busy process, unlimited runs took 8-21 s and
    limited ones 0.5-0.6 s.  One thread is the robust default.
    """
    from scipy.optimize import minimize as scipy_minimize
    from threadpoolctl import threadpool_limits

    v.check_choice("method", method, GRADIENT_METHODS)
    if method == "Newton-CG" and net.dtype != np.float64:
        # its Hessian-vector products difference gradients ~1.5e-8 apart, a step that
        # vanishes when theta is stored in float32: it would stop at once, "successful"
        raise ValueError(
            "method: 'Newton-CG' needs a float64 network (its curvature estimates take "
            "steps below float32's resolution); use TNC, L-BFGS-B, CG or BFGS in float32"
        )
    maxiter = v.check_int("maxiter", maxiter, minimum=1)
    if blas_threads is not None:
        v.check_int("blas_threads", blas_threads, minimum=1)
    X, Y, l2 = net.check_inputs(X, Y, l2)
    opts = {"maxfun": maxiter} if method == "TNC" else {"maxiter": maxiter}
    opts.update(options or {})
    x0 = net.theta.astype(np.float64)
    with threadpool_limits(limits=blas_threads, user_api="blas"), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*maxiter.*", category=DeprecationWarning)
        result = scipy_minimize(
            objective(net, X, Y, l2), x0, jac=True, method=method, tol=tol, options=opts
        )
    net.theta[:] = result.x
    return result
