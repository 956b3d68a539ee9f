"""Figures render headless, and what they show is looked at (pixels), not only saved."""

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from PIL import Image

from neuronlab import plots


def rgb(path):
    return np.asarray(Image.open(path).convert("RGB")).reshape(-1, 3).astype(int)


def has_colour(pixels, hex_colour, tol=30):
    target = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return bool((np.abs(pixels - target).max(axis=1) <= tol).any())


def test_decision_boundary_shows_both_regions_and_both_classes(tmp_path):
    X = np.array([[-1.0, -0.5, 0.5, 1.0], [0.0, 0.2, -0.2, 0.1]])
    Y = np.array([[0, 0, 1, 1]])
    ax = plots.decision_boundary(
        lambda P: (P[0] > 0).astype(int), X, Y, xlim=(-2, 2), ylim=(-1, 1), title="split at x1 = 0"
    )
    assert isinstance(ax, Axes) and ax.get_xlim() == (-2, 2)
    px = rgb(plots.save(ax, tmp_path / "db.png"))
    for colour in plots.REGION_COLOURS + plots.CLASS_COLOURS:
        assert has_colour(px, colour), colour


def test_cost_curves_share_one_axes(tmp_path):
    ax = plots.cost_curves({"lr 0.01": ([0, 100], [0.7, 0.3]), "lr 0.001": ([0, 100], [0.7, 0.6])})
    assert len(ax.get_lines()) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["lr 0.01", "lr 0.001"]
    path = plots.save(ax, tmp_path / "c.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_drawing_on_a_given_axes():
    fig = Figure()
    ax = fig.add_subplot()
    assert plots.cost_curve([3, 2, 1], ax=ax) is ax


def test_picture_grids(tmp_path):
    imgs = np.random.default_rng(0).random((7, 4, 4, 3))
    fig = plots.image_grid(imgs, titles=list("abcdefg"), ncols=3)
    assert isinstance(fig, Figure) and len(fig.axes) == 9
    fig = plots.mislabelled_images(
        imgs, [0, 1, 1, 0, 1, 0, 0], [0, 1, 0, 0, 1, 1, 0], ["non-cat", "cat"]
    )
    shown = [ax.get_title() for ax in fig.axes if ax.images]
    assert shown == ["pred: non-cat\nclass: cat", "pred: cat\nclass: non-cat"]
    fig = plots.hidden_units(np.arange(25 * 16.0).reshape(25, 16), (4, 4), transpose=True)
    assert len([ax for ax in fig.axes if ax.images]) == 25
    np.testing.assert_array_equal(
        fig.axes[0].images[0].get_array(), np.arange(16.0).reshape(4, 4).T
    )
    plots.save(fig, tmp_path / "h.png")


def test_gradcheck_bars_colour_by_verdict(tmp_path):
    px = rgb(plots.save(plots.gradcheck_bars({"ok": 1e-9, "bug": 0.3}), tmp_path / "g.png"))
    assert has_colour(px, plots.CLASS_COLOURS[0]) and has_colour(px, plots.CLASS_COLOURS[1])


def test_save_replaces_a_file_atomically_and_refuses_a_missing_folder(tmp_path):
    import pytest

    (tmp_path / "c.png").write_text("old")
    path = plots.save(plots.cost_curve([3, 2, 1]), tmp_path / "c.png")
    assert path.read_bytes()[:4] == b"\x89PNG" and [p.name for p in tmp_path.iterdir()] == ["c.png"]
    with pytest.raises(FileNotFoundError, match="does not exist"):
        plots.save(plots.cost_curve([1]), tmp_path / "no" / "c.png")


def test_confusion_matrix_writes_the_counts(tmp_path):
    ax = plots.confusion_matrix([[5, 1], [0, 7]], ["no", "yes"], title="accuracy 92.3 %")
    assert isinstance(ax, Axes) and ax.get_title() == "accuracy 92.3 %"
    assert sorted(t.get_text() for t in ax.texts) == ["0", "1", "5", "7"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["no", "yes"]
    plots.save(ax, tmp_path / "cm.png")


def test_curves_on_one_plot_stay_visible_when_they_overlap():
    """Gradient descent under momentum (the optimization lab: they agree to 1e-4) was one
    line: each curve now has its own line style and marker."""
    from neuronlab import plots

    steps = list(range(0, 1001, 100))
    same = [0.7 - 0.003 * i for i in range(11)]
    ax = plots.cost_curves({"gd": (steps, same), "momentum": (steps, same), "adam": (steps, same)})
    lines = ax.get_lines()
    assert len({line.get_linestyle() for line in lines}) == 3
    assert len({line.get_marker() for line in lines}) == 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["gd", "momentum", "adam"]


def test_long_runs_have_few_readable_step_ticks():
    """15,000 iterations printed "10000120001400" as one run of digits."""
    from neuronlab import plots

    steps = list(range(0, 15000, 1000))
    ax = plots.cost_curve([0.7 - 0.01 * i for i in range(15)], steps)
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert 2 <= len(labels) <= 7, labels
    assert all(len(label) <= 4 for label in labels), labels  # "0", "3k", "12k"


def test_gradcheck_bars_name_the_threshold_inside_the_figure():
    """The threshold's text ran over the frame, and the axis label was cut."""
    from neuronlab import plots

    ax = plots.gradcheck_bars({"a": 1e-11, "b": 0.3}, threshold=1e-9, title="t")
    assert "threshold, 1e-09" in ax.get_xlabel()
    assert len(ax.texts) == 0  # nothing placed by hand beside the line
    assert ax.get_xlim()[1] > 1e-9 * 10  # the dashed line is not on the frame


def test_the_hidden_units_picture_says_what_a_tile_is():
    from neuronlab import plots

    fig = plots.hidden_units(np.random.default_rng(0).normal(size=(4, 64)), (8, 8))
    assert (
        "each tile: one hidden unit's weights on the 8×8 input pixels" in fig._suptitle.get_text()
    )
