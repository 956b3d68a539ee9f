"""``neuronlab info``: what a model file holds, readable in ten seconds.

The file is read by :func:`neuronlab.io.read_network` (so a missing file, a
folder, a CSV… get its one-line messages); the architecture and the parameter
count come from the file itself, everything else from the metadata ``train``
writes (:mod:`neuronlab.usermodels`).  A model saved from Python without that
metadata still shows what it has, and says what it lacks.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import fields
from typing import Any

from neuronlab.cli.options import architecture
from neuronlab.io import read_network
from neuronlab.network import Network
from neuronlab.usermodels import TASKS, TrainSettings

#: Settings shown elsewhere in the summary (architecture, input), not among the settings.
SHOWN_ELSEWHERE = ("layers", "activation", "standardize", "image_size", "label", "task")


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "info", help="what a saved model is and how it was trained", description=run.__doc__
    )
    p.add_argument("model", metavar="MODEL", help="model file (.npz)")
    p.add_argument("--json", action="store_true", help="print it as JSON, for programs")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Show a model file: its architecture (layer sizes, activations, loss, dtype),
    parameter count, the input it takes, its classes, how it was trained (settings,
    accuracies, epochs, wall time), the neuronlab that wrote it and the file format."""
    header, net = read_network(args.model)
    summary = describe(net, header, str(args.model))
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(as_text(summary))
    return 0


# ----------------------------------------------------------------- the facts
def describe(net: Network, header: dict[str, Any], path: str) -> dict[str, Any]:
    """The model's facts as JSON-able data (``None`` where the file does not say)."""
    md = _mapping(header.get("metadata"))
    training = _mapping(md.get("training"))
    output = net.activations[-1].name
    classes = md.get("classes")
    if not isinstance(classes, list) and output in ("sigmoid", "softmax"):
        classes = None  # a classifier whose class names were not saved
    names = [f.name for f in fields(TrainSettings)]
    settings = {k: training[k] for k in names if k in training and k not in SHOWN_ELSEWHERE}
    costs = training.get("costs")
    return {
        "file": path,
        "format_version": header.get("format_version"),
        "written_by": training.get("neuronlab_version"),
        "architecture": {
            "layer_dims": list(net.layer_dims),
            "activations": [a.to_config() for a in net.activations],
            "loss": net.loss.name,
            "dtype": net.dtype.name,
        },
        "parameters": int(net.layout.size),
        "input": md.get("input") if isinstance(md.get("input"), dict) else None,
        "classes": classes,
        "classifier": output in ("sigmoid", "softmax"),
        "task": md.get("task") if md.get("task") in TASKS else _task(output),
        "target": md.get("target") if isinstance(md.get("target"), dict) else None,
        "label": md.get("label"),
        "dataset": training.get("dataset"),
        "settings": settings or None,
        "metrics": {
            key: training.get(key)
            for key in (
                "examples",
                "validation_examples",
                "train_accuracy",
                "validation_accuracy",
                *(f"{split}_{m}" for split in ("train", "validation") for m in REGRESSION),
                "epochs_run",
                "best_epoch",
                "stopped_early",
                "wall_time",
            )
        }
        | {"cost_curve_length": len(costs) if isinstance(costs, list) else None}
        if training
        else None,
    }


#: A regressor's metrics, as ``train`` records them (``train_r2``, ``validation_mae``, …).
REGRESSION = ("r2", "mae", "rmse")


def _task(output: str) -> str | None:
    """The task of a model saved without one: a classifier's output says so; an
    identity output is a regressor's; any other output, unknown."""
    return {"sigmoid": "classification", "softmax": "classification"}.get(
        output, "regression" if output == "identity" else None
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# ------------------------------------------------------------------ the text
def as_text(s: dict[str, Any]) -> str:
    """The summary as a few labelled lines."""
    arch = s["architecture"]
    written = f", written by neuronlab {s['written_by']}" if s["written_by"] else ""
    rows = [
        ("architecture", architecture(arch)),
        ("parameters", f"{s['parameters']:,}"),
        ("input", _input(s["input"], arch["layer_dims"][0])),
        ("task", s["task"] or "unknown"),
        ("predicts" if s["task"] == "regression" else "classes", _classes(s)),
        ("trained on", _data(s)),
        ("settings", _settings(s["settings"])),
        ("metrics", _metrics(s["metrics"])),
    ]
    lines = [f"{s['file']}: neuronlab model (file format {s['format_version']}{written})"]
    lines += [f"  {name:<14}{text}" for name, text in rows if text]
    return "\n".join(lines)


def _input(spec: dict[str, Any] | None, n_x: int) -> str:
    if spec is None or spec.get("kind") == "any":
        return f"{n_x} numbers per example (no input spec saved)"
    if spec.get("kind") == "image":
        h, w, *c = spec.get("shape") or [0, 0]
        return f"pictures resized to {w}×{h}" + (" RGB" if c == [3] else "") + ", pixels ÷ 255"
    features = spec.get("features") or []
    shown = ", ".join(map(str, features[:8])) + (", …" if len(features) > 8 else "")
    scaled = (
        "standardised with the training split's mean and std"
        if spec.get("mean") is not None
        else "not standardised"
    )
    return f"a table of {len(features) or n_x} features ({shown}); {scaled}"


def _classes(s: dict[str, Any]) -> str:
    if s["task"] == "regression":
        n_out = s["architecture"]["layer_dims"][-1]
        if s["label"] and n_out == 1:
            what = f"the label column {s['label']!r}"
        else:
            what = f"{n_out} value{'s' if n_out > 1 else ''} per example"
        target = s["target"]
        if target and "mean" in target and "std" in target:
            return (f"{what}, learned standardised (training split's mean "
                    f"{target['mean']:.6g}, std {target['std']:.6g})")  # fmt: skip
        return what + (", learned in its own units" if s["label"] else "")
    if not s["classifier"]:
        output = s["architecture"]["activations"][-1]["name"]
        return f"none: its output is {output}, not a classifier's"
    classes = s["classes"]
    if classes is None:
        n_out = s["architecture"]["layer_dims"][-1]
        return f"{2 if n_out == 1 else n_out}, unnamed (no class names saved)"
    shown = ", ".join(map(str, classes[:10])) + (", …" if len(classes) > 10 else "")
    label = f" (label column {s['label']!r})" if s["label"] else ""
    return f"{len(classes)}: {shown}{label}"


def _data(s: dict[str, Any]) -> str:
    m = s["metrics"]
    if not m:
        return ""
    dataset = s["dataset"] or "data not recorded"
    if m.get("examples") is None:  # a model saved with a record of its own
        return dataset
    held = m.get("validation_examples")
    held_out = f", {held} held out for validation" if held else ", none held out"
    return f"{dataset}: {m['examples']} training examples{held_out}"


def _settings(settings: dict[str, Any] | None) -> str:
    if not settings:
        return "not recorded (saved without training metadata)"
    shown = dict(settings)
    if "batch_size" in shown and shown["batch_size"] is None:
        shown["batch_size"] = "full"
    if "early_stopping" in shown:
        patience = shown.pop("early_stopping")
        shown["early_stopping"] = "off" if patience is None else f"patience {patience}"
    return ", ".join(
        f"{k.replace('_', ' ')} {_value(v)}" for k, v in shown.items() if v is not None
    )


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _metrics(m: dict[str, Any] | None) -> str:
    if not m:
        return ""
    parts = []
    if m.get("train_accuracy") is not None:
        parts.append(f"train accuracy {100 * m['train_accuracy']:.2f} %")
    if m.get("validation_accuracy") is not None:
        parts.append(f"validation accuracy {100 * m['validation_accuracy']:.2f} %")
    for split in ("train", "validation"):
        if m.get(f"{split}_mae") is not None:
            r2 = m.get(f"{split}_r2")
            parts.append(
                f"{split} R² {'undefined' if r2 is None else f'{r2:.4f}'}, "
                f"MAE {m[f'{split}_mae']:.4g}, RMSE {m[f'{split}_rmse']:.4g}"
            )
    if m.get("epochs_run") is not None:
        run = f"{m['epochs_run']} epochs run"
        if m.get("wall_time") is not None:
            run += f" in {m['wall_time']:.2f} s"
        if m.get("stopped_early"):
            run += f", stopped early (best epoch {_counted(m.get('best_epoch'))})"
        parts.append(run)
    elif m.get("best_epoch") is not None:
        parts.append(f"best validation cost at epoch {_counted(m['best_epoch'])}")
    if m.get("cost_curve_length") is not None:
        parts.append(f"cost curve of {m['cost_curve_length']} points")
    return "; ".join(parts)


def _counted(epoch: Any) -> Any:
    """An epoch as people count them (the file keeps the loop's index, from 0)."""
    return epoch + 1 if isinstance(epoch, int) else epoch
