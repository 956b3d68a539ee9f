"""``neuronlab reproduce``: run the labs' experiments and write the report.

The report folder holds ``README.md`` (renders on any Git host), ``index.html``
(self-contained: figures embedded), ``results.json`` (every number, for tools)
and the figures as PNG files.  A lab whose data files are missing is reported
as skipped — where it looked and how to provide the files — and is not an error.
"""

from __future__ import annotations

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


def check_out_dir(out: str | os.PathLike[str], flag: str = "--out", create: bool = True) -> Path:
    """A folder to write into (``flag`` names it in errors): created if needed;
    refused if it is a file or not writable.  ``create=False``: only the first check,
    nothing made."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise ValueError(f"{flag}: expected a folder, got the file {str(path)!r}")
    if not create:
        return path
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
    result.setdefault("purpose", getattr(experiment, "PURPOSE", ""))
    result.setdefault("course_version", getattr(experiment, "COURSE_VERSION", ""))
    fig_dir = out / "figures"
    fig_dir.mkdir(exist_ok=True)
    result["figures"] = draw_figures(experiment, result, fig_dir, data_dir)
    result["experiment_wall_time"] = result.get("wall_time")  # training alone
    result["wall_time"] = time.perf_counter() - start  # with the figures
    bad = sum(1 for m in result.get("metrics", []) if m.get("ok") is False)
    verdict = "all within tolerance" if not bad else f"{bad} outside tolerance"
    if quick:
        verdict = "ran (quick: not comparable)"
    log(f"  {lab.number} {lab.key}: {verdict} ({result['wall_time']:.1f} s)")
    return result


def draw_figures(
    experiment: Any, result: dict[str, Any], fig_dir: Path, data_dir: Any
) -> list[dict[str, str]]:
    """A lab's figures into ``fig_dir``, each made compact (:func:`compact_png`);
    returns the report's ``{"file", "caption"}`` entries."""
    drawn = experiment.figures(result, fig_dir, data_dir=data_dir)
    for name, _ in drawn:
        compact_png(fig_dir / name)
    return [{"file": f"figures/{name}", "caption": caption} for name, caption in drawn]


#: A chart has a few hundred to a few thousand colours (its antialiased edges); a photo
#: has tens of thousands.
CHART_COLOURS = 4096


def compact_png(path: Path) -> bool:
    """Rewrite a chart's PNG with a 256-colour palette — a third of the bytes, and the
    HTML page embeds every figure.  Photos (more than :data:`CHART_COLOURS` colours,
    the cat pictures) are left as they are: a palette would band them.  Returns
    whether the file was rewritten."""
    from PIL import Image

    with Image.open(path) as im:
        rgb = im.convert("RGB")
    if rgb.getcolors(CHART_COLOURS) is None:  # None: more colours than that
        return False
    small = rgb.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    write_atomic(path, lambda fh: small.save(fh, "PNG", optimize=True))
    return True


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
    write_pages(report, folder)
    return report


def write_pages(report: dict[str, Any], folder: Path) -> None:
    """``README.md`` and ``index.html`` from ``report`` (what ``results.json`` holds),
    with the figures already in ``folder``."""
    from neuronlab.reportpage import markdown, to_html

    _write_text(folder / "README.md", markdown(report))
    _write_text(folder / "index.html", to_html(report, folder))


def render(
    folder: str | os.PathLike[str], *, redraw: bool = False, data_dir: Any = None
) -> dict[str, Any]:
    """Write a report's pages again from its ``results.json``, without running the labs.

    ``redraw``: draw each lab's figures again from its stored result first (the labs
    whose figures show data files need ``data_dir``).  Returns the report.
    """
    path = Path(folder)
    source = path / "results.json"
    try:
        report = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"no results.json in {str(path)!r}: not a report folder") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{str(source)!r} is not a report's results.json ({exc})") from None
    if not (isinstance(report, dict) and {"environment", "labs", "wall_time"} <= report.keys()):
        raise ValueError(
            f"{str(source)!r} is not a report's results.json: expected the keys "
            "'environment', 'labs' and 'wall_time' that neuronlab reproduce writes"
        )
    by_key = {lab.key: lab for lab in LABS}
    for res in report["labs"]:  # descriptions a report older than them lacks
        if res.get("key") in by_key and not res.get("skipped"):
            experiment = by_key[res["key"]].experiment
            res.setdefault("purpose", getattr(experiment, "PURPOSE", ""))
            res.setdefault("course_version", getattr(experiment, "COURSE_VERSION", ""))
    if redraw:
        (path / "figures").mkdir(exist_ok=True)
        for res in report["labs"]:
            if res.get("skipped") or res["key"] not in by_key:
                continue
            res["figures"] = draw_figures(
                by_key[res["key"]].experiment, res, path / "figures", data_dir
            )
        _write_text(source, json.dumps(report, indent=1, allow_nan=False))
    write_pages(report, path)
    return report


def _write_text(path: Path, text: str) -> None:
    """``text`` to ``path`` in UTF-8, atomically (:func:`neuronlab.io.write_atomic`)."""
    write_atomic(path, lambda fh: fh.write(text), "w")


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
