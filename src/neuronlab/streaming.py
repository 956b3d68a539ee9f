"""``neuronlab train --stream``: a classifier or a regressor of a CSV file read in blocks.

Memory is one block of rows (``block_rows``), whatever the file's size: the file
is read again every epoch, never held.  The model file is the one
:func:`neuronlab.usermodels.train_model` writes (the same classes, input spec and
training record, plus ``stream`` and ``block_rows``), so ``predict``, ``evaluate``
and ``info`` read it unchanged.

* **A first pass** (skipped when ``classes`` are given and ``standardize`` is off)
  finds the classes, counts the rows and merges each block's per-feature mean and
  sum of squared deviations (Chan et al.'s pairwise update: no ``Σx²`` that cancels
  when the mean is large), over the training rows only, as :func:`table_spec`
  learns them on the training split.  A label column that looks continuous (or
  ``task="regression"``) trains a regressor, as ``train`` does: the same pass merges
  the training rows' target mean and deviation, which standardise the target.
* **Held-out rows**: each row is held out with probability ``val_split``, drawn by
  ``default_rng([seed, block index])``, so every epoch holds out the same rows
  without remembering them (a share per row, not per class as ``train`` stratifies).
* **Each epoch**: every block's training rows go through ``Network.fit`` for one
  epoch with the optimizer's state carried (``optimizer_state``), one generator for
  the shuffling and dropout, and the schedule asked for the real epoch; the epoch's
  cost is the example-weighted mean of its blocks' costs.  With one block (``block_rows``
  ≥ the file's rows) and ``val_split`` 0 this is ``train``'s run step for step.
* **A last pass** gives the train and validation accuracy (a regressor's R², MAE and
  RMSE, from sums merged block by block).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from neuronlab.inputs import prepare, standardized_spec
from neuronlab.network import Network
from neuronlab.optimizers import Schedule
from neuronlab.training import History
from neuronlab.userdata import (
    continuous_reason,
    csv_features,
    iter_csv_lines,
    sorted_classes,
)
from neuronlab.usermodels import (
    DEFAULT_VAL_SPLIT,
    STREAM_BLOCK_ROWS,
    TrainSettings,
    network_of,
    scaled_targets,
    schedule_of,
    target_spec,
    target_values,
    training_record,
    unscaled_targets,
)

Array = np.ndarray

#: More distinct labels than this in a first pass: not classes (and the pass stops
#: keeping them, so its memory stays bounded).
MAX_STREAM_CLASSES = 1000


def refuse_stream(dataset: str, s: TrainSettings) -> None:
    """What ``--stream`` cannot do, refused in one line before any data is read: a
    data set that is not a CSV file, early stopping, classes for a regression."""
    path = Path(dataset)
    if not path.is_file() or path.suffix.lower() != ".csv":
        what = (
            "a folder"
            if path.is_dir()
            else f"a {path.suffix} file"
            if path.is_file()
            else "not a file (a built-in set?)"
        )
        raise ValueError(
            f"--stream: reads a CSV file in blocks; {dataset!r} is {what}: train it "
            "without --stream"
        )
    if s.task == "regression" and s.classes is not None:
        raise ValueError("--classes: a regression has no classes; leave --classes out")
    if s.early_stopping is not None:
        raise ValueError(
            "--stream: early stopping is not available (it would need a validation pass "
            "over the file every epoch); train a fixed number of --epochs"
        )
    frac = DEFAULT_VAL_SPLIT if s.val_split is None else s.val_split
    if not 0 <= frac < 1:
        raise ValueError(f"val_split: expected a fraction in [0, 1), got {frac!r}")


def held_out_rows(seed: int, block: int, k: int, val_split: float) -> Array:
    """Which of block ``block``'s ``k`` rows are held out, of shape (k,) bool: the
    same rows every pass, from ``default_rng([seed, block])``."""
    if val_split == 0:
        return np.zeros(k, dtype=bool)
    return np.random.default_rng([seed, block]).random(k) < val_split


@dataclass
class FeatureStats:
    """Per-feature count, mean and sum of squared deviations ``M2``, merged block by
    block (Chan, Golub & LeVeque's pairwise update): ``std = sqrt(M2 / n)``."""

    n_x: int
    n: int = 0
    mean: Array = field(init=False)
    m2: Array = field(init=False)
    largest: Array = field(init=False)
    first: Array | None = None

    def __post_init__(self) -> None:
        self.mean, self.m2 = np.zeros(self.n_x), np.zeros(self.n_x)
        self.largest = np.zeros(self.n_x)

    def add(self, rows: Array) -> None:
        """Merge a block of examples ``rows`` of shape (k, n_x)."""
        k = rows.shape[0]
        if k == 0:
            return
        with np.errstate(over="ignore", invalid="ignore"):  # too large: standardized_spec
            mean_b = rows.mean(axis=0)  # (n_x,)
            m2_b = ((rows - mean_b) ** 2).sum(axis=0)
            delta = mean_b - self.mean
            n = self.n + k
            self.mean = self.mean + delta * (k / n)
            self.m2 = self.m2 + m2_b + delta**2 * (self.n * k / n)
            self.largest = np.maximum(self.largest, np.abs(rows).max(axis=0))
        if self.first is None:
            self.first = rows[0].copy()
        self.n = n

    @property
    def std(self) -> Array:
        return np.sqrt(self.m2 / self.n) if self.n else np.full(self.n_x, np.nan)


@dataclass
class FirstPass:
    """What the first pass found: rows, labels (the first :data:`MAX_STREAM_CLASSES`
    + 1 distinct), the training rows' statistics and, while every label is a finite
    number, the training rows' target statistics (else None)."""

    rows: int
    labels: set[str]
    stats: FeatureStats
    target: FeatureStats | None
    #: the first label that is not a finite number, and its line (None: there is none)
    not_number: tuple[str, int] | None = None

    @property
    def continuous(self) -> str | None:
        """Why the label column looks continuous, by ``train``'s rule
        (:func:`continuous_reason`), or None.  Past :data:`MAX_STREAM_CLASSES` the
        labels kept are a lower bound of the distinct ones, so a "yes" is ``train``'s
        too; a "no" there is undecided (:meth:`undecided`)."""
        return continuous_reason(self.labels, self.rows)

    @property
    def undecided(self) -> bool:
        """More distinct labels than kept, and no sign yet that they are continuous."""
        return len(self.labels) > MAX_STREAM_CLASSES and self.continuous is None


def first_pass(
    path: Path, label: str, features: list[str], s: TrainSettings, rows: int
) -> FirstPass:
    """Count the rows, collect the distinct labels (at most :data:`MAX_STREAM_CLASSES`)
    and the training rows' per-feature statistics."""
    frac = DEFAULT_VAL_SPLIT if s.val_split is None else s.val_split
    stats = FeatureStats(len(features))
    target: FeatureStats | None = FeatureStats(1)
    labels: set[str] = set()
    total = 0
    not_number = None
    for b, (X, block_labels, lines) in enumerate(iter_csv_lines(path, label, rows)):
        total += X.shape[0]
        if len(labels) <= MAX_STREAM_CLASSES:
            labels.update(block_labels)
        train = ~held_out_rows(s.seed, b, X.shape[0], frac)
        if s.standardize:
            stats.add(X[train])
        if target is not None:
            try:
                y = target_values(block_labels, str(path), label)
            except ValueError:  # a label that is not a number: no regression
                target, not_number = None, _first_not_number(block_labels, lines)
            else:
                target.add(y[train][:, None])
    return FirstPass(total, labels, stats, target, not_number)


def _first_not_number(labels: list[str], lines: list[int]) -> tuple[str, int]:
    for text, line in zip(labels, lines):
        try:
            finite = bool(np.isfinite(float(text)))
        except ValueError:
            finite = False
        if not finite:
            return text, line
    raise AssertionError("every label is a finite number")  # target_values said otherwise


def stream_task(path: Path, label: str, found: FirstPass | None, s: TrainSettings) -> str | None:
    """The sentence that says a continuous label column is regressed (``train``'s rule,
    :attr:`FirstPass.continuous`), or None: ``task``, ``classes`` given, or classes."""
    if s.task is not None or s.classes is not None or found is None:
        return None
    why = found.continuous
    if why is None or found.target is None:
        return None
    return (
        f"{path}: the label column {label!r} looks continuous ({why}): training a "
        "regressor, as --task regression does"
    )


def stream_classes(path: Path, label: str, found: FirstPass | None, s: TrainSettings) -> list[str]:
    """The classes: ``s.classes`` when given, else the first pass's labels, sorted;
    refused when they look continuous (as ``refuse_continuous`` does), are more than
    :data:`MAX_STREAM_CLASSES`, or are one."""
    if s.classes is not None:
        return list(s.classes)
    assert found is not None  # a first pass runs whenever classes are not given
    column = f"{path}: the label column {label!r}"
    why = found.continuous
    if why is not None:
        if found.not_number is not None:  # the hint to regress it would fail
            text, line = found.not_number
            raise ValueError(
                f"{column} looks continuous ({why}), but line {line} holds {text!r}, not a "
                "finite number: a regression needs one in every row"
            )
        raise ValueError(
            f"{column} looks continuous ({why}); a classifier needs classes: for a "
            "regression use --task regression, or name the class column with --label"
        )
    if found.undecided:
        numbers = found.not_number is None
        raise ValueError(
            f"{column} holds more than {MAX_STREAM_CLASSES} distinct values: --stream trains "
            f"at most {MAX_STREAM_CLASSES} classes"
            + ("; for a quantity use --task regression" if numbers else "")
            + " (or name the class column with --label)"
        )
    classes = sorted_classes(list(found.labels))
    if len(classes) < 2:
        raise ValueError(
            f"{path}: expected at least 2 classes to tell apart, found 1 "
            f"({classes[0]!r} for all {found.rows} examples)"
        )
    return classes


@dataclass
class Blocks:
    """The file's blocks, split and matched to the model: ``(X, Y, X_val, Y_val)``
    per block, X prepared of shape (n_x, k), Y of shape (1, k) — class indices, or
    with ``classes`` None (a regression) the target values, standardised by
    ``target``; with ``validation`` False (the training epochs) the held-out ones are
    left empty."""

    path: Path
    label: str
    rows: int
    classes: list[str] | None
    spec: dict[str, Any]
    seed: int
    val_split: float
    target: dict[str, float] | None = None

    def each(self, validation: bool) -> Iterator[tuple[Array, Array, Array, Array]]:
        for b, (X, labels, lines) in enumerate(iter_csv_lines(self.path, self.label, self.rows)):
            y = self._targets(labels, lines)
            held = held_out_rows(self.seed, b, len(labels), self.val_split)
            val = held if validation else np.zeros_like(held)
            yield (
                prepare(X[~held].T, self.spec),  # (n_x, k_train)
                y[~held][None, :],
                prepare(X[val].T, self.spec),  # (n_x, k_val)
                y[val][None, :],
            )

    def _targets(self, labels: list[str], lines: list[int]) -> Array:
        if self.classes is None:
            return scaled_targets(target_values(labels, str(self.path), self.label), self.target)[0]
        index = {c: i for i, c in enumerate(self.classes)}
        y = np.empty(len(labels), dtype=np.int64)
        for i, (text, line) in enumerate(zip(labels, lines)):
            if text not in index:
                raise ValueError(
                    f"{self.path}: column {self.label!r}, line {line}: the label "
                    f"{text!r} is not one of --classes {','.join(self.classes)}"
                )
            y[i] = index[text]
        return y


def train_stream(
    path: Path,
    settings: TrainSettings,
    *,
    progress: bool | str | None = None,
    dataset: str = "",
    before_fit: Callable[[Network], Any] | None = None,
    say: Callable[[str], Any] | None = None,
) -> tuple[Network, dict[str, Any], History]:
    """Train a classifier (or a regressor: ``task``, or a continuous label column) on
    the CSV file ``path`` read in blocks; returns ``(net, metadata, history)`` as
    :func:`neuronlab.usermodels.train_model` does.

    ``progress``: a line on stderr per epoch (its cost) when True or ``"epochs"``, or
    when None (automatic) and stderr is a terminal; False for silence — as ``fit``'s.
    ``say`` is given the sentence that says a continuous label column is regressed.
    """
    s = settings
    refuse_stream(str(path), s)
    label = s.label or "label"
    rows = s.block_rows or STREAM_BLOCK_ROWS
    frac = DEFAULT_VAL_SPLIT if s.val_split is None else s.val_split
    features = csv_features(path, label)
    found = None
    if s.classes is None or s.standardize:
        found = first_pass(path, label, features, s, rows)
    why = stream_task(path, label, found, s)
    regression = s.task == "regression" or why is not None
    if why is not None and say is not None:
        say(why)
    classes = None if regression else stream_classes(path, label, found, s)
    if found is not None and s.standardize and found.stats.n == 0:
        raise _no_training_rows(path, frac)
    spec: dict[str, Any] = {"kind": "table", "features": features, "mean": None, "std": None}
    if s.standardize:
        assert found is not None
        st = found.stats
        first = st.first if st.first is not None else np.zeros(st.n_x)
        spec = standardized_spec(st.mean, st.std, features, str(path), first, st.largest)
    target = _target_of(path, label, found, s) if regression else None
    blocks = Blocks(path, label, rows, classes, spec, s.seed, frac, target)
    if classes is None:
        net = network_of(len(features), 1, "identity", s)
    else:
        n_out = 1 if len(classes) == 2 else len(classes)
        net = network_of(len(features), n_out, "sigmoid" if n_out == 1 else "softmax", s)
    if before_fit is not None:
        before_fit(net)
    start = time.perf_counter()
    history = _epochs(net, blocks, s, progress)
    wall = time.perf_counter() - start
    if classes is None:
        return _regressor_record(net, blocks, s, history, wall, dataset or str(path))
    counts = _accuracies(net, blocks)
    m, m_val = counts["examples"], counts["validation_examples"]
    record = {
        **training_record(dataset or str(path), s, history, wall, m, m_val),
        "block_rows": rows,
        "train_accuracy": counts["train_correct"] / m if m else None,
        "validation_accuracy": counts["validation_correct"] / m_val if m_val else None,
    }
    metadata = {"classes": classes, "input": spec, "label": label, "training": record}
    return net, metadata, history


def _target_of(
    path: Path, label: str, found: FirstPass | None, s: TrainSettings
) -> dict[str, float] | None:
    """A regression's target standardisation (the training rows' mean and std, std 1
    for a constant target), or None without ``standardize``."""
    assert found is not None  # a regression has no classes: the first pass ran
    if found.target is None:  # the first pass kept the first label that is not a number
        text, line = found.not_number or ("?", 0)
        raise ValueError(
            f"{path}: column {label!r}, line {line}: a regression needs a finite number "
            f"as every label, got {text!r} (--task classification for class names)"
        )
    if not s.standardize or found.target.n == 0:
        return None
    return target_spec(float(found.target.mean[0]), float(found.target.std[0]))


def _epochs(net: Network, blocks: Blocks, s: TrainSettings, progress: bool | str | None) -> History:
    """``s.epochs`` passes over the blocks, one ``fit`` epoch per block's training rows."""
    schedule = schedule_of(s.schedule, s.learning_rate)
    rng = np.random.default_rng(s.seed)  # shuffling and dropout, across every block
    state: dict[str, Any] = {}  # the optimizer's moments and step count, carried
    history = History()
    show = progress in (True, "epochs") or (progress is None and sys.stderr.isatty())
    for epoch in range(s.epochs):
        rate = schedule(epoch) if schedule is not None else s.learning_rate
        total, m = 0.0, 0
        for X, Y, _, _ in blocks.each(validation=False):
            if X.shape[1] == 0:
                continue
            h = net.fit(
                X,
                Y,
                optimizer=s.optimizer,
                learning_rate=s.learning_rate,
                schedule=_at(schedule, epoch),
                epochs=1,
                batch_size=s.batch_size,
                l2=s.l2,
                keep_prob=s.keep_prob,
                seed=rng,
                optimizer_state=state,
                progress=False,
            )
            total += h.costs[0] * X.shape[1]
            m += X.shape[1]
        if m == 0:
            raise _no_training_rows(blocks.path, blocks.val_split)
        history.record(epoch, total / m, rate)
        history.n_epochs, history.n_steps = epoch + 1, int(state["t"])
        if show:
            print(f"training: epoch {epoch + 1}/{s.epochs}, cost {total / m:.4g}", file=sys.stderr)
    return history


def _no_training_rows(path: Path, val_split: float) -> ValueError:
    return ValueError(
        f"{path}: no training rows (a val_split of {val_split:g} held out every row); "
        "use more data or a smaller val_split"
    )


def _at(schedule: Schedule | None, epoch: int) -> Schedule | None:
    """The schedule's rate at the real ``epoch`` for a one-epoch ``fit`` (which asks
    for its epoch 0); None (constant) stays None."""
    if schedule is None:
        return None
    rate = schedule(epoch)
    return lambda _: rate


def _accuracies(net: Network, blocks: Blocks) -> dict[str, int]:
    """Correct predictions and examples of both splits, block by block."""
    counts = dict.fromkeys(
        ("train_correct", "examples", "validation_correct", "validation_examples"), 0
    )
    for X, Y, Xv, Yv in blocks.each(validation=True):
        for (A, B), correct, n in (
            ((X, Y), "train_correct", "examples"),
            ((Xv, Yv), "validation_correct", "validation_examples"),
        ):
            if A.shape[1]:
                counts[correct] += int(round(net.accuracy(A, B) * A.shape[1]))
                counts[n] += A.shape[1]
    return counts


@dataclass
class _Errors:
    """A split's regression sums, merged block by block: the target's statistics
    (for R²'s total sum of squares) and the sums of absolute and squared errors."""

    y: FeatureStats = field(default_factory=lambda: FeatureStats(1))
    abs_sum: float = 0.0
    sq_sum: float = 0.0

    def add(self, predicted: Array, y: Array) -> None:
        if y.size:
            self.y.add(y.reshape(-1, 1))
            err = predicted.reshape(-1) - y
            self.abs_sum += float(np.sum(np.abs(err)))
            self.sq_sum += float(err @ err)

    def metrics(self) -> dict[str, float | None]:
        """R² (scikit-learn's, with 1 or 0 for a constant target), MAE, RMSE."""
        n = self.y.n
        if n == 0:
            return {"r2": None, "mae": None, "rmse": None}
        total = float(self.y.m2[0])
        if n < 2:
            r2 = None
        elif total > 0:
            r2 = 1.0 - self.sq_sum / total
        else:
            r2 = 1.0 if self.sq_sum == 0 else 0.0
        return {"r2": r2, "mae": self.abs_sum / n, "rmse": float(np.sqrt(self.sq_sum / n))}


def _regressor_record(
    net: Network, blocks: Blocks, s: TrainSettings, history: History, wall: float, dataset: str
) -> tuple[Network, dict[str, Any], History]:
    """A streamed regressor's model metadata: the metrics of both splits in the target's
    units, from one more pass."""
    splits = {"train": _Errors(), "validation": _Errors()}
    target = blocks.target
    for X, Y, Xv, Yv in blocks.each(validation=True):
        for (A, B), errors in (((X, Y), splits["train"]), ((Xv, Yv), splits["validation"])):
            if A.shape[1]:
                errors.add(
                    unscaled_targets(net.predict_proba(A), target),
                    unscaled_targets(B[0], target),
                )
    m, m_val = splits["train"].y.n, splits["validation"].y.n
    record = {
        **training_record(dataset, s, history, wall, m, m_val),
        "task": "regression",
        "block_rows": blocks.rows,
    }
    for split, errors in splits.items():
        record |= {f"{split}_{k}": v for k, v in errors.metrics().items()}
    metadata = {
        "task": "regression",
        "target": blocks.target,
        "input": blocks.spec,
        "label": blocks.label,
        "training": record,
    }
    return net, metadata, history


__all__ = ["FeatureStats", "held_out_rows", "refuse_stream", "stream_task", "train_stream"]
