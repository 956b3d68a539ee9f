"""Regression from the command line: ``train --task regression`` (or a continuous
label column, said in one line), ``predict`` prints values, ``evaluate`` R², MAE, RMSE,
``info`` says it is a regressor."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

import neuronlab as nl
from neuronlab.cli import main


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def linear_csv(path: Path, m: int = 150, seed: int = 0, noise: float = 0.0) -> Path:
    """``price = 3a - 2b + 50`` (+ noise): a target far from 0 with a scale of ~4."""
    r = np.random.default_rng(seed)
    X = r.normal(size=(m, 2))
    y = 3 * X[:, 0] - 2 * X[:, 1] + 50 + noise * r.normal(size=m)
    rows = [f"{a:.6f},{b:.6f},{t:.6f}" for (a, b), t in zip(X, y)]
    path.write_text("a,b,price\n" + "\n".join(rows) + "\n")
    return path


@pytest.fixture(scope="module")
def regressor(tmp_path_factory):
    d = tmp_path_factory.mktemp("regression")
    csv = linear_csv(d / "train.csv")
    code = main(["train", "--dataset", str(csv), "--label", "price", "--out", str(d / "r.npz"),
                 "--layers", "8", "--epochs", "150", "--no-progress", "--quiet"])  # fmt: skip
    assert code == 0
    return d / "r.npz"


def test_a_continuous_label_column_trains_a_regressor_and_says_so(tmp_path, capsys):
    csv = linear_csv(tmp_path / "t.csv")
    code, out, err = call(capsys, "train", "--dataset", csv, "--label", "price", "--out",
                          tmp_path / "m.npz", "--epochs", "100", "--no-progress")  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        f"{csv}: the label column 'price' looks continuous (150 distinct values in 150 rows, "
        f"e.g. {_first_fraction(csv):g}, not a whole number): training a regressor, as "
        "--task regression does"
    )
    assert lines[1].startswith("network 2 inputs → 16 relu → 1 identity; loss mse; float64")
    assert lines[-2].startswith("train R² ") and "; validation R² " in lines[-2]
    net = nl.Network.load(tmp_path / "m.npz")
    md = net.metadata
    assert md["task"] == "regression" and "classes" not in md
    t = md["training"]
    assert t["task"] == "regression" and t["validation_examples"] == 30
    assert t["validation_r2"] > 0.9  # a linear target: a net learns it


def _first_fraction(csv: Path) -> float:
    """What ``looks_continuous`` quotes: some non-whole value of the column."""
    from neuronlab.userdata import looks_continuous

    labels = [line.split(",")[2] for line in csv.read_text().splitlines()[1:]]
    return float(looks_continuous(labels).split("e.g. ")[1].split(",")[0])


def test_task_regression_on_whole_numbers_and_no_notice(tmp_path, capsys):
    r = np.random.default_rng(3)
    X = r.normal(size=(80, 2))
    y = np.round(2 * X[:, 0] + 5).astype(int)  # few whole numbers: classes, unless told
    rows = [f"{a:.5f},{b:.5f},{t}" for (a, b), t in zip(X, y)]
    (tmp_path / "t.csv").write_text("a,b,label\n" + "\n".join(rows) + "\n")
    args = ["train", "--dataset", tmp_path / "t.csv", "--out", tmp_path / "m.npz",
            "--epochs", "30", "--no-progress"]  # fmt: skip
    code, out, _ = call(capsys, *args)
    assert code == 0 and "classes" in nl.Network.load(tmp_path / "m.npz").metadata
    code, out, err = call(capsys, *args, "--task", "regression")
    assert code == 0, err
    assert "looks continuous" not in out and out.startswith("network 2 inputs")
    assert nl.Network.load(tmp_path / "m.npz").metadata["task"] == "regression"


def test_the_target_is_learned_standardised_and_predicted_in_its_units(regressor, tmp_path):
    net = nl.Network.load(regressor)
    target, spec = net.metadata["target"], net.metadata["input"]
    assert target["mean"] == pytest.approx(50, abs=1) and target["std"] > 2
    X = np.array([[0.5, -1.0], [2.0, 0.0]])  # rows
    Xs = (X.T - np.array(spec["mean"])[:, None]) / np.array(spec["std"])[:, None]
    expected = net.predict_proba(Xs)[0] * target["std"] + target["mean"]
    np.testing.assert_allclose(expected, [3 * 0.5 + 2 + 50, 3 * 2.0 + 50], rtol=0.05)
    (tmp_path / "new.csv").write_text("a,b\n0.5,-1.0\n2.0,0.0\n")
    code = main(["predict", str(regressor), str(tmp_path / "new.csv"),
                 "--out", str(tmp_path / "p.csv")])  # fmt: skip
    assert code == 0
    lines = (tmp_path / "p.csv").read_text().splitlines()
    assert lines[0] == "input,price"
    np.testing.assert_allclose([float(x.split(",")[1]) for x in lines[1:]], expected, rtol=1e-8)


def test_predict_prints_a_value_per_input(regressor, tmp_path, capsys):
    (tmp_path / "new.csv").write_text("a,b,price\n0,0,50\n1,1,51\n")  # its label column left out
    code, out, err = call(capsys, "predict", regressor, tmp_path / "new.csv")
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["new.csv:1", "new.csv:2"]
    assert abs(float(lines[0].split()[1]) - 50) < 1.5 and abs(float(lines[1].split()[1]) - 51) < 1.5


def test_evaluate_prints_r2_mae_rmse(regressor, tmp_path, capsys):
    csv = linear_csv(tmp_path / "test.csv", m=40, seed=9, noise=0.3)
    code, out, err = call(capsys, "evaluate", regressor, csv)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{regressor} on {csv} (40 examples, regressor of 'price'):"
    shown = {line.split()[0]: float(line.split()[1]) for line in lines[1:]}
    # the same numbers as scikit-learn's, from the model's own predictions
    net = nl.Network.load(regressor)
    rows = np.loadtxt(csv, delimiter=",", skiprows=1)
    from neuronlab.usermodels import predicted_values

    p = predicted_values(net, rows[:, :2].T, net.metadata["input"], net.metadata["target"])[0]
    y = rows[:, 2]
    assert shown["R²"] == pytest.approx(r2_score(y, p), abs=1e-4)
    assert shown["MAE"] == pytest.approx(mean_absolute_error(y, p), rel=1e-5)
    assert shown["RMSE"] == pytest.approx(np.sqrt(mean_squared_error(y, p)), rel=1e-5)
    assert shown["R²"] > 0.9


def test_info_says_regressor_and_its_metrics(regressor, capsys):
    code, out, _ = call(capsys, "info", regressor)
    assert code == 0
    assert "  task          regression" in out
    assert "  predicts      the label column 'price', learned standardised" in out
    assert "train R² " in out and "validation R² " in out and "RMSE" in out
    assert "classes" not in out
    code, out, _ = call(capsys, "info", regressor, "--json")
    summary = json.loads(out)
    assert summary["task"] == "regression" and summary["metrics"]["validation_r2"] > 0.9


def test_verbose_lines_of_a_regressor_show_no_accuracy(tmp_path, capsys):
    csv = linear_csv(tmp_path / "t.csv", m=40)
    code, out, err = call(capsys, "train", "--dataset", csv, "--label", "price", "--out",
                          tmp_path / "m.npz", "--epochs", "3", "--verbose",
                          "--early-stopping", "5")  # fmt: skip
    assert code == 0
    lines = err.splitlines()
    assert len(lines) == 3 and all("validation cost" in line for line in lines)
    assert "accuracy" not in err
    assert "early stopping: never triggered" in out and "accuracy" not in out


@pytest.mark.parametrize(
    ("make", "args", "fragments"),
    [
        ("words", ["--task", "regression"], ["a regression needs a finite number", "'x'"]),
        ("linear", ["--task", "classify"], ["--task", "classification or regression"]),
        ("linear", ["--task", "classification"], ["looks continuous", "--task regression"]),
    ],
)
def test_train_bad_task_is_one_line(tmp_path, capsys, make, args, fragments):
    if make == "words":
        (tmp_path / "t.csv").write_text("a,b,price\n1,2,x\n3,4,y\n5,6,z\n")
    else:
        linear_csv(tmp_path / "t.csv")
    code, out, err = call(capsys, "train", "--dataset", tmp_path / "t.csv", "--label", "price",
                          "--out", tmp_path / "m.npz", *args)  # fmt: skip
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("neuronlab: error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert not (tmp_path / "m.npz").exists()


def test_evaluate_plot_of_a_regressor_is_refused(regressor, tmp_path, capsys):
    csv = linear_csv(tmp_path / "t.csv", m=10)
    code, _, err = call(capsys, "evaluate", regressor, csv, "--plot", tmp_path / "c.png")
    assert code == 2 and err.count("\n") == 1 and "--plot" in err and "regressor" in err
    assert not (tmp_path / "c.png").exists()


def test_a_regressor_with_nothing_held_out_trains(tmp_path, capsys):
    """``--val-split 0``: the validation metrics of an empty split failed the whole run
    ("X: expected a non-empty array") after training; a classifier's never did."""
    csv = linear_csv(tmp_path / "t.csv")
    code, out, err = call(capsys, "train", "--dataset", csv, "--label", "price", "--out",
                          tmp_path / "m.npz", "--epochs", "20", "--no-progress",
                          "--task", "regression", "--val-split", "0")  # fmt: skip
    assert code == 0, err
    t = nl.Network.load(tmp_path / "m.npz").metadata["training"]
    assert t["validation_examples"] == 0 and t["validation_r2"] is None
    assert t["train_r2"] is not None and "train R² " in out


def test_no_none_in_messages_about_a_set_without_a_label_column(tmp_path, capsys):
    """Built-in sets have no label column name: messages said "label column None" and
    "regressor of None"."""
    model = tmp_path / "c.npz"
    code, _, err = call(capsys, "train", "--dataset", "circles", "--task", "regression",
                        "--out", model, "--epochs", "2", "--no-progress")  # fmt: skip
    assert code == 0, err
    code, out, err = call(capsys, "evaluate", model, "circles")
    assert code == 0, err
    assert "None" not in out and out.splitlines()[0].endswith(" examples, regressor):")


SCALED = "cost (½ · mean squared error, standardised target)"


@pytest.mark.parametrize(
    ("task", "stream", "ylabel"),
    [
        (["--task", "regression"], [], SCALED),
        (["--task", "regression"], ["--stream"], SCALED),
        (["--task", "regression", "--no-standardize"], [], "cost (½ · mean squared error)"),
    ],
)
def test_a_regressors_cost_plot_names_its_cost(tmp_path, capsys, monkeypatch, task, stream, ylabel):
    """The cost figure of a regressor says mean squared error (it said cross-entropy)."""
    from neuronlab import plots

    seen = []
    real = plots.cost_curves

    def spy(*args, **kwargs):
        ax = real(*args, **kwargs)
        seen.append(ax.get_ylabel())
        return ax

    monkeypatch.setattr(plots, "cost_curves", spy)
    csv = linear_csv(tmp_path / "t.csv", m=60)
    code, _, _ = call(capsys, "train", "--dataset", csv, "--label", "price", "--out",
                      tmp_path / "m.npz", "--epochs", "2", *task, *stream)  # fmt: skip
    assert code == 0 and seen == [ylabel]
