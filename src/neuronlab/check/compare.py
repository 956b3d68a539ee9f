"""A learner's result against the engine's: the first difference, and what it suggests.

Results are compared as the course's runners do — the container (tuple or list, dict
keys), then each leaf's type and shape, then its values with ``np.allclose``'s
tolerances (relative 1e-5, absolute 1e-8; REFERENCE §9) — except that every type a
course version returns is accepted: a cost as a Python ``float``, a NumPy scalar or a
0-d array, labels as booleans or as 0./1.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

RTOL, ATOL = 1e-5, 1e-8

#: Every diagnosis code and its one-sentence hint (never the answer's code).
HINTS: dict[str, str] = {
    "missing-1/m": "A sum where a mean belongs: divide by m, the number of examples "
    "(the columns of X).",
    "extra-1/m": "Divided by m once too often: this quantity is already a mean, or is not "
    "averaged at all.",
    "sum-axis": "Summed over the wrong axis: examples are columns, so a sum over the "
    "examples runs along axis=1.",
    "keepdims": "A shape (n,) or () where (n, 1) belongs: keep the summed axis "
    "(keepdims=True) or reshape.",
    "transposed": "Rows and columns are swapped: X is (features, examples) and W is "
    "(units of this layer, units of the layer before).",
    "sign": "A sign is flipped: check the minus signs (the cost's, dZ = A − Y, the update "
    "θ − α·dθ).",
    "elementwise-vs-matmul": "`*` (elementwise) where a matrix product (np.dot) belongs, or "
    "the reverse.",
    "activation-derivative": "The activation's derivative is wrong: tanh′ is 1 − A² (from the "
    "layer's output A, not Z), σ′ is s(1 − s) with s = σ(Z), relu′ is 1 where Z > 0, else 0.",
    "wrong-activation": "A layer uses the wrong activation: the hidden layer's or the output "
    "layer's is not the lab's.",
    "init-scale": "The starting weights have the wrong scale or distribution: normal draws "
    "(randn) times the lab's factor.",
    "init-order": "The right numbers drawn in another order: draw the arrays in the lab's "
    "order (W1 before W2), so every later draw lands where the lab's does.",
    "regularized-bias": "The L2 penalty includes the biases: only the weights W are "
    "penalised, never b.",
    "l2-factor": "The L2 term has the wrong factor: the cost adds λ/(2m)·ΣW², its gradient "
    "adds (λ/m)·W.",
    "dropout-mask": "The dropout mask keeps the wrong units: a unit is kept when its random "
    "number is below keep_prob (rand < keep_prob).",
    "dropout-scale": "The kept activations are not scaled: divide by keep_prob, in the "
    "forward pass and again in the backward pass.",
    "dropout-mask-reuse": "The backward pass must shut down the same units as the forward "
    "pass: multiply by the D saved in the cache, not a new mask.",
    "momentum-formula": "The velocity's update is wrong: v = β·v + (1 − β)·grad, then the "
    "parameter moves by learning_rate·v.",
    "adam-bias-correction": "Adam's bias correction is missing or uses the wrong t: divide v "
    "by (1 − β1**t) and s by (1 − β2**t), with t counted from 1.",
    "adam-epsilon": "ε belongs outside the square root: divide by (sqrt(s_corrected) + ε).",
    "lr-decay-formula": "The learning-rate decay is wrong: α0 / (1 + decay_rate · epoch), "
    "with epoch // time_interval for the scheduled form.",
    "minibatch-shuffle": "X and Y must be shuffled with the same permutation of the columns "
    "(examples), drawn once.",
    "minibatch-last": "The last mini-batch holds the m mod mini_batch_size examples left "
    "over: keep it, with exactly those columns.",
    "gradcheck-formula": "The gradient check's difference is wrong: a two-sided difference "
    "(J(θ+ε) − J(θ−ε)) / (2ε), and ‖grad − approx‖ / (‖grad‖ + ‖approx‖).",
    "cost-shape": "The cost must be a scalar (a Python or NumPy float, or a 0-d array), not "
    "an array with dimensions.",
    "mutates-input": "It changed the caller's arrays in place: compute new arrays (or work "
    "on a copy.deepcopy) and return them.",
    "cache": "The cache misses entries or names them differently from the lab's.",
    "hardcoded": "Right on the course's own test case only: on other inputs it gives the "
    "same answer, as a hard-coded one would.",
    "timeout": "It did not finish in time: an endless loop, or far more work than this "
    "function needs.",
    "error": "It raised an exception: the line is yours, shown above.",
}

#: Hints that read otherwise in a lab with conventions of its own (lab → code → hint): the
#: digits lab keeps one example per row, a bias column in each Θ and its own check formula;
#: a gradient check's signs are those of its difference, not of a cost or an update.
LAB_HINTS: dict[str, dict[str, str]] = {
    "gradient_checking": {
        "sign": "A sign is flipped: check the minus signs (J(θ+ε) − J(θ−ε) in that order, "
        "dθ = x, grad − gradapprox).",
    },
    "digits": {
        "sign": "A sign is flipped: check the minus signs (the cost's, δ3 = h − y, "
        "J(θ+ε) − J(θ−ε) in that order).",
        "missing-1/m": "A sum where a mean belongs: divide by m, the number of examples "
        "(the rows of X in this lab).",
        "transposed": "Rows and columns are swapped: here X is (examples, 1 + features), Θ is "
        "(units of this layer, 1 + units of the layer before), and θ is unrolled row by row.",
        "regularized-bias": "The penalty includes the bias column: Θ[:, 0] is never "
        "penalised, only Θ1[:, 1:] and Θ2[:, 1:].",
        "init-scale": "The starting weights have the wrong range or distribution: uniform "
        "draws on (−ε_init, ε_init), with the lab's ε_init = 0.12.",
        "activation-derivative": "The sigmoid's derivative is wrong: σ′(z) = σ(z)(1 − σ(z)), "
        "taken at the hidden layer's z2 (not at its output a2).",
        "gradcheck-formula": "The gradient check's difference is wrong: a two-sided difference "
        "(J(θ+ε) − J(θ−ε)) / (2ε), and ‖numeric − analytic‖ / ‖numeric + analytic‖.",
    },
}


def hint(code: str, lab: str = "") -> str | None:
    """The one-sentence hint of a diagnosis code, in ``lab``'s own terms where it has them."""
    return LAB_HINTS.get(lab, {}).get(code, HINTS.get(code))


@dataclass(frozen=True)
class Difference:
    """Where a result first differs from the engine's, and how."""

    path: str  # "" (the result itself), "[0]", "['dw']", "[1]['Z1']" …
    kind: str  # "type" | "length" | "keys" | "shape" | "values"
    expected: str
    got: str
    index: tuple[int, ...] | None = None

    def sentence(self, name: str = "the result") -> str:
        where = f"{name}{self.path}"
        if self.kind == "values":
            at = f" at {list(self.index)}" if self.index else ""
            return f"{where}{at}: expected {self.expected}, got {self.got}"
        return f"{where}: expected {self.expected}, got {self.got}"


def first_difference(got: Any, expected: Any, path: str = "") -> Difference | None:
    """The first difference of ``got`` from ``expected``, or None."""
    if isinstance(expected, Mapping):
        if not isinstance(got, Mapping):
            return Difference(path, "type", "a dict", _kind(got))
        missing = [k for k in expected if k not in got]
        extra = [k for k in got if k not in expected]
        if missing or extra:
            want = ", ".join(repr(k) for k in expected)
            return Difference(path, "keys", f"the keys {want}", _keys(missing, extra))
        for key in expected:
            found = first_difference(got[key], expected[key], f"{path}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return Difference(path, "type", f"a {type(expected).__name__}", _kind(got))
        if len(got) != len(expected):
            return Difference(path, "length", f"{len(expected)} items", f"{len(got)}")
        for i, (g, e) in enumerate(zip(got, expected)):
            found = first_difference(g, e, f"{path}[{i}]")
            if found:
                return found
        return None
    if _scalar(expected):
        return _scalar_difference(got, expected, path)
    if isinstance(expected, np.ndarray):
        return _array_difference(got, expected, path)
    if got != expected:
        return Difference(path, "values", repr(expected), repr(got))
    return None


def _scalar_difference(got: Any, expected: Any, path: str) -> Difference | None:
    if isinstance(got, np.ndarray) and got.ndim > 0:
        return Difference(path, "shape", "a scalar", f"an array of shape {got.shape}")
    if not _scalar(got):
        return Difference(path, "type", "a number", _kind(got))
    e, g = float(np.asarray(expected)), float(np.asarray(got))
    if isinstance(expected, (numbers.Integral, np.integer)) and not isinstance(expected, bool):
        if g != e:
            return Difference(path, "values", f"{int(e)}", _number(g))
        return None
    if not np.isclose(g, e, rtol=RTOL, atol=ATOL):
        return Difference(path, "values", _number(e), _number(g))
    return None


def _array_difference(got: Any, expected: np.ndarray, path: str) -> Difference | None:
    if not isinstance(got, np.ndarray):
        return Difference(path, "type", f"an ndarray of shape {expected.shape}", _kind(got))
    if got.shape != expected.shape:
        return Difference(path, "shape", f"shape {expected.shape}", f"shape {got.shape}")
    try:
        g, e = got.astype(np.float64), expected.astype(np.float64)
    except (TypeError, ValueError):
        return Difference(path, "type", f"numbers ({expected.dtype})", f"dtype {got.dtype}")
    close = np.isclose(g, e, rtol=RTOL, atol=ATOL, equal_nan=True)
    if close.all():
        return None
    index = tuple(int(i) for i in np.argwhere(~close)[0])
    return Difference(path, "values", _number(e[index]), _number(g[index]), index)


def leaf(result: Any, path: str) -> Any:
    """The part of ``result`` that ``path`` names (``"[1]['Z1']"``)."""
    import ast

    node = result
    rest = path
    while rest:
        close = rest.index("]")
        node = node[ast.literal_eval(rest[1:close])]
        rest = rest[close + 1 :]
    return node


def generic_diagnoses(got: Any, expected: Any, m: int | None) -> list[str]:
    """Codes that the shapes and values of one differing leaf show by themselves."""
    if _scalar(expected) and isinstance(got, np.ndarray) and got.ndim > 0:
        return ["cost-shape"] if got.size == 1 else []
    if not isinstance(got, np.ndarray) and not _scalar(got):
        return []
    g = np.asarray(got, dtype=np.float64) if _numeric(got) else None
    e = np.asarray(expected, dtype=np.float64) if _numeric(expected) else None
    if g is None or e is None:
        return []
    if g.shape != e.shape:
        if g.shape == e.shape[::-1] and _close(g, e.T):
            return ["transposed"]
        if g.size == e.size and g.ndim < e.ndim and _close(g.reshape(e.shape), e):
            return ["keepdims"]
        return []
    if not np.any(e):
        return []
    if _close(g, -e):
        return ["sign"]
    if m and m > 1 and _close(g, e * m):
        return ["missing-1/m"]
    if m and m > 1 and _close(g, e / m):
        return ["extra-1/m"]
    return []


def same(a: Any, b: Any) -> bool:
    """Whether two results agree (no difference either way)."""
    return first_difference(a, b) is None


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def _numeric(x: Any) -> bool:
    try:
        np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return True


def _scalar(x: Any) -> bool:
    if isinstance(x, (numbers.Number, np.number, np.bool_)):
        return True
    return isinstance(x, np.ndarray) and x.ndim == 0


def _kind(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return f"an ndarray of shape {x.shape}"
    return f"a {type(x).__name__}" + (f" ({x!r})" if _scalar(x) or x is None else "")


def _keys(missing: Sequence[Any], extra: Sequence[Any]) -> str:
    parts = []
    if missing:
        parts.append("no " + ", ".join(repr(k) for k in missing))
    if extra:
        parts.append("also " + ", ".join(repr(k) for k in extra))
    return "; ".join(parts)


def _number(x: Any) -> str:
    return f"{float(x):.8g}"
