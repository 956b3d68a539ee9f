"""One flat vector of parameters, and named views into it.

The network keeps all its parameters in a single contiguous vector ``theta``
(and its gradients in one vector of the same layout).  ``W1, b1, W2, …`` are
views into it, so:

* optimizers update every parameter with a handful of whole-vector NumPy
  operations instead of a Python loop over arrays;
* gradient checking and ``scipy.optimize.minimize`` see the vector directly,
  with no copying back and forth.

Order: ``W1, b1, W2, b2, …``, each flattened row-major (C order) — the order
of the gradient-checking lab's ``dictionary_to_vector``.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ParameterLayout:
    """Where each named parameter lives in the flat vector.

    Parameters
    ----------
    names : parameter names in vector order (``"W1", "b1", …``).
    shapes : their shapes.
    """

    names: tuple[str, ...]
    shapes: tuple[tuple[int, ...], ...]

    @classmethod
    def for_dense(cls, layer_dims: Sequence[int]) -> ParameterLayout:
        """Layout of a dense stack: ``W{l}`` of shape (n_l, n_{l-1}), ``b{l}`` of (n_l, 1)."""
        names: list[str] = []
        shapes: list[tuple[int, ...]] = []
        for l in range(1, len(layer_dims)):
            names += [f"W{l}", f"b{l}"]
            shapes += [(layer_dims[l], layer_dims[l - 1]), (layer_dims[l], 1)]
        return cls(tuple(names), tuple(shapes))

    # Computed once per layout (the labs' facades rebuild views every call: recomputing
    # these with NumPy made a 3-layer step three times slower).
    @functools.cached_property
    def sizes(self) -> tuple[int, ...]:
        return tuple(math.prod(s) for s in self.shapes)

    @functools.cached_property
    def offsets(self) -> tuple[int, ...]:
        return (0, *itertools.accumulate(self.sizes))[:-1]

    @functools.cached_property
    def size(self) -> int:
        """Total number of parameters."""
        return sum(self.sizes)

    @functools.cached_property
    def _slices(self) -> dict[str, slice]:
        return {n: slice(o, o + s) for n, o, s in zip(self.names, self.offsets, self.sizes)}

    def slices(self) -> dict[str, slice]:
        """Name → slice of the flat vector."""
        return dict(self._slices)

    def views(self, vector: np.ndarray, prefix: str = "") -> dict[str, np.ndarray]:
        """Name → view of ``vector`` with the parameter's shape (writes go through)."""
        if vector.shape != (self.size,):
            raise ValueError(
                f"vector: expected shape ({self.size},) for {len(self.names)} parameters, "
                f"got shape {vector.shape}"
            )
        return {
            prefix + n: vector[sl].reshape(shape)
            for (n, sl), shape in zip(self._slices.items(), self.shapes)
        }

    def pack(
        self,
        arrays: Mapping[str, np.ndarray],
        prefix: str = "",
        dtype: np.dtype | type = np.float64,
        name: str = "parameters",
    ) -> np.ndarray:
        """Concatenate ``arrays[prefix + name]`` in layout order into a new vector.

        Shapes are checked: a wrong shape names the key, expected and actual shape;
        a missing key names the argument ``name`` (``"grads"``, ``"v"``, …).
        """
        out = np.empty(self.size, dtype=dtype)
        for (n, sl), shape in zip(self._slices.items(), self.shapes):
            key = prefix + n
            if key not in arrays:
                raise ValueError(
                    f"{name}: missing {key!r}; expected keys {[prefix + k for k in self.names]}"
                )
            a = np.asarray(arrays[key])
            if a.shape != shape:
                raise ValueError(f"{key}: expected shape {shape}, got shape {a.shape}")
            out[sl] = a.ravel()
        return out
