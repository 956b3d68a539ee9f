"""Optimizers and learning-rate schedules, state in → state out.

Every optimizer follows one protocol (after JAX's ``example_libraries``)::

    state = opt.init(theta)            # or opt.init(theta, moments) to continue
    state = opt.update(theta, grad, state, t, learning_rate)   # theta updated in place
    opt.moments(state)                 # the moving averages below, e.g. (v, s)

``theta`` and ``grad`` are the network's flat vectors (see :mod:`neuronlab.flatten`),
so each step is a handful of whole-vector NumPy operations whatever the
number of layers.  ``t`` is the 1-based step count (Adam's bias correction
uses it); the optimizer keeps no hidden counter, so a caller can reset or
continue it at will.  State arrays are updated in place and returned; they
hold the moving averages in whatever scaling makes the update cheapest, so
read them through ``moments`` (and seed them through ``init``).

=========  ==================================================================
gd         θ ← θ − α g
momentum   v ← β v + (1 − β) g;  θ ← θ − α v
rmsprop    s ← β s + (1 − β) g²;  θ ← θ − α g / (√s + ε)
adam       v ← β₁ v + (1 − β₁) g;  s ← β₂ s + (1 − β₂) g²;
           θ ← θ − α v̂ / (√ŝ + ε),  v̂ = v / (1 − β₁ᵗ),  ŝ = s / (1 − β₂ᵗ)
=========  ==================================================================
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from neuronlab._validation import check_choice, check_int, check_positive

Array = np.ndarray
State = tuple[Array, ...]


def _check_beta(name: str, beta: float) -> float:
    b = check_positive(name, beta, allow_zero=True)
    if b >= 1:
        raise ValueError(f"{name}: expected a number in [0, 1), got {beta!r}")
    return b


def _initial(theta: Array, moments: Sequence[Array], scales: Sequence[float]) -> list[Array]:
    """The stored moment buffers: zeros, or the given textbook moments ÷ their scales."""
    if moments is None or len(moments) == 0:
        return [np.zeros_like(theta) for _ in scales]
    if len(moments) != len(scales):
        raise ValueError(
            f"moments: expected a sequence of {len(scales)} arrays shaped like theta, "
            f"got {len(moments)} items"
        )
    out = []
    for k, (mom, scale) in enumerate(zip(moments, scales)):
        mom = np.asarray(mom)
        if mom.shape != theta.shape:
            raise ValueError(f"moments[{k}]: expected shape {theta.shape}, got {mom.shape}")
        out.append(np.divide(mom, scale, dtype=theta.dtype))
    return out


@dataclass(frozen=True)
class GradientDescent:
    """Plain (batch or mini-batch) gradient descent: ``θ ← θ − α g``."""

    name = "gd"

    def init(self, theta: Array, moments: Sequence[Array] = ()) -> State:
        _initial(theta, moments, ())
        return ()

    def update(
        self, theta: Array, grad: Array, state: State, t: int, learning_rate: float
    ) -> State:
        theta -= learning_rate * grad
        return state

    def moments(self, state: State) -> tuple[Array, ...]:
        return ()

    def to_config(self) -> dict[str, Any]:
        return {"name": self.name}


@dataclass(frozen=True)
class Momentum:
    """Gradient descent with momentum: an exponentially weighted mean of gradients.

    The state keeps ``u = v / (1 − β)``, which updates in two passes
    (``u ← β u + g``) instead of three; :meth:`moments` gives ``v`` back.
    """

    beta: float = 0.9
    name = "momentum"

    def __post_init__(self) -> None:
        _check_beta("beta", self.beta)

    def init(self, theta: Array, moments: Sequence[Array] = ()) -> State:
        (vel,) = _initial(theta, moments, (1 - self.beta,))
        return (vel, np.empty_like(theta))

    def update(
        self, theta: Array, grad: Array, state: State, t: int, learning_rate: float
    ) -> State:
        vel, buf = state
        vel *= self.beta
        vel += grad  # u = v / (1 − β)
        np.multiply(vel, learning_rate * (1 - self.beta), out=buf)
        theta -= buf
        return state

    def moments(self, state: State) -> tuple[Array, ...]:
        """``(v,)``, the mean of the gradients (a new array)."""
        return (state[0] * (1 - self.beta),)

    def to_config(self) -> dict[str, Any]:
        return {"name": self.name, "beta": self.beta}


@dataclass(frozen=True)
class RMSProp:
    """RMSProp: divide the step by a running root-mean-square of the gradient.

    The state keeps ``q = s / (1 − β)`` (``q ← β q + g²``, one pass fewer);
    with ``k = √(1 − β)`` the step ``α g / (√s + ε)`` is ``(α/k) g / (√q + ε/k)``.
    """

    beta: float = 0.9
    epsilon: float = 1e-8
    name = "rmsprop"

    def __post_init__(self) -> None:
        _check_beta("beta", self.beta)
        check_positive("epsilon", self.epsilon)

    def init(self, theta: Array, moments: Sequence[Array] = ()) -> State:
        (sq,) = _initial(theta, moments, (1 - self.beta,))
        return (sq, np.empty_like(theta))

    def update(
        self, theta: Array, grad: Array, state: State, t: int, learning_rate: float
    ) -> State:
        sq, buf = state
        k = math.sqrt(1 - self.beta)
        sq *= self.beta
        np.multiply(grad, grad, out=buf)
        sq += buf  # q = s / (1 − β)
        np.sqrt(sq, out=buf)
        buf += self.epsilon / k
        np.divide(grad, buf, out=buf)
        buf *= learning_rate / k
        theta -= buf
        return state

    def moments(self, state: State) -> tuple[Array, ...]:
        """``(s,)``, the mean of the squared gradients (a new array)."""
        return (state[0] * (1 - self.beta),)

    def to_config(self) -> dict[str, Any]:
        return {"name": self.name, "beta": self.beta, "epsilon": self.epsilon}


@dataclass(frozen=True)
class Adam:
    """Adam (Kingma & Ba, 2015) with bias correction; ``ε`` outside the root.

    The update runs in place on preallocated buffers, in ten whole-vector
    passes: no temporary array is allocated per step (a naive version spends
    a sixth of an MNIST epoch allocating them).  To save passes the state keeps
    ``u = v / (1 − β₁)`` and ``q = s / (1 − β₂)`` (``u ← β₁ u + g``,
    ``q ← β₂ q + g²``), and the bias corrections become two scalars:
    with ``k = √((1 − β₂) / (1 − β₂ᵗ))``, ``α v̂ / (√ŝ + ε)`` is
    ``[α (1 − β₁) / ((1 − β₁ᵗ) k)] · u / (√q + ε/k)``.  :meth:`moments` gives
    the textbook ``(v, s)``; ``init(theta, (v, s))`` starts from them.
    """

    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    name = "adam"

    def __post_init__(self) -> None:
        _check_beta("beta1", self.beta1)
        _check_beta("beta2", self.beta2)
        check_positive("epsilon", self.epsilon)

    def init(self, theta: Array, moments: Sequence[Array] = ()) -> State:
        mom, sq = _initial(theta, moments, (1 - self.beta1, 1 - self.beta2))
        return (mom, sq, np.empty_like(theta))

    def update(
        self, theta: Array, grad: Array, state: State, t: int, learning_rate: float
    ) -> State:
        if t < 1:
            raise ValueError(f"t: expected the 1-based step number (>= 1), got {t!r}")
        mom, sq, buf = state
        b1, b2 = self.beta1, self.beta2
        mom *= b1
        mom += grad  # u = v / (1 − β1)
        np.multiply(grad, grad, out=buf)
        sq *= b2
        sq += buf  # q = s / (1 − β2)
        k = math.sqrt((1 - b2) / (1 - b2**t))
        np.sqrt(sq, out=buf)
        buf += self.epsilon / k
        np.divide(mom, buf, out=buf)
        buf *= learning_rate * (1 - b1) / ((1 - b1**t) * k)
        theta -= buf
        return state

    def moments(self, state: State) -> tuple[Array, ...]:
        """``(v, s)``, the moving means of the gradients and their squares (new arrays)."""
        return (state[0] * (1 - self.beta1), state[1] * (1 - self.beta2))

    def bias_corrected(self, moments: Sequence[Array], t: int) -> tuple[Array, Array]:
        """``(v̂, ŝ) = (v / (1 − β₁ᵗ), s / (1 − β₂ᵗ))`` of the moments after step ``t``.

        New arrays, for inspection (the optimization lab returns them);
        :meth:`update` folds the corrections into the step without forming them.
        """
        if t < 1:
            raise ValueError(f"t: expected the 1-based step number (>= 1), got {t!r}")
        v, s = moments
        return v / (1 - self.beta1**t), s / (1 - self.beta2**t)

    def to_config(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "beta1": self.beta1,
            "beta2": self.beta2,
            "epsilon": self.epsilon,
        }


Optimizer = GradientDescent | Momentum | RMSProp | Adam

OPTIMIZERS: dict[str, type] = {
    "gd": GradientDescent,
    "momentum": Momentum,
    "rmsprop": RMSProp,
    "adam": Adam,
}


def optimizer_settings(spec: Any) -> list[str]:
    """The settings an optimizer named by ``spec`` takes (``["beta"]`` for momentum);
    none for an optimizer object, which comes with its own."""
    if hasattr(spec, "init") and hasattr(spec, "update"):
        return []
    name = spec.get("name") if isinstance(spec, dict) else spec
    cls = OPTIMIZERS[check_choice("optimizer", name, OPTIMIZERS)]
    return [f.name for f in dataclasses.fields(cls) if f.name != "name"]


def get_optimizer(spec: Any, **settings: Any) -> Any:
    """An optimizer from a name (with settings such as ``beta``) or a config dict;
    objects with ``init`` and ``update`` pass through."""
    if hasattr(spec, "init") and hasattr(spec, "update"):
        return spec
    if isinstance(spec, dict):
        settings = {**{k: val for k, val in spec.items() if k != "name"}, **settings}
        spec = spec.get("name")
    cls = OPTIMIZERS[check_choice("optimizer", spec, OPTIMIZERS)]
    fields = [f.name for f in dataclasses.fields(cls) if f.name != "name"]
    unknown = sorted(set(settings) - set(fields))
    if unknown:
        raise ValueError(f"optimizer {spec!r}: unknown settings {unknown}; accepts {fields}")
    return cls(**settings)  # each setting's own check names it


# --------------------------------------------------------------- schedules
Schedule = Callable[[int], float]


@dataclass(frozen=True)
class Constant:
    """``α(epoch) = α``."""

    learning_rate: float

    def __post_init__(self) -> None:
        _set(self, learning_rate=check_positive("learning_rate", self.learning_rate))

    def __call__(self, epoch: int) -> float:
        return self.learning_rate


def constant(learning_rate: float) -> Schedule:
    """``α(epoch) = α`` (a :class:`Constant`)."""
    return Constant(learning_rate)


def as_schedule(learning_rate: float, schedule: Schedule | None = None) -> Schedule:
    """``epoch -> learning rate``: ``schedule`` when given, else the constant rate.

    ``learning_rate`` is checked either way (it is the start of a schedule); the
    training loop then asks ``schedule(epoch)`` with no "float or schedule" branch.
    """
    rate = constant(learning_rate)
    if schedule is None:
        return rate
    if not callable(schedule):
        raise TypeError(f"schedule: expected a function epoch -> learning rate, got {schedule!r}")
    user_schedule = schedule

    def checked(epoch: int) -> float:
        rate = user_schedule(epoch)
        if isinstance(rate, np.ndarray) and rate.ndim == 0:
            rate = rate.item()  # a 0-d array, as NumPy arithmetic may give
        if isinstance(rate, bool) or not isinstance(rate, numbers.Real) or not rate > 0:
            raise ValueError(
                f"schedule: expected a learning rate > 0 at every epoch, got {rate!r} at "
                f"epoch {epoch}"
            )
        if not math.isfinite(rate):
            raise ValueError(
                f"schedule: expected a finite learning rate, got {rate!r} at epoch {epoch}"
            )
        return float(rate)

    return checked


def _set(schedule: Any, **checked: Any) -> None:
    """Store checked values in a frozen schedule (its ``__post_init__``)."""
    for name, value in checked.items():
        object.__setattr__(schedule, name, value)


# The schedules are named, frozen dataclasses rather than closures: plain ``pickle``
# (joblib, multiprocessing, a saved estimator) takes them, and they print what they are.
@dataclass(frozen=True)
class InverseTimeDecay:
    """``α(epoch) = α₀ / (1 + decay_rate · epoch)`` (the optimization lab's ``update_lr``)."""

    learning_rate0: float
    decay_rate: float

    def __post_init__(self) -> None:
        _set(
            self,
            learning_rate0=check_positive("learning_rate0", self.learning_rate0),
            decay_rate=check_positive("decay_rate", self.decay_rate, allow_zero=True),
        )

    def __call__(self, epoch: int) -> float:
        return self.learning_rate0 / (1 + self.decay_rate * epoch)


@dataclass(frozen=True)
class SteppedInverseTimeDecay:
    """``α(epoch) = α₀ / (1 + decay_rate · ⌊epoch / time_interval⌋)``: the same decay
    applied in steps (the lab's ``schedule_lr_decay``), so the rate does not
    collapse within the first few epochs."""

    learning_rate0: float
    decay_rate: float
    time_interval: int = 1000

    def __post_init__(self) -> None:
        _set(
            self,
            learning_rate0=check_positive("learning_rate0", self.learning_rate0),
            decay_rate=check_positive("decay_rate", self.decay_rate, allow_zero=True),
            time_interval=check_int("time_interval", self.time_interval, minimum=1),
        )

    def __call__(self, epoch: int) -> float:
        steps = math.floor(epoch / self.time_interval)
        return self.learning_rate0 / (1 + self.decay_rate * steps)


@dataclass(frozen=True)
class ExponentialDecay:
    """``α(epoch) = α₀ · decay_rate^epoch`` with ``0 < decay_rate <= 1``."""

    learning_rate0: float
    decay_rate: float

    def __post_init__(self) -> None:
        lr0 = check_positive("learning_rate0", self.learning_rate0)
        rate = check_positive("decay_rate", self.decay_rate)
        if rate > 1:
            raise ValueError(f"decay_rate: expected a number in (0, 1], got {self.decay_rate!r}")
        _set(self, learning_rate0=lr0, decay_rate=rate)

    def __call__(self, epoch: int) -> float:
        return self.learning_rate0 * self.decay_rate**epoch


def inverse_time_decay(learning_rate0: float, decay_rate: float) -> Schedule:
    """An :class:`InverseTimeDecay`: ``α₀ / (1 + decay_rate · epoch)``."""
    return InverseTimeDecay(learning_rate0, decay_rate)


def stepped_inverse_time_decay(
    learning_rate0: float, decay_rate: float, time_interval: int = 1000
) -> Schedule:
    """A :class:`SteppedInverseTimeDecay`: ``α₀ / (1 + decay_rate · ⌊epoch / interval⌋)``."""
    return SteppedInverseTimeDecay(learning_rate0, decay_rate, time_interval)


def exponential_decay(learning_rate0: float, decay_rate: float) -> Schedule:
    """An :class:`ExponentialDecay`: ``α₀ · decay_rate^epoch``."""
    return ExponentialDecay(learning_rate0, decay_rate)


SCHEDULES: dict[str, Callable[..., Schedule]] = {
    "constant": constant,
    "inverse_time": inverse_time_decay,
    "stepped_inverse_time": stepped_inverse_time_decay,
    "exponential": exponential_decay,
}
