"""Reading a training CSV: peak memory and time of neuronlab's reader against the
readers a user would otherwise reach for, each in a fresh process on the same file.

    python benchmarks/bench_read_csv.py [--rows 200000] [--cols 100] [--quick]

Rows: neuronlab's ``read_csv`` on a clean file (NumPy's C reader) and on the same
file with one blank row (its exact path: Python's ``csv`` in blocks), the reader it
replaced (every row kept as Python strings, then converted), ``np.loadtxt`` alone,
and ``pandas.read_csv`` when pandas is installed (it is not a dependency). Peak
memory is the process's peak resident size above its size before reading (Linux:
``VmHWM``, reset after the imports), as a multiple of the resulting float64 array.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

#: name → (imports, done before the measurement; the reading itself, giving X)
READERS = {
    "neuronlab read_csv (clean file)": (
        "from neuronlab.userdata import read_csv",
        "X = read_csv(PATH, 'label', True)[0]",
    ),
    "neuronlab read_csv (one blank row: exact path)": (
        "from neuronlab.userdata import read_csv",
        "X = read_csv(BLANK, 'label', True)[0]",
    ),
    "Python csv, every row kept as strings (as before)": (
        "import csv",
        "rows = list(csv.reader(open(PATH, newline='')))[1:]\n"
        "X = np.array([[float(c) for c in r[:-1]] for r in rows])",
    ),
    "np.loadtxt": ("", "X = np.loadtxt(PATH, delimiter=',', skiprows=1, usecols=range(COLS))"),
    "pandas.read_csv": (
        "import pandas",
        "X = pandas.read_csv(PATH).drop(columns='label').to_numpy()",
    ),
}

# The peak is VmHWM of /proc/self/status, reset through clear_refs after the imports
# (getrusage's ru_maxrss would carry the parent's peak across fork and exec).
CHILD = """
import sys, time
import numpy as np
from pathlib import Path
PATH, BLANK, COLS = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
{setup}
def kib(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1])
open("/proc/self/clear_refs", "w").write("5")
base = kib("VmRSS:")
t = time.perf_counter()
{code}
seconds = time.perf_counter() - t
print(seconds, (kib("VmHWM:") - base) * 1024, X.nbytes)
"""


def write_files(folder: Path, rows: int, cols: int) -> tuple[Path, Path]:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(rows, cols))
    y = rng.integers(0, 3, rows)
    clean, blank = folder / "clean.csv", folder / "blank.csv"
    header = ",".join(f"f{j}" for j in range(cols)) + ",label\n"
    with open(clean, "w") as fh, open(blank, "w") as fb:
        fh.write(header)
        fb.write(header)
        for start in range(0, rows, 10_000):
            text = "".join(
                ",".join(f"{v:.6g}" for v in row) + f",{c}\n"
                for row, c in zip(X[start : start + 10_000], y[start : start + 10_000])
            )
            fh.write(text)
            fb.write(text if start else text.replace("\n", "\n,,\n", 1))
    return clean, blank


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--cols", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="2,000 rows × 10 columns")
    args = parser.parse_args(argv)
    rows, cols = (2_000, 10) if args.quick else (args.rows, args.cols)
    if rows < 1 or cols < 1:
        parser.error("--rows and --cols: expected positive integers")
    with tempfile.TemporaryDirectory() as tmp:
        clean, blank = write_files(Path(tmp), rows, cols)
        print(f"{rows:,} rows × {cols} columns + a label ({clean.stat().st_size / 2**20:.0f} MiB)")
        print("| reader | seconds | peak memory | × the array |")
        print("|---|---|---|---|")
        ours = None
        for name, (setup, code) in READERS.items():
            child = CHILD.format(setup=setup, code=code)
            proc = subprocess.run(
                [sys.executable, "-c", child, str(clean), str(blank), str(cols)],
                capture_output=True,
                text=True,
            )
            if proc.returncode != 0:
                print(f"| {name} | — | not run: {proc.stderr.strip().splitlines()[-1]} | |")
                continue
            seconds, peak, nbytes = (float(x) for x in proc.stdout.split())
            ours = ours or seconds
            print(
                f"| {name} | {seconds:.2f} ({seconds / ours:.1f}× ours) | "
                f"{peak / 2**20:.0f} MiB | {peak / nbytes:.1f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
