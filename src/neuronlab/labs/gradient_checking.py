"""Lab 3.6 — gradient checking.

Compare backprop's gradient with two-sided finite differences,

    gradapprox_i = (J(θ + ε eᵢ) − J(θ − ε eᵢ)) / 2ε,
    difference = ||grad − gradapprox||₂ / (||grad||₂ + ||gradapprox||₂),

which is ~1e-7 or smaller for a correct float64 gradient and of order 1 for a
wrong one; the lab's verdict threshold is 2e-7 (2021+).

* 1-D part: ``J(θ) = θx``, ``dJ/dθ = x``.
* N-D part: the lab's LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID net with ``W1
  (5, 4)``, ``b1 (5, 1)``, ``W2 (3, 5)``, ``b2 (3, 1)``, ``W3 (1, 3)``,
  ``b3 (1, 1)``: 47 parameters, flattened W1, b1, W2, b2, W3, b3, each row-major
  (the engine's :class:`~neuronlab.flatten.ParameterLayout` order).

The course ships ``backward_propagation_n`` with two planted bugs (``dW2``
doubled, ``db1`` computed with ``4/m``) for the learner to find.  Here the
default is the correct backprop (the engine's); ``planted_bugs=True`` gives the
course's bugged version for the demonstration: difference 0.2850931567761623
with the bugs, 1.1890913024229996e-07 without.

Nothing is trained here: the lab's network is :func:`network` (the engine's, or
:class:`PlantedBugNetwork` with the course's bugs), for the engine's own checks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from neuronlab import _validation as v
from neuronlab.flatten import ParameterLayout
from neuronlab.gradcheck import THRESHOLD, numerical_gradient, relative_difference
from neuronlab.labs._adapt import backward_walk, engine_forward, lab_cache, layout_of, split_cache
from neuronlab.losses import binary_cross_entropy_terms
from neuronlab.network import Network

__all__ = [
    "forward_propagation",
    "backward_propagation",
    "gradient_check",
    "forward_propagation_n",
    "backward_propagation_n",
    "dictionary_to_vector",
    "vector_to_dictionary",
    "gradients_to_vector",
    "gradient_check_n",
    "gradient_check_n_test_case",
    "PlantedBugNetwork",
    "network",
    "LAYOUT",
    "THRESHOLD",
]

Array = np.ndarray

#: The N-D part's parameters: W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1).
LAYOUT = ParameterLayout.for_dense([4, 5, 3, 1])

_MISTAKE = "\033[93mThere is a mistake in the backward propagation! difference = {}\033[0m"
_FINE = "\033[92mYour backward propagation works perfectly fine! difference = {}\033[0m"


def _verdict(difference: float, print_msg: bool) -> None:
    if print_msg:
        print((_MISTAKE if difference > THRESHOLD else _FINE).format(difference))


# ----------------------------------------------------------------------- 1-D


def forward_propagation(x: Any, theta: Any) -> Any:
    """``J = θ·x`` (the 1-D "network")."""
    return np.dot(theta, x)


def backward_propagation(x: Any, theta: Any) -> Any:
    """``dJ/dθ = x``."""
    return x


def gradient_check(x: Any, theta: Any, epsilon: float = 1e-7, print_msg: bool = False) -> float:
    """Two-sided check of :func:`backward_propagation` at ``theta``.

    Returns
    -------
    float
        ``||grad − gradapprox|| / (||grad|| + ||gradapprox||)``; x = 3, θ = 4 give
        7.814075313343006e-11.  With ``print_msg`` prints the verdict (threshold 2e-7).
    """
    eps = v.check_positive("epsilon", epsilon)
    for name, value in (("x", x), ("theta", theta)):
        if not np.issubdtype(np.asarray(value).dtype, np.number):
            raise TypeError(f"{name}: expected a number, got {value!r}")
        if np.ndim(value) != 0:  # the N-D check has its own function
            raise ValueError(
                f"{name}: expected a number (for arrays of parameters, gradient_check_n), "
                f"got shape {np.shape(value)}"
            )
    point = np.array(theta, dtype=np.float64)
    gradapprox = numerical_gradient(lambda th: float(forward_propagation(x, th)), point, eps)
    grad = backward_propagation(x, theta)
    difference = relative_difference(np.asarray(grad, dtype=np.float64), gradapprox)
    _verdict(difference, print_msg)
    return difference


# ----------------------------------------------------------------------- N-D


def forward_propagation_n(
    X: Array, Y: Array, parameters: Mapping[str, Array]
) -> tuple[float, tuple]:
    """Forward pass and cost of the lab's 3-layer net.

    Parameters
    ----------
    X : ndarray of shape (4, m)
    Y : labels of shape (1, m) or (m,)
    parameters : ``W1, b1, W2, b2, W3, b3``.

    Returns
    -------
    cost : float, ``(1/m)·Σ[−Y log A3 − (1−Y) log(1−A3)]``, summed in the lab's order
        so that its finite differences match the lab's to the last bit.
    cache : tuple ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``
    """
    A3, caches = engine_forward(X, parameters)
    m = A3.shape[1]
    cost = 1.0 / m * np.sum(binary_cross_entropy_terms(A3, Y))
    return float(cost), lab_cache(parameters, A3, caches)


def backward_propagation_n(
    X: Array, Y: Array, cache: Sequence[Array], planted_bugs: bool = False
) -> dict[str, Array]:
    """Backprop of the lab's 3-layer net (the engine's, correct by default).

    Parameters
    ----------
    X : ndarray of shape (4, m)
    Y : labels of shape (1, m) or (m,)
    cache : the tuple :func:`forward_propagation_n` returned.
    planted_bugs : reproduce the course's shipped version, with ``dW2`` multiplied
        by 2 and ``db1`` computed with ``4/m`` instead of ``1/m``, for the
        gradient-checking demonstration.

    Returns
    -------
    dict
        ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``.
    """
    X = v.check_matrix("X", X)
    grads = backward_walk(X, Y, *split_cache(cache, with_masks=False))
    if planted_bugs:
        grads["dW2"] = grads["dW2"] * 2  # planted bug 1
        grads["db1"] = grads["db1"] * 4  # planted bug 2: 4/m instead of 1/m
    return grads


def dictionary_to_vector(parameters: Mapping[str, Array]) -> tuple[Array, list[str]]:
    """``(theta, keys)``: the parameters as one column, and each entry's parameter name.

    Returns
    -------
    theta : ndarray of shape (n, 1) — (47, 1) for the lab's net — W1, b1, W2, b2,
        W3, b3 each flattened row-major.
    keys : list of n names (``"W1"`` twenty times, then ``"b1"`` five times, …).
    """
    layout = layout_of(parameters)
    keys = [name for name, size in zip(layout.names, layout.sizes) for _ in range(size)]
    return layout.pack(parameters).reshape(-1, 1), keys


def vector_to_dictionary(theta: Array) -> dict[str, Array]:
    """Back from a (47, 1) (or (47,)) vector to ``W1 (5, 4), b1 (5, 1), …, b3 (1, 1)`` (copies)."""
    theta = np.asarray(theta, dtype=np.float64)
    if theta.size != LAYOUT.size:
        raise ValueError(
            f"theta: expected {LAYOUT.size} entries (shape (47, 1)), got shape {theta.shape}"
        )
    return {k: a.copy() for k, a in LAYOUT.views(theta.reshape(-1)).items()}


def gradients_to_vector(gradients: Mapping[str, Array]) -> Array:
    """``dW1, db1, dW2, db2, dW3, db3`` as one column of shape (47, 1); other keys ignored."""
    L = sum(1 for k in gradients if k.startswith("dW"))
    if L == 0:
        raise ValueError(f"gradients: expected keys 'dW1', 'db1', …, got {sorted(gradients)}")
    layout = ParameterLayout.for_dense(
        [np.shape(gradients["dW1"])[1]]
        + [np.shape(gradients[f"dW{l}"])[0] for l in range(1, L + 1)]
    )
    return layout.pack(gradients, prefix="d", name="gradients").reshape(-1, 1)


def gradient_check_n(
    parameters: Mapping[str, Array],
    gradients: Mapping[str, Array],
    X: Array,
    Y: Array,
    epsilon: float = 1e-7,
    print_msg: bool = False,
) -> float:
    """Check ``gradients`` against two-sided differences of :func:`forward_propagation_n`.

    For each of the 47 coordinates ``i``: ``(J(θ + ε eᵢ) − J(θ − ε eᵢ)) / 2ε``
    (the engine's :func:`~neuronlab.gradcheck.numerical_gradient`), then the
    relative difference.  With ``print_msg`` prints the verdict (threshold 2e-7).

    Returns
    -------
    float
        0.2850931567761623 for the course's bugged backprop on its test case,
        1.1890913024229996e-07 for the correct one.
    """
    eps = v.check_positive("epsilon", epsilon)
    layout = layout_of(parameters)
    theta = layout.pack(parameters)
    grad = gradients_to_vector(gradients)

    def cost(th: Array) -> float:
        return forward_propagation_n(X, Y, layout.views(th))[0]

    gradapprox = numerical_gradient(cost, theta, eps)
    difference = relative_difference(grad, gradapprox)
    _verdict(difference, print_msg)
    return difference


def gradient_check_n_test_case() -> tuple[Array, Array, dict[str, Array]]:
    """The lab's inputs: after ``np.random.seed(1)``, ``X = randn(4, 3)``, ``Y = [1, 1, 0]``,
    then W1, b1, W2, b2, W3, b3 drawn in that order (a private ``RandomState(1)``)."""
    rng = np.random.RandomState(1)
    X = rng.randn(4, 3)
    Y = np.array([1, 1, 0])
    parameters = {name: rng.randn(*shape) for name, shape in zip(LAYOUT.names, LAYOUT.shapes)}
    return X, Y, parameters


def network(parameters: Mapping[str, Array], planted_bugs: bool = False) -> Network:
    """The N-D part's LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID net holding ``parameters``.

    With ``planted_bugs`` a :class:`PlantedBugNetwork`, whose backward has the
    course's two bugs: what :mod:`neuronlab.gradcheck` must catch.
    """
    cls = PlantedBugNetwork if planted_bugs else Network
    return cls.from_parameters(parameters, hidden_activation="relu", output_activation="sigmoid")


class PlantedBugNetwork(Network):
    """An engine :class:`~neuronlab.Network` whose backward has the course's two bugs.

    ``dW2`` comes out doubled and ``db1`` four times too large; everything else is
    the engine's.  For showing that :func:`neuronlab.gradcheck.check` and
    :func:`~neuronlab.gradcheck.check_fast` catch them.
    """

    def backward(
        self,
        caches: list,
        Y: Array,
        l2: float = 0.0,
        keep_prob: Sequence[float] | None = None,
        record: dict[str, Array] | None = None,
        weights: Array | None = None,
    ) -> Array:
        grad = super().backward(caches, Y, l2, keep_prob, record, weights)
        views = self.layout.views(grad)
        views["W2"] *= 2
        views["b1"] *= 4
        return grad
