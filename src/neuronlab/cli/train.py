"""``neuronlab train``: a classifier of your own data.

Its settings are :class:`~neuronlab.usermodels.TrainSettings`: each field is a flag
(``--learning-rate``) and a TOML key (``learning-rate`` or ``learning_rate``), with
the field's help, default and reader; the TOML file and the flags are read alike.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from dataclasses import Field, fields, replace
from pathlib import Path
from typing import Any

from neuronlab._validation import check_whole, format_bytes, special_file
from neuronlab.cli.options import (
    DATA_DIR_HELP,
    add_no_progress,
    architecture,
    check_data_dir,
    dataset_inputs,
    output_file,
    refuse_overwriting,
)
from neuronlab.io import figure_writer, model_writer, write_files_atomic
from neuronlab.network import Network
from neuronlab.streaming import train_stream
from neuronlab.training import History
from neuronlab.userdata import BUILTIN, load_dataset
from neuronlab.usermodels import TrainSettings, read_text, task_of, train_model

SETTINGS: dict[str, Field[Any]] = {f.name: f for f in fields(TrainSettings)}

#: What a TOML file may hold besides the settings: the command's files, with their help.
FILE_KEYS = {
    "dataset": f"built-in name ({', '.join(BUILTIN)}), a .csv/.npz file, or a folder with "
    "one sub-folder per class",
    "out": "model file to write (.npz)",
    "plot": "cost-curve PNG (default: MODEL-cost.png beside the model)",
    "data_dir": DATA_DIR_HELP,
}


def add_parser(sub: Any) -> None:
    tr = sub.add_parser(
        "train", help="train a classifier or a regressor on your own data", description=run.__doc__
    )
    tr.add_argument("--dataset", help=FILE_KEYS["dataset"])
    tr.add_argument("--out", help=FILE_KEYS["out"])
    tr.add_argument("--config", help="TOML file of settings (keys as the flags); flags win")
    for f in SETTINGS.values():
        tr.add_argument(_flag(f.name), **_flag_options(f))
    tr.add_argument("--plot", help=FILE_KEYS["plot"])
    tr.add_argument("--data-dir", help=FILE_KEYS["data_dir"])
    add_no_progress(tr)
    tr.add_argument(
        "--verbose", action="store_true", help="a line per epoch: cost, validation cost, accuracy"
    )
    tr.add_argument(
        "--quiet", action="store_true", help="print only errors and the final 'wrote …' line"
    )
    tr.set_defaults(func=run)


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _flag_options(f: Field[Any]) -> dict[str, Any]:
    """``add_argument``'s options for a setting: default None (not given: the TOML
    file's or the field's value), help ending with the field's default."""
    help = f.metadata["help"]
    if f.default is not None:
        help += f" (default {_shown(f.default)})"
    options: dict[str, Any] = {"help": help, "metavar": f.metadata["metavar"]}
    if f.metadata["flag"] is bool:
        return {**options, "action": argparse.BooleanOptionalAction, "default": None}
    return options  # text, converted by _typed: one line on a bad value, not the usage


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def run(args: argparse.Namespace) -> int:
    """Train a classifier on a built-in data set (named under --dataset), a CSV/NPZ
    file with a label column, or a folder of pictures with one sub-folder per class;
    or a regressor of a numeric label column (--task regression, or by itself when
    the column looks continuous, said in one line). Settings come from flags or a
    TOML file (--config; flags override it). Writes the model file and a PNG of the
    cost curve and prints the train / validation accuracy (a regressor: R², MAE,
    RMSE). Nothing is written when anything fails."""
    from neuronlab import plots  # matplotlib: imported when a figure is drawn

    if args.verbose and args.quiet:  # checked here: one line, not argparse's usage
        raise ValueError("--verbose, --quiet: expected one of them, got both")
    options = _options(args)
    dataset, out = options.pop("dataset", None), options.pop("out", None)
    plot, data_dir = options.pop("plot", None), options.pop("data_dir", None)
    if not dataset:
        raise ValueError("--dataset: expected a built-in name or a path (flag or config key)")
    if not out:
        raise ValueError("--out: expected the model file to write (flag or config key)")
    if str(out) == "-":  # before ".npz" is added: "-.npz" was written
        output_file("--out", out)
    out_path = output_file("--out", out if str(out).lower().endswith(".npz") else f"{out}.npz")
    plot_path = output_file("--plot", plot or out_path.with_name(out_path.stem + "-cost.png"))
    if plot_path.resolve() == out_path.resolve():
        raise ValueError(f"--plot: expected another file than the model's, got {str(plot)!r}")
    inputs = [*dataset_inputs("--dataset", dataset, data_dir), ("--config", args.config)]
    refuse_overwriting([("--out", out_path), ("--plot", plot_path)], inputs)
    check_data_dir(data_dir)
    settings = TrainSettings(**options)
    say = _silent if args.quiet else print
    progress: bool | str | None = None if args.progress else False
    if args.verbose or args.quiet:
        progress = "epochs" if args.verbose else False

    def before_fit(net: Network) -> None:
        say(f"network {architecture(net.config())}; {net.theta.size:,} parameters")

    if settings.stream:
        net, metadata, history = train_stream(
            Path(dataset),
            settings,
            progress=progress,
            dataset=dataset,
            before_fit=before_fit,
            say=say,
        )
    else:
        for name in ("classes", "block_rows"):
            if getattr(settings, name) is not None:
                raise ValueError(f"{_flag(name)}: only with --stream, got it without")
        data = load_dataset(
            dataset, label=settings.label, image_size=settings.image_size, data_dir=data_dir
        )
        task, why = task_of(data, settings)
        if why is not None:
            say(why)
        settings = replace(settings, task=task)
        net, metadata, history = train_model(
            data, settings, progress=progress, dataset=dataset, before_fit=before_fit
        )
    task = metadata.get("task", "classification")
    t = metadata["training"]
    say(
        f"trained on {dataset}: {t['examples']} training examples, "
        f"{t['validation_examples']} held out; {t['epochs_run']} epochs in {t['wall_time']:.2f} s"
    )
    regression = task == "regression"
    if settings.early_stopping is not None:
        say(early_stopping_line(history, settings.early_stopping, settings.epochs, not regression))
    say(regression_line(t) if regression else accuracy_line(t))
    curves = {"training": (history.epochs, history.costs)}
    if history.val_costs:
        curves["validation"] = (history.val_epochs, history.val_costs)
    unit = "iteration" if settings.batch_size is None and not settings.stream else "epoch"
    ylabel = plots.COST_LABEL
    if regression:  # the target as learned: in its units, or standardised
        scaled = metadata.get("target") is not None
        ylabel = plots.MSE_COST_LABEL[:-1] + (", standardised target)" if scaled else ")")
    fig = plots.cost_curves(curves, xlabel=unit, ylabel=ylabel).figure
    # both complete before either replaces an old file: a failed plot keeps the old model
    write_files_atomic(
        [(out_path, model_writer(net, **metadata), "wb"), (plot_path, figure_writer(fig), "wb")]
    )
    print(f"wrote {out_path} and {plot_path}")
    return 0


def _silent(*args: Any, **kwargs: Any) -> None:
    """``print`` under --quiet."""


def accuracy_line(t: dict[str, Any]) -> str:
    line = f"train accuracy {100 * t['train_accuracy']:.2f} %"
    if t["validation_accuracy"] is not None:
        line += f", validation accuracy {100 * t['validation_accuracy']:.2f} %"
    return line


def regression_line(t: dict[str, Any]) -> str:
    """``train R² 0.97, MAE 0.12, RMSE 0.15; validation …`` (MAE, RMSE in the label's units)."""
    parts = []
    for split in ("train", "validation"):
        if t[f"{split}_mae"] is None:
            continue
        r2 = t[f"{split}_r2"]
        parts.append(
            f"{split} R² {'undefined' if r2 is None else f'{r2:.4f}'}, "
            f"MAE {t[f'{split}_mae']:.4g}, RMSE {t[f'{split}_rmse']:.4g}"
        )
    return "; ".join(parts)


def early_stopping_line(
    history: History, patience: int, epochs: int, classifier: bool = True
) -> str:
    """When and why early stopping ended the run (or that it did not), and which
    epoch's weights the model keeps; epochs counted from 1."""
    best = history.best_epoch
    if best is None:  # no validation cost was ever finite and better than inf
        return "early stopping: no validation cost improved; the last weights are kept"
    k = history.val_epochs.index(best)
    score = f"validation cost {history.val_costs[k]:.4g}"
    if classifier:
        score += f", accuracy {100 * history.val_accuracies[k]:.2f} %"
    if history.stopped_early:
        return (
            f"early stopping: stopped after epoch {history.n_epochs} of {epochs}: no better "
            f"validation cost for {patience} epochs; restored the weights of epoch "
            f"{best + 1} (best {score})"
        )
    return (
        f"early stopping: never triggered in {history.n_epochs} epochs; kept the weights "
        f"of epoch {best + 1} (best {score})"
    )


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """Defaults < the TOML file < the flags given; values checked and converted."""
    keys = [*SETTINGS, *FILE_KEYS]
    options: dict[str, Any] = {}
    if args.config:
        for key, value in _read_toml(args.config).items():
            name = key.replace("-", "_")
            if name not in keys:
                valid = ", ".join(k.replace("_", "-") for k in keys)
                raise ValueError(f"{args.config}: unknown setting {key!r}; valid: {valid}")
            options[name] = _read(name, value, f"{args.config}: {key}")
    for name in keys:
        value = getattr(args, name, None)
        if value is not None:
            options[name] = _read(name, _typed(name, value), _flag(name))
    return options


def _typed(name: str, value: Any) -> Any:
    """A flag's text as its setting's flag type says: ``int`` (also ``1e3``), ``float``."""
    kind = SETTINGS[name].metadata["flag"] if name in SETTINGS else str
    if not isinstance(value, str) or kind not in (int, float):
        return value
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{_flag(name)}: expected a number, got {value!r}") from None
    return number if kind is float else check_whole(_flag(name), value)


def _read(name: str, value: Any, where: str) -> Any:
    """One value from the TOML file or a flag, read as its setting says (the files'
    names as text); ``where`` names it in the error."""
    read = SETTINGS[name].metadata["read"] if name in SETTINGS else read_text
    try:
        return read(value)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


#: Bytes a --config file may hold; read whole, so a big file is refused unread.
CONFIG_LIMIT = 1 << 20


def _read_toml(path: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    kind = special_file(path)
    if kind is not None:  # a FIFO would wait for ever, /dev/zero fill the memory
        raise ValueError(f"--config: {path!r} is {kind}; expected a TOML file")
    with contextlib.suppress(OSError):  # a missing file is said below
        if os.path.getsize(path) > CONFIG_LIMIT:  # a data set given by mistake
            size = format_bytes(os.path.getsize(path))
            raise ValueError(f"--config: {path!r} holds {size}; a settings file is a few lines")
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise FileNotFoundError(f"--config: {path!r} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"--config: {path!r} is not valid TOML ({exc})") from None
    except OSError as exc:  # a folder, a symlink loop, no permission
        raise OSError(f"--config: {path!r} cannot be read ({exc.strerror or exc})") from None
