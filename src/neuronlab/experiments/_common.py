"""What every experiment shares: published-vs-ours metrics and timing.

An experiment module defines

* ``Config`` — a dataclass holding the published hyperparameters;
* ``run(config=None, *, quick=False, data_dir=None, dtype="float64",
  save_models=None) -> dict`` — a JSON-serialisable result (:func:`make_result`)
  with at least the keys ``lab``, ``key``, ``title``, ``dataset``, ``quick``,
  ``metrics`` (a list of :class:`Metric` dicts), ``runs`` (per-run cost
  histories, accuracies, small parameters…) and ``wall_time`` (seconds);
  ``save_models`` is a folder for the labs that can save their trained networks;
* ``SUMMARY`` — a paragraph for the report, and ``figures(result, out_dir,
  data_dir=None)`` drawing from the result, returning ``(file name, caption)`` pairs;
* a run whose data file is missing raises :class:`neuronlab.data.DataFileError`
  (the report turns that into "skipped — data missing or corrupt").

The number and title of the lab come from :data:`neuronlab.experiments.LABS`; the
network and the training recipe from the lab's facade (``lab.train``): an experiment
keeps only what is its own — the published numbers, the runs, the metrics, the figures.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from neuronlab.io import to_jsonable
from neuronlab.labs import mislabeled_indices, parameter_copies
from neuronlab.network import Network
from neuronlab.training import History


@dataclass
class Metric:
    """One published number next to ours.

    ``tolerance`` is absolute (``kind="abs"``) or relative (``kind="rel"``),
    as REFERENCE.md §9 states it for that number; ``published=None`` marks a
    number of ours with nothing published to compare.
    """

    name: str
    ours: float
    published: float | None = None
    tolerance: float = 0.0
    kind: str = "abs"
    note: str = ""

    @property
    def difference(self) -> float | None:
        if self.published is None:
            return None
        return float(self.ours) - float(self.published)

    @property
    def ok(self) -> bool | None:
        """Within tolerance (None when nothing is published)."""
        if self.published is None:
            return None
        if not (math.isfinite(self.ours) and math.isfinite(self.published)):
            return self.ours == self.published
        bound = self.tolerance * (abs(self.published) if self.kind == "rel" else 1.0)
        return abs(float(self.ours) - float(self.published)) <= bound

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ours"] = to_jsonable(self.ours)
        d.update(difference=self.difference, ok=self.ok)
        return d


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """``with stopwatch() as elapsed: …; elapsed()`` → seconds since entry."""
    start = time.perf_counter()
    yield lambda: time.perf_counter() - start


def row_of_axes(n: int, width: float = 4.2, height: float = 3.6) -> tuple[Any, list[Any]]:
    """A figure with ``n`` axes side by side (for comparisons)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * n, height), layout="constrained")
    axes = fig.subplots(1, n, squeeze=False)[0]
    return fig, list(axes)


def draw_boundary(
    ax: Any,
    parameters: dict[str, Any],
    X: np.ndarray,
    Y: np.ndarray,
    hidden: str = "relu",
    title: str | None = None,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    legend: bool = False,
) -> Any:
    """Decision boundary of a trained sigmoid-output net given by its parameters
    (``legend``: name the classes' colours, on the first of a row of panels)."""
    from neuronlab import plots
    from neuronlab.network import Network

    net = Network.from_parameters(
        {k: np.asarray(v) for k, v in parameters.items()},
        hidden_activation=hidden,
        output_activation="sigmoid",
    )
    return plots.decision_boundary(
        net.predict, X, Y, ax=ax, xlim=xlim, ylim=ylim, title=title, legend=legend
    )


def save_all(out_dir: Any, drawn: list[tuple[str, Any, str]]) -> list[tuple[str, str]]:
    """Save ``(file name, figure or axes, caption)`` triples; returns ``(name, caption)``."""
    from pathlib import Path

    from neuronlab import plots

    for name, fig, _ in drawn:
        plots.save(fig, Path(out_dir) / name)
    return [(name, caption) for name, _, caption in drawn]


#: What the cat labs (3.1, 3.3) train on.
CAT_DATASET = "cat vs non-cat (train_catvnoncat.h5 209 pictures, test_catvnoncat.h5 50)"


def cat_data(data_dir: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """The cat pictures as the labs train on them, and the class names.

    Returns ``(X_train, Y_train, X_test, Y_test, classes)``: ``X`` of shape (12288, m)
    (pixels ÷ 255, :func:`neuronlab.images.flatten_images`), ``Y`` of shape (1, m),
    ``classes`` ``["non-cat", "cat"]``.  A missing or corrupt file raises
    :class:`neuronlab.data.DataFileError`.
    """
    from neuronlab.data import class_names, load_cat
    from neuronlab.images import flatten_images

    train_x, train_y, test_x, test_y, classes = load_cat(data_dir)
    return flatten_images(train_x), train_y, flatten_images(test_x), test_y, class_names(classes)


def classifier_run(
    net: Network,
    history: History,
    every: int,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
) -> dict[str, Any]:
    """What a trained 2-D classifier's run keeps (labs 3.4, 3.5).

    Its cost at the lab's record points (:meth:`neuronlab.training.History.recorded`),
    the train and test accuracies, the mislabelled test points and its parameters
    (for the decision-boundary figures).
    """
    iterations, costs = history.recorded(every)
    X_test, Y_test = test
    return {
        "iterations": iterations,
        "costs": costs,
        "train_accuracy": net.accuracy(*train),
        "test_accuracy": net.accuracy(X_test, Y_test),
        "mislabelled_test": mislabeled_indices(Y_test, net.predict(X_test)),
        "parameters": parameter_copies(net.parameters),
    }


def cat_pictures(result: dict[str, Any], run: str, data_dir: Any) -> list[tuple[str, Any, str]]:
    """A labelled sample of the cat pictures and ``run``'s mislabelled test pictures."""
    from neuronlab import plots
    from neuronlab.data import load_cat

    train_x, train_y, test_x, test_y, _ = load_cat(data_dir)
    classes = result["classes"]
    sample = np.arange(0, 209, 21)[:10]
    grid = plots.image_grid(
        train_x[sample],
        [classes[int(y)] for y in train_y[0, sample]],
        ncols=5,
        size=1.5,
        suptitle="Training pictures and their labels",
    )
    wrong = np.asarray(result["runs"][run]["mislabeled_test_indices"], dtype=int)
    y_true = test_y[0]
    y_pred = y_true.copy()
    y_pred[wrong] = 1 - y_pred[wrong]
    title = f"{run.replace('_', ' ')} model: {len(wrong)} of {len(y_true)} test pictures wrong"
    bad = plots.mislabelled_images(test_x, y_true, y_pred, classes, ncols=7, suptitle=title)
    return [
        ("cat_sample.png", grid, "Ten training pictures with their labels"),
        (
            f"{result['key']}_mislabelled.png",
            bad,
            f"Test pictures the {run.replace('_', ' ')} model gets wrong",
        ),
    ]


def make_result(
    key: str,
    dataset: str,
    config: Any,
    runs: dict[str, Any],
    metrics: list[Metric],
    wall_time: float,
    *,
    quick: bool,
    dtype: str,
    comparable: bool | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The JSON-able result every experiment returns (see the module docstring).

    The lab's number and title come from the registry (:data:`neuronlab.experiments.LABS`)
    by ``key``; ``comparable`` defaults to ``not quick``; ``extra`` keys (e.g.
    ``classes``) are added as they are.
    """
    from neuronlab.experiments import lab_by_key

    lab = lab_by_key(key)
    return to_jsonable({
        "lab": lab.number,
        "key": lab.key,
        "title": lab.title,
        "dataset": dataset,
        "quick": quick,
        "comparable": (not quick) if comparable is None else comparable,
        "dtype": dtype,
        "config": asdict(config),
        **extra,
        "runs": runs,
        "metrics": [m.to_dict() for m in metrics],
        "wall_time": wall_time,
    })  # fmt: skip


def published_every(values: Sequence[float], every: int) -> dict[int, float]:
    """``{0: values[0], every: values[1], …}``: costs published every ``every`` steps."""
    return {k * every: value for k, value in enumerate(values)}


def cost_metrics(
    name: str,
    steps: Sequence[int],
    costs: Sequence[float],
    published: Mapping[int, float | None],
    tolerance: float = 0.0,
    kind: str = "abs",
    note: str = "",
) -> list[Metric]:
    """A :class:`Metric` for each recorded step that ``published`` has a cost for.

    ``name`` is formatted with the step (``"cost at iteration {}"``); ``steps`` and
    ``costs`` are a run's record (e.g. :meth:`neuronlab.training.History.recorded`).
    """
    return [
        Metric(name.format(step), cost, published[step], tolerance, kind, note)
        for step, cost in zip(steps, costs)
        if step in published
    ]


def save_cat_model(net: Any, save_dir: Any, name: str, run: dict[str, Any], examples: int) -> str:
    """Save a trained cat net so that ``neuronlab predict`` takes pictures with it.

    The metadata is what models of :mod:`neuronlab.usermodels` carry: the classes in
    output order (one sigmoid output = the probability of ``"cat"``) and the
    input preprocessing (64×64 RGB pictures unrolled, divided by 255); the training
    record adds the data set, its ``examples`` and the iterations run.
    """
    from pathlib import Path

    from neuronlab.inputs import image_spec

    path = Path(save_dir) / f"{name}.npz"
    net.save(
        path,
        classes=["non-cat", "cat"],
        input=image_spec((64, 64, 3)),
        label="cat",
        training=to_jsonable(
            {k: v for k, v in run.items() if k != "mislabeled_test_indices"}
            # what `neuronlab info` says of any model: its data, examples and epochs
            | {
                "dataset": "cat pictures (train_catvnoncat.h5, the course's training set)",
                "examples": examples,
                "validation_examples": 0,
                "epochs_run": run.get("num_iterations"),
            }
        ),
    )
    return str(path)
