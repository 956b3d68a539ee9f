"""Your own data: what ``neuronlab train``, ``predict`` and ``evaluate`` read.

Three kinds of data set, each giving examples as columns ``X`` of shape (n_x, m)
and one label string per example:

* a **built-in name** — ``planar``, ``moons``, ``circles``, ``blobs``, ``cat``,
  ``digits``, ``breast-cancer`` (``cat`` needs its data file; the others are
  generated or bundled with scikit-learn);
* a **table** — a CSV file with a header row, or a NumPy ``.npz`` holding ``X``
  of shape (m, n_features) and a label array; the label column (CSV) or array
  (NPZ) is named by ``label`` (default ``"label"`` for CSV, ``"y"`` for NPZ);
  every other column is a numeric feature;
* a **folder of pictures**, one sub-folder per class (the sub-folder's name is
  the label), pictures of any size, mode and common format.

Labels are kept as strings (``1`` and ``1.0`` are both ``"1"``) and the classes
are sorted (numerically when they are all numbers); a built-in set keeps its own
order.  Matching them to a model's input is :mod:`neuronlab.inputs`; training and
evaluation live in :mod:`neuronlab.usermodels`.

Every user error raises ``ValueError``/``OSError`` with a one-line message
naming the file, line and column where it applies.
"""

from __future__ import annotations

import csv
import itertools
import math
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np

from neuronlab import datasets
from neuronlab._validation import check_memory, special_file
from neuronlab.images import flatten_images, picture_files, read_pictures

Array = np.ndarray

TABLE_SUFFIXES = (".csv", ".npz")
_MISSING = {"", "nan", "na", "n/a", "null", "none", "?"}


@dataclass
class Examples:
    """A labelled (or unlabelled) set of examples, in the engine's layout.

    ``X`` of shape (n_x, m): raw features for a table, pixels / 255 for pictures.
    """

    X: Array
    labels: list[str] | None
    names: list[str]
    kind: str  # "table" or "image"
    source: str
    feature_names: list[str] | None = None
    image_shape: tuple[int, int, int] | None = None
    classes: list[str] | None = None  # the set's own class order, when it has one
    label: str | None = None  # the label column's name
    test: Examples | None = None  # a built-in set's own test split


# ------------------------------------------------------------------- labels
def label_text(value: Any) -> str:
    """One label as text: integral numbers lose their ``.0`` (``1.0`` → ``"1"``)."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    if math.isfinite(number) and number == int(number):
        return str(int(number))
    return text


def sorted_classes(labels: Sequence[str]) -> list[str]:
    """The distinct labels, sorted numerically when all are numbers, else as text."""
    distinct = set(labels)
    try:
        return sorted(distinct, key=float)
    except ValueError:
        return sorted(distinct)


# ------------------------------------------------------------------- tables
def _bad_value(path: Path, column: str, line: int, cell: str) -> ValueError:
    what = f"a missing value ({cell!r})" if cell.strip().lower() in _MISSING else f"{cell!r}"
    return ValueError(
        f"{path}: column {column!r}, line {line}: expected a finite number, got {what}"
    )


#: Rows converted at a time on the exact path: memory is the block's strings plus
#: the numbers so far, never the whole file as Python strings.
BLOCK_ROWS = 2048


def read_csv(
    path: Path, label: str | None, required: bool = False
) -> tuple[Array, list[str], list[str] | None]:
    """``(X (m, n), feature names, labels or None)`` from a CSV with a header row.

    The column named ``label`` holds the labels (when present); every other
    column must hold finite numbers.  ``required``: the labels are needed (to train
    or evaluate), so a missing label column or label is an error; otherwise (to
    predict) the label column is dropped when present, blank cells and all.

    A clean file is read by NumPy's C reader (``np.loadtxt``: about 1× the array's
    size in memory, 6× faster than Python's ``csv``); any other file — blank rows,
    a bad cell, a missing label — by :mod:`csv` in blocks of :data:`BLOCK_ROWS`
    rows, which finds the line and column to name in the message.
    """
    header, skip = _csv_header(path)
    label_col = header.index(label) if label in header else None
    if required and label_col is None:
        raise ValueError(
            f"{path}: no label column {label!r} (columns: {', '.join(header)}); "
            f"name the right one with --label"
        )
    feature_cols = [j for j in range(len(header)) if j != label_col]
    if not feature_cols:
        raise ValueError(f"{path}: no feature columns besides the label column {label!r}")
    names = [header[j] for j in feature_cols]
    clean = _read_clean(path, skip, feature_cols, label_col)
    if clean is not None:
        return clean[0], names, clean[1]
    X, labels = _read_exact(path, header, feature_cols, label_col, required)
    return X, names, labels


def _csv_header(path: Path) -> tuple[list[str], int]:
    """The header row (the first non-blank one) and the line it ends on."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            for row in reader:
                if row and any(c.strip() for c in row):
                    header = [c.strip() for c in row]
                    break
            else:
                raise ValueError(
                    f"{path}: the CSV file is empty (expected a header row and data rows)"
                )
            line = reader.line_num
            if not any(r and any(c.strip() for c in r) for r in reader):
                raise ValueError(f"{path}: the CSV file has a header but no data rows")
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    except csv.Error as exc:
        raise ValueError(f"{path}: not a readable CSV file ({exc})") from None
    for sep in (";", "\t", "|"):  # Excel in many countries writes ';'
        if len(header) == 1 and len([c for c in header[0].split(sep) if c.strip()]) > 1:
            raise ValueError(
                f"{path}: the header is one column {header[0]!r}: are the columns separated "
                f"by {sep!r}? expected commas (save it as a comma-separated CSV)"
            )
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise ValueError(f"{path}: duplicated column names {dupes}")
    return header, line


def _read_clean(
    path: Path, skip: int, feature_cols: list[int], label_col: int | None
) -> tuple[Array, list[str] | None] | None:
    """``(X, labels)`` by NumPy's C reader, or None when the file is not clean (a
    blank row, a cell that is not a finite number, a missing label, a short or long
    row, quotes, a long label)."""
    if not _plain_rows(path, skip, len(feature_cols) + (label_col is not None), label_col):
        return None
    options: dict[str, Any] = {
        "delimiter": ",", "skiprows": skip, "comments": None, "quotechar": '"',
        "encoding": "utf-8-sig", "ndmin": 2,
    }  # fmt: skip
    try:
        with warnings.catch_warnings():  # NumPy's note that blank lines are skipped
            warnings.filterwarnings("ignore", "Input line", UserWarning)
            X = np.loadtxt(path, usecols=feature_cols, dtype=np.float64, **options)
            raw = None
            if label_col is not None:
                raw = np.loadtxt(path, usecols=[label_col], dtype=str, **options)[:, 0]
    except (ValueError, IndexError, TypeError):
        return None
    with np.errstate(over="ignore", invalid="ignore"):  # huge values: the exact path
        if not np.isfinite(X @ np.ones(X.shape[1])).all():  # one fast pass: NaN, inf
            return None
    if raw is None:
        return X, None
    labels = [label_text(s) for s in raw]
    if len(labels) != X.shape[0] or any(lab.lower() in _MISSING for lab in labels):
        return None
    return X, labels


#: Labels longer than this go the exact way: NumPy would store every label at the
#: longest one's width (a 200,000-character cell in 50,000 rows: 37 GiB).
MAX_FAST_LABEL = 64


def _plain_rows(
    path: Path, skip: int, n_fields: int, label_col: int | None, blank_rows: bool = True
) -> bool:
    """Whether every row after the header has exactly ``n_fields`` fields, no quotes
    and a short label: then ``np.loadtxt`` reads it as :mod:`csv` does (it drops
    fields past the ones it is asked for, so a row with one more — "1,000" — would be
    read shifted).  ``blank_rows`` False: a blank row also makes the file not plain
    (blocks of lines are then blocks of rows, and a row's line is known)."""
    with open(path, "rb") as fh:
        for _ in range(skip):
            fh.readline()
        for line in fh:
            if b'"' in line:
                return False
            if not line.strip():
                if not blank_rows:
                    return False
                continue
            if line.count(b",") != n_fields - 1:
                return False
            if label_col is not None and len(line.split(b",")[label_col]) > MAX_FAST_LABEL:
                return False
    return True


def _read_exact(
    path: Path, header: list[str], feature_cols: list[int], label_col: int | None, required: bool
) -> tuple[Array, list[str] | None]:
    """``(X, labels)`` by :mod:`csv`, in blocks; raises naming the line and column."""
    try:
        return _read_blocks(path, header, feature_cols, label_col, required)
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    except csv.Error as exc:
        raise ValueError(f"{path}: not a readable CSV file ({exc})") from None


def _not_utf8(path: Path) -> ValueError:
    """The error for a CSV that is not UTF-8, naming UTF-16 (Excel's "Unicode text")."""
    with open(path, "rb") as fh:
        head = fh.read(2)
    if head in (b"\xff\xfe", b"\xfe\xff"):
        return ValueError(f"{path}: the CSV file is UTF-16 text; expected UTF-8 (save it as UTF-8)")
    return ValueError(f"{path}: not a text CSV file (it is not UTF-8)")


def _read_blocks(
    path: Path, header: list[str], feature_cols: list[int], label_col: int | None, required: bool
) -> tuple[Array, list[str] | None]:
    blocks: list[Array] = []
    labels: list[str] | None = [] if label_col is not None else None
    for X, block_labels, _ in _blocks(path, header, feature_cols, label_col, required):
        blocks.append(X)
        if labels is not None and block_labels is not None:
            labels.extend(block_labels)
        else:
            labels = None  # a missing label where none is needed: not a label column
    return np.concatenate(blocks) if len(blocks) > 1 else blocks[0], labels


def iter_csv_blocks(
    path: Path, label: str, rows: int = BLOCK_ROWS
) -> Iterator[tuple[Array, list[str]]]:
    """``(X (k, n), labels)`` of each block of ``rows`` rows of a labelled CSV, in
    file order: memory is one block, whatever the file's size.  The same checks as
    :func:`read_csv` (every cell a finite number, every label present), each error
    naming its line and column; the header is checked before the first block."""
    for X, labels, _ in iter_csv_lines(path, label, rows):
        yield X, labels


def csv_features(path: Path, label: str) -> list[str]:
    """The feature columns' names of a labelled CSV (every column but ``label``),
    checked as :func:`read_csv` checks them."""
    header, _ = _csv_header(path)
    if label not in header:
        raise ValueError(
            f"{path}: no label column {label!r} (columns: {', '.join(header)}); "
            f"name the right one with --label"
        )
    features = [c for c in header if c != label]
    if not features:
        raise ValueError(f"{path}: no feature columns besides the label column {label!r}")
    return features


def iter_csv_lines(
    path: Path, label: str, rows: int = BLOCK_ROWS
) -> Iterator[tuple[Array, list[str], list[int]]]:
    """:func:`iter_csv_blocks` with each row's line number in the file (to name the
    line of a value refused later, such as a label that is not one of the classes)."""
    header, skip = _csv_header(path)
    features = csv_features(path, label)
    label_col = header.index(label)
    feature_cols = [header.index(c) for c in features]
    blocks: Iterator[tuple[Array, list[str] | None, list[int]]]
    try:
        if _plain_rows(path, skip, len(header), label_col, blank_rows=False):
            blocks = _plain_blocks(path, skip, header, feature_cols, label_col, rows)
        else:
            blocks = _blocks(path, header, feature_cols, label_col, True, rows)
        for X, labels, lines in blocks:
            assert labels is not None  # required: a missing label raised
            yield X, labels, lines
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not a text CSV file (it is not UTF-8)") from None
    except csv.Error as exc:
        raise ValueError(f"{path}: not a readable CSV file ({exc})") from None


def _blocks(
    path: Path,
    header: list[str],
    feature_cols: list[int],
    label_col: int | None,
    required: bool,
    size: int = BLOCK_ROWS,
) -> Iterator[tuple[Array, list[str] | None, list[int]]]:
    """Each block of ``size`` rows converted: ``(X, labels or None, line numbers)``."""
    rows: list[list[str]] = []
    lines: list[int] = []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        seen_header = False
        for row in reader:
            if not row or all(not c.strip() for c in row):
                continue
            if not seen_header:
                seen_header = True
                continue
            if len(row) != len(header):
                raise ValueError(
                    f"{path}: line {reader.line_num} has {len(row)} values; the header has "
                    f"{len(header)}"
                )
            rows.append(row)
            lines.append(reader.line_num)
            if len(rows) == size:
                yield *_block(path, header, rows, lines, feature_cols, label_col, required), lines
                rows, lines = [], []
    if rows:
        yield *_block(path, header, rows, lines, feature_cols, label_col, required), lines


def _plain_blocks(
    path: Path,
    skip: int,
    header: list[str],
    feature_cols: list[int],
    label_col: int,
    size: int,
) -> Iterator[tuple[Array, list[str], list[int]]]:
    """:func:`_blocks` of a plain file (:func:`_plain_rows`, no blank row): each block
    of ``size`` lines converted by NumPy's C reader (4× faster than :mod:`csv`, and no
    Python string per cell); a block it cannot read, or with a value that is not a
    finite number or a missing label, goes through :func:`_block`, which names the
    line and column (or reads what NumPy refused but :mod:`csv` accepts)."""
    with open(path, encoding="utf-8-sig") as fh:
        for _ in range(skip):
            fh.readline()
        line = skip
        while chunk := list(itertools.islice(fh, size)):
            lines = list(range(line + 1, line + 1 + len(chunk)))
            line += len(chunk)
            X: Array | None
            try:
                X = np.loadtxt(
                    chunk, delimiter=",", usecols=feature_cols, dtype=np.float64, ndmin=2,
                    comments=None, quotechar=None,
                )  # fmt: skip
            except (ValueError, IndexError, TypeError):
                X = None
            labels = [label_text(row.split(",")[label_col]) for row in chunk]
            with np.errstate(over="ignore", invalid="ignore"):
                ok = X is not None and X.shape[0] == len(chunk) and np.isfinite(X).all()
            if ok and not any(lab.lower() in _MISSING for lab in labels):
                assert X is not None
                yield X, labels, lines
                continue
            rows = list(csv.reader(chunk))
            X, exact = _block(path, header, rows, lines, feature_cols, label_col, True)
            assert exact is not None  # required: a missing label raised
            yield X, exact, lines


def _block(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    lines: list[int],
    feature_cols: list[int],
    label_col: int | None,
    required: bool,
) -> tuple[Array, list[str] | None]:
    """Convert one block of rows: ``(X, labels)``; labels are None without a label
    column, or when one is missing where labels are not required."""
    labels: list[str] | None = None
    if label_col is not None:
        labels = [label_text(row[label_col]) for row in rows]
        for text, line in zip(labels, lines):
            if text.lower() in _MISSING:
                if not required:
                    labels = None  # not needed: the column is simply not a feature
                    break
                raise ValueError(
                    f"{path}: column {header[label_col]!r}, line {line}: the label is missing"
                )
    X = np.empty((len(rows), len(feature_cols)))
    for k, j in enumerate(feature_cols):
        cells = [row[j] for row in rows]
        try:
            X[:, k] = np.array(cells, dtype=np.float64)
        except ValueError:
            for i, cell in enumerate(cells):
                try:
                    X[i, k] = float(cell)
                except ValueError:
                    raise _bad_value(path, header[j], lines[i], cell) from None
        bad = np.flatnonzero(~np.isfinite(X[:, k]))
        if bad.size:
            raise _bad_value(path, header[j], lines[bad[0]], cells[bad[0]])
    return X, labels


def _check_npz_sizes(path: Path, archive: Any, names: Sequence[str]) -> None:
    """Refuse, from their ``.npy`` headers, members that would not fit in memory
    (a few kilobytes of zeros can declare terabytes), before decompressing any."""
    for name in names:
        with archive.open(f"{name}.npy") as fh:
            version = np.lib.format.read_magic(fh)
            read_header = (
                np.lib.format.read_array_header_1_0
                if version == (1, 0)
                else np.lib.format.read_array_header_2_0
            )
            shape, _, dtype = read_header(fh)
        nbytes = math.prod(shape) * dtype.itemsize
        # the array as stored, and as float64 when it is not
        need = nbytes + (0 if dtype == np.float64 else math.prod(shape) * 8)
        try:
            check_memory(name, need, f"the array {name!r} of shape {tuple(shape)} ({dtype})")
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None


def read_npz(
    path: Path, label: str | None, required: bool = False
) -> tuple[Array, list[str], list[str] | None]:
    """``(X (m, n), feature names, labels or None)`` from an ``.npz`` with ``X`` and
    optionally a label array named ``label`` and ``feature_names``; never unpickles.
    ``required`` as for :func:`read_csv`."""
    import zipfile

    try:
        with np.load(path, allow_pickle=False) as data:
            wanted = [k for k in ("X", label, "feature_names") if k and k in data.files]
            _check_npz_sizes(path, data.zip, wanted)  # before decompressing any
            arrays = {k: data[k] for k in wanted}
            present = sorted(data.files)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        if str(exc).startswith(f"{path}: "):  # a size refused, said already
            raise

        raise ValueError(
            f"{path}: not a readable .npz data file (or it holds Python objects, which "
            f"are never unpickled): {exc}"
        ) from None
    if "X" not in arrays:
        raise ValueError(f"{path}: expected an array named 'X', found {present}")
    X = arrays["X"]
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"{path}: expected 'X' of shape (examples, features), got {X.shape}")
    if X.dtype.kind not in "biuf":
        raise ValueError(f"{path}: expected numbers in 'X', got dtype {X.dtype}")
    X = X.astype(np.float64, copy=False)  # float64 already: not a second copy
    bad = np.argwhere(~np.isfinite(X))
    if bad.size:
        i, j = bad[0]
        raise ValueError(f"{path}: 'X' holds NaN or infinite values (first at row {i}, column {j})")
    names = [f"x{j + 1}" for j in range(X.shape[1])]
    if "feature_names" in arrays:
        names = [str(n) for n in np.asarray(arrays["feature_names"]).ravel()]
        if len(names) != X.shape[1]:
            raise ValueError(f"{path}: {len(names)} feature_names for {X.shape[1]} columns of 'X'")
    if required and label not in arrays:
        raise ValueError(
            f"{path}: no label array {label!r} (arrays: {', '.join(present)}); "
            f"name the right one with --label"
        )
    labels = None
    if label in arrays:
        y = np.asarray(arrays[label]).ravel()
        if y.shape[0] != X.shape[0]:
            raise ValueError(
                f"{path}: {y.shape[0]} labels in {label!r} for {X.shape[0]} rows of 'X'"
            )
        labels = [label_text(v) for v in y.tolist()]
        if any(lab.lower() in _MISSING for lab in labels):
            if required:
                raise ValueError(f"{path}: {label!r} holds missing or NaN labels")
            labels = None
    return X, names, labels


def read_table(path: Path, label: str | None, required: bool = False) -> Examples:
    """A CSV or NPZ file as :class:`Examples` (labels when the label column exists;
    ``required``: it must, see :func:`read_csv`)."""
    if path.suffix.lower() == ".csv":
        label = label or "label"
        X, names, labels = read_csv(path, label, required)
    else:
        label = label or "y"
        X, names, labels = read_npz(path, label, required)
    return Examples(
        X=np.ascontiguousarray(X.T),
        labels=labels,
        names=[f"{path.name}:{i + 1}" for i in range(X.shape[0])],
        kind="table",
        source=str(path),
        feature_names=names,
        label=label,
    )


# ----------------------------------------------------------------- pictures
def read_picture_folder(folder: Path, shape: Sequence[int]) -> Examples:
    """A folder with one sub-folder of pictures per class, read at ``shape`` (h, w, 3)."""
    subs = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not subs:
        raise ValueError(
            f"{folder}: expected one sub-folder of pictures per class (e.g. {folder}/cat/, "
            f"{folder}/dog/), found no sub-folders"
        )
    paths: list[Path] = []
    labels: list[str] = []
    for sub in subs:
        found = picture_files(sub)
        if not found:
            raise ValueError(f"{sub}: the class folder {sub.name!r} holds no pictures")
        paths += found
        labels += [sub.name] * len(found)
    return Examples(
        X=read_pictures(paths, shape),
        labels=labels,
        names=[str(p.relative_to(folder)) for p in paths],
        kind="image",
        source=str(folder),
        image_shape=(int(shape[0]), int(shape[1]), 3),
        classes=[s.name for s in subs],
    )


# ----------------------------------------------------------------- built-in
DataDir: TypeAlias = "str | os.PathLike[str] | None"
XY = ("x1", "x2")
BINARY = ("0", "1")


def _table(
    X: Array, y: Any, name: str, features: Sequence[str], classes: Sequence[str]
) -> Examples:
    """Built-in columns ``X`` (n_x, m) → Examples; ``y`` holds class indices into ``classes``
    (the lists are the Examples' own: changing them changes no other set)."""
    idx = np.asarray(y).ravel().astype(int)
    return Examples(
        X=np.ascontiguousarray(X, dtype=np.float64),
        labels=[classes[i] for i in idx],
        names=[f"{name}:{i + 1}" for i in range(idx.size)],
        kind="table",
        source=name,
        feature_names=list(features),
        classes=list(classes),
    )


def _planar(data_dir: DataDir) -> Examples:
    return _table(*datasets.planar_flower(), "planar", XY, BINARY)


def _moons(data_dir: DataDir) -> Examples:
    return _table(*datasets.moons(), "moons", XY, BINARY)


def _circles(data_dir: DataDir) -> Examples:
    """The lab's training set, with its test set as ``test``."""
    Xtr, Ytr, Xte, Yte = datasets.circles()
    out = _table(Xtr, Ytr, "circles", XY, BINARY)
    out.test = _table(Xte, Yte, "circles-test", XY, BINARY)
    return out


def _blobs(data_dir: DataDir) -> Examples:
    X, Y = datasets.planar_extra(rng=np.random.RandomState(0))[2]
    return _table(X, Y, "blobs", XY, [str(k) for k in range(6)])


def _digits(data_dir: DataDir) -> Examples:
    X, Y = datasets.sklearn_digits()
    return _table(X, Y, "digits", [f"pixel{j}" for j in range(64)], [str(k) for k in range(10)])


def _breast_cancer(data_dir: DataDir) -> Examples:
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer()
    names = [str(n) for n in bunch.feature_names]
    classes = [str(c) for c in bunch.target_names]
    return _table(bunch.data.T, bunch.target, "breast-cancer", names, classes)


def _cat(data_dir: DataDir) -> Examples:
    """The lab's 209 training pictures, with its 50 test pictures as ``test``."""
    from neuronlab.data import class_names, load_cat

    train_x, train_y, test_x, test_y, classes = load_cat(data_dir)
    names = class_names(classes)
    sets = []
    for part, pics, y in (("cat", train_x, train_y), ("cat-test", test_x, test_y)):
        idx = y.ravel().astype(int)
        sets.append(
            Examples(
                X=flatten_images(pics),
                labels=[names[i] for i in idx],
                names=[f"{part}:{i + 1}" for i in range(idx.size)],
                kind="image",
                source=part,
                image_shape=(pics.shape[1], pics.shape[2], pics.shape[3]),
                classes=names,
            )
        )
    sets[0].test = sets[1]
    return sets[0]


#: The built-in data sets by name: ``loader(data_dir) -> Examples`` (only ``cat``
#: needs a data file; ``cat`` and ``circles`` carry their lab's test split).
BUILTIN: dict[str, Callable[[DataDir], Examples]] = {
    "planar": _planar,
    "moons": _moons,
    "circles": _circles,
    "blobs": _blobs,
    "cat": _cat,
    "digits": _digits,
    "breast-cancer": _breast_cancer,
}


def load_dataset(
    spec: str,
    *,
    label: str | None = None,
    image_size: int | Sequence[int] = 64,
    data_dir: str | os.PathLike[str] | None = None,
    argument: str = "dataset",
) -> Examples:
    """A built-in name, a CSV/NPZ file or a folder of pictures (see the module docstring).

    Pictures are resized to squares of side ``image_size``, or to its (h, w, 3).
    ``argument`` names ``spec`` in the error messages (``evaluate`` calls it ``DATA``).
    """
    path = Path(spec)
    if spec in BUILTIN and not path.exists():
        return BUILTIN[spec](data_dir)
    if path.is_dir():
        shape = (image_size, image_size, 3) if isinstance(image_size, int) else image_size
        return read_picture_folder(path, shape)
    kind = special_file(path)
    if kind is not None:
        raise ValueError(
            f"{argument}: {spec!r} is {kind}; expected a .csv or .npz file, or a folder of "
            "pictures with one sub-folder per class"
        )
    if not path.is_file():
        raise FileNotFoundError(
            f"{argument}: {spec!r} is neither a built-in data set {list(BUILTIN)} nor an "
            f"existing file or folder"
        )
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise ValueError(
            f"{argument}: {spec!r}: expected a .csv or .npz file, or a folder of pictures "
            f"with one sub-folder per class"
        )
    return read_table(path, label, required=True)


#: More distinct numeric labels than this (and than half the examples) look continuous.
MAX_NUMERIC_CLASSES = 20


def looks_continuous(labels: Sequence[str]) -> str | None:
    """Why a label column looks like measurements rather than classes (non-integer
    numbers, or more distinct numbers than a classifier should have), or None."""
    return continuous_reason(set(labels), len(labels))


def continuous_reason(distinct: set[str], n: int) -> str | None:
    """:func:`looks_continuous` of a column of ``n`` labels with these ``distinct``
    values (what a pass over a file in blocks keeps)."""
    try:
        values = [float(label) for label in sorted(distinct)]  # the same example every run
    except ValueError:
        return None  # words: class names
    fractional = [v for v in values if np.isfinite(v) and v != round(v)]
    many = len(distinct) > max(MAX_NUMERIC_CLASSES, n // 2)
    if not fractional and not many:
        return None
    example = f"e.g. {fractional[0]:g}, not a whole number" if fractional else "whole numbers"
    return f"{len(distinct)} distinct values in {n} rows, {example}"


def refuse_continuous(labels: Sequence[str], data: Examples) -> None:
    """A label column of measurements is refused for a classifier, pointing to
    regression."""
    why = looks_continuous(labels)
    if why is not None:
        raise ValueError(
            f"{data.source}: the label column {data.label!r} looks continuous ({why}); "
            "a classifier needs classes: for a regression use --task regression, or name "
            "the class column with --label"
        )


def require_labels(data: Examples, label: str | None) -> list[str]:
    """The labels of ``data``, or a clear error naming the missing label column."""
    if data.labels is None:
        columns = ", ".join(data.feature_names or [])
        raise ValueError(
            f"{data.source}: no label column {data.label!r} (columns: {columns}); "
            f"name the right one with --label"
        )
    return data.labels
