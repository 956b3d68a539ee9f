"""Figures: cost curves, decision boundaries, picture grids, hidden units,
gradient checks, confusion matrices.

Every function draws on ``ax`` when given one and otherwise on a new
:class:`matplotlib.figure.Figure` — never through pyplot's global state, so it
works headless (no display, no GUI backend) and leaks no figures.  Each returns
the axes it drew on (``ax.figure`` is the figure); grid functions return the
figure.  :func:`save` writes a PNG, atomically.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from neuronlab.io import figure_writer, write_atomic

Array = np.ndarray

#: Two colours for the two classes (red / blue), as the course figures use.
CLASS_COLOURS = ("#d7301f", "#2b83ba")
#: The two classes' regions of a decision boundary, lighter.
REGION_COLOURS = ("#f4a582", "#92c5de")


#: The cost axis of the labs' curves: the mean cross-entropy (natural log, so nats).
COST_LABEL = "cost (cross-entropy, nats)"
#: A regressor's cost: the engine's mean squared error loss, ½ (ŷ − y)² per example.
MSE_COST_LABEL = "cost (½ · mean squared error)"


def _axes(ax: Axes | None, figsize: tuple[float, float] = (5.0, 4.0)) -> Axes:
    if ax is not None:
        return ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig.add_subplot()


def cost_curve(
    costs: Sequence[float],
    steps: Sequence[int] | None = None,
    ax: Axes | None = None,
    label: str | None = None,
    xlabel: str = "iteration",
    title: str | None = None,
    log: bool = False,
    style: Mapping[str, Any] | None = None,
    ylabel: str = COST_LABEL,
) -> Axes:
    """The cost against iterations (or epochs); ``steps`` default to 0, 1, 2, …
    ``style``: more of ``Axes.plot``'s options (a line style, markers); ``ylabel`` says
    what the cost is (default: the cross-entropy, in nats)."""
    ax = _axes(ax)
    x = np.arange(len(costs)) if steps is None else np.asarray(steps)
    ax.plot(x, np.asarray(costs, dtype=float), label=label, linewidth=1.6, **(style or {}))
    _step_ticks(ax, int(x.max()) if len(x) else 0)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    if label:
        ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    return ax


def _step_ticks(ax: Axes, last: int) -> None:
    """At most six whole-number ticks, in thousands ("10k") from 10,000 on: the
    initialization lab's 15,000 iterations printed "10000120001400" in a row."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    if last >= 10_000:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1000:g}k" if v else "0"))


#: Line styles and markers of successive curves on one plot (in the colour cycle's order).
_STYLES: list[dict[str, Any]] = [
    {"linestyle": "-", "marker": "o", "markersize": 4},
    {"linestyle": "--", "marker": "s", "markersize": 4, "markerfacecolor": "none"},
    {"linestyle": "-.", "marker": "^", "markersize": 4},
    {"linestyle": ":", "marker": "D", "markersize": 4, "markerfacecolor": "none"},
]


def cost_curves(
    curves: Mapping[str, tuple[Sequence[int], Sequence[float]]],
    ax: Axes | None = None,
    xlabel: str = "iteration",
    title: str | None = None,
    log: bool = False,
    ylabel: str = COST_LABEL,
) -> Axes:
    """Several ``label -> (steps, costs)`` curves on one plot (e.g. learning rates).
    Each curve has its own line style and marker, so one drawn over another (gradient
    descent under momentum, which follows it to 1e-4) stays visible."""
    ax = _axes(ax)
    for k, (label, (steps, costs)) in enumerate(curves.items()):
        every = max(1, len(costs) // 8)
        style = {**_STYLES[k % len(_STYLES)], "markevery": (k % every, every)}
        cost_curve(
            costs, steps, ax=ax, label=label, xlabel=xlabel, log=log, style=style, ylabel=ylabel
        )
    if title:
        ax.set_title(title)
    return ax


def decision_boundary(
    predict: Callable[[Array], Array],
    X: Array,
    Y: Array,
    ax: Axes | None = None,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    resolution: int = 300,
    title: str | None = None,
    legend: bool = False,
    classes: Sequence[str] = ("y = 0", "y = 1"),
) -> Axes:
    """Shade the plane by ``predict`` and scatter the points coloured by class.

    Parameters
    ----------
    predict : maps points of shape (2, k) to labels of shape (1, k) or (k,).
    X : points of shape (2, m); Y : 0/1 labels of shape (1, m) or (m,).
    xlim, ylim : axis limits (default: the data's range plus a margin of 1, as the labs).
    legend : name the two classes' colours (``classes``) in a corner legend.
    """
    ax = _axes(ax)
    X = np.asarray(X, dtype=float)
    y = np.asarray(Y).reshape(-1)
    x0 = xlim or (float(X[0].min()) - 1, float(X[0].max()) + 1)
    x1 = ylim or (float(X[1].min()) - 1, float(X[1].max()) + 1)
    g0, g1 = np.meshgrid(
        np.linspace(x0[0], x0[1], resolution), np.linspace(x1[0], x1[1], resolution)
    )
    grid = np.vstack([g0.ravel(), g1.ravel()])  # (2, resolution²)
    Z = np.asarray(predict(grid)).reshape(g0.shape).astype(float)
    ax.contourf(g0, g1, Z, levels=[-0.5, 0.5, 1.5], cmap=ListedColormap(REGION_COLOURS))
    for cls, colour in zip((0, 1), CLASS_COLOURS):
        pts = X[:, y == cls]
        ax.scatter(
            pts[0], pts[1], s=14, c=colour, edgecolors="k", linewidths=0.3, label=classes[cls]
        )
    ax.set_xlim(*x0)
    ax.set_ylim(*x1)
    if legend:
        ax.legend(loc="upper right", fontsize=8, framealpha=0.9, handletextpad=0.2)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def image_grid(
    images: Array,
    titles: Sequence[str] | None = None,
    ncols: int = 10,
    cmap: str | None = None,
    size: float = 1.2,
    suptitle: str | None = None,
) -> Figure:
    """Pictures of shape (k, H, W) or (k, H, W, 3) in a grid, each with an optional title."""
    images = np.asarray(images)
    k = len(images)
    ncols = max(1, min(ncols, k))
    nrows = int(np.ceil(k / ncols))
    extra = 0.35 if titles is not None else 0.0
    # A fixed grid: constrained layout costs seconds for a hundred small axes.
    lines = suptitle.count("\n") + 1 if suptitle else 0
    head = (0.2 + 0.22 * lines if suptitle else 0.05) + extra  # inches above the first row
    height = nrows * (size + extra) + head
    fig = Figure(figsize=(ncols * size, height))
    axes = fig.subplots(
        nrows,
        ncols,
        squeeze=False,
        gridspec_kw={
            "left": 0.01,
            "right": 0.99,
            "bottom": 0.01,
            "top": 1 - head / height,
            "wspace": 0.08,
            "hspace": 0.08 + 0.35 * bool(titles),
        },
    )
    for i, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if i < k:
            ax.imshow(
                images[i],
                cmap=cmap or ("gray" if images[i].ndim == 2 else None),
                interpolation="nearest",
            )
            if titles is not None:
                ax.set_title(titles[i], fontsize=7)
    if suptitle:
        fig.suptitle(suptitle, fontsize=9)
    return fig


def mislabelled_images(
    images: Array,
    y_true: Array,
    y_pred: Array,
    classes: Sequence[str],
    ncols: int = 6,
    suptitle: str | None = None,
) -> Figure:
    """The pictures whose prediction differs from the label, titled "predicted / actual",
    under ``suptitle`` (default: how many are wrong)."""
    y_true = np.asarray(y_true).reshape(-1).astype(int)
    y_pred = np.asarray(y_pred).reshape(-1).astype(int)
    wrong = np.flatnonzero(y_true != y_pred)
    titles = [f"pred: {classes[y_pred[i]]}\nclass: {classes[y_true[i]]}" for i in wrong]
    if len(wrong) == 0:
        fig = Figure(figsize=(3, 1))
        fig.text(0.5, 0.5, "no mislabelled pictures", ha="center", va="center")
        return fig
    if suptitle is None:
        suptitle = f"{len(wrong)} of {len(y_true)} pictures mislabelled"
    return image_grid(np.asarray(images)[wrong], titles, ncols=ncols, size=1.5, suptitle=suptitle)


def hidden_units(
    weights: Array,
    shape: tuple[int, int],
    ncols: int = 5,
    transpose: bool = False,
    cmap: str = "gray",
    size: float = 1.1,
    caption: bool = True,
) -> Figure:
    """Each hidden unit's input weights (a row of ``W1``, biases excluded) as a picture.

    ``transpose`` shows column-major images (the digits lab's 20×20 pictures) upright;
    ``cmap`` and ``size`` (inches per picture) as in :func:`image_grid`; ``caption``
    says above the grid what a tile is.
    """
    W = np.asarray(weights)
    imgs = W.reshape(len(W), *shape)
    if transpose:
        imgs = imgs.transpose(0, 2, 1)
    text = (
        f"each tile: one hidden unit's weights on the {shape[0]}×{shape[1]} input pixels\n"
        "(light: positive, dark: negative; the bias left out)"
    )
    return image_grid(imgs, ncols=ncols, cmap=cmap, size=size, suptitle=text if caption else None)


def gradcheck_bars(
    differences: Mapping[str, float],
    threshold: float = 2e-7,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Relative differences of gradient checks on a log scale, with the verdict threshold."""
    ax = _axes(ax, figsize=(7.0, max(2.4, 1.2 + 0.45 * len(differences))))
    names = list(differences)
    vals = np.maximum(np.array([float(differences[n]) for n in names]), 1e-18)
    colours = [CLASS_COLOURS[1] if val < threshold else CLASS_COLOURS[0] for val in vals]
    ax.barh(names, vals, color=colours)
    ax.set_xscale("log")
    ax.axvline(threshold, color="k", linestyle="--", linewidth=1)
    ax.set_xlim(right=max(float(vals.max()), threshold) * 30)  # the line off the frame
    ax.invert_yaxis()
    # the threshold is named in the label: a text beside the line ran over the frame
    ax.set_xlabel(
        "relative difference ‖g − g_approx‖ / (‖g‖ + ‖g_approx‖)\n"
        f"dashed line: the pass threshold, {threshold:g}"
    )
    if title:
        ax.set_title(title)
    return ax


def save(fig_or_ax: Figure | Axes, path: str | os.PathLike[str], dpi: int = 110) -> Path:
    """Write the figure as a PNG at ``path`` (folders must exist), atomically
    (:func:`neuronlab.io.write_atomic`); returns the path."""
    fig: Any = fig_or_ax.figure if isinstance(fig_or_ax, Axes) else fig_or_ax
    return write_atomic(path, figure_writer(fig, dpi))


def confusion_matrix(
    confusion: Sequence[Sequence[int]],
    classes: Sequence[str],
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """A confusion matrix of shape (K, K) (rows: true class, columns: predicted), with
    the counts written in the cells; the figure grows with the number of classes K."""
    C = np.asarray(confusion)
    K = C.shape[0]
    side = min(12.0, 2.5 + 0.5 * K)
    ax = _axes(ax, figsize=(side, side * 0.85))
    im = ax.imshow(C, cmap="Blues")
    ax.figure.colorbar(im, ax=ax, shrink=0.8)
    ticks = np.arange(K)
    ax.set_xticks(ticks, list(classes), rotation=45 if K > 4 else 0)
    ax.set_yticks(ticks, list(classes))
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    if title:
        ax.set_title(title)
    for i in range(K):
        for j in range(K):
            colour = "white" if C[i, j] > C.max() / 2 else "black"
            ax.text(j, i, str(C[i, j]), ha="center", va="center", color=colour)
    return ax
