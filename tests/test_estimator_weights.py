"""What scikit-learn's MLP users expect of the estimators: sample weights (the engine's
weighted cost), warm_start and scikit-learn's attribute names."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from neuronlab import Network
from neuronlab.estimator import NeuralNetClassifier, NeuralNetRegressor


def _problem(output: str, loss: str | None, seed: int = 0):
    rng = np.random.default_rng(seed)
    m = 7
    X = rng.standard_normal((3, m))
    if output == "softmax":
        Y = np.eye(3)[:, rng.integers(0, 3, m)]
    elif output == "identity":
        Y = rng.standard_normal((2, m))
    else:
        Y = rng.integers(0, 2, (2, m)).astype(float)
    n_out = Y.shape[0]
    net = Network([3, 5, n_out], hidden_activation="tanh", output_activation=output, loss=loss)
    return net, X, Y


@pytest.mark.parametrize(
    "output, loss",
    [("sigmoid", None), ("softmax", None), ("identity", None), ("sigmoid", "mse")],
)
@pytest.mark.parametrize("l2", [0.0, 0.7])
def test_integer_weights_are_repeated_examples_in_cost_and_gradient(output, loss, l2) -> None:
    net, X, Y = _problem(output, loss)
    counts = np.array([1, 0, 3, 2, 1, 5, 1])
    cost_w, grad_w = net.loss_and_grad(X, Y, l2, weights=counts.astype(float))
    grad_w = grad_w.copy()
    cost_r, grad_r = net.loss_and_grad(np.repeat(X, counts, 1), np.repeat(Y, counts, 1), l2)
    np.testing.assert_allclose(cost_w, cost_r, rtol=1e-13)
    np.testing.assert_allclose(grad_w, grad_r, rtol=1e-12, atol=1e-15)
    cost_1, _ = net.loss_and_grad(X, Y, l2)  # the weights change the cost: the test can fail
    assert abs(cost_1 - cost_w) > 1e-3


def _blobs(n_classes: int = 3, m: int = 60):
    X, y = make_blobs(m, n_features=4, centers=n_classes, random_state=0, cluster_std=3.0)
    return X, y


def _quiet_fit(est, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return est.fit(*args, **kwargs)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_classifier_sample_weight_equals_duplicated_rows_full_batch(n_classes) -> None:
    X, y = _blobs(n_classes)
    counts = np.random.default_rng(1).integers(0, 4, len(y))
    params = dict(hidden_layer_sizes=(8,), batch_size=10_000, epochs=30, random_state=0, l2=0.1)
    weighted = _quiet_fit(NeuralNetClassifier(**params), X, y, sample_weight=counts)
    repeated = _quiet_fit(
        NeuralNetClassifier(**params), np.repeat(X, counts, 0), np.repeat(y, counts)
    )
    plain = _quiet_fit(NeuralNetClassifier(**params), X, y)
    for a, b in zip(weighted.coefs_, repeated.coefs_):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(weighted.loss_curve_, repeated.loss_curve_, rtol=1e-10)
    assert not np.allclose(weighted.coefs_[0], plain.coefs_[0])  # the weights did count


def test_regressor_and_partial_fit_take_sample_weight() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 3))
    y = X @ [1.0, -2.0, 0.5] + 0.1 * rng.standard_normal(40)
    counts = rng.integers(1, 4, 40)
    params = dict(hidden_layer_sizes=(6,), batch_size=10_000, epochs=20, random_state=0)
    a = _quiet_fit(NeuralNetRegressor(**params), X, y, sample_weight=counts)
    b = _quiet_fit(NeuralNetRegressor(**params), np.repeat(X, counts, 0), np.repeat(y, counts))
    np.testing.assert_allclose(a.coefs_[0], b.coefs_[0], rtol=1e-9, atol=1e-12)
    c = NeuralNetRegressor(**params).partial_fit(X, y, sample_weight=counts)
    d = NeuralNetRegressor(**params).partial_fit(np.repeat(X, counts, 0), np.repeat(y, counts))
    np.testing.assert_allclose(c.coefs_[0], d.coefs_[0], rtol=1e-12, atol=1e-14)
    Xc, yc = _blobs(2)
    w = rng.integers(1, 3, len(yc))
    e = NeuralNetClassifier(**params).partial_fit(Xc, yc, classes=[0, 1], sample_weight=w)
    f = NeuralNetClassifier(**params).partial_fit(
        np.repeat(Xc, w, 0), np.repeat(yc, w), classes=[0, 1]
    )
    np.testing.assert_allclose(e.coefs_[0], f.coefs_[0], rtol=1e-12, atol=1e-14)


def test_mini_batches_and_early_stopping_take_sample_weight() -> None:
    X, y = _blobs(3, 120)
    w = np.random.default_rng(2).uniform(0, 2, len(y))
    est = _quiet_fit(
        NeuralNetClassifier((8,), batch_size=16, epochs=5, early_stopping=True, random_state=0),
        X,
        y,
        sample_weight=w,
    )
    assert est.n_iter_ >= 1 and np.isfinite(est.loss_curve_).all()


@pytest.mark.parametrize(
    "weights, error, match",
    [
        ([1.0, 2.0], ValueError, r"sample_weight: expected shape \(60,\)"),
        (-np.ones(60), ValueError, "sample_weight: expected finite weights >= 0"),
        (np.zeros(60), ValueError, "sample_weight: expected at least one weight > 0"),
        (np.array(["a"] * 60), TypeError, "sample_weight: expected numbers"),
    ],
)
def test_bad_sample_weight_is_named(weights, error, match) -> None:
    X, y = _blobs()
    with pytest.raises(error, match=match):
        NeuralNetClassifier((4,), epochs=1).fit(X, y, sample_weight=weights)


def test_warm_start_continues_from_the_last_fit() -> None:
    X, y = _blobs()
    est = NeuralNetClassifier((8,), epochs=5, warm_start=True, random_state=0)
    _quiet_fit(est, X, y)
    first_W = est.coefs_[0].copy()
    last_loss = est.loss_curve_[-1]
    _quiet_fit(est, X, y)
    assert est.n_iter_ == 10 and len(est.loss_curve_) == 10 and est.t_ == 10 * len(y)
    assert est.loss_curve_[5] < est.loss_curve_[0]  # it went on from the trained weights
    assert abs(est.loss_curve_[5] - last_loss) < abs(est.loss_curve_[0] - last_loss)
    assert not np.array_equal(first_W, est.coefs_[0])
    cold = _quiet_fit(NeuralNetClassifier((8,), epochs=5, random_state=0), X, y)
    _quiet_fit(cold, X, y)
    assert cold.n_iter_ == 5  # without warm_start fit restarts


def test_warm_start_refuses_other_classes_or_shapes() -> None:
    X, y = _blobs()
    est = _quiet_fit(NeuralNetClassifier((8,), epochs=2, warm_start=True), X, y)
    with pytest.raises(ValueError, match=r"y: warm_start expected the classes \[0, 1, 2\]"):
        est.fit(X[y < 2], y[y < 2])
    est.set_params(hidden_layer_sizes=(9,))
    with pytest.raises(
        ValueError, match=r"warm_start: expected .* layers \[4, 8, 3\] .* \[4, 9, 3\]"
    ):
        est.fit(X, y)


def test_sklearn_attribute_names_match_mlp() -> None:
    X, y = _blobs()
    for n_classes, yy, Xs in ((3, y, X), (2, y[y < 2], X[y < 2])):
        ours = _quiet_fit(NeuralNetClassifier((5, 4), epochs=3, random_state=0), Xs, yy)
        theirs = _quiet_fit(MLPClassifier((5, 4), max_iter=3, random_state=0), Xs, yy)
        assert ours.n_layers_ == theirs.n_layers_ == 4
        assert ours.out_activation_ == theirs.out_activation_, n_classes
        assert ours.t_ == theirs.t_ == 3 * len(yy)
        assert ours.best_loss_ == min(ours.loss_curve_)
        assert ours.validation_scores_ is None and ours.best_validation_score_ is None
    reg = _quiet_fit(NeuralNetRegressor((3,), epochs=2), X, y.astype(float))
    assert reg.out_activation_ == "identity" and reg.n_layers_ == 3


def test_early_stopping_gives_validation_scores() -> None:
    X, y = _blobs(3, 150)
    est = _quiet_fit(
        NeuralNetClassifier((8,), epochs=15, early_stopping=True, random_state=0), X, y
    )
    assert len(est.validation_scores_) == est.n_iter_
    assert all(0 <= s <= 1 for s in est.validation_scores_)
    assert est.best_validation_score_ == max(est.validation_scores_)
    assert est.best_loss_ is None  # as MLPClassifier: the validation decides


def test_class_weight_balanced_and_dict_are_row_weights() -> None:
    from sklearn.utils.class_weight import compute_sample_weight

    X, y = _blobs(3, 90)
    keep = (y != 2) | (np.arange(len(y)) % 3 == 0)  # class 2 rarer
    X, y = X[keep], y[keep]
    params = dict(hidden_layer_sizes=(6,), epochs=10, random_state=0, batch_size=32)
    balanced = _quiet_fit(NeuralNetClassifier(class_weight="balanced", **params), X, y)
    by_rows = _quiet_fit(
        NeuralNetClassifier(**params), X, y, sample_weight=compute_sample_weight("balanced", y)
    )
    np.testing.assert_allclose(balanced.coefs_[0], by_rows.coefs_[0], rtol=1e-12, atol=1e-14)
    w = np.random.default_rng(0).uniform(0.5, 1.5, len(y))
    by_dict = _quiet_fit(
        NeuralNetClassifier(class_weight={2: 3.0}, **params), X, y, sample_weight=w
    )
    explicit = _quiet_fit(
        NeuralNetClassifier(**params), X, y, sample_weight=w * np.where(y == 2, 3.0, 1.0)
    )
    np.testing.assert_allclose(by_dict.coefs_[0], explicit.coefs_[0], rtol=1e-12, atol=1e-14)
    plain = _quiet_fit(NeuralNetClassifier(**params), X, y)
    assert not np.allclose(plain.coefs_[0], balanced.coefs_[0])


def test_class_weight_refusals() -> None:
    X, y = _blobs()
    with pytest.raises(
        ValueError, match=r"class_weight: expected labels among \[0, 1, 2\], got \[7\]"
    ):
        NeuralNetClassifier((4,), epochs=1, class_weight={7: 2.0}).fit(X, y)
    with pytest.raises(ValueError, match="class_weight: expected a dict .*partial_fit.*'balanced'"):
        NeuralNetClassifier((4,), class_weight="balanced").partial_fit(X, y, classes=[0, 1, 2])
    with pytest.raises(ValueError, match="class_weight: expected a dict .*, got 'even'"):
        NeuralNetClassifier((4,), epochs=1, class_weight="even").fit(X, y)


@pytest.mark.parametrize(
    "name", ["constant", "inverse_time", "stepped_inverse_time", "exponential"]
)
def test_every_builtin_schedule_is_named_and_plain_picklable(name) -> None:
    import pickle

    from neuronlab.optimizers import SCHEDULES

    schedule = SCHEDULES[name](0.1) if name == "constant" else SCHEDULES[name](0.1, 0.5)
    again = pickle.loads(pickle.dumps(schedule))
    assert again == schedule and type(again).__name__ in repr(schedule)
    assert [again(e) for e in (0, 1, 7, 2500)] == [schedule(e) for e in (0, 1, 7, 2500)]


def test_an_estimator_with_a_schedule_object_pickles_with_plain_pickle() -> None:
    import pickle

    from sklearn.base import clone

    from neuronlab.optimizers import InverseTimeDecay

    X, y = _blobs()
    est = NeuralNetClassifier((4,), epochs=3, schedule=InverseTimeDecay(0.01, 0.5), random_state=0)
    _quiet_fit(est, X, y)
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(again.predict_proba(X), est.predict_proba(X))
    assert again.schedule == InverseTimeDecay(0.01, 0.5)
    _quiet_fit(clone(est), X, y)  # a clone trains as the original


def test_sample_weight_passes_through_grid_search_with_and_without_routing() -> None:
    import sklearn
    from sklearn.model_selection import GridSearchCV

    X, y = _blobs(3, 90)
    w = np.random.default_rng(0).uniform(0.5, 2, len(y))
    grid = {"l2": [1e-4, 1e-2]}
    est = NeuralNetClassifier((4,), epochs=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        GridSearchCV(est, grid, cv=2).fit(X, y, sample_weight=w)  # forwarded as a fit param
        with sklearn.config_context(enable_metadata_routing=True):
            routed = est.set_fit_request(sample_weight=True).set_score_request(sample_weight=False)
            search = GridSearchCV(routed, grid, cv=2).fit(X, y, sample_weight=w)
    assert search.best_estimator_.n_iter_ == 3


def test_regressor_validation_scores_are_r2() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 3))
    y = X @ [1.0, -2.0, 0.5] + 0.1 * rng.standard_normal(200)
    est = _quiet_fit(
        NeuralNetRegressor(
            (8,), epochs=4, early_stopping=True, random_state=0, n_iter_no_change=50
        ),
        X,
        y,
    )
    assert len(est.validation_scores_) == est.n_iter_ == 4
    assert est.best_validation_score_ == max(est.validation_scores_)
    assert est.validation_scores_[-1] > est.validation_scores_[0]
    assert est.validation_scores_[-1] <= 1


def test_a_loss_made_by_hand_with_two_arguments_still_works() -> None:
    from neuronlab.losses import LOSSES, Loss

    mse = LOSSES["mse"]
    mine = Loss(
        "mine",
        lambda A, Y: mse.cost(A, Y),
        lambda Z, Y: mse.cost_from_logits(Z, Y),
        mse.grad,
        "identity",
    )
    X, Y = np.random.default_rng(0).standard_normal((2, 5)), np.ones((1, 5))
    ours = Network([2, 3, 1], output_activation="identity", loss=mine).loss_and_grad(X, Y)[0]
    plain = Network([2, 3, 1], output_activation="identity").loss_and_grad(X, Y)[0]
    assert ours == plain


def test_estimator_blas_threads_is_checked_in_fit_and_does_not_change_the_result() -> None:
    X, y = _blobs()
    with pytest.raises(ValueError, match="blas_threads: expected an integer >= 1, got 0"):
        NeuralNetClassifier((4,), epochs=1, blas_threads=0).fit(X, y)
    fits = [
        _quiet_fit(NeuralNetClassifier((16,), epochs=3, random_state=0, blas_threads=k), X, y)
        for k in (None, 1, 2)
    ]
    for other in fits[1:]:
        np.testing.assert_allclose(other.coefs_[0], fits[0].coefs_[0], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("output", ["sigmoid", "softmax", "identity"])
def test_weighted_validation_equals_repeated_validation_rows(output) -> None:
    from neuronlab import fit

    net, X, Y = _problem(output, None)
    _, Xv, Yv = _problem(output, None, seed=1)
    counts = np.array([1, 3, 0, 2, 1, 4, 2])
    runs = {}
    for name, data in {
        "weighted": (Xv, Yv, counts),
        "repeated": (np.repeat(Xv, counts, axis=1), np.repeat(Yv, counts, axis=1)),
    }.items():
        copy = Network.from_config(net.config())
        copy.theta[:] = net.theta
        history = fit(
            copy, X, Y, epochs=6, learning_rate=0.3, validation_data=data, early_stopping=3
        )
        runs[name] = (history.val_costs, history.val_accuracies, history.best_epoch)
    np.testing.assert_allclose(runs["weighted"][0], runs["repeated"][0], rtol=1e-12)
    np.testing.assert_allclose(runs["weighted"][1], runs["repeated"][1], rtol=1e-12)
    assert runs["weighted"][2] == runs["repeated"][2]
    unweighted = fit(
        Network.from_config(net.config()), X, Y, epochs=1, validation_data=(Xv, Yv)
    ).val_costs
    assert not np.isclose(unweighted[0], runs["weighted"][0][0])  # the weights did count


@pytest.mark.parametrize("weights, match", [
    ([1.0], r"validation_data\[2\]: expected shape \(7,\)"),
    (np.zeros(7), r"validation_data\[2\]: expected at least one weight > 0"),
])  # fmt: skip
def test_bad_validation_weights_are_named(weights, match) -> None:
    from neuronlab import fit

    net, X, Y = _problem("sigmoid", None)
    with pytest.raises(ValueError, match=match):
        fit(net, X, Y, epochs=1, validation_data=(X, Y, weights))


@pytest.mark.parametrize("make", [
    lambda: NeuralNetClassifier((8,), epochs=6, early_stopping=True, validation_fraction=0.3,
                                random_state=0, n_iter_no_change=50),
    lambda: NeuralNetRegressor((8,), epochs=6, early_stopping=True, validation_fraction=0.3,
                               random_state=0, n_iter_no_change=50),
])  # fmt: skip
def test_held_out_rows_are_scored_with_their_weights(make, monkeypatch) -> None:
    """validation_scores_ are the held-out rows' weighted accuracy / R², as scikit-learn's
    MLP scores its validation set with the rows' sample_weight."""
    from sklearn.metrics import r2_score

    import neuronlab.estimator as estimator_module

    seen = {}
    real = estimator_module.train

    def spy(*args, **kwargs):
        seen["validation"] = kwargs["validation_data"]
        return real(*args, **kwargs)

    monkeypatch.setattr(estimator_module, "train", spy)
    X, y = _blobs(2, 200)
    est = make()
    target = y if isinstance(est, NeuralNetClassifier) else X[:, 0] - X[:, 1]
    w = np.random.default_rng(3).choice([0.1, 5.0], len(y))
    _quiet_fit(est, X, target, sample_weight=w)
    Xv, Yv, wv = seen["validation"]
    assert wv is not None and len(wv) == Xv.shape[1] == 60
    net = est.network_  # the best epoch's weights, restored
    if isinstance(est, NeuralNetClassifier):
        right = net.predict(Xv) == Yv
        weighted, plain = np.sum(wv * right[0]) / np.sum(wv), np.mean(right)
    else:
        pred = net.predict_proba(Xv)
        weighted, plain = r2_score(Yv.T, pred.T, sample_weight=wv), r2_score(Yv.T, pred.T)
    assert est.validation_scores_[est.best_epoch_] == pytest.approx(weighted, rel=1e-12)
    assert weighted != pytest.approx(plain, rel=1e-6)


@pytest.mark.parametrize("with_sample_weight", [False, True])
def test_class_weight_weighs_the_cost_not_the_held_out_score(with_sample_weight, monkeypatch):
    """As scikit-learn scores a validation set: with its rows' sample weights only; the
    class weights shape the training cost (an imbalanced set, 'balanced')."""
    import neuronlab.estimator as estimator_module

    seen = {}
    real = estimator_module.train

    def spy(*args, **kwargs):
        seen["validation"], seen["weights"] = kwargs["validation_data"], kwargs["sample_weight"]
        return real(*args, **kwargs)

    monkeypatch.setattr(estimator_module, "train", spy)
    X, y = make_blobs(300, n_features=4, centers=2, random_state=0, cluster_std=4.0)
    y[:200] = 0  # 4:1 in favour of class 0
    sw = np.random.default_rng(4).choice([0.5, 3.0], len(y)) if with_sample_weight else None
    est = NeuralNetClassifier(
        (8,), epochs=4, early_stopping=True, validation_fraction=0.3,
        class_weight="balanced", random_state=0, n_iter_no_change=50,
    )  # fmt: skip
    _quiet_fit(est, X, y, sample_weight=sw)
    Xv, Yv, wv = seen["validation"]
    assert len(np.unique(seen["weights"])) > 1  # the class weights reach the cost
    right = (est.network_.predict(Xv) == Yv)[0]
    if with_sample_weight:
        assert set(np.unique(wv)) <= {0.5, 3.0}  # the sample weights alone
        expected = np.sum(wv * right) / np.sum(wv)
    else:
        assert wv is None
        expected = np.mean(right)
    assert est.validation_scores_[est.best_epoch_] == pytest.approx(expected, rel=1e-12)
