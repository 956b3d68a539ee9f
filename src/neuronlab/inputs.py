"""A model's inputs: what it takes (its input spec) and data matched to it.

The spec is the ``input`` a trained model's file carries in its metadata
(:mod:`neuronlab.usermodels`):

* ``{"kind": "image", "shape": [h, w, 3], "scale": 1/255}`` — pictures resized to
  ``h × w``, pixels unrolled as :func:`neuronlab.images.flatten_images` does;
* ``{"kind": "table", "features": [...], "mean": [...] | None, "std": [...] | None}``
  — columns taken by name, standardised as ``(x - mean) / std`` with the training
  split's statistics;
* ``{"kind": "any"}`` — a model saved without metadata: any input of the right size.

Reading the files themselves is :mod:`neuronlab.userdata`; here they are matched
to a model: tables by their columns' names (else by position), pictures at the
model's size, and a clear error when the data cannot be the model's input.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from neuronlab._validation import special_file
from neuronlab.images import picture_files, read_pictures
from neuronlab.userdata import (
    TABLE_SUFFIXES,
    Examples,
    load_dataset,
    read_table,
)

if TYPE_CHECKING:
    from neuronlab.network import Network

Array = np.ndarray


# ----------------------------------------------------------------- the spec
def image_spec(shape: Sequence[int]) -> dict[str, Any]:
    """The model file's ``input`` for pictures of ``shape`` (h, w, 3), pixels ÷ 255."""
    return {"kind": "image", "shape": list(shape), "scale": 1 / 255}


def table_spec(
    X: Array, features: list[str] | None, source: str, standardize: bool = True
) -> dict[str, Any]:
    """The model file's ``input`` for a table whose training split is ``X`` of shape
    (n_x, m): with ``standardize``, each feature's mean and standard deviation over
    the m examples (a constant feature gets std 1, so it stays 0 rather than divide
    by 0); else ``None`` for both."""
    if not standardize:
        return {"kind": "table", "features": features, "mean": None, "std": None}
    with np.errstate(over="ignore", invalid="ignore"):  # too large: said below
        mean = X.mean(axis=1)  # (n_x,)
        std = X.std(axis=1)  # (n_x,)
        largest = np.max(np.abs(X), axis=1) if X.size else np.zeros(X.shape[0])
    first = X[:, 0] if X.shape[1] else np.zeros(X.shape[0])
    return standardized_spec(mean, std, features, source, first, largest)


def standardized_spec(
    mean: Array,
    std: Array,
    features: list[str] | None,
    source: str,
    first: Array,
    largest: Array,
) -> dict[str, Any]:
    """:func:`table_spec` from the training split's per-feature ``mean`` and ``std``
    (n_x,), however they were computed (at once, or merged over blocks of a file);
    ``first`` is its first example and ``largest`` each feature's largest magnitude,
    both (n_x,), quoted when a column is constant or too large to standardise."""
    std = np.array(std, dtype=np.float64)
    if not np.isfinite(std).all():
        j = int(np.flatnonzero(~np.isfinite(std))[0])
        column = features[j] if features else f"x{j + 1}"
        raise ValueError(
            f"{source}: column {column!r} holds values too large to "
            f"standardise (up to {largest[j]:.3g}); rescale it"
        )
    constant = np.flatnonzero(std == 0)
    if constant.size:
        names = [features[j] if features else f"x{j + 1}" for j in constant]
        shown = ", ".join(f"{n!r} (always {first[j]:g})" for n, j in zip(names, constant))
        warnings.warn(
            f"{source}: constant column{'s' * (len(names) > 1)} {shown}: no information "
            "for the model to learn from (kept, as 0 after standardising)",
            UserWarning,
            stacklevel=3,
        )
    std[std == 0] = 1.0
    return {"kind": "table", "features": features, "mean": mean.tolist(), "std": std.tolist()}


def model_spec(net: Network, path: str | os.PathLike[str]) -> tuple[list[str], dict[str, Any]]:
    """``(classes, input spec)`` of a loaded model.

    A model saved without this metadata (``net.save(path)`` from Python or a lab)
    gets classes ``"0", "1", …`` and accepts any input of the right size.
    """
    md = net.metadata if isinstance(net.metadata, dict) else {}
    n_x, n_out = net.layer_dims[0], net.layer_dims[-1]
    if net.activations[-1].name not in ("sigmoid", "softmax"):
        raise ValueError(f"{path}: not a classifier (its output is {net.activations[-1].name})")
    k = 2 if n_out == 1 else n_out
    classes = md.get("classes", [str(i) for i in range(k)])
    spec = md.get("input", {"kind": "any"})
    ok = isinstance(classes, list) and len(classes) == k and _fits(spec, n_x)
    if not ok:
        raise ValueError(f"{path}: the model's metadata (classes / input) is inconsistent")
    return [str(c) for c in classes], spec


def is_regressor(net: Network) -> bool:
    """A model ``train --task regression`` wrote, or any network with an identity output."""
    md = net.metadata if isinstance(net.metadata, dict) else {}
    return md.get("task") == "regression" or net.activations[-1].name == "identity"


def regressor_spec(
    net: Network, path: str | os.PathLike[str]
) -> tuple[dict[str, float] | None, dict[str, Any]]:
    """``(target, input spec)`` of a loaded regressor: the target's standardisation
    (``{"mean", "std"}``, None when it was learned raw) and what it takes."""
    md = net.metadata if isinstance(net.metadata, dict) else {}
    if net.activations[-1].name != "identity":
        raise ValueError(f"{path}: not a regressor (its output is {net.activations[-1].name})")
    target, spec = md.get("target"), md.get("input", {"kind": "any"})
    ok = _fits(spec, net.layer_dims[0]) and (
        target is None
        or isinstance(target, dict)
        and all(isinstance(target.get(k), (int, float)) for k in ("mean", "std"))
    )
    if not ok:
        raise ValueError(f"{path}: the model's metadata (target / input) is inconsistent")
    return target, spec


def _fits(spec: Any, n_x: int) -> bool:
    """An input spec that is well formed and takes ``n_x`` values per example (a table's
    statistics finite numbers, its standard deviations > 0)."""
    if not isinstance(spec, dict):
        return False
    if spec.get("kind") == "image":
        shape = spec.get("shape")
        return (
            isinstance(shape, list)
            and len(shape) == 3
            and all(isinstance(d, int) and not isinstance(d, bool) and d >= 1 for d in shape)
            and math.prod(shape) == n_x
        )
    if spec.get("kind") == "table":
        return len(spec.get("features") or []) == n_x and all(
            spec.get(key) is None or _numbers(spec[key], n_x, positive=key == "std")
            for key in ("mean", "std")
        )
    return spec.get("kind") == "any"


def _numbers(values: Any, n: int, positive: bool) -> bool:
    """``values`` is a list of ``n`` finite numbers (each > 0 with ``positive``): a
    standard deviation of 0 divided every input into inf."""
    if not isinstance(values, list) or len(values) != n:
        return False
    if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in values):
        return False
    return all(math.isfinite(x) and (x > 0 or not positive) for x in values)


def prepare(X: Array, spec: dict[str, Any]) -> Array:
    """Apply the model's input transform: ``(x - mean) / std`` for a standardised table."""
    if spec.get("kind") == "table" and spec.get("mean") is not None:
        mean = np.asarray(spec["mean"], dtype=np.float64)[:, None]  # (n_x, 1)
        std = np.asarray(spec["std"], dtype=np.float64)[:, None]
        return (X - mean) / std
    return X


def _describe(spec: dict[str, Any], n_x: int) -> str:
    if spec["kind"] == "image":
        h, w, c = spec["shape"]
        return f"{h}×{w}×{c} pictures"
    if spec["kind"] == "table":
        names = spec["features"]
        shown = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
        return f"tables of {n_x} features ({shown})"
    return f"inputs of {n_x} values"


def picture_shape(spec: dict[str, Any], n_x: int, where: str | os.PathLike[str]) -> list[int]:
    """The (h, w, 3) pictures are read at for the model; a model of tables, or of
    ``n_x`` values that are no square RGB picture, refuses them (``where`` names them)."""
    if spec["kind"] == "image":
        return list(spec["shape"])
    side = math.isqrt(n_x // 3) if n_x % 3 == 0 and spec["kind"] != "table" else 0
    if not side or side * side * 3 != n_x:
        raise ValueError(f"{where}: the model takes {_describe(spec, n_x)}, not pictures")
    return [side, side, 3]


# ------------------------------------------------------------- the matching
def table_for_model(table: Examples, spec: dict[str, Any], n_x: int) -> Examples:
    """``table`` with the model's feature columns, in its order: by name when the model
    knows its features' names and the table has them all, else by position."""
    names = table.feature_names or []
    wanted = spec.get("features") if spec["kind"] == "table" else None
    if wanted and set(wanted) <= set(names):
        table.X = table.X[[names.index(f) for f in wanted]]
    elif len(names) != n_x:
        missing = sorted(set(wanted) - set(names)) if wanted else []
        extra = f"; missing columns {missing[:6]}" if missing else ""
        raise ValueError(
            f"{table.source}: the model takes {_describe(spec, n_x)}; the file has "
            f"{len(names)} feature columns{extra}"
        )
    elif wanted and names:
        warnings.warn(
            f"{table.source}: columns {', '.join(names)} are not the model's "
            f"({', '.join(wanted)}); taken in that order, by position",
            UserWarning,
            stacklevel=2,
        )
    return table


def inputs_for_model(
    paths: Sequence[str], spec: dict[str, Any], n_x: int, label: str | None
) -> Examples:
    """Read pictures, folders of pictures and CSV/NPZ tables as the model's inputs.

    Tables give their columns to the model by name when it knows its features'
    names, else by position (their label column, if any, is left out); pictures
    are resized to the model's input size and named by their path (two folders
    may both hold a ``0.png``).
    """
    parts: list[Examples] = []
    pictures: list[Path] = []

    def flush_pictures() -> None:
        if not pictures:
            return
        parts.append(
            Examples(
                X=read_pictures(pictures, picture_shape(spec, n_x, pictures[0])),
                labels=None,
                names=[str(p) for p in pictures],
                kind="image",
                source=str(pictures[0]),
            )
        )
        pictures.clear()

    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            found = picture_files(path)
            if not found:
                raise ValueError(f"{path}: the folder holds no pictures")
            pictures.extend(found)
        elif not path.is_file():
            kind = special_file(path)
            if kind is not None:
                raise ValueError(
                    f"input: {arg!r} is {kind}; expected a picture, a folder of pictures "
                    "or a .csv/.npz file"
                )
            raise FileNotFoundError(f"input: {arg!r} does not exist")
        elif path.suffix.lower() in TABLE_SUFFIXES:
            flush_pictures()
            parts.append(table_for_model(read_table(path, label), spec, n_x))
        else:
            pictures.append(path)
    flush_pictures()
    labelled = all(p.labels is not None for p in parts)
    return Examples(
        X=np.concatenate([p.X for p in parts], axis=1),
        labels=[lab for p in parts for lab in p.labels or []] if labelled else None,
        names=[n for p in parts for n in p.names],
        kind=spec["kind"],
        source=", ".join(dict.fromkeys(p.source for p in parts)),
    )


def labelled_for_model(
    source: str,
    spec: dict[str, Any],
    n_x: int,
    label: str | None,
    data_dir: str | os.PathLike[str] | None = None,
) -> Examples:
    """Labelled examples for ``evaluate``, read by :func:`userdata.load_dataset`: a
    built-in name (its test split when it has one), a CSV/NPZ file or a folder with
    one sub-folder of pictures per class, matched to the model."""
    path = Path(source)
    # a folder is read at the model's picture size, refused before any picture is read
    shape = picture_shape(spec, n_x, path) if path.is_dir() else None
    data = load_dataset(
        source, label=label, image_size=shape or 64, data_dir=data_dir, argument="DATA"
    )
    data = data.test or data
    if data.kind == "table":
        return table_for_model(data, spec, n_x)
    if data.X.shape[0] != n_x:
        raise ValueError(
            f"{source}: the model takes {_describe(spec, n_x)}; the data set has "
            f"{data.X.shape[0]} values per example"
        )
    return data
