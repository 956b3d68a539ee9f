"""The report's pages: ``README.md`` and the self-contained ``index.html``.

Both are drawn from what ``results.json`` holds (:func:`neuronlab.report.reproduce`)
and have the same structure: a header (what ran, on what, how long, how many
published numbers were reproduced), a table of contents, then one section per lab —
its purpose, the headline numbers (ours, published, tolerance, ✓/✗), its figures,
every number folded in ``<details>``, and its notes.  What each says, and how each
number is printed, comes from :mod:`neuronlab.reportnumbers`.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path
from typing import Any

from neuronlab.reportnumbers import (
    Row,
    anchor,
    headline,
    lab_status,
    machine_line,
    notes,
    purpose,
    ran_line,
    rows,
    totals,
    verdict_line,
)

TITLE = "neuronlab — the course labs, reproduced"

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
