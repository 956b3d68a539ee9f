"""Experiment 3.1 — logistic regression on the cat pictures, published numbers beside ours.

Runs (the lab's recipe, :func:`neuronlab.labs.logistic_regression.train`: the
zero one-neuron network and gradient descent):

* ``headline`` — 2000 iterations, learning rate 0.005: the 20 printed costs
  (6 decimals, tolerance 1e-6), train 99.04306220095694 %, test 70.0 % (exact);
* ``lr=0.01`` / ``lr=0.001`` / ``lr=0.0001`` — 1500 iterations each, the
  learning-rate comparison whose cost curves share one plot (accuracies exact).

Each run keeps its cost history (every 100 iterations), accuracies, the
mislabelled test pictures' indices and its wall time; the 12288 weights are not
stored (retraining takes a second).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from neuronlab.experiments._common import (
    CAT_DATASET,
    Metric,
    cat_data,
    cost_metrics,
    make_result,
    published_every,
    stopwatch,
)
from neuronlab.labs import logistic_regression as lab
from neuronlab.labs import mislabeled_indices

SUMMARY = (
    "Logistic regression is a network with no hidden layer: one sigmoid unit on the 12288 "
    "pixel values. It fits the 209 training pictures almost perfectly (99 %) but gets only "
    "70 % of the test pictures right: it overfits. The learning-rate comparison shows a rate "
    "too large oscillating early and rates too small barely moving."
)

#: The lab in one line, for the report.
PURPOSE = "Classify cat pictures with one sigmoid unit — logistic regression built as a network."
#: Which course version the published numbers are from, for the report's notes.
COURSE_VERSION = (
    "the headline run as every course version prints it (2017, 2019, 2021+); the learning-"
    "rate comparison's accuracies as the 2017 lab printed them."
)

#: Costs printed by the lab's headline run, iterations 0, 100, …, 1900.
PUBLISHED_COSTS = (
    0.693147, 0.584508, 0.466949, 0.376007, 0.331463, 0.303273, 0.279880, 0.260042,
    0.242941, 0.228004, 0.214820, 0.203078, 0.192544, 0.183033, 0.174399, 0.166521,
    0.159305, 0.152667, 0.146542, 0.140872,
)  # fmt: skip
PUBLISHED_HEADLINE = {"train": 99.04306220095694, "test": 70.0}
#: learning rate -> (train %, test %) after 1500 iterations (printed by the 2017 lab).
PUBLISHED_LR = {
    0.01: (99.52153110047847, 68.0),
    0.001: (88.99521531100478, 64.0),
    0.0001: (68.42105263157895, 36.0),
}


@dataclass
class Config:
    """The lab's published hyperparameters."""

    num_iterations: int = lab.NUM_ITERATIONS
    learning_rate: float = lab.LEARNING_RATE
    comparison_learning_rates: tuple[float, ...] = (0.01, 0.001, 0.0001)
    comparison_iterations: int = 1500
    record_every: int = lab.RECORD_EVERY


def _train(
    X_tr: np.ndarray,
    Y_tr: np.ndarray,
    X_te: np.ndarray,
    Y_te: np.ndarray,
    learning_rate: float,
    num_iterations: int,
    record_every: int,
    dtype: str,
) -> dict[str, Any]:
    """One zero-initialised logistic regression: costs, accuracies, mislabelled pictures."""
    with stopwatch() as elapsed:
        net, history = lab.train(
            X_tr, Y_tr, learning_rate=learning_rate, num_iterations=num_iterations,
            record_every=record_every, dtype=dtype,
        )  # fmt: skip
        pred_tr = net.predict(X_tr).astype(np.float64)
        pred_te = net.predict(X_te).astype(np.float64)
    steps, costs = history.recorded(record_every)
    return {
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
        "cost_iterations": steps,
        "costs": costs,
        "train_accuracy": lab.accuracy(pred_tr, Y_tr),
        "test_accuracy": lab.accuracy(pred_te, Y_te),
        "mislabeled_test_indices": mislabeled_indices(Y_te, pred_te),
        "wall_time": elapsed(),
    }


def run(config: Config | None = None, *, quick: bool = False, data_dir: Any = None,
        dtype: str = "float64", save_models: Any = None) -> dict[str, Any]:  # fmt: skip
    """Train the headline model and the learning-rate comparison; JSON-able result.

    ``quick`` runs 20 iterations per model (a smoke test: not comparable).
    ``save_models`` is unused (the 12288 weights are retrained in a second).

    Raises
    ------
    neuronlab.data.DataFileError
        If the cat files are missing or not the originals.
    """
    config = config or Config()
    metrics: list[Metric] = []
    runs: dict[str, Any] = {}
    note = "quick run: not comparable" if quick else ""
    with stopwatch() as total:
        X_tr, train_y, X_te, test_y, classes = cat_data(data_dir)
        every = config.record_every

        n_head = 20 if quick else config.num_iterations
        head = _train(X_tr, train_y, X_te, test_y, config.learning_rate, n_head, every, dtype)
        runs["headline"] = head
        metrics += cost_metrics(
            "cost at iteration {}", head["cost_iterations"], head["costs"],
            published_every(PUBLISHED_COSTS, 100), 1e-6, note=note or "6-decimal print",
        )  # fmt: skip
        for split in ("train", "test"):
            metrics.append(
                Metric(
                    f"{split} accuracy % (lr {config.learning_rate:g})",
                    head[f"{split}_accuracy"],
                    PUBLISHED_HEADLINE[split],
                    0.0,
                    note=note,
                )
            )

        n_cmp = 20 if quick else config.comparison_iterations
        for rate in config.comparison_learning_rates:
            r = _train(X_tr, train_y, X_te, test_y, rate, n_cmp, every, dtype)
            runs[f"lr={rate:g}"] = r
            published = PUBLISHED_LR.get(rate)
            for split, pub in zip(("train", "test"), published or (None, None)):
                metrics.append(Metric(
                    f"{split} accuracy % (lr {rate:g}, {n_cmp} iterations)",
                    r[f"{split}_accuracy"], pub, 0.0,
                    note=note or ("printed by the 2017 lab" if pub is not None else ""),
                ))  # fmt: skip
    return make_result(
        "logistic_regression", CAT_DATASET, config, runs, metrics, total(), quick=quick,
        dtype=dtype, classes=classes,
    )  # fmt: skip


def figures(result: dict[str, Any], out_dir: Any, data_dir: Any = None) -> list[tuple[str, str]]:
    """Learning-rate comparison on one plot, a labelled sample, the mislabelled pictures."""
    from neuronlab import plots
    from neuronlab.experiments._common import cat_pictures, save_all

    runs = result["runs"]
    ax = plots.cost_curves(
        {
            name.replace("lr=", "learning rate "): (run["cost_iterations"], run["costs"])
            for name, run in runs.items()
            if name.startswith("lr=")
        },
        title="learning-rate comparison",
    )
    head = runs["headline"]
    ax_h = plots.cost_curve(
        head["costs"], head["cost_iterations"], title=f"learning rate {head['learning_rate']}"
    )
    return save_all(
        out_dir,
        [
            ("logreg_cost.png", ax_h, "Cost every 100 iterations of the headline run"),
            ("logreg_learning_rates.png", ax, "Cost curves for three learning rates"),
            *cat_pictures(result, "headline", data_dir),
        ],
    )
