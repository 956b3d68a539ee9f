"""``neuronlab train --stream`` against ``train``: peak memory and time, each in a
fresh process on the same CSV file.

    python benchmarks/bench_stream.py [--rows 200000] [--cols 100] [--epochs 2] [--quick]

The file is :mod:`bench_read_csv`'s (random features, three classes). Each row is
one ``neuronlab train`` run (a 16-unit hidden layer, ``--epochs`` epochs): the whole
file read at once, then ``--stream`` with blocks of 10,000 and of 2,000 rows. Peak
memory is the process's peak resident size above its size after the imports
(Linux ``VmHWM``, reset through ``clear_refs``), also as a multiple of the float64
array the whole file is.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_read_csv import write_files

RUNS = {
    "train (the whole file in memory)": [],
    "train --stream --block-rows 10000": ["--stream", "--block-rows", "10000"],
    "train --stream --block-rows 2000": ["--stream", "--block-rows", "2000"],
}

CHILD = """
import sys, time
from neuronlab.cli import main
import neuronlab.plots, neuronlab.streaming, neuronlab.usermodels  # imports: not counted
def kib(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1])
open("/proc/self/clear_refs", "w").write("5")
base = kib("VmRSS:")
t = time.perf_counter()
status = main(sys.argv[1:])
seconds = time.perf_counter() - t
print(status, seconds, (kib("VmHWM:") - base) * 1024)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--cols", type=int, default=100)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="3,000 rows × 10 columns")
    args = parser.parse_args(argv)
    rows, cols = (3_000, 10) if args.quick else (args.rows, args.cols)
    if rows < 1 or cols < 1 or args.epochs < 1:
        parser.error("--rows, --cols and --epochs: expected positive integers")
    array = rows * cols * 8
    with tempfile.TemporaryDirectory() as tmp:
        clean, _ = write_files(Path(tmp), rows, cols)
        size = clean.stat().st_size / 2**20
        print(f"{rows:,} rows × {cols} columns + a label ({size:.0f} MiB of CSV; ", end="")
        print(f"{array / 2**20:.0f} MiB as float64), {args.epochs} epochs, layers 16")
        print("| run | seconds | peak memory | × the array |")
        print("|---|---|---|---|")
        for k, (name, flags) in enumerate(RUNS.items()):
            out = Path(tmp) / f"m{k}.npz"
            argv_ = ["train", "--dataset", str(clean), "--out", str(out), "--layers", "16"]
            argv_ += ["--epochs", str(args.epochs), "--quiet", "--no-progress", *flags]
            proc = subprocess.run(
                [sys.executable, "-c", CHILD, *argv_], capture_output=True, text=True
            )
            if proc.returncode != 0 or not proc.stdout.strip():
                why = (proc.stderr.strip().splitlines() or ["no output"])[-1]
                print(f"| {name} | — | not run: {why} | |")
                continue
            status, seconds, peak = proc.stdout.split()[-3:]
            if status != "0":
                print(f"| {name} | — | exit {status}: {proc.stderr.strip()} | |")
                continue
            mib = float(peak) / 2**20
            print(f"| {name} | {float(seconds):.1f} | {mib:.0f} MiB | {float(peak) / array:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
