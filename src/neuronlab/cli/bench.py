"""``neuronlab bench``: the engine's speed on the standard workloads, on this machine,
against scikit-learn (and PyTorch when installed); the workloads are
:mod:`neuronlab.bench`'s."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from neuronlab._validation import check_whole

CASE_HELP = (
    "a: 100 full-batch GD steps of the L-layer cat net (12288-20-7-5-1); "
    "b: one Adam epoch of a 784-128-64-10 net on 60,000 examples; "
    "c: one regularized cost + gradient of the 400-25-10 digits net; "
    "d: the exact and the fast gradient check of that net; "
    "e: NeuralNetClassifier against MLPClassifier on the bundled digits and breast-cancer sets"
)


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "bench",
        help="the engine's speed against scikit-learn and PyTorch, on this machine",
        description=run.__doc__,
    )
    p.add_argument(
        "cases", nargs="*", metavar="CASE", help=f"a, b, c, d, e (default: all). {CASE_HELP}"
    )
    p.add_argument(
        "--quick", action="store_true", help="tiny sizes, done in seconds: the times mean nothing"
    )
    p.add_argument("--reps", default="3", help="timed repetitions; the median is shown (default 3)")
    p.add_argument(
        "--dtype",
        choices=["float64", "float32", "both"],
        default="both",
        help="the dtype of cases a-c (default both; d is float64)",
    )
    p.add_argument(
        "--max-wait",
        default=None,
        metavar="SECONDS",
        help="before each timed run, wait up to this long for the other processes to leave "
        "the CPUs idle (0: do not wait; default 10, and 0 with --quick)",
    )
    p.add_argument("--verbose", action="store_true", help="also each trial's spread of times")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Time the engine on the standard workloads (synthetic data of the labs' shapes;
    every framework starts from the same weights) against scikit-learn's
    MLPClassifier and, when installed, PyTorch on the CPU, and print a table: the
    median times, the ratio neuronlab / reference (below 1: neuronlab is faster), the
    target ratio and whether it is met. Repetitions are interleaved so that a busy
    machine slows every framework alike; the run says how many started on busy CPUs."""
    from neuronlab import bench

    unknown = [c for c in args.cases if c not in bench.CASES]
    if unknown:
        raise ValueError(f"CASE: expected some of {', '.join(bench.CASES)}, got {unknown[0]!r}")
    reps = check_whole("--reps", args.reps, minimum=1)
    if args.max_wait is None:  # a smoke test's times mean nothing: no reason to wait
        args.max_wait = "0" if args.quick else "10"
    try:
        max_wait = float(args.max_wait)
    except ValueError:
        max_wait = -1.0
    if not 0 <= max_wait < float("inf"):
        raise ValueError(f"--max-wait: expected a number of seconds >= 0, got {args.max_wait!r}")
    cases = tuple(c for c in bench.CASES if c in args.cases) or bench.CASES
    dtypes = bench.DTYPES if args.dtype == "both" else (args.dtype,)
    bench.IDLE_WAIT.update(max_wait=max_wait, waited=0.0, busy_runs=0)
    for line in bench.machine_report():
        print(line)
    torch, _ = bench.torch_modules()
    if torch is None:
        print('torch is not installed: its rows are left out (pip install "neuronlab[bench]")')
    sizes = bench.QUICK if args.quick else bench.FULL
    print(
        ("quick sizes (a smoke test: the times mean nothing); " if args.quick else "")
        + f"median of {reps} interleaved repetitions",
        flush=True,
    )

    def say(line: str) -> None:  # progress and sanity checks; each trial's spread on request
        if args.verbose or " spread (s): " not in line:
            print(line, file=sys.stderr, flush=True)

    rows: list[Any] = []
    try:
        bench.run(cases, sizes=sizes, reps=reps, dtypes=dtypes, say=say, rows=rows)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: what was measured is still shown
        if rows:
            print("interrupted: the cases measured so far")
            _results(bench, rows)
        raise
    if args.quick:  # tiny sizes: no target can be met or missed
        for row in rows:
            row.ratio_target = row.abs_target = None
    _results(bench, rows)
    return 0


def _results(bench: Any, rows: list[Any]) -> None:
    waited, busy = bench.IDLE_WAIT["waited"], int(bench.IDLE_WAIT["busy_runs"])
    print(f"waited {waited:.0f} s for idle CPUs; {busy} timed run(s) started on busy CPUs")
    if busy:
        print("  times from a busy machine are not comparable: run again when it is idle")
    print("ratio = neuronlab s / reference s: below 1, neuronlab is faster")
    print()
    print(bench.text_table(rows), flush=True)
