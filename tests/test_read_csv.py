"""The CSV reader (issue 12, item 6): a clean file is read by NumPy's C reader, any
other by Python's ``csv`` in blocks; both give the same numbers and labels, and
memory stays within a few times the resulting array (the old reader kept every cell
as a Python string: 10× the array for 200,000 × 100)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from neuronlab import userdata
from neuronlab.userdata import read_csv

HEADER = "a,b,label"


def _write(path: Path, text: str, bom: bool = False) -> Path:
    path.write_text(("\ufeff" if bom else "") + text)
    return path


def _exact(path: Path, label: str | None, required: bool) -> tuple:
    """What the exact (block) path gives for the same file."""
    header, _ = userdata._csv_header(path)
    label_col = header.index(label) if label in header else None
    cols = [j for j in range(len(header)) if j != label_col]
    return userdata._read_exact(path, header, cols, label_col, required)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("plain", f"{HEADER}\n1,2,cat\n3.5,-4e-3,dog\n"),
        ("quoted", f'{HEADER}\n"1","2","cat, black"\n3,4,"dog"\n'),
        ("spaces", f"{HEADER}\n 1 , 2 ,cat\n3,4, dog \n"),
        ("numeric labels", f"{HEADER}\n1,2,1.0\n3,4,0\n5,6,1\n"),
        ("CRLF", f"{HEADER}\r\n1,2,x\r\n3,4,y\r\n"),
        ("no newline at the end", f"{HEADER}\n1,2,x\n3,4,y"),
        ("blank lines", f"\n{HEADER}\n\n1,2,x\n\n3,4,y\n\n"),
        ("one row", f"{HEADER}\n1,2,x\n"),
    ],
)
@pytest.mark.parametrize("bom", [False, True])
def test_both_paths_read_the_same(name: str, text: str, bom: bool, tmp_path: Path) -> None:
    path = _write(tmp_path / "d.csv", text, bom)
    X, names, labels = read_csv(path, "label", required=True)
    X2, labels2 = _exact(path, "label", True)
    assert names == ["a", "b"]
    np.testing.assert_array_equal(X, X2)
    assert labels == labels2 and labels is not None
    assert X.shape == (len(labels), 2)


def test_a_missing_label_when_predicting_drops_the_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.csv", f"{HEADER}\n1,2,cat\n3,4,\n")
    X, names, labels = read_csv(path, "label", required=False)
    assert names == ["a", "b"] and labels is None and X.shape == (2, 2)
    with pytest.raises(ValueError, match="column 'label', line 3: the label is missing"):
        read_csv(path, "label", required=True)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (f"{HEADER}\n1,2,x\n3,nan,y\n", "column 'b', line 3: expected a finite number, got a miss"),
        (f"{HEADER}\n1,2,x\n3,inf,y\n", "column 'b', line 3: expected a finite number, got 'inf'"),
        (f"{HEADER}\n1,2,x\n3,,y\n", "column 'b', line 3: expected a finite number, got a miss"),
        (f"{HEADER}\n1,2,x\n3,4\n", "line 3 has 2 values; the header has 3"),
        (
            f"{HEADER}\n1,2,x\n3,four,y\n",
            "column 'b', line 3: expected a finite number, got 'four'",
        ),
        ("a,a,label\n1,2,x\n", "duplicated column names ['a']"),
        (f"{HEADER}\n", "a header but no data rows"),
        ("", "the CSV file is empty"),
        ("label\n1\n", "no feature columns besides the label column 'label'"),
        ("a,b\n1,2\n", "no label column 'label' (columns: a, b)"),
        # Excel's other exports: said as what they are, not "no label column 'label'"
        ("a;b;label\n1;2;x\n", "the header is one column 'a;b;label': are the columns "
         "separated by ';'? expected commas"),
        ("a\tb\tlabel\n1\t2\tx\n", "separated by '\\t'?"),
    ],
)  # fmt: skip
def test_bad_files_name_the_line_and_column(text: str, fragment: str, tmp_path: Path) -> None:
    path = _write(tmp_path / "d.csv", text)
    with pytest.raises(ValueError) as info:
        read_csv(path, "label", required=True)
    assert fragment in str(info.value), str(info.value)


def test_blocks_are_joined_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(userdata, "BLOCK_ROWS", 3)  # 10 rows: blocks of 3, 3, 3, 1
    rows = "".join(f"{i},{-i},{i % 2}\n" for i in range(10))
    path = _write(tmp_path / "d.csv", f"{HEADER}\n,,\n{rows}")  # a blank row: exact path
    X, _, labels = read_csv(path, "label", required=True)
    np.testing.assert_array_equal(X[:, 0], np.arange(10))
    assert labels == [str(i % 2) for i in range(10)]


@pytest.mark.parametrize("blank_row", [False, True], ids=["clean", "exact path"])
def test_memory_stays_near_the_size_of_the_array(blank_row: bool, tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    m, n = 20_000, 20
    values = rng.normal(size=(m, n))
    lines = [",".join(f"{v:.6g}" for v in row) + f",{i % 3}" for i, row in enumerate(values)]
    if blank_row:
        lines.insert(100, "," * n)
    header = ",".join(f"f{j}" for j in range(n)) + ",label"
    path = _write(tmp_path / "big.csv", header + "\n" + "\n".join(lines) + "\n")
    tracemalloc.start()
    try:
        X, _, labels = read_csv(path, "label", required=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert X.shape == (m, n) and labels is not None
    np.testing.assert_allclose(X, values, rtol=1e-5)
    # The labels are m short strings either way, and the exact path holds one block
    # of rows as strings (~70 bytes a cell); the old reader peaked at ~10× X.
    block = min(m, userdata.BLOCK_ROWS) * (n + 1) * 70 if blank_row else 0
    assert peak < 3 * X.nbytes + 100 * m + block, (peak / X.nbytes, blank_row)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (f"{HEADER}\n1,2,0\n1,000,3,1\n5,6,0\n", "line 3 has 4 values; the header has 3"),
        (f"{HEADER}\n1,2,0,\n3,4,1,\n", "line 2 has 4 values; the header has 3"),
    ],
)
def test_a_row_with_more_values_is_refused_not_shifted(
    text: str, fragment: str, tmp_path: Path
) -> None:
    """NumPy's reader drops the fields past those it is asked for: "1,000" in a row
    was read as the features (1, 0) and the label 3."""
    path = _write(tmp_path / "d.csv", text)
    with pytest.raises(ValueError, match=fragment):
        read_csv(path, "label", required=True)


def test_late_faults_are_one_line_naming_the_file(tmp_path: Path) -> None:
    """Past the header's first rows, a non-UTF-8 byte or an oversized cell escaped
    as a codec message or a csv traceback."""
    rows = "".join(f"{i},{i},0\n" for i in range(5000))
    path = tmp_path / "latin.csv"
    path.write_bytes(f"{HEADER}\n{rows}".encode() + "3,4,caf\u00e9\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin.csv: not a text CSV file \(it is not UTF-8\)"):
        read_csv(path, "label", required=True)
    path = _write(tmp_path / "wide.csv", f"{HEADER}\n{rows}3,4,{'x' * 200_000}\n")
    with pytest.raises(ValueError, match=r"wide.csv: not a readable CSV file \(field larger"):
        read_csv(path, "label", required=True)


def test_long_labels_are_read_the_exact_way(tmp_path: Path) -> None:
    """NumPy stores every label at the longest one's width (4 bytes a character)."""
    long = "a" * (userdata.MAX_FAST_LABEL + 1)
    path = _write(tmp_path / "d.csv", f"{HEADER}\n1,2,x\n3,4,{long}\n")
    header, skip = userdata._csv_header(path)
    assert not userdata._plain_rows(path, skip, 3, 2)
    assert read_csv(path, "label", required=True)[2] == ["x", long]


# ------------------------------------------------ streaming: one block at a time
def test_blocks_in_file_order_give_what_read_csv_gives(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1001, 3))
    rows = [f"{a:.17g},{b:.17g},{c:.17g},k{int(a > 0)}\n" for a, b, c in X]
    rows.insert(300, "\n")  # a blank line is skipped, as read_csv skips it
    path = _write(tmp_path / "s.csv", "a,b,c,label\n" + "".join(rows))
    blocks = list(userdata.iter_csv_blocks(path, "label", rows=250))
    assert [len(b[0]) for b in blocks] == [250, 250, 250, 250, 1]
    whole, _, labels = read_csv(path, "label", required=True)
    np.testing.assert_array_equal(np.concatenate([b[0] for b in blocks]), whole)
    assert sum((b[1] for b in blocks), []) == labels


def test_a_bad_cell_deep_in_the_file_is_named_when_its_block_comes(tmp_path: Path) -> None:
    rows = "".join(f"{i},{i},a\n" for i in range(10)) + "7,oops,b\n"
    path = _write(tmp_path / "bad.csv", f"{HEADER}\n{rows}")
    blocks = userdata.iter_csv_blocks(path, "label", rows=4)
    assert len(next(blocks)[0]) == 4  # the first blocks come before the bad line is read
    with pytest.raises(ValueError, match=r"column 'b', line 12: expected a finite number"):
        list(blocks)
    with pytest.raises(ValueError, match="no label column 'y'"):
        next(userdata.iter_csv_blocks(path, "y"))
    missing = _write(tmp_path / "missing.csv", f"{HEADER}\n1,2,a\n3,4,\n")
    with pytest.raises(ValueError, match="line 3: the label is missing"):
        list(userdata.iter_csv_blocks(missing, "label"))


def test_streaming_memory_is_one_block_not_the_file(tmp_path: Path) -> None:
    """20,000 rows × 50 (8 MB as floats) in blocks of 500 rows: the peak is the blocks',
    not the file's."""
    rng = np.random.default_rng(1)
    header = ",".join(f"f{j}" for j in range(50)) + ",label\n"
    with open(tmp_path / "big.csv", "w") as fh:
        fh.write(header)
        for _ in range(10):
            block = rng.normal(size=(2_000, 50))
            fh.write("".join(",".join(f"{v:.5g}" for v in row) + ",1\n" for row in block))
    tracemalloc.start()
    try:
        rows = sum(len(X) for X, _ in userdata.iter_csv_blocks(tmp_path / "big.csv", "label", 500))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == 20_000
    assert peak < 4 << 20, peak  # the whole file as floats is 8 MB, as strings ~60 MB


def test_a_utf16_file_is_named_as_utf16(tmp_path: Path) -> None:
    """Excel's "Unicode text" is UTF-16: it was only "not UTF-8"."""
    path = tmp_path / "d.csv"
    path.write_text(f"{HEADER}\n1,2,x\n", encoding="utf-16")
    with pytest.raises(ValueError, match="d.csv: the CSV file is UTF-16 text; expected UTF-8"):
        read_csv(path, "label", required=True)
