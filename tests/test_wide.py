"""The dual form of full-batch GD on wide inputs: the same iterates as the plain loop."""

import numpy as np
import pytest

import neuronlab as nl
from neuronlab.wide import DualDense


def wide_problem(n_x=300, m=40, seed=0):
    r = np.random.default_rng(seed)
    X = r.random((n_x, m))
    Y = (r.random((1, m)) > 0.5).astype(float)
    return X, Y


@pytest.mark.parametrize(
    "dims,hidden", [([300, 1], "relu"), ([300, 8, 4, 1], "relu"), ([300, 6, 1], "tanh")]
)
@pytest.mark.parametrize("l2", [0.0, 0.5])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_same_iterates_as_the_plain_loop(dims, hidden, l2, dtype):
    X, Y = wide_problem()
    runs = {}
    for wide in (False, True):
        net = nl.Network(dims, hidden_activation=hidden, initializer="xavier", seed=1, dtype=dtype)
        h = net.fit(
            X,
            Y,
            optimizer="gd",
            learning_rate=0.05,
            epochs=60,
            l2=l2,
            record_every=10,
            progress=False,
            wide=wide,
            schedule=lambda e: 0.05 / (1 + 0.01 * e),
        )
        runs[wide] = (net.theta.copy(), h.costs)
    rtol = 1e-10 if dtype == "float64" else 2e-4
    np.testing.assert_allclose(runs[True][0], runs[False][0], rtol=rtol, atol=rtol * 1e-2)
    np.testing.assert_allclose(runs[True][1], runs[False][1], rtol=rtol)


def test_callbacks_see_the_current_weights_and_dropout_works():
    X, Y = wide_problem()
    seen = {}
    for wide in (False, True):
        net = nl.Network([300, 8, 1], seed=2)
        snaps = []
        net.fit(
            X,
            Y,
            learning_rate=0.05,
            epochs=30,
            record_every=10,
            keep_prob=0.8,
            seed=4,
            progress=False,
            wide=wide,
            callback=lambda e, c, n, snaps=snaps: snaps.append(n.parameters["W1"].copy()),
        )
        seen[wide] = snaps
    for a, b in zip(seen[True], seen[False]):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-14)


def test_a_callback_that_changes_w1_is_heard():
    """A callback may change the weights (clip, reset): the dual form restarts from them."""
    X, Y = wide_problem()

    def halve_w1(epoch, cost, net):
        if epoch == 20:
            net.parameters["W1"][...] *= 0.5

    runs = {}
    for wide in (False, True):
        net = nl.Network([300, 8, 1], initializer="xavier", seed=3)
        net.fit(X, Y, learning_rate=0.05, epochs=40, record_every=10, progress=False,
                wide=wide, callback=halve_w1)  # fmt: skip
        runs[wide] = net.theta.copy()
    np.testing.assert_allclose(runs[True], runs[False], rtol=1e-10, atol=1e-14)


def test_a_callback_sees_a_plain_network_its_gradients_and_can_fit_it():
    """Inside a dual-form fit, a callback's gradients (dW1 included) are the plain
    network's, and a fit it starts on the same network runs and is heard after."""
    X, Y = wide_problem()
    grads, thetas = {}, {}
    for wide in (False, True):
        net = nl.Network([300, 8, 1], initializer="xavier", seed=3)
        seen = []

        def inspect(epoch, cost, net, seen=seen, wide=wide):
            seen.append(net.gradients(X, Y, l2=0.3)["dW1"].copy())
            if epoch == 20:
                net.fit(X, Y, learning_rate=0.01, epochs=3, progress=False, wide=wide)

        net.fit(X, Y, learning_rate=0.05, epochs=40, l2=0.3, record_every=10,
                progress=False, wide=wide, callback=inspect)  # fmt: skip
        grads[wide], thetas[wide] = seen, net.theta.copy()
    assert len(grads[True]) == len(grads[False]) == 5
    for dual, plain in zip(grads[True], grads[False]):
        assert np.abs(dual).max() > 0
        np.testing.assert_allclose(dual, plain, rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(thetas[True], thetas[False], rtol=1e-10, atol=1e-14)


def test_the_dual_layers_norm_is_added_last_as_the_published_runs_did():
    net = nl.Network([300, 8, 4, 1], initializer="xavier", seed=11)
    s = [np.vdot(layer.W, layer.W) for layer in net.layers]
    assert (s[0] + s[1]) + s[2] != (s[1] + s[2]) + s[0]  # seed 11: the order shows
    net.layers[0] = DualDense(net.layers[0], wide_problem()[0])
    assert net.penalty(0.7, 40) == float(0.7 / 80 * ((s[1] + s[2]) + float(s[0])))


@pytest.mark.parametrize("l2", [0.0, 0.7])
def test_validation_and_early_stopping_in_the_dual_form(l2):
    X, Y = wide_problem(m=40)
    Xv, Yv = wide_problem(m=15, seed=5)
    runs = {}
    for wide in (False, True):
        net = nl.Network([300, 8, 1], initializer="xavier", seed=3)
        h = net.fit(X, Y, learning_rate=0.3, epochs=80, l2=l2, validation_data=(Xv, Yv),
                    early_stopping=5, progress=False, wide=wide)  # fmt: skip
        runs[wide] = (net.theta.copy(), h)
    (theta_dual, h_dual), (theta, h) = runs[True], runs[False]
    assert h_dual.best_epoch == h.best_epoch and h_dual.n_epochs == h.n_epochs
    np.testing.assert_allclose(h_dual.val_costs, h.val_costs, rtol=1e-10)
    assert h_dual.val_accuracies == h.val_accuracies
    np.testing.assert_allclose(theta_dual, theta, rtol=1e-10, atol=1e-14)  # the best restored


def test_chosen_automatically_only_where_it_applies(monkeypatch):
    from neuronlab import training

    built = []
    real = training.DualDense
    monkeypatch.setattr(
        training, "DualDense", lambda layer, X, Xv: built.append(1) or real(layer, X, Xv)
    )
    X, Y = wide_problem()
    nl.Network([300, 8, 1], seed=0).fit(X, Y, epochs=20, progress=False)  # wide: used
    nl.Network([300, 8, 1], seed=0).fit(X, Y, epochs=20, progress=False, validation_data=(X, Y))
    assert built == [1, 1]
    nl.Network([300, 8, 1], seed=0).fit(X, Y, epochs=20, optimizer="adam", progress=False)
    nl.Network([300, 8, 1], seed=0).fit(X, Y, epochs=20, batch_size=8, progress=False)
    Xn, Yn = wide_problem(n_x=30, m=40)
    nl.Network([30, 8, 1], seed=0).fit(Xn, Yn, epochs=20, progress=False)  # not wide
    assert built == [1, 1]


def test_dual_dense_answers_as_the_dense_layer_it_stands_for():
    """DualDense has Dense's interface: Z, ‖W‖², Wᵀ dZ and W itself, for the training
    inputs, the validation inputs and any other input, before and after steps."""
    from neuronlab.wide import DualDense

    X, _ = wide_problem()
    X_val = wide_problem(m=15, seed=1)[0]
    other = wide_problem(m=7, seed=2)[0]
    net = nl.Network([300, 6, 1], initializer="xavier", seed=3)
    dense = net.layers[0]
    dual = DualDense(dense, X, X_val)
    r = np.random.default_rng(0)
    for _ in range(3):  # before and after steps
        W = dual.W.copy()  # written back
        np.testing.assert_allclose(W, dense.W)
        for inputs in (X, X_val, other):
            np.testing.assert_allclose(dual.linear(inputs), W @ inputs + dense.b, rtol=1e-12)
        np.testing.assert_allclose(dual.squared_norm(), np.vdot(W, W), rtol=1e-12)
        dZ = r.standard_normal((6, 4))
        np.testing.assert_allclose(dual.backward_input(dZ), W.T @ dZ, rtol=1e-12)
        dual.linear(X)
        dual.backward_params(r.standard_normal((6, X.shape[1])), X, X.shape[1], 0.0)
        dual.step(0.1, 0.3, X.shape[1])
    with pytest.raises(RuntimeError, match="no backward pass"):
        dual.step(0.1, 0.0, X.shape[1])


def test_the_plain_layer_is_back_after_a_fit_even_one_that_failed():
    X, Y = wide_problem()
    net = nl.Network([300, 8, 1], seed=0)
    net.fit(X, Y, epochs=20, progress=False, wide=True)
    assert type(net.layers[0]).__name__ == "Dense"
    W1 = net.parameters["W1"].copy()

    def fail(epoch, cost, net):
        if epoch == 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        net.fit(X, Y, epochs=50, progress=False, wide=True, callback=fail)
    assert type(net.layers[0]).__name__ == "Dense"
    assert not np.array_equal(net.parameters["W1"], W1)  # the steps before it were written back
