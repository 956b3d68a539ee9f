"""``neuronlab gradcheck``: backpropagation against finite differences."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from neuronlab import _validation as v
from neuronlab import gradcheck
from neuronlab.experiments import find_labs
from neuronlab.network import Network

#: More random examples only make the check slower: each of the exact check's two
#: passes per parameter runs over all of them (1e8 examples ran for many minutes).
MAX_EXAMPLES = 10_000


def add_parser(sub: Any) -> None:
    gc = sub.add_parser(
        "gradcheck",
        help="check backpropagation on a lab's net or a model",
        description=run.__doc__,
    )
    gc.add_argument(
        "target", metavar="LAB-or-MODEL", help="a lab (e.g. planar, 3.8) or a model file (.npz)"
    )
    gc.add_argument("--examples", default="20", help="random examples, 1 to 10,000 (default 20)")
    gc.add_argument("--l2", type=float, default=None, help="L2 strength (default: the lab's)")
    gc.add_argument("--seed", type=int, default=0)
    gc.add_argument(
        "--exact",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run the exact check (default: when ≤ 50,000 parameters)",
    )
    gc.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check backpropagation against finite differences on a lab's network or a saved
    model, with random inputs and labels: the exact check (every parameter) and the
    fast one (directional derivatives per parameter array). Exit status 1 if one fails."""
    target = args.target
    examples = v.check_whole("--examples", args.examples, minimum=1)
    if target.endswith(".npz") or Path(target).is_file():
        net = Network.load(target)
        what = f"model {target}"
        l2 = args.l2 if args.l2 is not None else 0.0
    else:
        lab = find_labs([target])[0]
        net = lab.check_network(args.seed)
        what = f"the {lab.key} lab's network"
        l2 = args.l2 if args.l2 is not None else lab.l2
    l2 = v.check_positive("--l2", l2, allow_zero=True)  # before the header is printed
    # the inputs, and every layer's forward and backward arrays, four times over
    need = 8 * examples * sum(net.layer_dims) * 4
    v.check_memory("--examples", need, f"{examples:,} random examples of {what}")
    if examples > MAX_EXAMPLES:
        raise ValueError(
            f"--examples: expected at most {MAX_EXAMPLES:,} (a gradient check tests the "
            f"math, not the data: a few examples are enough), got {args.examples!r}"
        )
    X, Y = gradcheck.random_problem(net, examples, seed=args.seed)
    acts = "/".join(a.name for a in net.activations)
    print(
        f"gradient check of {what} {list(net.layer_dims)} ({acts}, "
        f"{net.loss.name}), {examples} random examples, l2={l2:g}"
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
