"""No command ever writes over one of its inputs (issue 12, item 1).

Each row is a command whose output names one of its own inputs — by the same name,
another spelling, a symlink or a hard link — and must be refused before any work, in
one line naming both, with every file in the folder left byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from neuronlab.cli import main
from neuronlab.cli.options import refuse_overwriting
from neuronlab.data import present_files


def _files(tmp: Path) -> None:
    """A labelled CSV, an unlabelled one, a model, a picture folder, a TOML file and a
    data folder with the cat and football files (content does not matter: nothing may
    be read before the refusal)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    rows = [f"{a:.4f},{b:.4f},{c:.4f},{int(a > 0)}" for a, b, c in X]
    (tmp / "d.csv").write_text("a,b,c,label\n" + "\n".join(rows) + "\n")
    (tmp / "in.csv").write_text("a,b,c\n" + "\n".join(r.rsplit(",", 1)[0] for r in rows) + "\n")
    assert main(["train", "--dataset", str(tmp / "d.csv"), "--label", "label", "--out",
                 str(tmp / "M.npz"), "--epochs", "2", "--no-progress"]) == 0  # fmt: skip
    from PIL import Image

    (tmp / "pics").mkdir()
    Image.new("RGB", (8, 8), "white").save(tmp / "pics" / "x.png")
    Image.new("RGB", (8, 8), "black").save(tmp / "x.png")
    (tmp / "cfg.toml").write_text('epochs = 2\nlabel = "label"\n')
    (tmp / "d.npz").write_bytes(b"not read")
    (tmp / "sub").mkdir()
    (tmp / "link.csv").symlink_to(tmp / "in.csv")
    os.link(tmp / "in.csv", tmp / "hard.csv")
    data = tmp / "data"
    (data / "cat").mkdir(parents=True)
    (data / "cat" / "train_catvnoncat.h5").write_bytes(b"cat pictures")
    (data / "football").mkdir()
    (data / "football" / "data.mat").write_bytes(b"football")
    (tmp / "report").mkdir()
    (tmp / "report" / "data.mat").symlink_to(data / "football" / "data.mat")
    (tmp / "models").mkdir()
    os.link(data / "cat" / "train_catvnoncat.h5", tmp / "models" / "cat.npz")


def _state(tmp: Path) -> dict[str, str]:
    """Every file under ``tmp`` (links as links) and the hash of its bytes."""
    out = {}
    for root, _, names in os.walk(tmp):
        for name in names:
            path = Path(root, name)
            key = str(path.relative_to(tmp))
            if path.is_symlink():
                out[key] = "-> " + os.readlink(path)
            else:
                out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


ABS = "{tmp}/sub/../in.csv"
#: (arguments, with {tmp} for the folder; the two arguments the message must name)
CASES = [
    ("predict M.npz in.csv --out in.csv", "--out", "INPUT"),
    (f"predict M.npz in.csv --out {ABS}", "--out", "INPUT"),
    ("predict M.npz in.csv --out ./sub/../in.csv", "--out", "INPUT"),
    ("predict M.npz in.csv --out link.csv", "--out", "INPUT"),
    ("predict M.npz in.csv --out hard.csv", "--out", "INPUT"),
    ("predict M.npz link.csv --out in.csv", "--out", "INPUT"),
    ("predict M.npz x.png --out x.png", "--out", "INPUT"),
    ("predict M.npz in.csv --out M.npz", "--out", "MODEL"),
    ("predict M.npz pics --out pics/x.png", "--out", "INPUT"),
    ("predict M.npz x.png pics --out {tmp}/pics/x.png", "--out", "INPUT"),
    ("evaluate M.npz d.csv --plot M.npz", "--plot", "MODEL"),
    ("evaluate M.npz d.csv --plot d.csv", "--plot", "DATA"),
    ("evaluate M.npz d.csv --label label --plot ./d.csv", "--plot", "DATA"),
    ("evaluate M.npz cat --data-dir data --plot data/cat/train_catvnoncat.h5", "--plot", "DATA"),
    ("train --dataset d.npz --out d.npz", "--out", "--dataset"),
    ("train --dataset d.csv --out m --plot d.csv", "--plot", "--dataset"),
    ("train --dataset d.csv --out m --plot hard.csv --label label", None, None),  # not an input
    ("train --dataset d.csv --config cfg.toml --out m --plot cfg.toml", "--plot", "--config"),
    ("train --dataset d.csv --out M.npz --plot d.csv", "--plot", "--dataset"),
    ("train --dataset M-cost.png --out M", "--plot", "--dataset"),  # the default plot
    ("train --dataset cat --data-dir data --out m --plot data/cat/train_catvnoncat.h5",
     "--plot", "--dataset"),
    ("reproduce planar --data-dir data --out report", "--out", "lab data"),
    ("reproduce planar --data-dir data --out r2 --save-models models", "--save-models",
     "lab data"),
]  # fmt: skip


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("overwrite")
    _files(tmp)
    return tmp


@pytest.mark.parametrize(("command", "flag", "argument"), CASES, ids=[c[0] for c in CASES])
def test_an_output_that_names_an_input_is_refused_before_any_work(
    command: str,
    flag: str | None,
    argument: str | None,
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    if flag is None:  # a control: hard.csv is not among this command's inputs
        command = command.replace("--plot hard.csv", "--plot fresh.png --epochs 1 --no-progress")
    before = _state(folder)
    code = main(command.format(tmp=folder).split())
    err = capsys.readouterr().err
    if flag is None:
        assert code == 0, err
        (folder / "m.npz").unlink()
        (folder / "fresh.png").unlink()
        assert _state(folder) == before
        return
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"neuronlab: error: {flag}: "), err
    assert f" {argument} file" in lines[0] and "nothing was written" in lines[0], err
    assert _state(folder) == before  # every byte, every link, no new file


def test_the_data_folder_files_are_the_inputs_of_a_built_in_name(folder: Path) -> None:
    found = {p.resolve() for p in present_files(folder / "data")}
    assert (folder / "data" / "cat" / "train_catvnoncat.h5").resolve() in found


def test_an_output_that_does_not_exist_yet_or_is_another_file_is_fine(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x\n")
    (tmp_path / "b.csv").write_text("x\n")  # same bytes, another file
    refuse_overwriting([("--out", tmp_path / "new.csv"), ("--out", tmp_path / "b.csv")],
                       [("INPUT", tmp_path / "a.csv"), ("DATA", "not-a-file")])  # fmt: skip
    with pytest.raises(ValueError, match="--out: .* is the INPUT file"):
        refuse_overwriting([("--out", tmp_path / "a.csv")], [("INPUT", tmp_path / "a.csv")])


def test_a_model_written_into_a_picture_folder_can_be_written_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the pictures of an input folder are read: the second run of
    `train --dataset pics --out pics/model.npz --plot other.png` was refused."""
    from PIL import Image

    monkeypatch.setenv("MPLBACKEND", "Agg")
    for cls, colour in (("a", "red"), ("b", "blue")):
        (tmp_path / "pics" / cls).mkdir(parents=True)
        for i in range(3):
            Image.new("RGB", (6, 6), colour).save(tmp_path / "pics" / cls / f"{i}.png")
    argv = ["train", "--dataset", str(tmp_path / "pics"), "--out", str(tmp_path / "pics" / "m.npz"),
            "--plot", str(tmp_path / "cost.png"), "--epochs", "1", "--image-size", "4",
            "--no-progress"]  # fmt: skip
    assert main(argv) == 0
    assert main(argv) == 0, capsys.readouterr().err
    out = ["--out", str(tmp_path / "pics" / "p.csv")]
    assert main(["predict", str(tmp_path / "pics" / "m.npz"), str(tmp_path / "pics"), *out]) == 0
    assert main(["predict", str(tmp_path / "pics" / "m.npz"), str(tmp_path / "pics"), *out]) == 0
