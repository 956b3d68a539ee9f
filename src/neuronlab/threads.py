"""How many BLAS threads a fit uses: no collapse when processes share the cores.

A BLAS thread pool spins and waits for all its threads at the end of every product.
With more BLAS threads than free cores — two processes × 2 OpenBLAS threads on 2 cores,
what a threaded Dask worker, joblib's threading backend or an ``OPENBLAS_NUM_THREADS``
set for another program gives — each product waits for a thread that is not running,
and a small fit that takes 0.15 s alone took 19 s (issue 14).  Small products gain
nothing from a second thread anyway, so a fit chooses its threads up front:

* ``blas_threads`` given: that many, whatever the context;
* another fit already running in this process (threads share one BLAS pool): 1;
* the largest product of a step, ``n_out·n_in·batch`` multiply-adds, below
  :data:`CROSSOVER`: 1 (a second thread gains nothing there when the cores are free,
  and costs up to 100× when they are not);
* else the limit in force — what an enclosing ``threadpoolctl.threadpool_limits``, a
  joblib/loky worker (``parallel_config(inner_max_num_threads=…)`` and loky's default
  ``cpu_count // n_jobs`` reach the worker as ``OPENBLAS_NUM_THREADS`` and friends, read
  by the BLAS when it loads) or a Dask nanny (``distributed.nanny.pre-spawn-environ``:
  ``OMP_NUM_THREADS=1``, ``OPENBLAS_NUM_THREADS=1`` …) set — capped
  at the cores this process may run on.

The limit is read from the BLAS itself (threadpoolctl), so every way of setting it is
seen the same way.  The count is set for the fit and put back afterwards.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from neuronlab import _validation as v

#: Multiply-adds of one matrix product (``n_out·n_in·batch``) from which two BLAS threads
#: beat one, measured with ``benchmarks/bench_threads.py`` on 2 cores (benchmarks/README.md):
#: the fastest of the repetitions of an Adam epoch was the same on 1 and 2 threads up to
#: 3.3e6 and 7–27 % faster on 2 from 6.6e6–1e7 on.
CROSSOVER = 5_000_000

_LOCK = threading.Lock()
_RUNNING = {"fits": 0}
_STATE: dict[str, Any] = {"controller": None, "pid": None}


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the OS tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _controller() -> Any:
    """A threadpoolctl controller, made once per process (~ms to scan the libraries)."""
    if _STATE["controller"] is None or _STATE["pid"] != os.getpid():
        from threadpoolctl import ThreadpoolController

        _STATE["controller"], _STATE["pid"] = ThreadpoolController(), os.getpid()
    return _STATE["controller"]


def blas_limit() -> int | None:
    """The thread count the BLAS libraries run with now (the smallest, if several are
    loaded), or None when threadpoolctl finds no BLAS it can control."""
    counts = [lib.num_threads for lib in _controller().select(user_api="blas").lib_controllers]
    return min(counts) if counts else None


def largest_product(layer_dims: Sequence[int], batch: int) -> int:
    """Multiply-adds of a step's largest matrix product, ``max_l n_l·n_{l-1}·batch``
    (the forward ``W A``, the backward ``dZ Aᵀ`` and ``Wᵀ dZ`` of the same layer)."""
    return max(a * b for a, b in zip(layer_dims[:-1], layer_dims[1:])) * batch


def choose_threads(
    work: int,
    requested: int | None = None,
    *,
    limit: int | None = None,
    cores: int | None = None,
    others_running: int = 0,
) -> int:
    """BLAS threads for a fit whose largest product is ``work`` multiply-adds.

    ``requested`` (an int ≥ 1) wins; else 1 while ``others_running`` fits share the
    process or when ``work < CROSSOVER``; else ``limit`` (the count in force, None: no
    limit known) capped at ``cores`` (None: :func:`available_cores`).
    """
    if requested is not None:
        return v.check_int("blas_threads", requested, minimum=1)
    if others_running > 0 or work < CROSSOVER:
        return 1
    cores = available_cores() if cores is None else cores
    return max(1, min(cores, cores if limit is None else limit))


def check_blas_threads(value: Any) -> int | None:
    """``blas_threads``: None (chosen per fit) or an integer ≥ 1."""
    return None if value is None else v.check_int("blas_threads", value, minimum=1)


@contextmanager
def blas_threads_for(work: int, requested: int | None = None) -> Iterator[int]:
    """Run the body with the BLAS threads :func:`choose_threads` picks; yields the count.

    One BLAS thread pool (OpenBLAS's) serves the whole process, so fits running at once
    in several threads of a process share one setting: a fit that starts while another
    runs asks for 1 thread (unless ``requested``).  threadpoolctl lets one thread at a
    time change OpenBLAS's count — the first to change it, until its limits end — and
    ignores the others; the count in force before the body is restored after it.
    """
    requested = check_blas_threads(requested)
    with _LOCK:
        limit = blas_limit()
        n = choose_threads(work, requested, limit=limit, others_running=_RUNNING["fits"])
        _RUNNING["fits"] += 1
    try:
        if limit is None or n == limit:
            yield n
        else:
            with _controller().limit(limits=n, user_api="blas"):
                yield n
    finally:
        with _LOCK:
            _RUNNING["fits"] -= 1
