"""Bad input to every command, as a user types it (issue 12, item 7): exit status 2,
no traceback, a message of one to three lines that names the argument, and every
file in the folder byte for byte as it was (checked by hash) — nothing written."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from neuronlab.cli import main


def _make(tmp: Path) -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    rows = [f"{a:.4f},{b:.4f},{int(a > 0)}" for a, b in X]
    (tmp / "d.csv").write_text("a,b,label\n" + "\n".join(rows) + "\n")
    (tmp / "in.csv").write_text("a,b\n1,2\n3,4\n")
    (tmp / "other.csv").write_text("x,y,z\n1,2,3\n")
    (tmp / "empty.csv").write_text("")
    (tmp / "header.csv").write_text("a,b,label\n")
    (tmp / "one.csv").write_text("a,b,label\n1,2,x\n3,4,x\n")
    (tmp / "cont.csv").write_text(
        "a,b,label\n" + "\n".join(f"{a:.3f},{b:.3f},{a * b:.5f}" for a, b in X) + "\n"
    )
    (tmp / "word.csv").write_text("a,b,label\n1,2,0\n3,four,1\n")
    (tmp / "nolabel.csv").write_text("a,b,class\n1,2,0\n3,4,1\n")
    (tmp / "bad.toml").write_text("epochs = [\n")
    (tmp / "unknown.toml").write_text("epoch = 3\n")
    (tmp / "text.npz").write_text("not a model\n")
    (tmp / "folder").mkdir()
    (tmp / "big.toml").write_text("# " + "x" * (2 << 20) + "\n")  # valid TOML, 2 MiB
    (tmp / "syntax.py").write_text("def sigmoid(z):\n    return (1\n")
    (tmp / "hello.py").write_text("def hello():\n    return 1\n")
    (tmp / "notes.txt").write_text("x = 1\n")
    (tmp / "binary.py").write_bytes(b"\x00\x01\x02binary")
    (tmp / "mine.py").write_text(
        "import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"
    )
    from PIL import Image

    Image.new("RGB", (8, 8), "white").save(tmp / "x.png")
    for cls in ("a", "b"):
        (tmp / "pics" / cls).mkdir(parents=True)
        Image.new("RGB", (8, 8), cls == "a" and "red" or "blue").save(tmp / "pics" / cls / "1.png")
    argv = ["train", "--dataset", str(tmp / "d.csv"), "--out", str(tmp / "M.npz"), "--epochs",
            "2", "--no-progress"]  # fmt: skip
    assert main(argv) == 0


def _state(tmp: Path) -> dict[str, str]:
    out = {}
    for root, _, names in os.walk(tmp):
        for name in names:
            path = Path(root, name)
            out[str(path.relative_to(tmp))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


T = "train --dataset d.csv --out m --no-progress"
#: (the command line, what the one message must contain — the argument first)
CASES: list[tuple[str, list[str]]] = [
    # train: the data
    ("train --out m", ["--dataset"]),
    ("train --dataset d.csv", ["--out"]),
    ("train --dataset d.csv --out -", ["--out", "'-' (standard output)", "predict --out"]),
    ("train --dataset d.csv --out m --plot -", ["--plot", "'-' (standard output)"]),
    ("train --dataset nowhere.csv --out m", ["nowhere.csv", "neither a built-in"]),
    ("train --dataset folder --out m", ["folder"]),
    ("train --dataset x.png --out m", ["x.png", "expected a .csv or .npz"]),
    ("train --dataset empty.csv --out m", ["empty.csv", "empty"]),
    ("train --dataset header.csv --out m", ["header.csv", "no data rows"]),
    ("train --dataset one.csv --out m", ["one.csv", "at least 2 classes"]),
    ("train --dataset cont.csv --out m --task classification", ["cont.csv", "looks continuous"]),
    ("train --dataset cont.csv --out m --task guess", ["--task", "'guess'"]),
    ("train --dataset one.csv --out m --task regression", ["one.csv", "finite number", "'x'"]),
    ("train --dataset word.csv --out m", ["column 'b', line 3", "'four'"]),
    ("train --dataset nolabel.csv --out m", ["no label column 'label'"]),
    (f"{T} --label nosuch", ["no label column 'nosuch'"]),
    (f"{T} --data-dir nowhere", ["--data-dir"]),
    ("train --dataset d.csv --out folder/none/m", ["--out", "does not exist"]),
    ("train --dataset d.csv --out folder.npz --plot folder", ["--plot", "folder"]),
    # train: the settings
    (f"{T} --layers 20,x", ["--layers", "layer sizes"]),
    (f"{T} --layers 0", ["--layers"]),
    (f"{T} --layers ,,,", ["--layers", "layer sizes such as 20,7,5", "',,,'"]),
    (f"{T} --layers 20,,5", ["--layers", "'20,,5'"]),
    (f"{T} --layers 1e10", ["layers: ", "[2, 10000000000, 1] network would take", "GiB"]),
    (f"{T} --batch-size 0", ["--batch-size", "'full'"]),
    (f"{T} --optimizer sgd", ["optimizer", "'sgd'"]),
    (f"{T} --learning-rate -1", ["learning_rate"]),
    (f"{T} --learning-rate nan", ["learning_rate"]),
    (f"{T} --learning-rate 1e9 --optimizer gd", ["diverged"]),
    (f"{T} --epochs 0", ["--epochs", "at least 1"]),
    (f"{T} --epochs -3", ["--epochs"]),
    (f"{T} --keep-prob 0", ["keep_prob"]),
    (f"{T} --keep-prob 1.5", ["keep_prob"]),
    (f"{T} --l2 -1", ["l2"]),
    (f"{T} --val-split 1", ["val_split"]),
    (f"{T} --early-stopping 0", ["early_stopping"]),
    (f"{T} --activation swish", ["activation", "'swish'"]),
    (f"{T} --initializer magic", ["initializer", "'magic'"]),
    (f"{T} --image-size 0", ["--image-size", "at least 1 pixel"]),
    ("train --dataset pics --out m --image-size 1e5", ["image_size", "would take", "GiB"]),
    (f"{T} --epochs many", ["--epochs", "expected a number, got 'many'"]),
    (f"{T} --epochs 2.5", ["--epochs", "whole number"]),
    (f"{T} --learning-rate fast", ["--learning-rate", "'fast'"]),
    (f"{T} --seed 99999999999", ["--seed", "from 0 to 2**32 - 1"]),
    (f"{T} --seed -1", ["--seed"]),
    (f"{T} --config missing.toml", ["missing.toml"]),
    (f"{T} --config bad.toml", ["bad.toml"]),
    (f"{T} --config unknown.toml", ["unknown.toml", "unknown setting 'epoch'"]),
    ("train --dataset d.csv --out d.csv --plot d.csv", ["--plot", "--dataset file"]),
    (f"{T} --config big.toml", ["--config", "'big.toml' holds 2.0 MiB"]),  # read whole
    (f"{T} --config folder", ["--config: 'folder' cannot be read (Is a directory)"]),
    # a picture written into an input folder would be read as an example next time
    ("train --dataset pics --out m --plot pics/b/c.png", ["--plot", "inside the --dataset"]),
    ("train --dataset pics --out pics/a/m", ["--plot", "'pics/a/m-cost.png'"]),  # the default
    # predict and evaluate
    ("predict nothing.npz in.csv", ["nothing.npz", "does not exist"]),
    ("predict folder in.csv", ["folder", "is a folder"]),
    ("predict d.csv in.csv", ["d.csv", "not a neuronlab model file: it is a CSV"]),
    ("predict text.npz in.csv", ["text.npz", "it is a text file"]),
    ("predict M.npz missing.csv", ["missing.csv"]),
    ("predict M.npz other.csv", ["other.csv", "missing columns ['a', 'b']"]),
    ("predict M.npz x.png", ["the model takes tables of 2 features"]),
    ("predict M.npz in.csv --out folder/none/p.csv", ["--out", "does not exist"]),
    ("predict M.npz in.csv --out folder", ["--out", "is a folder"]),
    ("predict M.npz in.csv --out in.csv", ["--out", "INPUT file"]),
    ("predict M.npz in.csv --out M.npz", ["--out", "MODEL file"]),
    ("predict M.npz pics --out pics/p.png", ["--out", "inside the INPUT folder 'pics'"]),
    ("evaluate M.npz nolabel.csv", ["no label column 'label'"]),
    ("evaluate M.npz digits", ["tables of 2 features", "64 feature columns"]),
    ("evaluate M.npz nosuchset", ["nosuchset"]),
    ("evaluate M.npz d.csv --plot M.npz", ["--plot", "MODEL file"]),
    ("evaluate M.npz d.csv --plot folder/none/c.png", ["--plot", "does not exist"]),
    # gradcheck
    ("evaluate M.npz pics --plot pics/a/c.png", ["--plot", "inside the DATA folder 'pics'"]),
    # gradcheck and demo
    ("gradcheck planar --examples 0", ["--examples", "got '0'"]),
    ("gradcheck planar --examples -5", ["--examples"]),
    ("gradcheck planar --examples 1e10", ["--examples", "would take", "GiB"]),
    ("gradcheck planar --examples 2.5", ["--examples", "whole number", "'2.5'"]),
    ("gradcheck planar --examples 1e8", ["--examples", "at most 10,000", "'1e8'"]),
    ("gradcheck nolab", ["nolab"]),
    ("gradcheck planar --l2 -1", ["--l2: expected a number >= 0, got -1"]),
    ("gradcheck M.npz --l2 nan", ["--l2: expected a number >= 0, got nan"]),
    ("gradcheck text.npz", ["text.npz", "not a neuronlab model file"]),
    # reproduce, labs, data
    ("reproduce cats", ["unknown lab 'cats'"]),
    ("reproduce planar --out d.csv", ["--out", "expected a folder"]),
    ("reproduce planar --data-dir nowhere", ["--data-dir"]),
    ("reproduce deep --save-models d.csv", ["--save-models", "expected a folder"]),
    ("reproduce planar --save-models models", ["--save-models", "none of the labs named"]),
    (
        "reproduce deep --save-models models --data-dir .",
        ["--save-models", "3.3 deep", "cat/train_catvnoncat.h5 missing", "nothing was run"],
    ),
    ("train --dataset planar --out m.npz --schedule fast", ["--schedule", "'fast'"]),
    ("train --dataset planar --out m.npz --dtype half", ["--dtype", "'half'"]),
    ("labs --data-dir nowhere", ["--data-dir"]),
    ("data --data-dir d.csv", ["--data-dir"]),
    # check
    ("check nothing.py", ["PATH", "nothing.py"]),
    ("check notes.txt", ["PATH", ".py"]),
    ("check syntax.py", ["line 2"]),
    ("check binary.py", ["PATH"]),
    ("check hello.py", ["no graded function"]),
    ("check mine.py --json mine.py", ["--json", "PATH"]),
    ("check mine.py --lab nope", ["--lab", "'nope'"]),
    ("check mine.py --json folder/none/out.json", ["--json", "does not exist"]),
    # argparse's own errors: one line, not below a usage block of up to 13 lines
    ("evaluate M.npz", ["neuronlab evaluate: error:", "required: DATA", "--help"]),
    ("reproduce planar --dtype float16", ["--dtype", "'float16'"]),
    ("gradcheck planar --examples", ["--examples", "expected one argument"]),
    (f"{T} --learning_rate 0.1", ["neuronlab train: error:", "did you mean '--learning-rate'?"]),
    ("predict M.npz in.csv --outt p.csv", ["--outt", "did you mean '--out'?"]),
    ("nosuchcommand", ["'nosuchcommand'", "'train'"]),
    # course (more in test_course.py)
    ("course cats out", ["LAB", "'cats'"]),
    ("course planar out --version 2020", ["--version", "'2020'"]),
    ("course planar d.csv", ["DIR", "is a file"]),
    ("course planar d.csv/sub", ["DIR: 'd.csv' is a file"]),  # was: "does not exist"
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("bad-input")
    _make(tmp)
    return tmp


def test_the_table_is_long_enough() -> None:
    assert len(CASES) >= 60


@pytest.mark.parametrize(("command", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_message_and_nothing_is_written(
    command: str,
    fragments: list[str],
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(folder)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    before = _state(folder)
    try:
        code = main(command.split())
    except SystemExit as exc:  # argparse's own errors (usage line + message)
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert 1 <= len(lines) <= 3, err
    for fragment in fragments:
        assert fragment in err, (fragment, err)
    assert _state(folder) == before


@pytest.mark.parametrize(
    "command", ["predict M.npz", "reproduce planar --dtype float16", "train --bogus", "info"]
)
def test_a_usage_error_is_one_line(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """argparse printed its usage block above the error (4 to 13 lines)."""
    with pytest.raises(SystemExit) as info:
        main(command.split())
    err = capsys.readouterr().err
    assert info.value.code == 2 and len(err.strip().splitlines()) == 1, err
    assert "usage:" not in err and f"(see 'neuronlab {command.split()[0]} --help')" in err
