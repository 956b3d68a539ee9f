"""SciPy sparse X (CSR, CSC, sparse arrays) in the estimators and the engine: the same
weights and predictions as the dense fit of the same data, no dense copy of X ever made,
and clear refusals."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.model_selection import GridSearchCV

from neuronlab import Network
from neuronlab.estimator import NeuralNetClassifier, NeuralNetRegressor
from neuronlab.wide import worthwhile

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

FORMATS = [sp.csr_matrix, sp.csc_matrix, sp.csr_array, sp.csc_array]


@pytest.fixture(scope="module")
def text_like():
    """A text-like problem: 240 rows, 400 features, 3 % stored entries, 3 classes
    that depend on a few of the features."""
    rng = np.random.default_rng(0)
    X = sp.random(240, 400, density=0.03, format="csr", random_state=rng)
    y = np.asarray(X[:, :20].sum(axis=1)).ravel()
    labels = np.digitize(y, np.quantile(y, [1 / 3, 2 / 3]))
    return X, labels, y


def assert_same_fit(a, b):
    """Same weights and biases, to float rounding (the products sum in another order)."""
    for wa, wb in zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_):
        np.testing.assert_allclose(wa, wb, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(a.loss_curve_, b.loss_curve_, rtol=1e-10)


@pytest.mark.parametrize("kind", FORMATS, ids=lambda k: k.__name__)
@pytest.mark.parametrize(
    "settings",
    [
        {},  # adam, mini-batches of 200 (the last one partial)
        {"batch_size": 1000, "optimizer": "gd", "learning_rate": 0.1},  # full batch
        {"early_stopping": True, "keep_prob": 0.8, "hidden_layer_sizes": (8, 6)},
        {"class_weight": "balanced", "batch_size": 64},
    ],
    ids=["adam", "full-batch-gd", "early-stopping-dropout", "weighted"],
)
def test_classifier_sparse_fit_equals_dense_fit(text_like, kind, settings):
    X, labels, _ = text_like
    params = {"hidden_layer_sizes": (8,), "epochs": 6, "random_state": 0, **settings}
    weights = np.linspace(0.5, 2, len(labels))
    extra = {"sample_weight": weights} if "class_weight" in settings else {}
    sparse = NeuralNetClassifier(**params).fit(kind(X), labels, **extra)
    dense = NeuralNetClassifier(**params).fit(X.toarray(), labels, **extra)
    assert_same_fit(sparse, dense)
    np.testing.assert_allclose(
        sparse.predict_proba(kind(X)), dense.predict_proba(X.toarray()), rtol=1e-10, atol=1e-14
    )
    np.testing.assert_array_equal(sparse.predict(kind(X)), dense.predict(X.toarray()))
    assert sparse.score(kind(X), labels) == dense.score(X.toarray(), labels)


@pytest.mark.parametrize("kind", FORMATS, ids=lambda k: k.__name__)
def test_regressor_sparse_fit_equals_dense_fit(text_like, kind):
    X, _, y = text_like
    targets = np.column_stack([y, -2 * y])  # two outputs
    params = {"hidden_layer_sizes": (8,), "epochs": 6, "random_state": 1, "batch_size": 50}
    sparse = NeuralNetRegressor(**params).fit(kind(X), targets)
    dense = NeuralNetRegressor(**params).fit(X.toarray(), targets)
    assert_same_fit(sparse, dense)
    np.testing.assert_allclose(sparse.predict(kind(X)), dense.predict(X.toarray()), rtol=1e-10)
    assert sparse.score(kind(X), targets) == pytest.approx(dense.score(X.toarray(), targets))


def test_float32_sparse_fit_equals_dense_fit(text_like):
    X, labels, _ = text_like
    params = {"hidden_layer_sizes": (8,), "epochs": 3, "random_state": 0, "dtype": "float32"}
    sparse = NeuralNetClassifier(**params).fit(X, labels)
    dense = NeuralNetClassifier(**params).fit(X.toarray(), labels)
    assert sparse.coefs_[0].dtype == np.float32
    for wa, wb in zip(sparse.coefs_, dense.coefs_):
        np.testing.assert_allclose(wa, wb, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("kind", [sp.csr_matrix, sp.csc_array], ids=lambda k: k.__name__)
def test_partial_fit_on_sparse_batches_equals_dense(text_like, kind):
    X, labels, y = text_like
    halves = [slice(0, 120), slice(120, 240)]
    clf_s, clf_d = (NeuralNetClassifier((8,), random_state=0, batch_size=32) for _ in "ab")
    reg_s, reg_d = (NeuralNetRegressor((8,), random_state=0, batch_size=32) for _ in "ab")
    for part in halves * 2:
        clf_s.partial_fit(kind(X[part]), labels[part], classes=[0, 1, 2])
        clf_d.partial_fit(X[part].toarray(), labels[part], classes=[0, 1, 2])
        reg_s.partial_fit(kind(X[part]), y[part])
        reg_d.partial_fit(X[part].toarray(), y[part])
    assert_same_fit(clf_s, clf_d)
    assert_same_fit(reg_s, reg_d)
    np.testing.assert_allclose(reg_s.predict(kind(X)), reg_d.predict(X.toarray()), rtol=1e-10)


def test_grid_search_on_sparse_X_equals_dense(text_like):
    X, labels, _ = text_like
    grid = {"hidden_layer_sizes": [(4,), (8,)], "l2": [1e-4, 1e-1]}
    est = NeuralNetClassifier(epochs=5, random_state=0, learning_rate=0.01)
    sparse = GridSearchCV(est, grid, cv=3).fit(X, labels)
    dense = GridSearchCV(est, grid, cv=3).fit(X.toarray(), labels)
    np.testing.assert_allclose(
        sparse.cv_results_["mean_test_score"], dense.cv_results_["mean_test_score"]
    )
    assert sparse.best_params_ == dense.best_params_
    np.testing.assert_array_equal(sparse.predict(X), dense.predict(X.toarray()))


def test_engine_fit_takes_sparse_X_and_equals_dense(text_like):
    X, labels, _ = text_like
    Y = (labels == 2).astype(float).reshape(1, -1)
    nets = [Network([400, 5, 1], seed=3) for _ in "ab"]
    settings = {"optimizer": "adam", "epochs": 4, "batch_size": 64, "l2": 0.1, "seed": 7}
    hs = nets[0].fit(X.T, Y, **settings)  # (n_x, m): the CSR's transpose, a CSC view
    hd = nets[1].fit(X.toarray().T, Y, **settings)
    np.testing.assert_allclose(nets[0].theta, nets[1].theta, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(hs.costs, hd.costs, rtol=1e-10)
    np.testing.assert_allclose(nets[0].predict_proba(X.T), nets[1].predict_proba(X.toarray().T))


def test_a_huge_very_sparse_X_is_never_densified():
    """200 000 × 50 000 at 0.01 %: 80 GB dense, 13 MB as CSR.  fit (mini-batches, the
    first layer on the sparse rows), predict_proba and score stay within a few times the
    CSR's own size, so no dense copy of X (nor of a batch of its rows: 8 GB) is made."""
    rng = np.random.default_rng(0)
    m, n = 200_000, 50_000
    nnz = m * n // 10_000
    X = sp.csr_matrix((np.ones(nnz), (rng.integers(0, m, nnz), rng.integers(0, n, nnz))), (m, n))
    y = rng.integers(0, 2, m)
    stored = X.data.nbytes + X.indices.nbytes + X.indptr.nbytes
    tracemalloc.start()
    try:
        clf = NeuralNetClassifier((4,), epochs=1, batch_size=20_000, random_state=0)
        clf.fit(X, y)
        clf.score(X, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * stored, f"peak {peak / 2**20:.0f} MiB for a {stored / 2**20:.0f} MiB X"
    assert peak < m * n * 8 / 1000  # a thousandth of the dense X


def test_sparse_refusals_are_one_clear_line(text_like):
    X, labels, _ = text_like
    clf = NeuralNetClassifier((4,), epochs=2, random_state=0).fit(X, labels)
    with pytest.raises(ValueError, match="400 features"):
        clf.predict(X[:, :300])
    bad = X.copy()
    bad.data[3] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        NeuralNetClassifier((4,), epochs=1).fit(bad, labels)
    net = Network([400, 3, 1], seed=0)
    Y = (labels == 1).astype(float).reshape(1, -1)
    with pytest.raises(ValueError, match=r"^wide: the dual form needs a dense X, got a sparse X"):
        net.fit(X.T, Y, epochs=2, wide=True)
    with pytest.raises(ValueError, match=r"^X: expected finite values, got 1 NaN or inf entries"):
        net.fit(bad.T, Y, epochs=1)
    with pytest.raises(ValueError, match=r"^X: expected shape \(400, m\)"):
        net.fit(X, Y, epochs=1)  # rows as examples: the transpose was forgotten
    with pytest.raises(ValueError, match=r"^X: expected a non-empty sparse matrix"):
        net.predict_proba(sp.csc_matrix((400, 0)))


def test_sparse_X_trains_full_batch_gd_in_the_plain_form_where_dense_takes_the_dual(text_like):
    """Wide full-batch gradient descent takes the dual form on a dense X (wide=None);
    on a sparse X it trains in the plain form — to the same weights."""
    X, labels, _ = text_like
    X, labels = X[:150], labels[:150]
    assert worthwhile(400, 150, 3, 300)  # the premise: dense X would train in the dual form
    Y = (labels == 0).astype(float).reshape(1, -1)
    nets = [Network([400, 3, 1], seed=0) for _ in "ab"]
    nets[0].fit(X.T.tocsr(), Y, epochs=300, learning_rate=0.05)
    nets[1].fit(X.toarray().T, Y, epochs=300, learning_rate=0.05)
    np.testing.assert_allclose(nets[0].theta, nets[1].theta, rtol=1e-8, atol=1e-12)


def test_fullbatch_solver_takes_sparse_X_and_equals_dense(text_like):
    from neuronlab import fullbatch

    X, labels, _ = text_like
    Y = (labels == 1).astype(float).reshape(1, -1)
    nets = [Network([400, 3, 1], seed=2) for _ in "ab"]
    fullbatch.minimize(nets[0], X.T, Y, method="L-BFGS-B", maxiter=15, l2=0.5)
    fullbatch.minimize(nets[1], X.toarray().T, Y, method="L-BFGS-B", maxiter=15, l2=0.5)
    np.testing.assert_allclose(nets[0].theta, nets[1].theta, rtol=1e-7, atol=1e-10)
