"""Experiment 3.4 — initialization: zeros vs large random vs He on the circles.

Trains the lab's ``[2, 10, 5, 1]`` net (ReLU, ReLU, sigmoid) by full-batch
gradient descent, lr 0.01, 15000 iterations, from each initialisation, by the
lab's recipe (:func:`neuronlab.labs.initialization.train`).  The initial weights
are the lab's (a private ``RandomState(3)``).

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

from neuronlab.experiments._common import (
    Metric,
    classifier_run,
    cost_metrics,
    make_result,
    published_every,
    stopwatch,
)
from neuronlab.labs import initialization as lab

DATASET = "circles (make_circles noise 0.05; 300 train after seed 1, 100 test after seed 2)"

SUMMARY = (
    "The same 3-layer ReLU net trained from three initialisations. Zeros never break the "
    "symmetry between units: the cost stays at log 2 and the net predicts one class. Large "
    "random weights (x10) saturate the output, so the first costs are huge and training is "
    "slow. He initialisation (sqrt(2/n_in)) trains to 99 % on the circles."
)

#: The lab in one line, for the report.
PURPOSE = (
    "Train the same network from zeros, large random and He initial weights, and see which learns."
)
#: Which course version the published numbers are from, for the report's notes.
COURSE_VERSION = (
    "all course versions agree; the large-random run's costs depend on how log(0) is handled,"
    " so only its accuracies are compared."
)

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


@dataclass
class Config:
    """The lab's hyperparameters."""

    learning_rate: float = lab.LEARNING_RATE
    num_iterations: int = lab.NUM_ITERATIONS
    record_every: int = lab.RECORD_EVERY
    initializations: tuple[str, ...] = ("zeros", "random", "he")
    hidden_dims: tuple[int, ...] = field(default=lab.HIDDEN_DIMS)
    seed: int = lab.INIT_SEED


def run(config: Config | None = None, *, quick: bool = False, data_dir: Any = None,
        dtype: str = "float64", save_models: Any = None) -> dict[str, Any]:  # fmt: skip
    """Run the three initialisations; a JSON-able dict (see the module docstring).

    ``quick`` trains 1001 iterations only (a smoke test: not comparable past the
    costs at 0 and 1000).  ``data_dir`` and ``save_models`` are unused (the circles
    are generated).
    """
    config = config or Config()
    num_iterations = 1001 if quick else config.num_iterations
    train_X, train_Y, test_X, test_Y = lab.load_dataset()
    metrics: list[Metric] = []
    runs: dict[str, Any] = {}
    with stopwatch() as total:
        for init in config.initializations:
            with stopwatch() as elapsed:
                net, history = lab.train(
                    train_X, train_Y, initialization=init, learning_rate=config.learning_rate,
                    num_iterations=num_iterations, record_every=config.record_every,
                    hidden_dims=config.hidden_dims, seed=config.seed, dtype=dtype,
                )  # fmt: skip
            seconds = elapsed()
            run = classifier_run(
                net, history, config.record_every, (train_X, train_Y), (test_X, test_Y)
            )
            runs[init] = {"initialization": init, **run, "wall_time": seconds}
            metrics += _metrics(init, run)
    return make_result(
        "initialization", DATASET, config, runs, metrics, total(), quick=quick, dtype=dtype
    )


def _metrics(init: str, run: dict[str, Any]) -> list[Metric]:
    """The published costs (at the lab's record points) and accuracies of ``init``."""
    iterations, costs = run["iterations"], run["costs"]
    name = f"{init}: cost at iteration {{}}"
    if init == "he":
        published = published_every(HE_COSTS, 1000)
        out = cost_metrics(name, iterations, costs, published, 1e-8, "rel", "full-precision print")
    elif init == "zeros":
        zeros = dict.fromkeys(iterations, ZEROS_COST)
        out = cost_metrics(
            name, iterations, costs, zeros, 1e-15, note="log 2: symmetry never broken"
        )
    elif init == "random":
        why = "the course prints inf at 0 (log 0); ours stays finite"
        out = cost_metrics(name, iterations, costs, dict.fromkeys(iterations), note=why)
    else:
        out = []
    published_train, published_test = ACCURACIES[init]
    out.append(Metric(f"{init}: train accuracy", run["train_accuracy"], published_train))
    out.append(Metric(f"{init}: test accuracy", run["test_accuracy"], published_test))
    return out


def figures(result: dict[str, Any], out_dir: Any, data_dir: Any = None) -> list[tuple[str, str]]:
    """Cost curves side by side and the three decision boundaries."""
    from neuronlab import plots
    from neuronlab.datasets import circles
    from neuronlab.experiments._common import draw_boundary, row_of_axes, save_all

    train_X, train_Y, _, _ = circles()
    runs = result["runs"]
    names = [n for n in ("zeros", "random", "he") if n in runs]
    fig_c, axes_c = row_of_axes(len(names))
    fig_b, axes_b = row_of_axes(len(names))
    titles = {"zeros": "zeros", "random": "large random (×10)", "he": "He"}
    for k, (name, ax_c, ax_b) in enumerate(zip(names, axes_c, axes_b)):
        run = runs[name]
        plots.cost_curve(
            run["costs"],
            run["iterations"],
            ax=ax_c,
            log=name == "random",
            title=f"{titles[name]} initialisation" + (" (log scale)" if name == "random" else ""),
        )
        draw_boundary(
            ax_b,
            run["parameters"],
            train_X,
            train_Y,
            xlim=(-1.5, 1.5),
            ylim=(-1.5, 1.5),
            title=f"{titles[name]}: train {100 * run['train_accuracy']:.1f} %",
            legend=k == 0,
        )
    return save_all(
        out_dir,
        [
            ("init_costs.png", fig_c, "Cost every 1000 iterations for each initialisation"),
            ("init_boundaries.png", fig_b, "Decision boundaries on the training circles"),
        ],
    )
