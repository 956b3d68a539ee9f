"""The command line, run as a user runs it: a subprocess, exit codes, one-line errors."""

import subprocess
import sys

import pytest

import neuronlab as nl
from neuronlab.cli import main


def run(*args, env_extra=None, cwd=None):
    import os

    env = {**os.environ, "MPLBACKEND": "Agg", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "neuronlab.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def assert_user_error(proc, *fragments):
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("neuronlab: error: "), proc.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    "command", [["reproduce"], ["labs"], ["data"], ["gradcheck"], ["course"], ["bench"]]
)
def test_help_everywhere(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0 and "usage: neuronlab" in capsys.readouterr().out


def test_version_and_bare_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0 and capsys.readouterr().out.startswith("neuronlab ")
    code = main([])
    out = capsys.readouterr().out
    assert code == 0 and "reproduce" in out and "bench" in out and "demo" not in out


def test_help_as_a_subprocess():
    proc = run("--help")
    assert proc.returncode == 0 and "usage: neuronlab" in proc.stdout


def test_unknown_lab():
    assert_user_error(run("reproduce", "cats"), "unknown lab 'cats'", "planar")


def test_missing_data_dir(tmp_path):
    missing = str(tmp_path / "nowhere")
    assert_user_error(run("data", "--data-dir", missing), "--data-dir", missing)
    assert_user_error(run("reproduce", "planar", "--data-dir", missing), "--data-dir")


def test_out_that_is_a_file(tmp_path):
    out = tmp_path / "report"
    out.write_text("keep me")
    assert_user_error(
        run("reproduce", "planar", "--quick", "--out", str(out)), "--out", "expected a folder"
    )
    assert out.read_text() == "keep me"


def test_data_reports_missing_files_without_failing(tmp_path):
    proc = run("data", "--data-dir", str(tmp_path))
    assert proc.returncode == 0
    assert (
        sum(line.startswith("missing") for line in proc.stdout.splitlines()) == 5
        and "sha256 fbe56ab67c3a" in proc.stdout
    )


def test_gradcheck_on_a_lab_and_on_a_model(tmp_path):
    proc = run("gradcheck", "planar")
    assert proc.returncode == 0 and "backpropagation is correct" in proc.stdout
    net = nl.Network([3, 4, 2], output_activation="softmax", seed=0)
    net.save(tmp_path / "m.npz")
    proc = run("gradcheck", str(tmp_path / "m.npz"), "--examples", "7")
    assert proc.returncode == 0 and "7 random examples" in proc.stdout
    (tmp_path / "bad.npz").write_bytes(b"nope")
    assert_user_error(
        run("gradcheck", str(tmp_path / "bad.npz")), "not a neuronlab model file: it is a text file"
    )
    assert_user_error(run("gradcheck", "planar", "--examples", "0"), "--examples:", "got '0'")


def test_demo_is_gone_it_repeated_the_planar_lab(capsys):
    """`demo` trained lab 3.2's net again; `reproduce planar` runs the lab itself."""
    with pytest.raises(SystemExit) as exit_info:
        main(["demo"])
    assert exit_info.value.code == 2 and "invalid choice: 'demo'" in capsys.readouterr().err
