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

The workloads, the timing and the table are :mod:`neuronlab.bench`'s (what
``neuronlab bench`` runs); this script adds the diagnostic rows: the other data
layout, the matrix products and optimizer updates alone, the full-batch solvers.
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
from collections.abc import Callable
from typing import Any

import numpy as np

import neuronlab as nl
from neuronlab import fullbatch
from neuronlab.bench import (
    DTYPES,
    FULL,
    IDLE_WAIT,
    QUICK,
    Row,
    Sizes,
    Trial,
    blas_threads,
    cat_deep,
    ex4,
    gradient_checks,
    interleave,
    machine_report,
    mnist_like,
    table,
    torch_modules,
    torch_params,
)

torch, F = torch_modules()  # (None, None) without torch: its columns are skipped


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
    rows = []
    for dtype in DTYPES:
        w = cat_deep(sizes, dtype)  # neuronlab, torch SGD, sklearn sgd
        Xc = np.ascontiguousarray(w.extra["X"])  # the same values with contiguous features
        trials = {**w.trials, "neuronlab_c": lambda: w.extra["engine"](Xc)}
        med, last = interleave(trials, reps, label=f"(a) {dtype}")
        print(f"  (a) {dtype}: {w.check(last) if w.check else ''}")
        rows += w.rows(med)
        rows.append(
            Row("a cat-deep", dtype, f"{w.what}, X C-ordered", med["neuronlab_c"],
                "neuronlab (X contiguous examples)", med["neuronlab"])
        )  # fmt: skip
    return rows


# ---------------------------------------------------------- (b) mnist-like
def case_b(sizes: Sizes, reps: int) -> list[Row]:
    rows = []
    for dtype in DTYPES:
        w = mnist_like(sizes, dtype)  # neuronlab, torch Adam fused / for-loop, sklearn adam
        XT, net0, batch, lr = w.extra["XT"], w.extra["net0"], w.extra["batch"], w.extra["lr"]
        m = XT.shape[0]
        Xc = np.ascontiguousarray(w.extra["X"])  # the same data with contiguous features
        trials: dict[str, Any] = {**w.trials, "neuronlab_c": lambda: w.extra["engine"](Xc)}
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
        print(f"  (b) {dtype}: {w.check(last) if w.check else ''}")
        rows += w.rows(med)
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
                w.what + ", X C-ordered",
                med["neuronlab_c"],
                "neuronlab (X contiguous examples)",
                med["neuronlab"],
                note="cost of the transposing copy inside fit",
            )
        )
    return rows


# ------------------------------------------------------------------ (c) ex4
def case_c(sizes: Sizes, reps: int) -> list[Row]:
    l2, calls, iters = 1.0, sizes.calls, sizes.minimize_iters
    rows = []
    for dtype in DTYPES:
        w = ex4(sizes, dtype)  # neuronlab's cost + gradient, torch autograd
        net, X, Y = w.extra["net"], w.extra["X"], w.extra["Y"]
        m = X.shape[1]
        XF = np.asfortranarray(X)  # the same values with contiguous examples
        trials: dict[str, Any] = {**w.trials, "neuronlab_f": lambda: w.extra["engine"](XF)}
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
            Xt = torch.from_numpy(X.T.copy())
            tW1, tdZ1 = torch.from_numpy(W1), torch.from_numpy(dZ1.T.copy())

            def torch_products() -> Callable[[], Any]:
                def run() -> None:
                    for _ in range(calls):
                        Xt @ tW1.T
                        tdZ1.T @ Xt

                return run

            trials["torch_products"] = torch_products
        med, last = interleave(trials, reps, label=f"(c) {dtype}")
        if w.check is not None and (note := w.check(last)):
            print(f"  (c) {dtype}: {note}")
        rows += w.rows(med)
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
def case_d(sizes: Sizes, reps: int) -> list[Row]:
    return gradient_checks(sizes, reps)


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
