"""The ``neuronlab`` command: parses arguments and dispatches; no math here.

User errors (bad arguments, missing or corrupt files, bad data) print one line
``neuronlab: error: …`` and exit with status 2; nothing is overwritten.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from . import __version__

USER_ERRORS: tuple[type[BaseException], ...] = (ValueError, TypeError, OSError)


def _cmd_demo(args: argparse.Namespace) -> int:
    """Train the planar lab's shallow net on the flower data and print its accuracy."""
    from .datasets import planar_flower
    from .network import Network

    X, Y = planar_flower()
    net = Network(
        [2, args.hidden, 1],
        hidden_activation="tanh",
        initializer="random",
        scale=0.01,
        seed=args.seed,
    )
    start = time.perf_counter()
    history = net.fit(
        X,
        Y,
        optimizer="gd",
        learning_rate=1.2,
        epochs=args.iterations,
        record_every=1000,
        progress=None if args.progress else False,
    )
    elapsed = time.perf_counter() - start
    for epoch, cost in zip(history.epochs, history.costs):
        print(f"cost after iteration {epoch:>5}: {cost:.6f}")
    print(
        f"flower data (400 points), 2-{args.hidden}-1 tanh/sigmoid net, "
        f"{args.iterations} iterations in {elapsed:.2f} s: "
        f"accuracy {100 * net.accuracy(X, Y):.2f} %"
    )
    return 0


def _cmd_data(args: argparse.Namespace) -> int:
    """Where the data files are looked for, and whether each is present and intact."""
    from .data import data_dirs, file_status

    _check_data_dir(args.data_dir)
    print("looking in: " + ", ".join(str(d) for d in data_dirs(args.data_dir)))
    for row in file_status(args.data_dir):
        where = row["path"] or "—"
        print(f"{row['status']:<18} {row['name']:<28} {where}")
        print(f"{'':<18} {row['algorithm']} {row['digest']}")
    return 0


def _cmd_reproduce(args: argparse.Namespace) -> int:
    """Run the labs (default: all) at the published settings and write the report:
    README.md, index.html, results.json and PNG figures. Labs whose data files are
    missing are skipped (exit status 0); a number outside its published tolerance
    gives exit status 1."""
    from .report import check_out_dir, find_labs, reproduce

    labs = find_labs(args.labs)  # bad arguments fail before anything runs
    _check_data_dir(args.data_dir)
    check_out_dir(args.out)
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
        print(f"skipped {r['lab']} {r['key']} — data not found: {r['skipped']}")
    for m in bad:
        print(f"outside tolerance: {m['name']}: ours {m['ours']}, published {m['published']}")
    return 1 if bad else 0


def _cmd_labs(args: argparse.Namespace) -> int:
    """The labs, what each reproduces, and whether the data each needs is present."""
    from .report import lab_table

    _check_data_dir(args.data_dir)
    for row in lab_table(args.data_dir):
        data = ", ".join(f"{name}: {st}" for name, st in row["data"].items()) or "generated"
        print(f"{row['lab']}  {row['key']:<20} {row['title']}")
        print(f"     data: {data}")
        if row["optional_data"]:
            opt = ", ".join(f"{name}: {st}" for name, st in row["optional_data"].items())
            print(f"     optional (published checks): {opt}")
    return 0


#: The network each lab trains, for ``neuronlab gradcheck LAB``: (layer_dims, hidden, l2).
LAB_NETS: dict[str, tuple[list[int], str, float]] = {
    "logistic_regression": ([12288, 1], "relu", 0.0),
    "planar": ([2, 4, 1], "tanh", 0.0),
    "deep": ([12288, 20, 7, 5, 1], "relu", 0.0),
    "initialization": ([2, 10, 5, 1], "relu", 0.0),
    "regularization": ([2, 20, 3, 1], "relu", 0.7),
    "gradient_checking": ([4, 5, 3, 1], "relu", 0.0),
    "optimization": ([2, 5, 2, 1], "relu", 0.0),
    "digits": ([400, 25, 10], "sigmoid", 1.0),
}


def _cmd_gradcheck(args: argparse.Namespace) -> int:
    """Check backpropagation against finite differences on a lab's network or a saved
    model, with random inputs and labels: the exact check (every parameter) and the
    fast one (directional derivatives per parameter array). Exit status 1 if one fails."""
    from pathlib import Path

    import numpy as np

    from . import gradcheck
    from .network import Network
    from .report import find_labs

    target = args.target
    if target.endswith(".npz") or Path(target).is_file():
        net = Network.load(target)
        what = f"model {target}"
        l2 = args.l2 if args.l2 is not None else 0.0
    else:
        lab = find_labs([target])[0]
        dims, hidden, lab_l2 = LAB_NETS[lab.key]
        net = Network(dims, hidden_activation=hidden, initializer="xavier", seed=args.seed)
        what = f"the {lab.key} lab's network"
        l2 = args.l2 if args.l2 is not None else lab_l2
    rng = np.random.default_rng(args.seed)
    m = args.examples
    X = rng.standard_normal((net.layer_dims[0], m))
    # Random biases keep ReLU kinks away from Z = 0 exactly (no derivative there).
    for name, p in net.parameters.items():
        if name.startswith("b"):
            p[...] = rng.standard_normal(p.shape) * 0.1
    n_out = net.layer_dims[-1]
    Y: np.ndarray
    if net.loss.name == "categorical_cross_entropy":
        Y = rng.integers(0, n_out, (1, m))
    elif net.loss.name == "binary_cross_entropy":
        Y = (rng.random((n_out, m)) > 0.5).astype(float)
    else:
        Y = rng.standard_normal((n_out, m))
    acts = "/".join(a.name for a in net.activations)
    print(
        f"gradient check of {what} {list(net.layer_dims)} ({acts}, "
        f"{net.loss.name}), {m} random examples, l2={l2:g}"
    )
    threshold = gradcheck.THRESHOLD
    failed = False
    n = net.theta.size
    runs: list[tuple[str, str, Any]] = [
        ("fast", "2 directions per parameter array", gradcheck.check_fast)
    ]
    if args.exact or (args.exact is None and n <= 50_000):
        runs.insert(0, ("exact", f"all {n:,} parameters", gradcheck.check))
    else:
        print(f"  exact: skipped for {n:,} parameters (use --exact to run it)")
    for name, detail, check in runs:
        start = time.perf_counter()
        diff = check(net, X, Y, l2=l2)
        ok = diff < threshold
        failed |= not ok
        shown = f"{diff:.3e}" if diff > 0 else "0 (within rounding error)"
        print(
            f"  {name:<5} ({detail}): {shown} in {time.perf_counter() - start:.2f} s "
            f"{'✓ below' if ok else '✗ above'} {threshold:g}"
        )
    print("verdict: " + ("backpropagation is WRONG" if failed else "backpropagation is correct"))
    return 1 if failed else 0


def _check_data_dir(data_dir: str | None) -> None:
    from pathlib import Path

    if data_dir is not None and not Path(data_dir).is_dir():
        raise ValueError(f"--data-dir: expected an existing directory, got {data_dir!r}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="neuronlab",
        description="Neural networks from scratch in vectorized NumPy: the classic course labs, "
        "reproduced, and a small fast engine.",
    )
    parser.add_argument("--version", action="version", version=f"neuronlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    data_help = "look for data files only here (default: $NEURONLAB_DATA, else the per-user folder)"
    rep = sub.add_parser(
        "reproduce", help="run the labs and write the report", description=_cmd_reproduce.__doc__
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
    rep.add_argument("--data-dir", help=data_help)
    rep.add_argument(
        "--quick", action="store_true", help="few iterations (smoke test; numbers not comparable)"
    )
    rep.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    rep.add_argument(
        "--no-progress", dest="progress", action="store_false", help="no progress bars"
    )
    rep.set_defaults(func=_cmd_reproduce)

    labs = sub.add_parser(
        "labs", help="the labs and whether their data is present", description=_cmd_labs.__doc__
    )
    labs.add_argument("--data-dir", help=data_help)
    labs.set_defaults(func=_cmd_labs)

    gc = sub.add_parser(
        "gradcheck",
        help="check backpropagation on a lab's net or a model",
        description=_cmd_gradcheck.__doc__,
    )
    gc.add_argument(
        "target", metavar="LAB-or-MODEL", help="a lab (e.g. planar, 3.8) or a model file (.npz)"
    )
    gc.add_argument("--examples", type=int, default=20, help="random examples (default 20)")
    gc.add_argument("--l2", type=float, default=None, help="L2 strength (default: the lab's)")
    gc.add_argument("--seed", type=int, default=0)
    gc.add_argument(
        "--exact",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run the exact check (default: when ≤ 50,000 parameters)",
    )
    gc.set_defaults(func=_cmd_gradcheck)

    demo = sub.add_parser(
        "demo", help="train a small net on the planar flower data", description=_cmd_demo.__doc__
    )
    demo.add_argument("--hidden", type=int, default=4, help="hidden units (default 4)")
    demo.add_argument("--iterations", type=int, default=10000, help="default 10000")
    demo.add_argument("--seed", type=int, default=3, help="weights seed (default 3)")
    demo.add_argument(
        "--no-progress", dest="progress", action="store_false", help="no progress bar"
    )
    demo.set_defaults(func=_cmd_demo)

    data = sub.add_parser(
        "data",
        help="where data files are looked for and their status",
        description=_cmd_data.__doc__,
    )
    data.add_argument(
        "--data-dir",
        help="look only here (default: $NEURONLAB_DATA, else the per-user data folder)",
    )
    data.set_defaults(func=_cmd_data)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except USER_ERRORS as exc:
        print(f"neuronlab: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("neuronlab: interrupted", file=sys.stderr)
        return 130


def _one_line(exc: Any) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
