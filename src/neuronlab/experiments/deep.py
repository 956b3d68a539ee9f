"""Experiment 3.3 — the 2-layer and 4-layer cat networks, published numbers beside ours.

Runs (the lab's recipe, :func:`neuronlab.labs.deep.train`, lr 0.0075, 2500
iterations, as the lab's ``two_layer_model`` / ``L_layer_model``):

* ``two_layer`` — ``(12288, 7, 1)``, start ``randn·0.01`` from seed 1;
* ``L_layer`` — ``[12288, 20, 7, 5, 1]``, start ``randn / √n_in`` from seed 1.

Metrics: every published cost (iterations 0, 100, …, 2400 and the last, 2499;
full-precision prints, relative tolerance 1e-8) and the accuracies the lab's
``predict`` prints (``Σ (p == y) / m``; exact).  Each run keeps its cost
history, accuracies, the mislabelled test pictures' indices and its wall time
(the 12288-wide weights are not stored).
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
    save_cat_model,
    stopwatch,
)
from neuronlab.labs import deep as lab
from neuronlab.network import Network

SUMMARY = (
    "A 2-layer net (12288-7-1) and a 4-layer net (12288-20-7-5-1) trained on the same cat "
    "pictures with plain gradient descent. Both fit the training set; the deeper net "
    "generalises better (80 % against 72 % on the test pictures)."
)

#: The lab in one line, for the report.
PURPOSE = "Train a 2-layer and a 4-layer network on the cat pictures and compare them."
#: Which course version the published numbers are from, for the report's notes.
COURSE_VERSION = (
    "the 2019 and 2021+ printings, which agree (an early 2017 printing of the L-layer run "
    "cannot be reproduced with the lab's own helpers)."
)

#: Published costs, iterations 0, 100, …, 2400, then the last iteration (2499).
PUBLISHED_COSTS = {
    "two_layer": (
        0.693049735659989, 0.6464320953428849, 0.6325140647912677, 0.6015024920354665,
        0.5601966311605747, 0.5158304772764729, 0.4754901313943325, 0.4339163151225749,
        0.4007977536203889, 0.3580705011323798, 0.3394281538366412, 0.3052753636196265,
        0.27491377282130164, 0.24681768210614832, 0.19850735037466102, 0.1744831811255665,
        0.1708076297809593, 0.11306524562164734, 0.09629426845937145, 0.08342617959726863,
        0.07439078704319081, 0.06630748132267927, 0.05919329501038168, 0.05336140348560552,
        0.04855478562877017, 0.04421498215868951,
    ),
    "L_layer": (
        0.7717493284237686, 0.6720534400822914, 0.6482632048575212, 0.6115068816101356,
        0.5670473268366111, 0.5401376634547801, 0.5279299569455267, 0.4654773771766851,
        0.36912585249592794, 0.39174697434805356, 0.3151869888600615, 0.2726998441789385,
        0.23741853400268137, 0.19960120532208644, 0.18926300388463305, 0.16118854665827753,
        0.14821389662363316, 0.13777487812972944, 0.12974017549190123, 0.12122535068005211,
        0.1138206066863371, 0.10783928526254132, 0.10285466069352679, 0.10089745445261786,
        0.09287821526472395, 0.088439943441702,
    ),
}  # fmt: skip
#: (train, test) accuracy as the lab's predict prints it; 2-layer train is 1.0
#: (printed 0.9999999999999998, the sum of 209 terms 1/209).
PUBLISHED_ACCURACY = {"two_layer": (1.0, 0.72), "L_layer": (0.9856459330143539, 0.8)}


@dataclass
class Config:
    """The lab's published hyperparameters."""

    two_layer_dims: tuple[int, ...] = (12288, 7, 1)
    L_layer_dims: tuple[int, ...] = (12288, 20, 7, 5, 1)
    learning_rate: float = lab.LEARNING_RATE
    num_iterations: int = lab.NUM_ITERATIONS
    record_every: int = lab.RECORD_EVERY


def _lab_accuracy(net: Network, X: np.ndarray, Y: np.ndarray) -> tuple[float, float, np.ndarray]:
    """``(exact count / m, the lab's Σ (p == y)/m, predictions)``."""
    p = net.predict(X).astype(np.float64)
    hits = p == Y
    return float(np.mean(hits)), float(np.sum(hits / Y.shape[1])), p


def _train(
    name: str,
    X_tr: np.ndarray,
    Y_tr: np.ndarray,
    X_te: np.ndarray,
    Y_te: np.ndarray,
    iterations: int,
    config: Config,
    dtype: str,
    save_dir: Any = None,
) -> dict[str, Any]:
    dims = config.two_layer_dims if name == "two_layer" else config.L_layer_dims
    with stopwatch() as elapsed:
        net, history = lab.train(
            X_tr, Y_tr, dims, name, learning_rate=config.learning_rate,
            num_iterations=iterations, record_every=config.record_every, dtype=dtype,
        )  # fmt: skip
        train_acc, train_printed, _ = _lab_accuracy(net, X_tr, Y_tr)
        test_acc, test_printed, p_te = _lab_accuracy(net, X_te, Y_te)
    out = {
        "layer_dims": list(net.layer_dims),
        "learning_rate": config.learning_rate,
        "num_iterations": iterations,
        "cost_iterations": history.epochs,  # every 100 and the last one
        "costs": history.costs,
        "train_accuracy": train_acc,
        "test_accuracy": test_acc,
        "train_accuracy_printed": train_printed,
        "test_accuracy_printed": test_printed,
        "mislabeled_test_indices": lab.mislabeled_indices(Y_te, p_te),
        "wall_time": elapsed(),
    }
    if save_dir is not None:
        out["model_file"] = save_cat_model(net, save_dir, f"cat_{name}", out, X_tr.shape[1])
    return out


def _metrics(name: str, r: dict[str, Any], note: str) -> list[Metric]:
    """Published costs (0, 100, …, 2400 and the last iteration) and accuracies vs ours."""
    label = {"two_layer": "2-layer", "L_layer": "4-layer"}[name]
    published = PUBLISHED_COSTS[name]
    at = published_every(published, 100) | {2499: published[-1]}  # and the last iteration
    out = cost_metrics(
        f"{label} cost at iteration {{}}", r["cost_iterations"], r["costs"], at, 1e-8, "rel",
        note or "full-precision print",
    )  # fmt: skip
    pub_train, pub_test = PUBLISHED_ACCURACY[name]
    if name == "two_layer":  # 209/209: compare the exact count, not the Σ-of-1/m print
        train, why = r["train_accuracy"], "printed 0.9999999999999998 (a sum of 1/m terms)"
    else:
        train, why = r["train_accuracy_printed"], "as the lab prints it, Σ (p == y)/m"
    out.append(Metric(f"{label} train accuracy", train, pub_train, 0.0, note=note or why))
    out.append(
        Metric(f"{label} test accuracy", r["test_accuracy_printed"], pub_test, 0.0, note=note)
    )
    return out


def run(config: Config | None = None, *, quick: bool = False, data_dir: Any = None,
        dtype: str = "float64", save_models: Any = None) -> dict[str, Any]:  # fmt: skip
    """Train both cat networks; JSON-able result with the published numbers beside ours.

    ``quick`` runs 20 iterations per net (a smoke test: not comparable).
    ``save_models``: a folder to save both trained nets in (``cat_two_layer.npz``,
    ``cat_L_layer.npz``), ready for ``neuronlab predict``.

    Raises
    ------
    neuronlab.data.DataFileError
        If the cat files are missing or not the originals.
    """
    config = config or Config()
    metrics: list[Metric] = []
    runs: dict[str, Any] = {}
    note = "quick run: not comparable" if quick else ""
    iterations = 20 if quick else config.num_iterations
    with stopwatch() as total:
        X_tr, train_y, X_te, test_y, classes = cat_data(data_dir)
        for name in ("two_layer", "L_layer"):
            runs[name] = _train(
                name, X_tr, train_y, X_te, test_y, iterations, config, dtype, save_models
            )
            metrics += _metrics(name, runs[name], note)
    return make_result(
        "deep", CAT_DATASET, config, runs, metrics, total(), quick=quick, dtype=dtype,
        classes=classes,
    )  # fmt: skip


def figures(result: dict[str, Any], out_dir: Any, data_dir: Any = None) -> list[tuple[str, str]]:
    """Both cost curves side by side and the L-layer net's mislabelled test pictures."""
    from neuronlab import plots
    from neuronlab.experiments._common import cat_pictures, row_of_axes, save_all

    runs = result["runs"]
    fig, axes = row_of_axes(2)
    for (name, run), ax in zip(runs.items(), axes):
        dims = "-".join(str(d) for d in run["layer_dims"])
        plots.cost_curve(
            run["costs"], run["cost_iterations"], ax=ax, title=f"{name.replace('_', ' ')} ({dims})"
        )
    pictures = cat_pictures(result, "L_layer" if "L_layer" in runs else list(runs)[-1], data_dir)[
        1:
    ]
    return save_all(out_dir, [("deep_costs.png", fig, "Cost every 100 iterations"), *pictures])
