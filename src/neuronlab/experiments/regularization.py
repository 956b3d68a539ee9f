"""Experiment 3.5 — regularization: none vs L2 (λ = 0.7) vs dropout (keep_prob = 0.86).

Trains the lab's ``[2, 20, 3, 1]`` net (ReLU, ReLU, sigmoid; ``randn / √n_in``
after seed 3) on the football set by full-batch gradient descent, lr 0.3,
30000 iterations, by the lab's recipe (:func:`neuronlab.labs.regularization.train`).
The dropout run replays
the lab's masks: its forward pass calls ``np.random.seed(1)`` every
iteration, so a private ``RandomState`` is reseeded to 1 at every step.

Published (REFERENCE §5): the costs at iterations 0 / 10000 / 20000 (relative
1e-8; dropout costs are those of the dropout forward pass) and the train/test
accuracies (exact; computed without dropout).

Result per run: cost history (every 1000 iterations, as the lab records it),
accuracies, trained parameters and the lab's decision-boundary axes (for the
figures), mislabelled test indices, wall time.
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
from neuronlab.labs import regularization as lab

DATASET = "football (data.mat: 211 train / 200 test points)"

SUMMARY = (
    "The 3-layer net overfits the football positions without regularisation (its boundary "
    "bends around single points); L2 (lambda 0.7) and dropout (keep_prob 0.86) give smoother "
    "boundaries and better test accuracy. The dropout costs are those of the dropout forward "
    "pass; accuracies use the plain one."
)

#: The lab in one line, for the report.
PURPOSE = "Fight overfitting on the football data with L2 regularisation and dropout."
#: Which course version the published numbers are from, for the report's notes.
COURSE_VERSION = "the latest 2021+ printing (costs at 0 / 10000 / 20000 and both accuracies)."

#: REFERENCE §5: (costs at 0 / 10000 / 20000, train accuracy, test accuracy).
PUBLISHED: dict[str, tuple[tuple[float, float, float], float, float]] = {
    "none": ((0.6557412523481002, 0.1632998752572417, 0.13851642423262905),
             0.9478672985781991, 0.915),
    "l2": ((0.6974484493131264, 0.2684918873282239, 0.2680916337127301),
           0.9383886255924171, 0.93),
    "dropout": ((0.6543912405149825, 0.06101698657490559, 0.060582435798513114),
                0.9289099526066351, 0.95),
}  # fmt: skip
PRINT_EVERY = 10000


@dataclass
class Config:
    """The lab's hyperparameters; ``runs`` maps a name to its ``(lambd, keep_prob)``."""

    learning_rate: float = lab.LEARNING_RATE
    num_iterations: int = lab.NUM_ITERATIONS
    record_every: int = lab.RECORD_EVERY
    runs: dict[str, tuple[float, float]] = field(
        default_factory=lambda: {"none": (0.0, 1.0), "l2": (0.7, 1.0), "dropout": (0.0, 0.86)}
    )
    hidden_dims: tuple[int, ...] = field(default=lab.HIDDEN_DIMS)
    seed: int = lab.INIT_SEED
    dropout_seed: int = lab.DROPOUT_SEED


def run(config: Config | None = None, *, quick: bool = False, data_dir: Any = None,
        dtype: str = "float64", save_models: Any = None) -> dict[str, Any]:  # fmt: skip
    """Run the three models; a JSON-able dict (see the module docstring).

    ``quick`` trains 1001 iterations only (a smoke test: only the first cost is
    comparable).  A missing ``football/data.mat`` raises
    :class:`neuronlab.data.DataFileError`.  ``save_models`` is unused.
    """
    config = config or Config()
    num_iterations = 1001 if quick else config.num_iterations
    train_X, train_Y, test_X, test_Y = lab.load_2D_dataset(data_dir)
    metrics: list[Metric] = []
    runs: dict[str, Any] = {}
    with stopwatch() as total:
        for name, (lambd, keep_prob) in config.runs.items():
            with stopwatch() as elapsed:
                net, history = lab.train(
                    train_X, train_Y, lambd=lambd, keep_prob=keep_prob,
                    learning_rate=config.learning_rate, num_iterations=num_iterations,
                    record_every=config.record_every, hidden_dims=config.hidden_dims,
                    seed=config.seed, dropout_seed=config.dropout_seed, dtype=dtype,
                )  # fmt: skip
            seconds = elapsed()
            run = classifier_run(
                net, history, config.record_every, (train_X, train_Y), (test_X, test_Y)
            )
            runs[name] = {
                "lambd": lambd,
                "keep_prob": keep_prob,
                **run,
                "decision_boundary_axes": list(lab.DECISION_BOUNDARY_AXES),
                "wall_time": seconds,
            }
            metrics += _metrics(name, run)
    return make_result(
        "regularization", DATASET, config, runs, metrics, total(), quick=quick, dtype=dtype
    )


def _metrics(name: str, run: dict[str, Any]) -> list[Metric]:
    """The published costs (every 10000 iterations) and accuracies of run ``name``."""
    published_costs, published_train, published_test = PUBLISHED.get(name, ((), None, None))
    out = cost_metrics(
        f"{name}: cost at iteration {{}}", run["iterations"], run["costs"],
        published_every(published_costs, PRINT_EVERY), 1e-8, "rel", "full-precision print",
    )  # fmt: skip
    out.append(Metric(f"{name}: train accuracy", run["train_accuracy"], published_train))
    out.append(Metric(f"{name}: test accuracy", run["test_accuracy"], published_test))
    return out


def figures(result: dict[str, Any], out_dir: Any, data_dir: Any = None) -> list[tuple[str, str]]:
    """Cost curves side by side and the three decision boundaries (the lab's axes)."""
    from neuronlab import plots
    from neuronlab.data import load_football
    from neuronlab.experiments._common import draw_boundary, row_of_axes, save_all

    train_X, train_Y, _, _ = load_football(data_dir)
    runs = result["runs"]
    names = [n for n in ("none", "l2", "dropout") if n in runs]
    labels = {"none": "no regularisation", "l2": "L2, λ = 0.7", "dropout": "dropout, keep 0.86"}
    fig_c, axes_c = row_of_axes(len(names))
    fig_b, axes_b = row_of_axes(len(names))
    for k, (name, ax_c, ax_b) in enumerate(zip(names, axes_c, axes_b)):
        run = runs[name]
        x0, x1, y0, y1 = run["decision_boundary_axes"]
        ylabel = {"l2": "cost (cross-entropy + L2 term)", "dropout": "cost (with dropout)"}
        plots.cost_curve(
            run["costs"],
            run["iterations"],
            ax=ax_c,
            title=labels[name],
            ylabel=ylabel.get(name, plots.COST_LABEL),
        )
        draw_boundary(
            ax_b,
            run["parameters"],
            train_X,
            train_Y,
            xlim=(x0, x1),
            ylim=(y0, y1),
            title=f"{labels[name]}: test {100 * run['test_accuracy']:.1f} %",
            legend=k == 0,
        )
    return save_all(
        out_dir,
        [
            ("reg_costs.png", fig_c, "Cost every 1000 iterations"),
            (
                "reg_boundaries.png",
                fig_b,
                "Decision boundaries on the training set, axes x ∈ [-0.75, 0.40],"
                " y ∈ [-0.75, 0.65]",
            ),
        ],
    )
