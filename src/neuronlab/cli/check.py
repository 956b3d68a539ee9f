"""``neuronlab check``: a learner's own lab functions, graded and diagnosed."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from neuronlab.cli.options import output_file


def add_parser(sub: Any) -> None:
    ck = sub.add_parser(
        "check", help="grade your own lab functions (.py or notebook)", description=run.__doc__
    )
    ck.add_argument("path", metavar="PATH", help="your .py file or .ipynb notebook")
    ck.add_argument("--lab", help="the lab (default: the one whose functions PATH defines most of)")
    ck.add_argument("--json", metavar="FILE", help="also write the results as JSON here")
    ck.add_argument(
        "--seed", type=int, help="seed of the random inputs (default: a new one, printed)"
    )
    ck.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check your own implementation of a lab's functions: each function found (by the
    course's names) runs on the course's test case and on fresh random inputs against
    neuronlab's, and a failure comes with the likely mistake — never the answer.  Only
    the file's imports, constants and definitions are taken: training, plotting and
    data-loading code does not run.  Exit status 0 when every function found passes, 1
    when one fails, 2 for bad input."""
    from neuronlab.check import LABS, check
    from neuronlab.experiments import find_labs
    from neuronlab.io import write_atomic

    json_path = output_file("--json", args.json) if args.json else None
    if json_path is not None and _same_file(json_path, args.path):
        raise ValueError(f"--json: {args.json!r} is PATH itself; expected another file")
    lab = args.lab
    if lab is not None and lab not in LABS:
        try:
            lab = find_labs([lab])[0].key  # a number (3.3) or another spelling
        except ValueError as exc:
            raise ValueError(f"--lab: {exc}, or deep_app (3.3's cat application)") from None
    report = check(args.path, lab=lab, seed=args.seed)
    print(report.text())
    if json_path is not None:
        text = json.dumps(report.to_dict(), indent=1)
        write_atomic(json_path, lambda fh: fh.write(text), mode="w")
    return report.exit_code


def _same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()
