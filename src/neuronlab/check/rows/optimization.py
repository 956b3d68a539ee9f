"""3.7 Optimization methods: the graded functions, their inputs and known mistakes.

The update functions are not required to leave their arguments alone (``pure=False``):
the course's own template writes the new arrays into ``parameters``, ``v`` and ``s``.
Random cases use a non-zero ``v`` and ``s``, ``t > 1``, an ε large enough to matter and
real-valued ``Y`` rows (so that a wrong permutation shows), which keeps every known
mistake apart from the right answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from neuronlab.check.cases import RNG, Array, Case, Graded, Mistake, seeded

Params = dict[str, Array]


# ----------------------------------------------------------------- drawing inputs
def course_params(w1: tuple[int, int], w2: tuple[int, int], grads: bool) -> Any:
    """The course's test-case draws after its seed: W1, b1, W2, b2 (then dW1 … db2)."""
    p = {"W1": np.random.randn(*w1), "b1": np.random.randn(w1[0], 1)}
    p |= {"W2": np.random.randn(*w2), "b2": np.random.randn(w2[0], 1)}
    if not grads:
        return p
    g = {"dW1": np.random.randn(*w1), "db1": np.random.randn(w1[0], 1)}
    g |= {"dW2": np.random.randn(*w2), "db2": np.random.randn(w2[0], 1)}
    return p, g


#: The 2019/2021 test cases (W2 of shape (3, 3)) and the 2023 ones (W2 (3, 2)).
_VERSIONS = {"2019/2021": (3, 3), "2023": (3, 2)}


def _zeros(p: Params) -> Params:
    return {"d" + k: np.zeros_like(a) for k, a in p.items()}


def _dims(rng: RNG) -> list[list[int]]:
    """Layer sizes unlike the course's: one layer, three, and a random four."""
    return [[3, 1], [4, 5, 2, 1], [int(d) for d in rng.randint(1, 7, size=5)]]


def _net(rng: RNG, dims: list[int]) -> Params:
    p: Params = {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = rng.randn(dims[l], dims[l - 1])
        p[f"b{l}"] = rng.randn(dims[l], 1)
    return p


def _like(rng: RNG, p: Params, scale: float = 1.0, low: float | None = None) -> Params:
    """A dict keyed ``dW1, db1, …`` shaped like ``p``: normal draws, or uniform in
    ``[low, low + scale)`` (a positive ``s``)."""
    if low is None:
        return {"d" + k: rng.randn(*a.shape) * scale for k, a in p.items()}
    return {"d" + k: low + rng.rand(*a.shape) * scale for k, a in p.items()}


def _layers(p: Params) -> str:
    return " → ".join(str(p[f"W{l}"].shape) for l in range(1, len(p) // 2 + 1))


# ------------------------------------------------------------- gradient descent
def _gd_cases(rng: RNG) -> list[Case]:
    out = []
    for version, w2 in _VERSIONS.items():
        p, g = seeded(1, partial(course_params, (2, 3), w2, True))
        label = f"the {version} course's test case, learning_rate 0.01"
        out.append(Case((p, g, 0.01), label, published=True))
    for dims in _dims(rng):
        p = _net(rng, dims)
        lr = float(rng.uniform(0.01, 0.5))
        out.append(Case((p, _like(rng, p), lr), f"layers W {_layers(p)}, learning_rate {lr:.3g}"))
    return out


def _gd_sign(parameters, grads, learning_rate):
    return {k: a + learning_rate * grads["d" + k] for k, a in parameters.items()}


# -------------------------------------------------------------------- mini-batches
def _batches_cases(rng: RNG) -> list[Case]:
    def course(n: int, m: int) -> tuple[Array, Array]:
        return np.random.randn(n, m), np.random.randn(1, m) < 0.5

    out = [
        Case((*seeded(1, partial(course, 7, 3)), 2),
             "the 2021 course's test case: X (7, 3), mini_batch_size 2", published=True),
        Case((*seeded(1, partial(course, 5, 7)), 2),
             "the 2023 course's test case: X (5, 7), mini_batch_size 2", published=True),
        Case((*seeded(1, partial(course, 12288, 148)), 64),
             "the 2019 notebook's case: X (12288, 148), mini_batch_size 64", published=True),
    ]  # fmt: skip
    n = int(rng.randint(2, 6))
    draws = [(n, 12, 4), (n + 1, 10, 3), (n, int(rng.randint(17, 40)), int(rng.randint(5, 9)))]
    for rows, m, size in draws:
        seed = int(rng.randint(100))
        X, Y = rng.randn(rows, m), rng.randn(1, m)
        divisible = "divisible" if m % size == 0 else "not divisible"
        label = f"X ({rows}, {m}), mini_batch_size {size} (m {divisible}), seed {seed}"
        out.append(Case((X, Y, size, seed), label))
    X, Y = rng.randn(n, 9), rng.randn(1, 9)
    out.append(Case((X, Y), f"X ({n}, 9), the defaults mini_batch_size 64, seed 0"))
    return out


def _batches_variant(
    shuffle: str = "same", last: str = "right"
) -> Callable[..., list[tuple[Array, Array]]]:
    """``shuffle``: "same" (one permutation), "none", "y-second" (Y shuffled by a second
    draw), "x-second" (X by the second, Y by the first); ``last``: "right", "dropped",
    "from-last-full" (the last full batch and the rest), "last-full-size" (the last
    ``size`` columns), "always" (an empty batch when m is divisible)."""

    def wrong(X, Y, mini_batch_size=64, seed=0):
        X, Y = np.asarray(X), np.asarray(Y).reshape(1, -1)
        m = X.shape[1]
        rng = np.random.RandomState(seed)
        first, second = rng.permutation(m), rng.permutation(m)
        order = {"same": (first, first), "none": (np.arange(m), np.arange(m)),
                 "y-second": (first, second), "x-second": (second, first)}[shuffle]  # fmt: skip
        sx, sy = X[:, order[0]], Y[:, order[1]]
        full = m // mini_batch_size
        out = [
            (sx[:, k * mini_batch_size : (k + 1) * mini_batch_size],
             sy[:, k * mini_batch_size : (k + 1) * mini_batch_size])
            for k in range(full)
        ]  # fmt: skip
        start = {"right": full * mini_batch_size, "always": full * mini_batch_size,
                 "from-last-full": (full - 1) * mini_batch_size,
                 "last-full-size": m - mini_batch_size}.get(last)  # fmt: skip
        if start is not None and start >= 0 and (m % mini_batch_size or last == "always"):
            out.append((sx[:, start:], sy[:, start:]))
        return out

    return wrong


# ------------------------------------------------- the velocity and Adam's (v, s)
def _init_cases(rng: RNG, versions: dict[str, tuple[tuple[int, int], ...]]) -> list[Case]:
    """The course's parameters of each version (``versions``: W1's and W2's shapes),
    then random ones of other layer counts and sizes."""
    out = [
        Case((seeded(1, partial(course_params, w1, w2, False)),),
             f"the {version} course's test case", published=True)
        for version, (w1, w2) in versions.items()
    ]  # fmt: skip
    for dims in _dims(rng):
        p = _net(rng, dims)
        out.append(Case((p,), f"layers W {_layers(p)}"))
    return out


_velocity_cases = partial(_init_cases, versions={"2019/2021": ((2, 3), (3, 3)),
                                                 "2023": ((3, 2), (3, 3))})  # fmt: skip
_adam_init_cases = partial(_init_cases, versions={"2019/2021": ((2, 3), (3, 3)),
                                                  "2023": ((2, 3), (3, 2))})  # fmt: skip


# -------------------------------------------------------------------- momentum
def _momentum_cases(rng: RNG) -> list[Case]:
    out = []
    for version, w2 in _VERSIONS.items():
        p, g = seeded(1, partial(course_params, (2, 3), w2, True))
        label = f"the {version} course's test case: v zeros, beta 0.9, learning_rate 0.01"
        out.append(Case((p, g, _zeros(p), 0.9, 0.01), label, published=True))
    for dims in _dims(rng):
        p = _net(rng, dims)
        beta, lr = float(rng.uniform(0.5, 0.95)), float(rng.uniform(0.05, 0.5))
        label = f"layers W {_layers(p)}, v not zero, beta {beta:.3g}, learning_rate {lr:.3g}"
        out.append(Case((p, _like(rng, p), _like(rng, p, 0.5), beta, lr), label))
    return out


def _momentum_variant(
    velocity: Callable[[Array, Array, float], Array], step: str = "v", sign: float = -1.0
) -> Callable[..., tuple[Params, Params]]:
    """``velocity(v, grad, beta)``; the parameter moves by ``step``: "v" (the new
    velocity), "grad" or "old-v"; ``sign`` +1 for a step uphill."""

    def wrong(parameters, grads, v, beta, learning_rate):
        new_v = {k: velocity(v[k], grads[k], beta) for k in v}
        moves = {"v": new_v, "grad": grads, "old-v": v}[step]
        new_p = {k: a + sign * learning_rate * moves["d" + k] for k, a in parameters.items()}
        return new_p, new_v

    return wrong


def _right_velocity(v: Array, g: Array, beta: float) -> Array:
    return beta * v + (1 - beta) * g


# ------------------------------------------------------------------------ Adam
def _adam_cases(rng: RNG) -> list[Case]:
    out = []
    hyper = {"t": 2, "learning_rate": 0.02, "beta1": 0.8, "beta2": 0.888, "epsilon": 0.01}
    for version, w2 in _VERSIONS.items():
        p, g = seeded(1, partial(course_params, (2, 3), w2, True))
        args = (p, g, _zeros(p), _zeros(p), *hyper.values())
        label = f"the {version} course's test case: t 2, beta1 0.8, beta2 0.888, epsilon 0.01"
        out.append(Case(args, label, published=True))
        if version == "2019/2021":
            out.append(Case(args[:5], "the 2019 notebook's call: t 2, the defaults",
                            published=True))  # fmt: skip
    for dims in _dims(rng):
        p = _net(rng, dims)
        t = int(rng.randint(3, 12))
        lr, beta1 = float(rng.uniform(0.01, 0.1)), float(rng.uniform(0.7, 0.95))
        beta2, eps = float(rng.uniform(0.8, 0.99)), float(rng.uniform(0.02, 0.2))
        v, s = _like(rng, p, 0.3), _like(rng, p, 0.3, low=0.01)
        label = (f"layers W {_layers(p)}, v and s not zero, t {t}, beta1 {beta1:.3g}, "
                 f"beta2 {beta2:.3g}, epsilon {eps:.3g}")  # fmt: skip
        out.append(Case((p, _like(rng, p), v, s, t, lr, beta1, beta2, eps), label))
    return out


def _adam_variant(
    v_shift: int | None = 0,
    s_shift: int | None = 0,
    epsilon_at: str = "root",
    sign: float = -1.0,
) -> Callable[..., tuple[Params, ...]]:
    """Adam with a mistake: ``v`` bias-corrected with ``t + v_shift`` (None: not at all),
    ``s`` with ``t + s_shift``; ε added ``epsilon_at`` "root" (right: √ŝ + ε), "inside"
    it (√(ŝ + ε)) or "step" (v̂ / √ŝ + ε); a step uphill (``sign`` +1)."""

    def corrected(a: Array, beta: float, t: int, shift: int | None) -> Array:
        return a if shift is None else a / (1 - beta ** (t + shift))

    def wrong(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
              epsilon=1e-8):  # fmt: skip
        new_v = {k: beta1 * v[k] + (1 - beta1) * grads[k] for k in v}
        new_s = {k: beta2 * s[k] + (1 - beta2) * grads[k] ** 2 for k in s}
        v_hat = {k: corrected(a, beta1, t, v_shift) for k, a in new_v.items()}
        s_hat = {k: corrected(a, beta2, t, s_shift) for k, a in new_s.items()}
        step = {k: _adam_step(v_hat[k], a, epsilon, epsilon_at) for k, a in s_hat.items()}
        new_p = {k: a + sign * learning_rate * step["d" + k] for k, a in parameters.items()}
        return new_p, new_v, new_s, v_hat, s_hat

    return wrong


def _adam_step(v_hat: Array, s_hat: Array, epsilon: float, epsilon_at: str) -> Array:
    if epsilon_at == "inside":
        return v_hat / np.sqrt(s_hat + epsilon)
    if epsilon_at == "step":
        return v_hat / np.sqrt(s_hat) + epsilon
    return v_hat / (np.sqrt(s_hat) + epsilon)


#: Bias corrections left out (None) or with t off by one, in v, s or both.
_CORRECTIONS = [(a, b) for a in (None, -1, 0, 1) for b in (None, -1, 0, 1) if (a, b) != (0, 0)]


def _adam_2019(*args: Any, **kwargs: Any) -> Any:
    """The 2017/2019 form: ``(parameters, v, s)``."""
    from neuronlab.labs.optimization import update_parameters_with_adam

    return update_parameters_with_adam(*args, **kwargs, return_corrected=False)


# ------------------------------------------------------------ learning-rate decay
def _lr_label(lr0: float, epoch: int, decay: float, interval: int | None = None) -> str:
    label = f"learning_rate0 {lr0:.3g}, epoch_num {epoch}, decay_rate {decay:.3g}"
    return label if interval is None else f"{label}, time_interval {interval}"


def _update_lr_cases(rng: RNG) -> list[Case]:
    out = [Case((0.5, 2, 1), f"the course's test case: {_lr_label(0.5, 2, 1)}", published=True)]
    for epoch in (3, int(rng.randint(5, 40)), int(rng.randint(100, 2000))):
        lr0, decay = float(rng.uniform(0.05, 1.0)), float(rng.uniform(0.2, 2.5))
        out.append(Case((lr0, epoch, decay), _lr_label(lr0, epoch, decay)))
    return out


def _schedule_cases(rng: RNG) -> list[Case]:
    course = [(0.5, 100, 1, 100), (0.5, 10, 1, 100), (0.3, 1000, 0.25, 100), (0.3, 100, 0.25, 100)]
    out = [Case(a, f"the course's test case: {_lr_label(*a)}", published=True) for a in course]
    for interval in (10, int(rng.randint(20, 300))):
        epoch = interval * int(rng.randint(1, 6)) + int(rng.randint(1, interval))
        lr0, decay = float(rng.uniform(0.05, 1.0)), float(rng.uniform(0.2, 2.5))
        args = (lr0, epoch, decay, interval)
        out.append(Case(args, _lr_label(*args)))
    epoch, lr0 = int(rng.randint(1001, 6000)), float(rng.uniform(0.05, 1.0))
    if epoch % 1000 == 0:
        epoch += 1
    label = f"{_lr_label(lr0, epoch, 0.7)}, the default time_interval"
    out.append(Case((lr0, epoch, 0.7), label))
    return out


def _lr_mistakes(scheduled: bool) -> tuple[Mistake, ...]:
    """``α0 / (1 + decay_rate · e)`` with ``e`` the epoch, or its interval count, wrong."""

    def decays() -> list[Callable[[float, float, float], float]]:
        return [
            lambda lr0, d, e: lr0 / (1 + d) ** e,  # decay in the exponent
            lambda lr0, d, e: lr0 * math.exp(-d * e),  # exponential decay
            lambda lr0, d, e: lr0 / 1 + d * e,  # the brackets left out
            lambda lr0, d, e: lr0 * d**e,  # decay_rate as a factor per epoch
        ]

    if not scheduled:
        return tuple(
            Mistake("lr-decay-formula", lambda lr0, e, d, f=f: f(lr0, d, e)) for f in decays()
        )
    counts = [
        lambda e, d, ti: e / ti,  # no floor
        lambda e, d, ti: e,  # epoch not divided by the interval
        lambda e, d, ti: math.floor(d * e / ti) / d,  # the floor over decay_rate too
        lambda e, d, ti: round(e / ti),
        lambda e, d, ti: math.ceil(e / ti),
    ]
    out = [
        Mistake("lr-decay-formula",
                lambda lr0, e, d, ti=1000, c=c: lr0 / (1 + d * c(e, d, ti)))
        for c in counts
    ]  # fmt: skip
    out += [
        Mistake("lr-decay-formula", lambda lr0, e, d, ti=1000, f=f: f(lr0, d, e // ti))
        for f in decays()
    ]
    return tuple(out)


GRADED = [
    Graded(
        "update_parameters_with_gd",
        _gd_cases,
        (Mistake("sign", _gd_sign),),
        pure=False,
    ),
    Graded(
        "random_mini_batches",
        _batches_cases,
        (
            *(
                Mistake("minibatch-shuffle", _batches_variant(shuffle=s))
                for s in ("none", "y-second", "x-second")
            ),
            *(
                Mistake("minibatch-last", _batches_variant(last=last))
                for last in ("dropped", "from-last-full", "last-full-size", "always")
            ),
        ),
    ),  # fmt: skip
    Graded("initialize_velocity", _velocity_cases),
    Graded(
        "update_parameters_with_momentum",
        _momentum_cases,
        (
            Mistake("momentum-formula", _momentum_variant(lambda v, g, b: b * v + g)),
            Mistake("momentum-formula", _momentum_variant(lambda v, g, b: (1 - b) * v + b * g)),
            Mistake("momentum-formula", _momentum_variant(_right_velocity, step="grad")),
            Mistake("momentum-formula", _momentum_variant(_right_velocity, step="old-v")),
            Mistake("sign", _momentum_variant(_right_velocity, sign=1.0)),
        ),
        pure=False,
    ),
    Graded("initialize_adam", _adam_init_cases),
    Graded(
        "update_parameters_with_adam",
        _adam_cases,
        (
            *(Mistake("adam-bias-correction", _adam_variant(a, b)) for a, b in _CORRECTIONS),
            *(Mistake("adam-epsilon", _adam_variant(epsilon_at=at)) for at in ("inside", "step")),
            Mistake("sign", _adam_variant(sign=1.0)),
        ),
        alternatives=(("2017/2019 (parameters, v, s)", _adam_2019),),
        pure=False,
    ),  # fmt: skip
    Graded("update_lr", _update_lr_cases, _lr_mistakes(scheduled=False)),
    Graded("schedule_lr_decay", _schedule_cases, _lr_mistakes(scheduled=True)),
]
