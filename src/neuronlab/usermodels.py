"""Models of your own data: the settings, training, evaluation.

With two classes the network has one sigmoid output, the probability of
``classes[1]``; with more, a softmax over ``classes``.  A trained model is the
engine's model file (:mod:`neuronlab.io`) whose JSON ``metadata`` carries what
prediction needs:

* ``classes`` — the labels, in the order of the outputs;
* ``input`` — the input spec (:mod:`neuronlab.inputs`): pictures of a shape, or a
  table's features and their standardisation learned on the training split;
* ``label`` — the label column's name; ``training`` — the settings, the
  accuracies and the cost curve.

Data loading is :mod:`neuronlab.userdata`; matching data to a model's input is
:mod:`neuronlab.inputs`.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from neuronlab._validation import check_memory, check_whole
from neuronlab.flatten import ParameterLayout
from neuronlab.inputs import image_spec, prepare, table_spec
from neuronlab.network import Network
from neuronlab.training import History
from neuronlab.userdata import Examples, refuse_continuous, require_labels, sorted_classes

Array = np.ndarray

#: The share held out for validation when ``val_split`` is not given (and the set
#: has no test split of its own).
DEFAULT_VAL_SPLIT = 0.2


# ---------------------------------------------------------------- settings
# A setting's value comes from a TOML file (typed by TOML) or a flag (its text
# converted by argparse with the field's ``flag`` type); ``read`` checks it and
# says what it expected, and the caller names where the value came from.
def read_integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def read_count(value: Any) -> int:
    """A positive integer: a count of 0 would make the command do nothing."""
    count = read_integer(value)
    if count < 1:
        raise ValueError(f"expected a positive integer (at least 1), got {value!r}")
    return count


def read_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def read_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def read_text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def read_layers(value: Any) -> tuple[int, ...]:
    """``"20,7,5"`` or ``[20, 7, 5]`` → ``(20, 7, 5)``; ``""`` → ``()`` (no hidden layer)."""
    parts = value.replace(" ", "").split(",") if isinstance(value, str) else value
    if not isinstance(parts, list):
        raise ValueError(f"expected layer sizes such as 20,7,5, got {value!r}")
    parts = [p for p in parts if p != ""]
    try:  # 20, "20", and "1e3" (a whole number in scientific notation)
        sizes = tuple(check_whole("layers", p) for p in parts if not isinstance(p, bool))
    except ValueError:
        sizes = ()
    if len(sizes) != len(parts) or any(n < 1 for n in sizes):
        raise ValueError(f"expected layer sizes such as 20,7,5, got {value!r}")
    return sizes


def read_batch_size(value: Any) -> int | None:
    """A positive integer, or ``"full"`` (also ``"none"``) → None: full batch."""
    if isinstance(value, str) and value.lower() in ("full", "none"):
        return None
    try:
        size = int(value) if not isinstance(value, (bool, float)) else -1
    except ValueError:
        size = -1
    if size < 1:
        raise ValueError(f"expected a positive integer or 'full', got {value!r}")
    return size


def read_seed(value: Any) -> int:
    """A seed of NumPy's legacy stream (the labs' ``np.random.seed``): 0 … 2**32 − 1."""
    seed = read_integer(value)
    if not 0 <= seed < 2**32:
        raise ValueError(f"expected a seed from 0 to 2**32 - 1 (4294967295), got {value!r}")
    return seed


def read_picture_size(value: Any) -> int:
    size = read_integer(value)
    if size < 1:
        raise ValueError(f"expected a picture size of at least 1 pixel, got {size}")
    return size


def setting(
    default: Any,
    read: Callable[[Any], Any],
    help: str,
    flag: type = str,
    metavar: str | None = None,
) -> Any:
    """A :class:`TrainSettings` field: its default, ``read`` (see above), what it does
    (``help``) and how its flag takes its text (``flag``: ``str``, ``int``, ``float``,
    or ``bool`` for a ``--x`` / ``--no-x`` pair)."""
    meta = {"read": read, "help": help, "flag": flag, "metavar": metavar}
    return field(default=default, metadata=meta)


@dataclass
class TrainSettings:
    """Everything ``neuronlab train`` can be told (flags or a TOML file); its flags,
    their help and the TOML reader are made from these fields."""

    layers: tuple[int, ...] = setting(
        (16,), read_layers, "hidden layer sizes, e.g. 20,7,5; '' for none"
    )
    activation: str = setting(
        "relu", read_text, "hidden activation: relu, tanh, sigmoid, leaky_relu"
    )
    initializer: str = setting("he", read_text, "he, xavier, sqrt_n_in, random, uniform")
    optimizer: str = setting("adam", read_text, "adam, gd, momentum, rmsprop")
    learning_rate: float = setting(0.01, read_number, "the optimizer's step size", float)
    epochs: int = setting(200, read_count, "passes over the data", int)
    batch_size: int | None = setting(64, read_batch_size, "mini-batch size, or 'full'")
    l2: float = setting(0.0, read_number, "L2 strength λ", float)
    keep_prob: float = setting(1.0, read_number, "dropout keep probability", float)
    early_stopping: int | None = setting(
        None,
        read_integer,
        "stop after this many epochs without a better validation cost",
        int,
        metavar="PATIENCE",
    )
    val_split: float | None = setting(
        None,
        read_number,
        f"share held out for validation (default {DEFAULT_VAL_SPLIT:g}; cat and circles "
        "use their lab's test set unless this is given)",
        float,
    )
    standardize: bool = setting(
        True, read_bool, "standardise table features with the training split's mean/std", bool
    )
    image_size: int = setting(64, read_picture_size, "pictures are resized to this square", int)
    seed: int = setting(
        0,
        read_seed,
        "weights: RandomState(seed), as a lab's np.random.seed; shuffling and split: "
        "default_rng(seed)",
        int,
    )
    label: str | None = setting(
        None, read_text, "label column (CSV, default 'label') or array (NPZ, 'y')"
    )


# ---------------------------------------------------------------- training
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


def _held_out(
    data: Examples, labels: list[str], classes: list[str], s: TrainSettings
) -> tuple[Array, Array, Array, Array]:
    """``(X, Y, X_val, Y_val)``: the set's own test split when ``val_split`` is None
    and it has one, else a stratified ``val_split`` share of ``data``."""
    X, Y = data.X, _targets(labels, classes, data.source)
    if s.val_split is None and data.test is not None:
        Yv = _targets(require_labels(data.test, s.label), classes, data.test.source)
        return X, Y, data.test.X, Yv
    frac = DEFAULT_VAL_SPLIT if s.val_split is None else s.val_split
    if not 0 <= frac < 1:
        raise ValueError(f"val_split: expected a fraction in [0, 1), got {frac!r}")
    tr, va = split_indices(labels, frac, s.seed)
    if s.early_stopping is not None and va.size == 0:
        raise ValueError(
            f"early_stopping: needs held-out examples, and a val_split of {frac:g} "
            f"holds none out of these {len(labels)} examples (it is taken from every class, "
            f"rounded, and leaves each class one for training); use more data or a larger "
            f"val_split"
            if s.val_split != 0
            else "early_stopping: needs held-out examples (a val_split > 0)"
        )
    return X[:, tr], Y[:, tr], X[:, va], Y[:, va]


def train_model(
    data: Examples,
    settings: TrainSettings,
    *,
    progress: bool | str | None = None,
    dataset: str = "",
    before_fit: Callable[[Network], Any] | None = None,
) -> tuple[Network, dict[str, Any], History]:
    """Train a classifier on ``data``; returns ``(net, metadata, history)``.

    The held-out split is ``data.test`` when ``val_split`` is None and the set has
    one, else a stratified ``val_split`` share (0.2 by default; 0 for none).
    Weights are drawn from ``np.random.RandomState(seed)`` (a lab's
    ``np.random.seed(seed)`` stream); shuffling and dropout from ``default_rng(seed)``.
    ``progress`` is ``fit``'s (``"epochs"``: a line per epoch); ``before_fit(net)`` is
    called with the network built, before its training starts (to say what it is).
    Raises :class:`~neuronlab.training.TrainingDiverged` if the cost becomes NaN or inf.
    """
    from neuronlab import __version__

    s = settings
    labels = require_labels(data, s.label)
    refuse_continuous(labels, data)
    classes = data.classes or sorted_classes(labels)
    present = sorted_classes(labels)
    if len(present) < 2:
        raise ValueError(
            f"{data.source}: expected at least 2 classes to tell apart, found 1 "
            f"({present[0]!r} for all {len(labels)} examples)"
        )
    X, Y, Xv, Yv = _held_out(data, labels, classes, s)
    if data.kind == "image":
        spec = image_spec(data.image_shape or ())
    else:
        spec = table_spec(X, data.feature_names, data.source, s.standardize)
    X, Xv = prepare(X, spec), prepare(Xv, spec)
    has_val = Xv.shape[1] > 0
    net = _network(X.shape[0], len(classes), s)
    if before_fit is not None:
        before_fit(net)
    start = time.perf_counter()
    history = _fit(net, (X, Y), (Xv, Yv) if has_val else None, s, progress)
    wall = time.perf_counter() - start
    record = {
        "dataset": dataset or data.source,
        **{k: v for k, v in asdict(s).items() if k != "label"},
        "layers": list(s.layers),
        "examples": int(X.shape[1]),
        "validation_examples": int(Xv.shape[1]),
        "epochs_run": history.n_epochs,
        "best_epoch": history.best_epoch,
        "stopped_early": history.stopped_early,
        "train_accuracy": net.accuracy(X, Y),
        "validation_accuracy": net.accuracy(Xv, Yv) if has_val else None,
        "wall_time": wall,
        "costs": history.costs,
        "cost_epochs": history.epochs,
        "neuronlab_version": __version__,
    }
    metadata = {"classes": classes, "input": spec, "label": data.label, "training": record}
    return net, metadata, history


def _network(n_x: int, n_classes: int, s: TrainSettings) -> Network:
    """One sigmoid output for two classes, else a softmax; weights from
    ``RandomState(seed)``, a lab's ``np.random.seed(seed)`` stream."""
    n_out = 1 if n_classes == 2 else n_classes
    dims = [n_x, *s.layers, n_out]
    values = ParameterLayout.for_dense(dims).size
    check_memory("layers", 2 * 8 * values, f"the parameters and gradients of a {dims} network")
    return Network(
        dims,
        hidden_activation=s.activation,
        output_activation="sigmoid" if n_out == 1 else "softmax",
        initializer=s.initializer,
        seed=np.random.RandomState(s.seed),
    )


def _fit(
    net: Network,
    train: tuple[Array, Array],
    val: tuple[Array, Array] | None,
    s: TrainSettings,
    progress: bool | str | None,
) -> History:
    """``net.fit`` with the settings; shuffling and dropout from ``default_rng(seed)``."""
    return net.fit(
        *train,
        optimizer=s.optimizer,
        learning_rate=s.learning_rate,
        epochs=s.epochs,
        batch_size=s.batch_size,
        l2=s.l2,
        keep_prob=s.keep_prob,
        seed=np.random.default_rng(s.seed),
        validation_data=val,
        early_stopping=s.early_stopping,
        progress=progress,
    )


# -------------------------------------------------------------- evaluation
def probabilities(net: Network, X: Array, spec: dict[str, Any]) -> Array:
    """Class probabilities of shape (K, m), rows in the model's class order.

    Inputs so large that the forward pass overflows are said once, naming the
    feature (NumPy's own warning, "overflow encountered in matmul", named none)."""
    with np.errstate(over="ignore", invalid="ignore"):
        Xp = prepare(X, spec)  # (n_x, m)
    if not np.isfinite(Xp).all():  # (x - mean) / std overflowed
        j, i = (int(k) for k in np.argwhere(~np.isfinite(Xp))[0])
        raise ValueError(
            f"inputs too large for the model: feature {_feature(spec, j)} holds {X[j, i]:g} "
            f"(example {i + 1}), too large to standardise with the training statistics"
        )
    try:
        with np.errstate(over="raise", invalid="raise"):
            P = net.predict_proba(Xp)
    except FloatingPointError:
        with np.errstate(over="ignore", invalid="ignore"):
            P = net.predict_proba(Xp)
        warnings.warn(_too_large(X, Xp, spec), RuntimeWarning, stacklevel=2)
    return np.vstack([1 - P, P]) if P.shape[0] == 1 else P


def _feature(spec: dict[str, Any], j: int) -> str:
    names = spec.get("features") or []
    return repr(names[j]) if j < len(names) else str(j)


def _too_large(X: Array, Xp: Array, spec: dict[str, Any]) -> str:
    """Which feature of ``X`` (n_x, m) — standardised ``Xp`` — overflowed the model."""
    with np.errstate(over="ignore", invalid="ignore"):
        j = int(np.argmax(np.nanmax(np.abs(Xp), axis=1)))  # the feature furthest out
    i = int(np.argmax(np.abs(X[j])))
    return (
        f"inputs too large for the model: feature {_feature(spec, j)} holds {X[j, i]:g} (example "
        f"{i + 1}); the forward pass overflowed, so those predictions are saturated "
        "guesses far outside the training data"
    )


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


__all__ = [
    "DEFAULT_VAL_SPLIT",
    "TrainSettings",
    "evaluate",
    "probabilities",
    "report_text",
    "split_indices",
    "train_model",
]
