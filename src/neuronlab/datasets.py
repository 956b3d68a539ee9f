"""Data sets made in code: the labs' generated sets and scikit-learn's bundled ones.

Nothing here needs a data file, so all of it works on a fresh install.

The labs build their planar, circles and moons sets from NumPy's legacy global stream
right after ``np.random.seed(n)``.  These functions draw the same numbers from a private
``np.random.RandomState(seed)`` instead: the arrays are bit-for-bit the labs' own, and
the caller's global NumPy state is left alone.  (:func:`planar_extra` is the one
documented exception: the lab draws those sets unseeded, so by default it does too.)

Every set comes in the engine's convention, examples as columns: ``X`` of shape
``(n_x, m)`` and labels ``Y`` of shape ``(1, m)``.  A lab whose course function returns
scikit-learn's rows (``load_extra_datasets``, the digits lab) transposes at its edge.
"""

from __future__ import annotations

import numbers

import numpy as np

from neuronlab._validation import check_int

__all__ = ["planar_flower", "planar_extra", "circles", "moons", "sklearn_digits", "breast_cancer"]

Pair = tuple[np.ndarray, np.ndarray]


def _columns(X: np.ndarray, y: np.ndarray) -> Pair:
    """``(m, n)`` samples and ``(m,)`` labels -> ``X (n, m)`` and ``Y (1, m)``, as the labs do."""
    return np.ascontiguousarray(X.T), y.reshape(1, y.shape[0])


def planar_flower(seed: int = 1, m: int = 400) -> Pair:
    """The two-petal "flower" set of the planar lab (``load_planar_dataset``).

    For class ``j`` in (0, 1), ``m / 2`` points: ``t = linspace(3.12 j, 3.12 (j + 1))
    + 0.2 randn``, ``r = 4 sin(4 t) + 0.2 randn`` (drawn in that order), point
    ``(r sin t, r cos t)``.  The lab calls ``np.random.seed(1)`` first; a private
    ``RandomState(seed)`` gives the same numbers.

    Parameters
    ----------
    seed : int, default 1
        Seed of the legacy stream (the lab's is 1).
    m : int, default 400
        Number of points, even (half per class).

    Returns
    -------
    X : ndarray of shape (2, m), float64
        Point coordinates, one example per column.
    Y : ndarray of shape (1, m), uint8
        Labels 0 (first ``m / 2`` columns) and 1.
    """
    m = check_int("m", m, minimum=2)
    if m % 2:
        raise ValueError(f"m: expected an even integer >= 2, got {m}")
    rng = np.random.RandomState(check_int("seed", seed))
    n = m // 2
    X = np.zeros((m, 2))  # rows are points while building, as in the lab
    Y = np.zeros((m, 1), dtype=np.uint8)
    for j in range(2):
        rows = slice(n * j, n * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, n) + rng.randn(n) * 0.2  # angle
        r = 4 * np.sin(4 * t) + rng.randn(n) * 0.2  # radius
        X[rows] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[rows] = j
    return np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)


def planar_extra(
    rng: np.random.RandomState | int | None = None,
) -> tuple[Pair, Pair, Pair, Pair, Pair]:
    """The planar lab's extra sets (``load_extra_datasets``), 200 points each.

    ``make_circles(factor=.5, noise=.3)``, ``make_moons(noise=.2)``,
    ``make_blobs(random_state=5, centers=6)`` (fixed seed, as in the lab),
    ``make_gaussian_quantiles(cov=0.5, n_classes=2)`` and two uniform arrays, drawn in
    that order.

    Parameters
    ----------
    rng : numpy.random.RandomState or int or None, default None
        Where the random numbers come from; an int seeds a new ``RandomState``.
        ``None`` draws from NumPy's *global* stream, as the lab does (it does not seed
        these sets), so a caller's ``np.random.seed(n)`` decides the result.  This is
        the only function of this module that touches the global stream.

    Returns
    -------
    tuple of five (X, Y) pairs
        ``(noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure)``; each
        ``X`` of shape (2, 200) and ``Y`` of shape (1, 200).  Blobs have labels 0..5
        (the lab uses ``y % 2``).  ``no_structure`` is, as in the lab, two uniform
        arrays, here of shape (2, 200) each: its "Y" is noise, not labels.
    """
    from sklearn.datasets import (
        make_blobs,
        make_circles,
        make_gaussian_quantiles,
        make_moons,
    )

    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        rng = np.random.RandomState(check_int("rng", rng))
    elif rng is not None and not isinstance(rng, np.random.RandomState):
        raise TypeError(
            f"rng: expected a numpy.random.RandomState, an int seed or None, got {rng!r}"
        )
    n = 200
    noisy_circles = make_circles(n_samples=n, factor=0.5, noise=0.3, random_state=rng)
    noisy_moons = make_moons(n_samples=n, noise=0.2, random_state=rng)
    blobs = make_blobs(n_samples=n, random_state=5, n_features=2, centers=6)
    gaussian_quantiles = make_gaussian_quantiles(
        mean=None, cov=0.5, n_samples=n, n_features=2, n_classes=2, shuffle=True,
        random_state=rng,
    )  # fmt: skip
    # the lab's unseeded draw from the global stream, unless a RandomState was given
    draw = np.random.rand if rng is None else rng.rand  # noqa: NPY002
    no_structure = (np.ascontiguousarray(draw(n, 2).T), np.ascontiguousarray(draw(n, 2).T))
    return (
        _columns(*noisy_circles),
        _columns(*noisy_moons),
        _columns(*blobs),
        _columns(*gaussian_quantiles),
        no_structure,
    )


def circles(seed_train: int = 1, seed_test: int = 2) -> tuple[np.ndarray, ...]:
    """The initialization lab's circles (its ``load_dataset``).

    ``make_circles(n_samples=300, noise=.05)`` after ``np.random.seed(1)`` for the
    training set and ``make_circles(n_samples=100, noise=.05)`` after
    ``np.random.seed(2)`` for the test set, drawn here from private ``RandomState``s.

    Returns
    -------
    train_X : ndarray of shape (2, 300), float64
    train_Y : ndarray of shape (1, 300), int64
        0 for the outer circle (radius 1), 1 for the inner one (radius 0.8).
    test_X : ndarray of shape (2, 100), float64
    test_Y : ndarray of shape (1, 100), int64
    """
    from sklearn.datasets import make_circles

    rng_train = np.random.RandomState(check_int("seed_train", seed_train))
    rng_test = np.random.RandomState(check_int("seed_test", seed_test))
    train = make_circles(n_samples=300, noise=0.05, random_state=rng_train)
    test = make_circles(n_samples=100, noise=0.05, random_state=rng_test)
    return (*_columns(*train), *_columns(*test))


def moons(seed: int = 3) -> Pair:
    """The optimization lab's moons (its ``load_dataset``).

    ``make_moons(n_samples=300, noise=.2)`` after ``np.random.seed(3)``, drawn here from
    a private ``RandomState(seed)``.

    Returns
    -------
    train_X : ndarray of shape (2, 300), float64
    train_Y : ndarray of shape (1, 300), int64
        0 for the upper moon, 1 for the lower one.
    """
    from sklearn.datasets import make_moons

    rng = np.random.RandomState(check_int("seed", seed))
    return _columns(*make_moons(n_samples=300, noise=0.2, random_state=rng))


def sklearn_digits() -> Pair:
    """scikit-learn's bundled 8x8 handwritten digits, pixels scaled to [0, 1].

    Returns
    -------
    X : ndarray of shape (64, 1797), float64
        Grey levels 0..16 divided by 16; each column an 8x8 image unrolled row-major.
    Y : ndarray of shape (1, 1797), int
        Digits 0..9.
    """
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    return _columns(X.astype(np.float64) / 16.0, y)


def breast_cancer() -> Pair:
    """scikit-learn's bundled Wisconsin breast-cancer set, unscaled.

    The 30 features span very different ranges; standardise them before training.

    Returns
    -------
    X : ndarray of shape (30, 569), float64
    Y : ndarray of shape (1, 569), int
        0 = malignant, 1 = benign.
    """
    from sklearn.datasets import load_breast_cancer

    X, y = load_breast_cancer(return_X_y=True)
    return _columns(X, y)
