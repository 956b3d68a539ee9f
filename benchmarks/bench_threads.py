"""BLAS threads: where a second thread starts to pay, and fits that share the cores.

Usage::

    python benchmarks/bench_threads.py [--reps 5] [--epochs 20] [--quick] [--max-wait 30]

Part 1, the crossover.  One mini-batch epoch (20 Adam steps) of a network
``[n_in, n_h, 10]`` (ReLU, softmax) on random data, for products ``n_h·n_in·batch``
from 1e5 to 3e8 multiply-adds, with the BLAS limited to 1 and to 2 threads
(threadpoolctl), for neuronlab (``training.fit(blas_threads=k)``), scikit-learn's
``MLPClassifier`` (``max_iter=1``, same shapes) and PyTorch if installed
(``torch.set_num_threads(k)``).  Repetitions are interleaved; the table shows medians
and the ratio time(2 threads) / time(1 thread): below 1, the second thread pays.
:data:`neuronlab.threads.CROSSOVER` is set from this table: the smallest product
from which two threads beat one for neuronlab.

Part 2, oversubscription.  The digits fit of ``bench_estimator.py`` (1,437 × 64
standardized rows, hidden (100,) ReLU, Adam, batch 200, ``--epochs`` epochs) in a
fresh process started with ``OPENBLAS_NUM_THREADS=2`` (and the other ``*_NUM_THREADS``
variables) on this machine, alone ("solo") and as two such processes at once ("pair",
what a threaded Dask worker, joblib's threading backend or an environment variable set
for another program gives).  Each process fits ``--reps`` times after one untimed fit;
the table shows the median fit time and pair / solo (target ≤ 2: two processes on two
cores).  Rows: neuronlab choosing its threads (the default), neuronlab with
``blas_threads=2`` (what every fit did before), and ``MLPClassifier``.

The machine may be shared: before every timed run (part 1) and every solo or pair
(part 2) the script waits up to ``--max-wait`` s for idle CPUs and says how many runs
started on busy CPUs.  Timings on a busy machine say little: compare the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from neuronlab import Network, fit
from neuronlab.bench import IDLE_WAIT, interleave, machine_report, wait_idle
from neuronlab.threads import CROSSOVER

VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")

#: (n_in, n_h, batch) of part 1, in increasing product size.
SHAPES = [
    (64, 16, 100),
    (64, 100, 200),  # the digits fit of part 2
    (128, 128, 200),
    (256, 128, 200),
    (784, 64, 200),
    (784, 128, 128),  # bench_engine's mnist-like first layer
    (784, 128, 200),
    (784, 256, 200),
    (1024, 1024, 256),
]
QUICK_SHAPES = [(64, 16, 50), (256, 128, 100)]
STEPS = 20


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        return None
    return torch


def crossover_trials(n_in: int, n_h: int, batch: int, threads: int) -> dict[str, Any]:
    """Trials of one epoch of ``STEPS`` steps at ``threads`` BLAS threads."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    rng = np.random.default_rng(0)
    m = batch * STEPS
    XT = rng.standard_normal((m, n_in))  # rows: every tool's natural layout
    y = rng.integers(0, 10, m)
    trials: dict[str, Any] = {}

    def ours() -> Any:
        net = Network([n_in, n_h, 10], output_activation="softmax", seed=0)
        return lambda: fit(
            net, XT.T, y, optimizer="adam", learning_rate=1e-3, epochs=1,
            batch_size=batch, blas_threads=threads, progress=False,
        )  # fmt: skip

    def theirs() -> Any:
        clf = MLPClassifier((n_h,), solver="adam", batch_size=batch, max_iter=1, random_state=0)

        def run() -> Any:
            with threadpool_limits(threads, user_api="blas"), warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                return clf.fit(XT, y)

        return run

    trials[f"neuronlab {threads}t"] = ours
    trials[f"sklearn {threads}t"] = theirs
    torch = _torch()
    if torch is not None:

        def torch_trial() -> Any:
            torch.manual_seed(0)
            model = torch.nn.Sequential(
                torch.nn.Linear(n_in, n_h), torch.nn.ReLU(), torch.nn.Linear(n_h, 10)
            ).double()
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
            Xt, yt = torch.from_numpy(XT), torch.from_numpy(y)
            loss = torch.nn.CrossEntropyLoss()

            def run() -> None:
                torch.set_num_threads(threads)
                for k in range(0, m, batch):
                    opt.zero_grad()
                    loss(model(Xt[k : k + batch]), yt[k : k + batch]).backward()
                    opt.step()

            return run

        trials[f"torch {threads}t"] = torch_trial
    return trials


def part1(shapes: list[tuple[int, int, int]], reps: int) -> None:
    print(f"\n## Part 1: one epoch of {STEPS} Adam steps, BLAS threads 1 against 2")
    tools = ["neuronlab", "sklearn"] + (["torch"] if _torch() is not None else [])
    head = ["n_in", "n_h", "batch", "product n_h·n_in·batch"]
    for tool in tools:
        head += [f"{tool} 1t s", f"{tool} 2t s", f"{tool} 2t/1t"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    pays: list[tuple[int, float]] = []
    with threadpool_limits(2, user_api="blas"):  # the 2-thread trials may use 2
        for n_in, n_h, batch in shapes:
            trials = {
                **crossover_trials(n_in, n_h, batch, 1),
                **crossover_trials(n_in, n_h, batch, 2),
            }
            med, _ = interleave(trials, reps, label=f"{n_in}×{n_h}×{batch}")
            work = n_in * n_h * batch
            cells = [str(n_in), str(n_h), str(batch), f"{work:.2g}"]
            for tool in tools:
                one, two = med[f"{tool} 1t"], med[f"{tool} 2t"]
                cells += [f"{one:.4f}", f"{two:.4f}", f"{two / one:.2f}"]
            pays.append((work, med["neuronlab 2t"] / med["neuronlab 1t"]))
            rows.append("| " + " | ".join(cells) + " |")
            print(rows[-1], flush=True)
    print("\n" + "\n".join(rows))
    first = next((w for k, (w, _) in enumerate(pays) if all(r < 1 for _, r in pays[k:])), None)
    print(
        f"\nneuronlab: two threads beat one from a product of {first:.2g} multiply-adds on"
        if first is not None
        else "\nneuronlab: two threads never beat one at every larger size measured",
        f"(neuronlab.threads.CROSSOVER = {CROSSOVER:.2g})",
    )


# ------------------------------------------------------------------ part 2
def worker(what: str, reps: int, epochs: int) -> None:
    """Fit the digits net ``reps + 1`` times in this process; print the timed ones."""
    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    from neuronlab.estimator import NeuralNetClassifier
    from neuronlab.threads import blas_limit

    X, y = load_digits(return_X_y=True)
    X, _, y, _ = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
    X = StandardScaler().fit_transform(X)
    shared = dict(batch_size=200, random_state=0, n_iter_no_change=epochs, tol=0.0)
    times = []
    for r in range(reps + 1):
        if what == "sklearn":
            est: Any = MLPClassifier((100,), solver="adam", max_iter=epochs, **shared)
        else:
            threads = None if what == "neuronlab" else 2
            est = NeuralNetClassifier((100,), epochs=epochs, blas_threads=threads, **shared)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            t0 = time.perf_counter()
            est.fit(X, y)
            elapsed = time.perf_counter() - t0
        if r > 0:
            times.append(elapsed)
    print(json.dumps({"times": times, "blas_limit": blas_limit()}))


def _launch(what: str, n: int, reps: int, epochs: int) -> list[float]:
    env = {**os.environ, **dict.fromkeys(VARS, "2")}
    cmd = [sys.executable, __file__, "--worker", what, "--reps", str(reps), "--epochs", str(epochs)]
    wait_idle()
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True) for _ in range(n)]
    medians = []
    for proc in procs:
        out, _ = proc.communicate(timeout=1800)
        if proc.returncode != 0:
            raise RuntimeError(f"worker {what} failed (exit {proc.returncode})")
        medians.append(statistics.median(json.loads(out.strip().splitlines()[-1])["times"]))
    return medians


def part2(reps: int, epochs: int, rounds: int) -> None:
    print(f"\n## Part 2: digits fit ({epochs} epochs), processes with 2 BLAS threads each")
    results: dict[str, dict[str, list[float]]] = {}
    for _ in range(rounds):  # solo and pair alternate, so a busy patch hits both
        for what in ("neuronlab", "neuronlab-2", "sklearn"):
            res = results.setdefault(what, {"solo": [], "pair": []})
            res["solo"] += _launch(what, 1, reps, epochs)
            res["pair"] += _launch(what, 2, reps, epochs)
            print(f"    {what}: solo {res['solo']}, pair {res['pair']}", flush=True)
    names = {
        "neuronlab": "neuronlab (threads chosen)",
        "neuronlab-2": "neuronlab, blas_threads=2 (as before)",
        "sklearn": "MLPClassifier",
    }
    lines = ["| estimator | solo s | pair s (each) | pair / solo | target | met? |"]
    lines.append("|---|---|---|---|---|---|")
    for what, res in results.items():
        solo, pair = statistics.median(res["solo"]), statistics.median(res["pair"])
        met = "yes" if pair / solo <= 2 else "NO"
        target = "≤ 2×" if what == "neuronlab" else "—"
        met = met if what == "neuronlab" else "—"
        cells = [names[what], f"{solo:.3f}", f"{pair:.3f}", f"{pair / solo:.2f}", target, met]
        lines.append("| " + " | ".join(cells) + " |")
    nl = statistics.median(results["neuronlab"]["pair"])
    sk = statistics.median(results["sklearn"]["pair"])
    print("\n" + "\n".join(lines))
    print(f"\npair: neuronlab / MLPClassifier = {nl / sk:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5, help="timed repetitions (default 5)")
    parser.add_argument("--epochs", type=int, default=20, help="digits epochs (default 20)")
    parser.add_argument("--rounds", type=int, default=3, help="part 2 solo/pair rounds (3)")
    parser.add_argument("--part", type=int, choices=(1, 2), help="run one part only")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test")
    parser.add_argument("--max-wait", type=float, default=30.0, help="idle wait, s (30)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.reps < 1:
        parser.error(f"--reps: expected a positive integer, got {args.reps}")
    if args.worker:
        worker(args.worker, args.reps, args.epochs)
        return 0
    IDLE_WAIT["max_wait"] = args.max_wait
    for line in machine_report():
        print(line)
    reps, epochs, rounds = (1, 2, 1) if args.quick else (args.reps, args.epochs, args.rounds)
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    if args.part in (None, 1):
        part1(QUICK_SHAPES if args.quick else SHAPES, reps)
    if args.part in (None, 2):
        part2(reps, epochs, rounds)
    print(
        f"load average {os.getloadavg()[0]:.2f} at the end; waited {IDLE_WAIT['waited']:.0f} s "
        f"for idle CPUs; {IDLE_WAIT['busy_runs']} runs started on busy CPUs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
