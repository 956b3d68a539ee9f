"""What the engine benchmarks share: interleaved timing, the result table, the machine.

A *trial* is a zero-argument callable that prepares one timed run (fresh copies
of the starting weights, a fresh optimizer) and returns the callable to time.
:func:`interleave` runs every trial once untimed (warm-up: lazy imports, thread
pools, allocator), then ``reps`` rounds of ``trial₁, trial₂, …, trial₁, …`` so
that a slow patch of the machine hits every framework alike, and reports the
median.

The machine may be shared (other jobs on the same cores), so before every
timed run :func:`wait_idle` waits (up to a limit) until the other processes
leave the CPUs idle; the spread of the repetitions is printed next to the
median so that a disturbed measurement shows.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

Trial = Callable[[], Callable[[], Any]]


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


#: Seconds :func:`wait_idle` may wait before each timed run (0 turns it off).
IDLE_WAIT = {"max_wait": 60.0, "threshold": 0.15, "waited": 0.0, "busy_runs": 0}


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
    trials: dict[str, Trial], reps: int, warmup: bool = True, label: str = ""
) -> tuple[dict[str, float], dict[str, Any]]:
    """``({name: median seconds}, {name: what the last run returned})``; prints the
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
    spread = ", ".join(f"{name} {_fmt(min(ts))}–{_fmt(max(ts))}" for name, ts in times.items())
    print(f"    {label} spread (s): {spread}")
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


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.3g}" if seconds >= 0.001 else f"{seconds:.2e}"


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table (what the README shows)."""
    head = [
        "case",
        "dtype",
        "what",
        "neuronlab s",
        "reference",
        "reference s",
        "ratio",
        "target",
        "met?",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}"
        cells = [
            r.case,
            r.dtype,
            r.what,
            _fmt(r.neuronlab),
            r.reference,
            _fmt(r.reference_s),
            ratio,
            r.target,
            r.met,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


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
        owner = (
            "numpy"
            if "numpy" in str(info.get("filepath"))
            else ("scipy" if "scipy" in str(info.get("filepath")) else "other")
        )
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
        extra = ""
        if module == "torch":
            extra = f", {mod.get_num_threads()} threads"
        lines.append(f"{module} {mod.__version__}{extra}")
    return lines
