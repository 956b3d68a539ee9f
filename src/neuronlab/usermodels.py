"""Models of your own data: train, match inputs to a model, predict, evaluate.

With two classes the network has one sigmoid output, the probability of
``classes[1]``; with more, a softmax over ``classes``.  A trained model is the
engine's model file (:mod:`neuronlab.io`) whose JSON ``metadata`` carries what
prediction needs:

* ``classes`` — the labels, in the order of the outputs;
* ``input`` — ``{"kind": "image", "shape": [h, w, 3], "scale": 1/255}`` (pixels
  unrolled as :func:`neuronlab.images.flatten_images` does), or
  ``{"kind": "table", "features": [...], "mean": [...] | None, "std": [...] | None}``
  (standardisation ``(x - mean) / std`` learned on the training split);
* ``label`` — the label column's name; ``training`` — the settings, the
  accuracies and the cost curve.

Data loading is :mod:`neuronlab.userdata`.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from .io import write_atomic
from .network import Network
from .userdata import (
    BUILTIN,
    TABLE_SUFFIXES,
    Examples,
    load_builtin,
    load_dataset,
    picture_files,
    read_picture_folder,
    read_pictures,
    read_table,
    require_labels,
    sorted_classes,
)

Array = np.ndarray


# ------------------------------------------------------------------ models
@dataclass
class TrainSettings:
    """Everything ``neuronlab train`` can be told (flags or a TOML file)."""

    layers: tuple[int, ...] = (16,)
    activation: str = "relu"
    initializer: str = "he"
    optimizer: str = "adam"
    learning_rate: float = 0.01
    epochs: int = 200
    batch_size: int | None = 64  # None: full batch (one step per epoch)
    l2: float = 0.0
    keep_prob: float = 1.0
    early_stopping: int | None = None  # patience in epochs, on the validation cost
    val_split: float | None = None  # None: the set's own test split, else 0.2
    standardize: bool = True  # tables only
    image_size: int = 64
    seed: int = 0
    label: str | None = None


SETTING_NAMES = tuple(f.name for f in fields(TrainSettings))


def split_indices(labels: Sequence[str], fraction: float, seed: int) -> tuple[Array, Array]:
    """Stratified ``(train, held_out)`` indices: about ``fraction`` of every class
    held out, at least one example of each class left for training."""
    rng = np.random.default_rng(seed)
    y = np.asarray(labels)
    held: list[Array] = []
    for c in sorted_classes(list(labels)):
        idx = rng.permutation(np.flatnonzero(y == c))
        k = min(int(round(fraction * idx.size)), idx.size - 1)
        held.append(idx[:k])
    val = np.sort(np.concatenate(held))
    train = np.setdiff1d(np.arange(y.size), val)
    return train, val


def _targets(labels: Sequence[str], classes: list[str], source: str) -> Array:
    """Class indices of shape (1, m); labels outside ``classes`` are an error."""
    index = {c: i for i, c in enumerate(classes)}
    unknown = sorted({lab for lab in labels if lab not in index})
    if unknown:
        raise ValueError(
            f"{source}: labels {unknown[:5]} are not classes of the model (its classes: "
            f"{classes[:10]})"
        )
    return np.array([[index[lab] for lab in labels]], dtype=np.int64)


def image_spec(shape: Sequence[int]) -> dict[str, Any]:
    """The model file's ``input`` for pictures of ``shape`` (h, w, 3), pixels ÷ 255."""
    return {"kind": "image", "shape": list(shape), "scale": 1 / 255}


def train_model(
    data: Examples,
    settings: TrainSettings,
    *,
    progress: bool | None = None,
    dataset: str = "",
) -> tuple[Network, dict[str, Any], Any]:
    """Train a classifier on ``data``; returns ``(net, metadata, history)``.

    The held-out split is ``data.test`` when ``val_split`` is None and the set has
    one, else a stratified ``val_split`` share (0.2 by default; 0 for none).
    Weights are drawn from ``np.random.RandomState(seed)`` (a lab's
    ``np.random.seed(seed)`` stream); shuffling and dropout from ``default_rng(seed)``.
    """
    from . import __version__
    from .training import TrainingDiverged

    s = settings
    labels = require_labels(data, s.label)
    classes = data.classes or sorted_classes(labels)
    present = sorted_classes(labels)
    if len(present) < 2:
        raise ValueError(
            f"{data.source}: expected at least 2 classes to tell apart, found 1 "
            f"({present[0]!r} for all {len(labels)} examples)"
        )
    X, Y = data.X, _targets(labels, classes, data.source)
    if s.val_split is None and data.test is not None:
        Xv = data.test.X
        Yv = _targets(require_labels(data.test, s.label), classes, data.test.source)
    else:
        frac = 0.2 if s.val_split is None else s.val_split
        if not 0 <= frac < 1:
            raise ValueError(f"val_split: expected a fraction in [0, 1), got {frac!r}")
        tr, va = split_indices(labels, frac, s.seed)
        X, Xv, Y, Yv = X[:, tr], X[:, va], Y[:, tr], Y[:, va]
    has_val = Xv.shape[1] > 0
    if s.early_stopping is not None and not has_val:
        raise ValueError(
            f"early_stopping: needs held-out examples, and a val_split of {s.val_split or 0.2:g} "
            f"holds none out of these {len(labels)} examples (it is taken from every class, "
            f"rounded, and leaves each class one for training); use more data or a larger "
            f"val_split"
            if s.val_split != 0
            else "early_stopping: needs held-out examples (a val_split > 0)"
        )

    if data.kind == "image":
        shape = list(data.image_shape or ())
        spec: dict[str, Any] = image_spec(shape)
    else:
        mean = std = None
        if s.standardize:
            with np.errstate(over="ignore", invalid="ignore"):  # too large: said below
                mean = X.mean(axis=1)
                std = X.std(axis=1)
            if not np.isfinite(std).all():
                j = int(np.flatnonzero(~np.isfinite(std))[0])
                column = data.feature_names[j] if data.feature_names else f"x{j + 1}"
                raise ValueError(
                    f"{data.source}: column {column!r} holds values too large to "
                    f"standardise (up to {np.max(np.abs(X[j])):.3g}); rescale it"
                )
            std[std == 0] = 1.0  # a constant feature stays 0 rather than dividing by 0
            mean, std = mean.tolist(), std.tolist()
        spec = {"kind": "table", "features": data.feature_names, "mean": mean, "std": std}
    X, Xv = prepare(X, spec), prepare(Xv, spec)

    n_out = 1 if len(classes) == 2 else len(classes)
    net = Network(
        [X.shape[0], *s.layers, n_out],
        hidden_activation=s.activation,
        output_activation="sigmoid" if n_out == 1 else "softmax",
        initializer=s.initializer,
        seed=np.random.RandomState(s.seed),
    )
    start = time.perf_counter()
    try:
        history = net.fit(
            X,
            Y,
            optimizer=s.optimizer,
            learning_rate=s.learning_rate,
            epochs=s.epochs,
            batch_size=s.batch_size,
            l2=s.l2,
            keep_prob=s.keep_prob,
            seed=np.random.default_rng(s.seed),
            validation_data=(Xv, Yv) if has_val else None,
            early_stopping=s.early_stopping,
            progress=progress,
        )
    except TrainingDiverged as exc:
        raise ValueError(str(exc)) from None
    wall = time.perf_counter() - start
    train_acc = net.accuracy(X, Y)
    val_acc = net.accuracy(Xv, Yv) if has_val else None
    metadata: dict[str, Any] = {
        "classes": classes,
        "input": spec,
        "label": data.label,
        "training": {
            "dataset": dataset or data.source,
            **{k: v for k, v in asdict(s).items() if k != "label"},
            "layers": list(s.layers),
            "examples": int(X.shape[1]),
            "validation_examples": int(Xv.shape[1]),
            "epochs_run": history.n_epochs,
            "best_epoch": history.best_epoch,
            "train_accuracy": train_acc,
            "validation_accuracy": val_acc,
            "wall_time": wall,
            "costs": history.costs,
            "cost_epochs": history.epochs,
            "neuronlab_version": __version__,
        },
    }
    return net, metadata, history


def model_spec(net: Network, path: str | os.PathLike[str]) -> tuple[list[str], dict[str, Any]]:
    """``(classes, input spec)`` of a loaded model.

    A model saved without this metadata (``net.save(path)`` from Python or a lab)
    gets classes ``"0", "1", …`` and accepts any input of the right size.
    """
    md = net.metadata if isinstance(net.metadata, dict) else {}
    n_x, n_out = net.layer_dims[0], net.layer_dims[-1]
    if net.activations[-1].name not in ("sigmoid", "softmax"):
        raise ValueError(f"{path}: not a classifier (its output is {net.activations[-1].name})")
    k = 2 if n_out == 1 else n_out
    classes = md.get("classes", [str(i) for i in range(k)])
    spec = md.get("input", {"kind": "any"})
    ok = isinstance(classes, list) and len(classes) == k and isinstance(spec, dict)
    if ok and spec.get("kind") == "image":
        ok = isinstance(spec.get("shape"), list) and int(np.prod(spec["shape"])) == n_x
    elif ok and spec.get("kind") == "table":
        ok = len(spec.get("features") or []) == n_x and all(
            spec.get(key) is None or len(spec[key]) == n_x for key in ("mean", "std")
        )
    elif ok:
        ok = spec.get("kind") == "any"
    if not ok:
        raise ValueError(f"{path}: the model's metadata (classes / input) is inconsistent")
    return [str(c) for c in classes], spec


def prepare(X: Array, spec: dict[str, Any]) -> Array:
    """Apply the model's input transform: ``(x - mean) / std`` for a standardised table."""
    if spec.get("kind") == "table" and spec.get("mean") is not None:
        mean = np.asarray(spec["mean"], dtype=np.float64)[:, None]  # (n_x, 1)
        std = np.asarray(spec["std"], dtype=np.float64)[:, None]
        return (X - mean) / std
    return X


def _describe(spec: dict[str, Any], n_x: int) -> str:
    if spec["kind"] == "image":
        h, w, c = spec["shape"]
        return f"{h}×{w}×{c} pictures"
    if spec["kind"] == "table":
        names = spec["features"]
        shown = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
        return f"tables of {n_x} features ({shown})"
    return f"inputs of {n_x} values"


def _square_shape(n_x: int) -> list[int] | None:
    side = math.isqrt(n_x // 3) if n_x % 3 == 0 else 0
    return [side, side, 3] if side and side * side * 3 == n_x else None


def inputs_for_model(
    paths: Sequence[str],
    spec: dict[str, Any],
    n_x: int,
    label: str | None,
    required: bool = False,
) -> Examples:
    """Read pictures, folders of pictures and CSV/NPZ tables as the model's inputs.

    Tables give their columns to the model by name when it knows its features'
    names, else by position; pictures are resized to the model's input size and
    named by their path (two folders may both hold a ``0.png``).  ``required``:
    tables must have their label column (see :func:`userdata.read_csv`).
    """
    parts: list[Examples] = []
    pictures: list[Path] = []

    def flush_pictures() -> None:
        if not pictures:
            return
        shape = spec.get("shape") if spec["kind"] == "image" else _square_shape(n_x)
        if spec["kind"] == "table" or shape is None:
            raise ValueError(f"{pictures[0]}: the model takes {_describe(spec, n_x)}, not pictures")
        parts.append(
            Examples(
                X=read_pictures(pictures, shape),
                labels=None,
                names=[str(p) for p in pictures],
                kind="image",
                source=str(pictures[0]),
            )
        )
        pictures.clear()

    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            found = picture_files(path)
            if not found:
                raise ValueError(f"{path}: the folder holds no pictures")
            pictures.extend(found)
        elif not path.is_file():
            raise FileNotFoundError(f"input: {arg!r} does not exist")
        elif path.suffix.lower() in TABLE_SUFFIXES:
            flush_pictures()
            parts.append(_table_for_model(read_table(path, label, required), spec, n_x))
        else:
            pictures.append(path)
    flush_pictures()
    labelled = all(p.labels is not None for p in parts)
    return Examples(
        X=np.concatenate([p.X for p in parts], axis=1),
        labels=[lab for p in parts for lab in p.labels or []] if labelled else None,
        names=[n for p in parts for n in p.names],
        kind=spec["kind"],
        source=", ".join(dict.fromkeys(p.source for p in parts)),
    )


def _table_for_model(table: Examples, spec: dict[str, Any], n_x: int) -> Examples:
    names = table.feature_names or []
    wanted = spec.get("features") if spec["kind"] == "table" else None
    if wanted and set(wanted) <= set(names):
        table.X = table.X[[names.index(f) for f in wanted]]
    elif len(names) != n_x:
        missing = sorted(set(wanted) - set(names)) if wanted else []
        extra = f"; missing columns {missing[:6]}" if missing else ""
        raise ValueError(
            f"{table.source}: the model takes {_describe(spec, n_x)}; the file has "
            f"{len(names)} feature columns{extra}"
        )
    return table


def labelled_for_model(
    spec_text: str,
    model_spec_: dict[str, Any],
    n_x: int,
    label: str | None,
    data_dir: str | os.PathLike[str] | None = None,
) -> Examples:
    """Labelled examples for ``evaluate``: a built-in name (its test split when it has
    one), a CSV/NPZ file or a folder with one sub-folder of pictures per class."""
    path = Path(spec_text)
    if spec_text in BUILTIN and not path.exists():
        data = load_builtin(spec_text, data_dir)
        data = data.test or data
        if data.kind == "table":
            data = _table_for_model(data, model_spec_, n_x)
        elif data.X.shape[0] != n_x:
            raise ValueError(
                f"{spec_text}: the model takes {_describe(model_spec_, n_x)}; the data set has "
                f"{data.X.shape[0]} values per example"
            )
        return data
    if path.is_dir():
        shape = model_spec_.get("shape") or _square_shape(n_x)
        if model_spec_["kind"] == "table" or shape is None:
            raise ValueError(f"{path}: the model takes {_describe(model_spec_, n_x)}, not pictures")
        return read_picture_folder(path, shape)
    data = inputs_for_model([spec_text], model_spec_, n_x, label, required=True)
    if data.labels is None:
        raise ValueError(f"{spec_text}: no label column {label or 'label'!r}; name it with --label")
    return data


# -------------------------------------------------------------- evaluation
def probabilities(net: Network, X: Array, spec: dict[str, Any]) -> Array:
    """Class probabilities of shape (K, m), rows in the model's class order."""
    P = net.predict_proba(prepare(X, spec))
    return np.vstack([1 - P, P]) if P.shape[0] == 1 else P


def evaluate(P: Array, labels: Sequence[str], classes: list[str], source: str) -> dict[str, Any]:
    """Accuracy, per-class precision / recall / F1 / support and the confusion matrix
    (rows: true class, columns: predicted) of probabilities ``P`` (K, m)."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    y = _targets(labels, classes, source)[0]
    pred = np.argmax(P, axis=0)
    every = np.arange(len(classes))  # classes absent from the data still get a row
    confusion = confusion_matrix(y, pred, labels=every)
    precision, recall, f1, _ = precision_recall_fscore_support(
        y, pred, labels=every, zero_division=0
    )
    return {
        "accuracy": float(np.mean(pred == y)),
        "n": int(y.size),
        "classes": classes,
        "precision": precision.tolist(),
        "recall": recall.tolist(),
        "f1": f1.tolist(),
        "support": confusion.sum(axis=1).tolist(),
        "confusion": confusion.tolist(),
    }


def report_text(result: dict[str, Any]) -> str:
    """The evaluation as text: accuracy, per-class table, confusion matrix."""
    classes = result["classes"]
    width = max(9, *(len(c) for c in classes))
    correct = sum(result["confusion"][i][i] for i in range(len(classes)))
    lines = [
        f"accuracy {100 * result['accuracy']:.2f} % ({correct}/{result['n']})",
        "",
        f"{'class':<{width}}  precision  recall     f1  support",
    ]
    for i, c in enumerate(classes):
        lines.append(
            f"{c:<{width}}  {result['precision'][i]:>9.3f}  {result['recall'][i]:>6.3f}  "
            f"{result['f1'][i]:>5.3f}  {result['support'][i]:>7d}"
        )
    cell = max(5, *(len(str(v)) for row in result["confusion"] for v in row), *map(len, classes))
    lines += ["", "confusion matrix (rows: true class, columns: predicted)"]
    lines.append(" " * width + "  " + " ".join(f"{c:>{cell}}" for c in classes))
    for c, row in zip(classes, result["confusion"]):
        lines.append(f"{c:<{width}}  " + " ".join(f"{v:>{cell}d}" for v in row))
    return "\n".join(lines)


def confusion_figure(result: dict[str, Any]) -> Any:
    """The confusion matrix as a matplotlib Figure (counts written in the cells)."""
    from matplotlib.figure import Figure

    C = np.asarray(result["confusion"])
    K = C.shape[0]
    side = min(12.0, 2.5 + 0.5 * K)
    fig = Figure(figsize=(side, side * 0.85), layout="constrained")
    ax = fig.add_subplot()
    im = ax.imshow(C, cmap="Blues")
    fig.colorbar(im, ax=ax, shrink=0.8)
    ticks = np.arange(K)
    ax.set_xticks(ticks, result["classes"], rotation=45 if K > 4 else 0)
    ax.set_yticks(ticks, result["classes"])
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(f"accuracy {100 * result['accuracy']:.1f} %")
    for i in range(K):
        for j in range(K):
            colour = "white" if C[i, j] > C.max() / 2 else "black"
            ax.text(j, i, str(C[i, j]), ha="center", va="center", color=colour)
    return fig


def cost_figure(history: Any, full_batch: bool) -> Any:
    """Training (and validation) cost against epochs."""
    from .plots import cost_curve

    unit = "iteration" if full_batch else "epoch"
    ax = cost_curve(history.costs, history.epochs, label="training", xlabel=unit)
    if history.val_costs:
        cost_curve(history.val_costs, history.val_epochs, ax=ax, label="validation", xlabel=unit)
    return ax.figure


# ------------------------------------------------------------------ output
def png_writer(fig: Any) -> Callable[[Any], None]:
    """``write(fh)`` that saves ``fig`` as a PNG to a binary file object."""
    return lambda fh: fig.savefig(fh, dpi=110, format="png")


def save_figure(fig: Any, path: str | os.PathLike[str]) -> Path:
    """A PNG written atomically."""
    return write_atomic(path, png_writer(fig))


__all__ = [
    "BUILTIN",
    "Examples",
    "TrainSettings",
    "load_dataset",
    "train_model",
    "model_spec",
    "inputs_for_model",
    "labelled_for_model",
    "probabilities",
    "evaluate",
    "report_text",
]
