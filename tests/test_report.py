"""``reproduce``: a complete report, skipped labs explained, HTML well-formed."""

import json
import os
import shutil
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
    assert "Skipped — data missing or corrupt" in md and str(tmp_path) in md
    assert "Quick run" in md  # quick numbers are marked as not comparable
    assert all(m["ok"] is None for m in report["labs"][0]["metrics"])


def check_report_run(out, labs, data_dir=None):
    reproduce(labs, out, quick=True, data_dir=data_dir, log=lambda msg: None)
    return check_report(out, labs)


@pytest.fixture(scope="module")
def quick_report(tmp_path_factory):
    """Every lab, quick (the labs without their data files are skipped)."""
    out = tmp_path_factory.mktemp("quick") / "r"
    keys = [lab.key for lab in LABS]
    reproduce(keys, out, quick=True, data_dir=os.environ.get("NEURONLAB_DATA"), log=lambda m: None)
    return out


@pytest.mark.slow
def test_every_lab_quick_gives_a_complete_report(quick_report):
    keys = [lab.key for lab in LABS]
    report, md = check_report(quick_report, keys)
    contents = md.split("## Contents")[1].split("\n## ")[0]
    for lab in LABS:
        assert f"- [{lab.number} {lab.title}](#" in contents
    if os.environ.get("NEURONLAB_DATA"):
        assert not any(r["skipped"] for r in report["labs"])
        assert all(r["figures"] for r in report["labs"])  # every lab draws its figures


def browser():
    """Headless Chromium through Playwright, or a skip saying what is missing."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright's Python package is not installed"
    )
    path = os.environ.get("NEURONLAB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.skip(f"no Chromium browser at {path} (set NEURONLAB_CHROMIUM)")
    return sync_api, path


#: What the page shows at a width: every section, its figures decoded, and no sideways scroll.
PAGE_FACTS = """() => ({
  sections: [...document.querySelectorAll('main > section')].map(s => s.id),
  toc: [...document.querySelectorAll('nav a')].map(a => a.getAttribute('href')),
  images: [...document.querySelectorAll('main > section figure img')].map(
    i => [i.closest('section').id, i.complete && i.naturalWidth > 0,
          i.closest('figure').getBoundingClientRect().width]),
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: document.documentElement.clientWidth,
})"""


@pytest.mark.slow
def test_the_page_in_a_real_browser(quick_report):
    """Sections, figures loaded, TOC links that land, no horizontal scroll at 1280 and 400 px."""
    sync_api, path = browser()
    report = json.loads((quick_report / "results.json").read_text())
    ids = ["lab-" + r["lab"].replace(".", "-") for r in report["labs"]]
    figures = {i: len(r["figures"]) for i, r in zip(ids, report["labs"])}
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        try:
            for width in (1280, 400):
                page = chromium.new_page(viewport={"width": width, "height": 800})
                asked = []  # self-contained: nothing fetched beyond the page itself
                page.on("request", lambda request, asked=asked: asked.append(request.url))
                page.goto((quick_report / "index.html").as_uri())
                assert [u for u in asked if not u.startswith(("file:", "data:"))] == []
                facts = page.evaluate(PAGE_FACTS)
                assert facts["sections"] == ids
                assert facts["toc"] == [f"#{i}" for i in ids]
                for section, n in figures.items():
                    shown = [img for img in facts["images"] if img[0] == section]
                    assert len(shown) == n, section
                    assert all(ok and 0 < w <= width for _, ok, w in shown), shown
                assert facts["scrollWidth"] <= facts["clientWidth"], (width, facts)
                for target in (ids[-1], ids[len(ids) // 2], ids[0]):
                    page.click(f"nav a[href='#{target}']")
                    page.wait_for_function(
                        "id => { const r = document.getElementById(id).getBoundingClientRect();"
                        " return r.top >= -1 && r.top < innerHeight / 2; }",
                        arg=target,
                        timeout=5000,
                    )
                    assert page.evaluate("location.hash") == f"#{target}"
                    page.evaluate("window.scrollTo(0, 0)")
                if width == 1280:  # dark when the reader's system is; every number when printed
                    background = "getComputedStyle(document.body).backgroundColor"
                    light = page.evaluate(background)
                    page.emulate_media(color_scheme="dark")
                    assert page.evaluate(background) != light
                    assert page.pdf()[:4] == b"%PDF"
                    assert page.evaluate(
                        "[...document.querySelectorAll('details')].every(d => d.open)"
                    )
                page.close()
        finally:
            chromium.close()


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


def test_the_registry_says_what_the_labs_and_experiments_do():
    """A lab's network is described in LABS (read by the report and ``gradcheck LAB``)
    and built by its facade and experiment: the three must agree."""
    from neuronlab.experiments import lab_by_key
    from neuronlab.flatten import ParameterLayout

    lab = {key: lab_by_key(key) for key in ("planar", "deep", "initialization",
           "regularization", "gradient_checking", "optimization", "digits")}  # fmt: skip
    facade = {key: entry.facade for key, entry in lab.items()}
    config = {key: lab[key].experiment.Config() for key in ("deep", "regularization", "digits")}
    facts = {  # what LABS says, what the lab or its experiment does
        "planar n_h": (lab["planar"].layer_dims[1], facade["planar"].N_H),
        "deep dims": (lab["deep"].layer_dims, config["deep"].L_layer_dims),
        "initialization hidden": (
            lab["initialization"].layer_dims[1:-1],
            facade["initialization"].HIDDEN_DIMS,
        ),
        "regularization hidden": (
            lab["regularization"].layer_dims[1:-1],
            facade["regularization"].HIDDEN_DIMS,
        ),
        "regularization l2": (lab["regularization"].l2, config["regularization"].runs["l2"][0]),
        "gradient_checking layout": (
            ParameterLayout.for_dense(lab["gradient_checking"].layer_dims),
            facade["gradient_checking"].LAYOUT,
        ),
        "optimization dims": (lab["optimization"].layer_dims, facade["optimization"].LAYERS_DIMS),
        "digits hidden": (lab["digits"].layer_dims[1], config["digits"].hidden_size),
        "digits l2": (lab["digits"].l2, config["digits"].l2),
    }
    wrong = {name: pair for name, pair in facts.items() if pair[0] != pair[1]}
    assert not wrong


def figure_faults(fig):
    """What a reader would miss in ``fig``: a title, axis labels, a legend, a page's width."""
    faults = []
    width = fig.get_figwidth() * 110  # plots.save's dpi
    if width > 1400:
        faults.append(f"{width:.0f} px wide (a page shows ~1000)")
    suptitle = fig._suptitle.get_text() if fig._suptitle is not None else ""
    for ax in fig.axes:
        if not ax.axison:  # a picture tile: the figure's title says what the tiles are
            if ax.images and not suptitle:
                faults.append("pictures without a figure title")
            continue
        name = ax.get_title() or "untitled axes"
        if not ax.get_title() and not suptitle:
            faults.append("axes without a title")
        if not ax.get_xlabel():
            faults.append(f"{name}: no x label")
        if not ax.get_ylabel() and not ax.patches:  # bar charts name each bar instead
            faults.append(f"{name}: no y label")
        curves = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
        if len(curves) >= 2 and ax.get_legend() is None:
            faults.append(f"{name}: {len(curves)} curves and no legend")
    return faults


@pytest.mark.slow
def test_every_figure_has_a_title_labels_and_a_legend(quick_report, tmp_path, monkeypatch):
    """Each lab's figures, drawn again from the quick report: nothing a reader would miss."""
    from neuronlab import plots

    drawn = []
    monkeypatch.setattr(plots, "save", lambda fig, path, dpi=110: drawn.append((path, fig)))
    report = json.loads((quick_report / "results.json").read_text())
    faults = {}
    for res in report["labs"]:
        if res["skipped"]:
            continue
        drawn.clear()
        lab = next(lab for lab in LABS if lab.key == res["key"])
        lab.experiment.figures(res, tmp_path, data_dir=os.environ.get("NEURONLAB_DATA"))
        assert drawn, res["key"]
        for path, fig in drawn:
            fig = getattr(fig, "figure", fig)
            if figure_faults(fig):
                faults[os.path.basename(path)] = figure_faults(fig)
    assert not faults
