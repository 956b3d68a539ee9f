"""Where the course's dicts, caches and habits become engine calls — the one place.

The lab facades keep the course's parameter dicts, tuple caches, gradient dicts,
random streams and printouts; these helpers adapt them to the engine at the edge:

* parameter dicts ↔ networks and flat vectors: :func:`parameter_copies`,
  :func:`network_of`, :func:`layout_of`, :func:`unpack`, :func:`optimizer_step`;
* the 3-layer labs' (3.4 – 3.7) tuple caches ↔ the engine's passes:
  :func:`engine_forward`, :func:`lab_cache`, :func:`split_cache`,
  :func:`backward_walk`, :func:`lowercase_grads`; costs of one row: :func:`bce_row`;
* the labs' full-batch gradient descent (:func:`gradient_descent`), their
  ``np.random.seed(n)`` streams without global state (:func:`lab_stream`), their
  "print the cost every k" (:func:`cost_printer`) and the mislabelled examples
  their figures show (:func:`mislabeled_indices`).

No formula is re-derived here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from neuronlab import _validation as v
from neuronlab.flatten import ParameterLayout
from neuronlab.initializers import RNG
from neuronlab.layers import Cache
from neuronlab.losses import binary_cross_entropy
from neuronlab.network import Network
from neuronlab.training import History

Array = np.ndarray
Params = dict[str, Array]
#: What ``Network.fit`` calls at each recorded epoch: ``callback(epoch, cost, net)``.
Callback = Callable[[int, float, Network], Any]


def parameter_copies(arrays: Mapping[str, Array]) -> Params:
    """``{name: a copy of the array}`` (the course's dicts never share memory)."""
    return {k: np.array(a, copy=True) for k, a in arrays.items()}


def lab_stream(seed: int | RNG | None) -> RNG:
    """The random stream a lab draws from after ``np.random.seed(seed)``.

    An int gives a private ``RandomState(seed)`` (the same numbers, NumPy's global
    state untouched); None gives NumPy's **global** stream itself (for the course
    functions that draw from it unseeded); a generator is used as it is.
    """
    if seed is None:
        return np.random.mtrand._rand  # what np.random.randn draws from
    if isinstance(seed, (np.random.Generator, np.random.RandomState)):
        return seed
    return np.random.RandomState(v.check_int("seed", seed))


def gradient_descent(
    net: Network,
    X: Any,
    Y: Any,
    learning_rate: float,
    num_iterations: int,
    record_every: int,
    callback: Callback | None = None,
    **settings: Any,
) -> tuple[Network, History]:
    """The labs' training loop: ``num_iterations`` full-batch gradient-descent steps.

    :meth:`Network.fit` trains ``net`` in place, records the cost every
    ``record_every`` iterations (and at the last) and calls ``callback(i, cost, net)``
    then; ``settings`` are more of ``fit``'s (``l2``, ``keep_prob``, ``dropout_rng``).
    Returns ``(net, history)``, what every lab's ``train`` returns.
    """
    history = net.fit(
        X, Y, optimizer="gd", learning_rate=learning_rate, epochs=num_iterations,
        record_every=record_every, callback=callback, progress=False, **settings,
    )  # fmt: skip
    return net, history


def cost_printer(
    print_cost: bool,
    every: int,
    line: str | Callable[[int, float], str] = "Cost after iteration {i}: {cost}",
    last: int | None = None,
) -> Callback | None:
    """The course's "print the cost every ``every`` iterations" as a ``fit`` callback.

    ``line`` is the lab's own format (``{i}`` the iteration or epoch, ``{cost}`` the
    cost: ``"{cost:f}"`` prints 6 decimals) or a function ``(i, cost) -> text``;
    ``last`` is an iteration printed as well (lab 3.3 prints its last one).  None
    when ``print_cost`` is false: nothing to call.
    """
    if not print_cost:
        return None

    def callback(i: int, cost: float, _net: Network) -> None:
        if i % every == 0 or i == last:
            print(line.format(i=i, cost=cost) if isinstance(line, str) else line(i, cost))

    return callback


def mislabeled_indices(y: Any, p: Any) -> Array:
    """Indices of the examples whose prediction ``p`` differs from the label ``y``.

    Returns
    -------
    ndarray of shape (k,), int
        Column indices into ``X`` (what the labs' ``print_mislabeled_images`` shows).
    """
    y = np.asarray(y).reshape(-1)
    p = np.asarray(p).reshape(-1)
    if y.shape != p.shape:
        raise ValueError(f"p: expected {y.size} predictions like y, got {p.size}")
    return np.flatnonzero(p != y)


def bce_row(name: str, A: Any, Y: Any) -> float:
    """The labs' cross-entropy cost of outputs ``A`` against labels ``Y``, both taken
    as one row of m values whatever their shapes ((1, m), (m,), (m, 1))."""
    A, Y = np.asarray(A, dtype=np.float64), np.asarray(Y)
    if A.size != Y.size:
        raise ValueError(f"{name}: expected {Y.size} values like Y, got shape {A.shape}")
    outside = ~((A >= 0) & (A <= 1))  # NaN is outside too: its cost would be NaN
    if outside.any():
        index = tuple(int(i) for i in np.argwhere(outside)[0])
        found = float(A[index])
        why = (
            " (NaN: something before the cost divided 0 by 0 or overflowed)"
            if found != found
            else ""
        )
        raise ValueError(
            f"{name}: expected probabilities in [0, 1] (a sigmoid's outputs), got "
            f"{found!r} at {list(index)}{why}"
        )
    return binary_cross_entropy(A.reshape(1, -1), Y.reshape(1, -1))


def network_of(parameters: Mapping[str, Any]) -> Network:
    """An engine network LINEAR→RELU→…→SIGMOID holding copies of ``parameters``."""
    v.check_params_mapping("parameters", parameters, ["W1", "b1"])
    return Network.from_parameters(
        parameters, hidden_activation="relu", output_activation="sigmoid"
    )


def engine_forward(
    X: Array,
    parameters: Mapping[str, Any],
    keep_prob: float = 1.0,
    rng: np.random.RandomState | None = None,
) -> tuple[Array, list[Cache]]:
    """The engine's forward pass ``(AL, caches)``, dropout on hidden layers if asked."""
    net = network_of(parameters)
    X = net.check_X(X)
    keep = None if keep_prob == 1 else (keep_prob,) * (net.n_layers - 1)
    return net.forward(X, keep, rng)


def lab_cache(
    parameters: Mapping[str, Any], AL: Array, caches: list[Cache], with_masks: bool = False
) -> tuple:
    """The labs' flat cache ``(Z1, [D1,] A1, W1, b1, …, ZL, AL, WL, bL)``.

    ``A{l}`` is the layer's output after dropout (the next layer's input), as the
    labs store it; ``D{l}`` the boolean mask (all True when nothing was dropped).
    """
    items: list[Array] = []
    L = len(caches)
    for l, c in enumerate(caches, start=1):
        A = AL if l == L else caches[l].A_prev
        W, b = np.asarray(parameters[f"W{l}"]), np.asarray(parameters[f"b{l}"])
        if with_masks and l < L:
            D = c.mask if c.mask is not None else np.ones(c.Z.shape, dtype=bool)
            items += [c.Z, D, A, W, b]
        else:
            items += [c.Z, A, W, b]
    return tuple(items)


def split_cache(cache: Sequence[Array], with_masks: bool) -> tuple[list, list, list, list, list]:
    """``(Zs, As, Ws, bs, Ds)`` from a lab cache (``Ds`` empty without masks)."""
    if not isinstance(cache, (tuple, list)):
        raise TypeError(
            f"cache: expected the tuple forward_propagation returned, got {type(cache).__name__}"
        )
    n = len(cache)
    per_hidden = 5 if with_masks else 4
    if n < 4 or (n - 4) % per_hidden:
        layout = (
            "(Z1, D1, A1, W1, b1, …, ZL, AL, WL, bL)"
            if with_masks
            else "(Z1, A1, W1, b1, …, ZL, AL, WL, bL)"
        )
        raise ValueError(f"cache: expected a tuple {layout}, got {n} items")
    Zs, As, Ws, bs, Ds = [], [], [], [], []
    i = 0
    while i < n:
        last = i + 4 == n
        Zs.append(cache[i])
        if with_masks and not last:
            Ds.append(cache[i + 1])
            i += 1
        As.append(cache[i + 1])
        Ws.append(cache[i + 2])
        bs.append(cache[i + 3])
        i += 4
    return Zs, As, Ws, bs, Ds


def backward_walk(
    X: Array,
    Y: Array,
    Zs: list,
    As: list,
    Ws: list,
    bs: list,
    Ds: list | None = None,
    keep_prob: float = 1.0,
    l2: float = 0.0,
) -> dict[str, Array]:
    """The engine's backward pass over a lab cache, keeping what the labs return.

    Rebuilds the engine's per-layer caches from the lab's tuple and runs
    :meth:`Network.backward` with ``record``, which also hands back every
    ``dZ{l}`` and ``dA{l-1}``.  Keys ``dZ{l}, dW{l}, db{l}, dA{l-1}`` from
    l = L down to 1, the labs' order.
    """
    params = {}
    for l, (W, b) in enumerate(zip(Ws, bs), start=1):
        params[f"W{l}"], params[f"b{l}"] = W, b
    net = network_of(params)
    X = np.asarray(X, dtype=np.float64)
    L = net.n_layers
    caches = [
        Cache(
            X if l == 1 else np.asarray(As[l - 2], dtype=np.float64),
            np.asarray(Zs[l - 1], dtype=np.float64),
            np.asarray(As[l - 1], dtype=np.float64),
            np.asarray(Ds[l - 1]) if Ds and l < L else None,
        )
        for l in range(1, L + 1)
    ]
    record: dict[str, Array] = {}
    Y = np.asarray(Y).reshape(caches[-1].A.shape)  # the lab passes Y as (m,) or (1, m)
    grad = net.backward(caches, Y, l2, (keep_prob,) * (L - 1), record=record)
    flat = net.layout.views(grad.copy(), prefix="d")
    grads: dict[str, Array] = {}
    for l in range(L, 0, -1):
        grads[f"dZ{l}"] = record[f"dZ{l}"]
        grads[f"dW{l}"] = flat[f"dW{l}"]
        grads[f"db{l}"] = flat[f"db{l}"]
        if l > 1:
            grads[f"dA{l - 1}"] = record[f"dA{l - 1}"]
    return grads


def lowercase_grads(grads: dict[str, Array], m: int) -> dict[str, Array]:
    """The engine's ``dZ``/``dA`` → the lab's ``dz``/``da`` with ``1/m`` folded in."""
    out: dict[str, Array] = {}
    for key, g in grads.items():
        if key[:2] in ("dZ", "dA"):
            out["d" + key[1].lower() + key[2:]] = g * (1.0 / m)
        else:
            out[key] = g
    return out


def layout_of(parameters: Mapping[str, Any]) -> ParameterLayout:
    """The flat layout ``W1, b1, …, WL, bL`` of a parameter dict, shapes read off it."""
    v.check_params_mapping("parameters", parameters, ["W1", "b1"])
    names: list[str] = []
    L = 0
    while f"W{L + 1}" in parameters:
        L += 1
        names += [f"W{L}", f"b{L}"]
    v.check_params_mapping("parameters", parameters, names)
    shapes = tuple(tuple(np.shape(parameters[n])) for n in names)
    return ParameterLayout(tuple(names), shapes)


def unpack(layout: ParameterLayout, vector: Array, prefix: str = "") -> Params:
    return parameter_copies(layout.views(vector, prefix=prefix))


def optimizer_step(
    optimizer: Any,
    parameters: Mapping[str, Array],
    grads: Mapping[str, Array],
    state_dicts: Sequence[Mapping[str, Array]],
    t: int,
    learning_rate: float,
) -> tuple[Params, list[Array], ParameterLayout]:
    """One engine optimizer ``update`` over parameter dicts.

    Packs ``parameters``, ``grads`` (``dW1, db1, …``) and the state dicts (``v``,
    then Adam's ``s``; keys ``dW1, db1, …``) into flat vectors with
    :class:`~neuronlab.flatten.ParameterLayout`, runs one ``update`` (which writes
    into those fresh vectors, never into the inputs) and unpacks the parameters.
    Returns ``(new parameters, state vectors, layout)``.
    """
    from neuronlab.optimizers import get_optimizer

    v.check_positive("learning_rate", learning_rate)
    opt = get_optimizer(optimizer)
    layout = layout_of(parameters)
    theta = layout.pack(parameters)
    grad = layout.pack(grads, prefix="d", name="grads")
    state = opt.init(
        theta,
        [layout.pack(d, prefix="d", name=n) for d, n in zip(state_dicts, ("v", "s"))],
    )
    opt.update(theta, grad, state, t, learning_rate)
    return unpack(layout, theta), list(opt.moments(state)), layout
