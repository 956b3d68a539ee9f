"""``neuronlab demo``: the planar lab's shallow net, trained in seconds."""

from __future__ import annotations

import argparse
import time
from typing import Any

from neuronlab.cli.options import add_no_progress
from neuronlab.datasets import planar_flower
from neuronlab.network import Network


def add_parser(sub: Any) -> None:
    demo = sub.add_parser(
        "demo", help="train a small net on the planar flower data", description=run.__doc__
    )
    demo.add_argument("--hidden", type=int, default=4, help="hidden units (default 4)")
    demo.add_argument("--iterations", type=int, default=10000, help="default 10000")
    demo.add_argument("--seed", type=int, default=3, help="weights seed (default 3)")
    add_no_progress(demo)
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Train the planar lab's shallow net on the flower data and print its accuracy."""
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
