"""The labs' data files: found in a data directory and checked by digest.

The file data sets (cat pictures, the "football" set, the digits weights and data) are
not part of the package.  They are looked up in one data directory::

    data_dir argument (CLI --data-dir)  >  $NEURONLAB_DATA  >  per-user default

(the default is ``$XDG_DATA_HOME/neuronlab`` or ``~/.local/share/neuronlab`` on Linux,
``~/Library/Application Support/neuronlab`` on macOS, ``%LOCALAPPDATA%\\neuronlab`` on
Windows).  A file may sit in its sub-folder (``cat/train_catvnoncat.h5``) or directly in
the directory.  Every file is checked against the digest in :data:`REGISTRY` before it
is read, so a wrong, truncated or re-written file is reported instead of silently
giving other numbers.

Errors: :class:`DataFileError` (an ``OSError``) is the base of both
:class:`DataFileMissing` (also a ``FileNotFoundError``) and :class:`DataFileCorrupt`
(also a ``ValueError``: digest mismatch or a file that cannot be parsed).  Each carries
one line saying which file, every place looked, the expected digest and how to supply it.

The generated sets live in :mod:`neuronlab.datasets`.
"""

from __future__ import annotations

import hashlib
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "REGISTRY", "DataFile", "DataFileError", "DataFileMissing", "DataFileCorrupt",
    "data_dirs", "find_file", "check_file", "file_status", "load_cat", "read_cat", "load_football",
    "load_ex4_weights", "load_ex4_data", "as_path", "read_mat", "hash_file",
    "clear_digest_cache",
]  # fmt: skip

ENV_VAR = "NEURONLAB_DATA"
_HOW_TO = (
    f"put the file there, set {ENV_VAR} to the folder that holds it, or pass data_dir= "
    '(CLI: --data-dir); the README\'s "Data files" section says where the files come from'
)


class DataFileError(OSError):
    """A data file is missing, corrupt or unreadable (base class)."""


class DataFileMissing(DataFileError, FileNotFoundError):
    """A data file (or the data directory given) does not exist."""


class DataFileCorrupt(DataFileError, ValueError):
    """A data file's digest does not match, or its content cannot be read."""


@dataclass(frozen=True)
class DataFile:
    """One known data file.

    ``algorithm`` is ``"sha256"`` or ``"git-blob"``: the git object id,
    ``sha1(b"blob <size>\\0" + content)``, used when no SHA-256 is known.
    ``size`` is in bytes, or None when unknown.
    """

    name: str
    algorithm: str
    digest: str
    size: int | None
    description: str

    @property
    def basename(self) -> str:
        return self.name.rsplit("/", 1)[-1]


_SHA256 = "sha256"
_GIT = "git-blob"
# name, digest kind, digest, size in bytes, description: from the shared datasets/SOURCES.md
REGISTRY: dict[str, DataFile] = {f.name: f for f in (
    DataFile("cat/train_catvnoncat.h5", _SHA256,
             "fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242", 2_572_022,
             "cat vs non-cat training pictures, 209 of 64x64x3, HDF5"),
    DataFile("cat/test_catvnoncat.h5", _SHA256,
             "6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951", 616_958,
             "cat vs non-cat test pictures, 50 of 64x64x3, HDF5"),
    DataFile("football/data.mat", _SHA256,
             "1218828095bf91d215622d00b2a5b8784c359e29d9d9c5734949b8e60c5bc231", 6_038,
             "regularization lab's 2-D football set X, y, Xval, yval, MAT"),
    DataFile("digits/ex4weights.mat", _SHA256,
             "7eb93f42e50219a15de2378c7f8e4ecdd71005fc19e0e519cd52d5ce4d74e1f5", 79_592,
             "pre-trained 400-25-10 digits weights Theta1, Theta2, MAT"),
    # No SHA-256 is known for this one (no copy could be checked): its git blob id is.
    DataFile("digits/ex4data1.mat", _GIT, "371bd0c099fe5f471d01cab15aec6cb2c458f567", None,
             "5000 20x20 handwritten digits X with labels y in 1..10, MAT, about 7 MB"),
)}  # fmt: skip


def _entry(name: str) -> DataFile:
    """Look ``name`` up by registry key or by base file name."""
    if name in REGISTRY:
        return REGISTRY[name]
    for entry in REGISTRY.values():
        if entry.basename == name:
            return entry
    raise ValueError(f"name: expected one of {list(REGISTRY)}, got {name!r}")


def as_path(name: str, value: Any) -> Path:
    if not isinstance(value, str | os.PathLike):
        raise TypeError(f"{name}: expected a path (str or os.PathLike), got {value!r}")
    return Path(value).expanduser()


def _default_dir() -> Path:
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA")
        return (Path(base) if base else Path.home() / "AppData" / "Local") / "neuronlab"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "neuronlab"
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / "neuronlab"


def data_dirs(data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """The directories searched for data files, in order.

    Parameters
    ----------
    data_dir : str or path-like, optional
        If given, it is the only place searched.  Otherwise ``$NEURONLAB_DATA`` if set
        and non-empty, else the per-user default (see the module docstring).

    Returns
    -------
    list of Path
        Candidate directories (they need not exist).
    """
    if data_dir is not None:
        return [as_path("data_dir", data_dir)]
    env = os.environ.get(ENV_VAR)
    if env:
        return [Path(env).expanduser()]
    return [_default_dir()]


def _candidates(entry: DataFile, dirs: list[Path]) -> list[Path]:
    """Where ``entry`` may sit: its sub-folder, then flat in each directory."""
    return [p for d in dirs for p in (d / entry.name, d / entry.basename)]


def hash_file(path: Path, algorithm: str) -> str:
    """Hex digest of ``path``: ``algorithm`` ``"sha256"``, or ``"git-blob"`` for the git
    blob id (SHA-1 of a header + content).  Uncached (:func:`find_file` caches)."""
    if algorithm == _SHA256:
        h = hashlib.sha256()
    else:
        h = hashlib.sha1(usedforsecurity=False)
        h.update(b"blob %d\0" % path.stat().st_size)
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# (resolved path, algorithm, mtime_ns, size) -> digest: files are hashed once per process
_DIGESTS: dict[tuple[str, str, int, int], str] = {}


def clear_digest_cache() -> None:
    """Forget the digests computed so far (each file is hashed once per process)."""
    _DIGESTS.clear()


def _digest(path: Path, algorithm: str) -> str:
    st = path.stat()
    key = (str(path.resolve()), algorithm, st.st_mtime_ns, st.st_size)
    if key not in _DIGESTS:
        _DIGESTS[key] = hash_file(path, algorithm)
    return _DIGESTS[key]


def _mismatch(entry: DataFile, path: Path) -> str | None:
    """None if ``path`` has the expected digest, else what is wrong with it."""
    try:
        actual = _digest(path, entry.algorithm)
    except OSError as err:  # e.g. no permission to read it
        return f"it could not be read ({err})"
    if actual == entry.digest:
        return None
    size = path.stat().st_size
    expected_size = "" if entry.size is None else f", expected {entry.size:,}"
    return (
        f"{entry.algorithm} is {actual}, expected {entry.digest} "
        f"(size {size:,} bytes{expected_size})"
    )


def _where(dirs: list[Path], data_dir: Any) -> str:
    if data_dir is not None:
        origin = "data_dir"
    elif os.environ.get(ENV_VAR):
        origin = ENV_VAR
    else:
        origin = f"the per-user default, {ENV_VAR} being unset"
    missing = [d for d in dirs if not d.is_dir()]
    note = f"; {', '.join(map(str, missing))} does not exist" if missing else ""
    return f"(from {origin}{note})"


def _locate(entry: DataFile, data_dir: Any) -> tuple[Path | None, list[Path], str | None]:
    """``(path found or None, places looked, mismatch or None)``."""
    dirs = data_dirs(data_dir)
    looked = _candidates(entry, dirs)
    for path in looked:
        if path.is_file():
            return path, looked, _mismatch(entry, path)
    return None, looked, None


def present_files(data_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """The registry files a lab or built-in data set would read (the first existing
    candidate of each), without checking their digests: what a command must never
    write over."""
    dirs = data_dirs(data_dir)
    found = []
    for entry in REGISTRY.values():
        path = next((p for p in _candidates(entry, dirs) if p.is_file()), None)
        if path is not None:
            found.append(path)
    return found


def find_file(name: str, data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Find a registry file and check its digest.

    Parameters
    ----------
    name : str
        Registry key (``"cat/train_catvnoncat.h5"``) or base name (``"train_catvnoncat.h5"``).
    data_dir : str or path-like, optional
        Search only here; see :func:`data_dirs`.

    Returns
    -------
    Path
        The first existing candidate, whose digest matches.

    Raises
    ------
    DataFileMissing
        If ``data_dir`` is given but not a directory, or no candidate exists.
    DataFileCorrupt
        If the first existing candidate has another digest.
    """
    entry = _entry(name)
    if data_dir is not None and not as_path("data_dir", data_dir).is_dir():
        raise DataFileMissing(
            f"data_dir: expected an existing directory, got '{data_dir}' (looking for "
            f"data file '{entry.name}', {entry.algorithm} {entry.digest}); {_HOW_TO}"
        )
    path, looked, mismatch = _locate(entry, data_dir)
    places = ", ".join(f"'{p}'" for p in looked)
    if path is None:
        raise DataFileMissing(
            f"data file '{entry.name}' ({entry.description}) not found; looked in "
            f"{places} {_where(data_dirs(data_dir), data_dir)}; expected {entry.algorithm} "
            f"{entry.digest}; {_HOW_TO}"
        )
    if mismatch:
        raise DataFileCorrupt(
            f"data file '{entry.name}' at '{path}' is corrupt or not the original: "
            f"{mismatch}; looked in {places}; replace it with the original: {_HOW_TO}"
        )
    return path


def check_file(name: str, path: str | os.PathLike[str]) -> Path:
    """``path``, when it holds the registry file ``name`` (its digest checked) — a copy
    kept elsewhere than the data directory, e.g. beside a course notebook.

    Raises
    ------
    DataFileMissing
        If there is no file at ``path``.
    DataFileCorrupt
        If the file has another digest.
    """
    entry, path = _entry(name), Path(path)
    if not path.is_file():
        raise DataFileMissing(f"data file '{entry.name}' ({entry.description}) not found at "
                              f"'{path}'")  # fmt: skip
    mismatch = _mismatch(entry, path)
    if mismatch:
        raise DataFileCorrupt(
            f"data file '{entry.name}' at '{path}' is corrupt or not the original: {mismatch}; "
            f"replace it with the original: {_HOW_TO}"
        )
    return path


def file_status(data_dir: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """Where each registry file is and whether it is intact (for ``neuronlab data``).

    Returns
    -------
    list of dict
        One per registry entry, with keys ``name``, ``description``, ``algorithm``,
        ``digest`` (expected), ``size`` (expected bytes or None), ``status``
        (``"present"``, ``"missing"`` or ``"checksum mismatch"``), ``path`` (str or
        None) and ``looked`` (list of str).  Never raises for missing files.
    """
    out = []
    for entry in REGISTRY.values():
        path, looked, mismatch = _locate(entry, data_dir)
        status = "missing" if path is None else "checksum mismatch" if mismatch else "present"
        out.append(
            {
                "name": entry.name,
                "description": entry.description,
                "algorithm": entry.algorithm,
                "digest": entry.digest,
                "size": entry.size,
                "status": status,
                "path": None if path is None else str(path),
                "looked": [str(p) for p in looked],
            }
        )
    return out


def _unreadable(path: Path, kind: str, err: BaseException) -> DataFileCorrupt:
    return DataFileCorrupt(f"data file '{path}' could not be read as {kind}: {err}")


def _read_h5(path: Path, keys: tuple[str, ...]) -> list[np.ndarray]:
    """Copy datasets ``keys`` out of an HDF5 file and close it."""
    import h5py

    try:
        with h5py.File(path, "r") as f:
            missing = [k for k in keys if k not in f]
            if missing:
                raise KeyError(f"missing keys {missing}, found {sorted(f.keys())}")
            return [np.array(f[k][()]) for k in keys]
    except (OSError, KeyError, ValueError, TypeError) as err:
        raise _unreadable(path, "HDF5", err) from None


def read_mat(path: Path, keys: tuple[str, ...]) -> list[np.ndarray]:
    """Arrays ``keys`` of a MATLAB file."""
    from scipy.io import loadmat

    try:
        mat = loadmat(path)
    except Exception as err:  # scipy raises many types on bad files
        raise _unreadable(path, "a MAT file", err) from None
    missing = [k for k in keys if k not in mat]
    if missing:
        found = sorted(k for k in mat if not k.startswith("__"))
        raise DataFileCorrupt(f"data file '{path}': missing keys {missing}, found {found}")
    return [np.asarray(mat[k]) for k in keys]


def load_cat(data_dir: str | os.PathLike[str] | None = None) -> tuple[np.ndarray, ...]:
    """The cat vs non-cat pictures, as the labs' ``load_dataset`` returns them.

    Returns
    -------
    train_set_x_orig : ndarray of shape (209, 64, 64, 3), uint8
    train_set_y : ndarray of shape (1, 209), int64
        1 = cat (72 of them), 0 = non-cat.
    test_set_x_orig : ndarray of shape (50, 64, 64, 3), uint8
    test_set_y : ndarray of shape (1, 50), int64
        33 cats.
    classes : ndarray of shape (2,), bytes
        ``[b'non-cat', b'cat']`` (from the test file, as in the lab).
    """
    return read_cat(
        find_file("cat/train_catvnoncat.h5", data_dir),
        find_file("cat/test_catvnoncat.h5", data_dir),
    )


def read_cat(train: Path, test: Path) -> tuple[np.ndarray, ...]:
    """:func:`load_cat`'s arrays from the two files at ``train`` and ``test`` (a course
    notebook's ``datasets/…``), each checked by :func:`check_file` first."""
    train_x, train_y = _read_h5(
        check_file("cat/train_catvnoncat.h5", train), ("train_set_x", "train_set_y")
    )
    test_x, test_y, classes = _read_h5(
        check_file("cat/test_catvnoncat.h5", test), ("test_set_x", "test_set_y", "list_classes")
    )
    return train_x, train_y.reshape(1, -1), test_x, test_y.reshape(1, -1), classes


def class_names(classes: Any) -> list[str]:
    """:func:`load_cat`'s ``classes`` (bytes, as the file holds them) as text:
    ``["non-cat", "cat"]``."""
    return [c.decode("utf-8", "replace") if isinstance(c, bytes) else str(c) for c in classes]


def load_football(data_dir: str | os.PathLike[str] | None = None) -> tuple[np.ndarray, ...]:
    """The regularization lab's 2-D "football" set (its ``load_2D_dataset``).

    Returns
    -------
    train_X : ndarray of shape (2, 211), float64
    train_Y : ndarray of shape (1, 211), uint8
    test_X : ndarray of shape (2, 200), float64
    test_Y : ndarray of shape (1, 200), uint8
        The file's ``X.T``, ``y.T``, ``Xval.T``, ``yval.T`` (dtypes kept).
    """
    path = find_file("football/data.mat", data_dir)
    return tuple(np.ascontiguousarray(a.T) for a in read_mat(path, ("X", "y", "Xval", "yval")))


def _existing(path: str | os.PathLike[str]) -> Path:
    """A user-given ``path`` (the argument ``path``) that must be an existing file."""
    file = as_path("path", path)
    if not file.is_file():
        raise DataFileMissing(f"path: expected an existing file, got '{path}'")
    return file


def load_ex4_weights(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
) -> tuple[np.ndarray, ...]:
    """The digits exercise's pre-trained weights (``ex4weights.mat``).

    ``path`` reads a copy anywhere (keys and shapes are checked: any
    ``Theta1 (h, 1 + n)``, ``Theta2 (K, 1 + h)``); by default the checksummed file
    of the data directory is used.

    Returns
    -------
    Theta1 : ndarray of shape (25, 401), float64
    Theta2 : ndarray of shape (10, 26), float64
        Column 0 of each is the bias weight; output row k-1 is label k (10 = digit 0).
    """
    if path is not None:
        file = _existing(path)
        theta1, theta2 = read_mat(file, ("Theta1", "Theta2"))
        if theta1.ndim != 2 or theta2.ndim != 2 or theta2.shape[1] != theta1.shape[0] + 1:
            raise DataFileCorrupt(
                f"data file '{file}': expected Theta1 (h, 1 + n) and Theta2 (K, 1 + h), "
                f"got {theta1.shape} and {theta2.shape}"
            )
        return theta1.astype(np.float64), theta2.astype(np.float64)
    file = find_file("digits/ex4weights.mat", data_dir)
    theta1, theta2 = read_mat(file, ("Theta1", "Theta2"))
    if theta1.shape != (25, 401) or theta2.shape != (10, 26):
        raise DataFileCorrupt(
            f"data file '{file}': expected Theta1 (25, 401) and Theta2 (10, 26), "
            f"got {theta1.shape} and {theta2.shape}"
        )
    return theta1, theta2


def load_ex4_data(
    path: str | os.PathLike[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The digits exercise's examples (``ex4data1.mat``), rows as examples.

    Parameters
    ----------
    path : str or path-like, optional
        A copy of the file anywhere.  Its git blob id is still checked, but a mismatch
        only warns (a re-saved copy with the same content has other bytes); keys and
        shapes are checked strictly.  If None, the registry file is found in the data
        directory and must match exactly.
    data_dir : str or path-like, optional
        See :func:`data_dirs`; used only when ``path`` is None.

    Returns
    -------
    X : ndarray of shape (m, 400), float64
        One 20x20 grey image per row, unrolled column-major (m = 5000 in the original).
    y : ndarray of shape (m,)
        Labels 1..10, 10 meaning the digit 0 (the file's integer dtype).
    """
    entry = REGISTRY["digits/ex4data1.mat"]
    if path is None:
        file = find_file(entry.name, data_dir)
    else:
        file = _existing(path)
        mismatch = _mismatch(entry, file)
        if mismatch:
            warnings.warn(
                f"'{file}' is not byte-identical to the original ex4data1.mat ({mismatch}); "
                "using it anyway",
                stacklevel=2,
            )
    X, y = read_mat(file, ("X", "y"))
    if X.ndim != 2 or X.shape[1] != 400 or X.shape[0] == 0 or y.size != X.shape[0]:
        raise DataFileCorrupt(
            f"data file '{file}': expected X of shape (m, 400) and y of m labels, "
            f"got X {X.shape} and y {y.shape}"
        )
    y = y.reshape(-1)
    if not np.issubdtype(y.dtype, np.number) or y.min() < 1 or y.max() > 10:
        got = f"{y.min()}..{y.max()}" if np.issubdtype(y.dtype, np.number) else y.dtype
        raise DataFileCorrupt(f"data file '{file}': expected labels y in 1..10, got {got}")
    return X.astype(np.float64), y
