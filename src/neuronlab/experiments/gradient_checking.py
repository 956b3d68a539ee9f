"""Experiment 3.6 — gradient checking: the lab's checks, and the engine's catching its bugs.

1. **1-D**: ``J = θx`` at x = 3, θ = 4 → difference 7.814075313343006e-11.
2. **N-D**, the lab's 3-layer net on its test case (``np.random.seed(1)``
   inputs): the course's backprop with its two planted bugs (``dW2`` doubled,
   ``db1`` with ``4/m``) → 0.2850931567761623, flagged; the correct backprop →
   1.1890913024229996e-07, passed (threshold 2e-7).  Both exact (the cost is
   summed in the lab's order, so the finite differences are the lab's).
3. **The engine's checkers** on the same net and data: the exact
   :func:`neuronlab.gradcheck.check` (every coordinate) and the fast
   :func:`~neuronlab.gradcheck.check_fast` (two directional derivatives per
   parameter array), on the engine's correct backprop and on a network whose
   backward has the planted bugs: both must pass the first and flag the second.

No published numbers beyond 1 and 2; the engine's differences are ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neuronlab import gradcheck
from neuronlab.experiments._common import Metric, make_result, stopwatch
from neuronlab.labs import gradient_checking as lab

DATASET = "the lab's test case: X = randn(4, 3), Y = [1, 1, 0], parameters randn (seed 1)"

SUMMARY = (
    "Backpropagation checked against two-sided finite differences. The lab's N-D backprop "
    "ships with two planted bugs (dW2 doubled, db1 with 4/m): the check flags them "
    "(0.285), and once they are fixed the difference falls below the 2e-7 threshold. The "
    "engine's exact and fast checks catch the same bugs."
)

#: The lab in one line, for the report.
PURPOSE = "Check backpropagation against finite differences, and catch the lab's planted bugs."
#: Which course version the published numbers are from, for the report's notes.
COURSE_VERSION = (
    "the 2021+ lab (pass threshold 2e-7; the 2017 lab flagged above 1e-7, which wrongly flags"
    " the correct backprop)."
)

ONE_D = 7.814075313343006e-11
WITH_BUGS = 0.2850931567761623
FIXED = 1.1890913024229996e-07


@dataclass
class Config:
    """The lab's settings."""

    x: float = 3.0
    theta: float = 4.0
    epsilon: float = 1e-7
    threshold: float = gradcheck.THRESHOLD
    fast_epsilon: float = 1e-6
    fast_seed: int = 0


def run(config: Config | None = None, *, quick: bool = False, data_dir: Any = None,
        dtype: str = "float64", save_models: Any = None) -> dict[str, Any]:  # fmt: skip
    """Run the checks; a JSON-able dict (see the module docstring).

    The checks are instant, so ``quick`` changes nothing.  Checks always run in
    float64 (a finite difference in float32 is noise); ``data_dir`` and ``save_models``
    are unused.
    """
    config = config or Config()
    metrics: list[Metric] = []
    runs: dict[str, Any] = {}
    eps = config.epsilon
    with stopwatch() as total:
        with stopwatch() as elapsed:
            one_d = lab.gradient_check(config.x, config.theta, eps)
        runs["one_dimensional"] = {
            "x": config.x,
            "theta": config.theta,
            "difference": one_d,
            "passed": one_d < config.threshold,
            "wall_time": elapsed(),
        }
        metrics.append(
            Metric(
                "1-D: difference (x = 3, θ = 4)", one_d, ONE_D, 1e-8, "rel", "full-precision print"
            )
        )

        X, Y, parameters = lab.gradient_check_n_test_case()
        _, cache = lab.forward_propagation_n(X, Y, parameters)
        for name, bugs, published in (("planted_bugs", True, WITH_BUGS), ("fixed", False, FIXED)):
            with stopwatch() as elapsed:
                grads = lab.backward_propagation_n(X, Y, cache, planted_bugs=bugs)
                diff = lab.gradient_check_n(parameters, grads, X, Y, eps)
            runs[f"n_dimensional_{name}"] = {
                "difference": diff,
                "flagged": diff > config.threshold,
                "wall_time": elapsed(),
            }
            metrics.append(
                Metric(
                    f"N-D: difference, {name.replace('_', ' ')}",
                    diff,
                    published,
                    1e-8,
                    "rel",
                    "full-precision print",
                )
            )

        engine: dict[str, Any] = {}
        for name in ("correct", "planted_bugs"):
            net = lab.network(parameters, planted_bugs=name == "planted_bugs")
            with stopwatch() as elapsed:
                exact = gradcheck.check(net, X, Y, epsilon=eps)
                fast = gradcheck.check_fast(
                    net, X, Y, seed=config.fast_seed, epsilon=config.fast_epsilon
                )
            engine[name] = {
                "check": exact,
                "check_fast": fast,
                "check_flags": exact > config.threshold,
                "check_fast_flags": fast > config.threshold,
                "wall_time": elapsed(),
            }
            for checker, value in (("check", exact), ("check_fast", fast)):
                verdict = "flags" if value > config.threshold else "passes"
                metrics.append(
                    Metric(
                        f"engine gradcheck.{checker}, {name.replace('_', ' ')}",
                        value,
                        note=f"ours: {verdict} (threshold 2e-7)",
                    )
                )
        runs["engine"] = engine
    caught = all(engine["planted_bugs"][k] for k in ("check_flags", "check_fast_flags"))
    clean = not any(engine["correct"][k] for k in ("check_flags", "check_fast_flags"))
    return make_result(
        "gradient_checking", DATASET, config, runs, metrics, total(), quick=quick,
        dtype="float64", comparable=True, engine_catches_planted_bugs=caught,
        engine_passes_correct_backprop=clean,
    )  # fmt: skip


def figures(result: dict[str, Any], out_dir: Any, data_dir: Any = None) -> list[tuple[str, str]]:
    """The verdicts on one log-scale bar chart."""
    from neuronlab import plots
    from neuronlab.experiments._common import save_all

    runs = result["runs"]
    diffs = {
        "1-D, J = θx": runs["one_dimensional"]["difference"],
        "N-D, lab's planted bugs": runs["n_dimensional_planted_bugs"]["difference"],
        "N-D, bugs fixed": runs["n_dimensional_fixed"]["difference"],
        "engine check, correct": runs["engine"]["correct"]["check"],
        "engine check, planted bugs": runs["engine"]["planted_bugs"]["check"],
        "engine check_fast, correct": runs["engine"]["correct"]["check_fast"],
        "engine check_fast, planted bugs": runs["engine"]["planted_bugs"]["check_fast"],
    }
    ax = plots.gradcheck_bars(
        diffs,
        threshold=result["config"]["threshold"],
        title="relative difference (blue: pass, red: flagged)",
    )
    return save_all(
        out_dir,
        [
            (
                "gradcheck_verdicts.png",
                ax,
                "Gradient-check verdicts; dashed line: the 2e-7 threshold "
                "(0 means within rounding error)",
            )
        ],
    )
