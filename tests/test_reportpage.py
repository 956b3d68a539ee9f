"""The report's pages: numbers printed as the published ones, headline rows, lab states,
and re-rendering from ``results.json`` (no lab runs: a small fixture report)."""

import json

import pytest
from PIL import Image

from neuronlab.report import render
from neuronlab.reportnumbers import (
    difference,
    headline,
    lab_status,
    number,
    rows,
    style,
    tolerance,
    verdict_line,
)
from neuronlab.reportpage import markdown, to_html


def metric(name, ours, published=None, tol=0.0, kind="abs", note=""):
    ok = None
    if published is not None:
        bound = tol * (abs(published) if kind == "rel" else 1.0)
        ok = abs(ours - published) <= bound
    return {
        "name": name,
        "ours": ours,
        "published": published,
        "tolerance": tol,
        "kind": kind,
        "note": note,
        "difference": None if published is None else ours - published,
        "ok": ok,
    }


def shown(m):
    st = style(m)
    return number(m["ours"], st), number(m["published"], st), difference(m, st), tolerance(m, st)


@pytest.mark.parametrize(
    ("m", "expected"),
    [
        # a 6-decimal print keeps its trailing zero (repr says 0.27988)
        (metric("cost at iteration 600", 0.27988012, 0.27988, 1e-6), ("0.279880",) * 2),
        # a full-precision print keeps every digit; the tolerance's precision says 0
        (
            metric("he: cost at iteration 0", 0.883053746341976, 0.8830537463419761, 1e-8, "rel"),
            ("0.8830537463419760", "0.8830537463419761", "0", "± 1e-8 rel."),
        ),
        # accuracies as fractions are printed in percent, with the published decimals
        (metric("4-layer test accuracy", 0.8, 0.8), ("80 %", "80 %", "0", "exact")),
        (metric("4-layer train accuracy", 0.9856459330143539, 0.9856459330143539), ("98.56 %",)),
        (metric("none: test accuracy", 0.915, 0.915), ("91.5 %",)),
        # accuracies already in percent; a difference in percentage points, same unit
        (
            metric("sweep accuracy % (n_h = 50)", 90.5, 90.25, 0.5),
            ("90.50 %", "90.25 %", "+0.25 %", "± 0.5 %"),
        ),
        (metric("test accuracy %", 74.0, 70.0), ("74 %", "70 %", "+4 %", "exact")),
        # ours is not rounded to the published decimals when it has more (within ± 0.5)
        (
            metric("sweep accuracy % (n_h = 20)", 90.75, 91.0, 0.5),
            ("90.75 %", "91.00 %", "−0.25 %"),
        ),
        # gradient-check differences are tiny by nature: scientific, as Python prints them
        (
            metric("1-D: difference", 7.814075313343006e-11, 7.814075313343006e-11, 1e-8, "rel"),
            ("7.814075313343006e-11", "7.814075313343006e-11", "0", "± 1e-8 rel."),
        ),
        (
            metric("N-D: difference, planted bugs", 0.2850931567761623, 0.2850931567761623),
            ("0.2850931567761623",),
        ),
        (metric("gradient check, debug net", 2.5e-11, 0.0, 1e-9), ("2.50e-11", "0", "+2.5e-11")),
        # a difference outside the tolerance, at the printed precision
        (
            metric("cost at epoch 1000", 0.668113, 0.668101, 1e-6),
            ("0.668113", "0.668101", "+0.000012", "± 1e-6"),
        ),
    ],
)
def test_numbers_are_printed_as_the_published_ones(m, expected):
    assert shown(m)[: len(expected)] == expected


def test_no_float_noise_and_no_scientific_cost():
    m = metric("2-layer cost at iteration 0", 0.6930497356599891, 0.693049735659989, 1e-8, "rel")
    ours, published, diff, _ = shown(m)
    assert (ours, published, diff) == ("0.693049735659989", "0.693049735659989", "0")
    m = metric("zeros: cost at iteration 0", 0.6931471805599455, 0.6931471805599453, 1e-15)
    assert shown(m)[2] == "0"  # float noise in the 16th decimal, within the 1e-15 checked
    assert "e" not in "".join(shown(m)[:3])  # ours, published, difference
    m = metric("cost at iteration 7000", 0.220638, 0.220639, 1e-4)  # a 6-decimal print
    assert shown(m)[2] == "−0.000001"  # a difference the two printed numbers show


def test_odd_numbers_still_print():
    """A diverged run (nan, inf) and a loose relative tolerance do not break the page."""
    assert shown(metric("train accuracy", float("nan"), 0.9))[:3] == ("nan", "90 %", "—")
    assert shown(metric("cost at iteration 0", float("inf"), 0.5, 1e-6))[0] == "inf"
    assert shown(metric("cost at iteration 0", 230.0, 200.0, 0.2, "rel"))[2] == "+30"


def test_headline_is_the_results_not_every_curve_point():
    res = {
        "metrics": [
            metric("gd: cost at epoch 0", 0.70, 0.70, 1e-6),
            metric("gd: cost at epoch 1000", 0.66, 0.66, 1e-6),
            metric("gd: train accuracy", 0.7, 0.7),
            metric("adam: cost at epoch 0", 0.71, 0.7, 1e-6),  # outside: always shown
            metric("adam: cost at epoch 1000", 0.16, 0.16, 1e-6),
            metric("ours: test accuracy", 0.9),
        ]
    }
    assert headline(res) == [1, 2, 3, 4, 5]


def lab(number, key, metrics, figures=(), skipped=None):
    return {
        "lab": number,
        "key": key,
        "title": f"Lab {key}",
        "summary": "What it shows.",
        "purpose": f"What {key} is for.",
        "dataset": "made-up points",
        "skipped": skipped,
        "metrics": metrics,
        "figures": list(figures),
        "wall_time": 1.25,
    }


def fixture_report(folder, quick=False):
    (folder / "figures").mkdir(parents=True)
    Image.new("RGB", (300, 200), (40, 120, 200)).save(folder / "figures" / "a.png")
    figure = {"file": "figures/a.png", "caption": "A blue square"}
    good = [metric("cost at iteration 0", 0.693147, 0.693147, 1e-6), metric("accuracy", 1, 1)]
    bad = [metric("test accuracy", 0.5, 0.72), metric("cost at iteration 0", 0.7, 0.7, 1e-6)]
    if quick:
        for m in good + bad:
            m["ok"] = None
    report = {
        "environment": {
            "date": "2026-01-01 00:00 UTC",
            "machine": "x86_64, 2 cores, Linux",
            "python": "3.11",
            "versions": {"neuronlab": "0"},
            "dtype": "float64",
            "quick": quick,
        },
        "labs": [
            lab("3.1", "good", good, [figure]),
            lab("3.2", "bad", bad, [figure]),
            lab("3.3", "missing", [], skipped="data.mat not found in /nowhere"),
        ],
        "wall_time": 3.5,
    }
    (folder / "results.json").write_text(json.dumps(report))
    return report


def test_passed_failed_skipped_and_quick_look_different(tmp_path):
    report = fixture_report(tmp_path / "full")
    statuses = [lab_status(res, quick=False) for res in report["labs"]]
    assert [kind for kind, _ in statuses] == ["ok", "bad", "skipped"]
    assert statuses[0][1] == "2 / 2 within tolerance"
    assert statuses[1][1] == "1 of 2 outside tolerance"
    assert verdict_line(report).startswith("3 / 4 published numbers within tolerance — 1 outside")
    page = to_html(report, tmp_path / "full")
    assert 'class="badge b-bad"' in page and 'class="badge b-skipped"' in page
    assert '<tr class="bad">' in page and "data.mat not found in /nowhere" in page
    quick = fixture_report(tmp_path / "quick", quick=True)
    assert {lab_status(res, quick=True)[0] for res in quick["labs"][:2]} == {"quick"}
    assert verdict_line(quick) == (
        "4 published numbers not compared (quick run); 1 of 3 labs skipped (data missing)"
    )
    page = to_html(quick, tmp_path / "quick")
    assert 'class="badge b-bad"' not in page and 'class="banner"' in page
    assert all(r.verdict == "not compared" for r in rows(quick["labs"][0], quick=True))


def test_markdown_twin_has_the_same_structure(tmp_path):
    report = fixture_report(tmp_path)
    md = markdown(report)
    order = [md.index(part) for part in (
        "## Contents", "## 3.1 Lab good", "What good is for.", "| result | ours | published |",
        "![A blue square](figures/a.png)", "<details>", "**Notes**", "## 3.2 Lab bad",
        "## 3.3 Lab missing",
    )]  # fmt: skip
    assert order == sorted(order)
    assert "- [3.1 Lab good](#31-lab-good) — 2 / 2 within tolerance" in md
    assert "| test accuracy | 50 % | 72 % | −22 % | exact | ✗ |" in md


def test_render_rewrites_the_pages_from_results_json(tmp_path):
    fixture_report(tmp_path)
    render(tmp_path)
    page = (tmp_path / "index.html").read_text()
    assert page.count("data:image/png;base64,") == 2 and "http" not in page.split("<body>")[1]
    assert "## 3.2 Lab bad" in (tmp_path / "README.md").read_text()
    with pytest.raises(ValueError, match="no results.json"):
        render(tmp_path / "figures")
    (tmp_path / "figures" / "results.json").write_text('{"labs": []}')
    with pytest.raises(ValueError, match="expected the keys 'environment', 'labs'"):
        render(tmp_path / "figures")


def test_charts_are_stored_compact_and_photos_untouched(tmp_path):
    import numpy as np

    from neuronlab import plots
    from neuronlab.report import compact_png

    ax = plots.cost_curves({"a": ([0, 1, 2, 3], [4, 3, 2, 1]), "b": ([0, 1, 2, 3], [1, 2, 3, 4])})
    chart = plots.save(ax, tmp_path / "chart.png")
    before, pixels = chart.stat().st_size, Image.open(chart).size
    assert compact_png(chart)
    assert chart.stat().st_size < 0.6 * before and Image.open(chart).size == pixels
    photo = tmp_path / "photo.png"
    noise = np.random.default_rng(0).integers(0, 256, (120, 120, 3), dtype=np.uint8)
    Image.fromarray(noise).save(photo)
    before = photo.read_bytes()
    assert not compact_png(photo) and photo.read_bytes() == before
