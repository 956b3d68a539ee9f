"""The network: a stack of dense layers over one flat parameter vector.

Conventions (the courses'): ``X`` of shape (n_x, m) — examples are columns;
``W{l}`` of shape (n_l, n_{l-1}); ``b{l}`` of shape (n_l, 1);
``Z{l} = W{l} A{l-1} + b{l}``; costs are means over the ``m`` examples; L2
penalises weights, not biases.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from neuronlab import _validation as v
from neuronlab.activations import Activation, get_activation
from neuronlab.flatten import ParameterLayout
from neuronlab.initializers import BIAS_INITIALIZERS, RNG, get_initializer, make_rng
from neuronlab.layers import Cache, Dense, Layer, dropout_backward, dropout_forward
from neuronlab.losses import DEFAULT_LOSS, Loss, get_loss, penalty_of_squares

if TYPE_CHECKING:
    from neuronlab.training import History

Array = np.ndarray


def loss_misfit(loss: str, output: str) -> str:
    """Why the loss named ``loss`` does not fit an ``output`` activation ("" if it does):
    cross-entropies are of probabilities, a softmax's or a sigmoid's."""
    needs = {"categorical_cross_entropy": "softmax", "binary_cross_entropy": "sigmoid"}
    if needs.get(loss, output) == output:
        return ""
    return f"loss: {loss!r} needs a {needs[loss]!r} output (output_activation), got {output!r}"


def _misspelt(settings: dict[str, Any]) -> None:
    """A keyword close to one of :class:`Network`'s own parameters (``activations=``,
    ``activation=``) is named as a misspelling, not handed on to the initializer
    (whose message, "initializer 'he': unknown settings", would mislead)."""
    import difflib
    import inspect

    own = [p for p in inspect.signature(Network).parameters if p != "init_settings"]
    for key in settings:
        close = sorted(difflib.get_close_matches(key, own, n=2), key=own.index)
        if close:
            names = " or ".join(map(repr, close))
            raise TypeError(f"Network: unknown argument {key!r} — did you mean {names}?")


class Network:
    """A feed-forward network of dense layers.

    Parameters
    ----------
    layer_dims : sizes ``[n_x, n_1, …, n_L]``, input first.
    hidden_activation : name, :class:`Activation`, or one per hidden layer.
    output_activation : activation of layer L (``"sigmoid"``, ``"softmax"``, …).
    initializer : ``"zeros" | "random" | "he" | "xavier" | "sqrt_n_in" | "uniform" |
        "glorot_uniform"`` (the last also draws the biases, as scikit-learn does).
    seed : int, ``numpy.random.Generator`` or ``RandomState`` for the weights.
    dtype : ``"float64"`` (default) or ``"float32"``, used end to end.
    loss : cost name; by default the output's canonical loss (sigmoid → binary
        cross-entropy, softmax → categorical cross-entropy, identity → mse).
    **init_settings : ``scale`` for ``"random"``, ``epsilon`` for ``"uniform"``, ``factor``
        for ``"glorot_uniform"``.

    Examples
    --------
    >>> net = Network([2, 4, 1], hidden_activation="tanh", seed=0)
    >>> net.parameters["W1"].shape
    (4, 2)
    """

    def __init__(
        self,
        layer_dims: Sequence[int],
        hidden_activation: str | Activation | Sequence[str | Activation] = "relu",
        output_activation: str | Activation = "sigmoid",
        initializer: str = "he",
        seed: int | RNG | None = 0,
        dtype: str | np.dtype = "float64",
        loss: str | Loss | None = None,
        **init_settings: Any,
    ) -> None:
        try:
            dims = list(layer_dims) if not isinstance(layer_dims, (str, bytes)) else []
        except TypeError:  # not a sequence at all: None, a number…
            dims = []
        if len(dims) < 2:
            raise ValueError(
                f"layer_dims: expected at least 2 sizes [n_x, …, n_out], got {layer_dims!r}"
            )
        for d in dims:
            v.check_int("layer_dims", d, minimum=1)
        self.layer_dims: tuple[int, ...] = tuple(int(d) for d in dims)
        self.dtype = v.check_dtype(dtype)
        n_hidden = len(dims) - 2
        if isinstance(hidden_activation, (str, Activation, dict)):
            hidden = [get_activation(hidden_activation)] * n_hidden
        else:
            hidden = [get_activation(a) for a in hidden_activation]
            if len(hidden) != n_hidden:
                raise ValueError(
                    f"hidden_activation: expected {n_hidden} activations (one per hidden "
                    f"layer), got {len(hidden)}"
                )
        self.activations: tuple[Activation, ...] = (*hidden, get_activation(output_activation))
        out_name = self.activations[-1].name
        self.loss = get_loss(loss if loss is not None else DEFAULT_LOSS.get(out_name, "mse"))
        if out_name == "softmax" and self.loss.name != "categorical_cross_entropy":
            raise ValueError(
                f"loss: a softmax output needs 'categorical_cross_entropy', got {self.loss.name!r}"
            )
        misfit = loss_misfit(self.loss.name, out_name)
        if misfit:
            raise ValueError(misfit)
        _misspelt(init_settings)
        self.initializer = {"name": initializer, **init_settings}
        #: Free-form JSON-able data kept with the model (what a model file's header holds).
        self.metadata: dict[str, Any] = {}
        self.layout = ParameterLayout.for_dense(self.layer_dims)
        v.check_memory(
            "layer_dims",
            2 * self.layout.size * self.dtype.itemsize,
            f"the parameters and gradients of a {list(self.layer_dims)} network "
            f"({self.layout.size:,} {self.dtype.name} values each)",
        )
        self.theta = np.zeros(self.layout.size, dtype=self.dtype)
        self.grad = np.zeros(self.layout.size, dtype=self.dtype)
        self._bind_views()
        init = get_initializer(initializer, **init_settings)
        init_bias = BIAS_INITIALIZERS.get(initializer)
        rng = make_rng(seed)
        if initializer == "zeros" and init_bias is None:
            return  # theta is zeros already (and its pages untouched until a load fills them)
        for layer, n_out, n_in in zip(self.layers, self.layer_dims[1:], self.layer_dims[:-1]):
            layer.W[...] = init(rng, n_out, n_in)
            if init_bias is not None:
                layer.b[...] = init_bias(rng, n_out, n_in, **init_settings)

    # ----------------------------------------------------------------- state
    def _bind_views(self) -> None:
        P = self.layout.views(self.theta)
        G = self.layout.views(self.grad)
        self.layers: list[Layer] = [
            Dense(P[f"W{l}"], P[f"b{l}"], G[f"W{l}"], G[f"b{l}"], act)
            for l, act in enumerate(self.activations, start=1)
        ]

    @property
    def n_layers(self) -> int:
        """L, the number of weight layers."""
        return len(self.layer_dims) - 1

    @property
    def parameters(self) -> dict[str, Array]:
        """``{"W1": …, "b1": …}``: live views (writing into them changes the network)."""
        return self.layout.views(self.theta)

    def set_parameters(self, parameters: Mapping[str, Any]) -> Network:
        """Copy ``W1, b1, …`` (shapes checked) into the network; returns ``self``."""
        self.theta[:] = self.layout.pack(parameters, dtype=self.dtype)
        return self

    @classmethod
    def from_parameters(cls, parameters: Mapping[str, Any], **kwargs: Any) -> Network:
        """A network whose sizes are read off ``W1, W2, …`` and whose values are copied."""
        L = 0
        while f"W{L + 1}" in parameters:
            L += 1
        if L == 0:
            raise ValueError(f"parameters: expected keys 'W1', 'b1', …, got {sorted(parameters)}")
        dims = [np.shape(parameters["W1"])[1]] + [
            np.shape(parameters[f"W{l}"])[0] for l in range(1, L + 1)
        ]
        kwargs.setdefault("initializer", "zeros")
        return cls(dims, **kwargs).set_parameters(parameters)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Network:
        """A zero-initialised network of the architecture :meth:`config` describes."""
        needed = ("layer_dims", "activations", "loss", "dtype")
        if not isinstance(config, Mapping):
            raise TypeError(
                f"config: expected the mapping Network.config() returns, got {config!r}"
            )
        missing = [key for key in needed if key not in config]
        if missing or not isinstance(config["activations"], (list, tuple)):
            raise ValueError(
                f"config: expected keys {list(needed)} with a list of activations, as "
                f"Network.config() returns; missing {missing}"
            )
        acts = config["activations"]
        misfit = loss_misfit(config["loss"], get_activation(acts[-1]).name)
        if misfit:  # a model saved before this was refused: loaded as it was, said once
            warnings.warn(f"{misfit}; loaded as saved", UserWarning, stacklevel=2)
        net = cls(
            config["layer_dims"],
            hidden_activation=acts[:-1],
            output_activation=acts[-1],
            loss=None if misfit else config["loss"],
            dtype=config["dtype"],
            initializer="zeros",
            seed=None,
        )
        net.initializer = dict(config.get("initializer") or {"name": "zeros"})
        if misfit:
            net.loss = get_loss(config["loss"])
        return net

    def __getstate__(self) -> dict[str, Any]:
        # The layers are views into ``theta``; pickle would copy each view on its
        # own and cut them loose, so a network travels as (config, theta).
        return {"config": self.config(), "theta": self.theta.copy(), "metadata": self.metadata}

    def __setstate__(self, state: dict[str, Any]) -> None:
        rebuilt = Network.from_config(state["config"])
        rebuilt.theta[:] = state["theta"]
        rebuilt.metadata = state.get("metadata", {})
        self.__dict__.update(rebuilt.__dict__)

    def copy(self) -> Network:
        """An independent network with the same configuration, values and metadata."""
        new = Network.from_config(self.config())
        new.theta[:] = self.theta
        new.metadata = dict(self.metadata)
        return new

    def config(self) -> dict[str, Any]:
        """Architecture as plain JSON-able data (what model files store)."""
        return {
            "layer_dims": list(self.layer_dims),
            "activations": [a.to_config() for a in self.activations],
            "loss": self.loss.name,
            "dtype": self.dtype.name,
            "initializer": self.initializer,
        }

    def __repr__(self) -> str:
        acts = ", ".join(a.name for a in self.activations)
        return (
            f"Network({list(self.layer_dims)}, activations=[{acts}], "
            f"loss={self.loss.name!r}, dtype={self.dtype.name!r})"
        )

    # ---------------------------------------------------------------- inputs
    def check_X(self, X: Any, name: str = "X") -> Array:
        """``X`` as a finite array of shape (n_x, m) in the network's dtype; a SciPy
        sparse matrix stays sparse (CSR or CSC)."""
        if v.is_sparse(X):
            return v.check_sparse(name, X, rows=self.layer_dims[0], dtype=self.dtype)
        return v.check_matrix(name, X, rows=self.layer_dims[0], dtype=self.dtype)

    def check_Y(self, Y: Any, m: int, name: str = "Y", *, check_labels: bool = True) -> Array:
        """Targets in the form the loss needs, of shape (n_out, m).

        Sigmoid outputs take 0/1 labels; softmax takes one-hot (K, m) or a row
        of class indices (1, m); other outputs take real targets.
        ``check_labels=False`` lets a sigmoid output take any real targets: the
        cross-entropy and its gradient ``A − Y`` are formulas in Y, and the
        course's functions (which this serves) take any Y; a label check is
        for training a classifier.
        """
        n_out = self.layer_dims[-1]
        Y = np.asarray(Y)
        if Y.ndim == 1 and (n_out == 1 or self.loss.name == "categorical_cross_entropy"):
            Y = Y.reshape(1, -1)
        out = self.activations[-1].name
        rows = None if (out == "softmax" and Y.ndim == 2 and Y.shape[0] == 1) else n_out
        Y = v.check_matrix(name, Y, rows=rows)
        if Y.shape[1] != m:
            raise ValueError(f"{name}: expected {m} examples (columns) like X, got shape {Y.shape}")
        if self.loss.name == "binary_cross_entropy":
            if check_labels and not np.isin(Y, (0, 1)).all():
                bad = np.unique(Y[~np.isin(Y, (0, 1))])[:5]
                raise ValueError(
                    f"{name}: expected labels in {{0, 1}} for a sigmoid output, "
                    f"got values {bad.tolist()}"
                )
        elif self.loss.name == "categorical_cross_entropy" and Y.shape[0] == 1 and n_out > 1:
            labels = Y[0]
            if not (
                np.all(labels == np.round(labels)) and labels.min() >= 0 and labels.max() < n_out
            ):
                raise ValueError(
                    f"{name}: expected class indices in [0, {n_out}), got values "
                    f"from {labels.min()} to {labels.max()}"
                )
            onehot = np.zeros((n_out, m), dtype=self.dtype)
            onehot[labels.astype(np.intp), np.arange(m)] = 1
            return onehot
        elif self.loss.name == "categorical_cross_entropy":
            sums = Y.sum(axis=0)
            if Y.min() < 0 or not np.allclose(sums, 1, rtol=0, atol=1e-4):
                raise ValueError(
                    f"{name}: expected one-hot (or probability) columns, each summing to 1, "
                    f"got column sums from {sums.min():g} to {sums.max():g}"
                    + (" and negative values" if Y.min() < 0 else "")
                )
        return Y.astype(self.dtype, copy=False)

    # ------------------------------------------------------- forward/backward
    def forward(
        self,
        X: Array,
        keep_prob: Sequence[float] | None = None,
        rng: RNG | None = None,
    ) -> tuple[Array, list[Cache]]:
        """Forward pass for training: ``(AL, caches)``, dropout on hidden layers."""
        if keep_prob is not None and rng is None and any(k < 1 for k in keep_prob):
            raise ValueError("rng: dropout (keep_prob < 1) draws its masks from rng; got None")
        A = X
        caches: list[Cache] = []
        last = len(self.layers) - 1
        for l, layer in enumerate(self.layers):
            Z, A_act = layer.forward(A)
            mask = None
            A_next = A_act
            if keep_prob is not None and l < last and keep_prob[l] < 1:
                A_next, mask = dropout_forward(A_act, keep_prob[l], rng)  # type: ignore[arg-type]
            caches.append(Cache(A, Z, A_act, mask))
            A = A_next
        return A, caches

    def penalty(self, l2: float, m: float) -> float:
        """The L2 term ``λ/(2m) Σ_l ‖W_l‖²`` of the cost (0 when ``l2 == 0``).

        The dense layers' norms are summed in order and a layer held in another form
        (:class:`~neuronlab.wide.DualDense`) is added last, as the published runs summed
        them: the same cost to the last bit whichever form trains.
        """
        ordered: list[Layer] = [layer for layer in self.layers if isinstance(layer, Dense)]
        ordered += [layer for layer in self.layers if not isinstance(layer, Dense)]
        return penalty_of_squares((layer.squared_norm() for layer in ordered), l2, m)

    def output_cost(
        self, Z: Array, Y: Array, A: Array | None = None, w: Array | None = None
    ) -> float:
        """The loss (no L2 term) of the output layer's ``Z`` against ``Y``; ``A = g(Z)``
        when already computed; ``w``: the examples' weights summing to 1 (None: the plain
        mean).  From the logits for the canonical output/loss pairs, which never takes
        log 0."""
        weighted = () if w is None else (w,)  # a Loss made by hand may take (A, Y) only
        if self.activations[-1].name == self.loss.canonical:
            return self.loss.cost_from_logits(Z, Y, *weighted)
        return self.loss.cost(self.activations[-1].forward(Z) if A is None else A, Y, *weighted)

    def cost_of(
        self, caches: list[Cache], Y: Array, l2: float, weights: Array | None = None
    ) -> float:
        """The cost of a forward pass (its ``caches``) against targets ``Y``.

        ``weights`` (m,) ≥ 0, when given, make it ``Σ_i w_i ℓ_i / Σ_i w_i + λ/(2Σw) Σ‖W‖²``
        (scikit-learn's weighted MLP loss): integer weights give the cost of the set with
        example ``i`` repeated ``w_i`` times.
        """
        out = caches[-1]
        return self._cost_at(out.Z, Y, out.A, l2, weights)

    def _cost_at(
        self, Z: Array, Y: Array, A: Array, l2: float, weights: Array | None = None
    ) -> float:
        """The cost of output logits ``Z`` and activations ``A``: :meth:`cost_of`'s."""
        if weights is None:
            return self.output_cost(Z, Y, A) + self.penalty(l2, Y.shape[1])
        total = float(np.sum(weights))
        return self.output_cost(Z, Y, A, weights / total) + self.penalty(l2, total)

    def backward(
        self,
        caches: list[Cache],
        Y: Array,
        l2: float = 0.0,
        keep_prob: Sequence[float] | None = None,
        record: dict[str, Array] | None = None,
        weights: Array | None = None,
    ) -> Array:
        """Backward pass: fills the flat gradient vector ``self.grad`` and returns it.

        ``record``, when given, receives the intermediate gradients the labs
        return: ``dZ{l}`` for every layer and ``dA{l-1}`` (after dropout's mask),
        down to ``dA0``, the gradient with respect to ``X`` — which is otherwise
        never computed (nothing in training uses it, and it costs as much as a
        layer's ``dW``).  ``weights``: the gradient of :meth:`cost_of`'s weighted cost
        (column ``i`` of the output's dZ scaled by ``w_i / Σw`` instead of ``1/m``).
        """
        m: float = Y.shape[1] if weights is None else float(np.sum(weights))
        out = caches[-1]
        if self.activations[-1].name == self.loss.canonical:
            dZ = out.A - Y  # fused output gradient (see losses)
        else:
            dZ = self.activations[-1].backward(self.loss.grad(out.A, Y), out.Z, out.A)
        # Divide by m once, here on the output's small dZ: every dZ and dA below then
        # carries the 1/m of the cost (backpropagation is linear), so no layer spends
        # a pass over its dW on it (~3 % of an MNIST epoch). The recorded gradients
        # are the labs' undivided ones.
        if weights is None:
            dZ *= 1.0 / m
        else:
            dZ *= weights / m  # (n_out, m) * (m,): each example's share of the cost
        for l in range(len(self.layers) - 1, -1, -1):
            layer, cache = self.layers[l], caches[l]
            layer.backward_params(dZ, cache.A_prev, m, l2)
            if record is not None:
                record[f"dZ{l + 1}"] = dZ * m
            if l == 0:
                if record is not None:
                    record["dA0"] = layer.backward_input(dZ) * m
                break
            dA = layer.backward_input(dZ)
            prev = caches[l - 1]
            if prev.mask is not None:
                dA = dropout_backward(dA, prev.mask, keep_prob[l - 1])  # type: ignore[index]
            if record is not None:
                record[f"dA{l}"] = dA * m  # a copy: the activation's backward works in place
            dZ = self.layers[l - 1].activation.backward(dA, prev.Z, prev.A)
        return self.grad

    def loss_and_grad(
        self,
        X: Array,
        Y: Array,
        l2: float = 0.0,
        keep_prob: Sequence[float] | None = None,
        rng: RNG | None = None,
        weights: Array | None = None,
    ) -> tuple[float, Array]:
        """``(cost, flat gradient)`` for checked inputs; the gradient is ``self.grad``;
        ``weights`` (m,): per-example weights (see :meth:`cost_of`)."""
        _, caches = self.forward(X, keep_prob, rng)
        cost = self.cost_of(caches, Y, l2, weights)
        return cost, self.backward(caches, Y, l2, keep_prob, weights=weights)

    def _logits(self, X: Array) -> Array:
        """The output layer's ``Z`` for checked inputs, no dropout, no caches kept."""
        A = X
        for layer in self.layers[:-1]:
            A = layer.activation.forward(layer.linear(A))
        return self.layers[-1].linear(A)

    def loss_at(self, X: Array, Y: Array, l2: float = 0.0) -> float:
        """Cost only, no caches kept (checked inputs, no dropout)."""
        return self.output_cost(self._logits(X), Y) + self.penalty(l2, Y.shape[1])

    def cost_and_accuracy(
        self, X: Array, Y: Array, l2: float = 0.0, weights: Array | None = None
    ) -> tuple[float, float]:
        """``(cost, accuracy)`` of checked inputs from one forward pass (validation);
        ``weights`` (m,) weigh both as in :meth:`cost_of`."""
        Z = self._logits(X)
        A = self.activations[-1].forward(Z)
        return self._cost_at(Z, Y, A, l2, weights), self.accuracy_of(A, Y, weights)

    # ------------------------------------------------------------ public API
    def check_inputs(
        self, X: Any, Y: Any, l2: float, *, check_labels: bool = True
    ) -> tuple[Array, Array, float]:
        """``(X, Y, l2)`` checked: :meth:`check_X`, :meth:`check_Y` and ``l2 ≥ 0``."""
        X = self.check_X(X)
        Y = self.check_Y(Y, X.shape[1], check_labels=check_labels)
        return X, Y, v.check_positive("l2", l2, allow_zero=True)

    def cost(self, X: Any, Y: Any, l2: float = 0.0) -> float:
        """The cost ``J`` (loss mean over examples + L2 term), as a float."""
        return self.loss_at(*self.check_inputs(X, Y, l2))

    def cost_and_gradients(
        self, X: Any, Y: Any, l2: float = 0.0, *, check_labels: bool = True
    ) -> tuple[float, dict[str, Array]]:
        """``(J, {"dW1": …, "db1": …})`` from one forward and one backward pass
        (``check_labels``: see :meth:`check_Y`)."""
        cost, grad = self.loss_and_grad(*self.check_inputs(X, Y, l2, check_labels=check_labels))
        return cost, self.layout.views(grad.copy(), prefix="d")

    def gradients(self, X: Any, Y: Any, l2: float = 0.0) -> dict[str, Array]:
        """``{"dW1": …, "db1": …}`` (copies), no dropout."""
        return self.cost_and_gradients(X, Y, l2)[1]

    def predict_proba(self, X: Any) -> Array:
        """Output activations ``AL`` of shape (n_out, m), dropout off."""
        A = self.check_X(X)
        for layer in self.layers:
            A = layer.activation.forward(layer.linear(A))
        return A

    def predict(self, X: Any) -> Array:
        """Labels of shape (1, m): 0/1 for one sigmoid output (``AL > 0.5``), class
        index (argmax) for softmax or several sigmoid outputs; raw outputs otherwise."""
        return self.labels_of(self.predict_proba(X))

    def labels_of(self, A: Array) -> Array:
        """:meth:`predict`'s labels from output activations ``A`` of shape (n_out, m)."""
        out = self.activations[-1].name
        if out == "sigmoid" and A.shape[0] == 1:
            return (A > 0.5).astype(np.int64)
        if out in ("sigmoid", "softmax"):
            return np.argmax(A, axis=0).reshape(1, -1)
        return A

    def accuracy(self, X: Any, Y: Any) -> float:
        """Fraction of examples whose predicted label equals the target."""
        X = self.check_X(X)
        return self.accuracy_of(self.predict_proba(X), self.check_Y(Y, X.shape[1]))

    def accuracy_of(self, A: Array, Y: Array, weights: Array | None = None) -> float:
        """:meth:`accuracy` from output activations ``A`` and checked targets ``Y``; with
        ``weights`` (m,), the weighted share of examples right."""
        labels = Y if Y.shape[0] == 1 else np.argmax(Y, axis=0).reshape(1, -1)
        right = self.labels_of(A) == labels
        if weights is None:
            return float(np.mean(right))
        return float(np.sum(weights * right[0]) / np.sum(weights))

    def fit(self, X: Any, Y: Any, **kwargs: Any) -> History:
        """Train in place; see :func:`neuronlab.training.fit` for the options."""
        from neuronlab.training import fit

        return fit(self, X, Y, **kwargs)

    def save(self, path: Any, **metadata: Any) -> None:
        """Write the model file (``.npz`` + JSON, atomically); see :mod:`neuronlab.io`."""
        from neuronlab.io import save_network

        save_network(self, path, **metadata)

    @classmethod
    def load(cls, path: Any) -> Network:
        """Read a model file written by :meth:`save`."""
        from neuronlab.io import load_network

        return load_network(path)
