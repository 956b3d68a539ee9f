"""The report's pages: ``README.md`` and the self-contained ``index.html``.

Both are drawn from what ``results.json`` holds (:func:`neuronlab.report.reproduce`)
and have the same structure: a header (what ran, on what, how long, how many
published numbers were reproduced), a table of contents, then one section per lab —
its purpose, the headline numbers (ours, published, tolerance, ✓/✗), its figures,
every number folded in ``<details>``, and its notes.

Numbers are printed the way the course prints the published ones (:func:`shown`):
the published number's decimals (six for a ``%f`` print, all of them for a
full-precision print), accuracies in percent, differences at the precision the
tolerance checks (``0`` when equal at that precision), and scientific notation only
for gradient-check differences, which are tiny by nature.
"""

from __future__ import annotations

import base64
import html
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

TITLE = "neuronlab — the course labs, reproduced"

# ------------------------------------------------------------------ numbers
_COST = re.compile(r"\bcost at (iteration|epoch) (\d+)")


@dataclass(frozen=True)
class Style:
    """How one metric's numbers are printed.

    ``scale`` turns the stored value into the printed unit (100 for an accuracy
    stored as a fraction), ``unit`` follows the number (``" %"``), ``decimals`` are
    the published number's, ``scientific`` marks tiny-by-nature quantities (then
    ``decimals`` counts significant digits after the first).
    """

    scale: float = 1.0
    unit: str = ""
    decimals: int = 6
    scientific: bool = False


def _decimals(value: float) -> int:
    """Decimals of ``value``'s shortest repr (``0.27988`` → 5, ``47.0`` → 0)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _significant(value: float) -> int:
    """Significant digits after the first in ``value``'s shortest repr."""
    digits = Decimal(repr(float(value))).normalize().as_tuple().digits
    return max(0, len(digits) - 1)


def _tiny_by_nature(name: str) -> bool:
    """Gradient-check differences: printed in scientific notation when small."""
    lowered = name.lower()
    return "difference" in lowered or "gradient check" in lowered or "gradcheck" in lowered


def style(metric: dict[str, Any]) -> Style:
    """The printing of ``metric`` (a dict of ``results.json``), from its published number."""
    name = metric["name"]
    published = metric.get("published")
    tolerance = float(metric.get("tolerance") or 0.0)
    if _tiny_by_nature(name):
        digits = _significant(published) if published else 2
        return Style(decimals=digits, scientific=True)
    if "accuracy" in name.lower():
        # the published decimals, or ours' when it has more (90.75 is not "91" beside 91),
        # at most two: a count over m beyond that is float noise to a reader
        scale = 1.0 if "%" in name else 100.0
        values = [v for v in (published, metric.get("ours")) if v is not None]
        places = max(_decimals(round(float(v) * scale, 9)) for v in values)
        return Style(scale=scale, unit=" %", decimals=min(places, 2))
    places = _decimals(published) if published is not None else 6
    if metric.get("kind", "abs") == "abs" and tolerance > 0:
        places = max(places, math.ceil(-math.log10(tolerance) - 1e-9))
    return Style(decimals=min(places, 17))


def _sci(value: float, digits: int) -> str:
    """``7.814075313343006e-11``; ``1e-8`` rather than ``1e-08``."""
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def number(value: Any, st: Style) -> str:
    """``value`` printed in ``st``; ``—`` for a missing one."""
    if value is None:
        return "—"
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if st.scientific:
        if value == 0:
            return "0"
        if abs(value) >= 1e-3:
            return f"{value:.{min(17, st.decimals + 1)}g}"
        return f"{value:.{st.decimals}e}"  # as Python prints it: 7.814075313343006e-11
    return f"{value * st.scale:.{st.decimals}f}{st.unit}"


def _bound(metric: dict[str, Any], st: Style) -> float:
    """The largest difference the tolerance allows, in the printed unit."""
    tolerance = float(metric.get("tolerance") or 0.0)
    if metric.get("kind", "abs") == "rel":
        return tolerance * abs(float(metric["published"])) * st.scale
    return tolerance * st.scale


def difference(metric: dict[str, Any], st: Style) -> str:
    """Ours − published, in the printed unit, at the printed precision — or, for a
    full-precision print (more than 9 decimals, or a relative tolerance: the last digits
    differ between printings), at the precision its tolerance checks.  ``0`` when equal
    there: float noise in the 16th decimal is not a difference a reader should see."""
    ours, published = metric.get("ours"), metric.get("published")
    if published is None or ours is None:
        return "—"
    diff = (float(ours) - float(published)) * st.scale
    if not math.isfinite(diff):
        return "—"
    places = 17 if st.scientific else st.decimals
    bound = _bound(metric, st)
    if bound > 0 and (metric.get("kind", "abs") == "rel" or (places > 9 and not st.scientific)):
        places = min(places, math.ceil(-math.log10(bound) - 1e-9))
    if abs(diff) < 0.5 * 10.0**-places:
        return "0"
    sign = "+" if diff > 0 else "−"
    if st.scientific:
        return sign + _sci(abs(diff), 1)
    return sign + f"{abs(diff):.{places}f}{st.unit}"


def tolerance(metric: dict[str, Any], st: Style) -> str:
    """``exact``, ``± 1e-6``, ``± 0.5 %`` or ``± 1e-8 rel.``; ``—`` with nothing published."""
    if metric.get("published") is None:
        return "—"
    tol = float(metric.get("tolerance") or 0.0)
    if tol == 0:
        return "exact"
    if metric.get("kind", "abs") == "rel":
        return f"± {_short(tol)} rel."
    return f"± {_short(tol * st.scale)}{st.unit}"


def _short(value: float) -> str:
    return _sci(value, 0) if value < 1e-3 else f"{value:g}"


def verdict(metric: dict[str, Any], quick: bool = False) -> str:
    ok = metric.get("ok")
    if ok is True:
        return "✓"
    if ok is False:
        return "✗"
    if quick and metric.get("published") is not None:
        return "not compared"
    return "ours only" if metric.get("published") is None else "—"


@dataclass(frozen=True)
class Row:
    """One metric as printed."""

    name: str
    ours: str
    published: str
    difference: str
    tolerance: str
    verdict: str
    ok: bool | None
    note: str


def rows(res: dict[str, Any], quick: bool = False) -> list[Row]:
    """Every metric of a lab's result, printed."""
    out = []
    for m in res.get("metrics", []):
        st = style(m)
        name = m["name"].replace(" %", "") if st.unit == " %" else m["name"]
        out.append(
            Row(
                name,
                number(m.get("ours"), st),
                number(m.get("published"), st),
                difference(m, st),
                tolerance(m, st),
                verdict(m, quick),
                m.get("ok"),
                m.get("note") or "",
            )
        )
    return out


def headline(res: dict[str, Any]) -> list[int]:
    """Indices of a lab's headline metrics: every published number that is not a point of
    a cost curve, the last published point of each cost curve, every number outside its
    tolerance; and the lab's own numbers (nothing published) when they are few (≤ 4)."""
    metrics = res.get("metrics", [])
    last_of_curve: dict[str, int] = {}
    chosen: set[int] = set()
    ours_only = []
    for i, m in enumerate(metrics):
        curve = _COST.search(m["name"])
        if m.get("ok") is False:
            chosen.add(i)
        if curve:
            if m.get("published") is not None:
                last_of_curve[_COST.sub(r"cost at \1 #", m["name"])] = i
        elif m.get("published") is not None:
            chosen.add(i)
        else:
            ours_only.append(i)
    chosen.update(last_of_curve.values())
    if len(ours_only) <= 4:
        chosen.update(ours_only)
    return sorted(chosen)


# ------------------------------------------------------------------ the run as a whole
def lab_status(res: dict[str, Any], quick: bool) -> tuple[str, str]:
    """``(kind, text)`` of a lab's badge; kind ∈ ok, bad, quick, skipped, ours."""
    if res.get("skipped"):
        return "skipped", "skipped — data missing"
    metrics = res.get("metrics", [])
    published = [m for m in metrics if m.get("published") is not None]
    bad = [m for m in metrics if m.get("ok") is False]
    if bad:
        return "bad", f"{len(bad)} of {len(published)} outside tolerance"
    if quick or any(m.get("ok") is None for m in published):
        return "quick", "quick run — not compared"
    if not published:
        return "ours", "our numbers (nothing published)"
    return "ok", f"{len(published)} / {len(published)} within tolerance"


def totals(report: dict[str, Any]) -> dict[str, int]:
    """Counts for the header: published numbers checked / within, labs run / skipped."""
    labs = report["labs"]
    metrics = [m for r in labs for m in r.get("metrics", [])]
    return {
        "labs": len(labs),
        "skipped": sum(1 for r in labs if r.get("skipped")),
        "published": sum(1 for m in metrics if m.get("published") is not None),
        "checked": sum(1 for m in metrics if m.get("ok") is not None),
        "within": sum(1 for m in metrics if m.get("ok") is True),
        "outside": sum(1 for m in metrics if m.get("ok") is False),
    }


def verdict_line(report: dict[str, Any]) -> str:
    """The header's one-line verdict, e.g. "204 / 204 published numbers within tolerance"."""
    t = totals(report)
    if report["environment"]["quick"]:
        line = f"{t['published']} published numbers not compared (quick run)"
    else:
        line = f"{t['within']} / {t['checked']} published numbers within tolerance"
        if t["outside"]:
            line += f" — {t['outside']} outside"
    if t["skipped"]:
        line += f"; {t['skipped']} of {t['labs']} labs skipped (data missing)"
    return line


def ran_line(report: dict[str, Any]) -> str:
    """What ran and how long: "8 labs · published settings · float64 · 43.0 s · date"."""
    env = report["environment"]
    n = len(report["labs"])
    how = "quick run (few iterations)" if env["quick"] else "published settings"
    return (
        f"{n} lab{'s' if n != 1 else ''} · {how} · dtype {env['dtype']} · "
        f"{report['wall_time']:.1f} s · {env['date']}"
    )


def machine_line(report: dict[str, Any]) -> str:
    env = report["environment"]
    versions = ", ".join(f"{k} {v}" for k, v in env["versions"].items())
    return f"{env['machine']} · Python {env['python']} · {versions}"


def anchor(res: dict[str, Any]) -> str:
    """The HTML id of a lab's section: ``lab-3-2``."""
    return "lab-" + str(res["lab"]).replace(".", "-")


def purpose(res: dict[str, Any]) -> str:
    """A lab's one-line purpose (its experiment's ``PURPOSE``; else the summary's first
    sentence)."""
    if res.get("purpose"):
        return str(res["purpose"])
    summary = str(res.get("summary") or "")
    return summary.split(". ")[0].rstrip(".") + "." if summary else ""


def notes(res: dict[str, Any]) -> list[str]:
    """A lab's notes: its data, the course version of its numbers, why numbers differ."""
    out = []
    if res.get("dataset"):
        data = f"Data: {res['dataset']}."
        if res.get("dataset_note"):
            data += f" {res['dataset_note']}"
        out.append(data)
    if res.get("course_version"):
        out.append(f"Published numbers: {res['course_version']}")
    groups: dict[str, list[str]] = {}
    for m in res.get("metrics", []):
        if m.get("note") and m["note"] != "quick run: not comparable":
            groups.setdefault(m["note"], []).append(m["name"])
    for note, names in groups.items():
        which = names[0] if len(names) == 1 else f"{len(names)} numbers, e.g. {names[0]}"
        out.append(f"{note[0].upper()}{note[1:]} ({which}).")
    bad = [m["name"] for m in res.get("metrics", []) if m.get("ok") is False]
    if bad:
        out.append("Outside tolerance: " + "; ".join(bad) + ".")
    timing = f"Wall time {res['wall_time']:.1f} s"
    if res.get("experiment_wall_time") is not None:
        timing += f" ({res['experiment_wall_time']:.1f} s training and checks, the rest figures)"
    out.append(timing + ".")
    return out


# ------------------------------------------------------------------ Markdown
HEADLINE_HEADER = ["result", "ours", "published", "tolerance", "✓/✗"]
DETAIL_HEADER = ["result", "ours", "published", "difference", "tolerance", "✓/✗"]


def _md_table(header: list[str], body: list[list[str]], right: int = 1) -> list[str]:
    def cells(row: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"

    align = ["---"] + ["---:"] * (len(header) - right - 1) + [":---:"] * right
    return [cells(header), "|" + "|".join(align) + "|", *map(cells, body)]


def _md_slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def markdown(report: dict[str, Any]) -> str:
    """``README.md``: the same structure as the HTML page; figures as relative links."""
    env = report["environment"]
    quick = env["quick"]
    lines = [f"# {TITLE}", ""]
    if quick:
        lines += [
            "> **Quick run** — a few iterations only, a smoke test: these numbers are NOT "
            "compared with the published ones.",
            "",
        ]
    lines += [f"**{verdict_line(report)}**", "", ran_line(report), "", machine_line(report), ""]
    lines += ["## Contents", ""]
    for res in report["labs"]:
        heading = f"{res['lab']} {res['title']}"
        _, status = lab_status(res, quick)
        lines.append(f"- [{heading}](#{_md_slug(heading)}) — {status}")
    for res in report["labs"]:
        _, status = lab_status(res, quick)
        lines += ["", f"## {res['lab']} {res['title']}", "", f"*{status}*", ""]
        if res.get("skipped"):
            lines += ["**Skipped — data missing or corrupt.**", "", "```", res["skipped"], "```"]
            continue
        if purpose(res):
            lines += [purpose(res), ""]
        printed = rows(res, quick)
        lines += _md_table(
            HEADLINE_HEADER,
            [[r.name, r.ours, r.published, r.tolerance, r.verdict] for r in _pick(printed, res)],
        )
        lines.append("")
        for fig in res.get("figures", []):
            lines += [f"![{fig['caption']}]({fig['file']})", "", f"*{fig['caption']}*", ""]
        if res.get("summary"):
            lines += [res["summary"], ""]
        lines += [
            "<details>",
            f"<summary>All {len(printed)} numbers of lab {res['lab']}</summary>",
            "",
            *_md_table(
                DETAIL_HEADER,
                [
                    [r.name, r.ours, r.published, r.difference, r.tolerance, r.verdict]
                    for r in printed
                ],
            ),
            "",
            "</details>",
            "",
            "**Notes**",
            "",
        ]
        lines += [f"- {n}" for n in notes(res)]
    return "\n".join(lines) + "\n"


def _pick(printed: list[Row], res: dict[str, Any]) -> list[Row]:
    return [printed[i] for i in headline(res)]


# ------------------------------------------------------------------ HTML
CSS = """
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;
--soft:#f6f8fa;--link:#0969da;--ok:#1a7f37;--okbg:#dafbe1;--bad:#cf222e;--badbg:#ffebe9;
--quick:#7d4e00;--quickbg:#fff8c5;--skip:#59636e;--skipbg:#eff2f5}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;
--line:#3d444d;--soft:#151b23;--link:#4493f8;--ok:#3fb950;--okbg:#12261e;--bad:#f85149;
--badbg:#2d1215;--quick:#d29922;--quickbg:#272115;--skip:#9198a1;--skipbg:#21262d}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,
"Segoe UI",Roboto,sans-serif}
main{max-width:1080px;margin:0 auto;padding:1.5rem 1rem 4rem}
a{color:var(--link)}
h1{font-size:1.9rem;line-height:1.2;margin:.2rem 0 .6rem}
h2{font-size:1.45rem;line-height:1.25;margin:0 0 .3rem}
header .verdict{font-size:1.3rem;font-weight:600;margin:.4rem 0}
.meta{color:var(--muted);font-size:.9rem;margin:.2rem 0}
.banner{border:2px solid var(--quick);background:var(--quickbg);color:var(--fg);
padding:.6rem .9rem;border-radius:6px;margin:.8rem 0}
nav{border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;margin:1.2rem 0;
background:var(--soft)}
nav h2{font-size:1rem;margin:0 0 .3rem}
nav ol{margin:0;padding-left:1.4rem}
nav li{margin:.15rem 0}
.badge{display:inline-block;font-size:.8rem;font-weight:600;padding:.05rem .5rem;
border-radius:999px;border:1px solid currentColor;white-space:nowrap;vertical-align:middle}
.b-ok{color:var(--ok);background:var(--okbg)}.b-bad{color:var(--bad);background:var(--badbg)}
.b-quick{color:var(--quick);background:var(--quickbg)}
.b-skipped,.b-ours{color:var(--skip);background:var(--skipbg)}
.time{color:var(--muted);font-size:.85rem;white-space:nowrap}
section{border-top:1px solid var(--line);padding-top:1.2rem;margin-top:2rem;scroll-margin-top:.5rem}
section.skipped{opacity:.85}
.purpose{font-size:1.05rem;margin:.4rem 0 .8rem}
.tablewrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.9rem;margin:.4rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}th:last-child{white-space:nowrap}
td.n{text-align:right;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
font-variant-numeric:tabular-nums;white-space:nowrap;font-size:.85rem}
td.v{text-align:center;white-space:nowrap}
tr.ok td.v{color:var(--ok);font-weight:700}tr.bad td{background:var(--badbg)}
tr.bad td.v{color:var(--bad);font-weight:700}tr.none td.v{color:var(--muted);font-size:.8rem}
figure{margin:1rem 0}.pan{overflow-x:auto}
figure img{display:block;max-width:100%;height:auto;background:#fff;border-radius:4px;
border:1px solid var(--line)}
figcaption{color:var(--muted);font-size:.9rem;margin-top:.3rem}
details{margin:.8rem 0;border:1px solid var(--line);border-radius:6px;padding:.3rem .8rem}
summary{cursor:pointer;font-weight:600}
pre{background:var(--soft);border:1px solid var(--line);padding:.8rem;border-radius:6px;
white-space:pre-wrap;overflow-wrap:anywhere}
.notes h3{font-size:1rem;margin:1rem 0 .2rem}
.notes ul{margin:.2rem 0;padding-left:1.2rem}
footer{color:var(--muted);font-size:.85rem;margin-top:3rem}
@media (max-width:600px){body{font-size:15px}main{padding:1rem .6rem 3rem}h1{font-size:1.5rem}
h2{font-size:1.2rem}table{font-size:.82rem}th,td{padding:.25rem .3rem}
td.n{font-size:.74rem}td:first-child{overflow-wrap:anywhere;min-width:6.5em}
figure.wide img{max-width:none;width:230%}
figure.wide figcaption::after{content:" — swipe sideways for every panel"}}
@media print{:root{--bg:#fff;--fg:#000;--muted:#333;--soft:#f3f3f3;--line:#bbb}
body{font-size:11pt}main{max-width:none;padding:0}nav{break-after:page}
section{break-before:page;border:0;margin:0}figure,tr,.purpose{break-inside:avoid}
h2,h3{break-after:avoid}a{color:inherit;text-decoration:none}
.tablewrap{overflow:visible}details{border:0;padding:0}}
"""

#: Print every folded table: a closed ``<details>`` prints as its summary line only.
PRINT_SCRIPT = (
    "addEventListener('beforeprint',function(){document.querySelectorAll('details')"
    ".forEach(function(d){d.open=true})})"
)


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's header (so the page does not jump while loading)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _html_table(header: list[str], body: list[Row], detailed: bool) -> str:
    esc = html.escape
    head = "".join(
        f'<th scope="col"{" class=n" if 0 < i < len(header) - 1 else ""}>{esc(h)}</th>'
        for i, h in enumerate(header)
    )
    out = [f'<div class="tablewrap"><table><thead><tr>{head}</tr></thead><tbody>']
    for r in body:
        cls = "ok" if r.ok is True else ("bad" if r.ok is False else "none")
        numbers = [r.ours, r.published] + ([r.difference] if detailed else []) + [r.tolerance]
        cells = "".join(f'<td class="n">{esc(c)}</td>' for c in numbers)
        title = f' title="{esc(r.note)}"' if r.note else ""
        out.append(
            f'<tr class="{cls}"><td{title}>{esc(r.name)}</td>{cells}'
            f'<td class="v">{esc(r.verdict)}</td></tr>'
        )
    out.append("</tbody></table></div>")
    return "".join(out)


def _figure(fig: dict[str, Any], folder: Path) -> str:
    esc = html.escape
    data = (folder / fig["file"]).read_bytes()
    size = _png_size(data)
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    # a row of panels (wider than 2.2 : 1) is too small on a phone: there it is shown
    # larger, in a strip the reader swipes (the page itself never scrolls sideways)
    wide = ' class="wide"' if size and size[0] > 2.2 * size[1] else ""
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<figure{wide}><div class="pan"><img alt="{esc(fig["caption"])}"{dims} '
        f'loading="eager" src="data:image/png;base64,{encoded}"></div>'
        f"<figcaption>{esc(fig['caption'])}</figcaption></figure>"
    )


def to_html(report: dict[str, Any], folder: Path) -> str:
    """``index.html``: self-contained (figures as ``data:`` URIs, CSS inline, no network)."""
    esc = html.escape
    env = report["environment"]
    quick = env["quick"]
    t = totals(report)
    kind = "bad" if t["outside"] else ("quick" if quick else "ok")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(TITLE)}</title>",
        f"<style>{CSS}</style>",
        f"<script>{PRINT_SCRIPT}</script>",
        "</head><body><main>",
        f"<header><h1>{esc(TITLE)}</h1>",
    ]
    if quick:
        parts.append(
            '<p class="banner"><strong>Quick run</strong> — a few iterations only, a smoke '
            "test: these numbers are <strong>not</strong> compared with the published ones. "
            "Run <code>neuronlab reproduce</code> without <code>--quick</code> for the "
            "real report.</p>"
        )
    parts += [
        f'<p class="verdict"><span class="badge b-{kind}">'
        f"{'✗' if t['outside'] else ('quick' if quick else '✓')}</span> "
        f"{esc(verdict_line(report))}</p>",
        f'<p class="meta">{esc(ran_line(report))}</p>',
        f'<p class="meta">{esc(machine_line(report))}</p>',
        "</header>",
        '<nav aria-label="Contents"><h2>Contents</h2><ol>',
    ]
    for res in report["labs"]:
        k, status = lab_status(res, quick)
        parts.append(
            f'<li><a href="#{anchor(res)}">{esc(res["lab"])} {esc(res["title"])}</a> '
            f'<span class="badge b-{k}">{esc(status)}</span> '
            f'<span class="time">{res["wall_time"]:.1f} s</span></li>'
        )
    parts.append("</ol></nav>")
    for res in report["labs"]:
        parts.append(_html_section(res, folder, quick))
    parts.append(
        "<footer>Written by <code>neuronlab reproduce</code>; every number is in "
        "<code>results.json</code> beside this page.</footer></main></body></html>"
    )
    return "\n".join(parts) + "\n"


def _html_section(res: dict[str, Any], folder: Path, quick: bool) -> str:
    esc = html.escape
    k, status = lab_status(res, quick)
    parts = [
        f'<section id="{anchor(res)}" class="{k}"><h2>{esc(res["lab"])} {esc(res["title"])}</h2>',
        f'<p><span class="badge b-{k}">{esc(status)}</span> '
        f'<span class="time">{res["wall_time"]:.1f} s</span></p>',
    ]
    if res.get("skipped"):
        parts.append(
            "<p><strong>Skipped — data missing or corrupt.</strong> Nothing was compared "
            f"for this lab; this is not a failure.</p><pre>{esc(res['skipped'])}</pre>"
            "</section>"
        )
        return "".join(parts)
    if purpose(res):
        parts.append(f'<p class="purpose">{esc(purpose(res))}</p>')
    printed = rows(res, quick)
    parts.append(_html_table(HEADLINE_HEADER, _pick(printed, res), detailed=False))
    parts += [_figure(fig, folder) for fig in res.get("figures", [])]
    if res.get("summary"):
        parts.append(f"<p>{esc(res['summary'])}</p>")
    parts.append(
        f"<details><summary>All {len(printed)} numbers of lab {esc(res['lab'])}</summary>"
        + _html_table(DETAIL_HEADER, printed, detailed=True)
        + "</details>"
    )
    parts.append(
        '<div class="notes"><h3>Notes</h3><ul>'
        + "".join(f"<li>{esc(n)}</li>" for n in notes(res))
        + "</ul></div></section>"
    )
    return "".join(parts)
