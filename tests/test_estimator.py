"""The scikit-learn estimators: the full check_estimator suite, pipelines, grid search,
labels of any type, partial_fit continuing the optimizer, pickling, bad input."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.datasets import load_digits, make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.metrics import log_loss
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from neuronlab.estimator import NeuralNetClassifier, NeuralNetRegressor

# Small nets and few epochs keep every check fast; a larger step size lets them still
# clear the checks' accuracy bars (e.g. > 0.83 on blobs).  No check is special-cased
# inside the estimators and none is expected to fail (no expected_failed_checks).
# check_*_data_not_an_array needs pandas, which the test extra installs.  One check
# skips itself by environment, not by choice: check_array_api_input needs
# SCIPY_ARRAY_API=1 set before scipy is imported (with it, the NumPy-namespace check
# passes; the estimators are NumPy-only and do not claim array-API support in their
# tags), and setting it for the whole test session would change scipy for every test.
CHECKED = [
    NeuralNetClassifier((16,), learning_rate=0.02, epochs=40, random_state=0),
    NeuralNetRegressor((16,), learning_rate=0.02, epochs=40, random_state=0),
]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@parametrize_with_checks(CHECKED)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:600], y[:600]


@pytest.fixture(scope="module")
def blobs():
    X, y = make_classification(
        n_samples=200, n_features=6, n_informative=4, n_classes=3, random_state=0
    )
    return X, y


def small(**kwargs):
    kwargs = {
        "hidden_layer_sizes": (16,),
        "learning_rate": 0.01,
        "epochs": 30,
        "random_state": 0,
        **kwargs,
    }
    return NeuralNetClassifier(**kwargs)


# ------------------------------------------------------------------- integration
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_pipeline_with_standard_scaler(digits):
    X, y = digits
    pipe = make_pipeline(StandardScaler(), small(hidden_layer_sizes=(32,)))
    pipe.fit(X[:450], y[:450])
    assert pipe.score(X[450:], y[450:]) > 0.85


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_grid_search(digits):
    X, y = digits
    X = StandardScaler().fit_transform(X)
    grid = GridSearchCV(
        small(epochs=10),
        {"hidden_layer_sizes": [(8,), (32,)], "l2": [1e-4, 1.0]},
        cv=2,
    )
    grid.fit(X, y)
    assert set(grid.best_params_) == {"hidden_layer_sizes", "l2"}
    assert grid.best_score_ > 0.7
    assert len(grid.cv_results_["params"]) == 4


# ------------------------------------------------------------------------ labels
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_string_labels(blobs):
    X, y = blobs
    names = np.array(["cat", "dog", "eel"])[y]
    clf = small().fit(X, names)
    assert clf.classes_.tolist() == ["cat", "dog", "eel"]
    assert clf.network_.activations[-1].name == "softmax"
    assert clf.network_.layer_dims == (6, 16, 3)
    pred = clf.predict(X)
    assert pred.dtype == names.dtype and set(pred) <= set(names)
    assert clf.score(X, names) > 0.7


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_binary_minus_one_one_labels(blobs):
    X, y = blobs
    signs = np.where(y == 0, -1, 1)
    clf = small().fit(X, signs)
    assert clf.classes_.tolist() == [-1, 1]
    assert clf.network_.layer_dims[-1] == 1  # one sigmoid unit for two classes
    assert clf.network_.activations[-1].name == "sigmoid"
    P = clf.predict_proba(X)
    assert P.shape == (len(X), 2)
    np.testing.assert_array_equal(clf.predict(X), np.where(P[:, 1] > 0.5, 1, -1))
    assert clf.score(X, signs) > 0.8


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_predict_proba_rows_sum_to_one(blobs):
    X, y = blobs
    P = small().fit(X, y).predict_proba(X)
    assert P.shape == (len(X), 3)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)
    assert (P >= 0).all()


# ------------------------------------------------------------ state and training
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_random_state_reproduces(blobs):
    X, y = blobs
    a = small(keep_prob=0.8).fit(X, y)
    b = small(keep_prob=0.8).fit(X, y)
    c = small(keep_prob=0.8, random_state=1).fit(X, y)
    np.testing.assert_array_equal(a.network_.theta, b.network_.theta)
    assert a.loss_curve_ == b.loss_curve_
    assert not np.array_equal(a.network_.theta, c.network_.theta)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_learned_attributes_in_sklearn_layout(blobs):
    X, y = blobs
    clf = small(hidden_layer_sizes=(5, 4)).fit(X, y)
    assert [c.shape for c in clf.coefs_] == [(6, 5), (5, 4), (4, 3)]
    assert [b.shape for b in clf.intercepts_] == [(5,), (4,), (3,)]
    for c, b in zip(clf.coefs_, clf.intercepts_):  # live views, no copies
        assert np.shares_memory(c, clf.network_.theta)
        assert np.shares_memory(b, clf.network_.theta)
    np.testing.assert_array_equal(clf.coefs_[0], clf.network_.parameters["W1"].T)
    assert clf.n_iter_ == len(clf.loss_curve_) == 30
    assert clf.loss_ == clf.loss_curve_[-1]
    assert clf.n_features_in_ == 6


def test_l2_is_sklearn_alpha(blobs):
    """The recorded cost is scikit-learn's MLP loss: mean log-loss + α/(2m)·Σ||W||²."""
    X, y = blobs
    clf = small(epochs=1, l2=0.5).fit(X, y)
    W = clf.coefs_
    expected = log_loss(y, clf.predict_proba(X)) + 0.5 / (2 * len(X)) * sum(np.sum(w**2) for w in W)
    Y = clf._encode(y)
    assert clf.network_.cost(X.T, Y, l2=0.5) == pytest.approx(expected, rel=1e-10)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_partial_fit_continues_the_optimizer(blobs):
    """Two partial_fit epochs == fit for two epochs (full batch: no shuffling), which
    holds only if Adam's moments and step count carry over between calls."""
    X, y = blobs
    kw = {"batch_size": len(X), "epochs": 2}
    fitted = small(**kw).fit(X, y)
    inc = small(**kw)
    inc.partial_fit(X, y, classes=np.unique(y)).partial_fit(X, y)
    np.testing.assert_array_equal(inc.network_.theta, fitted.network_.theta)
    assert inc.loss_curve_ == fitted.loss_curve_
    assert inc.n_iter_ == 2
    fresh = small(**kw)
    fresh.partial_fit(X, y, classes=np.unique(y))
    fresh._optimizer_state.clear()  # what a restarted optimizer would do
    fresh.partial_fit(X, y)
    assert not np.array_equal(fresh.network_.theta, fitted.network_.theta)


def test_partial_fit_labels(blobs):
    X, y = blobs
    with pytest.raises(ValueError, match="classes: expected every class label"):
        small().partial_fit(X, y)
    clf = small().partial_fit(X[y < 2], y[y < 2], classes=[0, 1, 2])
    assert clf.classes_.tolist() == [0, 1, 2]  # all three, though only two were seen
    with pytest.raises(ValueError, match=r"unseen \[7\]"):
        clf.partial_fit(X[:3], [0, 1, 7])
    with pytest.raises(ValueError, match="classes: expected"):
        clf.partial_fit(X, y, classes=[0, 1])


def test_early_stopping(blobs):
    X, y = blobs
    clf = small(early_stopping=True, n_iter_no_change=3, epochs=500, learning_rate=0.05)
    clf.fit(X, y)
    assert clf.n_iter_ < 500
    assert len(clf.validation_loss_curve_) == clf.n_iter_
    assert clf.best_epoch_ == int(np.argmin(clf.validation_loss_curve_))


def test_plateau_stopping_and_convergence_warning(blobs):
    X, y = blobs
    with pytest.warns(ConvergenceWarning, match="epochs=5"):
        small(epochs=5).fit(X, y)
    # Epoch 1 sets the best loss; with tol=10 no later epoch "improves", and the
    # third non-improving epoch (> n_iter_no_change) stops training, as in sklearn.
    clf = small(tol=10.0, n_iter_no_change=2, epochs=100).fit(X, y)
    assert clf.n_iter_ == 4


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_schedules_and_verbose(blobs, capsys):
    X, y = blobs
    a = small(schedule="inverse_time", decay_rate=0.5, epochs=3, verbose=True).fit(X, y)
    assert "Iteration 1, loss = " in capsys.readouterr().out
    b = small(schedule=lambda epoch: 0.01 / (1 + 0.5 * epoch), epochs=3).fit(X, y)
    np.testing.assert_array_equal(a.network_.theta, b.network_.theta)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_pickle_keeps_parameter_views(blobs):
    X, y = blobs
    clf = small().fit(X, y)
    back = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(back.predict_proba(X), clf.predict_proba(X))
    assert np.shares_memory(back.coefs_[0], back.network_.theta)
    back.partial_fit(X, y)  # training moves the layers' views with theta
    np.testing.assert_array_equal(back.coefs_[0], back.network_.parameters["W1"].T)
    assert hasattr(clf, "network_")  # pickling did not strip the original


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_float32_end_to_end(blobs):
    X, y = blobs
    clf = small(dtype="float32").fit(X, y)
    assert clf.network_.theta.dtype == np.float32
    assert clf.predict_proba(X).dtype == np.float32


# ---------------------------------------------------------------------- regressor
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_regressor_single_and_multi_output():
    X, y = make_regression(n_samples=200, n_features=5, noise=0.1, random_state=0)
    y = y / y.std()
    reg = NeuralNetRegressor((32,), learning_rate=0.01, epochs=200, random_state=0)
    reg.fit(X, y)
    assert reg.network_.activations[-1].name == "identity"
    assert reg.predict(X).shape == (200,)
    assert reg.score(X, y) > 0.95
    Y2 = np.column_stack([y, -y])
    reg2 = NeuralNetRegressor((32,), learning_rate=0.01, epochs=50, random_state=0).fit(X, Y2)
    assert reg2.n_outputs_ == 2 and reg2.predict(X).shape == (200, 2)
    reg2.partial_fit(X, Y2)
    assert reg2.n_iter_ == 51
    with pytest.raises(ValueError, match="expected 2 target column"):
        reg2.partial_fit(X, y)


# ---------------------------------------------------------------------- bad input
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_bad_input_messages(blobs):
    X, y = blobs
    Xnan = X.copy()
    Xnan[3, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        small().fit(Xnan, y)
    with pytest.raises(ValueError, match="at least 2 classes.*got 1 class"):
        small().fit(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="Unknown label type"):
        small().fit(X, np.linspace(0, 1, len(X)))
    with pytest.raises(NotFittedError):
        small().predict(X)
    clf = small(epochs=1).fit(X, y)
    with pytest.raises(
        ValueError, match="X has 5 features, but NeuralNetClassifier is expecting 6"
    ):
        clf.predict(X[:, :5])


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"hidden_layer_sizes": "100"}, TypeError, "hidden_layer_sizes: expected a sequence"),
        ({"hidden_layer_sizes": (10, 0)}, ValueError, "hidden_layer_sizes: expected an integer"),
        ({"batch_size": 0}, ValueError, "batch_size: expected an integer >= 1"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate: expected a number > 0"),
        ({"epochs": 1.5}, TypeError, "epochs: expected an integer"),
        ({"l2": -1}, ValueError, "l2: expected a number >= 0"),
        ({"keep_prob": 0}, ValueError, "keep_prob: expected a probability"),
        ({"activation": "swish"}, ValueError, "activation"),
        ({"optimizer": "sgd"}, ValueError, "optimizer: expected one of"),
        ({"schedule": "cosine"}, ValueError, "schedule: expected one of"),
        (
            {"early_stopping": True, "validation_fraction": 1.0},
            ValueError,
            "validation_fraction: expected a number in",
        ),
        ({"n_iter_no_change": 0}, ValueError, "n_iter_no_change: expected an integer >= 1"),
        ({"dtype": "float16"}, ValueError, "dtype: expected one of"),
    ],
)
def test_bad_parameters_named_in_fit(blobs, params, error, match):
    X, y = blobs
    clf = small(**params)  # __init__ only stores: the check happens in fit
    with pytest.raises(error, match=match):
        clf.fit(X, y)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_hidden_layer_sizes_may_be_an_array():
    # MLPClassifier takes np.array([5]); so do we
    X = np.random.default_rng(0).random((30, 3))
    y = (X[:, 0] > 0.5).astype(int)
    clf = NeuralNetClassifier(hidden_layer_sizes=np.array([5]), epochs=2).fit(X, y)
    assert list(clf.network_.layer_dims) == [3, 5, 1]
