"""``neuronlab course``: a course notebook's helper modules and data, in its folder."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from neuronlab.cli.options import add_data_dir, check_data_dir


def add_parser(sub: Any) -> None:
    from neuronlab.course import VERSIONS

    co = sub.add_parser(
        "course",
        help="put a course notebook's helper modules and data files in its folder",
        description=run.__doc__,
    )
    co.add_argument("lab", nargs="?", metavar="LAB", help="the lab, by name or number (3.1)")
    co.add_argument("dir", nargs="?", metavar="DIR", help="the notebook's folder")
    co.add_argument(
        "--version",
        default=None,
        help=f"the course version of your notebook: {', '.join(VERSIONS)} (default: read "
        f"off the notebook in DIR, else {VERSIONS[-1]}; --list shows the files each imports)",
    )
    add_data_dir(co)
    co.add_argument(
        "--force",
        action="store_true",
        help="replace files neuronlab wrote before (for another version), if unedited",
    )
    co.add_argument("--list", action="store_true", help="the labs, versions and their files")
    co.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write into DIR the modules a course lab's notebook imports besides your own code
    (lr_utils.py, public_tests.py, testCases_v2.py …, neuronlab's own, under the course's
    names) and copy the data files it reads (checked by digest), so that the notebook
    runs offline.  A file already in DIR that differs is never replaced (--force:
    only the ones neuronlab wrote, unedited).  Exit status 0 when every file is in
    place, 1 when some were kept, 2 for bad input (then nothing is written)."""
    from neuronlab.course import LABS, VERSIONS, files, prepare
    from neuronlab.course.writer import check_folder

    if args.list:
        if args.lab is not None:
            raise ValueError(f"--list: takes no LAB or DIR, got {args.lab!r}")
        return _list()
    if args.lab is None or args.dir is None:
        raise ValueError(
            "LAB and DIR: expected a lab and the notebook's folder, e.g. "
            f"`neuronlab course {next(iter(LABS))} .` (--list shows the labs)"
        )
    lab = _lab_key(args.lab)
    if args.version is not None and args.version not in VERSIONS:
        raise ValueError(f"--version: expected one of {', '.join(VERSIONS)}, got {args.version!r}")
    files(lab, args.version or VERSIONS[-1])  # an unknown lab fails before anything else
    check_data_dir(args.data_dir)
    check_folder(Path(args.dir))  # before the version line: a bad DIR is one line
    version, said, warning = _version(lab, args.dir, args.version)
    files(lab, version)  # a version the lab does not have
    start = time.perf_counter()
    outcomes = prepare(lab, args.dir, version, data_dir=args.data_dir, force=args.force)
    if said:
        print(said, file=sys.stderr if warning else sys.stdout)
    shown = [o for o in outcomes if o.action != "same"]
    for o in shown:
        print(f"  {o.action:<9}{o.path}" + (f": {o.reason}" if o.reason else ""))
    kept = [o for o in outcomes if o.action == "kept"]
    in_place = len(outcomes) - len(kept)
    print(
        f"neuronlab course: {lab} {version} in {args.dir}: {in_place} of "
        f"{len(outcomes)} files in place"
        + (f", {len(kept)} kept" if kept else "")
        + f" ({time.perf_counter() - start:.2f} s)"
    )
    if kept:
        print(
            "neuronlab: the kept files are not neuronlab's for this version: the notebook may "
            "not run as the course's until they are",
            file=sys.stderr,
        )
    return 1 if kept else 0


def _version(lab: str, folder: str, asked: str | None) -> tuple[str, str, bool]:
    """``(version, line, is_warning)``: the version asked for, else the one the notebook
    in ``folder`` is, else the newest; and the line that says so (a disagreement with
    the notebook is a warning).  Said once the folder is prepared, so that a refusal
    stays one line."""
    from neuronlab.course import LABS
    from neuronlab.course.guess import guess

    found = guess(lab, folder)
    newest = list(LABS[lab].versions)[-1]
    if asked is not None:
        if found is not None and found.version != asked:
            return (
                asked,
                (
                    f"neuronlab: warning: {found.notebook} looks like course version "
                    f"{found.version} ({found.evidence}), not {asked}; prepared {asked} as asked"
                ),
                True,
            )
        return asked, "", False
    if found is None:
        return (
            newest,
            (
                f"course version {newest}: no notebook in {folder} imports {lab}'s course modules "
                "(--version chooses another)"
            ),
            False,
        )
    return (
        found.version,
        (f"course version {found.version}: read off {found.notebook} ({found.evidence})"),
        False,
    )


def _lab_key(name: str) -> str:
    """A lab by key or by number (``3.1``)."""
    from neuronlab.course import LABS
    from neuronlab.experiments import find_labs

    if name in LABS:
        return name
    try:
        return find_labs([name])[0].key
    except ValueError:
        numbers = ", ".join(dict.fromkeys(lab.number for lab in LABS.values()))
        raise ValueError(
            f"LAB: expected one of {', '.join(LABS)} (or {numbers}), got {name!r}"
        ) from None


def _list() -> int:
    from neuronlab.course import LABS

    for lab in LABS.values():
        print(f"{lab.number}  {lab.key}")
        for version, course_files in lab.versions.items():
            parts = []
            for f in course_files:
                names = f" ({', '.join(n.name for n in f.names)})" if f.names else ""
                parts.append(f"{f.path}{names}")
            print(f"     {version}: " + "; ".join(parts))
    return 0
