"""Put a lab's course files in a notebook's folder, never over a learner's work.

Every decision is made before anything is written: a data file missing from
neuronlab's data folder, or a folder that cannot be written, stops with nothing
written.  Then, per file:

* absent → written (modules) or copied and checked by digest (data);
* already there and identical → left alone, silently;
* there and different → kept, and said so.  ``force`` replaces such a file only if
  neuronlab wrote it and it is unchanged since: the manifest ``.neuronlab-course.json``
  in the folder records the SHA-256 of every file neuronlab wrote.  (Modules also start
  with the line :data:`~neuronlab.course.registry.MARKER`, for the reader; the manifest
  decides.)  A learner's own or edited file is never replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neuronlab.course.registry import CourseFile, files

#: The record of what neuronlab wrote in a folder.
MANIFEST = ".neuronlab-course.json"


@dataclass(frozen=True)
class Outcome:
    """What happened to one file: ``action`` is ``wrote``, ``copied``, ``replaced``,
    ``same`` or ``kept`` (with ``reason``)."""

    path: str
    action: str
    reason: str = ""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(folder: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of the files neuronlab wrote in ``folder``."""
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))["files"]
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in recorded.items()):
            raise TypeError("not a mapping of names to digests")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(
            f"DIR: {str(path)!r} is not neuronlab's record of the files it "
            f"wrote ({exc}); move it away"
        ) from None
    return dict(recorded)


def check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"DIR: {str(folder)!r} is a file, expected a folder")
    if not folder.exists() and folder.parent.exists() and not folder.parent.is_dir():
        raise NotADirectoryError(f"DIR: {str(folder.parent)!r} is a file, expected a folder")
    if not folder.exists() and not folder.parent.is_dir():
        raise FileNotFoundError(f"DIR: the folder {str(folder.parent)!r} does not exist")
    if not folder.exists() and not os.access(folder.parent, os.W_OK | os.X_OK):
        raise PermissionError(
            f"DIR: cannot make {str(folder)!r}: cannot write in {str(folder.parent)!r} "
            "(read-only or not yours)"
        )


@dataclass
class _Item:
    file: CourseFile
    digest: str  # what neuronlab's version of the file hashes to
    text: bytes | None = None  # a module's bytes
    source: Path | None = None  # a data file's original in the data folder


def _decide(item: _Item, folder: Path, manifest: dict[str, str], force: bool) -> Outcome:
    rel = item.file.path
    target = folder / rel
    if not target.exists():
        return Outcome(rel, "copied" if item.file.data else "wrote")
    if not target.is_file():
        return Outcome(rel, "kept", "it is not a file")
    current = _file_sha256(target)
    if current == item.digest:
        return Outcome(rel, "same")
    if manifest.get(rel) == current:
        if force:
            return Outcome(rel, "replaced")
        return Outcome(
            rel,
            "kept",
            "written by neuronlab before, for another version or release: --force replaces it",
        )
    if rel in manifest:
        return Outcome(
            rel,
            "kept",
            "changed since neuronlab wrote it (your edits?): never "
            "replaced; move it away to get neuronlab's",
        )
    return Outcome(
        rel,
        "kept",
        "not written by neuronlab (your own?): never replaced; move it away to get neuronlab's",
    )


def prepare(
    lab: str,
    folder: str | os.PathLike[str],
    version: str,
    data_dir: str | os.PathLike[str] | None = None,
    force: bool = False,
) -> list[Outcome]:
    """Write ``lab``'s course files of ``version`` into ``folder`` (created if its parent
    exists); see the module docstring.  Returns one :class:`Outcome` per file.

    Raises
    ------
    ValueError
        An unknown lab or version, or an unreadable manifest.
    neuronlab.data.DataFileError
        A data file the folder lacks is missing from, or corrupt in, the data folder.
    OSError
        ``folder`` is a file, or its parent does not exist.
    """
    from neuronlab.data import REGISTRY, find_file

    wanted = files(lab, version)
    folder = Path(folder)
    check_folder(folder)
    manifest = read_manifest(folder) if folder.is_dir() else {}
    items = []
    for f in wanted:
        if f.data is None:
            text = f.text(lab, version).encode("utf-8")
            items.append(_Item(f, _sha256(text), text=text))
        else:
            items.append(_Item(f, REGISTRY[f.data].digest))
    outcomes = [_decide(item, folder, manifest, force) for item in items]
    todo = [(i, o) for i, o in zip(items, outcomes) if o.action in ("wrote", "copied", "replaced")]
    for item, _ in todo:  # every source found and checked before anything is written
        if item.file.data is not None:
            item.source = find_file(item.file.data, data_dir)
    for item, _ in todo:
        parent = (folder / item.file.path).parent
        if parent.exists() and not parent.is_dir():
            raise NotADirectoryError(
                f"DIR: {str(parent)!r} is a file, expected a folder for {item.file.path}"
            )
    if todo:
        _write(folder, todo, manifest)
    return outcomes


def _write(folder: Path, todo: list[tuple[_Item, Outcome]], manifest: dict[str, str]) -> None:
    """Every file to its temporary, then all renamed (none half-written), then the
    manifest."""
    from neuronlab.io import write_atomic, write_files_atomic

    writers: list[Any] = []
    for item, _ in todo:
        target = folder / item.file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if item.text is not None:
            text = item.text
            writers.append((target, lambda fh, text=text: fh.write(text), "wb"))
        else:
            source, digest = item.source, item.digest
            writers.append((target, lambda fh, s=source, d=digest: _copy(s, d, fh), "wb"))
        manifest[item.file.path] = item.digest
    write_files_atomic(writers)
    record = json.dumps(
        {"written_by": "neuronlab course", "files": dict(sorted(manifest.items()))}, indent=1
    )
    write_atomic(folder / MANIFEST, lambda fh: fh.write(record + "\n"), mode="w")


def _copy(source: Path | None, digest: str, fh: Any) -> None:
    """Copy ``source`` into ``fh``, checking the copy's SHA-256 on the way."""
    if source is None:
        raise FileNotFoundError("a data file to copy was not found")
    h = hashlib.sha256()
    with source.open("rb") as src:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            h.update(chunk)
            fh.write(chunk)
    if h.hexdigest() != digest:
        raise OSError(
            f"{source}: the copy's sha256 is {h.hexdigest()}, expected {digest} "
            "(did the file change while it was copied?)"
        )
