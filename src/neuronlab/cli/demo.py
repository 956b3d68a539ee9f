"""``neuronlab demo``: the planar lab's shallow net, trained in seconds."""

from __future__ import annotations

import argparse
import time
from typing import Any

from neuronlab._validation import check_memory, check_whole
from neuronlab.cli.options import add_no_progress
from neuronlab.datasets import planar_flower
from neuronlab.network import Network


def add_parser(sub: Any) -> None:
    demo = sub.add_parser(
        "demo", help="train a small net on the planar flower data", description=run.__doc__
    )
    demo.add_argument("--hidden", default="4", help="hidden units (default 4)")
    demo.add_argument("--iterations", default="10000", help="default 10000")
    demo.add_argument("--seed", default="3", help="weights seed (default 3)")
    add_no_progress(demo)
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Train the planar lab's shallow net on the flower data and print its accuracy."""
    hidden = check_whole("--hidden", args.hidden, minimum=1)
    iterations = check_whole("--iterations", args.iterations, minimum=1)
    seed = check_whole("--seed", args.seed, minimum=0)
    X, Y = planar_flower()
    # parameters and gradients, and the forward and backward passes' (hidden, 400) arrays
    need = 8 * (2 * (4 * hidden + 1) + 4 * hidden * X.shape[1])
    check_memory("--hidden", need, f"a 2-{hidden}-1 net on the {X.shape[1]} flower points")
    net = Network(
        [2, hidden, 1], hidden_activation="tanh", initializer="random", scale=0.01, seed=seed
    )
    start = time.perf_counter()
    history = net.fit(
        X,
        Y,
        optimizer="gd",
        learning_rate=1.2,
        epochs=iterations,
        record_every=1000,
        progress=None if args.progress else False,
    )
    elapsed = time.perf_counter() - start
    for epoch, cost in zip(history.epochs, history.costs):
        print(f"cost after iteration {epoch:>5}: {cost:.6f}")
    print(
        f"flower data (400 points), 2-{hidden}-1 tanh/sigmoid net, "
        f"{iterations} iterations in {elapsed:.2f} s: "
        f"accuracy {100 * net.accuracy(X, Y):.2f} %"
    )
    return 0
