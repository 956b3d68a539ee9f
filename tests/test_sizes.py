"""Sizes are checked before memory is asked for (issue 12, item 2): one line with the
size that would be needed, never a MemoryError traceback."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

import neuronlab as nl
from neuronlab import _validation as v
from neuronlab.cli import main


@pytest.mark.parametrize(
    ("n", "text"),
    [(12, "12 bytes"), (1536, "1.5 KiB"), (5 * 2**20, "5.0 MiB"), (8.03e12, "7.3 TiB"),
     (300 * 2**30, "300 GiB")],
)  # fmt: skip
def test_sizes_in_binary_units(n: float, text: str) -> None:
    assert v.format_bytes(n) == text


def test_a_network_too_big_for_the_machine_says_how_big(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match=r"layer_dims: .*\[1000000, 1000000\].* 15 TiB"):
        nl.Network([10**6, 10**6])
    monkeypatch.setattr(v, "memory_limit", lambda: 10**6)  # a 1 MB machine
    with pytest.raises(ValueError, match=r"would take 1.5 MiB; this machine has 977 KiB"):
        nl.Network([1000, 100])
    nl.Network([100, 100])  # 160 KiB: fine


def test_the_command_line_says_it_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = str(tmp_path / "m.npz")
    assert main(["train", "--dataset", "planar", "--out", out, "--layers", "1e12"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("neuronlab: error: layers: ")
    assert "would take 58 TiB" in err[0] and "Traceback" not in err[0]


def test_a_memory_error_anywhere_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import numpy as np

    def greedy(args: argparse.Namespace) -> int:
        np.empty((4, 10**14))  # NumPy refuses: "Unable to allocate 2.84 PiB …"
        return 0

    from neuronlab.cli import gradcheck

    monkeypatch.setattr(gradcheck, "run", greedy)
    assert main(["gradcheck", "planar"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("neuronlab: error: not enough memory: "), err
    assert "PiB" in err[0]


def _npz(path: Any, members: dict[str, tuple[tuple[int, ...], str, bytes]]) -> Any:
    """An .npz whose members' headers declare ``shape`` and ``dtype`` over ``data``
    (a few bytes can declare terabytes)."""
    import io
    import zipfile

    import numpy as np

    with zipfile.ZipFile(path, "w") as zf:
        for name, (shape, dtype, data) in members.items():
            head = io.BytesIO()
            header = {"descr": dtype, "fortran_order": False, "shape": shape}
            np.lib.format.write_array_header_1_0(head, header)
            zf.writestr(f"{name}.npy", head.getvalue() + data)
    return path


def test_an_npz_data_file_is_sized_from_its_headers(
    tmp_path: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """'X' declaring 745 GiB was a MemoryError naming no file (the last resort)."""
    monkeypatch.setattr(v, "memory_limit", lambda: 2**30)  # a 1 GiB machine
    path = _npz(
        tmp_path / "d.npz", {"X": ((10**6, 10**5), "<f8", b""), "y": ((10**6,), "<i8", b"")}
    )
    assert main(["train", "--dataset", str(path), "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == (
        f"neuronlab: error: {path}: X: the array 'X' of shape (1000000, 100000) (float64) "
        "would take 745 GiB; this machine has 1.0 GiB: expected smaller sizes"
    )  # fmt: skip


def test_an_npz_data_file_is_read_for_its_arrays_only(tmp_path: Any) -> None:
    """Every member was decompressed, a huge one nobody asked for included."""
    import numpy as np

    from neuronlab.userdata import read_npz

    X = np.arange(6.0).reshape(3, 2)
    path = _npz(tmp_path / "d.npz", {
        "X": ((3, 2), "<f8", X.tobytes()), "y": ((3,), "<i8", np.array([0, 1, 0]).tobytes()),
        "junk": ((10**6, 10**5), "<f8", b"")})  # fmt: skip
    got, names, labels = read_npz(path, "y", required=True)
    np.testing.assert_array_equal(got, X)
    assert names == ["x1", "x2"] and labels == ["0", "1", "0"]
