"""Experiment 3.8 — the digits network trained by backpropagation (ex4).

What it runs:

1. **Costs with the given weights** (``ex4weights.mat`` on ``ex4data1.mat``):
   0.287629 (λ = 0), 0.383770 (λ = 1), 0.576051 (λ = 3).  Only when the user
   supplies ``ex4data1.mat`` (``Config.data_path``, or the file in the data
   directory): it is not shipped.
2. **Gradient check** on the exercise's 3-5-3 debug network (m = 5), without
   and with regularisation (λ = 3), ε = 1e-4: both must be below 1e-9.
3. **Training** with TNC (λ = 1, the lab's ``nn_training``, 400 evaluations) on a
   held-out split of the data set in use: train/test accuracy, TNC iterations and
   evaluations, wall time, per-class reports, the hidden units for a figure.
   On ``ex4data1.mat`` also the published run: all 5000 examples, TNC bounded by
   100 evaluations, training accuracy ≈ 95.3 % ± 1 %.

Data set: ``ex4data1.mat`` (400-25-10) when present, otherwise scikit-learn's
bundled 8x8 digits (64-25-10, labels mapped 0 → 10); ``result["dataset"]``
names the one used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from neuronlab.data import DataFileMissing
from neuronlab.experiments._common import Metric, make_result, stopwatch
from neuronlab.labs import digits as lab

SUMMARY = (
    "A 400-25-10 sigmoid network (64-25-10 on the bundled 8x8 digits) trained by "
    "backpropagation with scipy's TNC over the flattened weights. The gradient check on the "
    "exercise's small debug network must come out below 1e-9; the hidden units show the "
    "stroke detectors the first layer learns."
)

#: The lab in one line, for the report.
PURPOSE = (
    "Train the 400-25-10 digits network of the Machine Learning course's exercise 4 by "
    "backpropagation."
)
#: Which course version the published numbers are from, for the report's notes.
COURSE_VERSION = (
    "exercise 4 of the Machine Learning course (Octave original, Python ports); its costs and"
    " accuracy need ex4data1.mat, otherwise our own numbers on substitute digits."
)

EX4 = "ex4data1.mat (5000 20x20 digits, 400-25-10)"
SKLEARN = "scikit-learn bundled digits (1797 8x8 digits, 64-25-10; label 10 = digit 0)"


@dataclass
class Config:
    """The lab's hyperparameters and this experiment's split.

    ``maxiter`` bounds TNC's function evaluations (see :func:`lab.nn_training`).
    ``data_path`` is a user-supplied ``ex4data1.mat``; without it the file is
    looked for in the data directory, then scikit-learn's digits are used.
    """

    hidden_size: int = lab.HIDDEN_SIZE
    l2: float = 1.0  # the lab's λ (``l``)
    maxiter: int = 400
    seed: int = 0  # RandomState seed of random_init
    test_size: float = 0.25
    split_seed: int = 0
    published_maxiter: int = 100  # the published ≈ 95.3 % run (ex4data1.mat only)
    gradcheck_epsilon: float = 1e-4
    gradcheck_l2: float = 3.0
    data_path: str | None = None


def _dataset(config: Config, data_dir: Any) -> tuple[str, np.ndarray, np.ndarray, str]:
    """``(name, X (m, n), y 1..10 (m,), note)``."""
    if config.data_path is not None:
        X, y = lab.load_mat(config.data_path)
        return EX4, X, y, f"supplied: {os.fspath(config.data_path)}"
    try:
        X, y = lab.load_mat(data_dir=data_dir)
        return EX4, X, y, "found in the data directory"
    except DataFileMissing:
        X, y = lab.load_sklearn_digits()
        return SKLEARN, X, y, "ex4data1.mat not supplied: substitute data, no published numbers"


def _with_bias(X: np.ndarray) -> np.ndarray:
    return np.insert(X, 0, 1.0, axis=1)  # (m, 1 + n)


def _train(
    X: np.ndarray, y: np.ndarray, config: Config, maxiter: int, dtype: str
) -> tuple[Any, float]:
    """The lab's recipe, :func:`neuronlab.labs.digits.nn_training` (TNC); ``(result, seconds)``."""
    with stopwatch() as elapsed:
        res = lab.nn_training(
            _with_bias(X),
            lab.expand_y(y),
            l=config.l2,
            maxiter=maxiter,
            hidden_size=config.hidden_size,
            seed=np.random.RandomState(config.seed),
            dtype=dtype,
        )
    return res, elapsed()


def _report(theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """scikit-learn's classification report (dict) of the lab's ``accuracy``."""
    return cast(dict[str, Any], lab.accuracy(theta, _with_bias(X), y, output_dict=True))


def _train_accuracy(theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    return float(_report(theta, X, y)["accuracy"])


def _given_weights(
    X: np.ndarray, y: np.ndarray, data_dir: Any
) -> tuple[dict[str, Any], list[Metric]]:
    """The costs of the given weights (they need 400 inputs: ex4data1 only)."""
    with stopwatch() as elapsed:
        theta1, theta2 = lab.load_weight(data_dir=data_dir)
        theta = lab.serialize(theta1, theta2)
        Xb, Y = _with_bias(X), lab.expand_y(y)
        costs = {lam: lab.regularized_cost(theta, Xb, Y, lam) for lam in (0, 1, 3)}
        given_acc = _train_accuracy(theta, X, y)
    metrics = [
        Metric(f"cost with the given weights, λ = {lam}", costs[lam], published, 1e-6,
               note="6-decimal print")
        for lam, published in ((0, 0.287629), (1, 0.383770), (3, 0.576051))
    ]  # fmt: skip
    run = {
        "costs": {str(k): c for k, c in costs.items()},
        "train_accuracy": given_acc,
        "wall_time": elapsed(),
    }
    return run, metrics


def _gradient_check(config: Config) -> tuple[dict[str, Any], list[Metric]]:
    """The lab's gradient check on the exercise's 3-5-3 debug network."""
    with stopwatch() as elapsed:
        theta_d, X_d, Y_d, _ = lab.debug_problem()
        eps = config.gradcheck_epsilon
        diffs = {
            "unregularized": lab.gradient_checking(theta_d, X_d, Y_d, eps, print_msg=False),
            f"lambda={config.gradcheck_l2:g}": lab.gradient_checking(
                theta_d, X_d, Y_d, eps, regularized=True, l=config.gradcheck_l2, print_msg=False
            ),
        }
    metrics = [
        Metric(f"gradient check, 3-5-3 debug net, {label}", diff, 0.0, 1e-9,
               note="relative difference; criterion < 1e-9 at ε = 1e-4")
        for label, diff in diffs.items()
    ]  # fmt: skip
    return {"epsilon": eps, "differences": diffs, "wall_time": elapsed()}, metrics


def _published_training(
    X: np.ndarray, y: np.ndarray, config: Config, maxiter: int, dtype: str
) -> tuple[dict[str, Any], list[Metric]]:
    """The published run (ex4data1 only): all examples, TNC bounded like the port."""
    res, seconds = _train(X, y, config, maxiter, dtype)
    acc = _train_accuracy(res.x, X, y)
    metric = Metric(
        "training accuracy, λ = 1 (TNC, published settings)", acc, 0.953, 0.01,
        note="≈ 95.3 % ± 1 % (random initialisation)",
    )  # fmt: skip
    run = {
        "maxiter": config.published_maxiter,
        "nit": int(res.nit),
        "nfev": int(res.nfev),
        "final_cost": float(res.fun),
        "train_accuracy": acc,
        "wall_time": seconds,
    }
    return run, [metric]


def _held_out_training(
    X: np.ndarray, y: np.ndarray, config: Config, maxiter: int, dtype: str, is_ex4: bool
) -> tuple[dict[str, Any], list[Metric]]:
    """The lab's ``nn_training`` on a held-out split, with what the figures need."""
    from sklearn.model_selection import train_test_split

    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=config.test_size, random_state=config.split_seed, stratify=y
    )
    res, seconds = _train(X_tr, y_tr, config, maxiter, dtype)
    report_tr, report_te = _report(res.x, X_tr, y_tr), _report(res.x, X_te, y_te)
    short = "ex4data1" if is_ex4 else "sklearn digits"
    metrics = [
        Metric(f"{split} accuracy ({short}, held-out split)", report["accuracy"],
               note="ours: nothing published")
        for split, report in (("train", report_tr), ("test", report_te))
    ]  # fmt: skip
    theta1, _ = lab.deserialize(res.x, (X.shape[1], config.hidden_size, lab.NUM_LABELS))
    sample = np.random.RandomState(config.seed).choice(X.shape[0], 100)
    side = int(round(np.sqrt(X.shape[1])))
    run = {
        "maxiter": maxiter,
        "nit": int(res.nit),
        "nfev": int(res.nfev),
        "final_cost": float(res.fun),
        "message": str(res.message),
        "m_train": int(X_tr.shape[0]),
        "m_test": int(X_te.shape[0]),
        "train_accuracy": report_tr["accuracy"],
        "test_accuracy": report_te["accuracy"],
        "report_train": report_tr,
        "report_test": report_te,
        "wall_time": seconds,
        # for the figures: the hidden units and 100 examples, as side x side images
        "hidden_units": theta1[:, 1:],
        "image_shape": [side, side],
        "transpose_images": is_ex4,
        "sample_images": np.round(X[sample], 4),
        "sample_labels": y[sample],
    }
    return run, metrics


def run(config: Config | None = None, *, quick: bool = False, data_dir: Any = None,
        dtype: str = "float64", save_models: Any = None) -> dict[str, Any]:  # fmt: skip
    """Run the lab's experiment; returns a JSON-able dict (see the module docstring).

    ``quick`` caps TNC at 10 evaluations (a smoke test: accuracies not comparable).
    A missing ``ex4weights.mat`` when ``ex4data1.mat`` is used raises
    :class:`neuronlab.data.DataFileError`.  ``save_models`` is unused.
    """
    config = config or Config()
    maxiter = 10 if quick else config.maxiter
    metrics: list[Metric] = []
    runs: dict[str, Any] = {}
    with stopwatch() as total:
        name, X, y, note = _dataset(config, data_dir)
        is_ex4 = name == EX4
        if is_ex4:
            runs["given_weights"], found = _given_weights(X, y, data_dir)
            metrics += found
        runs["gradient_check"], found = _gradient_check(config)
        metrics += found
        if is_ex4:
            n = 10 if quick else config.published_maxiter
            runs["training_published"], found = _published_training(X, y, config, n, dtype)
            metrics += found
        runs["training"], found = _held_out_training(X, y, config, maxiter, dtype, is_ex4)
        metrics += found
    return make_result(
        "digits", name, config, runs, metrics, total(), quick=quick, dtype=dtype,
        dataset_note=note,
    )  # fmt: skip


def figures(result: dict[str, Any], out_dir: Any, data_dir: Any = None) -> list[tuple[str, str]]:
    """Draw the sample grid, the hidden units and the gradient-check verdicts into ``out_dir``."""
    from pathlib import Path

    from neuronlab import plots
    from neuronlab.experiments._common import save_all

    out = Path(out_dir)
    train = result["runs"]["training"]
    shape = tuple(train["image_shape"])
    images = np.asarray(train["sample_images"], dtype=float).reshape(-1, *shape)
    if train["transpose_images"]:
        images = images.transpose(0, 2, 1)
    labels = [str(label % 10) for label in train["sample_labels"]]
    drawn = [
        (
            "digits_sample.png",
            plots.image_grid(
                images, labels, ncols=20, size=0.6, suptitle="Training digits and their labels"
            ),
            f"100 examples of {result['dataset']}, with their digit",
        ),
        (
            "digits_hidden.png",
            plots.hidden_units(
                np.asarray(train["hidden_units"]), shape, transpose=train["transpose_images"]
            ),
            "The 25 hidden units' input weights after training, as pictures",
        ),
        (
            "digits_gradcheck.png",
            plots.gradcheck_bars(
                result["runs"]["gradient_check"]["differences"],
                threshold=1e-9,
                title="debug network, ε = 1e-4",
            ),
            "Gradient check of backpropagation on the exercise's debug network (pass: < 1e-9)",
        ),
    ]
    return save_all(out, drawn)
