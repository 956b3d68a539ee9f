"""neuronlab: neural networks from scratch in fully vectorized NumPy.

Conventions (stated once, used everywhere):

* examples are **columns**: ``X`` of shape (n_x, m), ``Y`` of shape (n_out, m);
* a dense layer has ``W`` of shape (n_out, n_in) and ``b`` of shape (n_out, 1),
  and computes ``Z = W A_prev + b``;
* costs are means over the ``m`` examples; L2 penalises weights, not biases;
* float64 by default, float32 end to end on request;
* every random choice takes a seed or a ``numpy.random.Generator``.

>>> import neuronlab as nl
>>> net = nl.Network([2, 4, 1], hidden_activation="tanh", seed=0)
"""

from neuronlab import activations, initializers, losses, optimizers
from neuronlab.network import Network
from neuronlab.optimizers import Adam, GradientDescent, Momentum, RMSProp
from neuronlab.training import History, TrainingDiverged, fit

#: The installed distribution's version ("0.0.0" when run from a source tree); read
#: on first use by ``__getattr__`` below (``importlib.metadata`` alone costs ~40 ms).
__version__: str

__all__ = [
    "Adam",
    "NeuralNetClassifier",
    "NeuralNetRegressor",
    "GradientDescent",
    "History",
    "ModelFileError",
    "Momentum",
    "Network",
    "RMSProp",
    "TrainingDiverged",
    "activations",
    "check",
    "fit",
    "fullbatch",
    "gradcheck",
    "initializers",
    "losses",
    "optimizers",
]


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("neuronlab")
        except PackageNotFoundError:  # running from a source tree
            found = "0.0.0"
        globals()["__version__"] = found  # asked once
        return found
    if name == "ModelFileError":  # neuronlab.io imports zipfile, tempfile, socket, …
        from neuronlab.io import ModelFileError

        return ModelFileError
    # The estimators import scikit-learn: load them only when asked for.
    if name in ("NeuralNetClassifier", "NeuralNetRegressor"):
        from neuronlab import estimator

        return getattr(estimator, name)
    if name in ("check", "fullbatch", "gradcheck"):
        # check: neuronlab.check(obj) grades a learner's lab code; fullbatch and
        # gradcheck are tools a network does not need to be built or trained
        import importlib

        return importlib.import_module(f"neuronlab.{name}")
    raise AttributeError(f"module 'neuronlab' has no attribute {name!r}")
