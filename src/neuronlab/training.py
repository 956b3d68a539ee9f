"""The training loop: epochs of (mini-)batches, cost history, early stopping.

One epoch is one pass over the data: with ``batch_size=None`` that is one
full-batch gradient step (the labs' "iteration"); otherwise the columns are
shuffled and cut into mini-batches of ``batch_size``, the last partial batch
kept.  The recorded cost of an epoch is the mean cost over its examples,
computed in each batch's forward pass *before* that batch's update (the labs'
convention).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from neuronlab import _validation as v
from neuronlab.initializers import RNG, make_rng
from neuronlab.layers import Dense
from neuronlab.network import Network
from neuronlab.optimizers import (
    GradientDescent,
    Schedule,
    as_schedule,
    get_optimizer,
    optimizer_settings,
)
from neuronlab.threads import blas_threads_for, check_blas_threads, largest_product
from neuronlab.wide import DualDense, worthwhile

Array = np.ndarray


class TrainingDiverged(FloatingPointError):
    """The cost became NaN or infinite."""


@dataclass
class History:
    """What a training run recorded.

    ``costs[i]`` is the cost at epoch ``epochs[i]`` (every ``record_every``
    epochs); validation lists are filled when validation data is given.
    """

    costs: list[float] = field(default_factory=list)
    epochs: list[int] = field(default_factory=list)
    learning_rates: list[float] = field(default_factory=list)
    val_costs: list[float] = field(default_factory=list)
    val_accuracies: list[float] = field(default_factory=list)
    val_epochs: list[int] = field(default_factory=list)
    n_epochs: int = 0
    n_steps: int = 0
    stopped_early: bool = False
    best_epoch: int | None = None

    def record(self, epoch: int, cost: float, learning_rate: float) -> None:
        """Append one recorded epoch."""
        self.epochs.append(epoch)
        self.costs.append(cost)
        self.learning_rates.append(learning_rate)

    def record_validation(self, epoch: int, cost: float, accuracy: float) -> None:
        """Append one epoch's validation cost and accuracy."""
        self.val_epochs.append(epoch)
        self.val_costs.append(cost)
        self.val_accuracies.append(accuracy)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data."""
        return asdict(self)

    def recorded(self, every: int) -> tuple[list[int], list[float]]:
        """``(epochs, costs)`` at the epochs that are multiples of ``every``: the labs'
        ``if i % every == 0`` record, without the last epoch ``fit`` also keeps."""
        kept = [k for k, epoch in enumerate(self.epochs) if epoch % every == 0]
        return [self.epochs[k] for k in kept], [self.costs[k] for k in kept]


def minibatch_indices(m: int, batch_size: int, rng: RNG) -> list[Array]:
    """Shuffle ``range(m)`` with ``rng.permutation`` and cut it into batches.

    ``⌊m / batch_size⌋`` full batches, then one batch with the ``m mod
    batch_size`` remaining examples if any (the labs' ``random_mini_batches``).
    """
    perm = rng.permutation(m)
    return [perm[k : k + batch_size] for k in range(0, m, batch_size)]


Callback = Callable[[int, float, Network], Any]


def fit(
    net: Network,
    X: Any,
    Y: Any,
    *,
    optimizer: Any = "gd",
    learning_rate: float = 0.01,
    epochs: int = 100,
    batch_size: int | None = None,
    l2: float = 0.0,
    keep_prob: float | Sequence[float] = 1.0,
    seed: int | RNG | None = 0,
    schedule: Schedule | None = None,
    record_every: int = 1,
    validation_data: tuple[Any, ...] | None = None,
    early_stopping: int | None = None,
    min_delta: float = 0.0,
    progress: bool | str | None = None,
    callback: Callback | None = None,
    shuffle_rng: Callable[[int], RNG] | None = None,
    dropout_rng: Callable[[int], RNG] | None = None,
    optimizer_state: dict[str, Any] | None = None,
    wide: bool | None = None,
    check_labels: bool = True,
    blas_threads: int | None = None,
    sample_weight: Any = None,
    **optimizer_settings: Any,
) -> History:
    """Train ``net`` in place and return its :class:`History`.

    Parameters
    ----------
    X, Y : inputs of shape (n_x, m) and targets (see ``Network.check_Y``).  For mini-batches,
        ``data.T`` of an (m, n_x) array (as the labs build X) is used without a copy; a
        C-ordered X is copied once.  A SciPy sparse X (``csr.T``) is never densified.
    optimizer : ``"gd" | "momentum" | "rmsprop" | "adam"`` or an optimizer object;
        ``optimizer_settings`` (``beta``, ``beta1``, …) go to it.
    learning_rate : step size α > 0 (the start value when ``schedule`` is given).
    epochs : passes over the data (= iterations when ``batch_size`` is None).
    batch_size : mini-batch size, or None for full-batch steps.
    l2 : L2 strength λ ≥ 0 (cost ``+ λ/(2m) Σ||W||²``).
    keep_prob : dropout keep probability for every hidden layer, or one per layer.
    seed : seeds the shuffling and the dropout masks.
    schedule : ``epoch -> learning rate`` (see :mod:`neuronlab.optimizers`).
    record_every : record the cost every this many epochs (and the last one).
    validation_data : ``(X_val, Y_val[, sample_weight_val])``, evaluated every epoch.
    early_stopping : stop after this many epochs without the validation cost
        improving by more than ``min_delta``; the best parameters are restored.
    progress : a progress bar (None: on a terminal only); ``"epochs"``: a line per epoch.
    callback : called as ``callback(epoch, cost, net)`` at each recorded epoch;
        returning True stops training.
    shuffle_rng, dropout_rng : ``epoch -> generator`` / ``step -> generator``,
        to replay a fixed random stream (the labs reseed every epoch or step):
        reseed one ``RandomState`` (building one costs ~0.15 ms a call).
    optimizer_state : a dict carried from one call to the next to *continue* the
        optimizer (moment estimates ``"state"`` and step count ``"t"``) instead of
        restarting it, as an estimator's ``partial_fit`` needs: read when it holds
        them, written back when training ends.
    wide : full-batch gradient descent on wide inputs in the dual form (see
        :mod:`neuronlab.wide`: same iterates, ~9× faster for the L-layer cat net).
        None: when it pays (full batch, ``"gd"``, ``2m ≤ n_x``, long enough a run);
        True/False forces it on (where it applies) or off.
    check_labels : refuse targets other than 0/1 for a sigmoid output (False: any real Y).
    blas_threads : BLAS threads for the fit; None: chosen by :mod:`neuronlab.threads`.
    sample_weight : a weight ≥ 0 per example (m,): weighted costs (:meth:`Network.cost_of`).

    Raises
    ------
    TrainingDiverged
        When the cost becomes NaN or infinite; the message names the epoch.
    """
    X, Y, l2 = net.check_inputs(X, Y, l2, check_labels=check_labels)
    rate_of = as_schedule(learning_rate, schedule)
    epochs = v.check_int("epochs", epochs, minimum=0)
    record_every = v.check_int("record_every", record_every, minimum=1)
    keep = v.check_keep_prob(keep_prob, net.n_layers - 1)
    weights = v.check_sample_weight(sample_weight, X.shape[1], net.dtype)
    opt = get_optimizer(optimizer, **_known(optimizer, optimizer_settings))
    validation = _validation_set(net, validation_data, early_stopping, check_labels)
    epoch_of = _epochs(X, Y, batch_size, rng := make_rng(seed), shuffle_rng, weights)
    full_batch = isinstance(epoch_of, _FullBatch)
    state, t = _optimizer_start(opt, net.theta, optimizer_state)
    dropout = keep if any(k < 1 for k in keep) else None
    unit = "iteration" if full_batch else "epoch"
    step = _Step(net, opt, l2, dropout, rng, dropout_rng, state, t, unit)
    best = _BestWeights(early_stopping, v.check_positive("min_delta", min_delta, allow_zero=True))
    loop = _Loop(net, step, epoch_of, rate_of, record_every, callback, validation, best)
    work = largest_product(net.layer_dims, epoch_of.size)
    threads = blas_threads_for(work, check_blas_threads(blas_threads))
    # Overflow on the way to divergence is reported once, by TrainingDiverged, not as warnings.
    with np.errstate(over="ignore", invalid="ignore"), _progress(epochs, progress) as bar, threads:
        if full_batch and isinstance(opt, GradientDescent) and weights is None:
            loop.dual = _dual_form(net, X, validation, step, wide, epochs)
        try:
            loop.run(epochs, bar)
        finally:
            loop.finish(optimizer_state)
    if early_stopping is not None:
        loop.restore_best()
    return loop.history


def _epochs(
    X: Array,
    Y: Array,
    batch_size: int | None,
    rng: RNG,
    shuffle_rng: Callable[[int], RNG] | None,
    weights: Array | None,
) -> _FullBatch | _MiniBatches:
    """What an epoch is: one full-batch step (``batch_size`` None or ≥ m) or mini-batches."""
    if batch_size is not None:
        batch_size = v.check_int("batch_size", batch_size, minimum=1)
    if batch_size is None or batch_size >= X.shape[1]:
        return _FullBatch(X, Y, weights)
    return _MiniBatches(X, Y, batch_size, rng, shuffle_rng, weights)


#: Other names for fit's parameters, from the courses and other libraries.
ALIASES = {
    "lr": "learning_rate", "alpha": "learning_rate", "learning_rate_init": "learning_rate",
    "num_iterations": "epochs", "num_epochs": "epochs", "n_epochs": "epochs",
    "max_iter": "epochs", "mini_batch_size": "batch_size", "lambd": "l2", "alpha_l2": "l2",
}  # fmt: skip


def _known(optimizer: Any, settings: dict[str, Any]) -> dict[str, Any]:
    """``settings``, when the optimizer takes them all; a keyword that is neither
    ``fit``'s nor the optimizer's is named, with the closest one it may have meant
    (``epoch`` → ``epochs``)."""
    accepted = optimizer_settings(optimizer)
    unknown = [key for key in settings if key not in accepted]
    if not unknown:
        return settings
    import difflib
    import inspect

    own = [p for p in inspect.signature(fit).parameters if p not in ("net", "optimizer_settings")]
    close = difflib.get_close_matches(unknown[0], [*own, *accepted], n=1)
    close = [ALIASES[unknown[0]]] if unknown[0] in ALIASES else close
    hint = f" — did you mean {close[0]!r}?" if close else ""
    takes = ", ".join(accepted) or "no settings"
    if hasattr(optimizer, "init"):
        takes = "its settings when it is made, e.g. Adam(beta1=0.8)"
    also = f" (optimizer {optimizer!r} takes {takes})"
    raise TypeError(f"fit: unknown argument {unknown[0]!r}{hint}{also if not close else ''}")


def _optimizer_start(opt: Any, theta: Array, carried: dict[str, Any] | None) -> tuple[Any, int]:
    """``(state, t)``: continued from ``carried`` when it holds them, else fresh."""
    fresh = opt.init(theta)
    if carried is None:
        return fresh, 0
    expected = "an empty dict, or the one a previous fit filled (keys 'state' and 't')"
    if not isinstance(carried, dict):
        raise TypeError(f"optimizer_state: expected {expected}, got {type(carried).__name__}")
    if not carried:
        return fresh, 0
    if set(carried) != {"state", "t"}:
        raise ValueError(f"optimizer_state: expected {expected}, got the keys {sorted(carried)}")
    t = v.check_int("optimizer_state['t']", carried["t"])
    problem = _other_form(carried["state"], fresh)
    if problem:
        raise ValueError(
            f"optimizer_state['state']: not this optimizer's state for this network "
            f"({problem}); start with an empty dict"
        )
    return carried["state"], t


def _other_form(state: Any, fresh: Any, path: str = "") -> str:
    """How ``state`` differs in form from a fresh state ("" when it does not)."""
    if isinstance(fresh, np.ndarray):
        if not isinstance(state, np.ndarray) or state.shape != fresh.shape:
            shape = getattr(state, "shape", type(state).__name__)
            return f"{path or 'it'}: expected shape {fresh.shape}, got {shape}"
        return ""
    if isinstance(fresh, (tuple, list)):
        if not isinstance(state, (tuple, list)) or len(state) != len(fresh):
            return f"{path or 'it'}: expected {len(fresh)} items"
        for i, (s, f) in enumerate(zip(state, fresh)):
            found = _other_form(s, f, f"{path}[{i}]")
            if found:
                return found
        return ""
    if isinstance(fresh, dict):
        if not isinstance(state, dict) or set(state) != set(fresh):
            return f"{path or 'it'}: expected the keys {sorted(fresh)}"
        for key in fresh:
            found = _other_form(state[key], fresh[key], f"{path}[{key!r}]")
            if found:
                return found
    return ""


def _validation_set(
    net: Network,
    validation_data: tuple[Any, ...] | None,
    early_stopping: int | None,
    check_labels: bool = True,
) -> tuple[Array, Array, Array | None] | None:
    """``(X_val, Y_val, weights or None)`` checked, or None; early stopping needs them."""
    if early_stopping is not None:
        v.check_int("early_stopping", early_stopping, minimum=1)
        if validation_data is None:
            raise ValueError("early_stopping: needs validation_data=(X_val, Y_val)")
    if validation_data is None:
        return None
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
        got = (
            f"{len(validation_data)} item" + "s" * (len(validation_data) != 1)
            if isinstance(validation_data, (tuple, list))
            else type(validation_data).__name__
        )
        raise TypeError(
            "validation_data: expected a pair (X_val, Y_val) or a triple "
            f"(X_val, Y_val, sample_weight_val), got {got}"
        )
    Xv = net.check_X(validation_data[0], "validation_data[0]")
    Yv = net.check_Y(
        validation_data[1], Xv.shape[1], "validation_data[1]", check_labels=check_labels
    )
    weights = validation_data[2] if len(validation_data) == 3 else None
    wv = v.check_sample_weight(weights, Xv.shape[1], net.dtype, "validation_data[2]")
    return Xv, Yv, wv


def _dual_form(
    net: Network,
    X: Array,
    validation: tuple[Array, Array, Array | None] | None,
    step: _Step,
    wide: bool | None,
    epochs: int,
) -> DualDense | None:
    """Swap the first layer for a :class:`~neuronlab.wide.DualDense` when full-batch
    gradient descent gains by it (or ``wide`` says so); the optimizer then steps only
    the parameters after ``W1``, and the dual layer steps ``W1``."""
    n_x, m = X.shape
    if v.is_sparse(X):  # the dual form's XᵀX is dense; a sparse X trains in the plain form
        if wide:
            raise ValueError("wide: the dual form needs a dense X, got a sparse X; use wide=None")
        return None
    if not (wide or (wide is None and worthwhile(n_x, m, net.layer_dims[1], epochs))):
        return None
    dense = net.layers[0]
    if not isinstance(dense, Dense):
        raise RuntimeError(
            "fit: this network's first layer is held in the dual form by a fit that is "
            "still running (another thread?); one fit at a time per network"
        )
    dual = DualDense(dense, X, None if validation is None else validation[0])
    net.layers[0] = dual
    w1 = net.layout.slices()["W1"]  # the layout's first block
    net.grad[w1] = 0  # never written in this form
    step.stepped, step.dual = slice(w1.stop, None), dual
    return dual


@dataclass
class _Step:
    """One optimizer step on one batch: forward, cost, backward, update.

    Holds the optimizer's state and its step count ``t`` (every batch is a step).
    """

    net: Network
    opt: Any
    l2: float
    keep: tuple[float, ...] | None
    rng: RNG
    dropout_rng: Callable[[int], RNG] | None
    state: Any
    t: int
    unit: str
    stepped: slice = field(default_factory=lambda: slice(None))  # what the optimizer moves
    dual: DualDense | None = None

    def why(self, X: Array, Y: Array, cost: float, epoch: int, rate: float) -> str:
        """What made the cost ``cost`` (NaN or infinite): inputs too large for the
        forward pass, targets too large for the cost, the initial weights (before any
        step), or the learning rate."""
        at = f"training diverged at {self.unit} {epoch}: the cost is {cost}"
        with np.errstate(over="ignore", invalid="ignore"):
            if v.is_sparse(X):
                largest = abs(X).max(axis=1).toarray().ravel()
            else:
                largest = np.max(np.abs(X), axis=1)
        row = int(np.argmax(largest))
        if largest[row] > 1e100:
            return (
                f"X: {at}: feature {row} (row {row} of X) holds values up to "
                f"{largest[row]:.3g}, too large for the forward and backward passes; scale "
                "the inputs (e.g. standardise each feature)"
            )
        with np.errstate(over="ignore", invalid="ignore"):
            top = float(np.max(np.abs(Y))) if Y.size else 0.0
        if top > 1e100:  # a regression's targets: (a - y)² overflows whatever the weights
            return f"Y: {at}: the targets reach {top:.3g}, too large for the cost; scale them"
        if self.t == 0:
            return f"{at} before any step, with the initial weights: try a smaller initialisation"
        return f"{at}; try a smaller learning_rate (it was {rate:g})"

    def __call__(
        self, X: Array, Y: Array, epoch: int, rate: float, weights: Array | None = None
    ) -> float:
        """Step on the batch ``(X, Y)`` (its examples' ``weights``); returns its cost
        before the step."""
        drng = self.dropout_rng(self.t) if (self.keep and self.dropout_rng) else self.rng
        cost, grad = self.net.loss_and_grad(X, Y, self.l2, self.keep, drng, weights)
        if not math.isfinite(cost):
            raise TrainingDiverged(self.why(X, Y, cost, epoch, rate))
        self.t += 1
        theta = self.net.theta[self.stepped]
        self.state = self.opt.update(theta, grad[self.stepped], self.state, self.t, rate)
        if self.dual is not None:
            self.dual.step(rate, self.l2, X.shape[1])
        return cost


class _FullBatch:
    """An epoch that is one step on all the examples (the labs' "iteration")."""

    def __init__(self, X: Array, Y: Array, weights: Array | None = None) -> None:
        self.X, self.Y, self.weights = X, Y, weights
        self.size = X.shape[1]  # examples in a step

    def __call__(self, step: _Step, epoch: int, rate: float) -> float:
        return step(self.X, self.Y, epoch, rate, self.weights)


class _MiniBatches:
    """An epoch of shuffled mini-batches; its cost is the mean over the examples."""

    def __init__(
        self,
        X: Array,
        Y: Array,
        batch_size: int,
        rng: RNG,
        shuffle_rng: Callable[[int], RNG] | None,
        weights: Array | None = None,
    ) -> None:
        # Examples as contiguous rows: gathering a mini-batch of rows is ~10x
        # cheaper than gathering scattered columns; the batch is used transposed.
        # A C-ordered (n_x, m) X costs one transposed copy here (376 MB for a float64
        # (784, 60000) X: 0.15 s, or up to 1 s where fresh memory is slow, as on a VM).
        # A sparse X keeps its examples as CSR rows: a batch of rows is gathered from
        # the stored entries only (the user's CSR (m, n_x), X.T here, is not copied).
        self.XT = X.T.tocsr() if v.is_sparse(X) else np.ascontiguousarray(X.T)  # (m, n_x)
        self.YT = np.ascontiguousarray(Y.T)  # (m, n_out)
        self.batch_size, self.rng, self.shuffle_rng = batch_size, rng, shuffle_rng
        self.weights, self.size = weights, batch_size

    def __call__(self, step: _Step, epoch: int, rate: float) -> float:
        m = self.XT.shape[0]
        shuffle = self.shuffle_rng(epoch) if self.shuffle_rng else self.rng
        total = 0.0
        if self.weights is None:
            for idx in minibatch_indices(m, self.batch_size, shuffle):
                cost = step(self.XT[idx].T, self.YT[idx].T, epoch, rate)  # (n_x, b) views
                total += cost * len(idx)
            return total / m
        for idx in minibatch_indices(m, self.batch_size, shuffle):
            w = self.weights[idx]
            if not w.any():  # no example of this batch counts: no step
                continue
            total += step(self.XT[idx].T, self.YT[idx].T, epoch, rate, w) * float(w.sum())
        return total / float(self.weights.sum())


@dataclass
class _BestWeights:
    """The best validation cost so far, its epoch and weights; with a ``patience``,
    when training should stop (no improvement by more than ``min_delta``)."""

    patience: int | None
    min_delta: float
    cost: float = math.inf
    epoch: int = -1
    theta: Array | None = None

    def improves(self, cost: float) -> bool:
        return cost < self.cost - self.min_delta

    def exhausted(self, epoch: int) -> bool:
        return self.patience is not None and epoch - self.epoch >= self.patience


@dataclass
class _Loop:
    """The epochs: step, record, call back, validate, stop early."""

    net: Network
    step: _Step
    epoch_of: Callable[[_Step, int, float], float]
    rate_of: Schedule
    record_every: int
    callback: Callback | None
    validation: tuple[Array, Array, Array | None] | None
    best: _BestWeights
    dual: DualDense | None = None
    history: History = field(default_factory=History)

    def __post_init__(self) -> None:  # before the first epoch, not at the first record
        if self.callback is not None and not callable(self.callback):
            raise TypeError(
                f"callback: expected a function callback(epoch, cost, net), got {self.callback!r}"
            )

    def run(self, epochs: int, bar: Any) -> None:
        history = self.history
        for epoch in range(epochs):
            rate = self.rate_of(epoch)
            cost = self.epoch_of(self.step, epoch, rate)
            history.n_epochs, history.n_steps = epoch + 1, self.step.t
            stop = False
            if epoch % self.record_every == 0 or epoch == epochs - 1:
                history.record(epoch, cost, rate)
                if self.callback is not None:
                    stop = self.call_back(epoch, cost)
            if self.validation is not None:
                stop = self.validate(epoch) or stop
            if bar is not None:
                lines = isinstance(bar, _ProgressLines)  # cheap: this epoch's own cost
                if lines or epoch % self.record_every == 0 or epoch == epochs - 1:
                    bar.set_postfix(**self.scores(cost))
                bar.update(1)  # after its scores: a line for this epoch says this epoch's
            if stop:
                break

    def scores(self, cost: float) -> dict[str, str]:
        """What a progress bar or line shows of an epoch: its cost and, with
        validation data, the validation cost and (a classifier's) accuracy."""
        shown = {"cost": f"{cost:.4g}"}
        if self.validation is not None:
            shown["validation cost"] = f"{self.history.val_costs[-1]:.4g}"
            if self.net.activations[-1].name in ("sigmoid", "softmax"):
                accuracy = self.history.val_accuracies[-1]
                shown["validation accuracy"] = f"{100 * accuracy:.2f} %"
        return shown

    def finish(self, optimizer_state: dict[str, Any] | None) -> None:
        """After the last epoch (or an error): ``W1`` back into ``theta`` and the plain
        layer back in place; the optimizer's state saved for a later call."""
        if self.dual is not None:
            self.dual.write_back()
            self.net.layers[0] = self.dual.dense
        if optimizer_state is not None:
            optimizer_state.update(state=self.step.state, t=self.step.t)

    def restore_best(self) -> None:
        """Early stopping's end: the weights of the best validation cost."""
        if self.best.theta is not None:
            self.net.theta[:] = self.best.theta
            self.history.best_epoch = self.best.epoch

    def call_back(self, epoch: int, cost: float) -> bool:
        """``callback(epoch, cost, net)``; True stops.  In the dual form the callback
        sees the plain network with the current ``W1`` (its gradients, a gradient check
        or even another fit work as they would outside), and a change it makes to
        ``W1`` restarts the form."""
        if self.dual is None:
            return bool(self.callback(epoch, cost, self.net))  # type: ignore[misc]
        self.dual.write_back()
        dense = self.net.layers[0] = self.dual.dense
        seen = dense.W.copy()
        try:
            stop = bool(self.callback(epoch, cost, self.net))  # type: ignore[misc]
        finally:
            self.net.layers[0] = self.dual
        if not np.array_equal(dense.W, seen):
            self.dual.restart()
        return stop

    def validate(self, epoch: int) -> bool:
        """Record the validation cost and accuracy, keep the best weights; True stops."""
        Xv, Yv, wv = self.validation  # type: ignore[misc]
        cost, accuracy = self.net.cost_and_accuracy(Xv, Yv, self.step.l2, wv)
        self.history.record_validation(epoch, cost, accuracy)
        if self.best.improves(cost):
            if self.dual is not None:
                self.dual.write_back()  # theta's W1 is stale in the dual form
            self.best.cost, self.best.epoch, self.best.theta = cost, epoch, self.net.theta.copy()
            return False
        if self.best.exhausted(epoch):
            self.history.stopped_early = True
            return True
        return False


@contextmanager
def _progress(total: int, enabled: bool | str | None) -> Iterator[Any]:
    """A tqdm bar over the epochs (None: only when stderr is a terminal), lines in a
    log (at most one every 10 s), or None; ``"epochs"``: a line on stderr every epoch
    with its cost and, with validation data, the validation cost and accuracy."""
    if enabled not in (None, True, False, "epochs"):
        raise ValueError(f"progress: expected True, False, None or 'epochs', got {enabled!r}")
    terminal = sys.stderr.isatty()
    if enabled is None:
        enabled = terminal
    if not enabled:
        yield None
        return
    if not terminal or enabled == "epochs":  # whole lines, not a bar redrawn with \r
        lines = _ProgressLines(total, interval=0.0 if enabled == "epochs" else 10.0)
        try:
            yield lines
        finally:
            lines.close()
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc="training", unit="epoch", leave=False, dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.close()


class _ProgressLines:
    """Progress for a log (stderr not a terminal): one line at most every
    ``interval`` seconds — never more than one per epoch — and one at the end."""

    def __init__(self, total: int, interval: float = 10.0) -> None:
        self.total, self.interval = total, interval
        self.done, self.scores = 0, ""
        self.last = time.monotonic()
        self.said = -1

    def update(self, n: int) -> None:
        self.done += n
        if time.monotonic() - self.last >= self.interval:
            self.say()

    def set_postfix(self, **scores: str) -> None:
        self.scores = "".join(f", {name} {value}" for name, value in scores.items())

    def say(self) -> None:
        if self.done == self.said:
            return
        line = f"training: epoch {self.done}/{self.total}{self.scores}"
        print(line, file=sys.stderr, flush=True)
        self.last, self.said = time.monotonic(), self.done

    def close(self) -> None:
        if self.done:
            self.say()


def _method_signature(function: Callable[..., Any]) -> Any:
    """``function``'s signature with its first parameter as ``self``."""
    import inspect

    sig = inspect.signature(function)
    first, *rest = sig.parameters.values()
    return sig.replace(parameters=[first.replace(name="self"), *rest])


# Network.fit forwards here: help(), IDEs and inspect show the real parameters.
setattr(Network.fit, "__signature__", _method_signature(fit))  # noqa: B010
