"""``neuronlab predict`` and ``neuronlab evaluate``: a saved model on new data."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np

from neuronlab.cli.options import (
    add_data_dir,
    check_data_dir,
    dataset_inputs,
    output_file,
    refuse_overwriting,
)
from neuronlab.inputs import (
    inputs_for_model,
    is_regressor,
    labelled_for_model,
    model_spec,
    regressor_spec,
)
from neuronlab.io import csv_writer, is_stream, write_atomic
from neuronlab.network import Network
from neuronlab.usermodels import (
    evaluate,
    predicted_values,
    probabilities,
    regression_metrics,
    regression_text,
    report_text,
    target_values,
)


def add_parser(sub: Any) -> None:
    pr = sub.add_parser(
        "predict", help="predict with a saved model", description=run_predict.__doc__
    )
    pr.add_argument("model", metavar="MODEL", help="model file written by train (.npz)")
    pr.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="pictures, folders of pictures, or .csv/.npz files",
    )
    pr.add_argument(
        "--out", help="write the predictions to this CSV instead of printing ('-': standard output)"
    )
    pr.add_argument("--label", help="label column to ignore in tables (default: the model's)")
    pr.set_defaults(func=run_predict)

    ev = sub.add_parser(
        "evaluate",
        help="accuracy, per-class report, confusion matrix (a regressor: R², MAE, RMSE)",
        description=run_evaluate.__doc__,
    )
    ev.add_argument("model", metavar="MODEL", help="model file written by train (.npz)")
    ev.add_argument(
        "data",
        metavar="DATA",
        help="built-in name, .csv/.npz file, or folder with one sub-folder per class",
    )
    ev.add_argument("--label", help="label column (default: the model's)")
    ev.add_argument("--plot", metavar="PNG", help="also draw the confusion matrix here")
    add_data_dir(ev)
    ev.set_defaults(func=run_evaluate)


def run_predict(args: argparse.Namespace) -> int:
    """Predict with a saved model: pictures of any size, mode and common format
    (resized to the model's input; transparency on white; EXIF orientation
    respected), folders of pictures, or CSV/NPZ tables. Prints one line per input —
    its name, the predicted label and its probability — or writes a CSV (--out)."""
    to_stdout = args.out == "-"  # the CSV itself on standard output, as Unix tools do
    out = output_file("--out", args.out) if args.out and not to_stdout else None
    inputs = [("MODEL", args.model), *(("INPUT", name) for name in args.inputs)]
    refuse_overwriting([("--out", out)], inputs)
    net = Network.load(args.model)
    if is_regressor(net):
        return _predict_values(net, args, out, to_stdout)
    classes, spec = model_spec(net, args.model)
    label = args.label or net.metadata.get("label")
    data = inputs_for_model(args.inputs, spec, net.layer_dims[0], label)
    P = probabilities(net, data.X, spec)  # (K, m)
    best = np.argmax(P, axis=0)
    labels = [classes[k] for k in best]
    probs = P[best, np.arange(P.shape[1])]
    if out is not None or to_stdout:
        header = ["input", "label", "probability", *(f"p_{c}" for c in classes)]
        rows = [
            [name, labels[i], f"{probs[i]:.6f}", *(f"{p:.6f}" for p in P[:, i])]
            for i, name in enumerate(data.names)
        ]
        if out is None:
            csv_writer([header, *rows])(sys.stdout)
            return 0
        write_atomic(out, csv_writer([header, *rows]), "w")
        if not is_stream(out):  # not after the CSV itself on /dev/stdout
            print(f"wrote {len(labels)} predictions to {args.out}")
        return 0
    width = max(len(n) for n in data.names)
    lw = max(len(lab) for lab in labels)
    for name, lab, p in zip(data.names, labels, probs):
        print(f"{name:<{width}}  {lab:<{lw}}  {p:.4f}")
    return 0


def _predict_values(net: Network, args: argparse.Namespace, out: Any, to_stdout: bool) -> int:
    """A regressor's predictions: one line per input (its name and the value), or a
    CSV with one column per output (to a file, or standard output for ``--out -``)."""
    target, spec = regressor_spec(net, args.model)
    label = args.label or net.metadata.get("label")
    data = inputs_for_model(args.inputs, spec, net.layer_dims[0], label)
    V = predicted_values(net, data.X, spec, target)  # (k, m)
    names = [label or "prediction"] if V.shape[0] == 1 else [f"y{i}" for i in range(V.shape[0])]
    if out is not None or to_stdout:
        rows = [[name, *(f"{v:.9g}" for v in V[:, i])] for i, name in enumerate(data.names)]
        if out is None:
            csv_writer([["input", *names], *rows])(sys.stdout)
            return 0
        write_atomic(out, csv_writer([["input", *names], *rows]), "w")
        if not is_stream(out):  # not after the CSV itself on /dev/stdout
            print(f"wrote {len(rows)} predictions to {args.out}")
        return 0
    width = max(len(n) for n in data.names)
    for i, name in enumerate(data.names):
        print(f"{name:<{width}}  " + "  ".join(f"{v:.6g}" for v in V[:, i]))
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    """Evaluate a saved model on labelled data (a built-in name — its test split when
    it has one —, a CSV/NPZ file with a label column, or a folder with one sub-folder
    of pictures per class): accuracy, a per-class report and the confusion matrix,
    as text and, with --plot, as a PNG."""
    plot = output_file("--plot", args.plot) if args.plot else None  # before any work
    inputs = [("MODEL", args.model), *dataset_inputs("DATA", args.data, args.data_dir)]
    refuse_overwriting([("--plot", plot)], inputs)
    net = Network.load(args.model)
    check_data_dir(args.data_dir)
    if is_regressor(net):
        return _evaluate_regressor(net, args)
    classes, spec = model_spec(net, args.model)
    label = args.label or net.metadata.get("label")
    data = labelled_for_model(args.data, spec, net.layer_dims[0], label, data_dir=args.data_dir)
    P = probabilities(net, data.X, spec)
    result = evaluate(P, data.labels or [], classes, data.source)
    print(f"{args.model} on {args.data}:")
    print(report_text(result))
    if plot is not None:
        from neuronlab import plots  # matplotlib: imported when a figure is drawn

        title = f"accuracy {100 * result['accuracy']:.1f} %"
        plots.save(plots.confusion_matrix(result["confusion"], classes, title=title), plot)
        print(f"wrote {args.plot}")
    return 0


def _evaluate_regressor(net: Network, args: argparse.Namespace) -> int:
    """R², MAE and RMSE of a regressor on labelled data (MAE, RMSE in the label's units)."""
    if args.plot is not None:
        raise ValueError(
            f"--plot: the confusion matrix is a classifier's; {args.model} is a regressor "
            "(nothing was written)"
        )
    target, spec = regressor_spec(net, args.model)
    label = args.label or net.metadata.get("label")
    if net.layer_dims[-1] != 1:
        raise ValueError(f"{args.model}: evaluates one target column; this model has "
                         f"{net.layer_dims[-1]} outputs")  # fmt: skip
    data = labelled_for_model(args.data, spec, net.layer_dims[0], label, data_dir=args.data_dir)
    y = target_values(data.labels or [], data.source, data.label)
    result = regression_metrics(predicted_values(net, data.X, spec, target), y)
    of = f", regressor of {data.label!r}" if data.label else ", regressor"
    print(f"{args.model} on {args.data} ({result['n']} examples{of}):")
    print(regression_text(result))
    return 0
