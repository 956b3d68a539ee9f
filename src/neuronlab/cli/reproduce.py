"""``neuronlab reproduce`` and ``neuronlab labs``: the course labs and their report."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from neuronlab.cli.options import (
    add_data_dir,
    add_no_progress,
    check_data_dir,
    refuse_folders_with_inputs,
)
from neuronlab.data import present_files
from neuronlab.experiments import find_labs
from neuronlab.report import check_out_dir, lab_table, reproduce


def add_parser(sub: Any) -> None:
    rep = sub.add_parser(
        "reproduce", help="run the labs and write the report", description=run_reproduce.__doc__
    )
    rep.add_argument(
        "labs",
        nargs="*",
        metavar="LAB",
        help="lab names or numbers (default: all), e.g. planar 3.3",
    )
    rep.add_argument(
        "--out", default="neuronlab-report", help="report folder (default ./neuronlab-report)"
    )
    add_data_dir(rep)
    rep.add_argument(
        "--quick", action="store_true", help="few iterations (smoke test; numbers not comparable)"
    )
    rep.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    rep.add_argument(
        "--save-models",
        metavar="DIR",
        help="save the trained cat nets here, as model files for neuronlab predict",
    )
    add_no_progress(rep, help="no progress bars")
    rep.set_defaults(func=run_reproduce)

    labs = sub.add_parser(
        "labs", help="the labs and whether their data is present", description=run_labs.__doc__
    )
    add_data_dir(labs)
    labs.set_defaults(func=run_labs)


def run_reproduce(args: argparse.Namespace) -> int:
    """Run the labs (default: all) at the published settings and write the report:
    README.md, index.html, results.json and PNG figures. Labs whose data files are
    missing are skipped (exit status 0); a number outside its published tolerance
    gives exit status 1."""
    labs = find_labs(args.labs)  # bad arguments fail before anything runs
    check_data_dir(args.data_dir)
    inputs = [("lab data", path) for path in present_files(args.data_dir)]
    refuse_folders_with_inputs([("--out", args.out), ("--save-models", args.save_models)], inputs)
    check_out_dir(args.out)
    if args.save_models is not None:
        check_out_dir(args.save_models, "--save-models")
    print(
        f"reproducing {len(labs)} lab(s) into {args.out}/" + (" (quick)" if args.quick else ""),
        file=sys.stderr,
    )
    report = reproduce(
        [lab.key for lab in labs],
        args.out,
        quick=args.quick,
        data_dir=args.data_dir,
        dtype=args.dtype,
        log=lambda msg: print(msg, file=sys.stderr),
        progress=None if args.progress else False,
        save_models=args.save_models,
    )
    skipped = [r for r in report["labs"] if r.get("skipped")]
    bad = [m for r in report["labs"] for m in r.get("metrics", []) if m.get("ok") is False]
    checked = [m for r in report["labs"] for m in r.get("metrics", []) if m.get("ok") is not None]
    verdict = (
        "quick run: numbers not comparable with the published ones"
        if args.quick
        else f"{len(checked) - len(bad)}/{len(checked)} published numbers reproduced within "
        "tolerance"
    )
    print(
        f"{verdict}; {len(skipped)} lab(s) skipped; report: {args.out}/README.md "
        f"and index.html ({report['wall_time']:.1f} s)"
    )
    for r in skipped:
        print(f"skipped {r['lab']} {r['key']} — data missing or corrupt: {r['skipped']}")
    for m in bad:
        print(f"outside tolerance: {m['name']}: ours {m['ours']}, published {m['published']}")
    return 1 if bad else 0


def run_labs(args: argparse.Namespace) -> int:
    """The labs, what each reproduces, and whether the data each needs is present."""
    check_data_dir(args.data_dir)
    for row in lab_table(args.data_dir):
        data = ", ".join(f"{name}: {st}" for name, st in row["data"].items()) or "generated"
        print(f"{row['lab']}  {row['key']:<20} {row['title']}")
        print(f"     data: {data}")
        if row["optional_data"]:
            opt = ", ".join(f"{name}: {st}" for name, st in row["optional_data"].items())
            print(f"     optional (published checks): {opt}")
    return 0
