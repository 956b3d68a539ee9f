import numpy as np
import pytest

import neuronlab as nl
from neuronlab.layers import dropout_forward
from neuronlab.training import TrainingDiverged, minibatch_indices


def test_minibatches_cover_every_example_once_and_keep_the_last_partial_batch():
    batches = minibatch_indices(300, 64, np.random.default_rng(0))
    assert [len(b) for b in batches] == [64, 64, 64, 64, 44]
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(300))
    # a RandomState replays the lab's np.random.seed(s); np.random.permutation(m)
    lab = np.random.RandomState(11).permutation(300)
    np.testing.assert_array_equal(
        np.concatenate(minibatch_indices(300, 64, np.random.RandomState(11))), lab
    )


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "rmsprop", "adam"])
def test_training_lowers_the_cost(problem, optimizer):
    X, Y = problem("sigmoid", m=100)
    net = nl.Network([4, 8, 1], hidden_activation="tanh", seed=0)
    lr = 0.5 if optimizer in ("gd", "momentum") else 0.05
    h = net.fit(
        X, Y, optimizer=optimizer, learning_rate=lr, epochs=60, batch_size=32, progress=False
    )
    assert h.costs[-1] < 0.8 * h.costs[0]
    assert h.n_steps == 60 * 4 and h.n_epochs == 60


def test_same_seed_same_numbers_bit_for_bit(problem):
    X, Y = problem("softmax", m=50)

    def run():
        net = nl.Network([4, 6, 3], output_activation="softmax", seed=3)
        net.fit(
            X,
            Y,
            optimizer="adam",
            learning_rate=0.01,
            epochs=5,
            batch_size=8,
            keep_prob=0.7,
            seed=9,
            progress=False,
        )
        return net.theta.copy()

    np.testing.assert_array_equal(run(), run())


def test_cost_is_recorded_before_the_update_every_k_epochs(problem):
    X, Y = problem("sigmoid")
    net = nl.Network([4, 3, 1], seed=0)
    first = net.cost(X, Y)
    h = net.fit(X, Y, learning_rate=0.1, epochs=25, record_every=10, progress=False)
    assert h.epochs == [0, 10, 20, 24]
    assert h.costs[0] == first


def test_full_batch_cost_matches_mean_over_minibatches(problem):
    X, Y = problem("sigmoid", m=64)
    net = nl.Network([4, 3, 1], seed=0)
    h = net.fit(X, Y, learning_rate=1e-12, epochs=1, batch_size=10, progress=False)
    assert h.costs[0] == pytest.approx(net.cost(X, Y), rel=1e-9)


def test_divergence_names_the_step_and_suggests_a_smaller_rate():
    X = np.array([[1.0, 2.0, 3.0]])
    Y = np.array([[1.0, 2.0, 3.0]])
    net = nl.Network([1, 1], output_activation="identity", seed=0)
    with pytest.raises(
        TrainingDiverged, match=r"diverged at iteration \d+.*smaller learning_rate \(it was 10\)"
    ):
        net.fit(X, Y, learning_rate=10, epochs=1000, progress=False)


def test_early_stopping_restores_the_best_parameters(problem):
    X, Y = problem("sigmoid", m=40, seed=1)
    Xv, Yv = problem("sigmoid", m=40, seed=2)  # unrelated labels: validation soon worsens
    net = nl.Network([4, 32, 1], seed=0)
    h = net.fit(
        X,
        Y,
        optimizer="adam",
        learning_rate=0.05,
        epochs=500,
        progress=False,
        validation_data=(Xv, Yv),
        early_stopping=10,
    )
    assert h.stopped_early and h.n_epochs < 500
    assert h.best_epoch is not None and h.n_epochs == h.best_epoch + 11
    assert net.cost(Xv, Yv) == pytest.approx(min(h.val_costs))
    with pytest.raises(ValueError, match="early_stopping: needs validation_data"):
        net.fit(X, Y, early_stopping=5)


def test_callback_can_stop_training(problem):
    X, Y = problem("sigmoid")
    seen = []
    h = nl.Network([4, 1], seed=0).fit(
        X,
        Y,
        epochs=100,
        progress=False,
        callback=lambda epoch, cost, net: seen.append(epoch) or epoch >= 3,
    )
    assert seen == [0, 1, 2, 3] and h.n_epochs == 4


def test_schedule_sets_each_epochs_rate(problem):
    X, Y = problem("sigmoid")
    h = nl.Network([4, 1], seed=0).fit(
        X, Y, epochs=3, schedule=lambda e: 0.1 / (e + 1), progress=False
    )
    assert h.learning_rates == pytest.approx([0.1, 0.05, 0.1 / 3])


def test_inverted_dropout_scaling_and_mask_rate():
    A = np.ones((200, 500))
    out, D = dropout_forward(A, 0.8, np.random.default_rng(0))
    assert abs(D.mean() - 0.8) < 0.005
    np.testing.assert_array_equal(out[D], 1 / 0.8)
    assert not out[~D].any()
    assert abs(out.mean() - 1) < 0.01  # expected activation unchanged
    assert (A == 1).all()  # input untouched
    # a RandomState gives the lab's np.random.rand(*shape) < keep_prob masks
    _, D_lab = dropout_forward(np.ones((3, 4)), 0.86, np.random.RandomState(1))
    np.testing.assert_array_equal(D_lab, np.random.RandomState(1).rand(3, 4) < 0.86)


def test_dropout_is_off_at_prediction(problem):
    X, Y = problem("sigmoid")
    net = nl.Network([4, 16, 1], seed=0)
    net.fit(X, Y, keep_prob=0.5, epochs=3, progress=False)
    np.testing.assert_array_equal(net.predict_proba(X), net.predict_proba(X))


def test_progress_bar_can_be_forced(problem, capsys):
    X, Y = problem("sigmoid")
    nl.Network([4, 1], seed=0).fit(X, Y, epochs=3, progress=True)
    assert "training" in capsys.readouterr().err


def test_history_recorded_keeps_the_labs_every_k_record():
    import neuronlab as nl

    X = np.random.default_rng(0).standard_normal((2, 20))
    Y = (X[:1] > 0).astype(float)
    history = nl.Network([2, 3, 1], seed=0).fit(X, Y, epochs=25, record_every=10, progress=False)
    assert history.epochs == [0, 10, 20, 24]  # fit also keeps the last epoch
    epochs, costs = history.recorded(10)
    assert epochs == [0, 10, 20] and costs == history.costs[:3]


def test_fit_refuses_non_labels_unless_check_labels_is_false():
    """The 0/1 check is ``fit``'s default; ``check_labels=False`` (what the course-named
    facades pass) trains on the cross-entropy formula with any real Y."""
    r = np.random.RandomState(0)
    X, Y = r.randn(3, 8), r.randn(1, 8)
    net = nl.Network([3, 1], output_activation="sigmoid", initializer="zeros")
    with pytest.raises(ValueError, match=r"Y: expected labels in \{0, 1\}"):
        net.fit(X, Y, epochs=1)
    with pytest.raises(ValueError, match=r"validation_data\[1\]: expected labels in \{0, 1\}"):
        net.fit(X, (Y > 0), epochs=1, validation_data=(X, Y))
    history = net.fit(X, Y, learning_rate=0.5, epochs=2, check_labels=False, progress=False)
    # By hand: from w = 0, b = 0 (a = 0.5) one gradient step of -(1/m) Σ [y log a + (1-y) log(1-a)].
    w = -0.5 * (0.5 - Y) @ X.T / 8  # (1, 3)
    b = -0.5 * np.mean(0.5 - Y)
    a = 1 / (1 + np.exp(-(w @ X + b)))
    cost = -np.mean(Y * np.log(a) + (1 - Y) * np.log(1 - a))
    assert history.costs == pytest.approx([np.log(2), cost], rel=1e-12)


def test_progress_epochs_is_a_line_per_epoch_with_validation(problem, capsys):
    X, Y = problem("sigmoid")
    history = nl.Network([4, 3, 1], seed=0).fit(
        X, Y, epochs=4, validation_data=(X, Y), progress="epochs"
    )
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 4
    for k, line in enumerate(lines):
        assert line == (
            f"training: epoch {k + 1}/4, cost {history.costs[k]:.4g}, validation cost "
            f"{history.val_costs[k]:.4g}, validation accuracy "
            f"{100 * history.val_accuracies[k]:.2f} %"
        )


def test_progress_refuses_an_unknown_value(problem):
    X, Y = problem("sigmoid")
    with pytest.raises(ValueError, match="progress: expected True, False, None or 'epochs'"):
        nl.Network([4, 1], seed=0).fit(X, Y, epochs=1, progress="lines")


def test_per_epoch_lines_give_each_epoch_its_own_cost(capsys):
    """With record_every > 1, progress="epochs" repeated the last recorded cost."""
    import numpy as np

    import neuronlab as nl

    X = np.random.default_rng(0).normal(size=(3, 40))
    Y = (X[:1] > 0).astype(float)
    nl.Network([3, 4, 1]).fit(X, Y, epochs=4, progress="epochs", record_every=10)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 4 and len({line.split("cost ")[1] for line in lines}) == 4, lines
