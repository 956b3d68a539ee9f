"""Which course version a learner's notebook is, read off the notebook itself.

A learner rarely knows the version of their copy; its code says it.  The versions
differ in the modules a notebook imports (``testCases_v2`` or ``test_cases``; a
``public_tests`` or none) and in the test names it calls (``dataset_test`` only in
2023).  :func:`guess` reads the code cells of the ``.ipynb`` files in the folder
(plain JSON, no Jupyter needed) and ranks the lab's versions by

1. the course modules the notebook imports that the version does not have;
2. the names it imports or calls that the version's modules lack but another
   version's have;
3. the modules it imports name by name where that version's notebook imports
   everything (``from init_utils import *`` is 2023's way, COURSE_FILES.md §1);
4. the version's test names the notebook never calls;

then, on a tie, the newer version.  It only reads.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from neuronlab.course.registry import LABS

_FROM_IMPORT = re.compile(r"^\s*from\s+([A-Za-z_][\w.]*)\s+import\s+\(?([^)#\n]*)", re.M)
_IMPORT = re.compile(r"^\s*import\s+([A-Za-z_][\w., ]*)", re.M)
_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
#: The helper modules each version's notebooks import with ``*`` where another version
#: names what it imports (COURSE_FILES.md §1): a named import says "not this version".
STARRED: dict[str, frozenset[str]] = {
    "2023": frozenset({"planar_utils", "dnn_utils", "init_utils", "reg_utils", "gc_utils",
                       "opt_utils"}),
}  # fmt: skip
#: Notebooks larger than this are not a course notebook's code (pictures inside).
MAX_NOTEBOOK_BYTES = 64 << 20


@dataclass(frozen=True)
class Guess:
    """The version a notebook is, and what in it says so."""

    version: str
    notebook: str
    evidence: str


def notebook_code(path: Path) -> str | None:
    """The code cells of a notebook, joined; ``None`` when it cannot be read as one."""
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return None
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        parts = []
        for cell in cells:
            if isinstance(cell, dict) and cell.get("cell_type") == "code":
                source = cell.get("source", "")
                parts.append("".join(source) if isinstance(source, list) else str(source))
    except (OSError, ValueError, AttributeError, TypeError):
        return None
    return "\n".join(parts)


def _imports(code: str) -> tuple[set[str], set[str], set[str]]:
    """The modules a notebook imports, the names it imports from them, and the modules
    it imports names from one by one (not ``*``)."""
    modules: set[str] = set()
    names: set[str] = set()
    named: set[str] = set()
    for module, imported in _FROM_IMPORT.findall(code):
        modules.add(module)
        these = {n.split(" as ")[0].strip() for n in imported.split(",")} - {""}
        if "*" not in these:
            named.add(module)
        names |= these - {"*"}
    for imported in _IMPORT.findall(code):
        modules |= {n.split(" as ")[0].strip() for n in imported.split(",")} - {""}
    return modules, names, named


def guess(lab: str, folder: str | Path) -> Guess | None:
    """The version of ``lab`` that the notebooks in ``folder`` are, or ``None`` when no
    notebook there imports any of the lab's course modules."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    versions = LABS[lab].versions
    provided = {
        version: {
            Path(f.path).stem: {n.name for n in f.names}
            for f in course_files
            if f.data is None and f.path.endswith(".py")
        }
        for version, course_files in versions.items()
    }
    course_modules = set().union(*(set(p) for p in provided.values()))
    course_names = set().union(*(set().union(*p.values()) for p in provided.values() if p))
    best: tuple[tuple[int, int, int, int, int], Guess] | None = None
    for path in sorted(folder.glob("*.ipynb")):
        code = notebook_code(path)
        if code is None:
            continue
        modules, imported, named = _imports(code)
        used_modules = modules & course_modules
        if not used_modules:
            continue
        used = (imported | set(_CALL.findall(code))) & course_names
        order = list(versions)
        for version, have in provided.items():
            names = set().union(*have.values()) if have else set()
            missing_modules = used_modules - set(have)
            missing_names = used - names
            tests = set().union(*(n for m, n in have.items() if "test" in m.lower()))
            unused_tests = {n for n in tests - used if n.endswith("_test") or "test_" in n}
            starred = named & STARRED.get(version, frozenset())
            score = (
                len(missing_modules),
                len(missing_names),
                len(starred),
                len(unused_tests),
                -order.index(version),
            )
            if best is None or score < best[0]:
                evidence = f"imports {', '.join(sorted(used_modules))}"
                only = sorted(used - _shared_names(provided))
                if only:
                    evidence += f"; calls {', '.join(only[:3])}"
                best = (score, Guess(version, path.name, evidence))
    return None if best is None else best[1]


def _shared_names(provided: dict[str, dict[str, set[str]]]) -> set[str]:
    """Names every version's modules give (they say nothing about the version)."""
    sets = [set().union(*have.values()) if have else set() for have in provided.values()]
    return set.intersection(*sets) if sets else set()
