"""The engine benchmark script runs end to end on tiny sizes (``--quick``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_engine.py"


@pytest.mark.slow
def test_bench_engine_quick_runs_and_prints_the_table() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--reps", "1", "--max-wait", "0"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert "| case | dtype | what | neuronlab s |" in out
    for case in ("a cat-deep", "b mnist-like", "c ex4", "d gradcheck"):
        assert f"| {case} |" in out, f"no row for {case!r}:\n{out[-2000:]}"
    assert "BLAS (numpy)" in out  # the kernel NumPy runs is reported
    assert "caught by both" in out  # the planted gradient bug is caught by both checks


@pytest.mark.slow
def test_bench_engine_rejects_bad_reps() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--reps", "0"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode != 0
    assert "--reps" in proc.stderr


@pytest.mark.slow
def test_bench_read_csv_quick_runs_and_prints_the_table() -> None:
    script = SCRIPT.with_name("bench_read_csv.py")
    proc = subprocess.run(
        [sys.executable, str(script), "--quick"], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "| neuronlab read_csv (clean file) |" in proc.stdout
    assert "| neuronlab read_csv (one blank row: exact path) |" in proc.stdout


@pytest.mark.slow
def test_bench_load_model_quick_runs_and_prints_the_table() -> None:
    script = SCRIPT.with_name("bench_load_model.py")
    proc = subprocess.run(
        [sys.executable, str(script), "--quick"], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "| neuronlab Network.load | " in proc.stdout
    assert "| scikit-learn MLPClassifier, pickle | " in proc.stdout


@pytest.mark.slow
def test_bench_estimator_quick_runs_and_prints_the_table() -> None:
    script = SCRIPT.with_name("bench_estimator.py")
    proc = subprocess.run(
        [sys.executable, str(script), "--quick", "--max-wait", "0"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    for case in ("digits (fixed)", "breast-cancer (default stop)"):
        assert f"| {case} |" in proc.stdout


@pytest.mark.slow
def test_bench_threads_quick_runs_and_prints_both_tables() -> None:
    script = SCRIPT.with_name("bench_threads.py")
    proc = subprocess.run(
        [sys.executable, str(script), "--quick", "--max-wait", "0"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "| n_in | n_h | batch | product n_h·n_in·batch |" in proc.stdout
    assert "| neuronlab (threads chosen) |" in proc.stdout
    assert "| MLPClassifier |" in proc.stdout


@pytest.mark.slow
def test_bench_distributed_quick_runs_and_prints_both_tables() -> None:
    pytest.importorskip("dask_ml", reason="pip install 'neuronlab[dask]'")
    script = SCRIPT.with_name("bench_distributed.py")
    proc = subprocess.run(
        [sys.executable, str(script), "--quick"], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    for row in ("| neuronlab | ", "| MLPClassifier | "):
        assert proc.stdout.count(row) == 2, proc.stdout  # the search and the Incremental rows


@pytest.mark.slow
def test_bench_stream_quick_runs_and_prints_the_table() -> None:
    script = SCRIPT.with_name("bench_stream.py")
    proc = subprocess.run(
        [sys.executable, str(script), "--quick"], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    for run in ("train (the whole file in memory)", "train --stream --block-rows 2000"):
        row = next(line for line in proc.stdout.splitlines() if line.startswith(f"| {run} |"))
        assert "MiB" in row and "not run" not in row and "exit" not in row, row


@pytest.mark.slow
def test_bench_sparse_quick_runs_and_prints_the_ratio() -> None:
    script = SCRIPT.with_name("bench_sparse.py")
    proc = subprocess.run(
        [sys.executable, str(script), "--quick", "--max-wait", "0"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    for row in (
        "| neuronlab | ",
        "| MLPClassifier | ",
        "fit time ratio neuronlab / MLPClassifier: ",
    ):
        assert row in proc.stdout, proc.stdout
