"""The estimators past one process: a grid search on three joblib backends, and dask-ml's
Incremental over more rows than one block — neuronlab against scikit-learn's MLPClassifier.

Usage::

    python benchmarks/bench_distributed.py [--rows 1000000] [--quick]

Part 1, GridSearchCV on digits (scikit-learn's bundled 1,797 × 64, scaled to [0, 1]):
8 settings × 3 folds = 24 fits and the refit, 30 epochs, batch 64, for
``NeuralNetClassifier`` and ``MLPClassifier`` (the same grid: 4 learning rates × hidden
(32,) or (64,), Adam),
serial (``n_jobs=1``), loky with 2 processes, and the Dask joblib backend on a
``LocalCluster`` of 2 single-threaded worker processes.  Each tool gets its data as it
takes it (rows are examples for both).  An untimed search per backend comes first, so
that no row pays for starting processes or importing a library in them.

Part 2, dask-ml's ``Incremental`` over ``--rows`` rows × 20 features (a dask array in
blocks of 100,000 rows generated on the workers, never whole in memory): one pass of
``partial_fit`` per block, for each estimator; the wall time of the pass and the peak
resident memory of each worker process (``psutil``, sampled by a thread in the worker
every 0.1 s during the pass) beside its size at rest before the pass (its libraries), and the
block's size in memory.

Needs ``pip install 'neuronlab[dask]'``.  On a shared machine the times vary; the
ratios between rows of one run are what to read.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any


def _search(estimator: Any, backend: str | None) -> float:
    import joblib
    from sklearn.datasets import load_digits
    from sklearn.model_selection import GridSearchCV

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    key = "learning_rate" if hasattr(estimator, "blas_threads") else "learning_rate_init"
    grid = {key: [0.0003, 0.001, 0.003, 0.01], "hidden_layer_sizes": [(32,), (64,)]}
    start = time.perf_counter()
    if backend is None:
        GridSearchCV(estimator, grid, cv=3).fit(X, y)
    elif backend == "loky":
        GridSearchCV(estimator, grid, cv=3, n_jobs=2).fit(X, y)
    else:
        with joblib.parallel_backend(backend):
            GridSearchCV(estimator, grid, cv=3).fit(X, y)
    return time.perf_counter() - start


def _estimators(epochs: int) -> dict[str, Callable[[], Any]]:
    from sklearn.neural_network import MLPClassifier

    from neuronlab.estimator import NeuralNetClassifier

    return {
        "neuronlab": lambda: NeuralNetClassifier(
            (64,), epochs=epochs, batch_size=64, random_state=0
        ),
        "MLPClassifier": lambda: MLPClassifier(
            (64,), max_iter=epochs, batch_size=64, random_state=0, n_iter_no_change=epochs + 1
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows for Incremental")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error(f"--rows: expected a positive integer, got {args.rows}")
    try:
        import dask.array as da
        import distributed
        from dask_ml.wrappers import Incremental
    except ImportError as exc:
        print(f"needs pip install 'neuronlab[dask]' ({exc})", file=sys.stderr)
        return 2
    warnings.filterwarnings("ignore")  # convergence warnings of the short fits
    epochs, rows, block = (3, 20_000, 5_000) if args.quick else (30, args.rows, 100_000)
    makers = _estimators(epochs)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        # untimed first: start the loky processes, import both libraries in every worker
        for make in _estimators(1).values():
            for backend in (None, "loky", "dask"):
                _search(make(), backend)
        print(f"## GridSearchCV on digits: 8 settings × 3 folds = 24 fits + refit, {epochs} epochs")
        print("| estimator | serial s | loky 2 jobs s | dask 2 workers s | loky ÷ serial |")
        print("|---|---|---|---|---|")
        for name, make in makers.items():
            t = {b: _search(make(), b) for b in (None, "loky", "dask")}
            print(f"| {name} | {t[None]:.2f} | {t['loky']:.2f} | {t['dask']:.2f} | "
                  f"{t['loky'] / t[None]:.2f} |")  # fmt: skip

        n = 20
        X = da.random.RandomState(0).normal(size=(rows, n), chunks=(block, n))
        y = (X[:, 0] + X[:, 1] > 0).astype(int)
        print(f"\n## Incremental: one pass over {rows:,} rows × {n} (blocks of {block:,} rows, "
              f"{block * n * 8 / 2**20:.0f} MiB each)")  # fmt: skip
        print("| estimator | pass s | RSS per worker, rest → peak (MiB) | accuracy, last block |")
        print("|---|---|---|---|")
        for make in makers.values():  # untimed first: dask-ml's and the data's first use
            Incremental(make(), shuffle_blocks=False).fit(X[: 2 * block], y[: 2 * block],
                                                          classes=[0, 1])  # fmt: skip
        for name, make in makers.items():
            rest = client.run(_start_sampler)
            start = time.perf_counter()
            inc = Incremental(make(), shuffle_blocks=False, scoring="accuracy")
            inc.fit(X, y, classes=[0, 1])
            seconds = time.perf_counter() - start
            peaks = client.run(_stop_sampler)
            last = slice(rows - block, rows)
            score = inc.estimator_.score(X[last].compute(), y[last].compute())
            mib = ", ".join(f"{rest[w] / 2**20:.0f} → {p / 2**20:.0f}" for w, p in peaks.items())
            print(f"| {name} | {seconds:.1f} | {mib} | {score:.3f} |")
    return 0


def _start_sampler(dask_worker: Any) -> int:
    """Start a thread in the worker that records its peak resident memory; the resident
    memory now, in bytes (the worker at rest: its libraries, before the pass)."""
    import threading

    import psutil

    state = {"peak": 0, "stop": False}

    def sample() -> None:
        process = psutil.Process()
        while not state["stop"]:
            state["peak"] = max(int(state["peak"]), process.memory_info().rss)
            time.sleep(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    dask_worker._neuronlab_sampler = (state, thread)
    thread.start()
    return int(psutil.Process().memory_info().rss)


def _stop_sampler(dask_worker: Any) -> int:
    """Stop the worker's sampler; its peak resident memory, in bytes."""
    state, thread = dask_worker._neuronlab_sampler
    state["stop"] = True
    thread.join()
    return int(state["peak"])


if __name__ == "__main__":
    sys.exit(main())
