"""Models of your own data: the settings, training, evaluation.

With two classes the network has one sigmoid output, the probability of
``classes[1]``; with more, a softmax over ``classes``.  A regressor (``task``
regression, or a label column that looks continuous) has one identity output and
mean squared error, as :class:`neuronlab.NeuralNetRegressor`.  A trained model is the
engine's model file (:mod:`neuronlab.io`) whose JSON ``metadata`` carries what
prediction needs:

* ``classes`` — the labels, in the order of the outputs;
* ``input`` — the input spec (:mod:`neuronlab.inputs`): pictures of a shape, or a
  table's features and their standardisation learned on the training split;
* ``label`` — the label column's name; ``training`` — the settings, the
  accuracies (a regressor: R², MAE, RMSE) and the cost curve;
* a regressor's ``task`` (``"regression"``) and ``target`` — the training split's
  mean and std of the label, which it learned standardised (None: raw), in place
  of ``classes``.

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
from neuronlab.optimizers import SCHEDULES, Schedule
from neuronlab.training import History
from neuronlab.userdata import (
    Examples,
    label_text,
    looks_continuous,
    refuse_continuous,
    require_labels,
    sorted_classes,
)

Array = np.ndarray

#: The share held out for validation when ``val_split`` is not given (and the set
#: has no test split of its own).
DEFAULT_VAL_SPLIT = 0.2

#: Rows read at a time by ``train --stream`` when ``block_rows`` is not given.
STREAM_BLOCK_ROWS = 10_000


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
    if isinstance(value, str) and not value.strip():
        return ()  # no hidden layer: logistic regression
    parts = value.replace(" ", "").split(",") if isinstance(value, str) else value
    if not isinstance(parts, list) or "" in parts:  # ",,," or "20,,5": a size left out
        raise ValueError(f"expected layer sizes such as 20,7,5, got {value!r}")
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


def read_classes(value: Any) -> tuple[str, ...]:
    """``"cat,dog"`` or ``["cat", "dog"]`` → ``("cat", "dog")``: two or more distinct
    labels, in the order of the model's outputs (numbers as the file's labels read:
    ``1.0`` is ``"1"``)."""
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, list) or not all(isinstance(p, (str, int)) for p in parts):
        raise ValueError(f"expected class labels such as cat,dog,bird, got {value!r}")
    classes = tuple(label_text(p) for p in parts)
    if len(classes) < 2 or "" in classes or len(set(classes)) != len(classes):
        raise ValueError(f"expected two or more distinct class labels, got {value!r}")
    return classes


#: What ``train`` trains: a classifier of the label column's classes, or a regressor
#: of its numbers (identity output, mean squared error: ``NeuralNetRegressor``'s net).
TASKS = ("classification", "regression")


def read_task(value: Any) -> str:
    if value not in TASKS:
        raise ValueError(f"expected classification or regression, got {value!r}")
    return str(value)


def read_dtype(value: Any) -> str:
    """``"float64"`` or ``"float32"``: the network's numbers, end to end."""
    if value not in ("float64", "float32"):
        raise ValueError(f"expected float64 or float32, got {value!r}")
    return str(value)


#: ``--schedule NAME[:DECAY[:INTERVAL]]``: the numbers each named schedule takes
#: after the start rate (the learning rate), in the order of its function.
SCHEDULE_FORMS = {
    "constant": "constant",
    "inverse_time": "inverse_time:DECAY (rate / (1 + DECAY·epoch))",
    "stepped_inverse_time": "stepped_inverse_time:DECAY[:INTERVAL] "
    "(rate / (1 + DECAY·floor(epoch / INTERVAL)), INTERVAL 1000 if not given)",
    "exponential": "exponential:DECAY (rate · DECAY^epoch, 0 < DECAY ≤ 1)",
}


def read_schedule(value: Any) -> str:
    """A learning-rate schedule of :data:`neuronlab.optimizers.SCHEDULES` as text,
    ``NAME[:DECAY[:INTERVAL]]`` (``inverse_time:0.5``, ``stepped_inverse_time:1:1000``);
    checked now by building it, so a bad one fails before any data is read."""
    schedule_of(value, 1.0)
    return str(value)


def schedule_of(text: Any, learning_rate: float) -> Schedule | None:
    """The schedule ``text`` names, starting at ``learning_rate``; None for constant."""
    forms = "; ".join(SCHEDULE_FORMS.values())
    if not isinstance(text, str):
        raise ValueError(f"expected a schedule ({forms}), got {text!r}")
    name, *numbers = text.strip().split(":")
    if name not in SCHEDULES:
        raise ValueError(f"expected one of {', '.join(SCHEDULES)}, got {name!r} in {text!r}")
    if name == "constant":
        if numbers:
            raise ValueError(f"'constant' takes no numbers, got {text!r}")
        return None
    counts = (1, 2) if name == "stepped_inverse_time" else (1,)  # INTERVAL: 1000
    try:
        args: list[Any] = [float(n) for n in numbers]
    except ValueError:
        args = []
    if len(numbers) not in counts or len(args) != len(numbers):
        raise ValueError(f"expected {SCHEDULE_FORMS[name]}, got {text!r}")
    if len(args) == 2:
        args[1] = check_whole("INTERVAL", numbers[1], minimum=1)
    try:
        return SCHEDULES[name](learning_rate, *args)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{text!r}: {exc}") from None


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
    learning_rate: float = setting(
        0.01, read_number, "the optimizer's step size (a schedule's start)", float
    )
    schedule: str = setting(
        "constant",
        read_schedule,
        "learning rate by epoch (by iteration with --batch-size full): "
        + "; ".join(SCHEDULE_FORMS.values()),
        metavar="NAME[:DECAY[:INTERVAL]]",
    )
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
    dtype: str = setting("float64", read_dtype, "float64 or float32, end to end")
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
    task: str | None = setting(
        None,
        read_task,
        "classification or regression (default: regression when the label column looks "
        "continuous — fractional numbers, or more distinct numbers than classes make "
        "sense — said in one line; else classification)",
        metavar="TASK",
    )

    stream: bool = setting(
        False,
        read_bool,
        "read a CSV file in blocks of --block-rows rows every epoch instead of all at once "
        "(memory: one block; classes or the target, and standardisation, from a first pass)",
        bool,
    )
    block_rows: int | None = setting(
        None,
        read_count,
        f"rows per block with --stream (default {STREAM_BLOCK_ROWS:,})",
        int,
        metavar="N",
    )
    classes: tuple[str, ...] | None = setting(
        None,
        read_classes,
        "with --stream: the class labels, in output order (default: the first pass finds "
        "them; labels outside them are an error)",
        metavar="A,B,...",
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
    """Train a classifier on ``data`` (a regressor when :func:`task_of` says
    regression); returns ``(net, metadata, history)``.

    The held-out split is ``data.test`` when ``val_split`` is None and the set has
    one, else a stratified ``val_split`` share (0.2 by default; 0 for none).
    Weights are drawn from ``np.random.RandomState(seed)`` (a lab's
    ``np.random.seed(seed)`` stream); shuffling and dropout from ``default_rng(seed)``.
    ``progress`` is ``fit``'s (``"epochs"``: a line per epoch); ``before_fit(net)`` is
    called with the network built, before its training starts (to say what it is).
    Raises :class:`~neuronlab.training.TrainingDiverged` if the cost becomes NaN or inf.
    """
    s = settings
    labels = require_labels(data, s.label)
    if task_of(data, s)[0] == "regression":
        return _train_regressor(data, labels, s, progress, dataset, before_fit)
    refuse_continuous(labels, data)
    classes = data.classes or sorted_classes(labels)
    present = sorted_classes(labels)
    if len(present) < 2:
        raise ValueError(
            f"{data.source}: expected at least 2 classes to tell apart, found 1 "
            f"({present[0]!r} for all {len(labels)} examples)"
        )
    X, Y, Xv, Yv = _held_out(data, labels, classes, s)
    spec = _input_spec(data, X, s)
    X, Xv = prepare(X, spec), prepare(Xv, spec)
    has_val = Xv.shape[1] > 0
    n_out = 1 if len(classes) == 2 else len(classes)
    net = network_of(X.shape[0], n_out, "sigmoid" if n_out == 1 else "softmax", s)
    if before_fit is not None:
        before_fit(net)
    start = time.perf_counter()
    history = _fit(net, (X, Y), (Xv, Yv) if has_val else None, s, progress)
    wall = time.perf_counter() - start
    record = {
        **training_record(dataset or data.source, s, history, wall, X.shape[1], Xv.shape[1]),
        "train_accuracy": net.accuracy(X, Y),
        "validation_accuracy": net.accuracy(Xv, Yv) if has_val else None,
    }
    metadata = {"classes": classes, "input": spec, "label": data.label, "training": record}
    return net, metadata, history


def task_of(data: Examples, settings: TrainSettings) -> tuple[str, str | None]:
    """``(task, why)``: the ``task`` setting, else regression when the label column
    looks continuous (``why`` says so, for a one-line notice), else classification."""
    if settings.task is not None:
        return settings.task, None
    continuous = looks_continuous(require_labels(data, settings.label))
    if continuous is None:
        return "classification", None
    return "regression", f"{data.source}: the label column {data.label!r} looks continuous " + (
        f"({continuous}): training a regressor, as --task regression does"
    )


def _input_spec(data: Examples, X: Array, s: TrainSettings) -> dict[str, Any]:
    """The model's input spec, learned on the training split ``X``."""
    if data.kind == "image":
        return image_spec(data.image_shape or ())
    return table_spec(X, data.feature_names, data.source, s.standardize)


def training_record(
    dataset: str,
    s: TrainSettings,
    history: History,
    wall: float,
    m: int,
    m_val: int,
) -> dict[str, Any]:
    """What the model file's ``training`` keeps of any run; the metrics are added."""
    from neuronlab import __version__

    return {
        "dataset": dataset,
        **{k: v for k, v in asdict(s).items() if k != "label"},
        "layers": list(s.layers),
        "examples": int(m),
        "validation_examples": int(m_val),
        "epochs_run": history.n_epochs,
        "best_epoch": history.best_epoch,
        "stopped_early": history.stopped_early,
        "wall_time": wall,
        "costs": history.costs,
        "cost_epochs": history.epochs,
        "neuronlab_version": __version__,
    }


# -------------------------------------------------------------- regression
def target_values(labels: Sequence[str], source: str, label: str | None) -> Array:
    """The label column as finite numbers, of shape (m,); anything else is refused."""
    values = np.empty(len(labels), dtype=np.float64)
    bad: list[str] = []
    for i, text in enumerate(labels):
        try:
            values[i] = float(text)
        except ValueError:
            values[i] = np.nan
        if not np.isfinite(values[i]) and len(bad) < 3:
            bad.append(text)
    if bad:
        raise ValueError(
            f"{source}: a regression needs a finite number as every label"
            + (f" (the column {label!r})" if label else "")
            + f", got {bad} (--task classification for class names)"
        )
    return values


def _train_regressor(
    data: Examples,
    labels: list[str],
    s: TrainSettings,
    progress: bool | str | None,
    dataset: str,
    before_fit: Callable[[Network], Any] | None,
) -> tuple[Network, dict[str, Any], History]:
    """A regressor of the label column: the network ``NeuralNetRegressor`` builds (one
    identity output, mean squared error), trained as the classifier is; the target
    standardised on the training split (``standardize``) and the metrics in its units."""
    y = target_values(labels, data.source, data.label)
    X_raw, y_tr, Xv_raw, y_va = _held_out_values(data, y, s)
    spec = _input_spec(data, X_raw, s)
    X, Xv = prepare(X_raw, spec), prepare(Xv_raw, spec)
    target = _target_spec(y_tr, s.standardize)
    Y, Yv = scaled_targets(y_tr, target), scaled_targets(y_va, target)
    has_val = Xv.shape[1] > 0
    net = network_of(X.shape[0], 1, "identity", s)
    if before_fit is not None:
        before_fit(net)
    start = time.perf_counter()
    history = _fit(net, (X, Y), (Xv, Yv) if has_val else None, s, progress)
    wall = time.perf_counter() - start
    train = regression_metrics(predicted_values(net, X_raw, spec, target), y_tr)
    val = regression_metrics(predicted_values(net, Xv_raw, spec, target), y_va) if has_val else {}
    record = {
        **training_record(dataset or data.source, s, history, wall, X.shape[1], Xv.shape[1]),
        "task": "regression",
        **{f"train_{k}": train[k] for k in ("r2", "mae", "rmse")},
        **{f"validation_{k}": val.get(k) for k in ("r2", "mae", "rmse")},
    }
    metadata = {
        "task": "regression",
        "target": target,
        "input": spec,
        "label": data.label,
        "training": record,
    }
    return net, metadata, history


def _held_out_values(data: Examples, y: Array, s: TrainSettings) -> tuple[Array, ...]:
    """``(X, y, X_val, y_val)``: the set's own test split when ``val_split`` is None and
    it has one, else a random ``val_split`` share (at least one example left to train)."""
    if s.val_split is None and data.test is not None:
        yv = target_values(require_labels(data.test, s.label), data.test.source, data.label)
        return data.X, y, data.test.X, yv
    frac = DEFAULT_VAL_SPLIT if s.val_split is None else s.val_split
    if not 0 <= frac < 1:
        raise ValueError(f"val_split: expected a fraction in [0, 1), got {frac!r}")
    order = np.random.default_rng(s.seed).permutation(y.size)
    k = min(int(round(frac * y.size)), y.size - 1)
    if s.early_stopping is not None and k == 0:
        raise ValueError(
            f"early_stopping: needs held-out examples, and a val_split of {frac:g} holds "
            f"none out of these {y.size} examples; use more data or a larger val_split"
        )
    va, tr = np.sort(order[:k]), np.sort(order[k:])
    return data.X[:, tr], y[tr], data.X[:, va], y[va]


def _target_spec(y: Array, standardize: bool) -> dict[str, float] | None:
    """The training split's mean and std of the target (std 1 for a constant one)."""
    if not standardize:
        return None
    return target_spec(float(np.mean(y)), float(np.std(y)))


def target_spec(mean: float, std: float) -> dict[str, float]:
    """A regressor's target standardisation, as its model file keeps it: ``mean`` and
    ``std`` of the training targets (std 1 for a constant target)."""
    return {"mean": mean, "std": std if std > 0 else 1.0}


def scaled_targets(y: Array, target: dict[str, float] | None) -> Array:
    """Targets of shape (1, m), standardised when ``target`` says so."""
    if target is None:
        return y.reshape(1, -1)
    return ((y - target["mean"]) / target["std"]).reshape(1, -1)


def predicted_values(
    net: Network, X: Array, spec: dict[str, Any], target: dict[str, float] | None
) -> Array:
    """A regressor's predictions in the target's units, of shape (n_out, m)."""
    out = net.predict_proba(prepare(X, spec))  # identity output: the values themselves
    return unscaled_targets(out, target)


def unscaled_targets(values: Array, target: dict[str, float] | None) -> Array:
    """:func:`scaled_targets` undone: standardised values back in the target's units."""
    if target is None:
        return values
    return values * target["std"] + target["mean"]


def regression_metrics(predicted: Array, y: Array) -> dict[str, Any]:
    """R², mean absolute error and root mean squared error of ``predicted`` (1, m)
    against ``y`` (m,); None for all three when there are no examples, and R² None
    below two (it is undefined)."""
    if y.size == 0:
        return {"r2": None, "mae": None, "rmse": None, "n": 0}
    from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

    p = predicted.reshape(-1)
    return {
        "r2": float(r2_score(y, p)) if y.size > 1 else None,
        "mae": float(mean_absolute_error(y, p)),
        "rmse": float(np.sqrt(mean_squared_error(y, p))),
        "n": int(y.size),
    }


def regression_text(result: dict[str, Any]) -> str:
    """R², MAE and RMSE on one line each (MAE and RMSE in the target's units)."""
    r2 = "undefined (fewer than 2 examples)" if result["r2"] is None else f"{result['r2']:.4f}"
    return "\n".join(
        [
            f"R²    {r2}",
            f"MAE   {result['mae']:.6g}   (mean absolute error)",
            f"RMSE  {result['rmse']:.6g}   (root mean squared error)",
        ]
    )


def network_of(n_x: int, n_out: int, output: str, s: TrainSettings) -> Network:
    """The settings' network with ``n_out`` ``output`` units; weights from
    ``RandomState(seed)``, a lab's ``np.random.seed(seed)`` stream."""
    dims = [n_x, *s.layers, n_out]
    values = ParameterLayout.for_dense(dims).size
    check_memory("layers", 2 * 8 * values, f"the parameters and gradients of a {dims} network")
    return Network(
        dims,
        hidden_activation=s.activation,
        output_activation=output,
        initializer=s.initializer,
        seed=np.random.RandomState(s.seed),
        dtype=s.dtype,
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
        schedule=schedule_of(s.schedule, s.learning_rate),
        epochs=s.epochs,
        batch_size=s.batch_size,
        l2=s.l2,
        keep_prob=s.keep_prob,
        seed=np.random.default_rng(s.seed),
        validation_data=val,
        early_stopping=s.early_stopping,
        progress=progress,
        check_labels=output_is_class(net),
    )


def output_is_class(net: Network) -> bool:
    """A classifier's output (sigmoid, softmax), whose targets are labels."""
    return net.activations[-1].name in ("sigmoid", "softmax")


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
    "TASKS",
    "evaluate",
    "predicted_values",
    "probabilities",
    "regression_metrics",
    "regression_text",
    "scaled_targets",
    "target_spec",
    "unscaled_targets",
    "report_text",
    "split_indices",
    "target_values",
    "task_of",
    "train_model",
]
