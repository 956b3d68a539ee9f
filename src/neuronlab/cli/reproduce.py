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
from neuronlab.data import data_dirs, present_files
from neuronlab.experiments import LABS, Lab, find_labs
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
    missing are skipped (one line each; exit status 0); a number outside its
    published tolerance gives exit status 1. --save-models with no lab able to
    save one (none named, or its data missing) is refused before anything runs."""
    labs = find_labs(args.labs)  # bad arguments fail before anything runs
    check_data_dir(args.data_dir)
    inputs = [("lab data", path) for path in present_files(args.data_dir)]
    refuse_folders_with_inputs([("--out", args.out), ("--save-models", args.save_models)], inputs)
    if args.save_models is not None:
        check_out_dir(args.save_models, "--save-models", create=False)  # what was typed first
        refuse_saving_nothing(labs, args.data_dir)
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
    if skipped:
        status = _file_status(args.data_dir)
        for r in skipped:
            print(f"skipped {r['lab']} {r['key']}: {_why_skipped(r, status, args.data_dir)}")
        print(f"  {HOW_TO_GET_DATA}; the report has the full messages")
    for m in bad:
        print(f"outside tolerance: {m['name']}: ours {m['ours']}, published {m['published']}")
    saving = [r for r in report["labs"] if r["key"] in _savers(labs) and not r.get("skipped")]
    if args.save_models is not None and not saving:  # the data went bad while running
        raise FileNotFoundError(
            f"--save-models: saved no model in {args.save_models!r}: the labs that save "
            "models were skipped (their data is missing or corrupt)"
        )
    return 1 if bad else 0


#: The second line of the skip messages (the first names each lab and its files).
HOW_TO_GET_DATA = (
    'get the files as the README\'s "Data files" section says, then pass --data-dir DIR '
    "or set NEURONLAB_DATA (neuronlab data checks them)"
)


def refuse_saving_nothing(labs: list[Lab], data_dir: str | None) -> None:
    """``--save-models`` when no lab named saves models, or their data is missing:
    one line, before anything runs or any folder is made."""
    savers = [lab for lab in LABS if lab.saves_models]
    named = [lab for lab in labs if lab.saves_models]
    names = ", ".join(f"{lab.number} {lab.key}" for lab in savers)
    if not named:
        raise ValueError(
            f"--save-models: none of the labs named saves a model (those that do: {names}); "
            "nothing was run"
        )
    status = _file_status(data_dir)
    if all(_missing(lab, status) for lab in named):
        lab = named[0]
        raise FileNotFoundError(
            f"--save-models: {lab.number} {lab.key} would save the models but cannot run: "
            f"{_files_and_where(_missing(lab, status), data_dir)}; nothing was run or saved"
        )


def _savers(labs: list[Lab]) -> set[str]:
    return {lab.key for lab in labs if lab.saves_models}


def _file_status(data_dir: str | None) -> dict[str, str]:
    from neuronlab.data import file_status

    return {row["name"]: row["status"] for row in file_status(data_dir)}


def _missing(lab: Lab, status: dict[str, str]) -> list[str]:
    """``["cat/train_catvnoncat.h5 missing", …]``: the lab's data files not usable."""
    return [f"{name} {status.get(name, 'unknown')}" for name in lab.data
            if status.get(name) != "present"]  # fmt: skip


def _files_and_where(files: list[str], data_dir: str | None) -> str:
    places = []
    for folder in data_dirs(data_dir):
        places.append(str(folder) + ("" if folder.is_dir() else ", which does not exist"))
    return f"{', '.join(files)} (looked in {'; '.join(places)})"


def _why_skipped(result: dict[str, Any], status: dict[str, str], data_dir: str | None) -> str:
    """One line: the lab's files that are missing or corrupt and where they were looked
    for; the full message (how to get them, the checksums) is in the report."""
    lab = find_labs([result["key"]])[0]
    files = _missing(lab, status)
    if files:
        return _files_and_where(files, data_dir)
    return str(result["skipped"]).split(";")[0]  # the files are fine now: the reason it gave


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
