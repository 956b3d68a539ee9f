"""Experiment 3.7 — optimization methods: GD vs momentum vs Adam, with and without decay.

Trains the lab's ``[2, 5, 2, 1]`` net (ReLU, ReLU, sigmoid; He initialisation
after seed 3) on the moons with mini-batches of 64, by the lab's recipe
(:func:`neuronlab.labs.optimization.train`) with its random streams replayed: epoch ``i`` shuffles
with ``np.random.seed(11 + i)``, Adam's step counts every mini-batch and is
never reset, the recorded cost is the epoch average, and a decay sets the rate
of epoch ``i + 1`` from ``decay(α₀, i, decay_rate)``.

Published (REFERENCE §7):

* the seven 2021+ runs (5000 epochs): costs at epochs 0, 1000, …, 4000 (6
  decimals) and train accuracies (exact);
* the older version's 10000-epoch runs quoted by the seed documents: train
  accuracies 79.7 % / 79.7 % / 94 % (0.7966666666666666 for GD and momentum).

Result per run: cost and learning-rate histories (every 100 epochs, as the
lab records them), accuracy, trained parameters (for decision boundaries),
mislabelled indices, wall time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from neuronlab.experiments._common import (
    Metric,
    cost_metrics,
    make_result,
    published_every,
    stopwatch,
)
from neuronlab.labs import mislabeled_indices, parameter_copies
from neuronlab.labs import optimization as lab
from neuronlab.network import Network
from neuronlab.training import History

DATASET = "moons (make_moons noise 0.2, 300 points after seed 3)"

SUMMARY = (
    "Mini-batch gradient descent, momentum and Adam on the moons (batch 64, lr 0.0007, 5000 "
    "epochs): at this learning rate GD and momentum have barely started (71.7 %) while Adam "
    "reaches 94.3 %. Learning-rate decay lets plain GD and momentum catch up; the stepped "
    "schedule works, the per-epoch decay kills the rate within a few epochs."
)

#: The lab in one line, for the report.
PURPOSE = (
    "Compare mini-batch gradient descent, momentum and Adam, with and without learning-rate decay."
)
#: Which course version the published numbers are from, for the report's notes.
COURSE_VERSION = (
    "the 2021+ lab (5000 epochs); the 10000-epoch accuracies come from the older 2017/2019 version."
)

DECAYS: dict[str, Callable[[float, int, float], float]] = {
    "update_lr": lab.update_lr,
    "schedule_lr_decay": lab.schedule_lr_decay,
}


@dataclass
class RunSpec:
    """One run: optimizer, learning rate (α₀ with a decay), decay name, epochs, published."""

    optimizer: str
    learning_rate: float = 0.0007
    decay: str | None = None
    decay_rate: float = 1.0
    num_epochs: int = 5000
    published_costs: tuple[float, ...] = ()
    published_accuracy: float | None = None
    note: str = ""


def default_runs() -> dict[str, RunSpec]:
    """The published runs: the seven 2021+ ones and the older 10000-epoch ones."""
    return {
        "gd": RunSpec("gd", published_costs=(0.702405, 0.668101, 0.635288, 0.600491, 0.573367),
                      published_accuracy=0.7166666666666667),
        "momentum": RunSpec("momentum",
                            published_costs=(0.702413, 0.668167, 0.635388, 0.600591, 0.573444),
                            published_accuracy=0.7166666666666667),
        "adam": RunSpec("adam", published_costs=(0.702166, 0.167845, 0.141316, 0.138788, 0.136066),
                        published_accuracy=0.9433333333333334),
        "gd_update_lr": RunSpec(
            "gd", 0.1, "update_lr",
            published_costs=(0.701091, 0.661884, 0.658620, 0.656765, 0.655486),
            published_accuracy=0.6533333333333333),
        "gd_schedule_lr_decay": RunSpec(
            "gd", 0.1, "schedule_lr_decay",
            published_costs=(0.701091, 0.127161, 0.120304, 0.117033, 0.117512),
            published_accuracy=0.9433333333333334),
        "momentum_schedule_lr_decay": RunSpec(
            "momentum", 0.1, "schedule_lr_decay",
            published_costs=(0.702226, 0.128974, 0.125965, 0.123375, 0.123218),
            published_accuracy=0.9533333333333334),
        "adam_schedule_lr_decay": RunSpec(
            "adam", 0.01, "schedule_lr_decay",
            published_costs=(0.699346, 0.130074, 0.129826, 0.129282, 0.128361),
            published_accuracy=0.94),
        "gd_10000": RunSpec("gd", num_epochs=10000, published_accuracy=0.7966666666666666,
                            note="older version (2017/2019): 79.7 %"),
        "momentum_10000": RunSpec("momentum", num_epochs=10000,
                                  published_accuracy=0.7966666666666666,
                                  note="older version (2017/2019): 79.7 %"),
        "adam_10000": RunSpec("adam", num_epochs=10000, published_accuracy=0.94,
                              note="older version (2017/2019): 94 %"),
    }  # fmt: skip


@dataclass
class Config:
    """The lab's hyperparameters and the runs to make."""

    layers_dims: tuple[int, ...] = lab.LAYERS_DIMS
    mini_batch_size: int = 64
    beta: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    record_every: int = lab.RECORD_EVERY
    print_every: int = lab.PRINT_EVERY
    runs: dict[str, RunSpec] = field(default_factory=default_runs)


def train(
    X: np.ndarray,
    Y: np.ndarray,
    spec: RunSpec,
    config: Config,
    lengths: Sequence[int],
    dtype: str,
) -> tuple[History, dict[int, Network]]:
    """Train the lab's recipe once for ``max(lengths)`` epochs.

    Returns ``(history, nets)`` where ``nets[n]`` holds the parameters after ``n``
    epochs, for each ``n`` in ``lengths``: a shorter run of the lab is exactly the
    first epochs of a longer one (same initialisation, same per-epoch seeds, Adam's
    ``t`` never reset), so one training serves both.  The history records every epoch.
    """
    wanted = set(lengths)
    nets: dict[int, Network] = {}

    def snapshot(epoch: int, cost: float, current: Network) -> None:
        if epoch + 1 in wanted:
            nets[epoch + 1] = current.copy()

    _, history = lab.train(
        X, Y, config.layers_dims, spec.optimizer, learning_rate=spec.learning_rate,
        mini_batch_size=config.mini_batch_size, beta=config.beta, beta1=config.beta1,
        beta2=config.beta2, epsilon=config.epsilon, num_epochs=max(lengths),
        decay=DECAYS[spec.decay] if spec.decay else None, decay_rate=spec.decay_rate,
        record_every=1, dtype=dtype, callback=snapshot,
    )  # fmt: skip
    return history, nets


def _groups(runs: dict[str, RunSpec], quick: bool) -> dict[tuple, dict[str, int]]:
    """Runs that differ only in their length, grouped: ``{key: {name: epochs}}``."""
    groups: dict[tuple, dict[str, int]] = {}
    for name, spec in runs.items():
        key = (spec.optimizer, spec.learning_rate, spec.decay, spec.decay_rate)
        groups.setdefault(key, {})[name] = min(spec.num_epochs, 1001) if quick else spec.num_epochs
    return groups


def run(config: Config | None = None, *, quick: bool = False, data_dir: Any = None,
        dtype: str = "float64", save_models: Any = None) -> dict[str, Any]:  # fmt: skip
    """Run every configured run; a JSON-able dict (see the module docstring).

    ``quick`` trains 1001 epochs per run (a smoke test: only the costs at 0 and
    1000 are comparable).  ``data_dir`` and ``save_models`` are unused (the moons are
    generated).
    Runs that differ only in length share one training (``shared_with`` names the
    runs trained together; ``wall_time`` is that training's).
    """
    config = config or Config()
    X, Y = lab.load_dataset()
    metrics: list[Metric] = []
    runs: dict[str, Any] = {}
    with stopwatch() as total:
        for members in _groups(config.runs, quick).values():
            first = config.runs[next(iter(members))]
            with stopwatch() as elapsed:
                h, nets = train(X, Y, first, config, list(members.values()), dtype)
            seconds = elapsed()
            for name, num_epochs in members.items():
                spec, net = config.runs[name], nets[num_epochs]
                kept = [e for e in range(0, num_epochs, config.record_every)]
                costs = [h.costs[e] for e in kept]
                accuracy = net.accuracy(X, Y)
                runs[name] = {
                    **asdict(spec),
                    "num_epochs": num_epochs,
                    "epochs": kept,
                    "costs": costs,
                    "learning_rates": [h.learning_rates[e] for e in kept],
                    "train_accuracy": accuracy,
                    "mislabelled": mislabeled_indices(Y, net.predict(X)),
                    "parameters": parameter_copies(net.parameters),
                    "shared_with": [n for n in members if n != name],
                    "wall_time": seconds,
                }
                metrics += _metrics(name, spec, kept, costs, accuracy, config.print_every)
    return make_result(
        "optimization", DATASET, config, runs, metrics, total(), quick=quick, dtype=dtype
    )


def _metrics(
    name: str,
    spec: RunSpec,
    epochs: list[int],
    costs: list[float],
    accuracy: float,
    print_every: int,
) -> list[Metric]:
    out = cost_metrics(
        f"{name}: cost at epoch {{}}", epochs, costs,
        published_every(spec.published_costs, print_every), 1e-6, note="6-decimal print",
    )  # fmt: skip
    if spec.published_accuracy is not None:
        out.append(Metric(f"{name}: train accuracy", accuracy, spec.published_accuracy,
                          note=spec.note))  # fmt: skip
    return out


def figures(result: dict[str, Any], out_dir: Any, data_dir: Any = None) -> list[tuple[str, str]]:
    """Epoch-average cost curves, and decision boundaries of GD / momentum / Adam."""
    from neuronlab import plots
    from neuronlab.datasets import moons
    from neuronlab.experiments._common import draw_boundary, row_of_axes, save_all

    X, Y = moons()
    runs = result["runs"]
    main = [n for n in ("gd", "momentum", "adam") if n in runs]
    decay = [n for n in runs if n not in main and not n.endswith("_10000")]
    fig_c, (ax1, ax2) = row_of_axes(2, width=5.0)
    plots.cost_curves(
        {n: (runs[n]["epochs"], runs[n]["costs"]) for n in main},
        ax=ax1,
        xlabel="epoch",
        title="lr 0.0007, mini-batch 64",
        ylabel="cost (epoch mean of cross-entropy)",
    )
    plots.cost_curves(
        {n: (runs[n]["epochs"], runs[n]["costs"]) for n in decay},
        ax=ax2,
        xlabel="epoch",
        title="with learning-rate decay",
        ylabel="cost (epoch mean of cross-entropy)",
    )
    drawn = [("opt_costs.png", fig_c, "Epoch-average cost, recorded every 100 epochs")]
    with_params = [n for n in main if "parameters" in runs[n]]
    if with_params:
        fig_b, axes = row_of_axes(len(with_params))
        for k, (name, ax) in enumerate(zip(with_params, axes)):
            draw_boundary(
                ax,
                runs[name]["parameters"],
                X,
                Y,
                xlim=(-1.5, 2.5),
                ylim=(-1, 1.5),
                title=f"{name}: {100 * runs[name]['train_accuracy']:.2f} %",
                legend=k == 0,
            )
        drawn.append(("opt_boundaries.png", fig_b, "Decision boundaries after 5000 epochs"))
    return save_all(out_dir, drawn)
