"""What the ``neuronlab course`` tests share: folder state, loading written modules, a
learner's functions in a file, the data fixtures and running a notebook headless."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import textwrap
import types
from pathlib import Path

import pytest

SHARED = os.environ.get("NEURONLAB_DATA")


def state(folder: Path) -> dict[str, str]:
    return {
        str(Path(root, n).relative_to(folder)): hashlib.sha256(
            Path(root, n).read_bytes()
        ).hexdigest()
        for root, _, names in os.walk(folder)
        for n in names
    }


def load(path: Path) -> types.ModuleType:
    """A written module, imported under a name of its own (several share a file name)."""
    name = f"written_{path.stem}_{abs(hash(str(path)))}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def learner(tmp_path: Path, code: str, name: str = "mine") -> types.ModuleType:
    """A learner's functions in a file of their own (the check reads their source)."""
    path = tmp_path / f"{name}.py"
    path.write_text("import numpy as np\n\n" + textwrap.dedent(code))
    return load(path)


def kernel_or_skip() -> None:
    try:
        import nbclient  # noqa: F401
        from jupyter_client.kernelspec import find_kernel_specs
    except ImportError as exc:
        pytest.skip(f"nbclient / jupyter_client are not installed ({exc}): pip install '.[test]'")
    if "python3" not in find_kernel_specs():
        pytest.skip("no python3 Jupyter kernel (pip install ipykernel)")


def run_notebook(
    folder: Path, cells: list[str], name: str = "Logistic_Regression_with_a_Neural_Network_mindset"
) -> tuple[list[str], str | None]:
    """Run ``cells`` as notebook ``name`` in ``folder``: each code cell's printed text, and
    the error of the cell that failed (if any)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbformat.write(nb, folder / f"{name}.ipynb")
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})  # fmt: skip
    error = None
    try:
        client.execute()
    except CellExecutionError as exc:
        error = str(exc)
    texts = [
        "".join(o.get("text", "") for o in cell.get("outputs", []) if o["output_type"] == "stream")
        for cell in nb.cells
    ]
    return texts, error


def learner_defs(lab: str, *names: str) -> str:
    """The named function definitions (all, if none are named) of the correct learner of
    ``lab`` in ``tests/learners``, as cell or file text."""
    import ast

    text = (Path(__file__).parent / "learners" / f"{lab}.py").read_text()
    tree = ast.parse(text)
    defs = {
        n.name: ast.get_source_segment(text, n) or ""
        for n in tree.body
        if isinstance(n, ast.FunctionDef)
    }
    return "\n\n\n".join(defs[n] for n in (names or tuple(defs)))


def prepared(tmp_path: Path, lab: str, version: str, data_dir: str | None = None) -> Path:
    """A notebook folder ``tmp_path/lab`` made by ``neuronlab course LAB --version``."""
    from neuronlab.cli import main

    folder = tmp_path / "lab"
    extra = [] if data_dir is None else ["--data-dir", data_dir]
    assert main(["course", lab, str(folder), "--version", version, *extra]) == 0
    return folder
