"""Model files (``.npz`` arrays + a JSON header; never pickle) and atomic writers.

A model file is a NumPy ``.npz`` archive holding

* ``W1, b1, …`` — the parameters, in the network's dtype;
* ``__neuronlab__`` — a 0-d unicode array holding JSON: ``format`` (the
  string ``"neuronlab-model"``), ``format_version``, the architecture
  (:meth:`Network.config`) and free-form ``metadata`` (training settings…).

Loading uses ``allow_pickle=False`` and only looks names up in the
registries, so a model file can never execute code.  Saving writes a
temporary file beside the target and renames it over the target only once it
is complete, so a crash mid-save never leaves a half file under the real name.

Every file neuronlab writes goes through :func:`write_atomic` (or
:func:`write_files_atomic` for files that must be replaced together) with a
``write(fh)`` from one of the writers here: :func:`model_writer`,
:func:`figure_writer` (PNGs) and :func:`csv_writer`.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import json
import math
import os
import socket
import stat
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from neuronlab._validation import count_nonfinite
from neuronlab.network import Network

FORMAT = "neuronlab-model"
FORMAT_VERSION = 1
HEADER_KEY = "__neuronlab__"


class ModelFileError(ValueError):
    """A model file that is missing, corrupt, truncated or not a neuronlab model."""


def save_network(net: Network, path: str | os.PathLike[str], **metadata: Any) -> Path:
    """Write ``net`` to ``path`` atomically; returns the path written."""
    path = _model_path(path)
    if path.is_dir():  # it would become "<folder>.npz" beside the folder
        raise ModelFileError(
            f"path: {str(path)!r} is a folder; expected a file name such as "
            f"{str(path / 'model.npz')!r}"
        )
    if path.suffix.lower() != ".npz":
        path = path.with_name(path.name + ".npz")
    if not path.parent.exists():
        raise ModelFileError(f"path: the folder {str(path.parent)!r} does not exist")
    return write_atomic(path, model_writer(net, **metadata))


def _model_path(path: Any) -> Path:
    """``path`` as a Path, or a TypeError naming the argument (``Network.load(None)``)."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path: expected a file name (str or os.PathLike), got {path!r}")
    return Path(path)


def model_writer(net: Network, **metadata: Any) -> Callable[[Any], None]:
    """``write(fh)`` that writes ``net``'s model file to a binary file object; the
    header is built (and its metadata checked) now, before anything is written."""
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "config": net.config(),
        "metadata": {**net.metadata, **metadata},  # what it was loaded with, updated
    }
    try:
        text = json.dumps(header, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ModelFileError(f"metadata: expected JSON-serialisable values ({exc})") from None
    if not np.isfinite(net.theta).all():  # it could not be loaded again
        bad = count_nonfinite(net.theta)
        raise ModelFileError(f"net: {bad} NaN or inf parameters; a model file needs finite ones")
    arrays = {k: np.ascontiguousarray(a) for k, a in net.parameters.items()}
    return lambda fh: np.savez(fh, **{HEADER_KEY: np.array(text), **arrays})  # type: ignore[arg-type]


def figure_writer(fig: Any, dpi: int = 110) -> Callable[[Any], None]:
    """``write(fh)`` that saves a matplotlib figure as a PNG to a binary file object."""
    return lambda fh: fig.savefig(fh, dpi=dpi, format="png")


def csv_writer(rows: Iterable[Sequence[Any]]) -> Callable[[Any], None]:
    """``write(fh)`` that writes ``rows`` (the header first) as CSV to a text file object."""
    return lambda fh: csv.writer(fh).writerows(rows)


Writer = tuple["str | os.PathLike[str]", Callable[[Any], None], str]


def write_atomic(
    path: str | os.PathLike[str], write: Callable[[Any], None], mode: str = "wb"
) -> Path:
    """Write through ``write(fh)`` to a temporary file beside ``path`` and rename it
    over ``path`` once complete (and flushed to disk): a crash never leaves a half
    file under the real name.  The file gets the usual permissions (0666 less the
    umask), not the 0600 of a temporary file.  Text modes write UTF-8."""
    return write_files_atomic([(path, write, mode)])[0]


def write_files_atomic(files: list[Writer]) -> list[Path]:
    """:func:`write_atomic` for several files at once: every file is written to its
    temporary first, and only when all are complete are they renamed over their
    targets — a failure writing any of them replaces none (a model and its plot).

    A symlink is followed: the file it points to is replaced, not the link.  A
    device or FIFO (``/dev/null``, ``/dev/stdout``) is written straight into, last."""
    done: list[tuple[str, Path]] = []
    streams: list[Writer] = []
    try:
        for target, write, mode in files:
            if is_stream(target):
                streams.append((target, write, mode))
                continue
            path = Path(os.path.realpath(target)) if os.path.islink(target) else Path(target)
            if not path.parent.is_dir():
                raise FileNotFoundError(f"{path}: the folder {str(path.parent)!r} does not exist")
            remove_stale_temporaries(path)
            try:
                fd, tmp = tempfile.mkstemp(
                    prefix=_temporary_prefix(path), suffix=".tmp", dir=path.parent
                )
            except OSError as exc:  # its message would name the temporary, not the file
                raise OSError(
                    exc.errno, f"{path}: cannot write in {str(path.parent)!r} ({exc.strerror})"
                ) from None
            done.append((tmp, path))
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o666 & ~_umask())
            kwargs: dict[str, Any] = {"newline": "", "encoding": "utf-8"} if "b" not in mode else {}
            try:
                with os.fdopen(fd, mode, **kwargs) as fh:
                    write(fh)
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError as exc:  # a full disk, a file-size limit: say which file
                if exc.strerror is None:
                    raise
                error = OSError(
                    f"{path}: could not be written ({exc.strerror}); nothing was replaced"
                )
                error.errno = exc.errno
                raise error from None
        for target, write, mode in streams:  # once every file is complete
            kwargs = {"newline": "", "encoding": "utf-8"} if "b" not in mode else {}
            # appended: "w" would truncate a log that /dev/stdout leads to (`>> run.log`)
            with open(target, mode.replace("w", "a"), **kwargs) as fh:
                write(fh)
        for tmp, path in done:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in done:
            Path(tmp).unlink(missing_ok=True)
        raise
    written = iter(path for _, path in done)
    return [Path(t) if is_stream(t) else next(written) for t, _, _ in files]


def is_stream(target: str | os.PathLike[str]) -> bool:
    """An existing target that is not a regular file or a folder — a device such as
    ``/dev/null`` or ``/dev/stdout``, a FIFO, a socket: written straight into, as a
    shell's ``>`` would.  A temporary renamed over it would replace the device itself
    (as root, ``/dev/null`` became a regular file)."""
    if os.path.abspath(target).startswith(SPECIAL_FOLDERS):
        return True  # /dev/stdout may point to the very file a shell's >> is writing
    try:
        mode = os.stat(target).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


#: Paths that stand for something else (a descriptor, a device): never renamed over
#: and never truncated, whatever file they lead to.
SPECIAL_FOLDERS = ("/dev/", "/proc/")


def _temporary_prefix(path: Path) -> str:
    """``.m.npz.<host>-<pid>.``: whose temporary it is, so a later save can tell
    one left by a killed process from one being written right now."""
    return f".{path.name}.{_host()}-{os.getpid()}."


def _host() -> str:
    return socket.gethostname().replace(".", "_").replace("-", "_") or "host"


#: A temporary older than this is stale whoever wrote it (a killed run on another host).
STALE_AFTER = 24 * 3600.0


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporaries of ``path`` left by killed saves (``kill -9``, a power
    cut): those of a process of this host that no longer runs, and any older than
    :data:`STALE_AFTER`. A save in progress (its process alive) is left alone."""
    host = _host()
    removed = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        owner = tmp.name[len(path.name) + 2 :].split(".", 1)[0]  # "<host>-<pid>"
        who, _, pid = owner.rpartition("-")
        try:
            age = time.time() - tmp.stat().st_mtime
            if not (who and pid.isdigit()):
                continue  # not a name we give (a user's own ".m.npz.backup.tmp")
            dead = who == host and not _alive(int(pid))
            if dead or age > STALE_AFTER:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists (another user's)
    return True


def to_jsonable(obj: Any) -> Any:
    """NumPy scalars and arrays → Python floats/ints/lists, recursively."""
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return str(obj)  # JSON has no inf/nan
    return obj


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_model_file(path: str | os.PathLike[str]) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """``(header, arrays)`` of a model file, validated; raises :class:`ModelFileError`.

    The header is read first; then only the members it implies (``W1, b1, …``) are
    read, each only after its own ``.npy`` header says it holds floating-point
    numbers of the expected shape: an unknown or oversized member is refused before
    anything is decompressed, and nothing is ever unpickled.  (To rebuild the network,
    :func:`read_network` reads the members straight into its parameters instead.)"""
    with _ModelReader(path) as reader:
        return reader.header, {name: reader.array(name) for name in reader.present}


def read_network(path: str | os.PathLike[str]) -> tuple[dict[str, Any], Network]:
    """``(header, network)`` of a model file, validated as :func:`read_model_file` does.

    Each member is decompressed in blocks straight into its view of the network's
    parameter vector, so loading needs the parameters' size once, not three times."""
    with _ModelReader(path) as reader:
        missing = [name for name in reader.shapes if name not in reader.present]
        if missing:
            raise ModelFileError(
                f"{reader.name} holds an invalid model: no {', '.join(missing)} "
                f"(its layer sizes {reader.dims} need them)"
            )
        try:
            net = Network.from_config(reader.header.get("config", {}))
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ModelFileError(f"{reader.name} holds an invalid model: {exc}") from None
        for name, view in net.parameters.items():
            reader.read_into(name, view)
    if not np.isfinite(net.theta).all():
        bad = count_nonfinite(net.theta)
        raise ModelFileError(f"{str(path)!r} holds an invalid model: {bad} NaN or inf parameters")
    net.metadata = reader.header.get("metadata", {})
    return reader.header, net


#: Bytes decompressed at a time when a member is read into the network.
READ_BLOCK = 1 << 20


class _ModelReader:
    """An open model file whose header and member list are checked: ``header``,
    ``shapes`` (what the layer sizes imply), ``present`` (those the file holds); then
    :meth:`array` or :meth:`read_into` per member.  Every failure is a
    :class:`ModelFileError` naming the file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = _model_path(path)
        self.name = repr(str(path))
        _check_readable_file(self.path)
        kind = _sniff(self.path)
        if kind is not None:
            raise ModelFileError(
                f"{self.name} is not a neuronlab model file: it is {kind}; expected a .npz "
                "written by neuronlab train or Network.save"
            )

    def __enter__(self) -> _ModelReader:
        with self._reading():
            self.archive = zipfile.ZipFile(self.path)
        try:
            with self._reading():
                names = self.archive.namelist()
                self.members = {n[: -len(".npy")]: n for n in names if n.endswith(".npy")}
                if HEADER_KEY not in self.members:
                    raise ModelFileError(
                        f"{self.name} is not a neuronlab model file (no {HEADER_KEY} header)"
                    )
                self.header = _read_header(self.path, self.archive, self.members[HEADER_KEY])
                self.dims, self.shapes = _expected_shapes(self.path, self.header)
                unknown = sorted(set(self.members) - set(self.shapes) - {HEADER_KEY})
                if unknown:
                    raise ModelFileError(
                        f"{self.name} holds members a model file does not have: "
                        f"{', '.join(unknown)} (not read)"
                    )
                self.present = [n for n in self.shapes if n in self.members]
        except BaseException:
            self.archive.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.archive.close()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """Turn what a damaged file raises into one :class:`ModelFileError`."""
        try:
            yield
        except ModelFileError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError) as exc:
            # NumPy's own text may advise loading with allow_pickle=True: never for a model
            detail = str(exc).split(" If you trust", 1)[0].strip()
            raise ModelFileError(
                f"{self.name} is corrupt or truncated, or not a neuronlab model file "
                f"({type(exc).__name__}: {detail})"
            ) from None

    def array(self, name: str) -> np.ndarray:
        """Member ``name`` as a new array, after its ``.npy`` header is checked."""
        with self._reading(), self.archive.open(self.members[name]) as fh:
            self._check_header(fh, name)
        with self._reading(), self.archive.open(self.members[name]) as fh:
            array: np.ndarray = np.lib.format.read_array(fh, allow_pickle=False)
        return array

    def read_into(self, name: str, out: np.ndarray) -> None:
        """Member ``name`` written into ``out`` (its shape), in blocks of
        :data:`READ_BLOCK` bytes when the stored layout is ``out``'s, else through a
        converted copy (another dtype or byte order, Fortran order)."""
        with self._reading(), self.archive.open(self.members[name]) as fh:
            dtype, fortran = self._check_header(fh, name)
            if dtype != out.dtype or fortran or not out.flags.c_contiguous:
                out[...] = self.array(name)
                return
            target = out.reshape(-1).view(np.uint8)
            done = 0
            while done < target.size:
                block = fh.read(min(READ_BLOCK, target.size - done))
                if not block:
                    raise EOFError(f"{name} ends after {done} of its {target.size} bytes")
                target[done : done + len(block)] = np.frombuffer(block, np.uint8)
                done += len(block)

    def _check_header(self, fh: Any, name: str) -> tuple[np.dtype, bool]:
        """The member's dtype and order, after checking they hold floats of its shape."""
        version = np.lib.format.read_magic(fh)
        read_header = (
            np.lib.format.read_array_header_1_0
            if version == (1, 0)
            else np.lib.format.read_array_header_2_0
        )
        found, fortran, dtype = read_header(fh)
        if dtype.hasobject:
            raise ModelFileError(
                f"{self.name} holds Python objects in {name} (never unpickled: it could run "
                "code); expected floating-point numbers"
            )
        if dtype.kind != "f":
            raise ModelFileError(
                f"{self.name} holds an invalid model: {name} holds {dtype.name} values; "
                "expected floating-point numbers (float32 or float64)"
            )
        if tuple(found) != self.shapes[name]:
            raise ModelFileError(
                f"{self.name} holds an invalid model: {name} has shape {tuple(found)}, "
                f"its layer sizes say {self.shapes[name]}"
            )
        return dtype, bool(fortran)


#: A model header is a few kilobytes of JSON; more is not a header.
MAX_HEADER_BYTES = 16 << 20


def _read_header(path: Path, archive: zipfile.ZipFile, member: str) -> dict[str, Any]:
    if archive.getinfo(member).file_size > MAX_HEADER_BYTES:
        raise ModelFileError(f"{str(path)!r} is not a neuronlab model file (oversized header)")
    with archive.open(member) as fh:
        text = np.lib.format.read_array(fh, allow_pickle=False)
    header = json.loads(str(text[()]))
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ModelFileError(f"{str(path)!r} is not a neuronlab model file (bad header)")
    if not isinstance(header.get("metadata", {}), dict):
        raise ModelFileError(f"{str(path)!r} is corrupt: its header's metadata is not a mapping")
    if header.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(
            f"{str(path)!r} has format_version {header.get('format_version')!r}; this "
            f"neuronlab reads version {FORMAT_VERSION}"
        )
    return header


def _expected_shapes(
    path: Path, header: dict[str, Any]
) -> tuple[list[int], dict[str, tuple[int, ...]]]:
    """The header's layer sizes and ``{"W1": (n1, n0), "b1": (n1, 1), …}``, checked
    against the machine's memory before any array is read."""
    from neuronlab import _validation as v

    cfg = header.get("config", {})
    dims = cfg.get("layer_dims") if isinstance(cfg, dict) else None
    if (
        not isinstance(dims, list)
        or len(dims) < 2
        or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 1 for d in dims)
    ):
        raise ModelFileError(f"{str(path)!r} holds an invalid model: layer_dims {dims!r}")
    shapes: dict[str, tuple[int, ...]] = {}
    for layer, (n_in, n_out) in enumerate(zip(dims[:-1], dims[1:]), start=1):
        shapes[f"W{layer}"], shapes[f"b{layer}"] = (n_out, n_in), (n_out, 1)
    values = sum(math.prod(s) for s in shapes.values())
    try:
        v.check_memory("layer_dims", 2 * 8 * values, f"the {dims} network of {str(path)!r}")
    except ValueError as exc:
        raise ModelFileError(str(exc)) from None
    return dims, shapes


def _check_readable_file(path: Path) -> None:
    """A model path that is a file this process can read, or a sentence saying what it is."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ModelFileError(f"model file {str(path)!r} does not exist") from None
    except OSError as exc:
        raise ModelFileError(f"model file {str(path)!r}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise ModelFileError(f"{str(path)!r} is a folder; expected a model file (.npz)")
    if not stat.S_ISREG(mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "not a regular file"
        raise ModelFileError(f"{str(path)!r} is {kind}; expected a model file (.npz)")
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise ModelFileError(
            f"model file {str(path)!r} cannot be read: {exc.strerror or exc}"
        ) from None


#: The first bytes of files people give where a model belongs, and what they are.
_MAGIC = [
    (b"\x89PNG", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"GIF8", "a GIF picture"),
    (b"\x89HDF", "an HDF5 file (a data set?)"),
    (b"\x93NUMPY", "a single NumPy array (.npy)"),
    (b"MATLAB", "a MATLAB .mat file"),
    (b"\x80", "a Python pickle (never unpickled: it could run code)"),
    (b"%PDF", "a PDF document"),
]


def _sniff(path: Path) -> str | None:
    """What a file that is not a zip archive (every .npz is one) looks like, or None."""
    with open(path, "rb") as fh:
        head = fh.read(512)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return None
    if not head:
        return "empty"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return "not a zip archive (every .npz is one)"
    first = text.splitlines()[0] if text.splitlines() else ""
    return "a CSV text file" if "," in first else "a text file"


def load_network(path: str | os.PathLike[str]) -> Network:
    """Rebuild the network saved at ``path`` (bit-identical parameters)."""
    return read_network(path)[1]
