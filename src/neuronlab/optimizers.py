"""Optimizers and learning-rate schedules, state in → state out.

Every optimizer follows one protocol (after JAX's ``example_libraries``)::

    state = opt.init(theta)
    state = opt.update(theta, grad, state, t, learning_rate)   # theta updated in place

``theta`` and ``grad`` are the network's flat vectors (see :mod:`neuronlab.flatten`),
so each step is a handful of whole-vector NumPy operations whatever the
number of layers.  ``t`` is the 1-based step count (Adam's bias correction
uses it); the optimizer keeps no hidden counter, so a caller can reset or
continue it at will.  State arrays are updated in place and returned.

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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import check_choice, check_int, check_positive

Array = np.ndarray
State = tuple[Array, ...]


def _check_beta(name: str, beta: float) -> float:
    b = check_positive(name, beta, allow_zero=True)
    if b >= 1:
        raise ValueError(f"{name}: expected a number in [0, 1), got {beta!r}")
    return b


@dataclass(frozen=True)
class GradientDescent:
    """Plain (batch or mini-batch) gradient descent: ``θ ← θ − α g``."""

    name = "gd"

    def init(self, theta: Array) -> State:
        return ()

    def update(
        self, theta: Array, grad: Array, state: State, t: int, learning_rate: float
    ) -> State:
        theta -= learning_rate * grad
        return state

    def to_config(self) -> dict[str, Any]:
        return {"name": self.name}


@dataclass(frozen=True)
class Momentum:
    """Gradient descent with momentum: an exponentially weighted mean of gradients."""

    beta: float = 0.9
    name = "momentum"

    def __post_init__(self) -> None:
        _check_beta("beta", self.beta)

    def init(self, theta: Array) -> State:
        return (np.zeros_like(theta), np.empty_like(theta))

    def update(
        self, theta: Array, grad: Array, state: State, t: int, learning_rate: float
    ) -> State:
        vel, buf = state
        vel *= self.beta
        np.multiply(grad, 1 - self.beta, out=buf)
        vel += buf
        np.multiply(vel, learning_rate, out=buf)
        theta -= buf
        return state

    def to_config(self) -> dict[str, Any]:
        return {"name": self.name, "beta": self.beta}


@dataclass(frozen=True)
class RMSProp:
    """RMSProp: divide the step by a running root-mean-square of the gradient."""

    beta: float = 0.9
    epsilon: float = 1e-8
    name = "rmsprop"

    def __post_init__(self) -> None:
        _check_beta("beta", self.beta)
        check_positive("epsilon", self.epsilon)

    def init(self, theta: Array) -> State:
        return (np.zeros_like(theta), np.empty_like(theta))

    def update(
        self, theta: Array, grad: Array, state: State, t: int, learning_rate: float
    ) -> State:
        sq, buf = state
        sq *= self.beta
        np.multiply(grad, grad, out=buf)
        buf *= 1 - self.beta
        sq += buf
        np.sqrt(sq, out=buf)
        buf += self.epsilon
        np.divide(grad, buf, out=buf)
        buf *= learning_rate
        theta -= buf
        return state

    def to_config(self) -> dict[str, Any]:
        return {"name": self.name, "beta": self.beta, "epsilon": self.epsilon}


@dataclass(frozen=True)
class Adam:
    """Adam (Kingma & Ba, 2015) with bias correction; ``ε`` outside the root.

    The update runs in place on preallocated buffers: no temporary array is
    allocated per step (a naive version spends a sixth of an MNIST epoch
    allocating them).
    """

    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    name = "adam"

    def __post_init__(self) -> None:
        _check_beta("beta1", self.beta1)
        _check_beta("beta2", self.beta2)
        check_positive("epsilon", self.epsilon)

    def init(self, theta: Array) -> State:
        return (np.zeros_like(theta), np.zeros_like(theta), np.empty_like(theta))

    def update(
        self, theta: Array, grad: Array, state: State, t: int, learning_rate: float
    ) -> State:
        if t < 1:
            raise ValueError(f"t: expected the 1-based step number (>= 1), got {t!r}")
        mom, sq, buf = state
        b1, b2 = self.beta1, self.beta2
        np.subtract(grad, mom, out=buf)
        buf *= 1 - b1
        mom += buf  # v = β1 v + (1 − β1) g, as v + (1 − β1)(g − v)
        np.multiply(grad, grad, out=buf)
        buf -= sq
        buf *= 1 - b2
        sq += buf  # s = β2 s + (1 − β2) g²
        # α v̂ / (√ŝ + ε) = [α √(1−β2ᵗ) / (1−β1ᵗ)] · v / (√s + ε √(1−β2ᵗ)):
        # the bias corrections become two scalars (Kingma & Ba's form), one pass less.
        root_c2 = math.sqrt(1 - b2**t)
        np.sqrt(sq, out=buf)
        buf += self.epsilon * root_c2
        np.divide(mom, buf, out=buf)
        buf *= learning_rate * root_c2 / (1 - b1**t)
        theta -= buf
        return state

    def bias_corrected(self, state: State, t: int) -> tuple[Array, Array]:
        """``(v̂, ŝ) = (v / (1 − β₁ᵗ), s / (1 − β₂ᵗ))`` of a state after step ``t``.

        New arrays, for inspection (the optimization lab returns them);
        :meth:`update` folds the corrections into the step without forming them.
        """
        if t < 1:
            raise ValueError(f"t: expected the 1-based step number (>= 1), got {t!r}")
        mom, sq = state[0], state[1]
        return mom / (1 - self.beta1**t), sq / (1 - self.beta2**t)

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


def get_optimizer(spec: Any, **settings: Any) -> Any:
    """An optimizer from a name (with settings such as ``beta``) or a config dict;
    objects with ``init`` and ``update`` pass through."""
    if hasattr(spec, "init") and hasattr(spec, "update"):
        return spec
    if isinstance(spec, dict):
        settings = {**{k: val for k, val in spec.items() if k != "name"}, **settings}
        spec = spec.get("name")
    cls = OPTIMIZERS[check_choice("optimizer", spec, OPTIMIZERS)]
    try:
        return cls(**settings)
    except TypeError:
        fields = [f.name for f in dataclasses.fields(cls) if f.name != "name"]
        raise ValueError(
            f"optimizer {spec!r}: unknown settings {sorted(settings)}; accepts {fields}"
        ) from None


# --------------------------------------------------------------- schedules
Schedule = Callable[[int], float]


def constant(learning_rate: float) -> Schedule:
    """``α(epoch) = α``."""
    lr = check_positive("learning_rate", learning_rate)
    return lambda epoch: lr


def inverse_time_decay(learning_rate0: float, decay_rate: float) -> Schedule:
    """``α(epoch) = α₀ / (1 + decay_rate · epoch)`` (the optimization lab's ``update_lr``)."""
    lr0 = check_positive("learning_rate0", learning_rate0)
    rate = check_positive("decay_rate", decay_rate, allow_zero=True)
    return lambda epoch: lr0 / (1 + rate * epoch)


def stepped_inverse_time_decay(
    learning_rate0: float, decay_rate: float, time_interval: int = 1000
) -> Schedule:
    """``α(epoch) = α₀ / (1 + decay_rate · ⌊epoch / time_interval⌋)``: the same decay
    applied in steps (the lab's ``schedule_lr_decay``), so the rate does not
    collapse within the first few epochs."""
    lr0 = check_positive("learning_rate0", learning_rate0)
    rate = check_positive("decay_rate", decay_rate, allow_zero=True)
    interval = check_int("time_interval", time_interval, minimum=1)
    return lambda epoch: lr0 / (1 + rate * math.floor(epoch / interval))


def exponential_decay(learning_rate0: float, decay_rate: float) -> Schedule:
    """``α(epoch) = α₀ · decay_rate^epoch`` with ``0 < decay_rate <= 1``."""
    lr0 = check_positive("learning_rate0", learning_rate0)
    rate = check_positive("decay_rate", decay_rate)
    if rate > 1:
        raise ValueError(f"decay_rate: expected a number in (0, 1], got {decay_rate!r}")
    return lambda epoch: lr0 * rate**epoch


SCHEDULES: dict[str, Callable[..., Schedule]] = {
    "constant": constant,
    "inverse_time": inverse_time_decay,
    "stepped_inverse_time": stepped_inverse_time_decay,
    "exponential": exponential_decay,
}
