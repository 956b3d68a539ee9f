"""``neuronlab train / predict / evaluate`` on one's own data, run as a user runs them.

The user-facing flows run as subprocesses; the many bad inputs run through
``main([...])`` in-process (same code path, same exit code and stderr, ~1 s less
each), plus one subprocess to show no traceback escapes.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pytest

import neuronlab as nl
from neuronlab.cli import main
from neuronlab.images import read_picture

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run(*args, cwd=None, timeout=120):
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, "-m", "neuronlab.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
    )


def assert_user_error(code, err, *fragments):
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("neuronlab: error: "), err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def call(capsys, *args):
    """``main(args)`` in-process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ----------------------------------------------------------------- fixtures
def write_csv(path: Path, header, rows) -> Path:
    lines = [",".join(header)] + [",".join(str(c) for c in row) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def two_blobs(m=60, seed=0):
    r = np.random.default_rng(seed)
    X = np.vstack([r.normal(-2, 1, (m // 2, 2)), r.normal(2, 1, (m // 2, 2))])
    y = np.array(["no"] * (m // 2) + ["yes"] * (m // 2))
    return X, y


def coloured(colour, size, mode="RGB"):
    from PIL import Image

    return Image.new("RGB", size, colour).convert(mode)


@pytest.fixture(scope="module")
def table_model(tmp_path_factory):
    """A model trained in-process on a CSV with columns a, b, label (no / yes)."""
    d = tmp_path_factory.mktemp("table")
    X, y = two_blobs()
    csv = write_csv(d / "train.csv", ["a", "b", "label"], [[*x, lab] for x, lab in zip(X, y)])
    code = main(["train", "--dataset", str(csv), "--out", str(d / "m.npz"), "--layers", "4",
                 "--epochs", "60", "--no-progress"])  # fmt: skip
    assert code == 0
    return d / "m.npz"


@pytest.fixture(scope="module")
def picture_model(tmp_path_factory):
    """A model trained on a folder red/ + blue/ of pictures of several sizes (8×8 input)."""
    d = tmp_path_factory.mktemp("pics")
    r = np.random.default_rng(1)
    for cls, base in (("red", (200, 30, 30)), ("blue", (30, 30, 200))):
        (d / "data" / cls).mkdir(parents=True)
        for i in range(8):
            colour = tuple(int(c) for c in np.clip(np.array(base) + r.integers(-25, 25, 3), 0, 255))
            coloured(colour, (10 + 3 * i, 12 + i)).save(d / "data" / cls / f"{i}.png")
    (d / "data" / "red" / "notes.txt").write_text("not a picture, skipped by extension")
    code = main(["train", "--dataset", str(d / "data"), "--out", str(d / "pic.npz"),
                 "--image-size", "8", "--layers", "4", "--epochs", "40", "--batch-size", "full",
                 "--learning-rate", "0.05", "--no-progress"])  # fmt: skip
    assert code == 0
    return d / "pic.npz"


# ------------------------------------------------------------------ train
def test_train_planar_writes_model_and_cost_png(tmp_path):
    args = ["--layers", "8", "--activation", "tanh", "--epochs", "300", "--no-progress"]
    proc = run("train", "--dataset", "planar", "--out", "flower.npz", *args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "train accuracy" in proc.stdout and "validation accuracy" in proc.stdout
    assert "320 training examples, 80 held out" in proc.stdout
    assert (tmp_path / "flower-cost.png").read_bytes()[:8] == PNG_MAGIC
    net = nl.Network.load(tmp_path / "flower.npz")
    md = net.metadata
    assert md["classes"] == ["0", "1"] and net.activations[-1].name == "sigmoid"
    assert md["input"]["kind"] == "table" and md["input"]["features"] == ["x1", "x2"]
    assert len(md["input"]["mean"]) == 2 and len(md["input"]["std"]) == 2
    t = md["training"]
    assert t["layers"] == [8] and t["epochs_run"] == 300 and t["train_accuracy"] > 0.8
    assert f"{100 * t['validation_accuracy']:.2f} %" in proc.stdout


def test_train_config_file_and_flags_override(tmp_path, capsys):
    cfg = tmp_path / "train.toml"
    cfg.write_text(
        f'dataset = "moons"\nout = "{(tmp_path / "moons.npz").as_posix()}"\n'
        'layers = [5, 3]\noptimizer = "gd"\nlearning-rate = 0.5\nepochs = 5\n'
        'batch_size = "full"\nval_split = 0.25\n'
    )
    code, out, err = call(capsys, "train", "--config", cfg, "--epochs", "7", "--no-progress")
    assert code == 0, err
    t = nl.Network.load(tmp_path / "moons.npz").metadata["training"]
    assert t["epochs_run"] == 7 and t["layers"] == [5, 3] and t["optimizer"] == "gd"
    assert t["batch_size"] is None and t["learning_rate"] == 0.5
    assert t["examples"] == 224 and t["validation_examples"] == 76  # 38 per class
    (tmp_path / "bad.toml").write_text("epochs = 'many'\n")
    code, _, err = call(capsys, "train", "--config", tmp_path / "bad.toml")
    assert_user_error(code, err, "epochs", "expected an integer")
    (tmp_path / "typo.toml").write_text("epoch = 3\n")
    code, _, err = call(capsys, "train", "--config", tmp_path / "typo.toml")
    assert_user_error(code, err, "unknown setting 'epoch'")


def test_softmax_for_three_classes(tmp_path, capsys):
    code, out, err = call(capsys, "train", "--dataset", "blobs", "--out", tmp_path / "b.npz",
                          "--epochs", "20", "--no-progress")  # fmt: skip
    assert code == 0, err
    net = nl.Network.load(tmp_path / "b.npz")
    assert net.activations[-1].name == "softmax" and net.layer_dims[-1] == 6
    assert net.metadata["classes"] == [str(k) for k in range(6)]


# ---------------------------------------------------------------- predict
def test_predict_csv_prints_and_writes_csv(table_model, tmp_path):
    X, y = two_blobs(10, seed=5)
    # columns in another order, an extra column: the model takes its own by name
    rows = [[lab, 7, x[1], x[0]] for x, lab in zip(X, y)]
    csv = write_csv(tmp_path / "new.csv", ["label", "id", "b", "a"], rows)
    proc = run("predict", table_model, csv)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 10
    got = [line.split() for line in lines]
    assert [g[0] for g in got] == [f"new.csv:{i}" for i in range(1, 11)]
    assert sum(g[1] == lab for g, lab in zip(got, y)) >= 9
    assert all(0.5 <= float(g[2]) <= 1 for g in got)
    proc = run("predict", table_model, csv, "--out", tmp_path / "pred.csv")
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "pred.csv").read_text().splitlines()
    assert text[0] == "input,label,probability,p_no,p_yes" and len(text) == 11


def test_predict_pictures_of_any_mode_and_size(picture_model, tmp_path):
    from PIL import Image

    red, blue = (210, 20, 20), (20, 20, 210)
    coloured(red, (40, 25), "L").save(tmp_path / "grey.png")  # no colour: any label
    coloured(blue, (50, 30), "P").save(tmp_path / "palette.gif")
    rgba = Image.new("RGBA", (33, 17), (*red, 255))
    rgba.save(tmp_path / "alpha.png")
    jpeg = coloured(blue, (64, 32))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    jpeg.save(tmp_path / "phone.jpg", exif=exif)
    coloured(red, (300, 200)).save(tmp_path / "big.bmp")
    names = ["grey.png", "palette.gif", "alpha.png", "phone.jpg", "big.bmp"]
    proc = run("predict", picture_model, *names, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = {line.split()[0]: line.split()[1:] for line in proc.stdout.strip().splitlines()}
    assert sorted(got) == sorted(names)  # each named as given
    assert got["palette.gif"][0] == "blue" and got["phone.jpg"][0] == "blue"
    assert got["alpha.png"][0] == "red" and got["big.bmp"][0] == "red"
    assert all(0.5 <= float(p) <= 1 for _, p in got.values())


def test_predict_names_pictures_of_a_folder_by_their_path(picture_model, capsys):
    data = picture_model.parent / "data"  # red/0.png … and blue/0.png …: same file names
    code, out, _ = call(capsys, "predict", picture_model, data)
    assert code == 0
    names = [line.split()[0] for line in out.strip().splitlines()]
    assert len(names) == 16 and len(set(names)) == 16
    assert str(data / "red" / "0.png") in names and str(data / "blue" / "0.png") in names


def test_read_picture_respects_exif_and_transparency(tmp_path):
    from PIL import Image

    pixels = np.zeros((20, 40, 3), dtype=np.uint8)  # 20 rows × 40 columns
    pixels[:, :20] = (255, 0, 0)  # left half red, right half blue
    pixels[:, 20:] = (0, 0, 255)
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways; displayed rotated 90° clockwise
    Image.fromarray(pixels).save(tmp_path / "side.png", exif=exif)
    shown = read_picture(tmp_path / "side.png", (40, 20))  # upright: 40 rows × 20 columns
    assert shown.shape == (40, 20, 3)
    assert shown[5, 10, 0] > 200 and shown[35, 10, 2] > 200  # red on top, blue below
    clear = Image.new("RGBA", (10, 10), (0, 0, 0, 0))  # transparent black → white
    clear.save(tmp_path / "clear.png")
    assert read_picture(tmp_path / "clear.png", (4, 4)).min() == 255
    grey16 = np.full((6, 6), 32768, dtype=np.uint16)  # half of 16-bit white
    Image.fromarray(grey16).save(tmp_path / "grey16.png")
    assert Image.open(tmp_path / "grey16.png").mode.startswith("I;16")
    np.testing.assert_array_equal(read_picture(tmp_path / "grey16.png", (2, 2)), 128)


# --------------------------------------------------------------- evaluate
def test_evaluate_report_confusion_and_png(table_model, tmp_path):
    X, y = two_blobs(40, seed=9)
    csv = write_csv(tmp_path / "test.csv", ["a", "b", "label"], [[*x, l] for x, l in zip(X, y)])
    proc = run("evaluate", table_model, csv, "--plot", tmp_path / "cm.png")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "accuracy" in out and "precision" in out and "recall" in out
    assert "confusion matrix (rows: true class, columns: predicted)" in out
    rows = [line.split() for line in out.splitlines() if line.split()[:1] in (["no"], ["yes"])]
    confusion = [list(map(int, r[1:])) for r in rows[-2:]]
    assert np.sum(confusion) == 40 and np.trace(confusion) >= 36
    assert (tmp_path / "cm.png").read_bytes()[:8] == PNG_MAGIC


def test_evaluate_picture_folder(picture_model, capsys):
    code, out, err = call(capsys, "evaluate", picture_model, picture_model.parent / "data")
    assert code == 0, err
    assert "accuracy 100.00 % (16/16)" in out


# -------------------------------------------------------------- bad input
@pytest.fixture
def good_model(tmp_path, capsys):
    """A good model and cost PNG at tmp_path/m.npz, m-cost.png, and ``snapshot()``:
    it records the folder and returns a check that nothing in it changed and
    nothing was added."""
    code = main(["train", "--dataset", "moons", "--out", str(tmp_path / "m.npz"),
                 "--epochs", "3", "--no-progress"])  # fmt: skip
    assert code == 0
    capsys.readouterr()

    def snapshot():
        before = {p: digest(p) for p in tmp_path.rglob("*") if p.is_file()}

        def untouched():
            after = {p: digest(p) for p in tmp_path.rglob("*") if p.is_file()}
            assert after == before

        return untouched

    return tmp_path / "m.npz", snapshot


def _bad_sets(d: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (dataset argument, message fragments)."""
    (d / "empty.csv").write_text("")
    (d / "header.csv").write_text("a,b,label\n")
    write_csv(d / "nolabel.csv", ["a", "b", "class"], [[1, 2, 0], [2, 1, 1]])
    write_csv(d / "nan.csv", ["a", "b", "label"], [[1, 2, 0], [2, "nan", 1], [3, 3, 0]])
    write_csv(d / "hole.csv", ["a", "b", "label"], [[1, 2, 0], [2, "", 1], [3, 3, 0]])
    write_csv(d / "word.csv", ["a", "b", "label"], [[1, 2, 0], [2, "abc", 1]])
    write_csv(d / "one.csv", ["a", "b", "label"], [[1, 2, "cat"], [2, 1, "cat"]])
    write_csv(d / "huge.csv", ["a", "b", "label"], [[1e200, 1, "x"], [-1e200, 2, "y"],
                                                    [3e200, 3, "x"], [1, 4, "y"]])  # fmt: skip
    np.savez(d / "nan.npz", X=np.array([[1.0, np.nan], [2.0, 3.0]]), y=np.array([0, 1]))
    np.savez(d / "objects.npz", X=np.array([[1, 2]], dtype=object), y=np.array([0]))
    (d / "pics" / "a").mkdir(parents=True)
    (d / "pics" / "b").mkdir()
    coloured((1, 2, 3), (5, 5)).save(d / "pics" / "a" / "ok.png")
    (d / "pics" / "b" / "fake.jpg").write_text("not a picture")
    (d / "picture.png").write_bytes((d / "m-cost.png").read_bytes())
    return {
        "missing file": ("nowhere.csv", ["'nowhere.csv'", "neither a built-in"]),
        "not a table": ("picture.png", ["expected a .csv or .npz"]),
        "empty CSV": ("empty.csv", ["empty"]),
        "header only": ("header.csv", ["no data rows"]),
        "no such label column": ("nolabel.csv", ["no label column 'label'", "a, b, class"]),
        "NaN": ("nan.csv", ["column 'b', line 3", "'nan'"]),
        "missing value": ("hole.csv", ["column 'b', line 3", "a missing value"]),
        "not a number": ("word.csv", ["column 'b', line 3", "'abc'"]),
        "NaN in npz": ("nan.npz", ["NaN", "row 0, column 1"]),
        "pickled npz": ("objects.npz", ["never unpickled"]),
        "one class only": ("one.csv", ["at least 2 classes", "'cat'"]),
        "values too large": ("huge.csv", ["column 'a'", "too large to standardise"]),
        "non-picture in folder": ("pics", ["fake.jpg", "not a picture"]),
    }


def test_train_bad_inputs_one_line_error_nothing_overwritten(good_model, capsys):
    model, snapshot = good_model
    d = model.parent
    bad_sets = _bad_sets(d)
    untouched = snapshot()
    for dataset, fragments in bad_sets.values():
        path = dataset if dataset == "nowhere.csv" else d / dataset
        code, _, err = call(capsys, "train", "--dataset", path, "--out", model, "--no-progress")
        assert_user_error(code, err, *fragments)
        untouched()
    code, _, err = call(capsys, "train", "--dataset", "moons", "--out", d / "no" / "m.npz")
    assert_user_error(code, err, "--out", "does not exist")
    for flag, value, fragment in [
        ("--layers", "20,x", "layer sizes"),
        ("--batch-size", "0", "'full'"),
        ("--optimizer", "sgd", "optimizer"),
        ("--learning-rate", "1e9", "diverged at epoch"),
        ("--image-size", "0", "at least 1 pixel"),
    ]:
        code, _, err = call(capsys, "train", "--dataset", "moons", "--out", model,
                            "--optimizer", "gd", flag, value, "--no-progress")  # fmt: skip
        assert_user_error(code, err, fragment)
        untouched()
    tiny = write_csv(d / "tiny.csv", ["a", "label"], [[1, "x"], [2, "y"], [3, "x"], [4, "y"]])
    code, _, err = call(capsys, "train", "--dataset", tiny, "--out", model,
                        "--early-stopping", "3", "--no-progress")  # fmt: skip
    assert_user_error(code, err, "a val_split of 0.2 holds none out of these 4 examples")


def test_a_failed_plot_write_keeps_the_old_model(good_model, capsys, tmp_path):
    model, snapshot = good_model
    untouched = snapshot()
    long_name = model.parent / ("x" * 300 + ".png")  # the PNG cannot be created
    code, _, err = call(capsys, "train", "--dataset", "moons", "--out", model,
                        "--plot", long_name, "--epochs", "2", "--no-progress")  # fmt: skip
    assert_user_error(code, err)
    untouched()
    code, _, err = call(capsys, "train", "--dataset", "moons", "--out", model,
                        "--plot", model, "--epochs", "2", "--no-progress")  # fmt: skip
    assert_user_error(code, err, "--plot: expected another file than the model's")
    untouched()


def test_label_columns_named_wrong_or_left_blank(table_model, tmp_path, capsys):
    X, y = two_blobs(20)
    data = write_csv(tmp_path / "d.csv", ["a", "b", "label"], [[*x, lab] for x, lab in zip(X, y)])
    # the named label column does not exist: say so, not "'no' is not a number"
    code, _, err = call(capsys, "train", "--dataset", data, "--label", "nope",
                        "--out", tmp_path / "m.npz", "--no-progress")  # fmt: skip
    assert_user_error(code, err, "no label column 'nope'", "a, b, label")
    assert not (tmp_path / "m.npz").exists()
    # predicting ignores a label column, blank cells and all
    blank = write_csv(tmp_path / "blank.csv", ["a", "b", "label"], [[*x, ""] for x in X[:3]])
    code, out, err = call(capsys, "predict", table_model, blank)
    assert code == 0, err
    assert len(out.strip().splitlines()) == 3
    code, _, err = call(capsys, "evaluate", table_model, blank)
    assert_user_error(code, err, "column 'label', line 2: the label is missing")


def test_a_huge_picture_is_a_one_line_error(picture_model, tmp_path, capsys):
    from PIL import Image

    Image.new("L", (1, 1)).save(tmp_path / "bomb.png")
    raw = bytearray((tmp_path / "bomb.png").read_bytes())
    raw[16:24] = (20000).to_bytes(4, "big") * 2  # IHDR claims 20000 × 20000 pixels
    raw[29:33] = zlib.crc32(raw[12:29]).to_bytes(4, "big")  # with a valid checksum
    (tmp_path / "bomb.png").write_bytes(bytes(raw))
    with pytest.raises(Image.DecompressionBombError):
        Image.open(tmp_path / "bomb.png")  # what Pillow says of it
    code, _, err = call(capsys, "predict", picture_model, tmp_path / "bomb.png")
    assert_user_error(code, err, "bomb.png")


def test_predict_and_evaluate_bad_inputs(good_model, picture_model, capsys):
    model, snapshot = good_model
    d = model.parent
    write_csv(d / "input.csv", ["a", "b", "c"], [[1, 2, 3]])
    write_csv(d / "nolabel.csv", ["x1", "x2"], [[1, 2]])
    np.savez(d / "input.npz", X=np.ones((2, 12288)))
    (d / "x.jpg").write_text("not a picture")
    plain = d / "plain.npz"
    np.savez(plain, W1=np.ones((1, 2)))
    pickled = d / "pickled.npz"
    np.savez(pickled, __neuronlab__=np.array([{"format": "x"}], dtype=object))
    text = d / "text.npz"
    text.write_text("hello")
    untouched = snapshot()
    for args, fragments in [
        (["predict", d / "none.npz", d / "input.csv"], ["does not exist"]),
        (["predict", model, d / "missing.png"], ["'" + str(d / "missing.png") + "'"]),
        (["predict", model, d / "x.jpg"], ["the model takes tables of 2 features"]),
        (["predict", picture_model, d / "x.jpg"], ["x.jpg", "not a picture"]),
        (["predict", model, d / "input.csv"], ["tables of 2 features", "3 feature columns"]),
        (["predict", picture_model, d / "input.npz"], ["8×8×3 pictures", "12288"]),
        (["predict", plain, d / "input.csv"], ["not a neuronlab model"]),
        (["predict", pickled, d / "input.csv"], ["not a neuronlab model"]),
        (["predict", text, d / "input.csv"], ["not a neuronlab model file: it is a"]),
        (["evaluate", model, d / "nolabel.csv"], ["no label column 'label'"]),
        (["evaluate", model, "digits"], ["tables of 2 features", "64 feature columns"]),
        (["evaluate", picture_model, "planar"], ["8×8×3 pictures"]),
        (["evaluate", model, "moons", "--plot", d / "no" / "c.png"], ["--plot: the folder"]),
        (["evaluate", model, d / "gone.csv"], ["DATA: '", "gone.csv", "neither a built-in"]),
        (["evaluate", model, d / "x.jpg"], ["DATA: '", "x.jpg", "expected a .csv or .npz"]),
    ]:
        code, _, err = call(capsys, *args)
        assert_user_error(code, err, *fragments)
    untouched()


def test_bad_input_subprocess_has_no_traceback(table_model, tmp_path):
    (tmp_path / "empty.csv").write_text("")
    proc = run("train", "--dataset", tmp_path / "empty.csv", "--out", table_model)
    assert_user_error(proc.returncode, proc.stderr, "empty")
    proc = run("predict", table_model, tmp_path / "empty.csv")
    assert_user_error(proc.returncode, proc.stderr, "empty")


def test_train_flags_and_help_come_from_the_settings(capsys):
    """Every TrainSettings field is a flag whose help shows the field's default."""
    from dataclasses import fields

    from neuronlab.usermodels import TrainSettings

    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for f in fields(TrainSettings):
        flag = "--" + f.name.replace("_", "-")
        assert flag in text
        if isinstance(f.default, (int, float)) and not isinstance(f.default, bool):
            assert f"{flag} " in text and f"(default {f.default:g})" in text
    assert "(default 0.01)" in text and "(default 200)" in text and "(default 16)" in text
    assert "--no-standardize" in text and "(default yes)" in text


@pytest.mark.parametrize("command", ["train", "predict", "evaluate"])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0 and "usage: neuronlab" in capsys.readouterr().out


# ------------------------------------------------------- killed mid-save
SAVER = """
import sys, numpy as np, neuronlab as nl
net = nl.Network([1500, 700, 1], seed=None, initializer="zeros")
k = int(sys.argv[2])
while True:
    k += 1
    net.theta[:] = k
    print(k, flush=True)
    net.save(sys.argv[1], generation=k)
"""


def test_model_file_survives_kill_mid_save(tmp_path):
    """SIGKILL a process saving a ~8 MB model in a loop over a good file: the file
    always loads and is one whole generation (old or new), never a mix or a half.
    A kill can leave a ``.m.npz.*.tmp`` beside it (never under the real name)."""
    path = tmp_path / "m.npz"
    net = nl.Network([1500, 700, 1], seed=None, initializer="zeros")
    net.save(path, generation=0)
    rng = np.random.default_rng(0)
    generations = []
    start = 0
    for _ in range(3):
        child = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path), str(start)], stdout=subprocess.PIPE
        )
        assert child.stdout is not None
        child.stdout.readline()  # it is saving its first generation
        child.stdout.readline()  # that one is complete (on a loaded machine too); the next
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        child.wait()
        loaded = nl.Network.load(path)
        g = loaded.metadata["generation"]
        assert np.all(loaded.theta == g), "a model mixing two generations"
        generations.append(g)
        start = g + 1000
        names = {p.name for p in tmp_path.iterdir()} - {"m.npz"}
        assert all(n.startswith(".m.npz.") and n.endswith(".tmp") for n in names), names
    assert max(generations) > 0, "no save completed before the kills"
    # the next save removes what the killed processes left (they no longer run)
    net.save(path, generation=-1)
    assert {p.name for p in tmp_path.iterdir()} == {"m.npz"}


TERMINATED_SAVER = """
import sys, numpy as np, neuronlab as nl
from neuronlab.cli import sigterm_as_interrupt
net = nl.Network([1500, 700, 1], seed=None, initializer="zeros")
k = 0
with sigterm_as_interrupt():
    while True:
        k += 1
        net.theta[:] = k
        print(k, flush=True)
        net.save(sys.argv[1], generation=k)
"""


def test_sigterm_mid_save_leaves_no_temporary(tmp_path):
    """SIGTERM (what `kill`, a scheduler or a container stop sends) at random moments
    of a save under the CLI's handler: the cleanup runs as for Ctrl-C — the model
    loads, one whole generation, and no temporary file is left beside it."""
    path = tmp_path / "m.npz"
    rng = np.random.default_rng(1)
    for _ in range(3):
        child = subprocess.Popen(
            [sys.executable, "-c", TERMINATED_SAVER, str(path)], stdout=subprocess.PIPE
        )
        assert child.stdout is not None
        child.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=60)
        assert {p.name for p in tmp_path.iterdir()} <= {"m.npz"}
        if path.exists():
            loaded = nl.Network.load(path)
            assert np.all(loaded.theta == loaded.metadata["generation"])


def test_the_cli_exits_143_on_sigterm(tmp_path):
    """`neuronlab train` stopped by SIGTERM: one line, exit status 143, no traceback."""
    args = ["train", "--dataset", "planar", "--out", tmp_path / "m.npz", "--epochs", "1e8",
            "--batch-size", "full", "--no-progress"]  # fmt: skip
    child = subprocess.Popen(
        [sys.executable, "-m", "neuronlab.cli", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(5)  # past the imports: the handler is in place
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 143, err
    assert err.strip() == "neuronlab: terminated; nothing was left half-written"


def test_concurrent_writers_never_mix_and_leave_nothing_behind(tmp_path):
    """Two processes saving the same model file over and over while this one reads
    it: every read is one whole generation of one writer, and when both are done
    only the model is left."""
    path = tmp_path / "m.npz"
    nl.Network([1500, 700, 1], seed=None, initializer="zeros").save(path, generation=0)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", SAVER.replace("while True", "for _ in range(15)"),
             str(path), str(start)],
            stdout=subprocess.DEVNULL,
        )
        for start in (1000, 2000)
    ]  # fmt: skip
    seen = set()
    while any(w.poll() is None for w in writers):
        loaded = nl.Network.load(path)
        g = loaded.metadata["generation"]
        assert np.all(loaded.theta == g), "a model mixing two generations"
        seen.add(g)
    assert all(w.wait() == 0 for w in writers)
    assert {p.name for p in tmp_path.iterdir()} == {"m.npz"}
    assert nl.Network.load(path).metadata["generation"] in (1015, 2015)


def test_a_save_in_progress_is_not_stale(tmp_path):
    """A temporary whose process still runs is left alone; one from a process that
    ended, or older than a day from any host, is removed."""
    import os
    import socket

    from neuronlab.io import remove_stale_temporaries

    path = tmp_path / "m.npz"
    host = socket.gethostname().replace(".", "_").replace("-", "_")
    mine = tmp_path / f".m.npz.{host}-{os.getpid()}.abc.tmp"
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    gone = tmp_path / f".m.npz.{host}-{done}.def.tmp"
    other_host = tmp_path / ".m.npz.elsewhere-1.ghi.tmp"
    old_other = tmp_path / ".m.npz.elsewhere-2.jkl.tmp"
    unrelated = tmp_path / ".n.npz.elsewhere-2.jkl.tmp"
    users = tmp_path / ".m.npz.backup.tmp"  # not a name neuronlab gives, however old
    for f in (mine, gone, other_host, old_other, unrelated, users):
        f.write_bytes(b"x")
    os.utime(old_other, (0, 0))
    os.utime(users, (0, 0))
    removed = remove_stale_temporaries(path)
    assert sorted(removed) == sorted([gone, old_other])
    assert mine.exists() and other_host.exists() and unrelated.exists() and users.exists()


# ----------------------------------------------- the L-layer cat net, from the CLI
@pytest.mark.slow
@pytest.mark.data
def test_train_reproduces_the_l_layer_cat_net(tmp_path):
    """``train --dataset cat`` with the lab's settings is the lab's L-layer model:
    published train accuracy 0.9856 and test accuracy 0.8 (the lab's test set is
    the held-out split); the saved model then classifies pictures with ``predict``."""
    from neuronlab.data import DataFileError, load_cat

    try:
        _, _, test_x, test_y, _ = load_cat()
    except DataFileError as exc:
        pytest.skip(str(exc))
    settings = "--layers 20,7,5 --initializer sqrt_n_in --optimizer gd --learning-rate 0.0075"
    settings += " --epochs 2500 --batch-size full --seed 1 --no-progress"
    # ~30 s on an idle machine, minutes on a busy one
    proc = run("train", "--dataset", "cat", "--out", tmp_path / "cat.npz", *settings.split(),
               timeout=900)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "train accuracy 98.56 %, validation accuracy 80.00 %" in proc.stdout
    from PIL import Image

    Image.fromarray(test_x[1]).save(tmp_path / "one.png")
    proc = run("predict", tmp_path / "cat.npz", tmp_path / "one.png")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[1] in ("cat", "non-cat")


# ------------------------------------------------------- what train says
def _train_args(tmp_path, *extra):
    X, y = two_blobs()
    csv = write_csv(tmp_path / "t.csv", ["a", "b", "label"], [[*x, lab] for x, lab in zip(X, y)])
    return ["train", "--dataset", csv, "--out", tmp_path / "m.npz", "--layers", "3",
            "--epochs", "8", "--no-progress", *extra]  # fmt: skip


def test_train_says_the_architecture_before_training(tmp_path, capsys):
    code, out, err = call(capsys, *_train_args(tmp_path))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == (
        "network 2 inputs → 3 relu → 1 sigmoid; loss binary_cross_entropy; float64; 13 parameters"
    )
    assert lines[-1].startswith("wrote ")


def test_train_quiet_prints_only_the_wrote_line(tmp_path, capsys):
    code, out, err = call(capsys, *_train_args(tmp_path, "--quiet", "--early-stopping", "2"))
    assert code == 0 and err == ""
    assert out.splitlines() == [f"wrote {tmp_path / 'm.npz'} and {tmp_path / 'm-cost.png'}"]


def test_train_verbose_prints_a_line_per_epoch_with_validation(tmp_path, capsys):
    code, out, err = call(capsys, *_train_args(tmp_path, "--verbose"))
    assert code == 0
    lines = err.splitlines()
    assert [line.split(",")[0] for line in lines] == [f"training: epoch {k}/8" for k in range(1, 9)]
    history = nl.Network.load(tmp_path / "m.npz").metadata["training"]["costs"]
    for line, cost in zip(lines, history):  # the epoch's own cost, then its validation
        assert f", cost {cost:.4g}, validation cost " in line and "validation accuracy" in line


def test_train_verbose_and_quiet_together_is_one_line(tmp_path, capsys):
    code, out, err = call(capsys, *_train_args(tmp_path, "--verbose", "--quiet"))
    assert_user_error(code, err, "--verbose, --quiet")
    assert not (tmp_path / "m.npz").exists()


def test_train_says_when_and_why_early_stopping_stopped(tmp_path, capsys):
    # on the noisy moons the validation cost stops improving long before 500 epochs
    code, out, _ = call(capsys, "train", "--dataset", "moons", "--out", tmp_path / "m.npz",
                        "--epochs", "500", "--early-stopping", "3", "--no-progress")  # fmt: skip
    assert code == 0
    t = nl.Network.load(tmp_path / "m.npz").metadata["training"]
    assert t["stopped_early"] is True and t["epochs_run"] < 500
    best = t["best_epoch"]
    line = next(line for line in out.splitlines() if line.startswith("early stopping:"))
    assert f"stopped after epoch {t['epochs_run']} of 500" in line
    assert "no better validation cost for 3 epochs" in line
    assert f"restored the weights of epoch {best + 1} (best validation cost " in line
    assert t["epochs_run"] == best + 1 + 3  # stopped when the patience ran out


def test_train_says_early_stopping_never_triggered(tmp_path, capsys):
    code, out, _ = call(capsys, *_train_args(tmp_path, "--early-stopping", "50"))
    assert code == 0
    assert "early stopping: never triggered in 8 epochs; kept the weights of epoch " in out
