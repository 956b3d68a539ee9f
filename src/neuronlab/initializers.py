"""Weight initializers: ``W`` of shape (n_out, n_in); biases always start at zero.

Each initializer is ``init(rng, n_out, n_in, **settings) -> W`` drawing from
``rng`` (a ``numpy.random.Generator`` or, to reproduce a lab's
``np.random.seed(n)`` stream, a ``numpy.random.RandomState``).  Weights are
drawn layer by layer, W1 first, and nothing is drawn for biases — the order
the labs use, so a ``RandomState(seed)`` gives their exact numbers.

=============  ================================================  ==========
name           W                                                 used by
=============  ================================================  ==========
zeros          0 (every unit stays identical: symmetry unbroken)  lab 3.4
random         N(0, 1) · scale (``scale`` 0.01 by default)        3.2, 3.4
he             N(0, 1) · √(2 / n_in)                              3.4, 3.7
xavier         N(0, 1) · √(2 / (n_in + n_out)) (Glorot normal)
sqrt_n_in      N(0, 1) / √n_in                                    3.3, 3.5
uniform        U(-ε, ε), ``epsilon`` 0.12 by default              3.8
glorot_uniform U(-a, a), a = √(6 / (n_in + n_out)), *and the same  scikit-learn
               for the biases* (drawn after each layer's W)       MLP default
=============  ================================================  ==========

Biases start at zero except with ``glorot_uniform``, which reproduces
scikit-learn's ``MLPClassifier`` start: on unscaled inputs the random biases
matter (iris, 16 ReLU units, 200 Adam epochs, seeds 0–5: 87 % mean accuracy
against 58 % with He weights and zero biases).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from neuronlab._validation import check_choice, check_positive

RNG = np.random.Generator | np.random.RandomState
Initializer = Callable[..., np.ndarray]


def make_rng(seed: int | RNG | None) -> RNG:
    """A random generator from a seed; generators (and RandomState) pass through."""
    if isinstance(seed, (np.random.Generator, np.random.RandomState)):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise TypeError(f"seed: expected an int, a numpy.random.Generator or None, got {seed!r}")
    if seed is not None and seed < 0:
        raise ValueError(f"seed: expected a non-negative integer, got {seed!r}")
    return np.random.default_rng(seed)


def zeros(rng: RNG, n_out: int, n_in: int) -> np.ndarray:
    """All zeros: every hidden unit computes the same function forever."""
    return np.zeros((n_out, n_in))


def random(rng: RNG, n_out: int, n_in: int, scale: float = 0.01) -> np.ndarray:
    """Standard normal times ``scale`` (0.01 in the shallow lab, 10 in the initialization lab)."""
    return rng.standard_normal((n_out, n_in)) * check_positive("scale", scale)


def he(rng: RNG, n_out: int, n_in: int) -> np.ndarray:
    """He et al. (2015): ``N(0,1)·√(2/n_in)`` keeps ReLU activations' variance constant."""
    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)


def xavier(rng: RNG, n_out: int, n_in: int) -> np.ndarray:
    """Glorot & Bengio (2010), normal form: ``N(0,1)·√(2/(n_in + n_out))``."""
    return rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / (n_in + n_out))


def sqrt_n_in(rng: RNG, n_out: int, n_in: int) -> np.ndarray:
    """``N(0,1) / √n_in``, the deep and regularization labs' initializer."""
    return rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)


def uniform(rng: RNG, n_out: int, n_in: int, epsilon: float = 0.12) -> np.ndarray:
    """``U(-ε, ε)``; the digits lab uses ε = 0.12."""
    eps = check_positive("epsilon", epsilon)
    return rng.uniform(-eps, eps, (n_out, n_in))


def glorot_uniform(rng: RNG, n_out: int, n_in: int, factor: float = 6.0) -> np.ndarray:
    """Glorot & Bengio (2010), uniform form: ``U(-a, a)``, ``a = √(factor/(n_in + n_out))``.

    ``factor`` 6 is the paper's (and scikit-learn's for ReLU/tanh); scikit-learn
    uses 2 for logistic hidden units.  Drawn as scikit-learn's MLP draws its
    ``coefs_`` — shape (n_in, n_out), row by row — and transposed, so that the
    same seed gives the same weights.
    """
    a = np.sqrt(check_positive("factor", factor) / (n_in + n_out))
    return np.ascontiguousarray(rng.uniform(-a, a, (n_in, n_out)).T)


def glorot_uniform_bias(rng: RNG, n_out: int, n_in: int, factor: float = 6.0) -> np.ndarray:
    """The biases of :func:`glorot_uniform`'s layer, of shape (n_out, 1), same range."""
    a = np.sqrt(factor / (n_in + n_out))
    return rng.uniform(-a, a, (n_out, 1))


INITIALIZERS: dict[str, Initializer] = {
    "zeros": zeros,
    "random": random,
    "he": he,
    "xavier": xavier,
    "sqrt_n_in": sqrt_n_in,
    "uniform": uniform,
    "glorot_uniform": glorot_uniform,
}

#: Initializers that also draw the biases (all others leave them at zero).
BIAS_INITIALIZERS: dict[str, Initializer] = {"glorot_uniform": glorot_uniform_bias}

_SETTINGS = {"random": {"scale"}, "uniform": {"epsilon"}, "glorot_uniform": {"factor"}}


def get_initializer(name: str, **settings: Any) -> Callable[[RNG, int, int], np.ndarray]:
    """The initializer ``name`` with its settings bound; unknown settings are refused."""
    check_choice("initializer", name, INITIALIZERS)
    unknown = set(settings) - _SETTINGS.get(name, set())
    if unknown:
        raise ValueError(
            f"initializer {name!r}: unknown settings {sorted(unknown)}; "
            f"accepts {sorted(_SETTINGS.get(name, set()))}"
        )
    fn = INITIALIZERS[name]
    return lambda rng, n_out, n_in: fn(rng, n_out, n_in, **settings)
