"""The layout stays: imports point down the floors, no circles, no private names shared.

The floors are those of ``docs/architecture.md`` (after ``../shared/ARCHITECTURE.md``): a
module imports only from its own floor or below; the side wing (files, pictures, data
sets, figures) is used from above and never imports training, the labs, the experiments
or the app.  The source is read with :mod:`ast`; nothing is imported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "neuronlab"
SIDE = "side wing"

#: Every top-level module (or package) of neuronlab and its floor.
FLOORS: dict[str, int | str] = {
    "_validation": 1,
    "flatten": 1,
    "threads": 1,
    "activations": 2,
    "losses": 2,
    "initializers": 2,
    "optimizers": 2,
    "layers": 3,
    "wide": 3,
    "network": 4,
    "training": 5,
    "fullbatch": 5,
    "gradcheck": 5,
    "estimator": 6,
    "labs": 6,
    "experiments": 7,
    "usermodels": 8,
    "streaming": 8,
    "report": 8,
    "reportnumbers": 8,
    "reportpage": 8,
    "check": 8,
    "course": 8,
    "bench": 8,
    "cli": 9,
    "__main__": 9,
    "io": SIDE,
    "images": SIDE,
    "data": SIDE,
    "datasets": SIDE,
    "userdata": SIDE,
    "inputs": SIDE,
    "plots": SIDE,
}
#: The side wing may import the engine up to the network (a model file holds one).
SIDE_MAY_IMPORT_UP_TO = 4
#: The engine is floors 1 to 5: it imports nothing from the side wing.
ENGINE_TOP = 5
#: Imports against the rules, each with its reason; each must be lazy (inside a function).
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("network", "training"): "Network.fit: a three-line delegator the README documents",
    ("network", "io"): "Network.save / Network.load: delegators the README documents",
    ("labs.digits", "plots"): "plot_100_images / plot_hidden: the course's functions draw",
}


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    """``{"labs.deep": path, …}`` for every module of the package ("" is its root)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(module: str, path: Path, known: set[str]) -> Iterator[tuple[str, int, bool]]:
    """``(imported module, line, lazy)`` for each import of a neuronlab module; lazy:
    inside a function (or under ``if TYPE_CHECKING``)."""
    tree = ast.parse(path.read_text(), str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = [p for p in package if p]
    lazy_nodes = {  # inside a function, or for the type checker only
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        or (isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"))
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        lazy = id(node) in lazy_nodes
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] + (node.module or "").split(".")
            elif node.module and node.module.split(".")[0] == "neuronlab":
                base = node.module.split(".")[1:]
            else:
                continue
            name = ".".join(p for p in base if p)
            for alias in node.names:  # "from . import io" imports the module io
                sub = f"{name}.{alias.name}".lstrip(".")
                yield (sub if sub in known else name), node.lineno, lazy
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "neuronlab":
                    yield alias.name.removeprefix("neuronlab").lstrip("."), node.lineno, lazy


def floor_of(module: str) -> int | str | None:
    """The floor of a module (``labs.deep`` is on the floor of ``labs``); None for the root."""
    return FLOORS.get(module.split(".")[0]) if module else None


def allowed(src: str, dst: str) -> bool:
    """May ``src`` import ``dst``?"""
    if dst == "" or src.split(".")[0] == dst.split(".")[0]:
        return True  # the package root (for its version), or within one package
    a, b = floor_of(src), floor_of(dst)
    if a is None:
        return True  # the root is the public API: it imports what it offers
    if a == SIDE:
        return b == SIDE or (isinstance(b, int) and b <= SIDE_MAY_IMPORT_UP_TO)
    if b == SIDE:
        return isinstance(a, int) and a > ENGINE_TOP
    return isinstance(a, int) and isinstance(b, int) and b <= a


def excepted(src: str, dst: str) -> bool:
    return (src, dst) in EXCEPTIONS or (src, dst.split(".")[0]) in EXCEPTIONS


def violations(root: Path = PACKAGE) -> dict[str, list[str]]:
    """What breaks the layout, by rule."""
    found = modules(root)
    known = set(found)
    out: dict[str, list[str]] = {"floors": [], "unknown": [], "circles": [], "private": []}
    out["unknown"] = sorted({m.split(".")[0] for m in known if m} - set(FLOORS))
    graph: dict[str, set[str]] = {}
    for src, path in found.items():
        graph[src] = set()
        for dst, line, lazy in imports(src, path, known):
            if excepted(src, dst):
                if not lazy:
                    out["floors"].append(f"{src}:{line} imports {dst} at module level")
                continue
            graph[src].add(dst)
            if not allowed(src, dst):
                out["floors"].append(
                    f"{src}:{line} imports {dst} ({floor_of(src)} -> {floor_of(dst)})"
                )
    out["circles"] = _circles(graph)
    out["private"] = _private_uses(found)
    return out


def _circles(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    found: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt == node or nxt not in graph:
                continue
            if state.get(nxt) == 1:
                found.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def _private_uses(found: dict[str, Path]) -> list[str]:
    """Private names (``_x``, not dunders) used outside where they live.

    A private function, class, module-level variable or attribute of one module may
    not be imported or read in another (a module that defines a name of the same
    spelling may use it); a private module (``labs._adapt``) may be imported only
    from inside its own package (``_validation``, at the root, from anywhere).
    """
    trees = {module: ast.parse(path.read_text()) for module, path in found.items()}
    defined: dict[str, set[str]] = {}
    for module, tree in trees.items():
        for name in _private_definitions(tree):
            defined.setdefault(name, set()).add(module)
    wrong = []
    for module, tree in trees.items():
        mine = {n for n, owners in defined.items() if module in owners}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith("neuronlab")
            ):
                target = _absolute(module, found[module], node)
                for a in node.names:
                    sub = f"{target}.{a.name}".lstrip(".")
                    if sub in found:  # "from package import _module"
                        wrong += _private_module_use(module, node.lineno, sub)
                    elif _private(a.name):
                        wrong.append(f"{module}:{node.lineno} imports {a.name}")
                wrong += _private_module_use(module, node.lineno, target)
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith("neuronlab."):
                        wrong += _private_module_use(module, node.lineno, a.name[10:])
            elif (
                isinstance(node, ast.Attribute)
                and node.attr in defined
                and node.attr not in mine
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            ):
                owners = ", ".join(sorted(defined[node.attr]))
                wrong.append(f"{module}:{node.lineno} uses .{node.attr} of {owners}")
    return wrong


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_definitions(tree: ast.Module) -> Iterator[str]:
    """The private names a module defines: functions, classes, attributes it sets, and
    its module-level variables."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names = [node.name]
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names = [node.attr]
        else:
            continue
        yield from filter(_private, names)
    for stmt in tree.body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else []
        if isinstance(stmt, ast.AnnAssign):
            targets = [stmt.target]
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and _private(name.id):
                    yield name.id


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The module an ``ImportFrom`` names, relative to the package ("" is its root)."""
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        package = [p for p in package if p]
        base = package[: len(package) - node.level + 1] + (node.module or "").split(".")
    else:
        base = (node.module or "").split(".")[1:]
    return ".".join(p for p in base if p)


def _private_module_use(importer: str, line: int, imported: str) -> list[str]:
    """``importer`` may import ``imported`` unless a private part of its path belongs to
    a package ``importer`` is outside of."""
    parts = imported.split(".")
    for k, part in enumerate(parts):
        owner = ".".join(parts[:k])
        inside = not owner or importer == owner or importer.startswith(owner + ".")
        if _private(part) and not inside:
            return [f"{importer}:{line} imports the private module {imported}"]
    return []


@pytest.mark.parametrize("rule", ["floors", "unknown", "circles", "private"])
def test_the_package_keeps_its_layout(rule):
    wrong = violations()[rule]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("module,path", sorted(modules().items()), ids=str)
def test_no_function_over_100_lines(module, path):
    long = [
        f"{node.name}: {node.end_lineno - node.lineno + 1} lines"  # type: ignore[operator]
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > 100  # type: ignore[operator]
    ]
    assert not long, f"{module}: {long}"


def test_the_checks_catch_what_they_are_for(tmp_path):
    """A small package with one of each fault: every rule reports it."""
    files = {
        "__init__.py": "",
        "_validation.py": "",
        "layers.py": "from .wide import DualDense\n",  # same floor, but a circle
        "wide.py": "from .network import Network\nfrom .layers import Dense\n",  # 3 -> 4: up
        "network.py": "from . import training\n",  # the delegator, but at module level
        "training.py": "from .wide import X\nfrom .network import Network\n",
        "io.py": "from .training import fit\n",  # side wing -> 5
        "gradcheck.py": "from .plots import save\n",  # engine -> side wing
        "plots.py": "",
        "data.py": "def _as_path():\n    pass\n",
        "labs/__init__.py": "",
        "labs/digits.py": "from .. import data\ndata._as_path()\nfrom ..data import _as_path\n",
        "labs/_adapt.py": "from .._validation import check\n",  # the root's: anyone may
        "labs/deep.py": "from ._adapt import f\nfrom . import _adapt\n",  # its own package's
        "experiments/__init__.py": "",
        "experiments/deep.py": "from ..labs._adapt import f\nfrom ..labs import _adapt\n",
        "experiments/_common.py": "_TABLE = {}\n",
        "report.py": "import neuronlab.experiments._common\nfrom . import experiments\n"
        "experiments._common._TABLE\n",
        "mystery.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    found = violations(tmp_path)
    assert found["unknown"] == ["mystery"]
    assert any("wide:1 imports network (3 -> 4)" in w for w in found["floors"])
    assert any("network:1 imports training at module level" in w for w in found["floors"])
    assert any("io:1 imports training" in w for w in found["floors"])
    assert any("gradcheck:1 imports plots" in w for w in found["floors"])
    assert [set(c.split(" -> ")) for c in found["circles"]] == [{"layers", "wide"}]
    assert sorted(found["private"]) == [
        "experiments.deep:1 imports the private module labs._adapt",
        "experiments.deep:2 imports the private module labs._adapt",
        "labs.digits:2 uses ._as_path of data",
        "labs.digits:3 imports _as_path",
        "report:1 imports the private module experiments._common",
        "report:3 uses ._TABLE of experiments._common",
    ]
