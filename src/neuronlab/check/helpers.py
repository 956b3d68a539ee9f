"""The course's helper modules, as a learner's code imports them, served by neuronlab.

A learner's folder often lacks ``lr_utils.py``, ``planar_utils.py``, ``dnn_utils.py``,
``public_tests.py`` or ``testCases_v2.py``. While their code is checked, each of these
names is a module whose functions are the lab facade's (``planar_utils.sigmoid`` is the
elementwise sigmoid, ``dnn_utils.relu`` the deep lab's ``(A, cache)`` one; the cat
application's ``dnn_app_utils`` keep their own ``initialize_parameters_deep`` and in-place
``update_parameters``). A name the check does not need (a plot, a public test) is a
stand-in that says so if called: a graded function that calls it fails with that
sentence, not with an ImportError.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any

import numpy as np


def _elementwise(name: str) -> Callable[[Any], Any]:
    def activation(x: Any) -> Any:
        from neuronlab.activations import get_activation

        return get_activation(name).forward(np.asarray(x, dtype=np.float64))

    activation.__name__ = name
    return activation


#: Course helper module → (the lab facade it draws on, the names ``import *`` gives,
#: names served otherwise).  From COURSE_FILES.md §3; test modules serve no names.
_ELEMENTWISE = {"sigmoid": _elementwise("sigmoid"), "relu": _elementwise("relu")}
_DNN = ("sigmoid", "relu", "relu_backward", "sigmoid_backward")
_APP = (
    *_DNN, "load_data", "initialize_parameters", "initialize_parameters_deep", "linear_forward",
    "linear_activation_forward", "L_model_forward", "compute_cost", "linear_backward",
    "linear_activation_backward", "L_model_backward", "update_parameters", "predict",
    "print_mislabeled_images",
)  # fmt: skip


def _app_initialize_parameters_deep(layer_dims: Any) -> Any:
    """The application's initialiser (seed 1, ``randn / √n_{l-1}``), not the step-by-step
    one of the same name (COURSE_FILES.md §3, ``dnn_app_utils``)."""
    from neuronlab.labs.deep import initialize_parameters_deep_app

    return initialize_parameters_deep_app(layer_dims)


def _app_update_parameters(parameters: Any, grads: Any, learning_rate: Any) -> Any:
    """As the application's helper: the given dict updated in place (new arrays under its
    keys) and returned, so a model that does not assign the result still trains."""
    from neuronlab.labs.deep import update_parameters

    parameters.update(update_parameters(parameters, grads, learning_rate))
    return parameters


_APP_OWN = {
    "initialize_parameters_deep": _app_initialize_parameters_deep,
    "update_parameters": _app_update_parameters,
}

_3LAYER = (
    "sigmoid", "relu", "forward_propagation", "backward_propagation", "update_parameters",
    "predict", "predict_dec", "plot_decision_boundary", "load_dataset",
)  # fmt: skip
HELPERS: dict[str, tuple[str | None, tuple[str, ...], dict[str, Any]]] = {
    "lr_utils": ("logistic_regression", ("load_dataset",), {}),
    "planar_utils": (
        "planar",
        ("plot_decision_boundary", "sigmoid", "load_planar_dataset", "load_extra_datasets"),
        {"sigmoid": _ELEMENTWISE["sigmoid"]},
    ),
    "dnn_utils": ("deep", _DNN, {}),
    "dnn_utils_v2": ("deep", _DNN, {}),
    "dnn_app_utils": ("deep", _APP, _APP_OWN),
    "dnn_app_utils_v3": ("deep", _APP, _APP_OWN),
    "init_utils": ("initialization", (*_3LAYER, "compute_loss"), _ELEMENTWISE),
    "reg_utils": (
        "regularization",
        (*_3LAYER, "compute_cost", "initialize_parameters", "load_2D_dataset"),
        _ELEMENTWISE,
    ),
    "gc_utils": (
        "gradient_checking",
        ("sigmoid", "relu", "dictionary_to_vector", "vector_to_dictionary", "gradients_to_vector"),
        _ELEMENTWISE,
    ),
    "opt_utils": (
        "optimization",
        (*_3LAYER, "compute_cost", "initialize_parameters", "load_params_and_grads"),
        _ELEMENTWISE,
    ),
    "opt_utils_v1a": (
        "optimization",
        (*_3LAYER, "compute_cost", "initialize_parameters", "load_params_and_grads"),
        _ELEMENTWISE,
    ),
    **{
        name: (None, (), {})
        for name in (
            "public_tests",
            "test_utils",
            "testCases",
            "testCases_v2",
            "testCases_v3",
            "testCases_v4",
            "testCases_v4a",
            "test_cases",
        )
    },  # fmt: skip
}


class _Helper(types.ModuleType):
    """A course helper module: the facade's function of each name, or a stand-in."""

    def __init__(self, name: str, lab: str | None, star: tuple[str, ...], own: dict[str, Any]):
        super().__init__(name, f"neuronlab's stand-in for the course's {name}.py")
        self._lab, self._own = lab, own
        self.__all__ = [n for n in star if self._serves(n)]

    def _serves(self, name: str) -> bool:
        return name in self._own or (self._lab is not None and hasattr(self._facade(), name))

    def _facade(self) -> types.ModuleType:
        return importlib.import_module(f"neuronlab.labs.{self._lab}")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name in self._own:
            return self._own[name]
        if self._lab is not None and hasattr(self._facade(), name):
            return getattr(self._facade(), name)
        return _stand_in(self.__name__, name)


def _stand_in(module: str, name: str) -> Callable[..., Any]:
    def unavailable(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(
            f"{module}.{name} is not available while neuronlab checks your code "
            "(a graded function should not need it)"
        )

    unavailable.__name__ = name
    return unavailable


def install() -> list[str]:
    """Put every course helper module in ``sys.modules`` (the learner's folder may have
    its own copies: the check uses neuronlab's, which load no data when imported)."""
    for name, (lab, star, own) in HELPERS.items():
        sys.modules[name] = _Helper(name, lab, star, own)
    return list(HELPERS)
