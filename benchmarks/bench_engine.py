"""Speed of the neuronlab engine against PyTorch (CPU) and scikit-learn.

Usage::

    python benchmarks/bench_engine.py [--cases a b c d] [--reps 5] [--quick]

Cases (synthetic seeded data of the stated shapes; every framework starts from
the neuronlab network's weights, copied):

a  cat-deep: X (12288, 209), [12288, 20, 7, 5, 1] ReLU/sigmoid, 100 full-batch
   GD steps, lr 0.0075 — vs a hand-written torch SGD loop (BCE with logits).
b  mnist-like: X (784, 60000), 784-128-64-10 ReLU/softmax, one epoch of Adam,
   batch 128, shuffled — vs torch Adam(fused=True), torch's default Adam and
   scikit-learn's MLPClassifier(solver="adam").
c  ex4: X (400, 5000), 400-25-10 sigmoid, λ = 1: one regularized cost +
   gradient vs torch autograd; fullbatch.minimize TNC / L-BFGS-B for 50 steps.
d  gradient checking of the ex4 net: the exact check of all 10,285 parameters
   and the fast check vs a plain loop of two forward passes per coordinate
   (measured on a subset and extrapolated); both must catch a planted bug.

Each framework gets the data in its own natural layout (neuronlab: examples as
contiguous columns of an (n_x, m) view; torch and scikit-learn: (m, n_x) rows),
built outside the timed region.  Repetitions are interleaved and the median is
reported.  Torch gets as many threads as NumPy's BLAS.  ``--quick`` shrinks
every size so that the whole script runs in seconds (smoke test; the times are
then meaningless).
"""

# The trials are closures over each loop iteration's data, timed within that same
# iteration, so late binding of loop variables (B023) cannot bite here.
# ruff: noqa: B023
from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from _common import IDLE_WAIT, Row, Trial, blas_threads, interleave, machine_report, table

import neuronlab as nl
from neuronlab import fullbatch, gradcheck

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the torch columns are skipped
    torch = None

DTYPES = ("float64", "float32")


@dataclass(frozen=True)
class Sizes:
    """Problem sizes of every case (full or ``--quick``)."""

    cat: tuple[int, int, int]  # n_x, m, iterations
    mnist: tuple[int, int]  # n_x, m
    ex4: tuple[int, int]  # n_x, m
    calls: int  # cost+gradient calls per timed run in (c)
    minimize_iters: int
    plain_subset: int  # coordinates of the plain gradient-check loop


FULL = Sizes(
    cat=(12288, 209, 100),
    mnist=(784, 60000),
    ex4=(400, 5000),
    calls=20,
    minimize_iters=50,
    plain_subset=500,
)
QUICK = Sizes(
    cat=(300, 40, 5), mnist=(64, 600), ex4=(40, 200), calls=2, minimize_iters=5, plain_subset=20
)


# ------------------------------------------------------------------ helpers
def torch_dtype(dtype: str) -> Any:
    return torch.float64 if dtype == "float64" else torch.float32


def torch_params(net: nl.Network) -> list[Any]:
    """Leaf tensors ``[W1, b1, W2, b2, …]`` (biases as vectors), copies of ``net``'s."""
    out = []
    for layer in net.layers:
        out.append(torch.tensor(layer.W, requires_grad=True))
        out.append(torch.tensor(layer.b.ravel(), requires_grad=True))
    return out


def torch_forward(params: list[Any], X: Any, hidden: Callable[[Any], Any]) -> Any:
    """Logits of an MLP whose ``params`` are ``[W1, b1, …]``; X of shape (m, n_x)."""
    A = X
    n = len(params) // 2
    for l in range(n):
        A = F.linear(A, params[2 * l], params[2 * l + 1])
        if l < n - 1:
            A = hidden(A)
    return A


def flat_torch(params: list[Any]) -> np.ndarray:
    return np.concatenate([p.detach().numpy().ravel() for p in params])


def sklearn_load(clf: Any, net: nl.Network, XT: np.ndarray, y: np.ndarray) -> Any:
    """Build ``clf`` with one ``partial_fit`` on a few examples of every class, then copy
    ``net``'s weights into it (scikit-learn stores Wᵀ, of shape (n_in, n_out))."""
    classes = np.unique(y)
    few = np.concatenate([np.flatnonzero(y == c)[:2] for c in classes])
    _quiet(lambda: clf.partial_fit(XT[few], y[few], classes=classes))
    clf.coefs_ = [np.array(layer.W.T, order="C") for layer in net.layers]
    clf.intercepts_ = [layer.b.ravel().copy() for layer in net.layers]
    return clf


def flat_sklearn(clf: Any) -> np.ndarray:
    return np.concatenate(
        [a for W, b in zip(clf.coefs_, clf.intercepts_) for a in (W.T.ravel(), b)]
    )


def mlp_products_numpy(Ws: list[np.ndarray], batches: list[np.ndarray]) -> Trial:
    """The matrix products of an MLP's training steps alone, in the engine's layout:
    per batch (rows ``Xb`` of shape (b, n_x)) the forward ``W_l A`` for every layer
    and the backward ``dZ A_prevᵀ`` and ``W_lᵀ dZ`` (not for the input), on stand-in
    activations of the right shapes.  What no NumPy training step can go below."""

    def trial() -> Callable[[], Any]:
        acts = {
            b: [np.full((W.shape[0], b), 0.5, dtype=W.dtype) for W in Ws]
            for b in {Xb.shape[0] for Xb in batches}
        }
        dWs = [np.empty_like(W) for W in Ws]

        def run() -> None:
            for Xb in batches:
                act = acts[Xb.shape[0]]
                ins = [Xb.T, *act[:-1]]  # each layer's input, (n_in, b)
                for W, A in zip(Ws, ins):
                    W @ A
                for l in range(len(Ws) - 1, -1, -1):
                    np.matmul(act[l], ins[l].T, out=dWs[l])
                    if l > 0:
                        Ws[l].T @ act[l]

        return run

    return trial


def mlp_products_torch(Ws: list[np.ndarray], batches: list[np.ndarray]) -> Trial:
    """The same products in torch's layout (examples as rows, ``A Wᵀ``)."""

    def trial() -> Callable[[], Any]:
        tWs = [torch.from_numpy(W) for W in Ws]
        tbatches = [torch.from_numpy(Xb) for Xb in batches]
        acts = {
            b: [torch.full((b, W.shape[0]), 0.5, dtype=tWs[0].dtype) for W in Ws]
            for b in {Xb.shape[0] for Xb in batches}
        }

        def run() -> None:
            for Xb in tbatches:
                act = acts[Xb.shape[0]]
                ins = [Xb, *act[:-1]]  # (b, n_in)
                for W, A in zip(tWs, ins):
                    A @ W.T
                for l in range(len(tWs) - 1, -1, -1):
                    act[l].T @ ins[l]
                    if l > 0:
                        act[l] @ tWs[l]

        return run

    return trial


# ------------------------------------------------------------ (a) cat-deep
def case_a(sizes: Sizes, reps: int) -> list[Row]:
    from sklearn.neural_network import MLPClassifier

    n_x, m, iters = sizes.cat
    lr = 0.0075
    rng = np.random.default_rng(1)
    XT64 = rng.random((m, n_x))  # (m, n_x): pixel-like values in [0, 1), one image a row
    score = XT64[:, : n_x // 3].mean(axis=1)
    y = (score > np.median(score)).astype(int)
    rows = []
    for dtype in DTYPES:
        XT = XT64.astype(dtype)  # (m, n_x) for torch and scikit-learn
        X = XT.T  # (n_x, m) with contiguous examples, as the lab's reshape(m, -1).T builds it
        Xc = np.ascontiguousarray(X)  # the same values with contiguous features
        Y = y.reshape(1, m).astype(dtype)
        net0 = nl.Network(
            [n_x, 20, 7, 5, 1],
            hidden_activation="relu",
            initializer="sqrt_n_in",
            seed=np.random.RandomState(1),
            dtype=dtype,
        )

        def engine(X: np.ndarray = X) -> Callable[[], Any]:
            net = net0.copy()
            return lambda: (
                net.fit(X, Y, optimizer="gd", learning_rate=lr, epochs=iters, progress=False),
                net.theta.copy(),
            )[1]

        trials: dict[str, Any] = {"neuronlab": engine, "neuronlab_c": lambda: engine(Xc)}
        if torch is not None:
            Xt = torch.from_numpy(XT)
            yt = torch.from_numpy(Y.T.copy())  # (m, 1)

            def torch_sgd() -> Callable[[], Any]:
                params = torch_params(net0)
                opt = torch.optim.SGD(params, lr=lr)

                def run() -> np.ndarray:
                    for _ in range(iters):
                        opt.zero_grad()
                        loss = F.binary_cross_entropy_with_logits(
                            torch_forward(params, Xt, torch.relu), yt
                        )
                        loss.backward()
                        opt.step()
                    return flat_torch(params)

                return run

            trials["torch"] = torch_sgd

        def sklearn_sgd() -> Callable[[], Any]:
            clf = MLPClassifier(
                hidden_layer_sizes=(20, 7, 5),
                activation="relu",
                solver="sgd",
                batch_size=m,
                learning_rate_init=lr,
                momentum=0.0,
                nesterovs_momentum=False,
                shuffle=False,
                max_iter=iters,
                alpha=0.0,
                tol=0.0,
                n_iter_no_change=iters + 1,
                warm_start=True,
            )
            sklearn_load(clf, net0, XT, y)
            return lambda: (_quiet(clf.fit, XT, y), flat_sklearn(clf))[1]

        trials["sklearn"] = sklearn_sgd
        med, last = interleave(trials, reps, label=f"(a) {dtype}")
        notes = []
        for other in ("torch", "sklearn"):
            if other in last:
                diff = np.max(np.abs(last["neuronlab"] - last[other]))
                notes.append(f"max|θ_nl − θ_{other}| after the run = {diff:.1e}")
        print(f"  (a) {dtype}: " + "; ".join(notes))
        target = 0.8 if dtype == "float64" else 0.9
        rows.append(
            Row(
                "a cat-deep",
                dtype,
                f"{iters} GD steps",
                med["neuronlab"],
                "torch SGD",
                med.get("torch"),
                ratio_target=target if "torch" in med else None,
            )
        )
        rows.append(
            Row(
                "a cat-deep",
                dtype,
                f"{iters} GD steps",
                med["neuronlab"],
                "sklearn sgd",
                med["sklearn"],
            )
        )
        rows.append(
            Row(
                "a cat-deep",
                dtype,
                f"{iters} GD steps, X C-ordered",
                med["neuronlab_c"],
                "neuronlab (X contiguous examples)",
                med["neuronlab"],
            )
        )
    return rows


def _quiet(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` without scikit-learn's "maximum iterations reached" warning."""
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", message="Got `batch_size`")
        return fn(*args)


# ---------------------------------------------------------- (b) mnist-like
def case_b(sizes: Sizes, reps: int) -> list[Row]:
    from sklearn.neural_network import MLPClassifier

    n_x, m = sizes.mnist
    lr, batch = 0.001, 128
    rng = np.random.default_rng(2)
    XT64 = rng.random((m, n_x))  # (m, n_x): examples are contiguous rows
    labels = np.argmax((XT64 - 0.5) @ rng.standard_normal((n_x, 10)), axis=1)  # learnable
    rows = []
    for dtype in DTYPES:
        XT = XT64.astype(dtype)
        YT = np.eye(10, dtype=dtype)[labels]  # (m, 10) one-hot
        X, Y = XT.T, YT.T  # (n_x, m), (10, m): views with contiguous examples
        Xc = np.ascontiguousarray(X)  # the same data with contiguous features (C order)
        net0 = nl.Network(
            [n_x, 128, 64, 10],
            hidden_activation="relu",
            output_activation="softmax",
            initializer="he",
            seed=0,
            dtype=dtype,
        )
        seeds = iter(range(10**6))

        def engine(X: np.ndarray = X) -> Callable[[], Any]:
            net = net0.copy()
            seed = next(seeds)
            return lambda: net.fit(
                X,
                Y,
                optimizer="adam",
                learning_rate=lr,
                epochs=1,
                batch_size=batch,
                seed=seed,
                progress=False,
            ).costs[0]

        trials: dict[str, Any] = {"neuronlab": engine, "neuronlab_c": lambda: engine(Xc)}
        if torch is not None:
            Xt = torch.from_numpy(XT)
            yt = torch.from_numpy(labels)
            gen = torch.Generator().manual_seed(0)

            def torch_adam(fused: bool) -> Callable[[], Callable[[], Any]]:
                def trial() -> Callable[[], Any]:
                    params = torch_params(net0)
                    opt = torch.optim.Adam(params, lr=lr, fused=fused or None)

                    def run() -> float:
                        total = torch.zeros((), dtype=Xt.dtype)
                        perm = torch.randperm(m, generator=gen)
                        for k in range(0, m, batch):
                            idx = perm[k : k + batch]
                            opt.zero_grad()
                            loss = F.cross_entropy(
                                torch_forward(params, Xt[idx], torch.relu), yt[idx]
                            )
                            loss.backward()
                            opt.step()
                            total += loss.detach() * len(idx)
                        return float(total) / m

                    return run

                return trial

            trials["torch_fused"] = torch_adam(True)
            trials["torch"] = torch_adam(False)

        def sklearn_adam() -> Callable[[], Any]:
            clf = MLPClassifier(
                hidden_layer_sizes=(128, 64),
                activation="relu",
                solver="adam",
                batch_size=batch,
                learning_rate_init=lr,
                max_iter=1,
                shuffle=True,
                alpha=0.0,
                tol=1e9,
                n_iter_no_change=10,
                warm_start=True,
                random_state=next(seeds),
            )
            sklearn_load(clf, net0, XT, labels)
            return lambda: (_quiet(clf.fit, XT, labels), clf.loss_)[1]

        trials["sklearn"] = sklearn_adam
        # the floor: the same epoch's matrix products alone (shuffled once, then sliced)
        XS = XT[np.random.default_rng(0).permutation(m)]
        batches = [XS[k : k + batch] for k in range(0, m, batch)]
        Ws = [layer.W.copy() for layer in net0.layers]
        trials["products"] = mlp_products_numpy(Ws, batches)
        n_steps = len(batches)

        def adam_alone() -> Callable[[], Any]:
            opt, theta = nl.optimizers.Adam(), net0.theta.copy()
            grad = np.random.default_rng(1).standard_normal(theta.size).astype(dtype)
            state = opt.init(theta)
            return lambda: [opt.update(theta, grad, state, t, lr) for t in range(1, n_steps + 1)]

        trials["adam_alone"] = adam_alone
        if torch is not None:
            trials["torch_products"] = mlp_products_torch(Ws, batches)

            def torch_adam_alone() -> Callable[[], Any]:
                params = torch_params(net0)
                for p in params:
                    p.grad = torch.randn(p.shape, dtype=p.dtype)
                opt = torch.optim.Adam(params, lr=lr, fused=True)
                return lambda: [opt.step() for _ in range(n_steps)]

            trials["torch_adam_alone"] = torch_adam_alone
        med, last = interleave(trials, reps, label=f"(b) {dtype}")
        costs = ", ".join(f"{k} {v:.4f}" for k, v in last.items() if isinstance(v, float))
        print(f"  (b) {dtype}: epoch cost (mean over its batches): {costs}")
        what = "1 Adam epoch"
        nl_s = med["neuronlab"]
        if "torch" in med:
            rows.append(
                Row(
                    "b mnist-like",
                    dtype,
                    what,
                    nl_s,
                    "torch Adam fused",
                    med["torch_fused"],
                    ratio_target=0.9,
                )
            )
            rows.append(
                Row("b mnist-like", dtype, what, nl_s, "torch Adam (for-loop)", med["torch"])
            )
        rows.append(
            Row("b mnist-like", dtype, what, nl_s, "sklearn adam", med["sklearn"], ratio_target=0.6)
        )
        rows.append(
            Row(
                "b mnist-like",
                dtype,
                "the epoch's matrix products alone (NumPy)",
                med["products"],
                "torch, same products",
                med.get("torch_products"),
                note="the floor under any NumPy epoch",
            )
        )
        rows.append(
            Row(
                "b mnist-like",
                dtype,
                "the epoch's Adam updates alone",
                med["adam_alone"],
                "torch fused Adam steps",
                med.get("torch_adam_alone"),
            )
        )
        rows.append(
            Row(
                "b mnist-like",
                dtype,
                what + ", X C-ordered",
                med["neuronlab_c"],
                "neuronlab (X contiguous examples)",
                nl_s,
                note="cost of the transposing copy inside fit",
            )
        )
    return rows


# ------------------------------------------------------------------ (c) ex4
def ex4_problem(sizes: Sizes, dtype: str) -> tuple[nl.Network, np.ndarray, np.ndarray]:
    """The ex4 network (400-25-10 sigmoid, weights U(±0.12)) and synthetic digits."""
    n_x, m = sizes.ex4
    rng = np.random.default_rng(4)
    X = rng.random((n_x, m)).astype(dtype)  # (n_x, m)
    labels = np.argmax(rng.standard_normal((10, n_x)) @ (X - 0.5), axis=0)
    Y = np.eye(10, dtype=dtype)[:, labels]  # (10, m) one-hot
    net = nl.Network(
        [n_x, 25, 10],
        hidden_activation="sigmoid",
        output_activation="sigmoid",
        initializer="uniform",
        seed=0,
        dtype=dtype,
    )
    return net, X, Y


def case_c(sizes: Sizes, reps: int) -> list[Row]:
    l2, calls, iters = 1.0, sizes.calls, sizes.minimize_iters
    rows = []
    for dtype in DTYPES:
        net, X, Y = ex4_problem(sizes, dtype)
        m = X.shape[1]

        XF = np.asfortranarray(X)  # the same values with contiguous examples

        def engine(X: np.ndarray = X) -> Callable[[], Any]:
            def run() -> tuple[float, np.ndarray]:
                for _ in range(calls):
                    cost, grad = net.loss_and_grad(X, Y, l2)
                return cost, grad.copy()

            return run

        trials: dict[str, Any] = {"neuronlab": engine, "neuronlab_f": lambda: engine(XF)}
        if torch is not None:
            Xt, Yt = torch.from_numpy(X.T.copy()), torch.from_numpy(Y.T.copy())

            def autograd() -> Callable[[], Any]:
                params = torch_params(net)

                def run() -> tuple[float, np.ndarray]:
                    for _ in range(calls):
                        for p in params:
                            p.grad = None
                        Z = torch_forward(params, Xt, torch.sigmoid)
                        cost = F.binary_cross_entropy_with_logits(
                            Z, Yt, reduction="sum"
                        ) / m + l2 / (2 * m) * sum((W * W).sum() for W in params[::2])
                        cost.backward()
                    return cost.item(), np.concatenate([p.grad.numpy().ravel() for p in params])

                return run

            trials["torch"] = autograd
        # the floor: the two products with X alone, W1 X and dZ1 Xᵀ (X C-ordered, as
        # the engine's timed call gets it)
        W1 = net.layers[0].W
        dZ1 = np.full((W1.shape[0], m), 0.5, dtype=dtype)
        dW1 = np.empty_like(W1)

        def products() -> Callable[[], Any]:
            def run() -> None:
                for _ in range(calls):
                    W1 @ X
                    np.matmul(dZ1, X.T, out=dW1)

            return run

        trials["products"] = products
        if torch is not None:
            tW1, tdZ1 = torch.from_numpy(W1), torch.from_numpy(dZ1.T.copy())

            def torch_products() -> Callable[[], Any]:
                def run() -> None:
                    for _ in range(calls):
                        Xt @ tW1.T
                        tdZ1.T @ Xt

                return run

            trials["torch_products"] = torch_products
        med, last = interleave(trials, reps, label=f"(c) {dtype}")
        if "torch" in last:
            dc = abs(last["neuronlab"][0] - last["torch"][0])
            dg = np.max(np.abs(last["neuronlab"][1] - last["torch"][1]))
            print(f"  (c) {dtype}: |J_nl − J_torch| = {dc:.1e}, max|g_nl − g_torch| = {dg:.1e}")
        rows.append(
            Row(
                "c ex4",
                dtype,
                "cost + gradient",
                med["neuronlab"] / calls,
                "torch autograd",
                med["torch"] / calls if "torch" in med else None,
                ratio_target=0.7 if "torch" in med else None,
            )
        )
        rows.append(
            Row(
                "c ex4",
                dtype,
                "cost + gradient, X examples contiguous",
                med["neuronlab_f"] / calls,
                "neuronlab (X C-ordered, as loaded)",
                med["neuronlab"] / calls,
            )
        )
        rows.append(
            Row(
                "c ex4",
                dtype,
                "W1·X and dZ1·Xᵀ alone (NumPy)",
                med["products"] / calls,
                "torch, same products",
                med["torch_products"] / calls if "torch_products" in med else None,
                note="the floor under any NumPy cost + gradient",
            )
        )

        # fullbatch.minimize (BLAS limited inside) vs scipy on the same objective unlimited
        from scipy.optimize import minimize as scipy_minimize

        def solver(method: str, limited: bool) -> Callable[[], Callable[[], Any]]:
            def trial() -> Callable[[], Any]:
                net2 = net.copy()
                if limited:
                    return lambda: (
                        fullbatch.minimize(net2, X, Y, method=method, maxiter=iters, l2=l2).nfev
                    )
                opts = {"maxfun": iters} if method == "TNC" else {"maxiter": iters}
                return lambda: (
                    scipy_minimize(
                        fullbatch.objective(net2, X, Y, l2),
                        net2.theta.astype(np.float64),
                        jac=True,
                        method=method,
                        options=opts,
                    ).nfev
                )

            return trial

        methods = ("TNC", "L-BFGS-B")
        strials = {
            f"{meth} {lim}": solver(meth, lim == "limited")
            for meth in methods
            for lim in ("limited", "unlimited")
        }
        smed, slast = interleave(strials, reps, label=f"(c) {dtype} minimize")
        for meth in methods:
            rows.append(
                Row(
                    "c ex4",
                    dtype,
                    f"minimize {meth}, {iters} iter ({slast[meth + ' limited']} evals)",
                    smed[meth + " limited"],
                    "same, BLAS threads unlimited",
                    smed[meth + " unlimited"],
                )
            )
    return rows


# ---------------------------------------------------------- (d) gradcheck
def planted_bug(net: nl.Network, block: str = "W2", factor: float = 2.0) -> nl.Network:
    """A copy of ``net`` whose backward returns ``factor`` × the true ``d{block}``."""
    buggy = net.copy()
    sl = buggy.layout.slices()[block]
    original = buggy.backward

    def backward(*args: Any, **kwargs: Any) -> np.ndarray:
        grad = original(*args, **kwargs)
        grad[sl] *= factor
        return grad

    buggy.backward = backward  # type: ignore[method-assign]
    return buggy


def plain_loop(
    net: nl.Network, X: np.ndarray, Y: np.ndarray, l2: float, coords: np.ndarray, eps: float = 1e-7
) -> np.ndarray:
    """Two full forward passes (``loss_at``) per coordinate: the baseline."""
    theta = net.theta
    out = np.empty(len(coords))
    for k, i in enumerate(coords):
        old = theta[i]
        theta[i] = old + eps
        j_plus = net.loss_at(X, Y, l2)
        theta[i] = old - eps
        j_minus = net.loss_at(X, Y, l2)
        theta[i] = old
        out[k] = (j_plus - j_minus) / (2 * eps)
    return out


def case_d(sizes: Sizes, reps: int) -> list[Row]:
    l2 = 1.0
    net, X, Y = ex4_problem(sizes, "float64")
    n = net.layout.size
    coords = np.random.default_rng(5).choice(n, size=min(sizes.plain_subset, n), replace=False)
    exact_reps = max(1, min(reps, 3))
    trials = {
        "exact": lambda: lambda: gradcheck.check(net, X, Y, l2=l2, return_gradients=True),
        "plain": lambda: lambda: plain_loop(net, X, Y, l2, coords),
    }
    med, last = interleave(trials, exact_reps, warmup=False, label="(d)")
    fmed, _ = interleave(
        {"fast": lambda: lambda: gradcheck.check_fast(net, X, Y, l2=l2)}, max(reps, 5), label="(d)"
    )
    plain_total = med["plain"] * n / len(coords)
    diff, grad, approx = last["exact"]
    agree = np.max(np.abs(approx[coords] - last["plain"]))
    buggy = planted_bug(net)
    verdicts = {
        "exact clean": diff,
        "fast clean": gradcheck.check_fast(net, X, Y, l2=l2),
        "exact bug": gradcheck.check(buggy, X, Y, l2=l2),
        "fast bug": gradcheck.check_fast(buggy, X, Y, l2=l2),
    }
    caught = (
        verdicts["exact bug"] > 1e-3
        and verdicts["fast bug"] > 1e-3
        and verdicts["exact clean"] < 1e-7
        and verdicts["fast clean"] < 1e-7
    )
    print(
        f"  (d) {n} parameters; plain loop timed on {len(coords)} coordinates "
        f"({med['plain']:.3g} s) and extrapolated ×{n / len(coords):.1f}; "
        f"exact check timed {exact_reps}× (median); max|exact − plain| on the subset "
        f"= {agree:.1e}"
    )
    print(
        "  (d) relative differences: "
        + ", ".join(f"{k} {v:.2e}" for k, v in verdicts.items())
        + f" -> planted bug (dW2 × 2) {'caught by both' if caught else 'NOT caught'}"
    )
    return [
        Row(
            "d gradcheck",
            "float64",
            f"exact check, {n} params",
            med["exact"],
            "plain loop (extrapolated)",
            plain_total,
            ratio_target=0.2,
            note=f"bug caught: {caught}",
        ),
        Row(
            "d gradcheck",
            "float64",
            "fast check",
            fmed["fast"],
            abs_target=0.1,
            note=f"bug caught: {caught}",
        ),
    ]


# ---------------------------------------------------------------- the CLI
CASES: dict[str, Callable[[Sizes, int], list[Row]]] = {
    "a": case_a,
    "b": case_b,
    "c": case_c,
    "d": case_d,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="+", choices=sorted(CASES), default=sorted(CASES))
    parser.add_argument(
        "--reps",
        type=int,
        default=5,
        help="interleaved repetitions; the median is reported (default 5)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes: a smoke test, the times mean nothing"
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=60.0,
        help="seconds to wait for idle CPUs before each timed run (0: do not wait; default 60)",
    )
    args = parser.parse_args(argv)
    IDLE_WAIT["max_wait"] = args.max_wait
    if args.reps < 1:
        parser.error(f"--reps: expected a positive integer, got {args.reps}")
    threads = blas_threads()
    if torch is not None:
        torch.set_num_threads(threads)
    for line in machine_report():
        print(line)
    if torch is None:
        print(
            "torch is not installed: the torch columns are skipped "
            "(pip install torch==2.13.0 for the CPU build)"
        )
    sizes = QUICK if args.quick else FULL
    print(
        f"{'QUICK sizes (smoke test, times not comparable); ' if args.quick else ''}"
        f"median of {args.reps} interleaved repetitions"
    )
    rows: list[Row] = []
    for name in args.cases:
        t0 = time.perf_counter()
        print(f"case {name} …", flush=True)
        rows.extend(CASES[name](sizes, args.reps))
        print(f"  case {name} took {time.perf_counter() - t0:.1f} s", flush=True)
    print(
        f"waited {IDLE_WAIT['waited']:.0f} s in all for idle CPUs; "
        f"{IDLE_WAIT['busy_runs']} timed runs started on busy CPUs"
    )
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
