"""BLAS threads per fit (neuronlab.threads): the choice, the context, the results."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from neuronlab import Network, fit
from neuronlab.threads import (
    CROSSOVER,
    blas_limit,
    blas_threads_for,
    choose_threads,
    largest_product,
)

BIG = 100 * CROSSOVER

needs_blas = pytest.mark.skipif(blas_limit() is None, reason="no BLAS threadpoolctl controls")


def test_small_products_get_one_thread_whatever_the_limit() -> None:
    assert choose_threads(CROSSOVER - 1, limit=8, cores=8) == 1
    assert choose_threads(largest_product([64, 100, 10], 200), limit=2, cores=2) == 1


def test_big_products_alone_get_all_cores_within_the_limit() -> None:
    assert choose_threads(BIG, limit=2, cores=2) == 2
    assert choose_threads(BIG, limit=None, cores=4) == 4  # no BLAS limit known: the cores
    assert choose_threads(BIG, limit=16, cores=4) == 4  # never more than the cores
    assert choose_threads(BIG, limit=1, cores=4) == 1  # a worker's limit is kept


def test_an_explicit_count_is_honoured() -> None:
    assert choose_threads(10, requested=2, limit=1, cores=1) == 2
    assert choose_threads(BIG, requested=1, limit=4, cores=4) == 1
    with pytest.raises(ValueError, match="blas_threads: expected an integer >= 1, got 0"):
        choose_threads(BIG, requested=0)
    with pytest.raises(TypeError, match="blas_threads: expected an integer >= 1, got 'two'"):
        choose_threads(BIG, requested="two")  # type: ignore[arg-type]


def test_largest_product_is_the_widest_layer_times_the_batch() -> None:
    assert largest_product([784, 128, 10], 200) == 784 * 128 * 200
    assert largest_product([2, 3, 500], 7) == 3 * 500 * 7


@needs_blas
def test_the_context_sets_the_choice_and_restores_the_count() -> None:
    with threadpool_limits(2, user_api="blas"):
        before = blas_limit()
        with blas_threads_for(10) as n:  # small: one thread
            assert n == 1 and blas_limit() == 1
        assert blas_limit() == before
        with blas_threads_for(10, requested=2) as n:
            assert n == 2 and blas_limit() == 2
        assert blas_limit() == before


@needs_blas
def test_inside_a_limited_context_a_big_fit_keeps_that_limit() -> None:
    with threadpool_limits(1, user_api="blas"):
        with blas_threads_for(BIG) as n:
            assert n == 1 and blas_limit() == 1
        assert blas_limit() == 1


@needs_blas
def test_a_fit_started_while_another_runs_in_the_process_takes_one_thread() -> None:
    started, release = threading.Event(), threading.Event()
    seen: dict[str, int | None] = {}

    def first() -> None:
        with blas_threads_for(BIG) as n:
            seen["first"] = n
            started.set()
            release.wait(10)

    with threadpool_limits(2, user_api="blas"):
        thread = threading.Thread(target=first)
        thread.start()
        assert started.wait(10)
        with blas_threads_for(BIG) as n:
            seen["second"], seen["during"] = n, blas_limit()
        release.set()
        thread.join(10)
        seen["after"] = blas_limit()
    assert seen == {"first": 2, "second": 1, "during": 1, "after": 2}


class _Fit(threading.Thread):
    """A fit in a thread of its own: enters blas_threads_for, reports, waits to end."""

    def __init__(self, work: int, requested: int | None = None) -> None:
        super().__init__()
        self.work, self.requested = work, requested
        self.started, self.release = threading.Event(), threading.Event()
        self.n: int | None = None

    def run(self) -> None:
        with blas_threads_for(self.work, self.requested) as n:
            self.n = n
            self.started.set()
            self.release.wait(10)

    def begin(self) -> _Fit:
        self.start()
        assert self.started.wait(10)
        return self

    def end(self) -> None:
        self.release.set()
        self.join(10)


@needs_blas
def test_fits_ending_in_any_order_put_back_the_count_of_before() -> None:
    with threadpool_limits(2, user_api="blas"):
        small = _Fit(10).begin()  # alone and small: one thread
        assert blas_limit() == 1
        asked = _Fit(10, requested=2).begin()  # asked for two: the shared pool has two
        assert (small.n, asked.n, blas_limit()) == (1, 2, 2)
        small.end()  # the one that set the count first ends first
        assert blas_limit() == 2  # the lone fit's own choice
        asked.end()
        assert blas_limit() == 2  # was left at 1 when the first fit restored first


@needs_blas
def test_a_small_fit_keeps_one_thread_after_the_fit_before_it_ends() -> None:
    with threadpool_limits(2, user_api="blas"):
        first = _Fit(10).begin()
        second = _Fit(10).begin()
        first.end()
        assert blas_limit() == 1  # the second still runs: it was put back to 2 under it
        second.end()
        assert blas_limit() == 2


@needs_blas
def test_many_fits_in_threads_leave_the_count_as_it_was() -> None:
    rng = np.random.default_rng(0)
    plans = [
        [(int(rng.choice([10, BIG])), rng.choice([None, 1, 2])) for _ in range(30)]
        for _ in range(4)
    ]

    def run(plan: list[tuple[int, int | None]]) -> None:
        for work, requested in plan:
            with blas_threads_for(work, None if requested is None else int(requested)):
                a = np.ones((30, 30))
                a @ a

    with threadpool_limits(2, user_api="blas"):
        threads = [threading.Thread(target=run, args=(p,)) for p in plans]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not any(t.is_alive() for t in threads)  # no fit waits for ever
        after = blas_limit()
    assert after == 2


def _worker_choice() -> tuple[int | None, int]:
    from neuronlab.threads import blas_limit, choose_threads

    return blas_limit(), choose_threads(BIG, limit=blas_limit())


@pytest.mark.slow
@needs_blas
def test_inside_a_loky_worker_the_inner_thread_limit_is_read() -> None:
    joblib = pytest.importorskip("joblib")
    with joblib.parallel_config(backend="loky", inner_max_num_threads=1):
        out = joblib.Parallel(n_jobs=2)(joblib.delayed(_worker_choice)() for _ in range(2))
    assert out == [(1, 1), (1, 1)]


def _fit_with(threads: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((300, 400)), rng.integers(0, 2, 400)
    net = Network([300, 200, 1], seed=0)
    fit(net, X, y, optimizer="adam", epochs=3, batch_size=100, blas_threads=threads)
    return net.theta


@needs_blas
def test_fits_agree_whatever_the_thread_count() -> None:
    one, two = _fit_with(1), _fit_with(2)
    np.testing.assert_allclose(one, two, rtol=1e-12, atol=1e-14)


def test_fit_refuses_a_bad_thread_count() -> None:
    net = Network([2, 1], seed=0)
    with pytest.raises(ValueError, match="blas_threads: expected an integer >= 1, got -1"):
        fit(net, np.zeros((2, 3)), np.zeros(3), blas_threads=-1)


@needs_blas
@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_child_starts_with_an_empty_ledger_and_a_free_lock() -> None:
    """A fit running in a thread, and the ledger's lock held, when the process forks: the
    child's own fit is alone (its choice, not one thread) and does not wait for ever."""
    import time

    from neuronlab import threads

    with threadpool_limits(2, user_api="blas"):
        running = _Fit(10).begin()  # another thread's fit holds the ledger
        with threads._LOCK:  # the lock is held at the fork
            pid = os.fork()
            if pid == 0:  # the child: report by exit status only
                try:
                    with blas_threads_for(BIG, requested=2) as n:
                        ok = n == 2 and blas_limit() == 2
                    ok = ok and not threads._ACTIVE
                finally:
                    os._exit(0 if ok else 1)
        running.end()
    deadline = time.monotonic() + 20
    while (done := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    if done[0] == 0:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        pytest.fail("the child waited for a lock held at the fork")
    assert os.waitstatus_to_exitcode(done[1]) == 0
