"""Lab 3.7 — optimization methods: mini-batch GD, momentum, Adam, learning-rate decay.

The course's function names over the engine.  The lab trains a 3-layer net
``[2, 5, 2, 1]`` (LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID, He initialisation
after seed 3) on the moons, with mini-batches of 64 for 5000 epochs (the
2021+ version; the older one ran 10000):

=========  ==========================================================
gd         θ ← θ − α g
momentum   v ← β v + (1 − β) g;  θ ← θ − α v
adam       v ← β₁ v + (1 − β₁) g;  s ← β₂ s + (1 − β₂) g²;
           θ ← θ − α v̂ / (√ŝ + ε),  v̂ = v / (1 − β₁ᵗ),  ŝ = s / (1 − β₂ᵗ)
=========  ==========================================================

The update functions take and return the course's dicts (``W1, b1, …``;
gradients, ``v`` and ``s`` keyed ``dW1, db1, …``) but compute with the
engine's optimizers: the dicts are packed into one flat vector each
(:class:`~neuronlab.flatten.ParameterLayout`), one ``update`` runs, and the
result is unpacked into new dicts (the inputs are never modified).

The lab's network and recipe exist once, :func:`network` and :func:`train`;
``model`` and the experiment call them.  The recipe reproduces the lab's random
streams: epoch ``i`` (0-based) shuffles with ``np.random.seed(11 + i)`` (its
``seed = 10; seed += 1`` per epoch), Adam's step ``t`` counts every mini-batch and
is never reset, and the cost printed and recorded is the epoch average
``cost_total / m``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from neuronlab import datasets
from neuronlab._validation import check_choice, check_int, check_matrix, check_positive
from neuronlab.labs._adapt import (
    Callback,
    cost_printer,
    layout_of,
    optimizer_step,
    parameter_copies,
    unpack,
)
from neuronlab.labs.initialization import (
    INIT_SEED,
    backward_propagation,
    forward_propagation,
    predict,
    predict_dec,
)
from neuronlab.labs.initialization import initialize_parameters_he as initialize_parameters
from neuronlab.labs.initialization import network as _start
from neuronlab.labs.initialization import update_parameters as _gd
from neuronlab.network import Network
from neuronlab.optimizers import Adam, Momentum, inverse_time_decay, stepped_inverse_time_decay
from neuronlab.training import History, minibatch_indices

__all__ = [
    "load_dataset",
    "initialize_parameters",
    "forward_propagation",
    "backward_propagation",
    "compute_cost",
    "update_parameters_with_gd",
    "random_mini_batches",
    "initialize_velocity",
    "update_parameters_with_momentum",
    "initialize_adam",
    "update_parameters_with_adam",
    "update_lr",
    "schedule_lr_decay",
    "model",
    "predict",
    "predict_dec",
    "lab_schedule",
    "lab_shuffles",
    "INIT_SEED",
    "network",
    "train",
]

Array = np.ndarray
Params = dict[str, Array]

#: The seed before the epoch loop; epoch i shuffles with ``FIRST_SEED + 1 + i``.
FIRST_SEED = 10
OPTIMIZERS = ("gd", "momentum", "adam")
#: The lab's architecture; it records the cost every 100 epochs and prints it every 1000.
LAYERS_DIMS, RECORD_EVERY, PRINT_EVERY = (2, 5, 2, 1), 100, 1000


# ------------------------------------------------------------------------ data


def load_dataset() -> tuple[Array, Array]:
    """The lab's moons: ``make_moons(300, noise=.2)`` after ``np.random.seed(3)``.

    Returns
    -------
    train_X : ndarray of shape (2, 300)
    train_Y : ndarray of shape (1, 300), labels 0/1
    """
    train_X, train_Y = datasets.moons()
    return train_X, train_Y


def compute_cost(a3: Array, Y: Array) -> float:
    """The **sum** over the mini-batch of ``−y log a3 − (1−y) log(1−a3)`` (not the mean):
    the model divides the epoch's total by ``m``."""
    from neuronlab.losses import binary_cross_entropy_terms

    return float(np.sum(binary_cross_entropy_terms(a3, Y)))


# ------------------------------------------------------------- gradient descent


def update_parameters_with_gd(
    parameters: Mapping[str, Array], grads: Mapping[str, Array], learning_rate: float
) -> Params:
    """One (mini-)batch gradient-descent step ``W{l} −= α·dW{l}``, ``b{l} −= α·db{l}``.

    Returns a new dict; ``parameters`` is not modified.
    """
    return _gd(parameters, grads, learning_rate)


def random_mini_batches(
    X: Array, Y: Array, mini_batch_size: int = 64, seed: int = 0
) -> list[tuple[Array, Array]]:
    """Shuffle the columns with ``np.random.seed(seed)``'s permutation and cut them.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m) (or anything with m entries; reshaped to (1, m))
    mini_batch_size : columns per batch.
    seed : the seed the lab sets inside (a private ``RandomState`` here).

    Returns
    -------
    list of ``(mini_batch_X, mini_batch_Y)`` tuples
        ``⌊m / size⌋`` full batches, then one of the ``m mod size`` remaining
        columns if any; ``mini_batch_X`` of shape (n_x, size), ``mini_batch_Y`` (1, size).
    """
    X = check_matrix("X", X, finite=False)
    m = X.shape[1]
    Y = np.asarray(Y)
    if Y.size != m:
        raise ValueError(f"Y: expected {m} labels like X's columns, got shape {Y.shape}")
    Y = Y.reshape(1, m)
    size = check_int("mini_batch_size", mini_batch_size, minimum=1)
    rng = np.random.RandomState(check_int("seed", seed))
    return [(X[:, idx], Y[:, idx]) for idx in minibatch_indices(m, size, rng)]


# -------------------------------------------------------------------- momentum


def initialize_velocity(parameters: Mapping[str, Array]) -> Params:
    """Momentum's ``v``: zeros keyed ``dW1, db1, …`` shaped like ``W1, b1, …``."""
    layout = layout_of(parameters)
    opt = Momentum()
    (vel,) = opt.moments(opt.init(layout.pack(parameters)))
    return unpack(layout, vel, prefix="d")


def update_parameters_with_momentum(
    parameters: Mapping[str, Array],
    grads: Mapping[str, Array],
    v: Mapping[str, Array],
    beta: float,
    learning_rate: float,
) -> tuple[Params, Params]:
    """One momentum step: ``v ← β v + (1 − β) g``, ``θ ← θ − α v``.

    Returns
    -------
    (parameters, v) : new dicts.
    """
    new, (vel,), layout = optimizer_step(
        Momentum(beta=beta), parameters, grads, [v], 1, learning_rate
    )
    return new, unpack(layout, vel, prefix="d")


# ------------------------------------------------------------------------ Adam


def initialize_adam(parameters: Mapping[str, Array]) -> tuple[Params, Params]:
    """Adam's ``(v, s)``: two dicts of zeros keyed ``dW1, db1, …``."""
    layout = layout_of(parameters)
    opt = Adam()
    mom, sq = opt.moments(opt.init(layout.pack(parameters)))
    return unpack(layout, mom, prefix="d"), unpack(layout, sq, prefix="d")


def update_parameters_with_adam(
    parameters: Mapping[str, Array],
    grads: Mapping[str, Array],
    v: Mapping[str, Array],
    s: Mapping[str, Array],
    t: int,
    learning_rate: float = 0.01,
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float = 1e-8,
    *,
    return_corrected: bool = True,
) -> tuple[Params, ...]:
    """One Adam step ``t`` (1-based, counting every mini-batch).

    ``v ← β₁ v + (1 − β₁) g``, ``s ← β₂ s + (1 − β₂) g²``,
    ``θ ← θ − α v̂ / (√ŝ + ε)`` with ``v̂ = v / (1 − β₁ᵗ)``, ``ŝ = s / (1 − β₂ᵗ)``
    (ε outside the root).

    Returns
    -------
    (parameters, v, s, v_corrected, s_corrected) : new dicts (2021+), or
    (parameters, v, s) with ``return_corrected=False`` (the 2017/2019 form).
    """
    t = check_int("t", t, minimum=1)
    opt = Adam(beta1=beta1, beta2=beta2, epsilon=epsilon)
    new, (mom, sq), layout = optimizer_step(opt, parameters, grads, [v, s], t, learning_rate)
    out = (new, unpack(layout, mom, prefix="d"), unpack(layout, sq, prefix="d"))
    if not return_corrected:
        return out
    v_hat, s_hat = opt.bias_corrected((mom, sq), t)
    return (*out, unpack(layout, v_hat, prefix="d"), unpack(layout, s_hat, prefix="d"))


# ------------------------------------------------------------ learning-rate decay


def update_lr(learning_rate0: float, epoch_num: int, decay_rate: float) -> float:
    """``α = α₀ / (1 + decay_rate·epoch_num)`` (inverse-time decay)."""
    return float(inverse_time_decay(learning_rate0, decay_rate)(epoch_num))


def schedule_lr_decay(
    learning_rate0: float, epoch_num: int, decay_rate: float, time_interval: int = 1000
) -> float:
    """``α = α₀ / (1 + decay_rate·⌊epoch_num / time_interval⌋)``: the same decay in steps,
    so the rate does not collapse within the first few epochs."""
    return float(stepped_inverse_time_decay(learning_rate0, decay_rate, time_interval)(epoch_num))


# ---------------------------------------------------------------------- model


def lab_schedule(
    learning_rate0: float, decay: Callable[[float, int, float], float] | None, decay_rate: float
) -> Callable[[int], float] | None:
    """The lab's decay timing as an engine ``schedule(epoch)``.

    The lab trains epoch 0 at ``α₀`` and, after epoch ``i``, sets
    ``α = decay(α₀, i, decay_rate)`` for epoch ``i + 1``.
    """
    if decay is None:
        return None
    return lambda epoch: (
        learning_rate0 if epoch == 0 else decay(learning_rate0, epoch - 1, decay_rate)
    )


def lab_shuffles() -> Callable[[int], np.random.RandomState]:
    """The lab's shuffling streams as an engine ``shuffle_rng(epoch)``: epoch ``i``
    uses ``np.random.seed(11 + i)``.  One private ``RandomState`` is reseeded
    (building a new one costs ~0.15 ms, a third of an epoch here)."""
    stream = np.random.RandomState(FIRST_SEED + 1)

    def shuffle_rng(epoch: int) -> np.random.RandomState:
        stream.seed(FIRST_SEED + 1 + epoch)
        return stream

    return shuffle_rng


def network(
    layers_dims: Sequence[int] = LAYERS_DIMS, *, seed: int = INIT_SEED, dtype: str = "float64"
) -> Network:
    """LINEAR→RELU→…→LINEAR→SIGMOID with He weights after ``np.random.seed(3)`` (a
    private ``RandomState``): lab 3.4's He start (:func:`initialize_parameters`)."""
    return _start(layers_dims, "he", seed=seed, dtype=dtype)


def train(
    X: Array,
    Y: Array,
    layers_dims: Sequence[int] = LAYERS_DIMS,
    optimizer: str = "gd",
    *,
    learning_rate: float = 0.0007,
    mini_batch_size: int = 64,
    beta: float = 0.9,
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float = 1e-8,
    num_epochs: int = 5000,
    decay: Callable[[float, int, float], float] | None = None,
    decay_rate: float = 1,
    record_every: int = RECORD_EVERY,
    seed: int = INIT_SEED,
    dtype: str = "float64",
    callback: Callback | None = None,
    check_labels: bool = True,
) -> tuple[Network, History]:
    """The lab's recipe → ``(net, history)``: :func:`network`, then mini-batch GD,
    momentum or Adam.

    Epoch ``i`` shuffles with ``np.random.seed(11 + i)`` (:func:`lab_shuffles`),
    the step ``t`` counts every mini-batch, a ``decay`` sets the rate of epoch
    ``i + 1`` (:func:`lab_schedule`); the cost recorded is the epoch average.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), labels 0/1.
    layers_dims, seed, dtype : the network's (see :func:`network`).
    optimizer : ``"gd" | "momentum" | "adam"`` (``beta`` for momentum; ``beta1``,
        ``beta2``, ``epsilon`` for Adam).
    learning_rate : α (α₀ when decaying); the lab's 0.0007.
    mini_batch_size, num_epochs : the lab's 64 and 5000.
    decay : ``decay(learning_rate0, epoch_num, decay_rate)``, e.g. :func:`update_lr`
        or :func:`schedule_lr_decay`; applied after each epoch.
    decay_rate : passed to ``decay``.
    record_every, callback : the cost is recorded every ``record_every`` epochs and
        at the last, when ``callback(epoch, cost, net)`` is called.
    check_labels : refuse a ``Y`` that is not labels 0/1 (:func:`neuronlab.training.fit`'s
        check, for training a classifier); the course-named functions pass False,
        their formulas take any real ``Y``.
    """
    check_choice("optimizer", optimizer, OPTIMIZERS)
    settings: dict[str, Any] = {}
    if optimizer == "momentum":
        settings = {"beta": beta}
    elif optimizer == "adam":
        settings = {"beta1": beta1, "beta2": beta2, "epsilon": epsilon}
    net = network(layers_dims, seed=seed, dtype=dtype)
    lr0 = check_positive("learning_rate", learning_rate)
    history = net.fit(
        X, Y, optimizer=optimizer, learning_rate=lr0, epochs=num_epochs,
        batch_size=mini_batch_size, schedule=lab_schedule(lr0, decay, decay_rate),
        shuffle_rng=lab_shuffles(), record_every=record_every, callback=callback,
        progress=False, check_labels=check_labels, **settings,
    )  # fmt: skip
    return net, history


def model(
    X: Array,
    Y: Array,
    layers_dims: Sequence[int],
    optimizer: str,
    learning_rate: float = 0.0007,
    mini_batch_size: int = 64,
    beta: float = 0.9,
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float = 1e-8,
    num_epochs: int = 5000,
    print_cost: bool = True,
    decay: Callable[[float, int, float], float] | None = None,
    decay_rate: float = 1,
) -> Params:
    """Train with mini-batch GD, momentum or Adam, optionally with learning-rate decay.

    The lab's recipe, :func:`train`, with the course's printing.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m), labels 0/1 (any real values are taken, as by the lab).
    layers_dims : sizes ``[n_x, …, 1]`` (the lab's ``[2, 5, 2, 1]``).
    optimizer : ``"gd" | "momentum" | "adam"``.
    learning_rate : α (α₀ when decaying); the lab's 0.0007.
    mini_batch_size, beta, beta1, beta2, epsilon, num_epochs : as in the lab.
    print_cost : print ``Cost after epoch i: …`` (and the learning rate when
        decaying) every 1000 epochs.
    decay : ``decay(learning_rate0, epoch_num, decay_rate)``, e.g. :func:`update_lr`
        or :func:`schedule_lr_decay`; applied after each epoch.
    decay_rate : passed to ``decay``.

    Returns
    -------
    dict
        The trained ``W1, b1, …``.
    """

    def line(i: int, cost: float) -> str:
        text = f"Cost after epoch {i}: {cost:f}"
        if decay is not None:
            text += f"\nlearning rate after epoch {i}: {decay(learning_rate, i, decay_rate):f}"
        return text

    net, _ = train(
        X, Y, layers_dims, optimizer, learning_rate=learning_rate,
        mini_batch_size=mini_batch_size, beta=beta, beta1=beta1, beta2=beta2, epsilon=epsilon,
        num_epochs=num_epochs, decay=decay, decay_rate=decay_rate,
        callback=cost_printer(print_cost, PRINT_EVERY, line), check_labels=False,
    )  # fmt: skip
    return parameter_copies(net.parameters)
