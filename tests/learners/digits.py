# A learner's port of the digits exercise (ex4, 400-25-10, one example per row), correct.
import matplotlib.pyplot as plt
import numpy as np
import scipy.io as sio
import scipy.optimize as opt
from sklearn.metrics import classification_report


def load_mat(path, transpose=True):
    data = sio.loadmat(path)
    y = data.get("y")
    y = y.reshape(y.shape[0])
    X = data.get("X")
    return X, y


def plot_100_images(X):
    size = int(np.sqrt(X.shape[1]))
    sample_idx = np.random.choice(np.arange(X.shape[0]), 100)
    sample_images = X[sample_idx, :]
    fig, ax_array = plt.subplots(nrows=10, ncols=10, sharey=True, sharex=True, figsize=(8, 8))
    for r in range(10):
        for c in range(10):
            image = sample_images[10 * r + c].reshape((size, size)).T
            ax_array[r, c].matshow(image, cmap="binary")
            plt.xticks(np.array([]))
            plt.yticks(np.array([]))


def expand_y(y):
    one_hot = np.zeros((len(y), 10))
    for row, label in enumerate(y):
        one_hot[row, label - 1] = 1
    return one_hot


def load_weight(path):
    data = sio.loadmat(path)
    return data["Theta1"], data["Theta2"]


def serialize(a, b):
    return np.concatenate((np.ravel(a), np.ravel(b)))


def deserialize(seq):
    return seq[: 25 * 401].reshape(25, 401), seq[25 * 401 :].reshape(10, 26)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def feed_forward(theta, X):
    t1, t2 = deserialize(theta)
    m = X.shape[0]
    a1 = X
    z2 = a1 @ t1.T
    a2 = np.insert(sigmoid(z2), 0, np.ones(m), axis=1)
    z3 = a2 @ t2.T
    h = sigmoid(z3)
    return a1, z2, a2, z3, h


def cost(theta, X, y):
    m = X.shape[0]
    _, _, _, _, h = feed_forward(theta, X)
    pair_computation = -np.multiply(y, np.log(h)) - np.multiply(1 - y, np.log(1 - h))
    return pair_computation.sum() / m


def regularized_cost(theta, X, y, l=1):
    t1, t2 = deserialize(theta)
    m = X.shape[0]
    reg_t1 = (l / (2 * m)) * np.power(t1[:, 1:], 2).sum()
    reg_t2 = (l / (2 * m)) * np.power(t2[:, 1:], 2).sum()
    return cost(theta, X, y) + reg_t1 + reg_t2


def sigmoid_gradient(z):
    return np.multiply(sigmoid(z), 1 - sigmoid(z))


def random_init(size):
    return np.random.uniform(-0.12, 0.12, size)


def gradient(theta, X, y):
    t1, t2 = deserialize(theta)
    m = X.shape[0]
    a1, z2, a2, z3, h = feed_forward(theta, X)
    d3 = h - y
    d2 = (d3 @ t2)[:, 1:] * sigmoid_gradient(z2)
    delta2 = d3.T @ a2
    delta1 = d2.T @ a1
    delta1 = delta1 / m
    delta2 = delta2 / m
    return serialize(delta1, delta2)


def regularized_gradient(theta, X, y, l=1):
    m = X.shape[0]
    delta1, delta2 = deserialize(gradient(theta, X, y))
    t1, t2 = deserialize(theta)
    reg_term_d1 = (l / m) * t1
    reg_term_d1[:, 0] = 0
    reg_term_d2 = (l / m) * t2
    reg_term_d2[:, 0] = 0
    delta1 = delta1 + reg_term_d1
    delta2 = delta2 + reg_term_d2
    return serialize(delta1, delta2)


def gradient_checking(theta, X, y, epsilon, regularized=False):
    def a_numeric_grad(plus, minus):
        if regularized:
            return (regularized_cost(plus, X, y) - regularized_cost(minus, X, y)) / (epsilon * 2)
        return (cost(plus, X, y) - cost(minus, X, y)) / (epsilon * 2)

    numeric_grad = np.zeros(len(theta))
    for i in range(len(theta)):
        plus = theta.copy()
        plus[i] = plus[i] + epsilon
        minus = theta.copy()
        minus[i] = minus[i] - epsilon
        numeric_grad[i] = a_numeric_grad(plus, minus)
    analytic_grad = regularized_gradient(theta, X, y) if regularized else gradient(theta, X, y)
    diff = np.linalg.norm(numeric_grad - analytic_grad) / np.linalg.norm(
        numeric_grad + analytic_grad
    )
    print(
        "If your backpropagation implementation is correct,\nthe relative difference will be "
        "smaller than 1e-9 (assume epsilon=0.0001).\nRelative Difference: {}\n".format(diff)
    )
    return diff


def nn_training(X, y):
    init_theta = random_init(10285)
    res = opt.minimize(
        fun=regularized_cost,
        x0=init_theta,
        args=(X, y, 1),
        method="TNC",
        jac=regularized_gradient,
        options={"maxiter": 400},
    )
    return res


def accuracy(theta, X, y):
    _, _, _, _, h = feed_forward(theta, X)
    y_pred = np.argmax(h, axis=1) + 1
    print(classification_report(y, y_pred))


def plot_hidden(theta):
    final_theta1, _ = deserialize(theta)
    hidden_layer = final_theta1[:, 1:]
    fig, ax_array = plt.subplots(nrows=5, ncols=5, sharey=True, sharex=True, figsize=(5, 5))
    for r in range(5):
        for c in range(5):
            ax_array[r, c].matshow(hidden_layer[5 * r + c].reshape((20, 20)), cmap="binary")
            plt.xticks(np.array([]))
            plt.yticks(np.array([]))


# The notebook's top-level work: must never run under the checker.
X, _ = load_mat("ex4data1.mat")
plot_100_images(X)
plt.show()
X_raw, y_raw = load_mat("ex4data1.mat", transpose=False)
X = np.insert(X_raw, 0, np.ones(X_raw.shape[0]), axis=1)
y = expand_y(y_raw)
t1, t2 = load_weight("ex4weights.mat")
theta = serialize(t1, t2)
print(cost(theta, X, y), regularized_cost(theta, X, y))
small_X, small_y = X[:10], y[:10]
gradient_checking(theta, small_X, small_y, epsilon=0.0001)
res = nn_training(X, y)
accuracy(res.x, X, y_raw)
plot_hidden(res.x)
plt.show()
import sys

sys.exit(0)
