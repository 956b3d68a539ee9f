"""``neuronlab data``: where the data files are looked for, and their state."""

from __future__ import annotations

import argparse
from typing import Any

from neuronlab.cli.options import add_data_dir, check_data_dir
from neuronlab.data import data_dirs, file_status


def add_parser(sub: Any) -> None:
    data = sub.add_parser(
        "data",
        help="where data files are looked for and their status",
        description=run.__doc__,
    )
    add_data_dir(
        data, help="look only here (default: $NEURONLAB_DATA, else the per-user data folder)"
    )
    data.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Where the data files are looked for, and whether each is present and intact."""
    check_data_dir(args.data_dir)
    print("looking in: " + ", ".join(str(d) for d in data_dirs(args.data_dir)))
    for row in file_status(args.data_dir):
        where = row["path"] or "—"
        print(f"{row['status']:<18} {row['name']:<28} {where}")
        print(f"{'':<18} {row['algorithm']} {row['digest']}")
    return 0
