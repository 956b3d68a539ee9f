"""Paths that are not regular files (review of issue 12): a FIFO, a device, a symlink,
``-``.  Reading one is refused by name, before it could wait for ever (a FIFO) or
fill the memory (``/dev/zero``); writing one goes through it, as a shell's ``>``
does — renaming a temporary over ``/dev/null`` replaced the device itself."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from neuronlab.cli import main
from neuronlab.io import write_atomic


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    return path


def _model(folder: Path) -> Path:
    rows = "\n".join(f"{a:.3f},{-a:.3f},{int(a > 0)}" for a in np.linspace(-1, 1, 20))
    (folder / "d.csv").write_text("a,b,label\n" + rows + "\n")
    argv = ["train", "--dataset", str(folder / "d.csv"), "--out", str(folder / "M"),
            "--epochs", "1", "--no-progress", "--plot", str(folder / "c.png")]  # fmt: skip
    assert main(argv) == 0
    return folder / "M.npz"


def test_a_fifo_is_written_through_not_replaced(fifo: Path) -> None:
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, lambda fh: fh.write("a,b\n"), "w")
    reader.join(timeout=10)
    assert got == [b"a,b\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert sorted(p.name for p in fifo.parent.iterdir()) == ["pipe.csv"]  # no temporary


def test_a_symlink_is_followed_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "p.csv").write_text("old\n")
    (tmp_path / "p.csv").symlink_to(tmp_path / "real" / "p.csv")
    write_atomic(tmp_path / "p.csv", lambda fh: fh.write("new\n"), "w")
    assert (tmp_path / "p.csv").is_symlink()
    assert (tmp_path / "real" / "p.csv").read_text() == "new\n"


def test_predict_out_dash_is_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--out -`` wrote a file named ``-``; now the CSV itself goes to stdout."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)
    model = _model(tmp_path)
    capsys.readouterr()
    assert main(["predict", str(model), str(tmp_path / "d.csv"), "--out", "-"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "input,label,probability,p_0,p_1" and len(out) == 21
    assert not (tmp_path / "-").exists()


def test_out_dev_stdout_appends_to_the_log_a_shell_redirected_it_to(tmp_path: Path) -> None:
    """``predict … --out /dev/stdout >> run.log``: /dev/stdout leads to run.log, a regular
    file, and the temporary was renamed over it — the log's earlier lines were lost."""
    model = _model(tmp_path)
    log = tmp_path / "run.log"
    log.write_text("earlier\n")
    with open(log, "a") as out:
        proc = subprocess.run(
            [sys.executable, "-m", "neuronlab", "predict", str(model), str(tmp_path / "d.csv"),
             "--out", "/dev/stdout"], stdout=out, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "MPLBACKEND": "Agg"}, timeout=120,
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = log.read_text().splitlines()
    assert lines[0] == "earlier" and lines[1] == "input,label,probability,p_0,p_1"
    assert len(lines) == 22 and not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(
    "command",
    ["predict {model} {fifo}", "train --dataset {fifo} --out m", "evaluate {model} {fifo}"],
)
def test_a_fifo_as_data_is_named_not_called_missing(
    command: str, fifo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    model = _model(fifo.parent)
    capsys.readouterr()
    assert main(command.format(model=model, fifo=fifo).split()) == 2
    err = capsys.readouterr().err
    assert "is a FIFO (named pipe); expected a" in err, err
    assert "does not exist" not in err and "neither" not in err, err


@pytest.mark.parametrize(
    "command", ["train --dataset d.csv --out m --config {fifo}", "check {fifo}"]
)
def test_a_fifo_to_read_whole_is_refused_without_waiting(command: str, fifo: Path) -> None:
    """``--config`` and ``check`` read their file whole: a FIFO made them wait for
    ever (and ``--config /dev/zero`` filled the memory)."""
    fifo = fifo.rename(fifo.with_suffix(".py" if command.startswith("check") else ".toml"))
    argv = [sys.executable, "-m", "neuronlab.cli", *command.format(fifo=fifo).split()]
    done = subprocess.run(argv, cwd=fifo.parent, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "is a FIFO (named pipe); expected a" in done.stderr, done.stderr


def test_a_picture_too_large_is_not_called_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    from neuronlab.images import read_pictures

    Image.new("RGB", (40, 40), "red").save(tmp_path / "photo.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 700)  # 1600 pixels: more than twice over
    with pytest.raises(ValueError) as info:
        read_pictures([tmp_path / "photo.png"], (4, 4, 3))
    message = str(info.value)
    assert message.startswith(
        f"{tmp_path / 'photo.png'}: could not be read as a picture: it is too large"
    )
    assert "not a picture Pillow can read" not in message


@pytest.mark.parametrize("errno_", [errno.ENOSPC, errno.EFBIG])
def test_a_full_disk_names_the_file(errno_: int, tmp_path: Path) -> None:
    """The message was "[Errno 28] No space left on device", naming no file."""
    (tmp_path / "p.csv").write_text("old\n")

    def full(fh: Any) -> None:
        fh.write("half")
        raise OSError(errno_, os.strerror(errno_))

    with pytest.raises(OSError) as info:
        write_atomic(tmp_path / "p.csv", full, "w")
    assert str(info.value) == (
        f"{tmp_path / 'p.csv'}: could not be written ({os.strerror(errno_)}); nothing was replaced"
    )
    assert info.value.errno == errno_
    assert [p.name for p in tmp_path.iterdir()] == ["p.csv"]  # no temporary left
    assert (tmp_path / "p.csv").read_text() == "old\n"


def test_a_folder_that_cannot_be_written_is_said_before_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only --out folder was found only at the save, after the training (and
    ``check --json`` after the checks).  As root, only a read-only mount shows it, so
    ``os.access`` answers for one here; a device stays writable."""
    import neuronlab.cli.options as options

    model = _model(tmp_path)
    (tmp_path / "ro").mkdir()
    real_access = os.access
    monkeypatch.setattr(
        options.os, "access", lambda p, m: Path(p).name != "ro" and real_access(p, m)
    )
    capsys.readouterr()
    argv = ["train", "--dataset", str(tmp_path / "d.csv"), "--out", str(tmp_path / "ro" / "m")]
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert err.startswith("neuronlab: error: --out: cannot write in the folder "), err
    assert "ro' (read-only or not yours)" in err and "trained" not in out
    assert main(["predict", str(model), str(tmp_path / "d.csv"), "--out", os.devnull]) == 0


def test_a_course_folder_that_cannot_be_made_is_named_as_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was "[Errno 30] Read-only file system: '…/x'", naming no argument."""
    import neuronlab.course.writer as writer

    (tmp_path / "ro").mkdir()
    real_access = os.access
    monkeypatch.setattr(
        writer.os, "access", lambda p, m: Path(p).name != "ro" and real_access(p, m)
    )
    assert main(["course", "planar", str(tmp_path / "ro" / "x")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"neuronlab: error: DIR: cannot make '{tmp_path / 'ro' / 'x'}'"), err
    assert list((tmp_path / "ro").iterdir()) == []
