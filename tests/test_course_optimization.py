"""``neuronlab course optimization``: opt_utils, the test cases and the public tests of
lab 3.7 in every course version, and a learner's notebook run headless on them."""

from __future__ import annotations

import time
import types
from pathlib import Path

import numpy as np
import pytest

from course_tools import kernel_or_skip, learner, load, run_notebook
from neuronlab.cli import main
from neuronlab.course import files

LAB = "optimization"
VERSIONS = ("2019", "2021", "2023")
CASES = {"2019": "testCases.py", "2021": "testCases.py", "2023": "test_cases.py"}
UTILS = {"2019": "opt_utils_v1a.py", "2021": "opt_utils_v1a.py", "2023": "opt_utils.py"}
#: The pass lines: the course's runners', and the other tests' own of each version.
RUNNER = "\033[92m All tests passed.\n"
OWN = {"2021": "\033[92mAll test passed\n", "2023": "\033[92mAll tests passed\n"}

#: A learner's graded functions, correct (the lab's contracts, REFERENCE.md §7).
CORRECT = """
def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    m = X.shape[1]
    mini_batches = []
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    complete = m // mini_batch_size
    for k in range(complete):
        part = slice(k * mini_batch_size, (k + 1) * mini_batch_size)
        mini_batches.append((shuffled_X[:, part], shuffled_Y[:, part]))
    if m % mini_batch_size != 0:
        rest = slice(complete * mini_batch_size, m)
        mini_batches.append((shuffled_X[:, rest], shuffled_Y[:, rest]))
    return mini_batches


def initialize_velocity(parameters):
    L = len(parameters) // 2
    v = {}
    for l in range(1, L + 1):
        v["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        v["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
    return v


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for p in ("W", "b"):
            key = "d" + p + str(l)
            v[key] = beta * v[key] + (1 - beta) * grads[key]
            parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * v[key]
    return parameters, v


def initialize_adam(parameters):
    L = len(parameters) // 2
    v, s = {}, {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            v["d" + p + str(l)] = np.zeros(parameters[p + str(l)].shape)
            s["d" + p + str(l)] = np.zeros(parameters[p + str(l)].shape)
    return v, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9,
                                beta2=0.999, epsilon=1e-8):
    L = len(parameters) // 2
    v_corrected, s_corrected = {}, {}
    for l in range(1, L + 1):
        for p in ("W", "b"):
            key = "d" + p + str(l)
            v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
            v_corrected[key] = v[key] / (1 - beta1 ** t)
            s[key] = beta2 * s[key] + (1 - beta2) * grads[key] ** 2
            s_corrected[key] = s[key] / (1 - beta2 ** t)
            step = v_corrected[key] / (np.sqrt(s_corrected[key]) + epsilon)
            parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * step
    return parameters, v, s, v_corrected, s_corrected


def update_lr(learning_rate0, epoch_num, decay_rate):
    return learning_rate0 / (1 + decay_rate * epoch_num)


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))
"""
#: 2019's Adam returns three things.
ADAM_2019 = ("return parameters, v, s, v_corrected, s_corrected", "return parameters, v, s")
#: A planted mistake of gradient descent: a step uphill.
WRONG_GD = ("- learning_rate * grads[", "+ learning_rate * grads[")
#: The planted mistake: momentum's velocity without the (1 − β).
WRONG_MOMENTUM = ("v[key] = beta * v[key] + (1 - beta) * grads[key]",
                  "v[key] = beta * v[key] + grads[key]")  # fmt: skip

#: The course's expected outputs (COURSE_FILES.md §4, optimization public tests).
GD_W1 = {
    "2021": [[1.63535156, -0.62320365, -0.53718766], [-1.07799357, 0.85639907, -2.29470142]],
    "2023": [[1.63312395, -0.61217855, -0.5339999], [-1.06196243, 0.85396039, -2.3105546]],
}
GD_B2 = {"2021": [[-0.88020257], [0.02561572], [0.57539477]],
         "2023": [[1.13773698], [-1.09301954], [-0.16397615]]}  # fmt: skip
MOMENTUM_W1 = {
    "2021": [[1.62544598, -0.61290114, -0.52907334], [-1.07347112, 0.86450677, -2.30085497]],
    "2023": [[1.62522322, -0.61179863, -0.52875457], [-1.071868, 0.86426291, -2.30244029]],
}
MOMENTUM_VDW1 = {
    "2021": [[-0.11006192, 0.11447237, 0.09015907], [0.05024943, 0.09008559, -0.06837279]],
    "2023": [[-0.08778584, 0.00422137, 0.05828152], [-0.11006192, 0.11447237, 0.09015907]],
}
ADAM_W1 = {"2021": [1.63942428, -0.6268425, -0.54320974],
           "2023": [1.63937725, -0.62327448, -0.54308727]}  # fmt: skip
ADAM_VDW1 = {"2021": [-0.22012384, 0.22894474, 0.18031814],
             "2023": [-0.17557168, 0.00844275, 0.11656304]}  # fmt: skip
#: The 2021 notebook's Adam call (2023's test case carries these numbers).
ADAM_HYPER = (2, 0.02, 0.8, 0.888, 0.01)


def _published(version: str) -> str:
    """2019 printed the same test cases as 2021 tested."""
    return "2021" if version == "2019" else version


def _written(tmp_path: Path, version: str, path: str) -> types.ModuleType:
    (f,) = [f for f in files(LAB, version) if f.path == path]
    target = tmp_path / version / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f.text(LAB, version))
    return load(target)


# ------------------------------------------------------------------ the files
def test_the_files_of_each_version():
    paths = {v: [f.path for f in files(LAB, v)] for v in VERSIONS}
    assert paths["2019"] == ["opt_utils_v1a.py", "testCases.py"]
    assert paths["2021"] == ["opt_utils_v1a.py", "testCases.py", "public_tests.py"]
    assert paths["2023"] == ["opt_utils.py", "test_cases.py", "public_tests.py"]
    names = [n.name for n in files(LAB, "2023")[0].names]
    assert "update_parameters" not in names and "load_params_and_grads" in names


def test_test_cases_give_the_course_expected_outputs(tmp_path):
    mine = learner(tmp_path, CORRECT)
    for version in VERSIONS:
        cases = _written(tmp_path, version, CASES[version])
        v = _published(version)
        parameters, grads, learning_rate = cases.update_parameters_with_gd_test_case()
        new = mine.update_parameters_with_gd(parameters, grads, learning_rate)
        assert np.allclose(new["W1"], GD_W1[v], rtol=0, atol=1e-8), version
        assert np.allclose(new["b2"], GD_B2[v], rtol=0, atol=1e-8), version
        X, Y, size = cases.random_mini_batches_test_case()
        batches = mine.random_mini_batches(X, Y, size)
        assert [b[0].shape for b in batches] == [(12288, 64), (12288, 64), (12288, 20)]
        assert Y.dtype == bool
        v0 = mine.initialize_velocity(cases.initialize_velocity_test_case())
        assert v0["dW1"].shape == ((3, 2) if version == "2023" else (2, 3))
        parameters, v_new = mine.update_parameters_with_momentum(
            *cases.update_parameters_with_momentum_test_case(), beta=0.9, learning_rate=0.01
        )
        assert np.allclose(parameters["W1"], MOMENTUM_W1[v], rtol=0, atol=1e-8), version
        assert np.allclose(v_new["dW1"], MOMENTUM_VDW1[v], rtol=0, atol=1e-8), version
        _, s0 = mine.initialize_adam(cases.initialize_adam_test_case())
        assert s0["dW2"].shape == ((3, 2) if version == "2023" else (3, 3))
        case = cases.update_parameters_with_adam_test_case()
        if version == "2023":
            assert tuple(case[4:]) == ADAM_HYPER
            case = case[:4]
        parameters, v_new, *_ = mine.update_parameters_with_adam(*case, *ADAM_HYPER)
        assert np.allclose(parameters["W1"][0], ADAM_W1[v], rtol=0, atol=1e-8), version
        assert np.allclose(v_new["dW1"][0], ADAM_VDW1[v], rtol=0, atol=1e-8), version


def test_the_checks_published_cases_are_the_course_test_cases(tmp_path):
    """The check grades on the 2019/2021 test cases (W2 (3, 3)) as the notebook prints
    them: before this was fixed it drew W2 (2, 3), not the course's inputs."""
    from neuronlab.check.rows.optimization import GRADED

    rows = {g.name: g for g in GRADED}

    def same(a: dict, b: dict) -> bool:
        return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)

    for version in ("2021", "2023"):
        cases = _written(tmp_path, version, CASES[version])
        ours = {
            "update_parameters_with_gd": cases.update_parameters_with_gd_test_case(),
            "update_parameters_with_momentum": cases.update_parameters_with_momentum_test_case(),
            "update_parameters_with_adam": cases.update_parameters_with_adam_test_case(),
        }
        for name, (parameters, grads, *_) in ours.items():
            published = [c.args for c in rows[name].cases(np.random.RandomState(0)) if c.published]
            assert any(same(a[0], parameters) and same(a[1], grads) for a in published), (
                version,
                name,
            )


# ---------------------------------------------------------------- opt_utils
def test_opt_utils_helpers_are_the_labs(tmp_path, capsys, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    utils = _written(tmp_path, "2023", UTILS["2023"])
    W1, b1, W2, b2, dW1, db1, dW2, db2 = utils.load_params_and_grads()
    np.random.seed(1)
    assert np.array_equal(W1, np.random.randn(2, 3)) and W2.shape == dW2.shape == (3, 3)
    assert db2.shape == (3, 1)
    plt.figure()
    X, Y = utils.load_dataset()
    assert X.shape == (2, 300) and Y.shape == (1, 300) and plt.gca().collections
    parameters = utils.initialize_parameters([2, 5, 2, 1])
    np.random.seed(3)
    assert np.array_equal(parameters["W1"], np.random.randn(5, 2) * np.sqrt(2 / 2))
    a3, cache = utils.forward_propagation(X, parameters)
    cost = utils.compute_cost(a3, Y)
    assert np.isclose(cost, np.sum(-Y * np.log(a3) - (1 - Y) * np.log(1 - a3)))  # a sum
    grads = utils.backward_propagation(X, Y, cache)
    assert "dz3" in grads and np.allclose(grads["db3"], np.mean(a3 - Y, keepdims=True))
    p = utils.predict(X, Y, parameters)
    assert capsys.readouterr().out == f"Accuracy: {np.mean(p[0] == Y[0])}\n"
    shown = []
    monkeypatch.setattr(plt, "show", lambda: shown.append(True))
    utils.plot_decision_boundary(lambda x: utils.predict_dec(parameters, x.T), X, Y)
    assert shown
    plt.close("all")


# ------------------------------------------------------------------ public tests
@pytest.mark.parametrize("version", [pytest.param("2021", marks=pytest.mark.slow), "2023"])
def test_public_tests_pass_a_correct_function_with_the_versions_lines(version, tmp_path, capsys):
    tests = _written(tmp_path, version, "public_tests.py")
    mine = learner(tmp_path, CORRECT)
    lines = {
        "update_parameters_with_gd": OWN[version],
        "random_mini_batches": RUNNER,
        "initialize_velocity": RUNNER,
        "update_parameters_with_momentum": RUNNER,
        "initialize_adam": RUNNER,
        "update_parameters_with_adam": OWN[version],
        "update_lr": OWN[version],
        "schedule_lr_decay": OWN[version],
    }
    for name, line in lines.items():
        getattr(tests, f"{name}_test")(getattr(mine, name))
        assert capsys.readouterr().out == line, name


def test_public_test_fails_a_planted_mistake_with_the_diagnosis(tmp_path, capsys):
    tests = _written(tmp_path, "2023", "public_tests.py")
    mine = learner(tmp_path, CORRECT.replace(*WRONG_MOMENTUM), "wrong")
    with pytest.raises(AssertionError, match="update_parameters_with_momentum"):
        tests.update_parameters_with_momentum_test(mine.update_parameters_with_momentum)
    out = capsys.readouterr().out
    assert "momentum-formula" in out and "All tests passed" not in out


# ------------------------------------------------ a learner's notebook, run headless
def _imports(version: str) -> str:
    """The notebook's first cell (COURSE_FILES.md §1)."""
    if version == "2023":
        modules = "import math\nfrom opt_utils import *\nfrom test_cases import *\n"
        modules += "from public_tests import *"
    else:
        modules = (
            "import scipy.io\nimport math\nimport sklearn\nimport sklearn.datasets\n"
            "from opt_utils_v1a import load_params_and_grads, initialize_parameters, "
            "forward_propagation, backward_propagation\n"
            "from opt_utils_v1a import compute_cost, predict, predict_dec, "
            "plot_decision_boundary, load_dataset\n"
            "from testCases import *"
        )
    if version == "2021":
        modules = "from copy import deepcopy\n" + modules + "\nfrom public_tests import *"
    magics = "%matplotlib inline"
    if version != "2019":
        magics += "\n%load_ext autoreload\n%autoreload 2"
    return (
        "import numpy as np\nimport matplotlib.pyplot as plt\n"
        f"{modules}\n\n{magics}\nplt.rcParams['figure.figsize'] = (7.0, 4.0)"
    )


MODEL = """def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64,
          beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=5000, print_cost=True,
          decay=None, decay_rate=1):
    costs = []
    t = 0
    seed = 10
    m = X.shape[1]
    learning_rate0 = learning_rate
    parameters = initialize_parameters(layers_dims)
    if optimizer == "momentum":
        v = initialize_velocity(parameters)
    elif optimizer == "adam":
        v, s = initialize_adam(parameters)
    for i in range(num_epochs):
        seed = seed + 1
        minibatches = random_mini_batches(X, Y, mini_batch_size, seed)
        cost_total = 0
        for minibatch_X, minibatch_Y in minibatches:
            a3, caches = forward_propagation(minibatch_X, parameters)
            cost_total += compute_cost(a3, minibatch_Y)
            grads = backward_propagation(minibatch_X, minibatch_Y, caches)
            if optimizer == "gd":
                parameters = update_parameters_with_gd(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = update_parameters_with_momentum(parameters, grads, v, beta,
                                                                learning_rate)
            elif optimizer == "adam":
                t = t + 1
                parameters, v, s, *_ = update_parameters_with_adam(
                    parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
        cost_avg = cost_total / m
        if decay:
            learning_rate = decay(learning_rate0, i, decay_rate)
        if print_cost and i % 1000 == 0:
            print("Cost after epoch %i: %f" % (i, cost_avg))
            if decay:
                print("learning rate after epoch %i: %f" % (i, learning_rate))
        if print_cost and i % 100 == 0:
            costs.append(cost_avg)
    plt.plot(costs)
    plt.ylabel('cost')
    plt.xlabel('epochs (per 100)')
    plt.title("Learning rate = " + str(learning_rate))
    plt.show()
    return parameters"""

#: Epochs of each training run in the notebook (the course's 5000 take minutes here; the
#: cost printed at epoch 0 is the published one whatever the count).
EPOCHS = 20


def _run(title: str, arguments: str) -> str:
    return (
        "layers_dims = [train_X.shape[0], 5, 2, 1]\n"
        f"parameters = model(train_X, train_Y, layers_dims, {arguments}, num_epochs={EPOCHS})\n"
        "predictions = predict(train_X, train_Y, parameters)\n"
        f"plt.title({title!r})\naxes = plt.gca()\naxes.set_xlim([-1.5, 2.5])\n"
        "axes.set_ylim([-1, 1.5])\n"
        "plot_decision_boundary(lambda x: predict_dec(parameters, x.T), train_X, train_Y)"
    )


def _cell(code: str, name: str) -> str:
    """The source of the learner's function ``name`` in ``code``."""
    start = code.index(f"def {name}(")
    end = code.find("\n\n\ndef ", start)
    return code[start : end if end != -1 else None].strip()


def _print(*names: str) -> str:
    return "\n".join(f"print('{n} =\\n' + str({n}))" for n in names)


def notebook(version: str, code: str = CORRECT) -> list[str]:
    """The lab's notebook as a learner fills it in, in the course's order."""
    if version == "2019":
        code = code.replace(*ADAM_2019)

    def test(name: str) -> str:
        return "" if version == "2019" else f"\n{name}_test({name})"

    if version == "2023":
        adam = (
            "parametersi, grads, vi, si, t, learning_rate, beta1, beta2, epsilon = "
            "update_parameters_with_adam_test_case()\n"
        )
    else:
        adam = "parametersi, grads, vi, si = update_parameters_with_adam_test_case()\n"
        adam += "t, learning_rate, beta1, beta2, epsilon = 2, 0.02, 0.8, 0.888, 1e-2\n"
    out = "parameters, v, s" if version == "2019" else "parameters, v, s, vc, sc"
    adam += (
        f"{out} = update_parameters_with_adam(parametersi, grads, vi, si, t, learning_rate, "
        "beta1, beta2, epsilon)\n" + _print('parameters["W1"][0]', 'v["dW1"][0]')
    )
    cells = [
        _imports(version),
        _cell(code, "update_parameters_with_gd"),
        "parameters, grads, learning_rate = update_parameters_with_gd_test_case()\n"
        "learning_rate = 0.01\n"
        "parameters = update_parameters_with_gd(parameters, grads, learning_rate)\n"
        + _print('parameters["W1"]', 'parameters["b1"]', 'parameters["W2"]', 'parameters["b2"]')
        + test("update_parameters_with_gd"),
        _cell(code, "random_mini_batches"),
        "t_X, t_Y, mini_batch_size = random_mini_batches_test_case()\n"
        "mini_batches = random_mini_batches(t_X, t_Y, mini_batch_size)\n"
        'for i in range(3):\n    print("shape of mini_batch_X", i, str(mini_batches[i][0].shape))'
        + test("random_mini_batches"),
        _cell(code, "initialize_velocity"),
        "parameters = initialize_velocity_test_case()\nv = initialize_velocity(parameters)\n"
        + _print('v["dW1"]', 'v["db2"]') + test("initialize_velocity"),
        _cell(code, "update_parameters_with_momentum"),
        "parameters, grads, v = update_parameters_with_momentum_test_case()\n"
        "parameters, v = update_parameters_with_momentum(parameters, grads, v, beta=0.9, "
        "learning_rate=0.01)\n"
        + _print('parameters["W1"]', 'v["dW1"]') + test("update_parameters_with_momentum"),
        _cell(code, "initialize_adam"),
        "parameters = initialize_adam_test_case()\nv, s = initialize_adam(parameters)\n"
        + _print('v["dW1"]', 's["db2"]') + test("initialize_adam"),
        _cell(code, "update_parameters_with_adam"),
        adam + test("update_parameters_with_adam"),
        "train_X, train_Y = load_dataset()",
        MODEL,
        _run("Model with Gradient Descent optimization", 'optimizer="gd"'),
        _run("Model with Momentum optimization", 'beta=0.9, optimizer="momentum"'),
        _run("Model with Adam optimization", 'optimizer="adam"'),
    ]  # fmt: skip
    if version != "2019":
        cells += [
            _cell(code, "update_lr"),
            "learning_rate = 0.5\nprint('Original learning rate: ', learning_rate)\n"
            "learning_rate_2 = update_lr(learning_rate, 2, 1)\n"
            "print('Updated learning rate: ', learning_rate_2)" + test("update_lr"),
            _run("Gradient Descent with learning rate decay",
                 'optimizer="gd", learning_rate=0.1, decay=update_lr'),
            _cell(code, "schedule_lr_decay"),
            "learning_rate = 0.5\nprint('Original learning rate: ', learning_rate)\n"
            "learning_rate_2 = schedule_lr_decay(learning_rate, 100, 1, 100)\n"
            "print('Updated learning rate: ', learning_rate_2)" + test("schedule_lr_decay"),
            _run("Gradient Descent with scheduled learning rate decay",
                 'optimizer="gd", learning_rate=0.1, decay=schedule_lr_decay'),
        ]  # fmt: skip
    return cells


NAMES = {"2019": "Optimization_methods_v1b", "2021": "Optimization_methods",
         "2023": "a1_optimization_methods"}  # fmt: skip


def _flat(text: str) -> str:
    return " ".join(text.split())


def _array(rows: list) -> str:
    """How ``str()`` prints the course's expected array, whitespace flattened."""
    return _flat(str(np.array(rows)))


@pytest.mark.slow
@pytest.mark.parametrize("version", VERSIONS)
def test_a_learners_notebook_runs_headless_in_a_prepared_folder(version, tmp_path):
    kernel_or_skip()
    folder = tmp_path / "lab"
    start = time.perf_counter()
    assert main(["course", LAB, str(folder), "--version", version]) == 0
    prepared = time.perf_counter()
    cells = notebook(version)
    texts, error = run_notebook(folder, cells, NAMES[version])
    ran = time.perf_counter() - prepared
    print(f"{version}: folder {prepared - start:.2f} s, notebook {ran:.1f} s")
    assert error is None, error
    v = _published(version)
    gd, momentum = (
        (f'parameters["W1"] = {_array(GD_W1[v])}', f'parameters["b2"] = {_array(GD_B2[v])}'),
        (f'parameters["W1"] = {_array(MOMENTUM_W1[v])}', f'v["dW1"] = {_array(MOMENTUM_VDW1[v])}'),
    )
    adam = (f'parameters["W1"][0] = {_array(ADAM_W1[v])}', f'v["dW1"][0] = {_array(ADAM_VDW1[v])}')
    zeros = _array(np.zeros((3, 2) if version == "2023" else (2, 3)))
    checks = {
        2: gd,
        4: [f"shape of mini_batch_X {i} ({12288}, {n})" for i, n in enumerate((64, 64, 20))],
        6: [f'v["dW1"] = {zeros}'],
        8: momentum,
        10: ['s["db2"] = [[0.] [0.] [0.]]'],
        12: adam,
        # the published first costs of the three runs (REFERENCE.md §7)
        15: ["Cost after epoch 0: 0.702405", "Accuracy: "],
        16: ["Cost after epoch 0: 0.702413", "Accuracy: "],
        17: ["Cost after epoch 0: 0.702166", "Accuracy: "],
    }  # fmt: skip
    if version != "2019":
        checks |= {
            19: ["Updated learning rate: 0.16666666666666666"],
            20: ["Cost after epoch 0: 0.701091", "learning rate after epoch 0: 0.100000"],
            22: ["Updated learning rate: 0.25"],
            23: ["Cost after epoch 0: 0.701091"],
        }
    for i, expected in checks.items():
        for line in expected:
            assert line in _flat(texts[i]), (cells[i], texts[i], line)
    if version != "2019":
        passed = {2: OWN, 4: RUNNER, 6: RUNNER, 8: RUNNER, 10: RUNNER, 12: OWN, 19: OWN, 22: OWN}
        for i, line in passed.items():
            line = line if isinstance(line, str) else line[version]
            assert texts[i].endswith(line), (cells[i], texts[i])


@pytest.mark.slow
def test_a_planted_mistake_stops_the_notebook_at_its_test_cell(tmp_path):
    """The first graded cell's mistake (a step uphill), so that the run stays short."""
    kernel_or_skip()
    folder = tmp_path / "lab"
    assert main(["course", LAB, str(folder), "--version", "2021"]) == 0
    cells = notebook("2021", CORRECT.replace(*WRONG_GD))
    assert cells[1] != notebook("2021")[1] and cells[3:] == notebook("2021")[3:]
    texts, error = run_notebook(folder, cells, NAMES["2021"])
    assert error is not None and "AssertionError" in error
    assert "update_parameters_with_gd" in error
    assert "→ sign:" in texts[2] and "All test passed" not in texts[2]
    assert texts[3:] == [""] * (len(cells) - 3)  # nothing after it ran
