import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import neuronlab as nl
from neuronlab import gradcheck


def test_the_public_api_of_the_issue(problem):
    X, Y = problem("sigmoid", n_x=6, m=80)
    net = nl.Network(
        [6, 20, 7, 5, 1],
        hidden_activation="relu",
        output_activation="sigmoid",
        initializer="he",
        seed=0,
        dtype="float64",
    )
    history = net.fit(
        X,
        Y,
        optimizer="adam",
        learning_rate=1e-2,
        epochs=10,
        batch_size=16,
        l2=0.0,
        keep_prob=1.0,
        seed=0,
        progress=False,
    )
    assert len(history.costs) == 10 and all(isinstance(c, float) for c in history.costs)
    assert net.predict_proba(X).shape == (1, 80)
    assert set(np.unique(net.predict(X))) <= {0, 1} and net.predict(X).shape == (1, 80)
    assert isinstance(net.cost(X, Y, l2=0.0), float)
    grads = net.gradients(X, Y, l2=0.0)
    assert sorted(grads) == sorted(f"d{k}" for k in net.parameters)
    cost, grads2 = net.cost_and_gradients(X, Y)
    assert cost == net.cost(X, Y)
    for k in grads:
        np.testing.assert_array_equal(grads[k], grads2[k])
        assert grads[k].shape == net.parameters[k[1:]].shape
    assert gradcheck.check(net, X, Y) < 1e-7


def test_parameters_are_live_views_and_gradients_are_copies(problem):
    net = nl.Network([3, 2, 1], seed=0)
    net.parameters["b1"][:] = 5
    assert (net.theta[6:8] == 5).all()  # W1 (2x3) first, then b1
    X, Y = problem("sigmoid", n_x=3, m=5)
    g = net.gradients(X, Y)
    g["dW1"][:] = 123
    assert not (net.grad == 123).any()


def test_from_parameters_and_set_parameters_check_shapes():
    net = nl.Network([3, 4, 2], output_activation="softmax", seed=1)
    clone = nl.Network.from_parameters(net.parameters, output_activation="softmax")
    assert clone.layer_dims == (3, 4, 2)
    np.testing.assert_array_equal(clone.theta, net.theta)
    with pytest.raises(ValueError, match=r"W1: expected shape \(4, 3\), got shape \(3, 4\)"):
        net.set_parameters({**net.parameters, "W1": np.zeros((3, 4))})
    with pytest.raises(ValueError, match="missing 'b2'"):
        net.set_parameters({k: a for k, a in net.parameters.items() if k != "b2"})


def test_softmax_accepts_labels_or_one_hot(problem):
    X, y = problem("softmax", n_out=3)
    net = nl.Network([4, 5, 3], output_activation="softmax", seed=0)
    onehot = np.eye(3)[:, y[0]]
    assert net.cost(X, y) == net.cost(X, onehot)
    assert net.predict(X).shape == (1, 30)
    np.testing.assert_allclose(net.predict_proba(X).sum(axis=0), 1)
    assert net.accuracy(X, y) == net.accuracy(X, onehot)


def test_one_vs_all_sigmoid_outputs_predict_the_argmax():
    X = np.random.default_rng(0).standard_normal((4, 12))
    net = nl.Network([4, 5, 3], hidden_activation="sigmoid", seed=0)
    np.testing.assert_array_equal(net.predict(X), net.predict_proba(X).argmax(axis=0)[None])


def test_float32_end_to_end(problem):
    X, Y = problem("sigmoid", m=64)
    net = nl.Network([4, 8, 1], dtype="float32", seed=0)
    h = net.fit(
        X,
        Y,
        optimizer="adam",
        learning_rate=0.01,
        epochs=5,
        batch_size=16,
        keep_prob=0.8,
        l2=0.1,
        progress=False,
    )
    assert net.theta.dtype == np.float32 and net.grad.dtype == np.float32
    assert net.predict_proba(X).dtype == np.float32
    assert np.isfinite(h.costs).all()
    net64 = nl.Network([4, 8, 1], seed=0)
    np.testing.assert_allclose(
        net64.theta, nl.Network([4, 8, 1], dtype="float32", seed=0).theta, rtol=1e-7
    )


class TestBadInput:
    net = nl.Network([2, 3, 1], seed=0)
    X = np.zeros((2, 5))
    Y = np.zeros((1, 5))

    def test_wrong_shapes(self):
        with pytest.raises(ValueError, match=r"X: expected shape \(2, m\).*got shape \(3, 5\)"):
            self.net.cost(np.zeros((3, 5)), self.Y)
        with pytest.raises(ValueError, match=r"X: expected a 2-D array.*got shape \(5,\)"):
            self.net.predict(np.zeros(5))
        with pytest.raises(ValueError, match=r"Y: expected 5 examples.*got shape \(1, 4\)"):
            self.net.cost(self.X, np.zeros((1, 4)))

    def test_labels_nan_empty(self):
        with pytest.raises(ValueError, match=r"Y: expected labels in \{0, 1\}.*got values \[2"):
            self.net.cost(self.X, np.full((1, 5), 2))
        bad = self.X.copy()
        bad[0, 1] = np.nan
        with pytest.raises(ValueError, match="X: expected finite values, got 1 NaN"):
            self.net.fit(bad, self.Y, epochs=1)
        with pytest.raises(ValueError, match="X: expected a non-empty array"):
            self.net.predict(np.zeros((2, 0)))
        with pytest.raises(TypeError, match="X: expected a numeric array"):
            self.net.predict(np.array([["a", "b"]] * 2))

    @pytest.mark.parametrize("layout", ["C", "F", "strided"])
    @pytest.mark.parametrize("dtype", ["float64", "float32"])
    @pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
    def test_non_finite_found_in_every_layout(self, layout, dtype, value):
        big = np.zeros((6, 40), dtype=dtype)
        big[2, 16] = value  # kept by the strided view too
        X = {"C": big, "F": np.asfortranarray(big), "strided": big[::2, ::2]}[layout]
        with pytest.raises(ValueError, match="X: expected finite values, got 1 NaN or inf"):
            nl.Network([X.shape[0], 1]).cost(X, np.zeros((1, X.shape[1])))

    def test_values_beyond_float32_are_named_as_such(self):
        X = np.array([[1e39, 2.0, 3.0], [1.0, -5e40, 1.0]])
        with pytest.raises(
            ValueError,
            match=r"X: expected values within ±3.4e\+38, got 2 values beyond ±3.4e\+38",
        ):
            nl.Network([2, 1], dtype="float32").cost(X, np.zeros((1, 3)))

    def test_nan_and_too_large_are_told_apart(self):
        X = np.array([[1e39, 2.0, 3.0], [np.nan, 1.0, 1.0]])
        with pytest.raises(ValueError, match=r"got 1 NaN or inf entries \(and 1 values beyond"):
            nl.Network([2, 1], dtype="float32").cost(X, np.zeros((1, 3)))

    def test_keep_prob_may_be_a_0d_array(self):
        h = self.net.copy().fit(self.X, self.Y, keep_prob=np.array(0.5), epochs=1, progress=False)
        assert len(h.costs) == 1

    def test_dropout_without_a_generator_is_named(self):
        with pytest.raises(ValueError, match="rng: dropout"):
            nl.Network([2, 3, 1]).loss_and_grad(self.X, self.Y, keep_prob=(0.5,))

    def test_huge_finite_values_are_accepted(self):
        # their sum overflows to inf; the exact check then finds nothing wrong
        X = np.full((2, 5), np.finfo(np.float64).max)
        assert np.isfinite(self.net.predict_proba(X)).all()

    def test_softmax_targets_are_distributions(self):
        net = nl.Network([2, 3], output_activation="softmax", seed=0)
        with pytest.raises(ValueError, match="columns, each summing to 1, got column sums from 15"):
            net.cost(self.X, np.full((3, 5), 5.0))
        soft = np.full((3, 5), 1 / 3)  # label smoothing and the like are fine
        assert np.isfinite(net.cost(self.X, soft))

    def test_softmax_label_range(self):
        net = nl.Network([2, 3], output_activation="softmax", seed=0)
        with pytest.raises(ValueError, match=r"class indices in \[0, 3\)"):
            net.cost(self.X, np.array([[0, 1, 3, 0, 0]]))

    def test_names_and_numbers(self):
        with pytest.raises(ValueError, match="activation: expected one of"):
            nl.Network([2, 1], output_activation="sigmoidal")
        with pytest.raises(ValueError, match="initializer: expected one of"):
            nl.Network([2, 1], initializer="glorot")
        with pytest.raises(ValueError, match="layer_dims: expected at least 2"):
            nl.Network([2])
        with pytest.raises(ValueError, match="layer_dims: expected an integer >= 1, got 0"):
            nl.Network([2, 0, 1])
        with pytest.raises(ValueError, match="dtype: expected one of"):
            nl.Network([2, 1], dtype="float16")
        with pytest.raises(ValueError, match="hidden_activation: expected 2 activations"):
            nl.Network([2, 3, 3, 1], hidden_activation=["relu"])
        with pytest.raises(ValueError, match="a softmax output needs"):
            nl.Network([2, 3], output_activation="softmax", loss="mse")
        with pytest.raises(ValueError, match="learning_rate: expected a number > 0, got 0"):
            self.net.fit(self.X, self.Y, learning_rate=0)
        with pytest.raises(
            ValueError, match="keep_prob: expected a probability in \\(0, 1\\], got 1.5"
        ):
            self.net.fit(self.X, self.Y, keep_prob=1.5)
        with pytest.raises(
            ValueError, match="keep_prob: expected a probability in \\(0, 1\\], got 0"
        ):
            self.net.fit(self.X, self.Y, keep_prob=0)
        with pytest.raises(ValueError, match="optimizer: expected one of"):
            self.net.fit(self.X, self.Y, optimizer="sgd")
        with pytest.raises(ValueError, match="l2: expected a number >= 0"):
            self.net.cost(self.X, self.Y, l2=-1)


def test_a_float32_network_sums_its_l2_penalty_in_float32():
    """As the published float32 runs did: the norms stay float32 until the end."""
    net = nl.Network([300, 8, 4, 1], seed=0, dtype="float32")
    s = [np.vdot(layer.W, layer.W) for layer in net.layers]
    assert all(x.dtype == np.float32 for x in s)
    assert net.penalty(0.7, 40) == float(0.7 / 80 * (s[0] + s[1] + s[2]))
    assert net.penalty(0.7, 40) != 0.7 / 80 * sum(float(x) for x in s)  # the sum shows


@settings(max_examples=20, deadline=None)
@given(
    dims=st.lists(st.integers(1, 6), min_size=2, max_size=5),
    m=st.integers(1, 9),
    hidden=st.sampled_from(["sigmoid", "tanh", "leaky_relu", "identity"]),
    seed=st.integers(0, 2**16),
)
@example(dims=[6, 1, 1, 4, 1], m=3, hidden="leaky_relu", seed=6)  # a kink within epsilon
def test_random_architectures_shapes_and_gradients(dims, m, hidden, seed):
    """Any layer sizes: shapes line up and backprop agrees with finite differences."""
    r = np.random.default_rng(seed)
    X = r.standard_normal((dims[0], m))
    Y = (r.random((dims[-1], m)) > 0.5).astype(float)
    net = nl.Network(dims, hidden_activation=hidden, initializer="xavier", seed=seed)
    assert net.predict_proba(X).shape == (dims[-1], m)
    assert net.theta.size == sum(a * (b + 1) for a, b in zip(dims[1:], dims[:-1]))
    # leaky_relu has a kink at 0: a finite difference across it is not a derivative
    # (dims [6, 1, 1, 4, 1], seed 6 put a pre-activation at 8e-8, inside epsilon 1e-7)
    assume(hidden != "leaky_relu" or _nearest_to_zero(net, X) > 1e-4)
    assert gradcheck.check(net, X, Y, l2=0.3) < 1e-6


def _nearest_to_zero(net, X):
    """The smallest |Z| of the hidden layers' pre-activations on X."""
    from neuronlab.activations import get_activation

    act, A, smallest = get_activation("leaky_relu"), X, np.inf
    for layer in net.layers[:-1]:
        Z = layer.W @ A + layer.b
        smallest = min(smallest, float(np.abs(Z).min()))
        A = act.forward(Z)
    return smallest


def test_copy_is_independent(problem):
    X, Y = problem("sigmoid")
    net = nl.Network([4, 3, 1], hidden_activation="tanh", seed=0)
    twin = net.copy()
    np.testing.assert_array_equal(twin.predict_proba(X), net.predict_proba(X))
    twin.fit(X, Y, learning_rate=0.5, epochs=3, progress=False)
    assert not np.array_equal(twin.theta, net.theta)
    assert twin.layers[0].W.base is twin.theta or np.shares_memory(twin.layers[0].W, twin.theta)


@pytest.mark.parametrize("out", ["sigmoid", "softmax", "identity"])
def test_cost_and_accuracy_is_one_pass_of_loss_at_and_accuracy(problem, out):
    X, Y = problem(out, n_out=3 if out == "softmax" else 1)
    dims = [4, 5, 3 if out == "softmax" else 1]
    net = nl.Network(dims, output_activation=out, seed=0)
    X, Y, _ = net.check_inputs(X, Y, 0.0)
    cost, accuracy = net.cost_and_accuracy(X, Y, l2=0.3)
    assert cost == net.loss_at(X, Y, l2=0.3)  # bit for bit: the same operations
    assert accuracy == net.accuracy(X, Y)


def test_a_layouts_sizes_and_offsets_are_computed_once_and_right():
    """The labs' facades build views on every call; recomputing the sizes with NumPy each
    time made a three-layer step of the regularization lab about 2× slower."""
    from neuronlab.flatten import ParameterLayout

    layout = ParameterLayout.for_dense([4, 3, 2])
    assert layout.sizes == (12, 3, 6, 2) and layout.offsets == (0, 12, 15, 21)
    assert layout.size == 23 and layout.sizes is layout.sizes  # cached, not recomputed
    assert layout.slices() == {"W1": slice(0, 12), "b1": slice(12, 15), "W2": slice(15, 21),
                               "b2": slice(21, 23)}  # fmt: skip
    layout.slices()["W1"] = slice(0, 1)  # a caller's copy: the layout is unchanged
    assert layout.slices()["W1"] == slice(0, 12)
    assert ParameterLayout((), ()).size == 0 and ParameterLayout((), ()).offsets == ()
