"""``neuronlab train --dtype`` and ``--schedule``: the engine's float32 and its
learning-rate schedules, from the command line."""

from __future__ import annotations

import numpy as np
import pytest

import neuronlab as nl
from neuronlab.cli import main
from neuronlab.optimizers import SCHEDULES
from neuronlab.userdata import load_dataset
from neuronlab.usermodels import TrainSettings, schedule_of, train_model


def call(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def blobs_csv(path, m=60, seed=0):
    r = np.random.default_rng(seed)
    X = np.vstack([r.normal(-2, 1, (m // 2, 2)), r.normal(2, 1, (m // 2, 2))])
    y = ["no"] * (m // 2) + ["yes"] * (m // 2)
    rows = [f"{a},{b},{lab}" for (a, b), lab in zip(X, y)]
    path.write_text("a,b,label\n" + "\n".join(rows) + "\n")
    return path


def train_args(tmp_path, *extra):
    csv = blobs_csv(tmp_path / "t.csv")
    return ["train", "--dataset", csv, "--out", tmp_path / "m.npz", "--layers", "3",
            "--epochs", "6", "--no-progress", "--quiet", *extra]  # fmt: skip


def test_dtype_float32_trains_and_saves_a_float32_network(tmp_path, capsys):
    code, out, err = call(capsys, *train_args(tmp_path, "--dtype", "float32"))
    assert code == 0, err
    net = nl.Network.load(tmp_path / "m.npz")
    assert net.dtype == np.float32 and net.theta.dtype == np.float32
    assert net.metadata["training"]["dtype"] == "float32"
    code, out, err = call(capsys, "info", tmp_path / "m.npz")
    assert code == 0 and "float32" in out


def test_default_dtype_is_float64(tmp_path, capsys):
    code, _, err = call(capsys, *train_args(tmp_path))
    assert code == 0, err
    assert nl.Network.load(tmp_path / "m.npz").dtype == np.float64


@pytest.mark.parametrize(
    ("text", "rate_at"),
    [
        ("constant", lambda lr, e: lr),
        ("inverse_time:0.5", lambda lr, e: lr / (1 + 0.5 * e)),
        ("stepped_inverse_time:1:2", lambda lr, e: lr / (1 + e // 2)),
        ("stepped_inverse_time:1", lambda lr, e: lr / (1 + e // 1000)),
        ("exponential:0.5", lambda lr, e: lr * 0.5**e),
    ],
)
def test_the_schedule_sets_every_epochs_learning_rate(tmp_path, text, rate_at):
    data = load_dataset(str(blobs_csv(tmp_path / "t.csv")))
    settings = TrainSettings(layers=(3,), epochs=5, learning_rate=0.05, schedule=text)
    _, metadata, history = train_model(data, settings, progress=False)
    assert history.learning_rates == pytest.approx([rate_at(0.05, e) for e in history.epochs])
    assert metadata["training"]["schedule"] == text


def test_schedule_flag_reaches_the_model_file_and_changes_training(tmp_path, capsys):
    code, _, err = call(capsys, *train_args(tmp_path, "--schedule", "exponential:0.5"))
    assert code == 0, err
    decayed = nl.Network.load(tmp_path / "m.npz")
    assert decayed.metadata["training"]["schedule"] == "exponential:0.5"
    code, _, err = call(capsys, *train_args(tmp_path))
    constant = nl.Network.load(tmp_path / "m.npz")
    assert constant.metadata["training"]["schedule"] == "constant"
    assert not np.allclose(decayed.theta, constant.theta)


def test_every_named_schedule_has_a_form_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--schedule NAME[:DECAY[:INTERVAL]]" in text and "--dtype" in text
    for name in SCHEDULES:
        assert f"{name}" in text
    assert schedule_of("constant", 0.1) is None


@pytest.mark.parametrize(
    ("flags", "fragments"),
    [
        (["--schedule", "bogus:1"], ["--schedule", "expected one of constant", "'bogus'"]),
        (["--schedule", "inverse_time"], ["inverse_time:DECAY", "got 'inverse_time'"]),
        (["--schedule", "inverse_time:x"], ["--schedule", "got 'inverse_time:x'"]),
        (["--schedule", "inverse_time:0.1:3"], ["--schedule", "got 'inverse_time:0.1:3'"]),
        (["--schedule", "inverse_time:-1"], ["--schedule", "decay_rate", ">= 0", "-1"]),
        (["--schedule", "exponential:2"], ["--schedule", "decay_rate", "(0, 1]"]),
        (["--schedule", "stepped_inverse_time:1:0"], ["--schedule", "INTERVAL", ">= 1"]),
        (["--schedule", "constant:1"], ["--schedule", "takes no numbers"]),
        (["--dtype", "float16"], ["--dtype", "float64 or float32", "'float16'"]),
    ],
)
def test_bad_dtype_or_schedule_is_one_line_and_writes_nothing(tmp_path, capsys, flags, fragments):
    code, out, err = call(capsys, *train_args(tmp_path, *flags))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("neuronlab: error: "), err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert not (tmp_path / "m.npz").exists()


def test_schedule_and_dtype_from_a_config_file(tmp_path, capsys):
    config = tmp_path / "c.toml"
    config.write_text('schedule = "inverse_time:1"\ndtype = "float32"\n')
    code, _, err = call(capsys, *train_args(tmp_path, "--config", config))
    assert code == 0, err
    t = nl.Network.load(tmp_path / "m.npz").metadata["training"]
    assert (t["schedule"], t["dtype"]) == ("inverse_time:1", "float32")
    config.write_text("schedule = 3\n")
    code, _, err = call(capsys, *train_args(tmp_path, "--config", config))
    assert code == 2 and "schedule: expected a schedule" in err


def test_an_empty_layers_setting_is_no_hidden_layer_and_a_left_out_size_is_refused():
    """``--layers ""`` trains logistic regression; ``,,,`` used to mean the same silently."""
    from neuronlab.usermodels import read_layers

    assert read_layers("") == () and read_layers(" ") == () and read_layers("20, 7") == (20, 7)
    for bad in (",,,", "20,,5", "20,"):
        with pytest.raises(ValueError, match="layer sizes such as 20,7,5"):
            read_layers(bad)
