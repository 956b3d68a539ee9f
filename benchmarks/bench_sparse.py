"""NeuralNetClassifier against scikit-learn's MLPClassifier on a sparse, text-like X.

Usage::

    python benchmarks/bench_sparse.py [--reps 3] [--epochs 3] [--quick]

Data: a hashed-bag-of-words stand-in (what ``HashingVectorizer`` gives), built here so
that nothing is downloaded: 20,000 rows × 2^16 features in CSR, 0.1 % stored entries
(~65 per row, positive counts scaled to unit-norm rows), 4 classes decided by a fixed
random linear score of the features; a fixed 80/20 train/test split.  Both estimators
take the CSR matrix as it is (neither makes a dense copy: 10.5 GB dense).

Both get the same architecture and solver (``neuronlab.bench.make_pair``: 100 ReLU
units, Adam, learning rate 0.001, mini-batches of 200, L2 1e-4) and exactly
``--epochs`` passes (the plateau rule off).  Fits are interleaved after an untimed
warm-up round, under one BLAS thread; the time is the median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from neuronlab.bench import IDLE_WAIT, machine_report, make_pair, wait_idle


def text_like(m: int, n: int, density: float, seed: int = 0) -> tuple[sp.csr_matrix, np.ndarray]:
    """``(X, y)``: a CSR (m, n) of unit-norm rows with ``density`` stored entries and
    4 classes (the quartiles of a random linear score)."""
    rng = np.random.default_rng(seed)
    nnz = int(m * n * density)
    rows = np.sort(rng.integers(0, m, nnz))
    X = sp.csr_matrix((rng.integers(1, 4, nnz).astype(float), (rows, rng.integers(0, n, nnz))))
    X.resize(m, n)
    X.sum_duplicates()
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    X = sp.csr_matrix(sp.diags(1 / np.maximum(norms, 1e-12)) @ X)
    score = X @ rng.standard_normal(n)
    y = np.digitize(score, np.quantile(score, [0.25, 0.5, 0.75]))
    return X, y


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3, help="timed repetitions (default 3)")
    parser.add_argument("--epochs", type=int, default=3, help="epochs per fit (default 3)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="2,000 × 2^12 rows, 1 repetition of 2 epochs: a smoke test, the numbers mean nothing",
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=30.0,
        help="seconds to wait for idle CPUs before each timed fit (0: do not wait; default 30)",
    )
    args = parser.parse_args(argv)
    if args.reps < 1 or args.epochs < 1:
        parser.error(
            f"--reps, --epochs: expected positive integers, got {args.reps}, {args.epochs}"
        )
    IDLE_WAIT["max_wait"] = args.max_wait
    m, n = (2_000, 2**12) if args.quick else (20_000, 2**16)
    reps, epochs = (1, 2) if args.quick else (args.reps, args.epochs)
    X, y = text_like(m, n, 0.001 if not args.quick else 0.01)
    cut = int(0.8 * m)
    Xtr, Xte, ytr, yte = X[:cut], X[cut:], y[:cut], y[cut:]
    for line in machine_report():
        print(line)
    print(
        f"{'QUICK (smoke test); ' if args.quick else ''}X {m} × {n} CSR, {X.nnz} stored "
        f"({100 * X.nnz / (m * n):.2f} %); median of {reps} interleaved repetitions, "
        f"{epochs} epochs, 1 BLAS thread"
    )
    times: dict[str, list[float]] = {"neuronlab": [], "sklearn": []}
    accs: dict[str, list[float]] = {"neuronlab": [], "sklearn": []}
    with threadpool_limits(1, user_api="blas"):
        for r in range(reps + 1):  # round 0: untimed warm-up
            for which, est in make_pair(epochs, True, r).items():
                if r > 0:
                    wait_idle()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    t0 = time.perf_counter()
                    est.fit(Xtr, ytr)
                    elapsed = time.perf_counter() - t0
                if r > 0:
                    times[which].append(elapsed)
                    accs[which].append(est.score(Xte, yte))
    nl, sk = (statistics.median(times[w]) for w in ("neuronlab", "sklearn"))
    print("\n| estimator | fit s (median) | test accuracy |\n|---|---|---|")
    for which, seconds in (("neuronlab", nl), ("MLPClassifier", sk)):
        key = "sklearn" if which == "MLPClassifier" else which
        print(f"| {which} | {seconds:.2f} | {100 * np.mean(accs[key]):.2f}% |")
    print(f"\nfit time ratio neuronlab / MLPClassifier: {nl / sk:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
