"""Experiment 3.4 — initialization: zeros vs large random vs He on the circles.

Trains the lab's ``[2, 10, 5, 1]`` net (ReLU, ReLU, sigmoid) by full-batch
gradient descent, lr 0.01, 15000 iterations, from each initialisation, with
the engine's training loop (``Network.fit``).  The initial weights are the
lab's (a private ``RandomState(3)``).

Published (REFERENCE §4): He costs every 1000 iterations (relative 1e-8) and
accuracies (exact); zeros ``log 2`` at every print and 50 % / 50 %; large
random: accuracies only (83 % / 86 %) — its costs depend on how ``log(0)`` is
handled (the course prints ``inf`` first; the engine's cost is finite).

Result per run: cost history (every 1000 iterations, as the lab records it),
train/test accuracy, the trained parameters (for decision boundaries),
mislabelled test indices and the wall time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..labs import initialization as lab
from ..network import Network
from ._common import Metric, make_result, stopwatch

LAB = "3.4"
TITLE = "Initialization"
DATASET = "circles (make_circles noise 0.05; 300 train after seed 1, 100 test after seed 2)"

#: REFERENCE §4: He costs at 0, 1000, …, 14000 (full-precision prints).
HE_COSTS = (
    0.8830537463419761, 0.6879825919728063, 0.6751286264523372, 0.6526117768893807,
    0.6082958970572938, 0.5304944491717495, 0.41386458170717944, 0.3117803464844441,
    0.23696215330322562, 0.18597287209206836, 0.15015556280371808, 0.12325079292273548,
    0.09917746546525934, 0.08457055954024273, 0.07357895962677362,
)  # fmt: skip
ZEROS_COST = 0.6931471805599453
#: Published (train, test) accuracies.
ACCURACIES = {"zeros": (0.5, 0.5), "random": (0.83, 0.86), "he": (0.9933333333333333, 0.96)}
#: Engine initializer and settings of each lab initialisation.
INITIALIZERS: dict[str, tuple[str, dict[str, Any]]] = {
    "zeros": ("zeros", {}),
    "random": ("random", {"scale": 10.0}),
    "he": ("he", {}),
}


@dataclass
class Config:
    """The lab's hyperparameters."""

    learning_rate: float = 0.01
    num_iterations: int = 15000
    record_every: int = 1000
    initializations: tuple[str, ...] = ("zeros", "random", "he")
    hidden_dims: tuple[int, ...] = field(default=lab.HIDDEN_DIMS)
    seed: int = lab.INIT_SEED


def train(
    init: str, X: np.ndarray, Y: np.ndarray, config: Config, num_iterations: int, dtype: str
) -> tuple[Network, list[float], list[int]]:
    """Train one initialisation; ``(net, costs, iterations)`` at the lab's record points."""
    name, settings = INITIALIZERS[init]
    net = Network(
        [X.shape[0], *config.hidden_dims, 1],
        hidden_activation="relu",
        output_activation="sigmoid",
        initializer=name,
        seed=np.random.RandomState(config.seed),
        dtype=dtype,
        **settings,
    )
    h = net.fit(
        X,
        Y,
        optimizer="gd",
        learning_rate=config.learning_rate,
        epochs=num_iterations,
        record_every=config.record_every,
        progress=False,
    )
    # the engine also records the last iteration; the lab records i % 1000 == 0 only
    kept = [(e, c) for e, c in zip(h.epochs, h.costs) if e % config.record_every == 0]
    return net, [c for _, c in kept], [e for e, _ in kept]


def run(
    config: Config | None = None,
    *,
    quick: bool = False,
    data_dir: Any = None,
    dtype: str = "float64",
) -> dict[str, Any]:
    """Run the three initialisations; a JSON-able dict (see the module docstring).

    ``quick`` trains 1001 iterations only (a smoke test: not comparable past the
    costs at 0 and 1000).  ``data_dir`` is unused (the circles are generated).
    """
    config = config or Config()
    num_iterations = 1001 if quick else config.num_iterations
    train_X, train_Y, test_X, test_Y = lab.load_dataset()
    metrics: list[Metric] = []
    runs: dict[str, Any] = {}
    with stopwatch() as total:
        for init in config.initializations:
            with stopwatch() as elapsed:
                net, costs, iterations = train(
                    init, train_X, train_Y, config, num_iterations, dtype
                )
            seconds = elapsed()
            train_acc = net.accuracy(train_X, train_Y)
            test_acc = net.accuracy(test_X, test_Y)
            wrong = np.flatnonzero(net.predict(test_X)[0] != test_Y[0])
            runs[init] = {
                "initialization": init,
                "iterations": iterations,
                "costs": costs,
                "train_accuracy": train_acc,
                "test_accuracy": test_acc,
                "mislabelled_test": wrong,
                "parameters": {k: a.copy() for k, a in net.parameters.items()},
                "wall_time": seconds,
            }
            metrics += _metrics(init, iterations, costs, train_acc, test_acc)
    return make_result(
        LAB,
        TITLE,
        DATASET,
        quick=quick,
        dtype=dtype,
        config=config,
        runs=runs,
        metrics=metrics,
        wall_time=total(),
    )


def _metrics(
    init: str, iterations: list[int], costs: list[float], train_acc: float, test_acc: float
) -> list[Metric]:
    out: list[Metric] = []
    for it, cost in zip(iterations, costs):
        if init == "he" and it // 1000 < len(HE_COSTS):
            out.append(
                Metric(
                    f"he: cost at iteration {it}",
                    cost,
                    HE_COSTS[it // 1000],
                    1e-8,
                    "rel",
                    "full-precision print",
                )
            )
        elif init == "zeros":
            out.append(
                Metric(
                    f"zeros: cost at iteration {it}",
                    cost,
                    ZEROS_COST,
                    1e-15,
                    note="log 2: symmetry never broken",
                )
            )
        elif init == "random":
            out.append(
                Metric(
                    f"random: cost at iteration {it}",
                    cost,
                    note="the course prints inf at 0 (log 0); ours stays finite",
                )
            )
    published_train, published_test = ACCURACIES[init]
    out.append(Metric(f"{init}: train accuracy", train_acc, published_train))
    out.append(Metric(f"{init}: test accuracy", test_acc, published_test))
    return out


SUMMARY = (
    "The same 3-layer ReLU net trained from three initialisations. Zeros never break the "
    "symmetry between units: the cost stays at log 2 and the net predicts one class. Large "
    "random weights (x10) saturate the output, so the first costs are huge and training is "
    "slow. He initialisation (sqrt(2/n_in)) trains to 99 % on the circles."
)


def figures(result: dict[str, Any], out_dir: Any, data_dir: Any = None) -> list[tuple[str, str]]:
    """Cost curves side by side and the three decision boundaries."""
    from .. import plots
    from ..datasets import circles
    from ._common import draw_boundary, row_of_axes, save_all

    train_X, train_Y, _, _ = circles()
    runs = result["runs"]
    names = [n for n in ("zeros", "random", "he") if n in runs]
    fig_c, axes_c = row_of_axes(len(names))
    fig_b, axes_b = row_of_axes(len(names))
    for name, ax_c, ax_b in zip(names, axes_c, axes_b):
        run = runs[name]
        plots.cost_curve(
            run["costs"],
            run["iterations"],
            ax=ax_c,
            log=name == "random",
            title=f"{name} initialisation",
        )
        draw_boundary(
            ax_b,
            run["parameters"],
            train_X,
            train_Y,
            xlim=(-1.5, 1.5),
            ylim=(-1.5, 1.5),
            title=f"{name}: train {100 * run['train_accuracy']:.1f} %",
        )
    return save_all(
        out_dir,
        [
            ("init_costs.png", fig_c, "Cost every 1000 iterations for each initialisation"),
            ("init_boundaries.png", fig_b, "Decision boundaries on the training circles"),
        ],
    )
