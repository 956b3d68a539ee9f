"""``neuronlab bench``: the standard workloads against scikit-learn (and PyTorch when
installed), ratios printed; ``--quick`` for a smoke test in seconds."""

from __future__ import annotations

import pytest

from neuronlab import bench
from neuronlab.cli import main


def test_bench_quick_prints_the_table_with_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["bench", "a", "d", "e", "--quick", "--reps", "1"])  # --quick waits for no CPU
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("python ") and any(line.startswith("BLAS (numpy)") for line in lines)
    assert "quick sizes (a smoke test: the times mean nothing); median of 1" in out
    assert "ratio = neuronlab s / reference s: below 1, neuronlab is faster" in out
    head = next(k for k, line in enumerate(lines) if line.startswith("case "))
    assert lines[head].split() == ["case", "dtype", "what", "neuronlab", "s", "reference",
                                   "reference", "s", "ratio", "target", "met?"]  # fmt: skip
    table = lines[head + 1 :]
    sklearn = [row for row in table if "sklearn sgd" in row]
    assert [row.split()[2] for row in sklearn] == ["float64", "float32"]
    for row in sklearn:  # a ratio: neuronlab's time over scikit-learn's
        cells = row.split()  # a cat-deep float64 5 GD steps 0.0244 sklearn sgd 0.0425 0.57 — —
        shown = float(cells[6]) / float(cells[9])  # from times shown to 3 digits
        # each time is shown to 3 significant digits (≤ 0.5 % off, so their ratio ≤ 1.005 %)
        # and the ratio to 2 decimals (≤ 0.005): both bounds add up
        assert abs(float(cells[10]) - shown) <= 0.01005 * shown + 0.005 + 1e-9, row
    assert any("exact check, 1285 params" in row and "plain loop" in row for row in table)
    # tiny sizes meet or miss no target: the quick table said "NO" for times that mean nothing
    assert not any(row.rstrip().endswith(("yes", "NO")) for row in table)
    for name in ("digits", "breast-cancer"):  # the estimator against MLPClassifier
        assert any(row.startswith(f"e {name} ") and "sklearn MLPClassifier" in row
                   for row in table)  # fmt: skip
        assert f"(e) {name}: test accuracy of the last fit: neuronlab " in err
    assert "planted bug (dW2 × 2) caught by both" in err  # the checks still find a bug
    assert "max|θ_nl − θ_sklearn| after the run" in err  # the same iterates as scikit-learn's
    assert " spread (s): " not in err  # only with --verbose
    if bench.torch_modules()[0] is None:
        assert "torch is not installed: its rows are left out" in out
    else:
        assert "torch SGD" in out


def test_the_same_iterates_as_scikit_learn() -> None:
    """The workloads compare like with like: after (a), the parameters agree."""
    import numpy as np

    w = bench.cat_deep(bench.QUICK, "float64")
    ours, sklearn = w.trials["neuronlab"]()(), w.trials["sklearn"]()()
    np.testing.assert_allclose(ours, sklearn, rtol=0, atol=1e-12)


def test_an_interrupt_that_scikit_learn_swallowed_is_raised_again() -> None:
    """MLPClassifier.fit turns Ctrl-C / SIGTERM into a warning and returns."""
    import warnings

    def fit() -> None:
        warnings.warn("Training interrupted by user.", stacklevel=1)

    with pytest.raises(KeyboardInterrupt):
        bench.quiet(fit)
    assert bench.quiet(lambda: 3) == 3


def test_an_interrupted_bench_shows_what_it_measured(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(bench, "gradient_checks", interrupted)
    code = main(["bench", "a", "d", "--quick", "--reps", "1", "--max-wait", "0"])
    out, err = capsys.readouterr()
    assert code == 130 and err.endswith("neuronlab: interrupted\n")
    assert "interrupted: the cases measured so far" in out
    assert "a cat-deep" in out and "d gradcheck" not in out


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["f"], ["CASE", "a, b, c, d, e", "'f'"]),
        (["--reps", "0"], ["--reps", ">= 1", "'0'"]),
        (["--reps", "many"], ["--reps", "whole number"]),
        (["--max-wait", "-1"], ["--max-wait", ">= 0", "'-1'"]),
        (["--max-wait", "soon"], ["--max-wait", "'soon'"]),
    ],
)
def test_bench_bad_input_is_one_line(
    args: list[str], fragments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["bench", "--quick", *args])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("neuronlab: error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
