"""The engine's speed on the standard workloads, against scikit-learn and PyTorch.

What ``neuronlab bench`` runs and ``benchmarks/bench_engine.py`` builds on (that
script adds the diagnostic rows: other layouts, the products alone, the solvers).
Each workload is synthetic, seeded data of a course lab's shape; every framework
starts from the neuronlab network's weights (copied) and gets the data in its own
natural layout, built outside the timed region:

a  cat-deep: X (12288, 209), [12288, 20, 7, 5, 1] ReLU/sigmoid, 100 full-batch GD
   steps, lr 0.0075 — against a torch SGD loop and MLPClassifier(solver="sgd").
b  mnist-like: X (784, 60000), 784-128-64-10 ReLU/softmax, one epoch of Adam, batch
   128, shuffled — against torch Adam (fused and for-loop) and MLPClassifier("adam").
c  ex4: X (400, 5000), 400-25-10 sigmoid, λ = 1: one regularized cost + gradient —
   against torch autograd.
d  gradient checking of the ex4 net: the exact check of all 10,285 parameters
   against a plain loop of two forward passes per coordinate (timed on a subset,
   extrapolated), and the fast check; both must catch a planted bug.
e  the estimator: ``NeuralNetClassifier.fit`` against ``MLPClassifier.fit`` on
   scikit-learn's bundled digits and breast-cancer sets (standardized, 80 % of the
   rows), one hidden layer of 100 ReLU units, Adam, batch 200, 200 epochs each (the
   plateau rule off), one BLAS thread; their test accuracies are printed beside.

A *trial* is a zero-argument callable that prepares one timed run (fresh copies of
the starting weights, a fresh optimizer) and returns the callable to time.
:func:`interleave` runs every trial once untimed (warm-up), then ``reps`` rounds of
``trial₁, trial₂, …`` so that a slow patch of a shared machine hits every framework
alike, and reports the median.  Before every timed run :func:`wait_idle` waits (up
to a limit) for the other processes to leave the CPUs idle.

PyTorch is optional (``pip install "neuronlab[bench]"``): without it its rows are
left out and the output says so.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neuronlab.network import Network

Trial = Callable[[], Callable[[], Any]]
Say = Callable[[str], Any]
DTYPES = ("float64", "float32")


# ------------------------------------------------------------------ timing
def busy_fraction(interval: float = 0.2) -> float:
    """Share of all CPUs busy during ``interval`` seconds (we sleep meanwhile, so it
    is the other processes' load); 0.0 where ``/proc/stat`` is missing."""

    def sample() -> tuple[int, int]:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields), idle

    try:
        total0, idle0 = sample()
        time.sleep(interval)
        total1, idle1 = sample()
    except OSError:
        return 0.0
    total = total1 - total0
    return 0.0 if total <= 0 else 1.0 - (idle1 - idle0) / total


#: Seconds :func:`wait_idle` may wait before each timed run (0 turns it off), the
#: busy share it waits out, and what it recorded: seconds waited, runs started busy.
IDLE_WAIT: dict[str, float] = {"max_wait": 60.0, "threshold": 0.15, "waited": 0.0, "busy_runs": 0}


def wait_idle() -> None:
    """Wait until the CPUs are (nearly) idle, at most ``IDLE_WAIT["max_wait"]`` s."""
    if IDLE_WAIT["max_wait"] <= 0:
        return
    start = time.perf_counter()
    while busy_fraction() > IDLE_WAIT["threshold"]:
        if time.perf_counter() - start > IDLE_WAIT["max_wait"]:
            IDLE_WAIT["busy_runs"] += 1
            break
        time.sleep(0.5)
    IDLE_WAIT["waited"] += time.perf_counter() - start


def interleave(
    trials: dict[str, Trial],
    reps: int,
    warmup: bool = True,
    label: str = "",
    say: Say = print,
) -> tuple[dict[str, float], dict[str, Any]]:
    """``({name: median seconds}, {name: what the last run returned})``; says the
    spread (min–max) of every trial's repetitions."""
    times: dict[str, list[float]] = {name: [] for name in trials}
    last: dict[str, Any] = {}
    rounds = reps + 1 if warmup else reps
    for r in range(rounds):
        for name, trial in trials.items():
            run = trial()
            if r > 0 or not warmup:
                wait_idle()
            t0 = time.perf_counter()
            out = run()
            elapsed = time.perf_counter() - t0
            last[name] = out
            if r > 0 or not warmup:
                times[name].append(elapsed)
    spread = ", ".join(f"{name} {fmt(min(ts))}–{fmt(max(ts))}" for name, ts in times.items())
    say(f"    {label} spread (s): {spread}")
    return {name: statistics.median(ts) for name, ts in times.items()}, last


@dataclass
class Row:
    """One line of the result table: neuronlab against one reference.

    ``ratio_target`` bounds ``neuronlab / reference``; ``abs_target`` bounds the
    neuronlab time itself (seconds).  Neither: an informative line.
    """

    case: str
    dtype: str
    what: str
    neuronlab: float
    reference: str = "—"
    reference_s: float | None = None
    ratio_target: float | None = None
    abs_target: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.reference_s is None or self.reference_s <= 0:
            return None
        return self.neuronlab / self.reference_s

    @property
    def target(self) -> str:
        if self.ratio_target is not None:
            return f"≤ {self.ratio_target:g}×"
        if self.abs_target is not None:
            return f"< {self.abs_target:g} s"
        return "—"

    @property
    def met(self) -> str:
        if self.ratio_target is not None:
            return (
                "—" if self.ratio is None else ("yes" if self.ratio <= self.ratio_target else "NO")
            )
        if self.abs_target is not None:
            return "yes" if self.neuronlab < self.abs_target else "NO"
        return "—"


def fmt(seconds: float | None) -> str:
    """Seconds to three significant digits (scientific below a millisecond)."""
    if seconds is None:
        return "—"
    return f"{seconds:.3g}" if seconds >= 0.001 else f"{seconds:.2e}"


TABLE_HEAD = (
    "case",
    "dtype",
    "what",
    "neuronlab s",
    "reference",
    "reference s",
    "ratio",
    "target",
    "met?",
)


def cells(row: Row) -> list[str]:
    ratio = "—" if row.ratio is None else f"{row.ratio:.2f}"
    return [row.case, row.dtype, row.what, fmt(row.neuronlab), row.reference,
            fmt(row.reference_s), ratio, row.target, row.met]  # fmt: skip


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table (what the benchmarks' README shows)."""
    lines = ["| " + " | ".join(TABLE_HEAD) + " |", "|" + "---|" * len(TABLE_HEAD)]
    lines += ["| " + " | ".join(cells(r)) + " |" for r in rows]
    return "\n".join(lines)


def text_table(rows: list[Row]) -> str:
    """The rows as aligned columns, for a terminal."""
    grid = [list(TABLE_HEAD), *(cells(r) for r in rows)]
    widths = [max(len(line[k]) for line in grid) for k in range(len(TABLE_HEAD))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in grid)


def blas_threads() -> int:
    """The thread count of NumPy's own BLAS (what torch is given too)."""
    from threadpoolctl import threadpool_info

    for info in threadpool_info():
        if info.get("user_api") == "blas" and "numpy" in str(info.get("filepath")):
            return int(info["num_threads"])
    return os.cpu_count() or 1


def machine_report() -> list[str]:
    """Lines naming the CPU, library versions and the BLAS kernels in use."""
    from threadpoolctl import threadpool_info

    lines = [
        f"python {platform.python_version()}, numpy {np.__version__}, "
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()})",
        "OPENBLAS_CORETYPE={!r} OPENBLAS_L2_SIZE={!r}".format(
            os.environ.get("OPENBLAS_CORETYPE"), os.environ.get("OPENBLAS_L2_SIZE")
        ),
    ]
    for info in threadpool_info():
        if info.get("user_api") != "blas":
            continue
        path = str(info.get("filepath"))
        owner = "numpy" if "numpy" in path else ("scipy" if "scipy" in path else "other")
        lines.append(
            f"BLAS ({owner}): {info.get('internal_api')} {info.get('version')}, "
            f"kernel {info.get('architecture')}, {info.get('num_threads')} threads"
        )
    for module in ("scipy", "sklearn", "torch"):
        try:
            mod = __import__(module)
        except ImportError:
            lines.append(f"{module}: not installed")
            continue
        extra = f", {mod.get_num_threads()} threads" if module == "torch" else ""
        lines.append(f"{module} {mod.__version__}{extra}")
    return lines


# --------------------------------------------------------------- workloads
@dataclass(frozen=True)
class Sizes:
    """Problem sizes of every workload (full or quick)."""

    cat: tuple[int, int, int]  # n_x, m, iterations
    estimator_epochs: int  # epochs of each fit in (e)
    mnist: tuple[int, int]  # n_x, m
    ex4: tuple[int, int]  # n_x, m
    calls: int  # cost+gradient calls per timed run in (c)
    minimize_iters: int
    plain_subset: int  # coordinates of the plain gradient-check loop


FULL = Sizes(
    cat=(12288, 209, 100),
    estimator_epochs=200,
    mnist=(784, 60000),
    ex4=(400, 5000),
    calls=20,
    minimize_iters=50,
    plain_subset=500,
)
#: Tiny sizes: a smoke test that runs in seconds; the times mean nothing.
QUICK = Sizes(
    cat=(300, 40, 5),
    estimator_epochs=3,
    mnist=(64, 600),
    ex4=(40, 200),
    calls=2,
    minimize_iters=5,
    plain_subset=20,
)


@dataclass
class Workload:
    """One workload in one dtype: its trials (``"neuronlab"`` and the references'),
    what each reference is called and the ratio it should stay under, and what the
    last runs' results say (``check(last)``: a line on their agreement)."""

    case: str
    dtype: str
    what: str
    trials: dict[str, Trial]
    references: list[tuple[str, str, float | None]]  # (trial, label, ratio target)
    per_call: int = 1  # the timed run repeats the work this many times
    check: Callable[[dict[str, Any]], str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def rows(self, medians: dict[str, float]) -> list[Row]:
        """The table's rows: neuronlab against each reference that ran."""
        nl_s = medians["neuronlab"] / self.per_call
        rows = [
            Row(
                self.case,
                self.dtype,
                self.what,
                nl_s,
                label,
                medians[key] / self.per_call,
                ratio_target=target,
            )  # fmt: skip
            for key, label, target in self.references
            if key in medians
        ]
        if not rows:  # its only reference is torch, not installed: the time alone
            rows.append(Row(self.case, self.dtype, self.what, nl_s, "— (torch not installed)"))
        return rows


def torch_modules() -> tuple[Any, Any]:
    """``(torch, torch.nn.functional)``, or ``(None, None)`` when torch is not installed."""
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        return None, None
    return torch, F


def torch_params(net: Network) -> list[Any]:
    """Leaf tensors ``[W1, b1, W2, b2, …]`` (biases as vectors), copies of ``net``'s."""
    torch, _ = torch_modules()
    out = []
    for layer in net.layers:
        out.append(torch.tensor(layer.W, requires_grad=True))
        out.append(torch.tensor(layer.b.ravel(), requires_grad=True))
    return out


def torch_forward(params: list[Any], X: Any, hidden: Callable[[Any], Any]) -> Any:
    """Logits of an MLP whose ``params`` are ``[W1, b1, …]``; X of shape (m, n_x)."""
    _, F = torch_modules()
    A = X
    n = len(params) // 2
    for layer in range(n):
        A = F.linear(A, params[2 * layer], params[2 * layer + 1])
        if layer < n - 1:
            A = hidden(A)
    return A


def flat_torch(params: list[Any]) -> np.ndarray:
    return np.concatenate([p.detach().numpy().ravel() for p in params])


def quiet(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` without scikit-learn's warnings ("maximum iterations reached" …).

    ``MLPClassifier.fit`` catches a ``KeyboardInterrupt`` (Ctrl-C, or SIGTERM as the
    CLI raises it), warns "Training interrupted by user" and returns: the interrupt
    is raised again here, so that a benchmark stops when asked to."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args)
    if any("interrupted by user" in str(w.message) for w in caught):
        raise KeyboardInterrupt
    return out


def sklearn_load(clf: Any, net: Network, XT: np.ndarray, y: np.ndarray) -> Any:
    """Build ``clf`` with one ``partial_fit`` on a few examples of every class, then copy
    ``net``'s weights into it (scikit-learn stores Wᵀ, of shape (n_in, n_out))."""
    classes = np.unique(y)
    few = np.concatenate([np.flatnonzero(y == c)[:2] for c in classes])
    quiet(lambda: clf.partial_fit(XT[few], y[few], classes=classes))
    clf.coefs_ = [np.array(layer.W.T, order="C") for layer in net.layers]
    clf.intercepts_ = [layer.b.ravel().copy() for layer in net.layers]
    return clf


def flat_sklearn(clf: Any) -> np.ndarray:
    return np.concatenate(
        [a for W, b in zip(clf.coefs_, clf.intercepts_) for a in (W.T.ravel(), b)]
    )


def cat_deep(sizes: Sizes, dtype: str) -> Workload:
    """(a) full-batch gradient descent on wide pictures, the L-layer cat net."""
    from sklearn.neural_network import MLPClassifier

    torch, F = torch_modules()
    n_x, m, iters = sizes.cat
    lr = 0.0075
    rng = np.random.default_rng(1)
    XT = rng.random((m, n_x))  # (m, n_x): pixel-like values in [0, 1), one image a row
    score = XT[:, : n_x // 3].mean(axis=1)
    y = (score > np.median(score)).astype(int)
    XT = XT.astype(dtype)  # (m, n_x) for torch and scikit-learn
    X = XT.T  # (n_x, m) with contiguous examples, as the lab's reshape(m, -1).T builds it
    Y = y.reshape(1, m).astype(dtype)
    net0 = Network([n_x, 20, 7, 5, 1], hidden_activation="relu", initializer="sqrt_n_in",
                   seed=np.random.RandomState(1), dtype=dtype)  # fmt: skip

    def engine(X: np.ndarray = X) -> Callable[[], Any]:
        net = net0.copy()
        return lambda: (
            net.fit(X, Y, optimizer="gd", learning_rate=lr, epochs=iters, progress=False),
            net.theta.copy(),
        )[1]

    trials: dict[str, Trial] = {"neuronlab": engine}
    if torch is not None:
        Xt, yt = torch.from_numpy(XT), torch.from_numpy(Y.T.copy())  # (m, n_x), (m, 1)

        def torch_sgd() -> Callable[[], Any]:
            params = torch_params(net0)
            opt = torch.optim.SGD(params, lr=lr)

            def run() -> np.ndarray:
                for _ in range(iters):
                    opt.zero_grad()
                    logits = torch_forward(params, Xt, torch.relu)
                    F.binary_cross_entropy_with_logits(logits, yt).backward()
                    opt.step()
                return flat_torch(params)

            return run

        trials["torch"] = torch_sgd

    def sklearn_sgd() -> Callable[[], Any]:
        clf = MLPClassifier(hidden_layer_sizes=(20, 7, 5), activation="relu", solver="sgd",
                            batch_size=m, learning_rate_init=lr, momentum=0.0,
                            nesterovs_momentum=False, shuffle=False, max_iter=iters, alpha=0.0,
                            tol=0.0, n_iter_no_change=iters + 1, warm_start=True)  # fmt: skip
        sklearn_load(clf, net0, XT, y)
        return lambda: (quiet(clf.fit, XT, y), flat_sklearn(clf))[1]

    trials["sklearn"] = sklearn_sgd

    def check(last: dict[str, Any]) -> str:
        return "; ".join(
            f"max|θ_nl − θ_{other}| after the run = "
            f"{np.max(np.abs(last['neuronlab'] - last[other])):.1e}"
            for other in ("torch", "sklearn")
            if other in last
        )

    target = 0.8 if dtype == "float64" else 0.9
    refs = [("torch", "torch SGD", target), ("sklearn", "sklearn sgd", None)]
    return Workload("a cat-deep", dtype, f"{iters} GD steps", trials, refs, check=check,
                    extra={"engine": engine, "X": X, "XT": XT, "net0": net0})  # fmt: skip


def mnist_like(sizes: Sizes, dtype: str) -> Workload:
    """(b) one epoch of mini-batch Adam on an MNIST-sized set."""
    from sklearn.neural_network import MLPClassifier

    torch, F = torch_modules()
    n_x, m = sizes.mnist
    lr, batch = 0.001, 128
    rng = np.random.default_rng(2)
    XT = rng.random((m, n_x))  # (m, n_x): examples are contiguous rows
    labels = np.argmax((XT - 0.5) @ rng.standard_normal((n_x, 10)), axis=1)  # learnable
    XT = XT.astype(dtype)
    YT = np.eye(10, dtype=dtype)[labels]  # (m, 10) one-hot
    X, Y = XT.T, YT.T  # (n_x, m), (10, m): views with contiguous examples
    net0 = Network([n_x, 128, 64, 10], hidden_activation="relu", output_activation="softmax",
                   initializer="he", seed=0, dtype=dtype)  # fmt: skip
    seeds = iter(range(10**6))

    def engine(X: np.ndarray = X) -> Callable[[], Any]:
        net, seed = net0.copy(), next(seeds)
        return lambda: net.fit(X, Y, optimizer="adam", learning_rate=lr, epochs=1,
                               batch_size=batch, seed=seed, progress=False).costs[0]  # fmt: skip

    trials: dict[str, Trial] = {"neuronlab": engine}
    if torch is not None:
        Xt, yt = torch.from_numpy(XT), torch.from_numpy(labels)
        gen = torch.Generator().manual_seed(0)

        def torch_adam(fused: bool) -> Trial:
            def trial() -> Callable[[], Any]:
                params = torch_params(net0)
                opt = torch.optim.Adam(params, lr=lr, fused=fused or None)

                def run() -> float:
                    total = torch.zeros((), dtype=Xt.dtype)
                    perm = torch.randperm(m, generator=gen)
                    for k in range(0, m, batch):
                        idx = perm[k : k + batch]
                        opt.zero_grad()
                        logits = torch_forward(params, Xt[idx], torch.relu)
                        loss = F.cross_entropy(logits, yt[idx])
                        loss.backward()
                        opt.step()
                        total += loss.detach() * len(idx)
                    return float(total) / m

                return run

            return trial

        trials["torch_fused"] = torch_adam(True)
        trials["torch"] = torch_adam(False)

    def sklearn_adam() -> Callable[[], Any]:
        clf = MLPClassifier(hidden_layer_sizes=(128, 64), activation="relu", solver="adam",
                            batch_size=batch, learning_rate_init=lr, max_iter=1, shuffle=True,
                            alpha=0.0, tol=1e9, n_iter_no_change=10, warm_start=True,
                            random_state=next(seeds))  # fmt: skip
        sklearn_load(clf, net0, XT, labels)
        return lambda: (quiet(clf.fit, XT, labels), clf.loss_)[1]

    trials["sklearn"] = sklearn_adam

    def check(last: dict[str, Any]) -> str:
        costs = ", ".join(f"{k} {v:.4f}" for k, v in last.items() if isinstance(v, float))
        return f"epoch cost (mean over its batches): {costs}"

    refs = [("torch_fused", "torch Adam fused", 0.9), ("torch", "torch Adam (for-loop)", None),
            ("sklearn", "sklearn adam", 0.6)]  # fmt: skip
    return Workload("b mnist-like", dtype, "1 Adam epoch", trials, refs, check=check,
                    extra={"engine": engine, "X": X, "XT": XT, "net0": net0,
                           "batch": batch, "lr": lr})  # fmt: skip


def ex4_problem(sizes: Sizes, dtype: str) -> tuple[Network, np.ndarray, np.ndarray]:
    """The ex4 network (400-25-10 sigmoid, weights U(±0.12)) and synthetic digits."""
    n_x, m = sizes.ex4
    rng = np.random.default_rng(4)
    X = rng.random((n_x, m)).astype(dtype)  # (n_x, m)
    labels = np.argmax(rng.standard_normal((10, n_x)) @ (X - 0.5), axis=0)
    Y = np.eye(10, dtype=dtype)[:, labels]  # (10, m) one-hot
    net = Network([n_x, 25, 10], hidden_activation="sigmoid", output_activation="sigmoid",
                  initializer="uniform", seed=0, dtype=dtype)  # fmt: skip
    return net, X, Y


def ex4(sizes: Sizes, dtype: str) -> Workload:
    """(c) one regularized cost + gradient of the digits net, as a solver asks for it."""
    torch, F = torch_modules()
    l2, calls = 1.0, sizes.calls
    net, X, Y = ex4_problem(sizes, dtype)
    m = X.shape[1]

    def engine(X: np.ndarray = X) -> Callable[[], Any]:
        def run() -> tuple[float, np.ndarray]:
            for _ in range(calls):
                cost, grad = net.loss_and_grad(X, Y, l2)
            return cost, grad.copy()

        return run

    trials: dict[str, Trial] = {"neuronlab": engine}
    if torch is not None:
        Xt, Yt = torch.from_numpy(X.T.copy()), torch.from_numpy(Y.T.copy())

        def autograd() -> Callable[[], Any]:
            params = torch_params(net)

            def run() -> tuple[float, np.ndarray]:
                for _ in range(calls):
                    for p in params:
                        p.grad = None
                    Z = torch_forward(params, Xt, torch.sigmoid)
                    cost = F.binary_cross_entropy_with_logits(Z, Yt, reduction="sum") / m + (
                        l2 / (2 * m) * sum((W * W).sum() for W in params[::2])
                    )
                    cost.backward()
                return cost.item(), np.concatenate([p.grad.numpy().ravel() for p in params])

            return run

        trials["torch"] = autograd

    def check(last: dict[str, Any]) -> str:
        if "torch" not in last:
            return ""
        dc = abs(last["neuronlab"][0] - last["torch"][0])
        dg = np.max(np.abs(last["neuronlab"][1] - last["torch"][1]))
        return f"|J_nl − J_torch| = {dc:.1e}, max|g_nl − g_torch| = {dg:.1e}"

    refs: list[tuple[str, str, float | None]] = [("torch", "torch autograd", 0.7)]
    return Workload("c ex4", dtype, "cost + gradient", trials, refs, per_call=calls,
                    check=check, extra={"engine": engine, "net": net, "X": X, "Y": Y})  # fmt: skip


def planted_bug(net: Network, block: str = "W2", factor: float = 2.0) -> Network:
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
    net: Network, X: np.ndarray, Y: np.ndarray, l2: float, coords: np.ndarray, eps: float = 1e-7
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


def gradient_checks(sizes: Sizes, reps: int, say: Say = print) -> list[Row]:
    """(d) the exact and the fast gradient check of the ex4 net, timed, and whether
    both catch a planted bug (layer 2's dW × 2)."""
    from neuronlab import gradcheck

    l2 = 1.0
    net, X, Y = ex4_problem(sizes, "float64")
    n = net.layout.size
    coords = np.random.default_rng(5).choice(n, size=min(sizes.plain_subset, n), replace=False)
    exact_reps = max(1, min(reps, 3))
    trials: dict[str, Trial] = {
        "exact": lambda: lambda: gradcheck.check(net, X, Y, l2=l2, return_gradients=True),
        "plain": lambda: lambda: plain_loop(net, X, Y, l2, coords),
    }
    med, last = interleave(trials, exact_reps, warmup=False, label="(d)", say=say)
    fast: dict[str, Trial] = {"fast": lambda: lambda: gradcheck.check_fast(net, X, Y, l2=l2)}
    fmed, _ = interleave(fast, max(reps, 5), label="(d)", say=say)
    plain_total = med["plain"] * n / len(coords)
    diff, _, approx = last["exact"]
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
    say(
        f"  (d) {n} parameters; plain loop timed on {len(coords)} coordinates "
        f"({med['plain']:.3g} s) and extrapolated ×{n / len(coords):.1f}; exact check timed "
        f"{exact_reps}× (median); max|exact − plain| on the subset = {agree:.1e}"
    )
    say(
        "  (d) relative differences: "
        + ", ".join(f"{k} {v:.2e}" for k, v in verdicts.items())
        + f" -> planted bug (dW2 × 2) {'caught by both' if caught else 'NOT caught'}"
    )
    note = f"bug caught: {caught}"
    return [
        Row("d gradcheck", "float64", f"exact check, {n} params", med["exact"],
            "plain loop (extrapolated)", plain_total, ratio_target=0.2, note=note),
        Row("d gradcheck", "float64", "fast check", fmed["fast"], abs_target=0.1, note=note),
    ]  # fmt: skip


def split(loader: Callable[..., Any]) -> tuple[np.ndarray, ...]:
    """Standardized ``(X_train, X_test, y_train, y_test)`` of a bundled scikit-learn set
    (rows as examples): one fixed stratified 80/20 split, the scaler fitted on the
    training rows."""
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = loader(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
    scaler = StandardScaler().fit(Xtr)
    return scaler.transform(Xtr), scaler.transform(Xte), ytr, yte


def make_pair(
    epochs: int, fixed: bool, seed: int, initializer: str = "glorot_uniform"
) -> dict[str, Any]:
    """``NeuralNetClassifier`` and ``MLPClassifier`` with the same hyperparameters, both
    seeded with ``seed``; ``fixed``: exactly ``epochs`` epochs (the plateau rule off)."""
    from sklearn.neural_network import MLPClassifier

    from neuronlab.estimator import NeuralNetClassifier

    patience = epochs if fixed else 10
    shared: dict[str, Any] = dict(batch_size=200, random_state=seed, n_iter_no_change=patience)
    tol = 0.0 if fixed else 1e-4
    return {
        "neuronlab": NeuralNetClassifier(hidden_layer_sizes=(100,), activation="relu",
                                         initializer=initializer, optimizer="adam",
                                         learning_rate=0.001, l2=1e-4, epochs=epochs, tol=tol,
                                         **shared),
        "sklearn": MLPClassifier(hidden_layer_sizes=(100,), activation="relu", solver="adam",
                                 learning_rate_init=0.001, alpha=1e-4, max_iter=epochs, tol=tol,
                                 **shared),
    }  # fmt: skip


def estimator_fits(sizes: Sizes, reps: int, say: Say = print) -> list[Row]:
    """(e) ``NeuralNetClassifier.fit`` against ``MLPClassifier.fit``, one BLAS thread."""
    from sklearn.datasets import load_breast_cancer, load_digits
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, user_api="blas"):
        return [
            _estimator_row(name, split(loader), sizes.estimator_epochs, reps, say)
            for name, loader in (("digits", load_digits), ("breast-cancer", load_breast_cancer))
        ]


def _estimator_row(
    name: str, data: tuple[np.ndarray, ...], epochs: int, reps: int, say: Say
) -> Row:
    Xtr, Xte, ytr, yte = data
    seeds = iter(range(10**6))  # repetition r seeds both estimators alike

    def trial(which: str) -> Trial:
        def prepare() -> Callable[[], Any]:
            est = make_pair(epochs, True, next(seeds))[which]
            return lambda: quiet(est.fit, Xtr, ytr).score(Xte, yte)

        return prepare

    trials = {"neuronlab": trial("neuronlab"), "sklearn": trial("sklearn")}
    med, last = interleave(trials, reps, label=f"(e) {name}", say=say)
    say(f"  (e) {name}: test accuracy of the last fit: neuronlab "
        f"{100 * last['neuronlab']:.2f} %, sklearn {100 * last['sklearn']:.2f} %")  # fmt: skip
    m, n = Xtr.shape
    return Row(f"e {name}", "float64", f"fit, {epochs} epochs ({m} × {n})", med["neuronlab"],
               "sklearn MLPClassifier", med["sklearn"], ratio_target=0.7)  # fmt: skip


#: The workloads that run in each dtype, by case letter (``d`` and ``e`` run in
#: float64 only).
WORKLOADS: dict[str, Callable[[Sizes, str], Workload]] = {
    "a": cat_deep,
    "b": mnist_like,
    "c": ex4,
}
CASES = ("a", "b", "c", "d", "e")


def run_workload(workload: Workload, reps: int, say: Say = print) -> list[Row]:
    """Time one workload's trials (interleaved, median) and return its rows."""
    label = f"({workload.case.split()[0]}) {workload.dtype}"
    med, last = interleave(workload.trials, reps, label=label, say=say)
    if workload.check is not None and (note := workload.check(last)):
        say(f"  {label}: {note}")
    return workload.rows(med)


def run(
    cases: tuple[str, ...] = CASES,
    *,
    sizes: Sizes = FULL,
    reps: int = 3,
    dtypes: tuple[str, ...] = DTYPES,
    say: Say = print,
    rows: list[Row] | None = None,
) -> list[Row]:
    """The head-to-head rows of ``cases`` (see the module docstring), in order,
    appended to ``rows`` as each case ends (what an interrupted run measured)."""
    torch, _ = torch_modules()
    if torch is not None:
        torch.set_num_threads(blas_threads())
    rows = [] if rows is None else rows
    for case in cases:
        t0 = time.perf_counter()
        if case == "d":
            rows += gradient_checks(sizes, reps, say)
        elif case == "e":
            rows += estimator_fits(sizes, reps, say)
        else:
            for dtype in dtypes:
                rows += run_workload(WORKLOADS[case](sizes, dtype), reps, say)
        say(f"  case {case} took {time.perf_counter() - t0:.1f} s")
    return rows


__all__ = [
    "CASES",
    "FULL",
    "IDLE_WAIT",
    "QUICK",
    "Row",
    "Sizes",
    "Workload",
    "blas_threads",
    "interleave",
    "machine_report",
    "run",
    "table",
    "text_table",
]
