"""A learner's code, read without running it: the definitions a check needs.

A ``.py`` file or an ``.ipynb`` notebook is parsed, never run as a whole. Only its
top-level imports, constants (literals, and arithmetic on them and on earlier
constants), function and class definitions are kept, in the learner's order and at
the learner's line numbers, so a notebook's training, plotting and data-loading cells,
IPython's ``%`` and ``!`` lines and a script's top-level work never run. A function, a
module or a mapping of names (a notebook's ``globals()``) becomes the same kind of
program, rebuilt from the source Python keeps of each definition.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neuronlab._validation import special_file


class SourceError(ValueError):
    """The learner's code cannot be read: no such file, not Python, a syntax error."""


@dataclass(frozen=True)
class Block:
    """One kept top-level statement, as text at its place in the learner's file.

    ``filename`` is the file's path, or ``"name.ipynb, cell N"`` for a notebook cell;
    ``line`` the statement's first line there; ``kind`` ``"import"``, ``"constant"``,
    ``"def"`` or ``"class"``; ``names`` the names it binds.
    """

    filename: str
    line: int
    text: str
    kind: str
    names: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "line": self.line,
            "text": self.text,
            "kind": self.kind,
            "names": list(self.names),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Block:
        return cls(d["filename"], d["line"], d["text"], d["kind"], tuple(d["names"]))


@dataclass
class Program:
    """The kept statements of a learner's code, and notes on what was left out."""

    origin: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    folder: str | None = None  # where the learner's own modules are, if any

    def functions(self) -> list[str]:
        """The names of the functions defined at the top level, in order."""
        return [n for b in self.blocks if b.kind == "def" for n in b.names]

    def to_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "blocks": [b.to_dict() for b in self.blocks],
            "notes": self.notes,
            "folder": self.folder,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Program:
        blocks = [Block.from_dict(b) for b in d["blocks"]]
        return cls(d["origin"], blocks, list(d["notes"]), d.get("folder"))


# ------------------------------------------------------------------------ files
def read_path(path: str | Path) -> Program:
    """The program of a ``.py`` file or an ``.ipynb`` notebook."""
    path = Path(path)
    if not path.exists():
        raise SourceError(f"PATH: {str(path)!r} does not exist")
    if path.is_dir():
        raise SourceError(f"PATH: {str(path)!r} is a folder; expected a .py file or a notebook")
    kind = special_file(path)
    if kind is not None:  # reading a FIFO would wait for ever
        raise SourceError(f"PATH: {str(path)!r} is {kind}; expected a .py file or a notebook")
    suffix = path.suffix.lower()
    if suffix not in (".py", ".ipynb"):
        raise SourceError(f"PATH: {str(path)!r}: expected a .py file or an .ipynb notebook")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"PATH: {str(path)!r} is not UTF-8 text (not Python?)") from None
    folder = str(path.resolve().parent)
    if suffix == ".py":
        program = Program(str(path), folder=folder)
        _keep(program, str(path), text, strict=True)
        return program
    return read_notebook(text, str(path), folder)


def read_notebook(text: str, name: str, folder: str | None = None) -> Program:
    """The program of a notebook's code cells (IPython's ``%``/``!`` lines left out)."""
    import nbformat

    try:
        nb = nbformat.reads(text, as_version=4)
    except (json.JSONDecodeError, nbformat.reader.NotJSONError) as exc:
        raise SourceError(f"PATH: {name!r} is not a notebook (not JSON: {exc})") from None
    except Exception as exc:  # nbformat's own validation errors  # noqa: BLE001
        raise SourceError(f"PATH: {name!r} is not a readable notebook ({exc})") from None
    program = Program(name, folder=folder)
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        source = cell.source
        if source.lstrip().startswith("%%"):  # a cell magic: the whole cell is IPython's
            program.notes.append(f"cell {number}: a %% cell magic, left out")
            continue
        _keep(program, f"{Path(name).name}, cell {number}", _without_magics(source), strict=False)
    return program


_MAGIC = re.compile(r"^\s*[%!]|^\s*\w[\w.]*\?{1,2}\s*$")


def _without_magics(source: str) -> str:
    """IPython's ``%line`` magics, ``!shell`` lines and ``name?`` help lines blanked
    (the line numbers of the rest stay)."""
    return "\n".join("" if _MAGIC.match(line) else line for line in source.split("\n"))


_DEFINES = re.compile(r"^(?:async\s+)?def\s+\w+", re.MULTILINE)


def _keep(program: Program, filename: str, text: str, *, strict: bool) -> None:
    """Append ``text``'s kept statements to ``program``.  A syntax error is fatal in a
    ``.py`` file and in a notebook cell that defines functions; another cell is left out
    with a note."""
    try:
        tree = ast.parse(text, filename)
    except SyntaxError as exc:
        where = f"{filename}, line {exc.lineno}"
        if strict or _DEFINES.search(text):
            raise SourceError(f"PATH: a syntax error at {where}: {exc.msg}") from None
        program.notes.append(f"{where}: a syntax error ({exc.msg}); the cell was left out")
        return
    lines = text.split("\n")
    constants: set[str] = {n for b in program.blocks for n in b.names if b.kind != "def"}
    for node in tree.body:
        kind, names = _kind(node, constants)
        if kind is None:
            continue
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        if kind in ("def", "class"):
            segment = "\n".join(lines[start - 1 : node.end_lineno])
        else:  # one statement of a line that may hold several ("import sys; sys.exit()")
            segment = ast.get_source_segment(text, node) or ""
        program.blocks.append(Block(filename, start, segment, kind, names))
        if kind in ("import", "constant", "class"):
            constants.update(names)


def _kind(node: ast.stmt, known: set[str]) -> tuple[str | None, tuple[str, ...]]:
    """What a top-level statement is for the check, and the names it binds; None: drop."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names = tuple((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        return "import", names
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return "def", (node.name,)
    if isinstance(node, ast.ClassDef):
        return "class", (node.name,)
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = tuple(_target_names(targets))
        if names and _constant(node.value, known):
            return "constant", names
    return None, ()


def _target_names(targets: Iterable[ast.expr]) -> Iterable[str]:
    for target in targets:
        if isinstance(target, ast.Name):
            yield target.id
        elif isinstance(target, (ast.Tuple, ast.List)) and all(
            isinstance(e, ast.Name) for e in target.elts
        ):
            yield from (e.id for e in target.elts)  # type: ignore[attr-defined]
        else:
            return  # a subscript or attribute target: not a constant of the module


def _constant(expr: ast.expr, known: set[str]) -> bool:
    """Literals, names of earlier constants and imports (``np.pi``), and arithmetic on
    them; never a call, a subscript or a comprehension (they may load data or train)."""
    if isinstance(expr, ast.Constant):
        return True
    if isinstance(expr, ast.Name):
        return expr.id in known
    if isinstance(expr, ast.Attribute):
        return _constant(expr.value, known)
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        return all(_constant(e, known) for e in expr.elts)
    if isinstance(expr, ast.Dict):
        return all(k is not None and _constant(k, known) for k in expr.keys) and all(
            _constant(v, known) for v in expr.values
        )
    if isinstance(expr, ast.UnaryOp):
        return _constant(expr.operand, known)
    if isinstance(expr, ast.BinOp):
        return _constant(expr.left, known) and _constant(expr.right, known)
    return False


# --------------------------------------------------------------------- objects
_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}
#: IPython's history (``_``, ``__``, ``_i3``, ``_5``, ``_ih`` …) and Python's dunders.
_IPYTHON_HISTORY = re.compile(r"_+|_i+|_i?\d+|_[iod]h|__\w+__")


def from_object(obj: Any) -> tuple[Program, set[str] | None]:
    """The program of a function, a module, a mapping of names or a path, and the
    function names to check (None: every graded name found)."""
    if isinstance(obj, (str, Path)):
        return read_path(obj), None
    if isinstance(obj, types.ModuleType):
        try:
            text = inspect.getsource(obj)
        except (OSError, TypeError):
            raise SourceError(
                f"obj: the source of module {obj.__name__!r} is not available"
            ) from None
        program = Program(obj.__name__, folder=str(Path(obj.__file__ or ".").parent))
        _keep(program, getattr(obj, "__file__", None) or obj.__name__, text, strict=True)
        return program, None
    if isinstance(obj, types.FunctionType):
        return from_namespace(obj.__globals__, origin=obj.__name__), {obj.__name__}
    if isinstance(obj, Mapping):
        return from_namespace(obj), None
    raise SourceError(
        "obj: expected a function, a module, a mapping of names (globals()) or a path, "
        f"got {type(obj).__name__}"
    )


def from_namespace(names: Mapping[str, Any], origin: str = "globals()") -> Program:
    """A program rebuilt from a namespace: its imports, constants, and the source of
    the functions and classes defined in it (in a notebook, its cells)."""
    home = names.get("__name__", "__main__")
    program = Program(origin)
    imports, constants, definitions = [], [], []
    for name, value in names.items():
        if _IPYTHON_HISTORY.fullmatch(name) or name in _IPYTHON_NAMES:
            continue
        if isinstance(value, types.ModuleType):
            imports.append(_import_line(name, value.__name__))
        elif isinstance(value, (types.FunctionType, type)):
            module = getattr(value, "__module__", None)
            if module == home:
                definitions.append((name, value))
            elif module and "<" not in value.__qualname__:
                imports.append(f"from {module} import {value.__qualname__} as {name}")
        elif _literal(value):
            constants.append(f"{name} = {value!r}")
    for text in imports:
        program.blocks.append(Block(origin, 1, text, "import", (text.split()[-1],)))
    for text in constants:
        program.blocks.append(Block(origin, 1, text, "constant", (text.split(" = ")[0],)))
    for name, value in definitions:
        try:
            lines, line = inspect.getsourcelines(value)
            filename = inspect.getsourcefile(value) or origin
        except (OSError, TypeError):
            program.notes.append(f"{name}: {NO_SOURCE}")
            continue
        kind = "class" if isinstance(value, type) else "def"
        program.blocks.append(Block(filename, max(line, 1), "".join(lines), kind, (name,)))
    return program


#: Why a function that exists is not checked: the child process rebuilds it from its source.
NO_SOURCE = (
    "its source is not available (typed at a Python prompt?): define it in a notebook "
    "cell or a .py file to check it"
)


def _import_line(name: str, module: str) -> str:
    return f"import {module}" if name == module else f"import {module} as {name}"


def _literal(value: Any) -> bool:
    try:
        return bool(ast.literal_eval(repr(value)) == value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
