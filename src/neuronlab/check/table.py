"""The one table of graded functions: :data:`LABS`, every lab's rows (:mod:`.cases`), in
the notebook's order. Adding a function is adding a row to its lab's module in
:mod:`.rows`; adding a lab is adding its module here.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from neuronlab.check.cases import Graded
from neuronlab.check.rows import (
    deep,
    deep_app,
    digits,
    gradient_checking,
    initialization,
    logistic_regression,
    optimization,
    planar,
    regularization,
)

#: Every lab's graded functions, in the notebook's order.
LABS: dict[str, list[Graded]] = {
    "logistic_regression": logistic_regression.GRADED,
    "planar": planar.GRADED,
    "deep": deep.GRADED,
    "deep_app": deep_app.GRADED,
    "initialization": initialization.GRADED,
    "regularization": regularization.GRADED,
    "gradient_checking": gradient_checking.GRADED,
    "optimization": optimization.GRADED,
    "digits": digits.GRADED,
}


#: A lab of two notebooks: ``--lab deep`` (or 3.3) on the application's notebook
#: checks it as ``deep_app``.
NOTEBOOKS = {"deep": "deep_app"}


def graded_names(lab: str) -> list[str]:
    return [g.name for g in LABS[lab]]


def choose_lab(
    defined: Sequence[str],
    lab: str | None = None,
    argument: str = "PATH",
    needs: Collection[str] = (),
) -> str:
    """``lab`` checked, or the lab whose graded names ``defined`` holds most of (ties:
    the larger share of the lab's functions), among the labs that grade all of ``needs``."""
    if lab is not None:
        if lab not in LABS:
            raise ValueError(f"--lab: expected one of {', '.join(LABS)}, got {lab!r}")
        other = NOTEBOOKS.get(lab)  # 3.3 is two notebooks: take the one the file is
        if (
            other
            and set(defined) & set(graded_names(other))
            and not set(defined) & set(graded_names(lab))
        ):
            return other
        return lab
    names = set(defined) | set(needs)
    labs = [key for key in LABS if set(needs) <= set(graded_names(key))] or list(LABS)
    found = {key: len(names & set(graded_names(key))) for key in labs}
    best = max(labs, key=lambda k: (found[k], found[k] / len(LABS[k])))
    if found[best] == 0:
        raise ValueError(
            f"{argument}: no graded function found: expected functions named as in a lab's "
            "notebook, "
            f"e.g. {', '.join(graded_names('logistic_regression')[:3])} (labs checked: "
            f"{', '.join(LABS)})"
        )
    return best
