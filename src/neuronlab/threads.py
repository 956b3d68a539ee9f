"""How many BLAS threads a fit uses: no collapse when processes share the cores.

A BLAS thread pool spins and waits for all its threads at the end of every product.
With more BLAS threads than free cores — two processes × 2 OpenBLAS threads on 2 cores,
what a threaded Dask worker, joblib's threading backend or an ``OPENBLAS_NUM_THREADS``
set for another program gives — each product waits for a thread that is not running,
and a small fit that takes 0.15 s alone took 19 s (issue 14).  Small products gain
nothing from a second thread anyway, so a fit chooses its threads up front:

* ``blas_threads`` given: that many (while other fits run in the process, the largest
  count any of them asked for: they share one pool);
* other fits running in this process (their threads share one BLAS pool): 1 for all
  of them, or the largest ``blas_threads`` one of them asked for;
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
seen the same way.  The count is set for the fit and put back when the last running
fit ends.
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
) -> int:
    """BLAS threads for a fit whose largest product is ``work`` multiply-adds.

    ``requested`` (an int ≥ 1) wins; else 1 when ``work < CROSSOVER``; else ``limit``
    (the count in force, None: no limit known) capped at ``cores`` (None:
    :func:`available_cores`).  This is the count of a fit alone in its process;
    :func:`blas_threads_for` shares the cores between fits running at once.
    """
    if requested is not None:
        return v.check_int("blas_threads", requested, minimum=1)
    if work < CROSSOVER:
        return 1
    cores = available_cores() if cores is None else cores
    return max(1, min(cores, cores if limit is None else limit))


def check_blas_threads(value: Any) -> int | None:
    """``blas_threads``: None (chosen per fit) or an integer ≥ 1."""
    return None if value is None else v.check_int("blas_threads", value, minimum=1)


def _shared_pool(lib: Any) -> bool:
    """Whether a BLAS library's thread count is one for the whole process (MKL's, and
    OpenBLAS's and BLIS's on their own threads) rather than one per calling thread
    (OpenBLAS or BLIS on an OpenMP layer)."""
    layer = getattr(lib, "threading_layer", None)
    if lib.internal_api == "mkl":  # mkl_set_num_threads is process-wide (untested here)
        return True
    return lib.internal_api in ("openblas", "blis") and layer != "openmp"


def _set_shared_count(lib: Any, count: int) -> None:
    """Set a process-wide pool's count from whatever thread we are on.

    threadpoolctl lets only the first thread that limits OpenBLAS change it (others are
    ignored, silently); our fits' bookkeeping is what decides, so take the control for
    the one call and give it back.
    """
    from threadpoolctl import OpenBLASController

    if lib.get_num_threads() == count:
        return
    # threadpoolctl before 3.6 had no controlling thread: its set applies from any thread
    release = getattr(OpenBLASController, "clear_controlling_thread", None)
    if release is not None:
        release(force=True)
    lib.set_num_threads(count)
    if release is not None:
        release(force=True)


#: The fits running in this process: a token per fit, the count it would use alone and
#: whether that count was asked for (``blas_threads``).
_ACTIVE: dict[object, tuple[int, bool]] = {}
#: The shared pools' counts before the first of the running fits started, by file.
_ORIGINAL: dict[str, int] = {}


def _forget_fits() -> None:
    """In a forked child: the parent's running fits are not the child's (and a lock
    held at the fork would never be released)."""
    global _LOCK
    _LOCK = threading.Lock()
    _ACTIVE.clear()
    _ORIGINAL.clear()


if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_forget_fits)


def _wanted() -> int:
    """The shared pool's count while :data:`_ACTIVE` fits run: a lone fit's own, else
    the largest asked for, else one (several fits share the cores)."""
    if len(_ACTIVE) == 1:
        return next(iter(_ACTIVE.values()))[0]
    asked = [n for n, explicit in _ACTIVE.values() if explicit]
    return max(asked) if asked else 1


def _apply_shared(shared: list[Any]) -> None:
    for lib in shared:
        if _ACTIVE:
            _set_shared_count(lib, _wanted())
        elif lib.filepath in _ORIGINAL:
            _set_shared_count(lib, _ORIGINAL.pop(lib.filepath))


@contextmanager
def blas_threads_for(work: int, requested: int | None = None) -> Iterator[int]:
    """Run the body with the BLAS threads :func:`choose_threads` picks; yields the count.

    A process-wide thread pool (OpenBLAS's, BLIS's) serves every thread of the process,
    so fits running at once in several threads share one count, kept here: a lone fit
    gets its own choice; while several run, the largest ``blas_threads`` asked for, else
    one thread.  The count in force before the first of them started is put back when
    the last ends, in whatever order they end.  A library with a pool per thread (an
    OpenMP layer) is limited in the fit's own thread only.  Another thread changing the
    count meanwhile (a ``threadpool_limits`` of its own) is not in the ledger: what it
    puts back when it ends is its own business.
    """
    requested = check_blas_threads(requested)
    token = object()
    controller = _controller().select(user_api="blas")
    shared = [lib for lib in controller.lib_controllers if _shared_pool(lib)]
    own = [lib for lib in controller.lib_controllers if not _shared_pool(lib)]
    with _LOCK:
        if not _ACTIVE:
            _ORIGINAL.update({lib.filepath: lib.get_num_threads() for lib in shared})
        # the limit in force: the shared pools' before any running fit, the others' own
        counts = [*_ORIGINAL.values(), *(lib.num_threads for lib in own)]
        limit = min(counts) if counts else None
        alone = choose_threads(work, requested, limit=limit)
        _ACTIVE[token] = (alone, requested is not None)
        _apply_shared(shared)
        n = _wanted()
    try:
        if own:
            paths = [lib.filepath for lib in own]
            with _controller().select(filepath=paths).limit(limits=n, user_api="blas"):
                yield n
        else:
            yield n
    finally:
        with _LOCK:
            del _ACTIVE[token]
            _apply_shared(shared)
