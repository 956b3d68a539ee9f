"""``neuronlab reproduce``: run the labs' experiments and write the report.

The report folder holds ``README.md`` (renders on any Git host), ``index.html``
(self-contained: figures embedded), ``results.json`` (every number, for tools)
and the figures as PNG files.  A lab whose data files are missing is reported
as skipped — where it looked and how to provide the files — and is not an error.
"""

from __future__ import annotations

import base64
import html
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from neuronlab.data import DataFileError
from neuronlab.experiments import LABS, Lab, find_labs
from neuronlab.io import to_jsonable, write_atomic


def check_out_dir(out: str | os.PathLike[str], flag: str = "--out") -> Path:
    """A folder to write into (``flag`` names it in errors): created if needed;
    refused if it is a file or not writable."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise ValueError(f"{flag}: expected a folder, got the file {str(path)!r}")
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".neuronlab-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise ValueError(f"{flag}: cannot write to {str(path)!r} ({exc.strerror or exc})") from None
    return path


def run_lab(
    lab: Lab,
    out: Path,
    *,
    quick: bool,
    data_dir: Any,
    dtype: str,
    log: Callable[[str], None],
    save_models: Path | None = None,
) -> dict[str, Any]:
    """Run one lab's experiment and draw its figures; data-less labs come back skipped."""
    start = time.perf_counter()
    experiment = lab.experiment
    try:
        result = experiment.run(
            quick=quick, data_dir=data_dir, dtype=dtype, save_models=save_models
        )
    except DataFileError as exc:
        log(f"  {lab.number} {lab.key}: skipped — data missing or corrupt")
        return {
            "lab": lab.number,
            "key": lab.key,
            "title": lab.title,
            "skipped": str(exc),
            "wall_time": time.perf_counter() - start,
            "metrics": [],
            "figures": [],
        }
    result = to_jsonable(result)
    if quick:  # a few iterations: nothing is comparable with the published numbers
        for metric in result.get("metrics", []):
            metric["ok"] = None
    result.update(key=lab.key, title=lab.title, lab=lab.number, skipped=None)
    result.setdefault("summary", experiment.SUMMARY)
    fig_dir = out / "figures"
    fig_dir.mkdir(exist_ok=True)
    result["figures"] = [
        {"file": f"figures/{name}", "caption": caption}
        for name, caption in experiment.figures(result, fig_dir, data_dir=data_dir)
    ]
    result["experiment_wall_time"] = result.get("wall_time")  # training alone
    result["wall_time"] = time.perf_counter() - start  # with the figures
    bad = sum(1 for m in result.get("metrics", []) if m.get("ok") is False)
    verdict = "all within tolerance" if not bad else f"{bad} outside tolerance"
    if quick:
        verdict = "ran (quick: not comparable)"
    log(f"  {lab.number} {lab.key}: {verdict} ({result['wall_time']:.1f} s)")
    return result


def environment(dtype: str, quick: bool) -> dict[str, Any]:
    """Machine, versions, dtype and date, for the report's header."""
    import matplotlib
    import numpy
    import scipy
    import sklearn

    from neuronlab import __version__

    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "python": platform.python_version(),
        "versions": {
            "neuronlab": __version__,
            "numpy": numpy.__version__,
            "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__,
            "matplotlib": matplotlib.__version__,
        },
        "dtype": dtype,
        "quick": quick,
    }


def reproduce(
    names: Sequence[str] = (),
    out: str | os.PathLike[str] = "neuronlab-report",
    *,
    quick: bool = False,
    data_dir: Any = None,
    dtype: str = "float64",
    log: Callable[[str], None] = print,
    progress: bool | None = None,
    save_models: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Run the labs and write the report; returns what ``results.json`` holds.

    ``progress``: a bar over the labs on stderr (None: only when stderr is a terminal).
    ``save_models``: a folder where the labs that can save their trained networks
    (the cat nets) do, as model files ``neuronlab predict`` takes.
    """
    labs = find_labs(names)
    folder = check_out_dir(out)
    models = None if save_models is None else check_out_dir(save_models, "--save-models")
    start = time.perf_counter()
    if progress is None:
        progress = sys.stderr.isatty()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(labs), unit="lab", leave=False, dynamic_ncols=True)
        log = bar.write  # keep the bar below the per-lab lines
    results = []
    try:
        for lab in labs:
            if bar is not None:
                bar.set_description(f"{lab.number} {lab.key}")
            results.append(
                run_lab(
                    lab,
                    folder,
                    quick=quick,
                    data_dir=data_dir,
                    dtype=dtype,
                    log=log,
                    save_models=models,
                )
            )
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    report = {
        "environment": environment(dtype, quick),
        "labs": results,
        "wall_time": time.perf_counter() - start,
    }
    _write_text(folder / "results.json", json.dumps(report, indent=1, allow_nan=False))
    _write_text(folder / "README.md", markdown(report))
    _write_text(folder / "index.html", to_html(report, folder))
    return report


def _write_text(path: Path, text: str) -> None:
    """``text`` to ``path`` in UTF-8, atomically (:func:`neuronlab.io.write_atomic`)."""
    write_atomic(path, lambda fh: fh.write(text), "w")


# ------------------------------------------------------------------ rendering
def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def _verdict(ok: Any) -> str:
    return {True: "✓", False: "✗"}.get(ok, "—")


def summary_rows(report: dict[str, Any]) -> list[list[str]]:
    """The summary table: lab, metric, ours, published, difference, verdict, wall time."""
    rows = []
    for res in report["labs"]:
        wall = f"{res['wall_time']:.1f} s"
        if res.get("skipped"):
            rows.append(
                [
                    f"{res['lab']} {res['key']}",
                    "skipped — data missing or corrupt",
                    "",
                    "",
                    "",
                    "",
                    wall,
                ]
            )
            continue
        for i, m in enumerate(res.get("metrics", [])):
            rows.append(
                [
                    f"{res['lab']} {res['key']}" if i == 0 else "",
                    m["name"],
                    _fmt(m["ours"]),
                    _fmt(m.get("published")),
                    _fmt(m.get("difference")),
                    _verdict(m.get("ok")),
                    wall if i == 0 else "",
                ]
            )
    return rows


HEADER = ["lab", "metric", "ours", "published", "difference", "within tolerance", "wall time"]


def markdown(report: dict[str, Any]) -> str:
    env = report["environment"]
    lines = ["# neuronlab — the course labs, reproduced", ""]
    if env["quick"]:
        lines += [
            "> **Quick run**: few iterations only. These numbers are NOT comparable "
            "with the published ones.",
            "",
        ]
    lines += [
        f"{env['date']} · {env['machine']} · Python {env['python']} · dtype "
        f"{env['dtype']} · " + ", ".join(f"{k} {v}" for k, v in env["versions"].items()),
        "",
        f"Total wall time: {report['wall_time']:.1f} s",
        "",
        "## Summary",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += [
        "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in summary_rows(report)
    ]
    for res in report["labs"]:
        lines += ["", f"## {res['lab']} {res['title']}", ""]
        if res.get("skipped"):
            lines += ["Skipped — data missing or corrupt.", "", "```", res["skipped"], "```"]
            continue
        if res.get("summary"):
            lines += [res["summary"], ""]
        if res.get("dataset"):
            lines += [f"Data: {res['dataset']}.", ""]
        for fig in res.get("figures", []):
            lines += [f"![{fig['caption']}]({fig['file']})", "", f"*{fig['caption']}*", ""]
    return "\n".join(lines) + "\n"


def to_html(report: dict[str, Any], folder: Path) -> str:
    env = report["environment"]
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>neuronlab — the course labs, reproduced</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;"
        "padding:0 1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:3px 8px;font-size:90%}td.ok{color:#1a7f37}td.bad{color:#c0392b}"
        "img{max-width:100%}figure{margin:1em 0}pre{background:#f6f8fa;padding:1em;"
        "white-space:pre-wrap}</style></head><body>",
        "<h1>neuronlab — the course labs, reproduced</h1>",
    ]
    if env["quick"]:
        parts.append(
            "<p><strong>Quick run</strong>: few iterations only. These numbers are "
            "NOT comparable with the published ones.</p>"
        )
    parts.append(
        f"<p>{esc(env['date'])} · {esc(env['machine'])} · Python "
        f"{esc(env['python'])} · dtype {esc(env['dtype'])} · "
        + esc(", ".join(f"{k} {v}" for k, v in env["versions"].items()))
        + f"</p><p>Total wall time: {report['wall_time']:.1f} s</p>"
    )
    parts.append(
        "<h2>Summary</h2><table><thead><tr>"
        + "".join(f"<th>{esc(h)}</th>" for h in HEADER)
        + "</tr></thead><tbody>"
    )
    for row in summary_rows(report):
        cls = {"✓": ' class="ok"', "✗": ' class="bad"'}.get(row[5], "")
        cells = [f"<td>{esc(c)}</td>" for c in row]
        cells[5] = f"<td{cls}>{esc(row[5])}</td>"
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    for res in report["labs"]:
        parts.append(f"<h2>{esc(res['lab'])} {esc(res['title'])}</h2>")
        if res.get("skipped"):
            parts.append(
                f"<p>Skipped — data missing or corrupt.</p><pre>{esc(res['skipped'])}</pre>"
            )
            continue
        if res.get("summary"):
            parts.append(f"<p>{esc(res['summary'])}</p>")
        if res.get("dataset"):
            parts.append(f"<p>Data: {esc(str(res['dataset']))}.</p>")
        for fig in res.get("figures", []):
            data = base64.b64encode((folder / fig["file"]).read_bytes()).decode("ascii")
            parts.append(
                f'<figure><img alt="{esc(fig["caption"])}" '
                f'src="data:image/png;base64,{data}"><figcaption>'
                f"{esc(fig['caption'])}</figcaption></figure>"
            )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def lab_table(data_dir: Any = None) -> list[dict[str, Any]]:
    """For ``neuronlab labs``: each lab, what it reproduces, and its data's status."""
    from neuronlab.data import file_status

    status = {row["name"]: row["status"] for row in file_status(data_dir)}
    return [
        {
            "lab": lab.number,
            "key": lab.key,
            "title": lab.title,
            "data": {name: status.get(name, "unknown") for name in lab.data},
            "optional_data": {name: status.get(name, "unknown") for name in lab.optional_data},
        }
        for lab in LABS
    ]
