"""The ``neuronlab`` command: parses arguments and dispatches; no math here.

User errors (bad arguments, missing or corrupt files, bad data) print one line
``neuronlab: error: …`` and exit with status 2; nothing is overwritten.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from . import __version__

USER_ERRORS: tuple[type[BaseException], ...] = (ValueError, TypeError, OSError)


def _cmd_demo(args: argparse.Namespace) -> int:
    """Train the planar lab's shallow net on the flower data and print its accuracy."""
    from .datasets import planar_flower
    from .network import Network

    X, Y = planar_flower()
    net = Network(
        [2, args.hidden, 1],
        hidden_activation="tanh",
        initializer="random",
        scale=0.01,
        seed=args.seed,
    )
    start = time.perf_counter()
    history = net.fit(
        X,
        Y,
        optimizer="gd",
        learning_rate=1.2,
        epochs=args.iterations,
        record_every=1000,
        progress=None if args.progress else False,
    )
    elapsed = time.perf_counter() - start
    for epoch, cost in zip(history.epochs, history.costs):
        print(f"cost after iteration {epoch:>5}: {cost:.6f}")
    print(
        f"flower data (400 points), 2-{args.hidden}-1 tanh/sigmoid net, "
        f"{args.iterations} iterations in {elapsed:.2f} s: "
        f"accuracy {100 * net.accuracy(X, Y):.2f} %"
    )
    return 0


def _cmd_data(args: argparse.Namespace) -> int:
    """Where the data files are looked for, and whether each is present and intact."""
    from .data import data_dirs, file_status

    _check_data_dir(args.data_dir)
    print("looking in: " + ", ".join(str(d) for d in data_dirs(args.data_dir)))
    for row in file_status(args.data_dir):
        where = row["path"] or "—"
        print(f"{row['status']:<18} {row['name']:<28} {where}")
        print(f"{'':<18} {row['algorithm']} {row['digest']}")
    return 0


def _cmd_reproduce(args: argparse.Namespace) -> int:
    """Run the labs (default: all) at the published settings and write the report:
    README.md, index.html, results.json and PNG figures. Labs whose data files are
    missing are skipped (exit status 0); a number outside its published tolerance
    gives exit status 1."""
    from .experiments import find_labs
    from .report import check_out_dir, reproduce

    labs = find_labs(args.labs)  # bad arguments fail before anything runs
    _check_data_dir(args.data_dir)
    check_out_dir(args.out)
    if args.save_models is not None:
        check_out_dir(args.save_models, "--save-models")
    print(
        f"reproducing {len(labs)} lab(s) into {args.out}/" + (" (quick)" if args.quick else ""),
        file=sys.stderr,
    )
    report = reproduce(
        [lab.key for lab in labs],
        args.out,
        quick=args.quick,
        data_dir=args.data_dir,
        dtype=args.dtype,
        log=lambda msg: print(msg, file=sys.stderr),
        progress=None if args.progress else False,
        save_models=args.save_models,
    )
    skipped = [r for r in report["labs"] if r.get("skipped")]
    bad = [m for r in report["labs"] for m in r.get("metrics", []) if m.get("ok") is False]
    checked = [m for r in report["labs"] for m in r.get("metrics", []) if m.get("ok") is not None]
    verdict = (
        "quick run: numbers not comparable with the published ones"
        if args.quick
        else f"{len(checked) - len(bad)}/{len(checked)} published numbers reproduced within "
        "tolerance"
    )
    print(
        f"{verdict}; {len(skipped)} lab(s) skipped; report: {args.out}/README.md "
        f"and index.html ({report['wall_time']:.1f} s)"
    )
    for r in skipped:
        print(f"skipped {r['lab']} {r['key']} — data missing or corrupt: {r['skipped']}")
    for m in bad:
        print(f"outside tolerance: {m['name']}: ours {m['ours']}, published {m['published']}")
    return 1 if bad else 0


def _cmd_labs(args: argparse.Namespace) -> int:
    """The labs, what each reproduces, and whether the data each needs is present."""
    from .report import lab_table

    _check_data_dir(args.data_dir)
    for row in lab_table(args.data_dir):
        data = ", ".join(f"{name}: {st}" for name, st in row["data"].items()) or "generated"
        print(f"{row['lab']}  {row['key']:<20} {row['title']}")
        print(f"     data: {data}")
        if row["optional_data"]:
            opt = ", ".join(f"{name}: {st}" for name, st in row["optional_data"].items())
            print(f"     optional (published checks): {opt}")
    return 0


def _cmd_gradcheck(args: argparse.Namespace) -> int:
    """Check backpropagation against finite differences on a lab's network or a saved
    model, with random inputs and labels: the exact check (every parameter) and the
    fast one (directional derivatives per parameter array). Exit status 1 if one fails."""
    from pathlib import Path

    import numpy as np

    from . import gradcheck
    from .experiments import find_labs
    from .network import Network

    target = args.target
    if target.endswith(".npz") or Path(target).is_file():
        net = Network.load(target)
        what = f"model {target}"
        l2 = args.l2 if args.l2 is not None else 0.0
    else:
        lab = find_labs([target])[0]
        net = lab.check_network(args.seed)
        what = f"the {lab.key} lab's network"
        l2 = args.l2 if args.l2 is not None else lab.l2
    rng = np.random.default_rng(args.seed)
    m = args.examples
    X = rng.standard_normal((net.layer_dims[0], m))
    # Random biases keep ReLU kinks away from Z = 0 exactly (no derivative there).
    for name, p in net.parameters.items():
        if name.startswith("b"):
            p[...] = rng.standard_normal(p.shape) * 0.1
    n_out = net.layer_dims[-1]
    Y: np.ndarray
    if net.loss.name == "categorical_cross_entropy":
        Y = rng.integers(0, n_out, (1, m))
    elif net.loss.name == "binary_cross_entropy":
        Y = (rng.random((n_out, m)) > 0.5).astype(float)
    else:
        Y = rng.standard_normal((n_out, m))
    acts = "/".join(a.name for a in net.activations)
    print(
        f"gradient check of {what} {list(net.layer_dims)} ({acts}, "
        f"{net.loss.name}), {m} random examples, l2={l2:g}"
    )
    threshold = gradcheck.THRESHOLD
    failed = False
    n = net.theta.size
    runs: list[tuple[str, str, Any]] = [
        ("fast", "2 directions per parameter array", gradcheck.check_fast)
    ]
    if args.exact or (args.exact is None and n <= 50_000):
        runs.insert(0, ("exact", f"all {n:,} parameters", gradcheck.check))
    else:
        print(f"  exact: skipped for {n:,} parameters (use --exact to run it)")
    for name, detail, check in runs:
        start = time.perf_counter()
        diff = check(net, X, Y, l2=l2)
        ok = diff < threshold
        failed |= not ok
        shown = f"{diff:.3e}" if diff > 0 else "0 (within rounding error)"
        print(
            f"  {name:<5} ({detail}): {shown} in {time.perf_counter() - start:.2f} s "
            f"{'✓ below' if ok else '✗ above'} {threshold:g}"
        )
    print("verdict: " + ("backpropagation is WRONG" if failed else "backpropagation is correct"))
    return 1 if failed else 0


# ---------------------------------------------------------- your own data
def _cmd_train(args: argparse.Namespace) -> int:
    """Train a classifier on a built-in data set (planar, moons, circles, blobs, cat,
    digits, breast-cancer), a CSV/NPZ file with a label column, or a folder of pictures
    with one sub-folder per class. Settings come from flags or a TOML file (--config;
    flags override it). Writes the model file and a PNG of the cost curve and prints
    the train / validation accuracy. Nothing is written when anything fails."""
    from pathlib import Path

    from . import userdata, usermodels
    from .io import model_writer, write_files_atomic

    options = _train_options(args)
    dataset, out = options.pop("dataset", None), options.pop("out", None)
    plot, data_dir = options.pop("plot", None), options.pop("data_dir", None)
    if not dataset:
        raise ValueError("--dataset: expected a built-in name or a path (flag or config key)")
    if not out:
        raise ValueError("--out: expected the model file to write (flag or config key)")
    out_path = Path(out) if str(out).lower().endswith(".npz") else Path(f"{out}.npz")
    plot_path = Path(plot) if plot else out_path.with_name(out_path.stem + "-cost.png")
    for name, path in (("--out", out_path), ("--plot", plot_path)):
        if not path.parent.is_dir():
            raise FileNotFoundError(f"{name}: the folder {str(path.parent)!r} does not exist")
        if path.is_dir():
            raise IsADirectoryError(f"{name}: {str(path)!r} is a folder, expected a file name")
    if plot_path.resolve() == out_path.resolve():
        raise ValueError(f"--plot: expected another file than the model's, got {str(plot)!r}")
    _check_data_dir(data_dir)
    settings = usermodels.TrainSettings(**options)

    data = userdata.load_dataset(
        dataset, label=settings.label, image_size=settings.image_size, data_dir=data_dir
    )
    net, metadata, history = usermodels.train_model(
        data, settings, progress=None if args.progress else False, dataset=dataset
    )
    t = metadata["training"]
    acts = "/".join(a.name for a in net.activations)
    dims = "-".join(str(d) for d in net.layer_dims)
    print(
        f"{dims} {acts} net on {dataset}: {t['examples']} training examples, "
        f"{t['validation_examples']} held out; {t['epochs_run']} epochs in {t['wall_time']:.2f} s"
    )
    line = f"train accuracy {100 * t['train_accuracy']:.2f} %"
    if t["validation_accuracy"] is not None:
        line += f", validation accuracy {100 * t['validation_accuracy']:.2f} %"
    print(line)
    fig = usermodels.cost_figure(history, settings.batch_size is None)
    # both complete before either replaces an old file: a failed plot keeps the old model
    write_files_atomic(
        [
            (out_path, model_writer(net, **metadata), "wb"),
            (plot_path, usermodels.png_writer(fig), "wb"),
        ]
    )
    print(f"wrote {out_path} and {plot_path}")
    return 0


#: ``neuronlab train`` settings a TOML file may hold, besides :class:`TrainSettings`.
_TRAIN_FILE_KEYS = ("dataset", "out", "plot", "data_dir")


def _train_options(args: argparse.Namespace) -> dict[str, Any]:
    """Defaults < the TOML file < the flags given; values checked and converted."""
    from .usermodels import SETTING_NAMES

    options: dict[str, Any] = {}
    if args.config:
        for key, value in _read_toml(args.config).items():
            name = key.replace("-", "_")
            if name not in SETTING_NAMES + _TRAIN_FILE_KEYS:
                valid = ", ".join(k.replace("_", "-") for k in SETTING_NAMES + _TRAIN_FILE_KEYS)
                raise ValueError(f"{args.config}: unknown setting {key!r}; valid: {valid}")
            options[name] = _train_value(name, value, f"{args.config}: {key}")
    for name in SETTING_NAMES + _TRAIN_FILE_KEYS:
        value = getattr(args, name, None)
        if value is not None:
            options[name] = _train_value(name, value, "--" + name.replace("_", "-"))
    return options


def _read_toml(path: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise FileNotFoundError(f"--config: {path!r} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"--config: {path!r} is not valid TOML ({exc})") from None


_INT_SETTINGS = ("epochs", "early_stopping", "image_size", "seed")
_FLOAT_SETTINGS = ("learning_rate", "l2", "keep_prob", "val_split")


def _train_value(name: str, value: Any, where: str) -> Any:
    """One setting from a flag (already typed by argparse, or a string) or TOML."""
    if name == "layers":
        parts = value.replace(" ", "").split(",") if isinstance(value, str) else value
        if not isinstance(parts, list):
            raise ValueError(f"{where}: expected layer sizes such as 20,7,5, got {value!r}")
        parts = [p for p in parts if p != ""]
        try:
            sizes = tuple(int(p) for p in parts if not isinstance(p, (bool, float)))
        except ValueError:
            sizes = ()
        if len(sizes) != len(parts) or any(n < 1 for n in sizes):
            raise ValueError(f"{where}: expected layer sizes such as 20,7,5, got {value!r}")
        return sizes
    if name == "batch_size":
        if isinstance(value, str) and value.lower() in ("full", "none"):
            return None
        try:
            size = int(value) if not isinstance(value, (bool, float)) else -1
        except ValueError:
            size = -1
        if size < 1:
            raise ValueError(f"{where}: expected a positive integer or 'full', got {value!r}")
        return size
    if name == "standardize":
        if not isinstance(value, bool):
            raise ValueError(f"{where}: expected true or false, got {value!r}")
        return value
    if name in _INT_SETTINGS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{where}: expected an integer, got {value!r}")
        if name == "image_size" and value < 1:
            raise ValueError(f"{where}: expected a picture size of at least 1 pixel, got {value}")
        return value
    if name in _FLOAT_SETTINGS:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string, got {value!r}")
    return value


def _load_classifier(path: str) -> tuple[Any, list[str], dict[str, Any]]:
    from .network import Network
    from .usermodels import model_spec

    net = Network.load(path)
    classes, spec = model_spec(net, path)
    return net, classes, spec


def _cmd_predict(args: argparse.Namespace) -> int:
    """Predict with a saved model: pictures of any size, mode and common format
    (resized to the model's input; transparency on white; EXIF orientation
    respected), folders of pictures, or CSV/NPZ tables. Prints one line per input —
    its name, the predicted label and its probability — or writes a CSV (--out)."""
    import numpy as np

    from . import usermodels
    from .io import write_atomic

    net, classes, spec = _load_classifier(args.model)
    label = args.label or net.metadata.get("label")
    data = usermodels.inputs_for_model(args.inputs, spec, net.layer_dims[0], label)
    P = usermodels.probabilities(net, data.X, spec)  # (K, m)
    best = np.argmax(P, axis=0)
    labels = [classes[k] for k in best]
    probs = P[best, np.arange(P.shape[1])]
    if args.out:
        import csv

        def write(fh: Any) -> None:
            w = csv.writer(fh)
            w.writerow(["input", "label", "probability", *(f"p_{c}" for c in classes)])
            for i, name in enumerate(data.names):
                w.writerow([name, labels[i], f"{probs[i]:.6f}", *(f"{p:.6f}" for p in P[:, i])])

        write_atomic(args.out, write, "w")
        print(f"wrote {len(labels)} predictions to {args.out}")
        return 0
    width = max(len(n) for n in data.names)
    lw = max(len(lab) for lab in labels)
    for name, lab, p in zip(data.names, labels, probs):
        print(f"{name:<{width}}  {lab:<{lw}}  {p:.4f}")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    """Evaluate a saved model on labelled data (a built-in name — its test split when
    it has one —, a CSV/NPZ file with a label column, or a folder with one sub-folder
    of pictures per class): accuracy, a per-class report and the confusion matrix,
    as text and, with --plot, as a PNG."""
    from pathlib import Path

    from . import usermodels

    if args.plot and not Path(args.plot).parent.is_dir():  # before any work is printed
        raise FileNotFoundError(
            f"--plot: the folder {str(Path(args.plot).parent)!r} does not exist"
        )
    net, classes, spec = _load_classifier(args.model)
    _check_data_dir(args.data_dir)
    label = args.label or net.metadata.get("label")
    data = usermodels.labelled_for_model(
        args.data, spec, net.layer_dims[0], label, data_dir=args.data_dir
    )
    P = usermodels.probabilities(net, data.X, spec)
    result = usermodels.evaluate(P, data.labels or [], classes, data.source)
    print(f"{args.model} on {args.data}:")
    print(usermodels.report_text(result))
    if args.plot:
        usermodels.save_figure(usermodels.confusion_figure(result), args.plot)
        print(f"wrote {args.plot}")
    return 0


def _check_data_dir(data_dir: str | None) -> None:
    from pathlib import Path

    if data_dir is not None and not Path(data_dir).is_dir():
        raise ValueError(f"--data-dir: expected an existing directory, got {data_dir!r}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="neuronlab",
        description="Neural networks from scratch in vectorized NumPy: the classic course labs, "
        "reproduced, and a small fast engine.",
    )
    parser.add_argument("--version", action="version", version=f"neuronlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    data_help = "look for data files only here (default: $NEURONLAB_DATA, else the per-user folder)"
    rep = sub.add_parser(
        "reproduce", help="run the labs and write the report", description=_cmd_reproduce.__doc__
    )
    rep.add_argument(
        "labs",
        nargs="*",
        metavar="LAB",
        help="lab names or numbers (default: all), e.g. planar 3.3",
    )
    rep.add_argument(
        "--out", default="neuronlab-report", help="report folder (default ./neuronlab-report)"
    )
    rep.add_argument("--data-dir", help=data_help)
    rep.add_argument(
        "--quick", action="store_true", help="few iterations (smoke test; numbers not comparable)"
    )
    rep.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    rep.add_argument(
        "--save-models",
        metavar="DIR",
        help="save the trained cat nets here, as model files for neuronlab predict",
    )
    rep.add_argument(
        "--no-progress", dest="progress", action="store_false", help="no progress bars"
    )
    rep.set_defaults(func=_cmd_reproduce)

    labs = sub.add_parser(
        "labs", help="the labs and whether their data is present", description=_cmd_labs.__doc__
    )
    labs.add_argument("--data-dir", help=data_help)
    labs.set_defaults(func=_cmd_labs)

    gc = sub.add_parser(
        "gradcheck",
        help="check backpropagation on a lab's net or a model",
        description=_cmd_gradcheck.__doc__,
    )
    gc.add_argument(
        "target", metavar="LAB-or-MODEL", help="a lab (e.g. planar, 3.8) or a model file (.npz)"
    )
    gc.add_argument("--examples", type=int, default=20, help="random examples (default 20)")
    gc.add_argument("--l2", type=float, default=None, help="L2 strength (default: the lab's)")
    gc.add_argument("--seed", type=int, default=0)
    gc.add_argument(
        "--exact",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run the exact check (default: when ≤ 50,000 parameters)",
    )
    gc.set_defaults(func=_cmd_gradcheck)

    demo = sub.add_parser(
        "demo", help="train a small net on the planar flower data", description=_cmd_demo.__doc__
    )
    demo.add_argument("--hidden", type=int, default=4, help="hidden units (default 4)")
    demo.add_argument("--iterations", type=int, default=10000, help="default 10000")
    demo.add_argument("--seed", type=int, default=3, help="weights seed (default 3)")
    demo.add_argument(
        "--no-progress", dest="progress", action="store_false", help="no progress bar"
    )
    demo.set_defaults(func=_cmd_demo)

    tr = sub.add_parser(
        "train", help="train a classifier on your own data", description=_cmd_train.__doc__
    )
    tr.add_argument(
        "--dataset",
        help="built-in name (planar, moons, circles, blobs, cat, digits, "
        "breast-cancer), a .csv/.npz file, or a folder with one sub-folder per class",
    )
    tr.add_argument("--out", help="model file to write (.npz)")
    tr.add_argument("--config", help="TOML file of settings (keys as the flags); flags win")
    tr.add_argument("--label", help="label column (CSV, default 'label') or array (NPZ, 'y')")
    tr.add_argument("--layers", help="hidden layer sizes, e.g. 20,7,5 (default 16; '' for none)")
    tr.add_argument(
        "--activation", help="hidden activation: relu (default), tanh, sigmoid, leaky_relu"
    )
    tr.add_argument("--initializer", help="he (default), xavier, sqrt_n_in, random, uniform")
    tr.add_argument("--optimizer", help="adam (default), gd, momentum, rmsprop")
    tr.add_argument("--learning-rate", type=float, help="default 0.01")
    tr.add_argument("--epochs", type=int, help="passes over the data (default 200)")
    tr.add_argument("--batch-size", help="mini-batch size, or 'full' (default 64)")
    tr.add_argument("--l2", type=float, help="L2 strength λ (default 0)")
    tr.add_argument("--keep-prob", type=float, help="dropout keep probability (default 1)")
    tr.add_argument(
        "--early-stopping",
        type=int,
        metavar="PATIENCE",
        help="stop after this many epochs without a better validation cost",
    )
    tr.add_argument(
        "--val-split",
        type=float,
        help="share held out for validation (default "
        "0.2; cat and circles use their lab's test set unless this is given)",
    )
    tr.add_argument(
        "--standardize",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="standardise table features with the training split's mean/std (default: yes)",
    )
    tr.add_argument(
        "--image-size", type=int, help="pictures are resized to this square (default 64)"
    )
    tr.add_argument(
        "--seed",
        type=int,
        help="weights: RandomState(seed), as a lab's "
        "np.random.seed; shuffling and split: default_rng(seed) (default 0)",
    )
    tr.add_argument("--plot", help="cost-curve PNG (default: MODEL-cost.png beside the model)")
    tr.add_argument("--data-dir", help=data_help)
    tr.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    tr.set_defaults(func=_cmd_train)

    pr = sub.add_parser(
        "predict", help="predict with a saved model", description=_cmd_predict.__doc__
    )
    pr.add_argument("model", metavar="MODEL", help="model file written by train (.npz)")
    pr.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="pictures, folders of pictures, or .csv/.npz files",
    )
    pr.add_argument("--out", help="write the predictions to this CSV instead of printing")
    pr.add_argument("--label", help="label column to ignore in tables (default: the model's)")
    pr.set_defaults(func=_cmd_predict)

    ev = sub.add_parser(
        "evaluate",
        help="accuracy, per-class report, confusion matrix",
        description=_cmd_evaluate.__doc__,
    )
    ev.add_argument("model", metavar="MODEL", help="model file written by train (.npz)")
    ev.add_argument(
        "data",
        metavar="DATA",
        help="built-in name, .csv/.npz file, or folder with one sub-folder per class",
    )
    ev.add_argument("--label", help="label column (default: the model's)")
    ev.add_argument("--plot", metavar="PNG", help="also draw the confusion matrix here")
    ev.add_argument("--data-dir", help=data_help)
    ev.set_defaults(func=_cmd_evaluate)

    data = sub.add_parser(
        "data",
        help="where data files are looked for and their status",
        description=_cmd_data.__doc__,
    )
    data.add_argument(
        "--data-dir",
        help="look only here (default: $NEURONLAB_DATA, else the per-user data folder)",
    )
    data.set_defaults(func=_cmd_data)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except BrokenPipeError:
        # The reader went away (``neuronlab … | head``): stop quietly, as Unix tools
        # do, and keep Python from complaining when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except USER_ERRORS as exc:
        print(f"neuronlab: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("neuronlab: interrupted", file=sys.stderr)
        return 130


def _one_line(exc: Any) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
