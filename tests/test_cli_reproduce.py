"""``neuronlab reproduce`` without the data files: short skip messages, and
``--save-models`` that cannot save anything refused before any work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from neuronlab.cli import main


def test_skipped_labs_are_one_line_each_and_one_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "no-data"
    empty.mkdir()
    code = main(["reproduce", "deep", "regularization", "--quick", "--no-progress",
                 "--out", str(tmp_path / "r"), "--data-dir", str(empty)])  # fmt: skip
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0].startswith("quick run") and "2 lab(s) skipped" in out[0]
    assert out[1] == (
        "skipped 3.3 deep: cat/train_catvnoncat.h5 missing, cat/test_catvnoncat.h5 missing "
        f"(looked in {empty})"
    )
    assert out[2] == f"skipped 3.5 regularization: football/data.mat missing (looked in {empty})"
    assert out[3].startswith('  get the files as the README\'s "Data files" section says')
    assert len(out) == 4
    # the full message (checksums, how to get the files) is in the report
    assert "sha256" in (tmp_path / "r" / "README.md").read_text()


def test_save_models_without_the_data_saves_nothing_and_fails(tmp_path: Path) -> None:
    models, report = tmp_path / "models", tmp_path / "r"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "neuronlab",
            "reproduce",
            "deep",
            "--quick",
            "--out",
            str(report),
            "--save-models",
            str(models),
            "--data-dir",
            str(tmp_path),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        "neuronlab: error: --save-models: 3.3 deep would save the models but cannot run: "
        "cat/train_catvnoncat.h5 missing, cat/test_catvnoncat.h5 missing "
        f"(looked in {tmp_path}); nothing was run or saved"
    ]
    assert not models.exists() and not report.exists()


def test_a_data_folder_that_does_not_exist_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEURONLAB_DATA", str(tmp_path / "nowhere"))
    code = main(["reproduce", "regularization", "--quick", "--no-progress",
                 "--out", str(tmp_path / "r")])  # fmt: skip
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[1].endswith(f"(looked in {tmp_path / 'nowhere'}, which does not exist)")


def test_save_models_that_saved_nothing_after_all_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files that vanish between the check and the run: the run says it saved nothing."""
    from neuronlab.cli import reproduce

    monkeypatch.setattr(reproduce, "refuse_saving_nothing", lambda labs, data_dir: None)
    code = main(["reproduce", "deep", "--quick", "--no-progress", "--out", str(tmp_path / "r"),
                 "--save-models", str(tmp_path / "m"), "--data-dir", str(tmp_path)])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[-1].startswith("neuronlab: error: --save-models: saved no model in ")
    assert list((tmp_path / "m").iterdir()) == []


@pytest.mark.data
def test_info_of_a_saved_lab_model_says_what_it_was_trained_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data_dir: str
) -> None:
    """The cat nets reproduce --save-models writes name their data in info (it said
    '?: None training examples')."""
    code = main(["reproduce", "deep", "--quick", "--no-progress", "--out", str(tmp_path / "r"),
                 "--save-models", str(tmp_path / "m"), "--data-dir", data_dir])  # fmt: skip
    assert code == 0
    capsys.readouterr()
    assert main(["info", str(tmp_path / "m" / "cat_L_layer.npz")]) == 0
    shown = {
        line[2:15].strip(): line[15:].strip() for line in capsys.readouterr().out.splitlines()[1:]
    }
    assert shown["trained on"] == (
        "cat pictures (train_catvnoncat.h5, the course's training set): "
        "209 training examples, none held out"
    )
