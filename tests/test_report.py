"""``reproduce``: a complete report, skipped labs explained, HTML well-formed."""

import json
import os
from html.parser import HTMLParser

import numpy as np
import pytest
from PIL import Image

from neuronlab.experiments import LABS
from neuronlab.report import reproduce


class StrictParser(HTMLParser):
    """Checks that every opened element is closed in order (void elements aside)."""

    VOID = {"meta", "img", "br", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.stack = []
        self.images = 0

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images += 1
            assert dict(attrs)["src"].startswith("data:image/png;base64,")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
        self.stack.pop()


def check_report(out, labs):
    report = json.loads((out / "results.json").read_text())
    md = (out / "README.md").read_text()
    page = (out / "index.html").read_text()
    parser = StrictParser()
    parser.feed(page)
    parser.close()
    assert parser.stack == ["html"] or parser.stack == []
    figures = []
    for res in report["labs"]:
        assert f"## {res['lab']} {res['title']}" in md
        assert res["title"] in page
        figures += [f["file"] for f in res["figures"]]
    assert [r["key"] for r in report["labs"]] == labs
    for name in figures:
        path = out / name
        assert path.stat().st_size > 1000
        with Image.open(path) as im:
            assert im.format == "PNG" and im.size[0] > 100
            colours = np.asarray(im.convert("RGB")).reshape(-1, 3)
            assert len(np.unique(colours, axis=0)) > 10  # not a blank image
    assert parser.images == len(figures)
    return report, md


def test_one_lab_and_a_skipped_one(tmp_path):
    out = tmp_path / "report"
    report, md = check_report_run(out, ["planar", "regularization"], data_dir=tmp_path)
    skipped = report["labs"][1]
    assert skipped["skipped"] and "data.mat" in skipped["skipped"]
    assert "skipped — data missing or corrupt" in md and str(tmp_path) in md
    assert "Quick run" in md  # quick numbers are marked as not comparable
    assert all(m["ok"] is None for m in report["labs"][0]["metrics"])


def check_report_run(out, labs, data_dir=None):
    reproduce(labs, out, quick=True, data_dir=data_dir, log=lambda msg: None)
    return check_report(out, labs)


@pytest.mark.slow
def test_every_lab_quick_gives_a_complete_report(tmp_path):
    keys = [lab.key for lab in LABS]
    data_dir = os.environ.get("NEURONLAB_DATA")
    report, md = check_report_run(tmp_path / "r", keys, data_dir=data_dir)
    table = md.split("## Summary")[1].split("\n## ")[0]
    for lab in LABS:
        assert f"| {lab.number} {lab.key} |" in table
    if data_dir:
        assert not any(r["skipped"] for r in report["labs"])
        assert all(r["figures"] for r in report["labs"])  # every lab draws its figures


@pytest.mark.data
def test_saved_lab_models_predict_pictures(tmp_path):
    """reproduce --save-models writes the cat nets; predict takes a picture with them."""
    import subprocess
    import sys

    from neuronlab.data import DataFileError, load_cat

    try:
        _, _, test_x, _, _ = load_cat()
    except DataFileError as exc:
        pytest.skip(str(exc))
    models = tmp_path / "models"
    reproduce(["deep"], tmp_path / "r", quick=True, save_models=models, log=lambda m: None)
    assert sorted(p.name for p in models.iterdir()) == ["cat_L_layer.npz", "cat_two_layer.npz"]
    Image.fromarray(test_x[0]).resize((200, 150)).save(tmp_path / "pic.png")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "neuronlab.cli",
            "predict",
            str(models / "cat_L_layer.npz"),
            str(tmp_path / "pic.png"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "pic.png" in proc.stdout and ("cat" in proc.stdout)
