"""One runnable experiment per lab, and :data:`LABS`, the one registry of the labs.

An experiment is a config dataclass and ``run(config)`` → a JSON-able result (see
:mod:`neuronlab.experiments._common`); ``figures(result, out_dir)`` draws from it.
The report (``neuronlab reproduce``) and the command line (``neuronlab labs``,
``neuronlab gradcheck LAB``) read every fact about a lab from :data:`LABS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from neuronlab.network import Network

_CAT = ("cat/train_catvnoncat.h5", "cat/test_catvnoncat.h5")


@dataclass(frozen=True)
class Lab:
    """One lab of the course.

    ``key`` names both its facade (:mod:`neuronlab.labs.<key>`) and its experiment
    (:mod:`neuronlab.experiments.<key>`); ``number`` is the course's (``"3.2"``).
    ``data`` are the data files it needs (it is skipped without them),
    ``optional_data`` those that add published checks.  ``layer_dims`` and
    ``hidden_activation`` describe the network it trains, ``l2`` its L2 strength λ
    (what ``neuronlab gradcheck LAB`` checks).  ``saves_models``: its experiment
    saves its trained networks when given a folder (``reproduce --save-models``).
    """

    key: str
    number: str
    title: str
    layer_dims: tuple[int, ...]
    hidden_activation: str = "relu"
    output_activation: str = "sigmoid"
    l2: float = 0.0
    data: tuple[str, ...] = ()
    optional_data: tuple[str, ...] = ()
    saves_models: bool = False

    @property
    def experiment(self) -> ModuleType:
        """The lab's experiment module (imported on first use)."""
        return importlib.import_module(f"neuronlab.experiments.{self.key}")

    @property
    def facade(self) -> ModuleType:
        """The lab's course-compatible module (imported on first use)."""
        return importlib.import_module(f"neuronlab.labs.{self.key}")

    def check_network(self, seed: int = 0) -> Network:
        """The lab's architecture with Xavier weights drawn from ``seed``: a network
        whose backpropagation a gradient check can exercise everywhere."""
        from neuronlab.network import Network

        return Network(
            self.layer_dims,
            hidden_activation=self.hidden_activation,
            output_activation=self.output_activation,
            initializer="xavier",
            seed=seed,
        )


LABS: tuple[Lab, ...] = (
    Lab("logistic_regression", "3.1", "Logistic regression with a neural-network mindset",
        (12288, 1), data=_CAT),
    Lab("planar", "3.2", "Planar data classification with one hidden layer", (2, 4, 1),
        hidden_activation="tanh"),
    Lab("deep", "3.3", "Deep neural network for cat pictures", (12288, 20, 7, 5, 1), data=_CAT,
        saves_models=True),
    Lab("initialization", "3.4", "Initialization", (2, 10, 5, 1)),
    Lab("regularization", "3.5", "Regularization", (2, 20, 3, 1), l2=0.7,
        data=("football/data.mat",)),
    Lab("gradient_checking", "3.6", "Gradient checking", (4, 5, 3, 1)),
    Lab("optimization", "3.7", "Optimization methods", (2, 5, 2, 1)),
    Lab("digits", "3.8", "Digits network trained by backpropagation (400-25-10)", (400, 25, 10),
        hidden_activation="sigmoid", l2=1.0,
        optional_data=("digits/ex4weights.mat", "digits/ex4data1.mat")),
)  # fmt: skip


def find_labs(names: Sequence[str]) -> list[Lab]:
    """Labs by key (``planar``) or number (``3.2``); all of them when ``names`` is empty."""
    if not names:
        return list(LABS)
    by_name = {lab.key: lab for lab in LABS} | {lab.number: lab for lab in LABS}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        valid = ", ".join(lab.key for lab in LABS)
        raise ValueError(f"unknown lab {unknown[0]!r}; expected one of: {valid} (or 3.1 … 3.8)")
    return [by_name[n] for n in dict.fromkeys(names)]


def lab_by_key(key: str) -> Lab:
    """The registry entry of ``key`` (``"planar"``)."""
    return find_labs([key])[0]
