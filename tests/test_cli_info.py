"""``neuronlab info MODEL``: what a model file holds, as text and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import neuronlab as nl
from neuronlab.cli import main


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A model ``train`` wrote: a CSV of two blobs, columns a, b, label (no / yes)."""
    d = tmp_path_factory.mktemp("info")
    r = np.random.default_rng(0)
    X = np.vstack([r.normal(-2, 1, (30, 2)), r.normal(2, 1, (30, 2))])
    rows = [f"{a},{b},{lab}" for (a, b), lab in zip(X, ["no"] * 30 + ["yes"] * 30)]
    (d / "t.csv").write_text("a,b,label\n" + "\n".join(rows) + "\n")
    code = main(["train", "--dataset", str(d / "t.csv"), "--out", str(d / "m.npz"),
                 "--layers", "5,3", "--activation", "tanh", "--epochs", "40",
                 "--learning-rate", "0.02", "--early-stopping", "3", "--quiet"])  # fmt: skip
    assert code == 0
    return d / "m.npz"


def test_info_text_says_what_the_model_is(trained, capsys):
    code, out, err = call(capsys, "info", trained)
    assert code == 0 and err == ""
    header, *rows = out.strip().splitlines()
    assert (
        header
        == f"{trained}: neuronlab model (file format 1, written by neuronlab {nl.__version__})"
    )
    lines = {row.split()[0]: row for row in rows}
    assert "2 inputs → 5 tanh → 3 tanh → 1 sigmoid" in lines["architecture"]
    assert "binary_cross_entropy" in lines["architecture"] and "float64" in lines["architecture"]
    assert lines["parameters"].split()[1] == str(2 * 5 + 5 + 5 * 3 + 3 + 3 + 1)  # 37
    assert "2 features (a, b); standardised" in lines["input"]
    assert "2: no, yes (label column 'label')" in lines["classes"]
    assert "48 training examples, 12 held out" in lines["trained"]
    settings = lines["settings"]
    assert "learning rate 0.02" in settings and "epochs 40" in settings
    assert "early stopping patience 3" in settings and "optimizer adam" in settings
    assert "train accuracy" in lines["metrics"] and "validation accuracy" in lines["metrics"]
    assert "epochs run in" in lines["metrics"] and "cost curve of" in lines["metrics"]
    assert len(rows) <= 8 and max(map(len, rows)) < 200  # readable at a glance


def test_info_json_matches_the_file(trained, capsys):
    code, out, _ = call(capsys, "info", trained, "--json")
    assert code == 0
    s = json.loads(out)
    net = nl.Network.load(trained)
    t = net.metadata["training"]
    assert s["architecture"]["layer_dims"] == [2, 5, 3, 1]
    assert [a["name"] for a in s["architecture"]["activations"]] == ["tanh", "tanh", "sigmoid"]
    assert s["parameters"] == net.theta.size == 37
    assert s["format_version"] == 1 and s["written_by"] == nl.__version__
    assert s["classes"] == ["no", "yes"] and s["input"]["features"] == ["a", "b"]
    assert s["settings"]["learning_rate"] == 0.02 and s["settings"]["early_stopping"] == 3
    m = s["metrics"]
    assert m["epochs_run"] == t["epochs_run"] and m["wall_time"] == t["wall_time"]
    assert m["train_accuracy"] == t["train_accuracy"]
    assert m["cost_curve_length"] == len(t["costs"]) == t["epochs_run"]
    assert isinstance(m["stopped_early"], bool)


def test_info_of_pictures_model(tmp_path, capsys):
    net = nl.Network([4 * 6 * 3, 2, 3], output_activation="softmax", seed=0)
    net.save(tmp_path / "p.npz", classes=["a", "b", "c"],
             input={"kind": "image", "shape": [4, 6, 3], "scale": 1 / 255})  # fmt: skip
    code, out, _ = call(capsys, "info", tmp_path / "p.npz")
    assert code == 0
    assert "pictures resized to 6×4 RGB, pixels ÷ 255" in out
    assert "3: a, b, c" in out and "softmax" in out


def test_a_model_saved_without_metadata_shows_what_it_has(tmp_path, capsys):
    nl.Network([5, 3, 2], output_activation="softmax", dtype="float32", seed=0).save(
        tmp_path / "raw.npz"
    )
    code, out, err = call(capsys, "info", tmp_path / "raw.npz")
    assert code == 0 and err == ""
    assert "5 inputs → 3 relu → 2 softmax" in out and "float32" in out
    assert "parameters    26" in out
    assert "5 numbers per example (no input spec saved)" in out
    assert "2, unnamed (no class names saved)" in out
    assert "not recorded (saved without training metadata)" in out
    assert "written by" not in out
    code, out, _ = call(capsys, "info", tmp_path / "raw.npz", "--json")
    s = json.loads(out)
    assert s["classes"] is None and s["input"] is None and s["metrics"] is None
    assert s["written_by"] is None and s["parameters"] == 26


def test_info_of_a_regression_network(tmp_path, capsys):
    nl.Network([3, 2, 1], output_activation="identity", loss="mse", seed=0).save(tmp_path / "r.npz")
    code, out, _ = call(capsys, "info", tmp_path / "r.npz")
    assert code == 0 and "  task          regression\n" in out
    assert "  predicts      1 value per example\n" in out and "classes" not in out
    nl.Network([3, 2], output_activation="tanh", loss="mse", seed=0).save(tmp_path / "t.npz")
    code, out, _ = call(capsys, "info", tmp_path / "t.npz")
    assert code == 0 and "  task          unknown\n" in out
    assert "none: its output is tanh, not a classifier's" in out


@pytest.mark.parametrize(
    "make, fragment",
    [
        (lambda d: d / "missing.npz", "does not exist"),
        (lambda d: d, "is a folder"),
        (lambda d: _write(d / "t.csv", b"a,b,label\n1,2,x\n"), "CSV text file"),
        (lambda d: _write(d / "e.npz", b""), "empty"),
        (lambda d: _write(d / "z.npz", b"PK\x03\x04broken"), "corrupt or truncated"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path, capsys, make, fragment):
    code, out, err = call(capsys, "info", make(tmp_path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("neuronlab: error: ") and fragment in err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
