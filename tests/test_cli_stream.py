"""``neuronlab train --stream`` (issue 14, item 3): a classifier or a regressor of a CSV
read in blocks, whose model file ``predict`` / ``evaluate`` read as ``train``'s."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pytest

from neuronlab.cli import main
from neuronlab.inputs import table_spec
from neuronlab.io import load_network
from neuronlab.streaming import FeatureStats, held_out_rows

QUIET = ["--no-progress", "--quiet"]


def _csv(path: Path, m: int = 600, seed: int = 0) -> np.ndarray:
    """Three classes a small net separates; features of very different scales and
    offsets (the standardisation matters); returns X of shape (m, 3)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 3)) * [1.0, 50.0, 0.01] + [0.0, 1e4, -3.0]
    labels = np.where(X[:, 0] > 0.4, "cat", np.where((X[:, 1] - 1e4) / 50 > 0, "dog", "bird"))
    rows = [f"{a!r},{b!r},{c!r},{lab}" for (a, b, c), lab in zip(X.tolist(), labels)]
    path.write_text("a,b,c,label\n" + "\n".join(rows) + "\n")
    return X


def _train(tmp: Path, name: str, *flags: str) -> int:
    argv = ["train", "--dataset", str(tmp / "d.csv"), "--out", str(tmp / name), *QUIET]
    return main([*argv, *flags])


def test_streamed_model_predicts_and_evaluates(tmp_path, capsys):
    _csv(tmp_path / "d.csv")
    assert _train(tmp_path, "s.npz", "--stream", "--block-rows", "130", "--epochs", "30") == 0
    net = load_network(tmp_path / "s.npz")
    t = net.metadata["training"]
    assert net.metadata["classes"] == ["bird", "cat", "dog"]
    assert t["stream"] is True and t["block_rows"] == 130
    assert t["examples"] + t["validation_examples"] == 600
    assert 80 < t["validation_examples"] < 160  # about val_split 0.2 of the rows
    assert t["epochs_run"] == 30 and len(t["costs"]) == 30
    assert t["costs"][-1] < t["costs"][0]
    assert t["train_accuracy"] > 0.9 and t["validation_accuracy"] > 0.85
    capsys.readouterr()
    assert main(["evaluate", str(tmp_path / "s.npz"), str(tmp_path / "d.csv")]) == 0
    accuracy = float(capsys.readouterr().out.split("accuracy ")[1].split(" %")[0])
    assert accuracy > 85
    assert main(["predict", str(tmp_path / "s.npz"), str(tmp_path / "d.csv")]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 600


@pytest.mark.parametrize("val_split", [0.0, 0.25])
def test_input_spec_is_table_specs_of_the_training_rows(tmp_path, val_split):
    X = _csv(tmp_path / "d.csv", m=500)
    flags = ["--stream", "--block-rows", "77", "--epochs", "1", "--val-split", str(val_split)]
    assert _train(tmp_path, "s.npz", *flags, "--seed", "3") == 0
    spec = load_network(tmp_path / "s.npz").metadata["input"]
    held = np.concatenate(
        [
            held_out_rows(3, b, len(X[k : k + 77]), val_split)
            for b, k in enumerate(range(0, 500, 77))
        ]
    )
    assert held.any() == (val_split > 0)
    want = table_spec(X[~held].T, ["a", "b", "c"], "d.csv")
    assert spec["features"] == want["features"]
    np.testing.assert_allclose(spec["mean"], want["mean"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(spec["std"], want["std"], rtol=1e-10)


def test_merged_block_statistics_match_numpy_on_large_offsets():
    """Chan's merge keeps the digits the data has where ``Σx²/n − mean²`` cancels: a
    feature of mean 1e5 and std 1e-3 (the naive formula gives 0, all digits lost)."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(1000, 4)) * [1e-3, 1, 1e3, 0] + [1e5, -5, 0, 7]
    naive = np.sqrt(np.maximum((X**2).mean(axis=0) - X.mean(axis=0) ** 2, 0))
    assert abs(naive[0] / X.std(axis=0)[0] - 1) > 0.5  # what the test guards against
    stats = FeatureStats(4)
    edges = [0, 1, 3, 303, 1000]  # uneven blocks, one of a single row
    for lo, hi in zip(edges, edges[1:]):
        stats.add(X[lo:hi])
    stats.add(X[:0])  # an empty block changes nothing
    assert stats.n == 1000
    np.testing.assert_allclose(stats.mean, X.mean(axis=0), rtol=1e-14)
    # 1e5's spacing (1.5e-11) is 1.5e-8 of the std: each value carries no more digits
    np.testing.assert_allclose(stats.std[:3], X.std(axis=0)[:3], rtol=1e-9)
    assert stats.std[3] == 0  # a constant column: table_spec's std 1 follows from it


def test_constant_column_is_treated_as_table_spec_treats_it(tmp_path, capsys):
    rows = [f"{i % 7},5,{'x' if i % 2 else 'y'}" for i in range(40)]
    (tmp_path / "d.csv").write_text("a,const,label\n" + "\n".join(rows) + "\n")
    assert _train(tmp_path, "s.npz", "--stream", "--block-rows", "9", "--epochs", "1") == 0
    assert "constant column 'const' (always 5)" in capsys.readouterr().err
    assert load_network(tmp_path / "s.npz").metadata["input"]["std"][1] == 1.0


@pytest.mark.parametrize("batch", ["full", "64"])
def test_one_block_without_validation_is_train_step_for_step(tmp_path, batch):
    """One block holding the whole file, nothing held out: the same network, the same
    shuffles (one generator carried across the one-epoch fits), Adam's moments carried:
    the weights and costs of ``train`` exactly."""
    _csv(tmp_path / "d.csv", m=300)
    common = ["--epochs", "12", "--val-split", "0", "--batch-size", batch, "--seed", "5"]
    common += ["--schedule", "inverse_time:0.3"]
    assert _train(tmp_path, "plain.npz", *common) == 0
    assert _train(tmp_path, "s.npz", *common, "--stream", "--block-rows", "300") == 0
    plain, stream = load_network(tmp_path / "plain.npz"), load_network(tmp_path / "s.npz")
    np.testing.assert_array_equal(stream.theta, plain.theta)
    a, b = plain.metadata["training"], stream.metadata["training"]
    assert b["costs"] == a["costs"] and b["train_accuracy"] == a["train_accuracy"]
    assert stream.metadata["input"] == plain.metadata["input"]
    if batch == "full":  # several blocks make several steps an epoch: not comparable
        return
    # several blocks: not the same mini-batches, but the same problem learned as well
    assert _train(tmp_path, "s2.npz", *common, "--stream", "--block-rows", "70") == 0
    several = load_network(tmp_path / "s2.npz").metadata["training"]["train_accuracy"]
    assert abs(several - a["train_accuracy"]) < 0.05, (several, a["train_accuracy"])


def test_classes_given_skip_the_first_pass_and_set_the_order(tmp_path):
    _csv(tmp_path / "d.csv", m=200)
    flags = ["--stream", "--classes", "dog,cat,bird", "--no-standardize", "--epochs", "2"]
    assert _train(tmp_path, "s.npz", *flags) == 0
    md = load_network(tmp_path / "s.npz").metadata
    assert md["classes"] == ["dog", "cat", "bird"]
    assert md["input"]["mean"] is None and md["training"]["classes"] == ["dog", "cat", "bird"]


def _state(tmp: Path) -> dict[str, str]:
    return {
        str(Path(root, n).relative_to(tmp)): hashlib.sha256(Path(root, n).read_bytes()).hexdigest()
        for root, _, names in os.walk(tmp)
        for n in names
    }


def _bad_files(tmp: Path) -> None:
    _csv(tmp / "d.csv", m=3000)
    lines = (tmp / "d.csv").read_text().splitlines()
    lines[2500] = lines[2500].replace(lines[2500].split(",")[1], "oops", 1)
    (tmp / "deep.csv").write_text("\n".join(lines) + "\n")
    rows = [f"{i},{i * 0.37:.3f}" for i in range(100)]
    (tmp / "cont.csv").write_text("a,label\n" + "\n".join(rows) + "\n")
    rows[49] = "49,inf"
    (tmp / "inf.csv").write_text("a,label\n" + "\n".join(rows) + "\n")
    words = [f"{i % 7},w{i}" for i in range(1200)]
    (tmp / "words.csv").write_text("a,label\n" + "\n".join(words) + "\n")
    # 1,159-odd distinct whole numbers in 4,000 rows: fewer than half, so train makes classes
    ints = np.random.default_rng(0).integers(0, 1200, 4000)
    (tmp / "ints.csv").write_text(
        "a,label\n" + "\n".join(f"{i % 7},{v}" for i, v in enumerate(ints)) + "\n"
    )
    (tmp / "two.csv").write_text("a,label\n1,x\n2,y\n")
    (tmp / "folder").mkdir()
    np.savez(tmp / "d.npz", X=np.zeros((4, 2)), y=np.array([0, 1, 0, 1]))


BAD = {
    "built-in": (["--dataset", "moons"], "--stream: reads a CSV file in blocks; 'moons'"),
    "folder": (["--dataset", "{tmp}/folder"], "is a folder"),
    "npz": (["--dataset", "{tmp}/d.npz"], "is a .npz file"),
    "regression of words": (
        ["--task", "regression"],
        "a regression needs a finite number as every label, got 'bird'",
    ),
    "continuous with an inf": (
        ["--dataset", "{tmp}/inf.csv"],
        "not a whole number), but line 51 holds 'inf', not a finite number: a regression "
        "needs one in every row",
    ),
    "many words": (
        ["--dataset", "{tmp}/words.csv"],
        "holds more than 1000 distinct values: --stream trains at most 1000 classes (or name",
    ),
    "many whole numbers, undecided": (
        ["--dataset", "{tmp}/ints.csv"],
        "more than 1000 distinct values: --stream trains at most 1000 classes; for a quantity "
        "use --task regression",
    ),
    "classes of a regression": (
        ["--task", "regression", "--classes", "a,b"],
        "--classes: a regression has no classes",
    ),
    "continuous as classes": (
        ["--dataset", "{tmp}/cont.csv", "--task", "classification"],
        "looks continuous (100 distinct values",
    ),
    "early stopping": (["--early-stopping", "3"], "--stream: early stopping is not available"),
    "block rows 0": (["--block-rows", "0"], "--block-rows: expected a positive integer"),
    "deep bad cell": (["--dataset", "{tmp}/deep.csv"], "column 'b', line 2501: expected a fin"),
    "label outside classes": (
        ["--classes", "cat,dog", "--no-standardize"],
        "line 2: the label 'bird' is not one of --classes cat,dog",
    ),
    "one class given": (["--classes", "cat"], "--classes: expected two or more distinct"),
    "every row held out": (
        ["--dataset", "{tmp}/two.csv", "--val-split", "0.99", "--seed", "1"],
        "two.csv: no training rows (a val_split of 0.99 held out every row)",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path, capsys, case):
    _bad_files(tmp_path)
    first_bird = next(
        i for i, line in enumerate((tmp_path / "d.csv").read_text().splitlines()) if "bird" in line
    )
    args, expected = BAD[case]
    expected = expected.replace("line 2:", f"line {first_bird + 1}:")
    argv = ["train", "--dataset", str(tmp_path / "d.csv"), "--stream", "--out"]
    argv += [str(tmp_path / "m.npz"), *QUIET, *[a.format(tmp=tmp_path) for a in args]]
    before = _state(tmp_path)
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert _state(tmp_path) == before


@pytest.mark.parametrize("flag", [["--classes", "a,b"], ["--block-rows", "10"]])
def test_stream_flags_without_stream_are_refused(tmp_path, capsys, flag):
    _csv(tmp_path / "d.csv", m=50)
    assert _train(tmp_path, "m.npz", *flag) == 2
    assert "only with --stream" in capsys.readouterr().err
    assert not (tmp_path / "m.npz").exists()


def test_the_settings_are_recorded_in_a_plain_train_too(tmp_path):
    _csv(tmp_path / "d.csv", m=50)
    assert _train(tmp_path, "m.npz", "--epochs", "1") == 0
    t = json.loads(json.dumps(load_network(tmp_path / "m.npz").metadata["training"]))
    assert t["stream"] is False and t["classes"] is None


def test_verbose_says_each_epoch_and_the_usual_lines(tmp_path, capsys):
    _csv(tmp_path / "d.csv", m=200)
    argv = ["train", "--dataset", str(tmp_path / "d.csv"), "--out", str(tmp_path / "s.npz")]
    assert main([*argv, "--stream", "--epochs", "3", "--verbose", "--block-rows", "50"]) == 0
    out, err = capsys.readouterr()
    assert [line.split(",")[0] for line in err.splitlines()] == [
        f"training: epoch {k}/3" for k in (1, 2, 3)
    ]
    lines = out.splitlines()
    assert lines[0].startswith("network 3 inputs → 16 relu → 3 softmax")
    assert lines[1].startswith(f"trained on {tmp_path / 'd.csv'}: ")
    assert lines[2].startswith("train accuracy ") and "validation accuracy" in lines[2]
    assert lines[3].startswith("wrote ")


def test_plain_file_blocks_by_numpy_equal_the_csv_modules(tmp_path):
    """A plain file's blocks are read by NumPy's C reader, one with a blank row by
    :mod:`csv`: the same numbers, labels and line numbers."""
    from neuronlab.userdata import iter_csv_lines

    _csv(tmp_path / "d.csv", m=1000)
    text = (tmp_path / "d.csv").read_text()
    (tmp_path / "blank.csv").write_text(text + "\n\n")  # blank rows at the end: csv's path
    fast = list(iter_csv_lines(tmp_path / "d.csv", "label", 300))
    exact = list(iter_csv_lines(tmp_path / "blank.csv", "label", 300))
    assert [len(b[0]) for b in fast] == [300, 300, 300, 100]
    for (X, labels, lines), (Xe, labels_e, lines_e) in zip(fast, exact, strict=True):
        np.testing.assert_array_equal(X, Xe)
        assert labels == labels_e and lines == lines_e
    assert fast[1][2][:2] == [302, 303]  # the header is line 1


def test_without_verbose_and_off_a_terminal_streaming_is_as_quiet_as_train(tmp_path, capsys):
    """A line per epoch on stderr came without --verbose, into logs, where train is silent."""
    _csv(tmp_path / "d.csv", m=200)
    argv = ["train", "--dataset", str(tmp_path / "d.csv"), "--out", str(tmp_path / "s.npz")]
    assert main([*argv, "--stream", "--epochs", "3", "--block-rows", "50"]) == 0
    assert capsys.readouterr().err == ""


def _regression_csv(path: Path, m: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A smooth target of features of different scales; returns (X (m, 2), y (m,))."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 2)) * [1.0, 30.0] + [0.0, 500.0]
    y = 200.0 + 40.0 * np.tanh(X[:, 0]) - 0.5 * (X[:, 1] - 500.0) + rng.normal(0, 2, m)
    rows = [f"{a!r},{b!r},{t!r}" for (a, b), t in zip(X.tolist(), y.tolist())]
    path.write_text("a,b,price\n" + "\n".join(rows) + "\n")
    return X, y


def test_a_continuous_label_column_streams_a_regressor_as_train_does(tmp_path, capsys):
    """One block, nothing held out: the regressor train --task regression makes (the
    target standardised by the first pass's merged statistics), said in one line."""
    _regression_csv(tmp_path / "d.csv")
    common = ["--label", "price", "--epochs", "15", "--val-split", "0", "--batch-size", "32"]
    assert _train(tmp_path, "plain.npz", *common, "--task", "regression") == 0
    capsys.readouterr()
    argv = ["train", "--dataset", str(tmp_path / "d.csv"), "--out", str(tmp_path / "s.npz")]
    assert main([*argv, "--no-progress", *common, "--stream", "--block-rows", "400"]) == 0
    out = capsys.readouterr().out
    assert "the label column 'price' looks continuous (400 distinct values" in out
    assert "training a regressor" in out and "R²" in out
    plain, stream = load_network(tmp_path / "plain.npz"), load_network(tmp_path / "s.npz")
    np.testing.assert_allclose(stream.theta, plain.theta, rtol=1e-12, atol=1e-12)
    assert stream.metadata["task"] == "regression"
    for key in ("mean", "std"):
        assert stream.metadata["target"][key] == pytest.approx(plain.metadata["target"][key])
    a, b = plain.metadata["training"], stream.metadata["training"]
    for key in ("train_r2", "train_mae", "train_rmse"):
        assert b[key] == pytest.approx(a[key], rel=1e-9), key


def test_streamed_regression_metrics_merged_over_blocks_are_sklearns(tmp_path, capsys):
    """R², MAE and RMSE summed block by block over both splits equal scikit-learn's on
    the rows of each split, and evaluate reads the model."""
    from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

    from neuronlab.usermodels import predicted_values

    X, y = _regression_csv(tmp_path / "d.csv", m=500, seed=1)
    flags = ["--label", "price", "--task", "regression", "--epochs", "5", "--seed", "3"]
    assert _train(tmp_path, "s.npz", *flags, "--stream", "--block-rows", "37") == 0
    net = load_network(tmp_path / "s.npz")
    md, t = net.metadata, net.metadata["training"]
    held = np.concatenate(
        [held_out_rows(3, b, len(y[i : i + 37]), 0.2) for b, i in enumerate(range(0, 500, 37))]
    )
    assert (t["examples"], t["validation_examples"]) == ((~held).sum(), held.sum())
    for split, rows in (("train", ~held), ("validation", held)):
        p = predicted_values(net, X[rows].T, md["input"], md["target"])[0]
        assert t[f"{split}_r2"] == pytest.approx(r2_score(y[rows], p), rel=1e-9)
        assert t[f"{split}_mae"] == pytest.approx(mean_absolute_error(y[rows], p), rel=1e-9)
        rmse = np.sqrt(mean_squared_error(y[rows], p))
        assert t[f"{split}_rmse"] == pytest.approx(rmse, rel=1e-9)
    capsys.readouterr()
    assert main(["evaluate", str(tmp_path / "s.npz"), str(tmp_path / "d.csv")]) == 0
    assert "R²" in capsys.readouterr().out
