"""Messages say what happened (issue 12, items 3 and 5): a folder or a FIFO given as a
model is not "missing", a CSV or a picture is not "pickled data", a constant column
is said once (not as a NumPy RuntimeWarning), a label column of measurements is not
trained as a 60-class softmax, a big photo is not a "decompression bomb"."""

from __future__ import annotations

import builtins
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import neuronlab as nl
from neuronlab.cli import main
from neuronlab.io import ModelFileError


def _write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    return path


def _model_paths(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name → (a path given where a model belongs, what the message must say)."""
    (tmp / "folder.npz").mkdir()
    os.mkfifo(tmp / "pipe.npz")
    _write_csv(tmp / "table.csv", "a,b,label", ["1,2,0", "3,4,1"])
    from PIL import Image

    Image.new("RGB", (4, 4)).save(tmp / "picture.png")
    (tmp / "empty.npz").write_bytes(b"")
    (tmp / "weights.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(100))
    (tmp / "array.npy").write_bytes(b"\x93NUMPY\x01\x00")
    (tmp / "model.pkl").write_bytes(b"\x80\x04\x95")
    return {
        "missing": (tmp / "nothing.npz", "does not exist"),
        "folder": (tmp / "folder.npz", "is a folder; expected a model file"),
        "FIFO": (tmp / "pipe.npz", "is a FIFO (named pipe); expected a model file"),
        "CSV": (tmp / "table.csv", "not a neuronlab model file: it is a CSV text file"),
        "picture": (tmp / "picture.png", "it is a PNG picture"),
        "empty": (tmp / "empty.npz", "it is empty"),
        "HDF5": (tmp / "weights.h5", "it is an HDF5 file"),
        ".npy": (tmp / "array.npy", "it is a single NumPy array"),
        "pickle": (tmp / "model.pkl", "a Python pickle (never unpickled"),
    }


def test_what_is_given_as_a_model_is_named(tmp_path: Path) -> None:
    for name, (path, fragment) in _model_paths(tmp_path).items():
        with pytest.raises(ModelFileError) as info:
            nl.Network.load(path)
        assert fragment in str(info.value), (name, str(info.value))
        assert "pickled (object) data" not in str(info.value)


def test_an_unreadable_model_is_not_called_corrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.npz"
    nl.Network([2, 1]).save(path)
    real_open = builtins.open

    def denied(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(path):  # as for a file of another user's, mode 600
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", denied)
    with pytest.raises(ModelFileError, match="cannot be read: Permission denied") as info:
        nl.Network.load(path)
    assert "corrupt" not in str(info.value)


def test_the_command_line_says_it_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = _model_paths(tmp_path)
    for name in ("folder", "FIFO", "CSV"):
        assert main(["predict", str(paths[name][0]), str(tmp_path / "table.csv")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and paths[name][1] in err[0], (name, err)
        assert ".tmp" not in err[0]


def _table(tmp: Path, label: str, rows: int = 60) -> Path:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(rows, 2))
    labels = {
        "classes": [str(int(a > 0)) for a in X[:, 0]],
        "fractional": [f"{b:.3f}" for b in X[:, 1]],
        "counts": [str(3 * i) for i in range(rows)],
        "digits": [str(i % 10) for i in range(rows)],
    }[label]
    body = [f"{a:.4f},5.0,{b:.4f},{y}" for (a, b), y in zip(X, labels)]
    return _write_csv(tmp / f"{label}.csv", "a,const,b,label", body)


@pytest.mark.parametrize("label", ["fractional", "counts"])
def test_a_continuous_label_column_points_to_regression(
    label: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Refused for a classifier asked for by name; without --task, see test_cli_regression."""
    path = _table(tmp_path, label)
    code = main(["train", "--dataset", str(path), "--out", str(tmp_path / "m"), "--no-progress",
                 "--task", "classification"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "looks continuous" in err and "--task regression" in err, err
    assert not (tmp_path / "m.npz").exists()


def test_a_constant_column_is_said_once_as_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _table(tmp_path, "digits")  # ten classes of whole numbers: a classification
    argv = ["train", "--dataset", str(path), "--out", str(tmp_path / "m"), "--epochs", "2"]
    assert main([*argv, "--no-progress"]) == 0
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if "constant" in line]
    assert said == [
        f"neuronlab: warning: {path}: constant column 'const' (always 5): no information for "
        "the model to learn from (kept, as 0 after standardising)"
    ], err
    assert "RuntimeWarning" not in err and "Traceback" not in err


def test_epochs_zero_would_do_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _table(tmp_path, "classes")
    for epochs in ("0", "-2"):
        argv = ["train", "--dataset", str(path), "--out", str(tmp_path / "m"), "--epochs", epochs]
        assert main(argv) == 2
        assert "--epochs: expected a positive integer" in capsys.readouterr().err


def test_a_big_photo_is_not_a_decompression_bomb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    from neuronlab.images import read_picture

    Image.new("RGB", (40, 40), "red").save(tmp_path / "photo.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 1600 pixels: over, not twice over
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_picture(tmp_path / "photo.png", (4, 4)).shape == (4, 4, 3)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 700)  # more than twice over: refused
    with pytest.raises(ValueError, match="could not be read as a picture"):
        read_picture(tmp_path / "photo.png", (4, 4))


def _variant(tmp: Path, name: str, change: str) -> Path:
    """A good model file with one member changed as ``change`` says."""
    import json

    good = tmp / "good.npz"
    nl.Network([2, 3, 1]).save(good)
    with np.load(good) as data:
        arrays = {k: data[k] for k in data.files}
    W1 = arrays["W1"]
    if change == "complex":
        arrays["W1"] = W1.astype(complex)
    elif change == "text":
        arrays["W1"] = np.full(W1.shape, "0.1")
    elif change == "integers":
        arrays["W1"] = W1.astype(np.int64)
    elif change == "objects":
        arrays["W1"] = W1.astype(object)
    elif change == "extra member":
        arrays["notes"] = np.zeros(10**6)
    elif change == "shape":
        arrays["W1"] = np.zeros((4, 2))
    elif change == "huge header":
        header = json.loads(str(arrays["__neuronlab__"][()]))
        header["config"]["layer_dims"] = [10**6, 10**6]
        arrays["__neuronlab__"] = np.array(json.dumps(header))
    path = tmp / f"{name}.npz"
    np.savez(path, **arrays)
    return path


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ("complex", "W1 holds complex128 values; expected floating-point numbers"),
        ("text", "W1 holds str96 values"),
        ("integers", "W1 holds int64 values"),
        ("objects", "Python objects in W1 (never unpickled"),
        ("extra member", "holds members a model file does not have: notes (not read)"),
        ("shape", "W1 has shape (4, 2), its layer sizes say (3, 2)"),
        ("huge header", "would take 15 TiB; this machine has"),
    ],
)
def test_a_model_file_with_arrays_of_the_wrong_kind_is_refused(
    change: str, fragment: str, tmp_path: Path
) -> None:
    """Complex weights lost their imaginary part, integers and extra members loaded
    silently; objects were "corrupt"; a huge header read every member first."""
    path = _variant(tmp_path, change.replace(" ", "-"), change)
    with pytest.raises(ModelFileError) as info:
        nl.Network.load(path)
    assert fragment in str(info.value), str(info.value)


def _picture(tmp: Path, mode: str) -> tuple[Path, Any]:
    """A flat picture of colour (200, 100, 50) — or its grey level — in ``mode``,
    saved in a format that keeps that mode; and the RGB value expected back."""
    from PIL import Image

    rgb = Image.new("RGB", (8, 8), (200, 100, 50))
    grey = 124  # ITU-R 601 luma of (200, 100, 50)
    flat = {
        "I": np.full((8, 8), 200 * 257, np.int32),  # 16-bit values, as Pillow opens some
        "F": np.full((8, 8), 0.5, np.float32),  # a float picture in [0, 1]
        "I;16": np.full((8, 8), 200 * 257, np.uint16),
    }
    made = {
        "1": (Image.new("1", (8, 8), 1), (255,) * 3),
        "L": (rgb.convert("L"), (grey,) * 3),
        "LA": (rgb.convert("LA"), (grey,) * 3),
        "P": (rgb.convert("P"), (203, 102, 51)),  # the web palette's nearest colour
        "RGBA": (rgb.convert("RGBA"), (200, 100, 50)),
        "I": (Image.fromarray(flat["I"], "I"), (200,) * 3),
        "I;16": (Image.fromarray(flat["I;16"]), (200,) * 3),
        "F": (Image.fromarray(flat["F"], "F"), (128,) * 3),
        "CMYK": (rgb.convert("CMYK"), (200, 100, 50)),
        "YCbCr": (rgb.convert("YCbCr"), (200, 100, 50)),
    }
    img, expected = made[mode]
    suffix = {"CMYK": ".jpg", "YCbCr": ".jpg", "I": ".tiff", "F": ".tiff"}.get(mode, ".png")
    path = tmp / f"{mode.replace(';', '_')}{suffix}"
    img.save(path, quality=100) if suffix == ".jpg" else img.save(path)
    return path, expected


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGBA", "I", "I;16", "F", "CMYK", "YCbCr"])
def test_every_picture_mode_is_read_right(mode: str, tmp_path: Path) -> None:
    """A 16-bit picture opened as "I" was all white, a float picture in [0, 1] black."""
    from neuronlab.images import read_picture

    path, expected = _picture(tmp_path, mode)
    got = read_picture(path, (2, 2))
    assert np.abs(got.astype(int) - np.array(expected)).max() <= 2, (mode, got[0, 0])


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        (np.full((4, 4), -5.0, np.float32), "floating-point pixel values from -5 to -5"),
        (np.full((4, 4), 300.0, np.float32), "from 300 to 300; expected 0–1 or 0–255"),
        (np.full((4, 4), 10**6, np.int32), "32-bit integer pixel values from 1e+06"),
    ],
)
def test_pixel_values_in_no_known_range_are_refused(
    values: Any, fragment: str, tmp_path: Path
) -> None:
    from PIL import Image

    from neuronlab.images import read_picture

    path = tmp_path / "odd.tiff"
    Image.fromarray(values, "F" if values.dtype.kind == "f" else "I").save(path)
    with pytest.raises(ValueError, match="path: ") as info:
        read_picture(path)
    assert fragment in str(info.value) and "could not be read" not in str(info.value)


def test_progress_in_a_log_is_whole_lines(capsys: pytest.CaptureFixture[str]) -> None:
    """progress=True with stderr not a terminal: no bar redrawn with carriage returns
    (a log filled with them), at most a line per epoch, and the last epoch said."""
    X = np.random.default_rng(0).normal(size=(3, 40))
    Y = (X[:1] > 0).astype(float)
    nl.Network([3, 4, 1]).fit(X, Y, epochs=50, batch_size=8, progress=True)
    err = capsys.readouterr().err
    assert "\r" not in err and err.endswith("\n"), repr(err[:200])
    lines = err.splitlines()
    assert 1 <= len(lines) <= 50 and all(line.startswith("training: epoch ") for line in lines)
    assert lines[-1].startswith("training: epoch 50/50, cost ")


def test_columns_taken_by_position_are_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A table whose column names are not the model's, but as many, is read by position
    (documented) — and now says so, instead of silently."""
    path = _table(tmp_path, "classes")
    assert main(["train", "--dataset", str(path), "--out", str(tmp_path / "m"), "--epochs", "1",
                 "--no-progress"]) == 0  # fmt: skip
    capsys.readouterr()
    other = _write_csv(tmp_path / "other.csv", "x,y,z", ["1,2,3"])
    assert main(["predict", str(tmp_path / "m.npz"), str(other)]) == 0
    err = capsys.readouterr().err
    assert (
        "neuronlab: warning: " in err and "columns x, y, z are not the model's (a, const, b)" in err
    )


def test_a_folder_that_cannot_be_written_is_named_not_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save into a folder the user cannot write named the hidden temporary file."""
    import tempfile

    from neuronlab.io import write_atomic

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(tmp_path / ".out.csv.host-1.x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(OSError) as info:
        write_atomic(tmp_path / "out.csv", lambda fh: fh.write(b"x"))
    assert str(tmp_path / "out.csv") in str(info.value) and ".tmp" not in str(info.value)
    assert "Permission denied" in str(info.value)


def test_a_model_saved_before_the_loss_check_still_loads(tmp_path: Path) -> None:
    """A sigmoid output with categorical cross-entropy is refused for a new network,
    but a file the previous release wrote so is loaded as it was, with a warning."""
    import json

    path = tmp_path / "old.npz"
    nl.Network([3, 4, 2], output_activation="softmax").save(path)
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    header = json.loads(str(arrays["__neuronlab__"][()]))
    header["config"]["activations"][-1] = "sigmoid"
    arrays["__neuronlab__"] = np.array(json.dumps(header))
    np.savez(path, **arrays)
    with pytest.warns(UserWarning, match="needs a 'softmax' output .*; loaded as saved"):
        net = nl.Network.load(path)
    assert (net.activations[-1].name, net.loss.name) == ("sigmoid", "categorical_cross_entropy")


@pytest.mark.parametrize(
    ("key", "value"),
    [("std", [0.0, 1.0]), ("std", [1.0, -2.0]), ("mean", ["a", 0.0]), ("std", [1.0])],
)
def test_a_model_whose_input_statistics_are_broken_says_so(
    key: str, value: list[Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A standard deviation of 0 in the file divided the inputs into inf: a NumPy
    RuntimeWarning, then "X: expected finite values"."""
    net = nl.Network([2, 3, 1])
    net.metadata = {
        "classes": ["0", "1"],
        "input": {"kind": "table", "features": ["a", "b"], "mean": [0.0, 0.0], "std": [1.0, 1.0]},
    }
    net.metadata["input"][key] = value
    net.save(tmp_path / "m.npz")
    (tmp_path / "in.csv").write_text("a,b\n1,2\n")
    assert main(["predict", str(tmp_path / "m.npz"), str(tmp_path / "in.csv")]) == 2
    err = capsys.readouterr().err
    model = tmp_path / "m.npz"
    assert (
        err
        == f"neuronlab: error: {model}: the model's metadata (classes / input) is inconsistent\n"
    )


@pytest.mark.parametrize(
    ("standardize", "code", "said"),
    [("--standardize", 2, "neuronlab: error: inputs too large for the model: feature 'b' holds "
      "1e+308 (example 1), too large to standardise with the training statistics"),
     ("--no-standardize", 0, "neuronlab: warning: inputs too large for the model: feature 'b' "
      "holds 1e+308 (example 1); the forward pass overflowed")],
)  # fmt: skip
def test_inputs_that_overflow_the_model_are_named_once(
    standardize: str,
    code: int,
    said: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """predict printed NumPy's "overflow encountered in divide" then "X: expected finite
    values" (standardised), or "overflow encountered in matmul" (not): no input named."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    rows = "\n".join(f"{a:.3f},{1 - a:.3f},{int(a > 0.5)}" for a in np.linspace(0, 1, 20))
    (tmp_path / "d.csv").write_text("a,b,label\n" + rows + "\n")
    argv = ["train", "--dataset", str(tmp_path / "d.csv"), "--out", str(tmp_path / "m"),
            "--epochs", "2", "--no-progress", standardize]  # fmt: skip
    assert main(argv) == 0
    (tmp_path / "in.csv").write_text("a,b\n0.5,1e308\n0.5,0.5\n")
    capsys.readouterr()
    assert main(["predict", str(tmp_path / "m.npz"), str(tmp_path / "in.csv")]) == code
    out, err = capsys.readouterr()
    assert err.startswith(said) and len(err.splitlines()) == 1, err
    assert len(out.splitlines()) == (2 if code == 0 else 0)
