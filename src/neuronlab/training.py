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
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from . import _validation as v
from .initializers import RNG, make_rng
from .network import Network
from .optimizers import GradientDescent, get_optimizer
from .wide import DualFirstLayer, worthwhile

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


def _progress(total: int, enabled: bool | None, desc: str) -> Any:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="epoch", leave=False, dynamic_ncols=True)


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
    schedule: Callable[[int], float] | None = None,
    record_every: int = 1,
    validation_data: tuple[Any, Any] | None = None,
    early_stopping: int | None = None,
    min_delta: float = 0.0,
    progress: bool | None = None,
    callback: Callable[[int, float, Network], Any] | None = None,
    shuffle_rng: Callable[[int], RNG] | None = None,
    dropout_rng: Callable[[int], RNG] | None = None,
    optimizer_state: dict[str, Any] | None = None,
    wide: bool | None = None,
    **optimizer_settings: Any,
) -> History:
    """Train ``net`` in place and return its :class:`History`.

    Parameters
    ----------
    X, Y : inputs of shape (n_x, m) and targets (see ``Network.check_Y``).
        Mini-batches are gathered as rows of ``Xᵀ``: when X's examples are not
        contiguous in memory (a C-ordered (n_x, m) array) ``fit`` first makes one
        transposed copy of X (376 MB for a float64 (784, 60000) X: 0.15 s, or up to
        1 s when the system is slow to hand out fresh memory, as a VM can be).
        ``data.T`` of an (m, n_x) array, as the labs build X, is used without a copy.
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
    validation_data : ``(X_val, Y_val)``, evaluated every epoch.
    early_stopping : stop after this many epochs without the validation cost
        improving by more than ``min_delta``; the best parameters are restored.
    progress : show a progress bar (None: only when stderr is a terminal).
    callback : called as ``callback(epoch, cost, net)`` at each recorded epoch;
        returning True stops training.
    shuffle_rng, dropout_rng : ``epoch -> generator`` / ``step -> generator``,
        to replay a fixed random stream (the labs reseed every epoch or step).
        Reseed one ``RandomState`` (``rs.seed(n); return rs``) rather than build a
        new one per call: construction costs ~0.15 ms, 0.7 s over 5000 epochs.
    optimizer_state : a dict carried from one call to the next to *continue* the
        optimizer (moment estimates ``"state"`` and step count ``"t"``) instead of
        restarting it, as an estimator's ``partial_fit`` needs: read when it holds
        them, written back when training ends.
    wide : full-batch gradient descent on wide inputs in the dual form (see
        :mod:`neuronlab.wide`: same iterates, ~9× faster for the L-layer cat net).
        None: when it pays (full batch, ``"gd"``, ``2m ≤ n_x``, long enough a run;
        validation data is evaluated in the same form); True/False forces it on
        (where it applies) or off.

    Raises
    ------
    TrainingDiverged
        When the cost becomes NaN or infinite; the message names the epoch.
    """
    X = net.check_X(X)
    Y = net.check_Y(Y, X.shape[1])
    m = X.shape[1]
    lr = v.check_positive("learning_rate", learning_rate)
    epochs = v.check_int("epochs", epochs, minimum=0)
    l2 = v.check_positive("l2", l2, allow_zero=True)
    record_every = v.check_int("record_every", record_every, minimum=1)
    keep = v.check_keep_prob(keep_prob, net.n_layers - 1)
    keep_arg = keep if any(k < 1 for k in keep) else None
    if batch_size is not None:
        batch_size = v.check_int("batch_size", batch_size, minimum=1)
    full_batch = batch_size is None or batch_size >= m
    opt = get_optimizer(optimizer, **optimizer_settings)
    if early_stopping is not None:
        v.check_int("early_stopping", early_stopping, minimum=1)
        if validation_data is None:
            raise ValueError("early_stopping: needs validation_data=(X_val, Y_val)")
    if validation_data is not None:
        Xv = net.check_X(validation_data[0], "validation_data[0]")
        Yv = net.check_Y(validation_data[1], Xv.shape[1], "validation_data[1]")
    rng = make_rng(seed)
    if not full_batch:
        # Examples as contiguous rows: gathering a mini-batch of rows is ~10x
        # cheaper than gathering scattered columns; the batch is used transposed.
        XT = np.ascontiguousarray(X.T)  # (m, n_x)
        YT = np.ascontiguousarray(Y.T)  # (m, n_out)

    dual = None
    if (
        full_batch
        and isinstance(opt, GradientDescent)
        and (wide or (wide is None and worthwhile(X.shape[0], m, net.layer_dims[1], epochs)))
    ):
        dual = DualFirstLayer(net, X, Xv if validation_data is not None else None)
        w1 = net.layout.slices()["W1"]  # the layout's first block
        net.grad[w1] = 0  # never written in this form (backward skips dW1)
        stepped = slice(w1.stop, None)  # GD moves the rest; the dual form moves W1
    else:
        stepped = slice(None)

    history = History()
    if optimizer_state is not None and "state" in optimizer_state:
        state, t = optimizer_state["state"], optimizer_state["t"]
    else:
        state, t = opt.init(net.theta), 0
    best: tuple[float, int, Array | None] = (math.inf, -1, None)  # (val cost, epoch, theta)
    bar = _progress(epochs, progress, "training")
    unit = "iteration" if full_batch else "epoch"
    # Overflow on the way to divergence is reported once, by _diverged, not as warnings.
    errstate = np.errstate(over="ignore", invalid="ignore")
    errstate.__enter__()
    try:
        for epoch in range(epochs):
            rate = schedule(epoch) if schedule is not None else lr
            if full_batch:
                drng = dropout_rng(t) if (keep_arg and dropout_rng) else rng
                if dual is not None:
                    _, caches = net.forward(X, keep_arg, drng, Z1=dual.z1())
                    first_sq = dual.weights_sq() if l2 else 0.0
                    cost = net.cost_of(caches, Y, l2, first_sq)
                    record: dict[str, Array] = {}
                    grad = net.backward(caches, Y, l2, keep_arg, record, first_weights=False)
                else:
                    cost, grad = net.loss_and_grad(X, Y, l2, keep_arg, drng)
                if not math.isfinite(cost):
                    _diverged(cost, unit, epoch, rate)
                t += 1
                state = opt.update(net.theta[stepped], grad[stepped], state, t, rate)
                if dual is not None:
                    dual.step(record["dZ1"], rate, l2, m)
                epoch_cost = cost
            else:
                srng = shuffle_rng(epoch) if shuffle_rng else rng
                total = 0.0
                for idx in minibatch_indices(m, batch_size, srng):  # type: ignore[arg-type]
                    Xb = XT[idx].T  # (n_x, b) view of contiguous rows
                    Yb = YT[idx].T
                    drng = dropout_rng(t) if (keep_arg and dropout_rng) else rng
                    cost, grad = net.loss_and_grad(Xb, Yb, l2, keep_arg, drng)
                    if not math.isfinite(cost):
                        _diverged(cost, unit, epoch, rate)
                    t += 1
                    state = opt.update(net.theta, grad, state, t, rate)
                    total += cost * len(idx)
                epoch_cost = total / m
            history.n_epochs = epoch + 1
            history.n_steps = t
            stop = False
            if epoch % record_every == 0 or epoch == epochs - 1:
                history.costs.append(epoch_cost)
                history.epochs.append(epoch)
                history.learning_rates.append(rate)
                if callback is not None:
                    if dual is not None:
                        dual.write_back()  # the callback sees the current W1
                        seen = net.layers[0].W.copy()
                    if callback(epoch, epoch_cost, net):
                        stop = True
                    if dual is not None and not np.array_equal(net.layers[0].W, seen):
                        dual.restart()  # the callback changed W1: go on from its weights
            if validation_data is not None:
                if dual is not None:
                    vcost, vacc = _dual_validation(net, dual, Yv, l2)
                else:
                    vcost, vacc = net.loss_at(Xv, Yv, l2), net.accuracy(Xv, Yv)
                history.val_costs.append(vcost)
                history.val_accuracies.append(vacc)
                history.val_epochs.append(epoch)
                if vcost < best[0] - min_delta:
                    if dual is not None:
                        dual.write_back()  # theta's W1 is stale in the dual form
                    best = (vcost, epoch, net.theta.copy())
                elif early_stopping is not None and epoch - best[1] >= early_stopping:
                    history.stopped_early = True
                    stop = True
            if bar is not None:
                bar.update(1)
                if epoch % max(1, record_every) == 0:
                    bar.set_postfix(cost=f"{epoch_cost:.4g}")
            if stop:
                break
    finally:
        if dual is not None:
            dual.write_back()
        errstate.__exit__(None, None, None)
        if bar is not None:
            bar.close()
        if optimizer_state is not None:
            optimizer_state.update(state=state, t=t)
    if early_stopping is not None and best[2] is not None:
        net.theta[:] = best[2]
        history.best_epoch = best[1]
    return history


def _dual_validation(
    net: Network, dual: DualFirstLayer, Yv: Array, l2: float
) -> tuple[float, float]:
    """Validation cost and accuracy with W1 in the dual form (no ``n1·n_x`` product)."""
    AL, caches = net.forward(dual.X_val, Z1=dual.z1_val())  # type: ignore[arg-type]
    first_sq = dual.weights_sq(fresh=True) if l2 else 0.0
    return net.cost_of(caches, Yv, l2, first_sq), net.accuracy_of(AL, Yv)


def _diverged(cost: float, unit: str, epoch: int, rate: float) -> None:
    raise TrainingDiverged(
        f"training diverged at {unit} {epoch}: the cost is {cost}; "
        f"try a smaller learning_rate (it was {rate:g})"
    )
