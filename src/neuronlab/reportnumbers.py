"""What the report says, before it is laid out as a page: each number printed as the
published one is, the headline rows of a lab, its status, the header's lines, its notes.

Numbers are printed the way the course prints the published ones (:func:`style`): the
published number's decimals (six for a ``%f`` print, all of them for a full-precision
print), accuracies in percent, differences at the printed precision (or, for a
full-precision print, at the precision its tolerance checks; ``0`` when equal there),
and scientific notation only for gradient-check differences, which are tiny by nature.
:mod:`neuronlab.reportpage` lays these out as HTML and Markdown.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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
    if not math.isfinite(value):
        return 0
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _significant(value: float) -> int:
    """Significant digits after the first in ``value``'s shortest repr."""
    if not math.isfinite(value):
        return 2
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
        places = min(places, max(0, math.ceil(-math.log10(bound) - 1e-9)))
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
