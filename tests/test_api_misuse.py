"""Every misuse of the Python API names the argument (issue 12, items 3 and 4): one
``TypeError`` or ``ValueError`` whose message starts with the argument's name and
says what was expected — never an ``IndexError``/``KeyError``/``AttributeError`` from
inside, and never a silent wrong answer."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import neuronlab as nl
from neuronlab.labs import deep, gradient_checking, planar
from neuronlab.training import TrainingDiverged

X = np.random.default_rng(0).normal(size=(3, 40))
Y = (X[:1] > 0).astype(float)


def net() -> nl.Network:
    return nl.Network([3, 4, 1])


def trained_state() -> dict[str, Any]:
    state: dict[str, Any] = {}
    net().fit(X, Y, epochs=2, optimizer="adam", optimizer_state=state)
    return state


#: (what, the call, the exception, a fragment of its message)
MISUSES: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    ("misspelt keyword", lambda: net().fit(X, Y, epoch=10), TypeError,
     "fit: unknown argument 'epoch' — did you mean 'epochs'?"),
    ("misspelt optimizer setting", lambda: net().fit(X, Y, optimizer="momentum", betta=0.9),
     TypeError, "did you mean 'beta'?"),
    ("another library's name", lambda: net().fit(X, Y, lr=0.1), TypeError,
     "fit: unknown argument 'lr' — did you mean 'learning_rate'?"),
    ("the course's name", lambda: net().fit(X, Y, num_iterations=5), TypeError,
     "did you mean 'epochs'?"),
    ("a setting beside an optimizer object",
     lambda: net().fit(X, Y, optimizer=nl.Adam(), beta1=0.8), TypeError,
     "takes its settings when it is made"),
    ("unknown keyword", lambda: net().fit(X, Y, colour=1), TypeError,
     "fit: unknown argument 'colour' (optimizer 'gd' takes no settings)"),
    ("validation_data of one", lambda: net().fit(X, Y, validation_data=(X,)), TypeError,
     "validation_data: expected a pair (X_val, Y_val) or a triple (X_val, Y_val, "
     "sample_weight_val), got 1 item"),
    ("validation_data an array", lambda: net().fit(X, Y, validation_data=X), TypeError,
     "validation_data: expected a pair"),
    ("min_delta a string", lambda: net().fit(X, Y, min_delta="x"), TypeError, "min_delta: "),
    ("min_delta NaN", lambda: net().fit(X, Y, min_delta=math.nan), ValueError, "min_delta: "),
    ("negative seed", lambda: nl.Network([3, 4, 1], seed=-1), ValueError,
     "seed: expected a non-negative integer"),
    ("negative fit seed", lambda: net().fit(X, Y, seed=-3), ValueError, "seed: "),
    ("negative rate from a schedule", lambda: net().fit(X, Y, schedule=lambda e: 0.1 - e / 10),
     ValueError, "schedule: expected a learning rate > 0 at every epoch, got 0.0 at epoch 1"),
    ("NaN rate from a schedule", lambda: net().fit(X, Y, schedule=lambda e: math.nan),
     ValueError, "schedule: "),
    ("infinite rate from a schedule", lambda: net().fit(X, Y, schedule=lambda e: math.inf),
     ValueError, "schedule: expected a finite learning rate"),
    ("a schedule returning text", lambda: net().fit(X, Y, schedule=lambda e: "fast"),
     ValueError, "schedule: "),
    ("optimizer_state a list", lambda: net().fit(X, Y, optimizer_state=[1, 2]), TypeError,
     "optimizer_state: expected an empty dict, or the one a previous fit filled"),
    ("optimizer_state with other keys", lambda: net().fit(X, Y, optimizer_state={"x": 1}),
     ValueError, "got the keys ['x']"),
    ("optimizer_state of another network",
     lambda: nl.Network([3, 5, 1]).fit(X, Y, optimizer="adam", optimizer_state=trained_state()),
     ValueError, "optimizer_state['state']: not this optimizer's state"),
    ("optimizer_state of another optimizer",
     lambda: net().fit(X, Y, optimizer="momentum", optimizer_state=trained_state()),
     ValueError, "optimizer_state['state']"),
    ("sigmoid with categorical cross-entropy",
     lambda: nl.Network([3, 4, 2], output_activation="sigmoid", loss="categorical_cross_entropy"),
     ValueError, "loss: 'categorical_cross_entropy' needs a 'softmax' output"),
    ("identity with binary cross-entropy",
     lambda: nl.Network([3, 4, 1], output_activation="identity", loss="binary_cross_entropy"),
     ValueError, "loss: 'binary_cross_entropy' needs a 'sigmoid' output"),
    ("softmax with binary cross-entropy",
     lambda: nl.Network([3, 4, 2], output_activation="softmax", loss="binary_cross_entropy"),
     ValueError, "loss: a softmax output needs"),
    ("compute_cost of a value above 1",
     lambda: deep.compute_cost(np.array([[0.8, 1.5]]), np.array([[1, 0]])), ValueError,
     "AL: expected probabilities in [0, 1] (a sigmoid's outputs), got 1.5 at [0, 1]"),
    ("compute_cost of a negative value",
     lambda: planar.compute_cost(np.array([[-0.2, 0.5]]), np.array([[1, 0]])), ValueError,
     "A2: expected probabilities in [0, 1]"),
    ("compute_cost of a NaN (its cost was NaN, silently)",
     lambda: deep.compute_cost(np.array([[0.5, np.nan]]), np.array([[1, 0]])), ValueError,
     "AL: expected probabilities in [0, 1] (a sigmoid's outputs), got nan at [0, 1] (NaN:"),
    ("compute_cost of one ulp above 1",
     lambda: deep.compute_cost(np.array([[1.0000000000000002]]), np.array([[1]])), ValueError,
     "got 1.0000000000000002 at [0, 0]"),
    ("inputs too large for the forward pass",
     lambda: net().fit(X * np.array([[1], [1], [1e200]]), Y, epochs=3), TrainingDiverged,
     "feature 2 (row 2 of X) holds values up to"),
    ("initial weights that overflow",
     lambda: nl.Network([3, 4, 1], initializer="random", scale=1e200).fit(X, Y, epochs=3),
     TrainingDiverged, "before any step, with the initial weights"),
    ("targets too large for the cost (was: 'try a smaller initialisation')",
     lambda: nl.Network([3, 4, 1], output_activation="identity").fit(
         X, np.full((1, 40), 1e300), epochs=2), TrainingDiverged,
     "Y: training diverged at iteration 0: the cost is inf: the targets reach 1e+300"),
    ("from_config of a partial mapping (was: KeyError 'activations')",
     lambda: nl.Network.from_config({"layer_dims": [2, 1]}), ValueError,
     "config: expected keys ['layer_dims', 'activations', 'loss', 'dtype']"),
    ("from_config(None) (was: 'NoneType' object is not subscriptable)",
     lambda: nl.Network.from_config(None), TypeError, "config: expected the mapping"),
    ("a learning rate that diverges",
     lambda: net().fit(X, Y, epochs=3, learning_rate=1e300), TrainingDiverged,
     "try a smaller learning_rate (it was 1e+300)"),
    # review 12: each was a message from inside, or no message at all
    ("Network's activations misspelt (was: \"initializer 'he': unknown settings\")",
     lambda: nl.Network([3, 4, 1], activations=["relu"]), TypeError,
     "Network: unknown argument 'activations' — did you mean 'hidden_activation' or "
     "'output_activation'?"),
    ("Network's dtype misspelt", lambda: nl.Network([3, 4, 1], dtypes="float32"), TypeError,
     "did you mean 'dtype'?"),
    ("load(None) (was: pathlib's 'expected str, bytes or os.PathLike object')",
     lambda: nl.Network.load(None), TypeError, "path: expected a file name"),
    ("a callback that is not callable (was: 'int' object is not callable, from inside)",
     lambda: net().fit(X, Y, epochs=1, callback=3), TypeError, "callback: expected a function"),
    ("the 1-D gradient_check given an array (was: only 0-dimensional arrays can be converted)",
     lambda: gradient_checking.gradient_check(np.ones(3), 4.0), ValueError,
     "x: expected a number (for arrays of parameters, gradient_check_n), got shape (3,)"),
    ("the 1-D gradient_check given text",
     lambda: gradient_checking.gradient_check(3, "4"), TypeError, "theta: expected a number"),
    ("L_model_backward with no caches (was: {} returned, silently)",
     lambda: deep.L_model_backward(np.full((1, 4), 0.5), np.ones((1, 4)), []), ValueError,
     "caches: expected the non-empty list of caches L_model_forward returns, got []"),
]  # fmt: skip


def test_a_model_saved_to_a_folder_is_refused_not_written_beside_it(tmp_path: Any) -> None:
    """``net.save(folder)`` wrote ``folder.npz`` beside the folder, silently."""
    (tmp_path / "models").mkdir()
    with pytest.raises(ValueError, match="path: .*models' is a folder; expected a file name"):
        net().save(tmp_path / "models")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["models"]
    net().save(tmp_path / "models" / "m")  # a name inside it is fine
    assert (tmp_path / "models" / "m.npz").is_file()


@pytest.mark.parametrize(("what", "call", "kind", "fragment"), MISUSES, ids=[m[0] for m in MISUSES])
def test_a_misuse_names_its_argument(
    what: str, call: Callable[[], Any], kind: type[Exception], fragment: str
) -> None:
    with pytest.raises(kind) as info:
        call()
    assert type(info.value) is kind, what
    assert fragment in str(info.value), str(info.value)


def test_the_right_uses_still_work() -> None:
    """Beside each refusal, the use it guards still works."""
    state = trained_state()
    net().fit(X, Y, epochs=2, optimizer="adam", optimizer_state=state)  # continued
    assert state["t"] == 4
    net().fit(X, Y, epochs=3, schedule=lambda e: 0.1 / (1 + e), validation_data=[X, Y])
    net().fit(X, Y, epochs=2, schedule=lambda e: np.array(0.1))  # a 0-d array is a number
    nl.Network([3, 4, 1], output_activation="sigmoid", loss="mse")
    assert deep.compute_cost(np.array([[1.0, 0.0]]), np.array([[1, 0]])) == 0  # 0 and 1 fine


def test_fit_shows_its_real_parameters() -> None:
    shown = inspect.signature(nl.Network([2, 1]).fit).parameters
    assert {"epochs", "learning_rate", "validation_data", "min_delta"} <= set(shown)
    assert list(shown)[:2] == ["X", "Y"]


_WRONG = st.one_of(
    st.text(max_size=3), st.none(), st.lists(st.integers(), max_size=2),
    st.floats(allow_nan=True, allow_infinity=True).filter(lambda f: not f >= 0 or math.isinf(f)),
    st.integers(max_value=-1), st.booleans(),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    argument=st.sampled_from(["learning_rate", "epochs", "min_delta", "l2", "batch_size", "seed"]),
    value=_WRONG,
)
def test_any_wrong_value_is_named(argument: str, value: Any) -> None:
    if value is None and argument in ("batch_size", "seed"):
        return  # None means full batch / a fresh seed
    try:
        net().fit(X, Y, **{"epochs": 1, argument: value})
    except (TypeError, ValueError) as exc:
        assert str(exc).startswith(f"{argument}: "), (argument, value, str(exc))
    else:
        raise AssertionError(f"{argument}={value!r} was accepted")


# ------------------------------------------------ the estimators and the lab facades
#: An estimator's hyper-parameters are checked when ``fit`` runs (scikit-learn's rule:
#: ``__init__`` only stores them); each wrong value is named in one error.
_ESTIMATOR_WRONG = {
    "hidden_layer_sizes": st.one_of(st.text(min_size=1, max_size=3), st.integers(max_value=0),
                                    st.lists(st.integers(max_value=0), min_size=1, max_size=2)),
    "learning_rate": st.one_of(st.floats(max_value=0.0), st.just(math.nan), st.text(max_size=2)),
    "epochs": st.one_of(st.integers(max_value=0), st.floats(0.1, 5.5).filter(lambda f: f % 1)),
    "batch_size": st.one_of(st.integers(max_value=0),
                            st.text(max_size=3).filter(lambda s: s != "auto")),
    "keep_prob": st.one_of(st.floats(max_value=0.0), st.floats(min_value=1.0001),
                           st.just(math.nan)),
    "tol": st.one_of(st.just(math.nan), st.text(max_size=2)),
    "validation_fraction": st.one_of(st.floats(max_value=0.0), st.floats(min_value=1.0)),
    "n_iter_no_change": st.integers(max_value=0),
    "activation": st.text(max_size=6).filter(lambda s: s not in ("relu", "tanh", "sigmoid")),
    "dtype": st.sampled_from(["int64", "float16", "complex128", "x"]),
}  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(data=st.data(), argument=st.sampled_from(sorted(_ESTIMATOR_WRONG)))
def test_any_wrong_estimator_setting_is_named(data: st.DataObject, argument: str) -> None:
    from neuronlab.estimator import NeuralNetClassifier

    value = data.draw(_ESTIMATOR_WRONG[argument], label=argument)
    settings_ = {"hidden_layer_sizes": (4,), "epochs": 2, argument: value}
    if argument == "validation_fraction":
        settings_["early_stopping"] = True
    model = NeuralNetClassifier(**settings_)
    try:
        model.fit(X.T, Y.ravel())
    except (TypeError, ValueError) as exc:
        assert argument in str(exc).split(":")[0], (argument, value, str(exc))
    else:
        raise AssertionError(f"{argument}={value!r} was accepted")


_SIZES = st.one_of(
    st.lists(st.integers(max_value=0), min_size=2, max_size=3),
    st.lists(st.integers(1, 4), max_size=1),
    st.text(max_size=3), st.none(), st.floats(),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(value=_SIZES)
def test_any_wrong_layer_sizes_to_a_lab_initializer_are_named(value: Any) -> None:
    from neuronlab.labs import initialization

    for initialize in (deep.initialize_parameters_deep, initialization.initialize_parameters_he):
        try:
            initialize(value)
        except (TypeError, ValueError) as exc:
            assert str(exc).startswith("layer"), (initialize.__name__, value, str(exc))
        else:
            raise AssertionError(f"{initialize.__name__}({value!r}) was accepted")


@settings(max_examples=60, deadline=None)
@given(
    size=st.one_of(st.integers(max_value=0), st.floats(0.5, 70.5), st.text(max_size=2)),
    seed=st.one_of(st.integers(max_value=-1), st.text(min_size=1, max_size=2)),
    which=st.sampled_from(["mini_batch_size", "seed"]),
)
def test_any_wrong_mini_batch_argument_is_named(size: Any, seed: Any, which: str) -> None:
    from neuronlab.labs import optimization

    kwargs = {"mini_batch_size": size, "seed": 0} if which == "mini_batch_size" else {
        "mini_batch_size": 16, "seed": seed}  # fmt: skip
    if which == "mini_batch_size" and isinstance(size, float) and size.is_integer():
        return  # 16.0 is a whole number
    try:
        optimization.random_mini_batches(X, Y, **kwargs)
    except (TypeError, ValueError) as exc:
        assert str(exc).startswith(which), (kwargs, str(exc))
    else:
        raise AssertionError(f"{kwargs} was accepted")
