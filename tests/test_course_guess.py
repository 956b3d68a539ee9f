"""``neuronlab course`` reads the course version off the learner's notebook (issue 16:
a learner with nothing but the notebook rarely knows which version it is)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from neuronlab.cli import main
from neuronlab.course import LABS, files
from neuronlab.course.guess import guess

_P = "from public_tests import *"
#: Each notebook's course imports, as COURSE_FILES.md §1 lists them per version.
IMPORTS: dict[str, dict[str, list[str]]] = {
    "logistic_regression": {
        "2019": ["from lr_utils import load_dataset"],
        "2021": ["from lr_utils import load_dataset", _P, _P],
        "2023": ["from lr_utils import load_dataset", _P],
    },
    "planar": {
        "2019": ["from testCases_v2 import *", "from planar_utils import plot_decision_boundary, "
                 "sigmoid, load_planar_dataset, load_extra_datasets"],
        "2021": ["from testCases_v2 import *", _P, "from planar_utils import "
                 "plot_decision_boundary, sigmoid, load_planar_dataset, load_extra_datasets"],
        "2023": ["from planar_utils import *", "from test_cases import *", _P],
    },
    "deep": {
        "2019": ["from testCases_v4a import *",
                 "from dnn_utils_v2 import sigmoid, sigmoid_backward, relu, relu_backward"],
        "2021": ["from testCases import *",
                 "from dnn_utils import sigmoid, sigmoid_backward, relu, relu_backward", _P],
        "2023": ["from dnn_utils import *", "from test_cases import *", _P],
    },
    "deep_app": {
        "2019": ["from dnn_app_utils_v3 import *"],
        "2021": ["from dnn_app_utils_v3 import *", _P],
        "2023": ["from dnn_app_utils import *", _P],
    },
    "initialization": {
        "2019": ["from init_utils import sigmoid, relu, compute_loss, forward_propagation, "
                 "backward_propagation, update_parameters, predict, load_dataset, "
                 "plot_decision_boundary, predict_dec"],
        "2021": ["from init_utils import sigmoid, relu, compute_loss, forward_propagation, "
                 "backward_propagation, update_parameters, predict, load_dataset, "
                 "plot_decision_boundary, predict_dec", _P],
        "2023": ["from init_utils import *", _P],
    },
    "regularization": {
        "2019": ["from reg_utils import sigmoid, relu, plot_decision_boundary, "
                 "initialize_parameters, load_2D_dataset, predict_dec", "from reg_utils import "
                 "compute_cost, predict, forward_propagation, backward_propagation, "
                 "update_parameters", "from testCases import *"],
        "2021": ["from reg_utils import sigmoid, relu, plot_decision_boundary, "
                 "initialize_parameters, load_2D_dataset, predict_dec", "from reg_utils import "
                 "compute_cost, predict, forward_propagation, backward_propagation, "
                 "update_parameters", "from testCases import *", _P],
        "2023": ["from reg_utils import *", "from test_cases import *", _P],
    },
    "gradient_checking": {
        "2019": ["from testCases import *", "from gc_utils import sigmoid, relu, "
                 "dictionary_to_vector, vector_to_dictionary, gradients_to_vector"],
        "2021": ["from testCases import *", _P, "from gc_utils import sigmoid, relu, "
                 "dictionary_to_vector, vector_to_dictionary, gradients_to_vector"],
        "2023": ["from gc_utils import *", "from test_cases import *", _P],
    },
    "optimization": {
        "2019": ["from opt_utils_v1a import load_params_and_grads, initialize_parameters, "
                 "forward_propagation, backward_propagation", "from opt_utils_v1a import "
                 "compute_cost, predict, predict_dec, plot_decision_boundary, load_dataset",
                 "from testCases import *"],
        "2021": ["from opt_utils_v1a import load_params_and_grads, initialize_parameters, "
                 "forward_propagation, backward_propagation", "from opt_utils_v1a import "
                 "compute_cost, predict, predict_dec, plot_decision_boundary, load_dataset",
                 "from testCases import *", _P],
        "2023": ["from opt_utils import *", "from test_cases import *", _P],
    },
}  # fmt: skip
CASES = [(lab, v) for lab in LABS for v in LABS[lab].versions]


def _notebook(folder: Path, name: str, cells: list[str]) -> Path:
    """A notebook file in the layout Jupyter writes (nbformat 4)."""
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
             "source": c.splitlines(keepends=True)}
            for c in cells
        ],
    }  # fmt: skip
    path = folder / f"{name}.ipynb"
    path.write_text(json.dumps(nb))
    return path


def _course_notebook(folder: Path, lab: str, version: str) -> Path:
    """The notebook's import cell, then one cell per test it calls: every test its
    version's test modules give (the course puts a test cell after each graded one)."""
    cells = ["import numpy as np\nimport matplotlib.pyplot as plt\n"
             + "\n".join(IMPORTS[lab][version]) + "\n%matplotlib inline"]  # fmt: skip
    for f in files(lab, version):
        if "test" in f.path.lower():
            cells += [f"{n.name}({'target' if n.params == 'target' else ''})" for n in f.names]
    return _notebook(folder, "Lab", cells)


@pytest.mark.parametrize(("lab", "version"), CASES)
def test_each_versions_notebook_is_recognised(lab, version, tmp_path):
    if lab not in IMPORTS:
        pytest.fail(f"add {lab}'s imports (COURSE_FILES.md §1) to IMPORTS")
    _course_notebook(tmp_path, lab, version)
    found = guess(lab, tmp_path)
    assert found is not None and found.version == version, (lab, version, found)
    assert found.notebook == "Lab.ipynb" and "imports" in found.evidence


def test_the_command_prepares_the_notebooks_version_and_says_why(tmp_path, no_data, capsys):
    _course_notebook(tmp_path, "planar", "2019")
    assert main(["course", "planar", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "course version 2019: read off Lab.ipynb (imports planar_utils, testCases_v2)" in out
    assert (tmp_path / "testCases_v2.py").exists() and not (tmp_path / "public_tests.py").exists()


def test_without_a_notebook_the_newest_version_and_a_version_asked_for_wins(
    tmp_path, no_data, capsys
):
    assert main(["course", "planar", str(tmp_path / "empty")]) == 0
    out = capsys.readouterr().out
    assert "course version 2023: no notebook in" in out and "--version chooses" in out
    _course_notebook(tmp_path, "planar", "2021")
    assert main(["course", "planar", str(tmp_path), "--version", "2023"]) == 0
    captured = capsys.readouterr()
    assert "warning: Lab.ipynb looks like course version 2021" in captured.err
    assert "prepared 2023 as asked" in captured.err
    assert (tmp_path / "test_cases.py").exists()


def test_unreadable_or_unrelated_notebooks_are_passed_over(tmp_path):
    (tmp_path / "broken.ipynb").write_text("{not json")
    (tmp_path / "binary.ipynb").write_bytes(b"\xff\xfe\x00")
    _notebook(tmp_path, "other", ["import numpy as np", "from my_utils import helper"])
    assert guess("planar", tmp_path) is None
    assert guess("planar", tmp_path / "missing") is None
    _notebook(tmp_path, "z_lab", ["from lr_utils import load_dataset\nfrom public_tests import *",
                                  "dataset_test(1, 2, 3)"])  # fmt: skip
    found = guess("logistic_regression", tmp_path)
    assert found is not None and found.version == "2023" and "calls dataset_test" in found.evidence
