"""NeuralNetClassifier against scikit-learn's MLPClassifier: test accuracy and fit time.

Usage::

    python benchmarks/bench_estimator.py [--reps 5] [--epochs 200] [--quick]

Data: scikit-learn's bundled digits (1,797 × 64, 10 classes) and breast-cancer
(569 × 30, 2 classes), one fixed stratified 80/20 train/test split each
(``random_state=0``), standardized with a ``StandardScaler`` fitted on the
training rows (outside the timed region).

Both estimators get the same architecture and solver — one hidden layer of 100
ReLU units, Adam (β₁ 0.9, β₂ 0.999, ε 1e-8), learning rate 0.001, mini-batches
of 200, L2 1e-4 (``l2`` here is ``alpha`` there: both add ``α/(2·batch)·Σ||W||²``)
— and exactly ``--epochs`` passes over the data: the loss-plateau stopping rule
is switched off in both (``n_iter_no_change = epochs``), so each does the same
number of updates.  A second pair of lines ("default stop") keeps both
stopping rules at their defaults (tol 1e-4, 10 epochs) and reports the epochs
each ran.  Initial weights differ (scikit-learn: Glorot uniform; neuronlab:
``initializer`` below), so repetition ``r`` seeds both with ``random_state=r``
and the accuracy reported is the mean over the repetitions.

Fits are interleaved (neuronlab, sklearn, neuronlab, …) after one untimed
warm-up round; the time is the median.  Both run under the same BLAS thread
limit (``--threads``, default 1): these matrices are at most 200 × 100, where a
second BLAS thread saves little, and on a shared 2-core machine a busy second
core makes OpenBLAS's threads wait for each other, so timings with 2 threads
swing by 10× from run to run.  Before each timed fit the script waits (up to
``--max-wait`` s) for idle CPUs, as the engine benchmark does, and prints the
spread of the repetitions and the load average with each table.

Targets: neuronlab's median fit time ≤ 0.7 × scikit-learn's, and its mean test
accuracy within 1 percentage point of (or above) scikit-learn's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from neuronlab.bench import IDLE_WAIT, machine_report, make_pair, split, wait_idle

RATIO_TARGET = 0.7
ACCURACY_MARGIN = 0.01


@dataclass
class Result:
    """One dataset × stopping mode: both estimators' median times and mean accuracies."""

    case: str
    epochs: str
    neuronlab_s: float
    sklearn_s: float
    neuronlab_acc: float
    sklearn_acc: float

    @property
    def ratio(self) -> float:
        return self.neuronlab_s / self.sklearn_s

    @property
    def met(self) -> str:
        ok = self.ratio <= RATIO_TARGET and self.neuronlab_acc >= self.sklearn_acc - ACCURACY_MARGIN
        return "yes" if ok else "NO"


def run_case(
    name: str, data: tuple[np.ndarray, ...], epochs: int, fixed: bool, reps: int, initializer: str
) -> Result:
    Xtr, Xte, ytr, yte = data
    times: dict[str, list[float]] = {"neuronlab": [], "sklearn": []}
    accs: dict[str, list[float]] = {"neuronlab": [], "sklearn": []}
    iters: dict[str, list[int]] = {"neuronlab": [], "sklearn": []}
    for r in range(reps + 1):  # round 0: untimed warm-up
        for which, est in make_pair(epochs, fixed, r, initializer).items():
            if r > 0:
                wait_idle()  # the machine may be shared: start on idle CPUs if we can
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                t0 = time.perf_counter()
                est.fit(Xtr, ytr)
                elapsed = time.perf_counter() - t0
            if r > 0:
                times[which].append(elapsed)
                accs[which].append(est.score(Xte, yte))
                iters[which].append(est.n_iter_)
    spread = ", ".join(f"{w} {min(ts):.3f}–{max(ts):.3f}" for w, ts in times.items())
    print(f"    {name}: spread (s) {spread}")
    ep = "/".join(f"{statistics.median(iters[w]):g}" for w in ("neuronlab", "sklearn"))
    return Result(
        f"{name} ({'fixed' if fixed else 'default stop'})",
        ep,
        statistics.median(times["neuronlab"]),
        statistics.median(times["sklearn"]),
        float(np.mean(accs["neuronlab"])),
        float(np.mean(accs["sklearn"])),
    )


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    head = [
        "case",
        "epochs nl/sk",
        "neuronlab s",
        "sklearn s",
        "ratio",
        "target",
        "neuronlab acc",
        "sklearn acc",
        "met?",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        cells = [
            r.case,
            r.epochs,
            f"{r.neuronlab_s:.3f}",
            f"{r.sklearn_s:.3f}",
            f"{r.ratio:.2f}",
            f"≤ {RATIO_TARGET:g}×",
            f"{100 * r.neuronlab_acc:.2f}%",
            f"{100 * r.sklearn_acc:.2f}%",
            r.met,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reps",
        type=int,
        default=5,
        help="interleaved repetitions (seeds 1..reps); median time (default 5)",
    )
    parser.add_argument("--epochs", type=int, default=200, help="max_iter / epochs (default 200)")
    parser.add_argument(
        "--initializer",
        default="glorot_uniform",
        help="neuronlab initializer (default glorot_uniform, the estimator's default)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        nargs="+",
        default=[1],
        help="BLAS thread limit(s), one table each (default 1)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="2 repetitions of 10 epochs: a smoke test, the numbers mean nothing",
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=30.0,
        help="seconds to wait for idle CPUs before each timed fit (0: do not wait; default 30)",
    )
    args = parser.parse_args(argv)
    IDLE_WAIT["max_wait"] = args.max_wait
    if args.reps < 1:
        parser.error(f"--reps: expected a positive integer, got {args.reps}")
    reps, epochs = (2, 10) if args.quick else (args.reps, args.epochs)
    for line in machine_report():
        print(line)
    print(
        f"{'QUICK (smoke test); ' if args.quick else ''}median of {reps} interleaved "
        f"repetitions, {epochs} epochs, neuronlab initializer {args.initializer!r}"
    )
    datasets = {"digits": split(load_digits), "breast-cancer": split(load_breast_cancer)}
    for threads in args.threads:
        load = os.getloadavg()[0]
        results = []
        with threadpool_limits(threads, user_api="blas"):
            for name, data in datasets.items():
                for fixed in (True, False):
                    t0 = time.perf_counter()
                    results.append(run_case(name, data, epochs, fixed, reps, args.initializer))
                    print(f"  {results[-1].case} took {time.perf_counter() - t0:.1f} s", flush=True)
        print(
            f"\nBLAS threads {threads}; load average {load:.2f} before, "
            f"{os.getloadavg()[0]:.2f} after"
        )
        print(table(results))
    print(
        f"waited {IDLE_WAIT['waited']:.0f} s in all for idle CPUs; "
        f"{IDLE_WAIT['busy_runs']} timed fits started on busy CPUs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
