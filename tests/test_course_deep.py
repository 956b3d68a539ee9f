"""``neuronlab course deep`` (lab 3.3, the step-by-step notebook): ``dnn_utils`` (2019:
``dnn_utils_v2``), the test cases (``testCases_v4a`` / ``testCases`` / ``test_cases``) and
the public tests of 2021 and 2023 — the course's printed numbers on its own inputs, its
pass line, the check's diagnosis of a mistake, and a learner's notebook run headless."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from course_tools import kernel_or_skip, learner, load, run_notebook
from neuronlab.cli import main
from neuronlab.course import MARKER, files

#: The course's pass line of its test runners (COURSE_FILES §2).
PASSED = "\033[92m All tests passed.\n"
UTILS = {"2019": "dnn_utils_v2", "2021": "dnn_utils", "2023": "dnn_utils"}
CASES = {"2019": "testCases_v4a", "2021": "testCases", "2023": "test_cases"}
NOTEBOOK = {
    "2019": "Building_your_Deep_Neural_Network_Step_by_Step_v8a",
    "2021": "Building_your_Deep_Neural_Network_Step_by_Step",
    "2023": "a1_building_your_deep_neural_network_step_by_step",
}

# -------------------------------------------------------- a learner's functions (correct)
#: Written for these tests, one notebook cell each; ``sigmoid``, ``relu`` and their
#: backward steps come from the written ``dnn_utils``.
CORRECT = {
    "initialize_parameters": """
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": b1, "W2": W2, "b2": np.zeros((n_y, 1))}
""",
    "initialize_parameters_deep": """
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
""",
    "linear_forward": """
def linear_forward(A, W, b):
    Z = W @ A + b
    return Z, (A, W, b)
""",
    "linear_activation_forward": """
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = {"sigmoid": sigmoid, "relu": relu}[activation](Z)
    return A, (linear_cache, activation_cache)
""",
    "L_model_forward": """
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        activation = "relu" if l < L else "sigmoid"
        W, b = parameters["W" + str(l)], parameters["b" + str(l)]
        A, cache = linear_activation_forward(A, W, b, activation)
        caches.append(cache)
    return A, caches
""",
    "compute_cost": """
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -(Y @ np.log(AL).T + (1 - Y) @ np.log(1 - AL).T) / m
    return np.squeeze(cost)
""",
    "linear_backward": """
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return W.T @ dZ, dW, db
""",
    "linear_activation_backward": """
def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    return linear_backward(dZ, linear_cache)
""",
    "L_model_backward": """
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    for l in range(L, 0, -1):
        activation = "sigmoid" if l == L else "relu"
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], activation)
        grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = dA, dW, db
    return grads
""",
    "update_parameters": """
def update_parameters(params, grads, learning_rate):
    parameters = {key: value.copy() for key, value in params.items()}
    for l in range(1, len(parameters) // 2 + 1):
        parameters["W" + str(l)] -= learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] -= learning_rate * grads["db" + str(l)]
    return parameters
""",
}
#: Planted mistakes: (function, the correct line, the wrong one, the check's diagnosis).
MISTAKES = {
    "initialize_parameters_deep": (  # the application's start in the step-by-step lab
        "* 0.01",
        "/ np.sqrt(layer_dims[l - 1])",
        "init-scale",
    ),
    "linear_backward": (
        "np.sum(dZ, axis=1, keepdims=True) / m",
        "np.sum(dZ, axis=1) / m",
        "keepdims",
    ),
    "L_model_backward": (
        "dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
        "dA = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)",
        "sign",
    ),
    "linear_activation_forward": (
        '{"sigmoid": sigmoid, "relu": relu}',
        '{"sigmoid": relu, "relu": sigmoid}',
        "wrong-activation",
    ),
}


def _with(function: str) -> dict[str, str]:
    """The learner's functions with ``function``'s planted mistake."""
    right, wrong, _ = MISTAKES[function]
    assert right in CORRECT[function]
    return {**CORRECT, function: CORRECT[function].replace(right, wrong, 1)}


# ------------------------------------------------- what the course prints (COURSE_FILES §4)
A = np.array
INIT = [A([[0.01624345, -0.00611756, -0.00528172], [-0.01072969, 0.00865408, -0.02301539]]),
        A([[0.0], [0.0]]), A([[0.01744812, -0.00761207]]), A([[0.0]])]  # fmt: skip
INIT_2023 = [
    A([[0.01624345, -0.00611756, -0.00528172, -0.01072969],
       [0.00865408, -0.02301539, 0.01744812, -0.00761207],
       [0.00319039, -0.0024937, 0.01462108, -0.02060141]]),
    A([[0.0], [0.0], [0.0]]),
    A([[-0.00322417, -0.00384054, 0.01133769], [-0.01099891, -0.00172428, -0.00877858]]),
    A([[0.0], [0.0]]),
]  # fmt: skip
DEEP = [
    A([[0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
       [-0.00354759, -0.00082741, -0.00627001, -0.00043818, -0.00477218],
       [-0.01313865, 0.00884622, 0.00881318, 0.01709573, 0.00050034],
       [-0.00404677, -0.0054536, -0.01546477, 0.00982367, -0.01101068]]),
    np.zeros((4, 1)),
    A([[-0.01185047, -0.0020565, 0.01486148, 0.00236716],
       [-0.01023785, -0.00712993, 0.00625245, -0.00160513],
       [-0.00768836, -0.00230031, 0.00745056, 0.01976111]]),
    np.zeros((3, 1)),
]  # fmt: skip
DEEP_2023 = [
    A([[0.01788628, 0.0043651, 0.00096497, -0.01863493],
       [-0.00277388, -0.00354759, -0.00082741, -0.00627001],
       [-0.00043818, -0.00477218, -0.01313865, 0.00884622]]),
    np.zeros((3, 1)),
    A([[0.00881318, 0.01709573, 0.00050034], [-0.00404677, -0.0054536, -0.01546477]]),
    np.zeros((2, 1)),
]  # fmt: skip
Z = A([[3.26295337, -1.23429987]])
A_SIGMOID, A_RELU = A([[0.96890023, 0.11013289]]), A([[3.43896131, 0.0]])
AL = A([[0.03921668, 0.70498921, 0.19734387, 0.04728177]])
COST = A(0.27977656)
LINEAR_BACKWARD = [
    A([[-1.15171336, 0.06718465, -0.3204696, 2.09812712],
       [0.60345879, -3.72508701, 5.81700741, -3.84326836],
       [-0.4319552, -1.30987417, 1.72354705, 0.05070578],
       [-0.38981415, 0.60811244, -1.25938424, 1.47191593],
       [-2.52214926, 2.67882552, -0.67947465, 1.48119548]]),
    A([[0.07313866, -0.0976715, -0.87585828, 0.73763362, 0.00785716],
       [0.85508818, 0.37530413, -0.59912655, 0.71278189, -0.58931808],
       [0.97913304, -0.24376494, -0.08839671, 0.55151192, -0.10290907]]),
    A([[-0.14713786], [-0.11313155], [-0.13209101]]),
]  # fmt: skip
ACTIVATION_BACKWARD = [
    A([[0.11017994, 0.01105339], [0.09466817, 0.00949723], [-0.05743092, -0.00576154]]),
    A([[0.10266786, 0.09778551, -0.01968084]]),
    A([[-0.05729622]]),
    A([[0.44090989, 0.0], [0.37883606, 0.0], [-0.2298228, 0.0]]),
    A([[0.44513824, 0.37371418, -0.10478989]]),
    A([[-0.20837892]]),
]
GRADS = {
    "dA1": A([[0.12913162, -0.44014127], [-0.14175655, 0.48317296], [0.01663708, -0.05670698]]),
    "dW2": A([[-0.39202432, -0.13325855, -0.04601089]]),
    "db2": A([[0.15187861]]),
    "dA0": A([[0.0, 0.52257901], [0.0, -0.3269206], [0.0, -0.32070404], [0.0, -0.74079187]]),
    "dW1": A([[0.41010002, 0.07807203, 0.13798444, 0.10502167], [0.0, 0.0, 0.0, 0.0],
              [0.05283652, 0.01005865, 0.01777766, 0.0135308]]),
    "db1": A([[-0.22007063], [0.0], [-0.02835349]]),
}  # fmt: skip
UPDATED = [
    A([[-0.59562069, -0.09991781, -2.14584584, 1.82662008],
       [-1.76569676, -0.80627147, 0.51115557, -1.18258802],
       [-1.0535704, -0.86128581, 0.68284052, 2.20374577]]),
    A([[-0.04659241], [-1.28888275], [0.53405496]]),
    A([[-0.55569196, 0.0354055, 1.32964895]]),
    A([[-0.84610769]]),
]  # fmt: skip

#: A number as NumPy and Python print it (``0.``, ``-1.23``, ``1e-05``), in plain text.
_NUMBER = re.compile(r"-?\d+\.\d*(?:e[-+]\d+)?")


def printed_numbers(text: str) -> np.ndarray:
    """Every decimal number in ``text`` (colour codes and integers such as ``W1`` skipped)."""
    return np.array([float(x) for x in _NUMBER.findall(re.sub(r"\033\[\d+m", "", text))])


def assert_prints(text: str, expected: list[np.ndarray]) -> None:
    """``text`` prints exactly the numbers of ``expected``, in order, to the 8 decimals
    NumPy shows (the course's Expected Output has the same 8)."""
    got = printed_numbers(text)
    want = np.concatenate([np.ravel(e) for e in expected]) if expected else np.empty(0)
    assert got.shape == want.shape, (text, want)
    assert np.allclose(got, want, rtol=0, atol=1e-8), (text, want)


# --------------------------------------------------------------------------- fixtures
@pytest.fixture
def folder(tmp_path, monkeypatch, capsys):
    """``folder(version)``: a notebook folder made by ``neuronlab course deep``, the working
    directory (the check's child process imports ``dnn_utils`` from there, as in a
    notebook), with its modules importable."""

    def make(version: str) -> Path:
        nb = tmp_path / f"nb{version}"
        assert main(["course", "deep", str(nb), "--version", version]) == 0
        n = len(files("deep", version))
        assert f"{n} of {n} files in place" in capsys.readouterr().out
        monkeypatch.chdir(nb)
        monkeypatch.syspath_prepend(str(nb))
        return nb

    yield make
    for name in ("dnn_utils", "dnn_utils_v2"):  # the next folder's, not this one's
        sys.modules.pop(name, None)


def _mine(nb: Path, version: str, functions: dict[str, str], name: str = "mine"):
    imports = f"from {UTILS[version]} import sigmoid, sigmoid_backward, relu, relu_backward\n"
    return learner(nb, imports + "\n".join(functions.values()), name)


# -------------------------------------------------------------------- the written files
def test_the_files_of_each_version():
    paths = {v: [f.path for f in files("deep", v)] for v in ("2019", "2021", "2023")}
    assert paths == {
        "2019": ["dnn_utils_v2.py", "testCases_v4a.py"],
        "2021": ["dnn_utils.py", "testCases.py", "public_tests.py", "test_utils.py"],
        "2023": ["dnn_utils.py", "test_cases.py", "public_tests.py"],
    }
    tests = {v: [n.name for f in files("deep", v) if f.path == "public_tests.py" for n in f.names]
             for v in ("2021", "2023")}  # fmt: skip
    assert tests["2021"] == [f"{f}_test" for f in CORRECT]
    assert tests["2023"][:4] == ["initialize_parameters_test_1", "initialize_parameters_test_2",
                                 "initialize_parameters_deep_test_1",
                                 "initialize_parameters_deep_test_2"]  # fmt: skip
    assert tests["2023"][4:] == tests["2021"][2:] and len(tests["2023"]) == 12
    for v in ("2019", "2021", "2023"):
        for f in files("deep", v):
            assert f.data is None and f.text("deep", v).startswith(MARKER)


def test_by_number_without_any_data(tmp_path, no_data, capsys):
    """3.3 is this notebook's number; it reads no data file, so no data folder is needed."""
    nb = tmp_path / "nb"
    assert main(["course", "3.3", str(nb), "--version", "2019"]) == 0
    assert sorted(p.name for p in nb.iterdir() if not p.name.startswith(".")) == [
        "dnn_utils_v2.py", "testCases_v4a.py"]  # fmt: skip
    assert main(["course", "cats", str(tmp_path / "other")]) == 2
    assert "(or 3.1, 3.2, 3.3" in capsys.readouterr().err  # more labs may follow


def test_dnn_utils_keep_the_labs_cache_layout(folder):
    utils = load(folder("2019") / "dnn_utils_v2.py")
    Zin = np.array([[-2.0, 0.0, 0.5], [3.0, -0.1, 40.0]])
    A, cache = utils.sigmoid(Zin)
    assert cache is not None and np.array_equal(cache, Zin)
    assert np.allclose(A, 1 / (1 + np.exp(-Zin)))
    A, cache = utils.relu(Zin)
    assert np.array_equal(A, np.maximum(0, Zin)) and np.array_equal(cache, Zin)
    dA = np.arange(1.0, 7.0).reshape(2, 3)
    before = dA.copy()
    dZ = utils.relu_backward(dA, Zin)
    assert np.array_equal(dZ, [[0.0, 0.0, 3.0], [4.0, 0.0, 6.0]])  # Z = 0 gives 0 too
    assert np.array_equal(dA, before)  # a copy: the learner's dA is left alone
    s = 1 / (1 + np.exp(-Zin))
    assert np.allclose(utils.sigmoid_backward(dA, Zin), dA * s * (1 - s))
    assert np.array_equal(dA, before)


@pytest.mark.parametrize("version", ["2019", "2021", "2023"])
def test_test_cases_give_the_course_expected_outputs(version, folder, capsys):
    nb = folder(version)
    cases = load(nb / f"{CASES[version]}.py")
    mine = _mine(nb, version, CORRECT)
    np.random.seed(0)  # the test cases seed NumPy themselves, as the course's do
    Zc, cache = mine.linear_forward(*cases.linear_forward_test_case())
    assert np.allclose(Zc, Z) and len(cache) == 3
    args = cases.linear_activation_forward_test_case()
    assert np.allclose(mine.linear_activation_forward(*args, "sigmoid")[0], A_SIGMOID)
    assert np.allclose(mine.linear_activation_forward(*args, "relu")[0], A_RELU)
    X, parameters = cases.L_model_forward_test_case()  # no published output: its recipe
    seed1 = np.random.RandomState(1)
    assert np.array_equal(X, seed1.randn(4, 2)) and list(parameters) == ["W1", "b1", "W2", "b2"]
    for key, shape in zip(parameters, [(3, 4), (3, 1), (1, 3), (1, 1)]):
        assert np.array_equal(parameters[key], seed1.randn(*shape)), key
    AL_got, caches = mine.L_model_forward(*cases.L_model_forward_test_case_2hidden())
    assert np.allclose(AL_got, AL) and len(caches) == 3
    Y, aL = cases.compute_cost_test_case()  # labels first, as in the course
    assert Y.dtype.kind == "i" and np.allclose(mine.compute_cost(aL, Y), COST)
    got = mine.linear_backward(*cases.linear_backward_test_case())
    assert all(np.allclose(g, e) for g, e in zip(got, LINEAR_BACKWARD, strict=True))
    dA, lac = cases.linear_activation_backward_test_case()
    got = [*mine.linear_activation_backward(dA, lac, "sigmoid"),
           *mine.linear_activation_backward(dA, lac, "relu")]  # fmt: skip
    assert all(np.allclose(g, e) for g, e in zip(got, ACTIVATION_BACKWARD, strict=True))
    grads = mine.L_model_backward(*cases.L_model_backward_test_case())
    assert sorted(grads) == sorted(GRADS)
    assert all(np.allclose(grads[k], GRADS[k]) for k in GRADS)
    capsys.readouterr()
    cases.print_grads(grads)
    out = capsys.readouterr().out
    assert out.startswith("dW1 = [[0.41010002 0.07807203 0.13798444 0.10502167]")
    assert_prints(out, [GRADS["dW1"], GRADS["db1"], GRADS["dA1"]])
    params, g = cases.update_parameters_test_case()
    new = mine.update_parameters(params, g, 0.1)
    assert all(np.allclose(new[k], e) for k, e in zip(("W1", "b1", "W2", "b2"), UPDATED))


# ------------------------------------------------------------------------- public tests
def test_public_tests_pass_correct_functions_with_the_course_pass_line(folder, capsys):
    nb = folder("2021")
    tests = load(nb / "public_tests.py")
    mine = _mine(nb, "2021", CORRECT)
    for name in CORRECT:
        getattr(tests, f"{name}_test")(getattr(mine, name))
    assert capsys.readouterr().out == PASSED * len(CORRECT)


def test_2023_tests_both_initialisers_twice(folder, capsys):
    nb = folder("2023")
    tests = load(nb / "public_tests.py")
    mine = _mine(nb, "2023", CORRECT)
    tests.initialize_parameters_test_1(mine.initialize_parameters)
    tests.initialize_parameters_test_2(mine.initialize_parameters)
    tests.initialize_parameters_deep_test_2(mine.initialize_parameters_deep)
    assert capsys.readouterr().out == PASSED * 3
    mine = _mine(nb, "2023", _with("initialize_parameters_deep"), "wrong_init")
    with pytest.raises(AssertionError, match="initialize_parameters_deep"):
        tests.initialize_parameters_deep_test_1(mine.initialize_parameters_deep)
    out = capsys.readouterr().out
    assert "init-scale" in out and "All tests passed" not in out


@pytest.mark.parametrize("function", list(MISTAKES))
def test_a_planted_mistake_fails_with_the_diagnosis(function, folder, capsys):
    nb = folder("2021")
    tests = load(nb / "public_tests.py")
    mine = _mine(nb, "2021", _with(function), f"wrong_{function}")
    with pytest.raises(AssertionError, match=f"Not all tests were passed for {function}"):
        getattr(tests, f"{function}_test")(getattr(mine, function))
    out = capsys.readouterr().out
    assert MISTAKES[function][2] in out and "All tests passed" not in out, out


# -------------------------------------------------- a learner's notebook, run headless
def notebook(version: str, functions: dict[str, str] = CORRECT) -> list[tuple[str, list]]:
    """The notebook's cells in the course's layout for ``version``: ``(source, what the
    cell prints)`` — the expected numbers, in order (a definition cell prints none)."""
    utils, cases = UTILS[version], CASES[version]
    if version == "2023":
        head = [f"from {utils} import *", f"from {cases} import *", "from public_tests import *",
                "import copy"]  # fmt: skip
    else:
        head = [f"from {cases} import *",
                f"from {utils} import sigmoid, sigmoid_backward, relu, relu_backward"]  # fmt: skip
        head += ["from public_tests import *"] if version == "2021" else []
    magics = "%matplotlib inline" + ("" if version == "2019" else "\n%load_ext autoreload\n"
                                     "%autoreload 2")  # fmt: skip
    h5py = [] if version == "2023" else ["import h5py"]  # 2023's imports copy instead
    imports = "\n".join(["import numpy as np", *h5py, "import matplotlib.pyplot as plt",
                         *head, magics,
                         "plt.rcParams['figure.figsize'] = (5.0, 4.0)",
                         "np.random.seed(1)"])  # fmt: skip

    def test(name: str, suffix: str = "") -> str:
        return "" if version == "2019" else f"\n{name}_test{suffix}({name})"

    def show(var: str, keys: str) -> str:
        return "".join(f'\nprint("{k} = " + str({var}["{k}"]))' for k in keys.split())

    if version == "2023":
        init = ("parameters = initialize_parameters(3, 2, 1)" + show("parameters", "W1 b1 W2 b2")
                + test("initialize_parameters", "_1")
                + "\nparameters = initialize_parameters(4, 3, 2)"
                + show("parameters", "W1 b1 W2 b2") + test("initialize_parameters", "_2"),
                INIT + INIT_2023)  # fmt: skip
        deep = ("parameters = initialize_parameters_deep([5, 4, 3])"
                + show("parameters", "W1 b1 W2 b2") + test("initialize_parameters_deep", "_1")
                + "\nparameters = initialize_parameters_deep([4, 3, 2])"
                + show("parameters", "W1 b1 W2 b2") + test("initialize_parameters_deep", "_2"),
                DEEP + DEEP_2023)  # fmt: skip
    else:
        init = ("parameters = initialize_parameters(3, 2, 1)" + show("parameters", "W1 b1 W2 b2")
                + test("initialize_parameters"), INIT)  # fmt: skip
        deep = ("parameters = initialize_parameters_deep([5, 4, 3])"
                + show("parameters", "W1 b1 W2 b2") + test("initialize_parameters_deep"),
                DEEP)  # fmt: skip
    if version == "2019":
        backward = ("print_grads(grads)", [GRADS["dW1"], GRADS["db1"], GRADS["dA1"]])
    else:
        keys = "dA0 dA1 dW1 dW2 db1 db2"
        backward = (show("grads", keys).lstrip("\n"), [GRADS[k] for k in keys.split()])
    cells: list[tuple[str, list]] = [
        (imports, []),
        (functions["initialize_parameters"], []),
        init,
        (functions["initialize_parameters_deep"], []),
        deep,
        (functions["linear_forward"], []),
        ("t_A, t_W, t_b = linear_forward_test_case()\nt_Z, t_linear_cache = linear_forward(t_A, "
         't_W, t_b)\nprint("Z = " + str(t_Z))' + test("linear_forward"), [Z]),
        (functions["linear_activation_forward"], []),
        ("t_A_prev, t_W, t_b = linear_activation_forward_test_case()\n"
         't_A, t_cache = linear_activation_forward(t_A_prev, t_W, t_b, activation="sigmoid")\n'
         'print("With sigmoid: A = " + str(t_A))\n'
         't_A, t_cache = linear_activation_forward(t_A_prev, t_W, t_b, activation="relu")\n'
         'print("With ReLU: A = " + str(t_A))' + test("linear_activation_forward"),
         [A_SIGMOID, A_RELU]),
        (functions["L_model_forward"], []),
        ("t_X, t_parameters = L_model_forward_test_case_2hidden()\n"
         "t_AL, t_caches = L_model_forward(t_X, t_parameters)\n"
         'print("AL = " + str(t_AL))' + test("L_model_forward"), [AL]),
        (functions["compute_cost"], []),
        ("t_Y, t_AL = compute_cost_test_case()\nt_cost = compute_cost(t_AL, t_Y)\n"
         'print("Cost: " + str(t_cost))' + test("compute_cost"), [COST]),
        (functions["linear_backward"], []),
        ("t_dZ, t_linear_cache = linear_backward_test_case()\n"
         "t_dA_prev, t_dW, t_db = linear_backward(t_dZ, t_linear_cache)\n"
         'print("dA_prev: " + str(t_dA_prev))\nprint("dW: " + str(t_dW))\n'
         'print("db: " + str(t_db))' + test("linear_backward"), LINEAR_BACKWARD),
        (functions["linear_activation_backward"], []),
        ("t_dAL, t_cache = linear_activation_backward_test_case()\n"
         + "".join(f't_dA_prev, t_dW, t_db = linear_activation_backward(t_dAL, t_cache, '
                   f'activation="{act}")\nprint("With {act}: dA_prev = " + str(t_dA_prev))\n'
                   'print("dW = " + str(t_dW))\nprint("db = " + str(t_db))\n'
                   for act in ("sigmoid", "relu"))
         + test("linear_activation_backward").lstrip("\n"), ACTIVATION_BACKWARD),
        (functions["L_model_backward"], []),
        ("t_AL, t_Y_assess, t_caches = L_model_backward_test_case()\n"
         "grads = L_model_backward(t_AL, t_Y_assess, t_caches)\n" + backward[0]
         + test("L_model_backward"), backward[1]),
        (functions["update_parameters"], []),
        ("t_parameters, grads = update_parameters_test_case()\n"
         "t_parameters = update_parameters(t_parameters, grads, 0.1)"
         + show("t_parameters", "W1 b1 W2 b2") + test("update_parameters"), UPDATED),
    ]  # fmt: skip
    return cells


def _passes(version: str, source: str) -> int:
    """How many pass lines a cell prints: one per public test it calls."""
    return 0 if version == "2019" else len(re.findall(r"_test(?:_\d)?\(", source))


def _run(version: str, folder, functions=CORRECT):
    kernel_or_skip()
    nb = folder(version)
    cells = notebook(version, functions)
    start = time.perf_counter()
    texts, error = run_notebook(nb, [c for c, _ in cells], NOTEBOOK[version])
    return cells, texts, error, time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.parametrize("version", ["2019", "2021", "2023"])
def test_a_learners_notebook_runs_headless_in_a_prepared_folder(version, folder):
    cells, texts, error, seconds = _run(version, folder)
    assert error is None, error
    tests = 0
    for (source, expected), text in zip(cells, texts, strict=True):
        passes = _passes(version, source)
        tests += passes
        assert text.count(PASSED) == passes, (source, text)
        assert_prints(text, expected)
    assert tests == {"2019": 0, "2021": 10, "2023": 12}[version]
    print(f"deep {version} notebook: {seconds:.1f} s")


@pytest.mark.slow
def test_a_planted_mistake_stops_the_notebook_at_its_test_cell(folder):
    cells, texts, error, _ = _run("2023", folder, _with("initialize_parameters_deep"))
    assert error is not None and "AssertionError" in error
    assert "Not all tests were passed for initialize_parameters_deep" in error
    at = next(i for i, (c, _) in enumerate(cells) if "initialize_parameters_deep_test_1(" in c)
    assert "init-scale" in texts[at] and "All tests passed" not in texts[at]
    assert all(t.count(PASSED) == _passes("2023", c) for (c, _), t in zip(cells[:at], texts))
    assert texts[at + 1 :] == [""] * (len(cells) - at - 1)  # nothing after it ran
