"""``neuronlab course``: a notebook's folder gets the course's helper modules, public tests
and data files — neuronlab's own modules, under the course's names — and a learner's
own files are never written over (issue 16, first increment: logistic_regression, planar)."""

from __future__ import annotations

import ast
import hashlib
import itertools
import re
import types
from pathlib import Path

import numpy as np
import pytest

from course_tools import (
    kernel_or_skip,
    learner,
    learner_defs,
    load,
    run_notebook,
    state,
)
from neuronlab.cli import main
from neuronlab.course import LABS, MANIFEST, MARKER, VERSIONS, files

LAB_VERSIONS = [(lab, v) for lab in LABS for v in LABS[lab].versions]
#: What no written file may use: removed from SciPy, NumPy or Pillow.
REMOVED_APIS = ("scipy.misc", "ndimage.imread", "imresize", "np.int,", "np.int)", "np.float)",
                "np.float,", "np.int ", "np.float ", "ANTIALIAS")  # fmt: skip


# ------------------------------------------------------------------ the command
BAD: list[tuple[str, list[str]]] = [
    ("course", ["LAB and DIR"]),
    ("course planar", ["LAB and DIR"]),
    ("course cats out", ["LAB", "'cats'", "logistic_regression"]),
    ("course 3.8 out", ["LAB", "'digits'", "optimization"]),
    ("course planar out --version 2020", ["--version", "'2020'", "2019"]),
    ("course planar out --data-dir nowhere", ["--data-dir", "nowhere"]),
    ("course planar notes.txt", ["DIR", "notes.txt", "is a file"]),
    ("course planar none/out", ["DIR", "does not exist"]),
    ("course logistic_regression out", ["train_catvnoncat.h5", "looked in", "NEURONLAB_DATA"]),
    ("course --list planar", ["--list", "takes no LAB"]),
]


@pytest.mark.parametrize(("command", "fragments"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    command, fragments, tmp_path, no_data, capsys, monkeypatch
):
    (tmp_path / "notes.txt").write_text("mine\n")
    (tmp_path / "manifest-less").mkdir()
    monkeypatch.chdir(tmp_path)
    before = state(tmp_path)
    code = main(command.split())
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == "", out  # not a version line before the refusal
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("neuronlab: error: "), err
    for fragment in fragments:
        assert fragment in err, (fragment, err)
    assert state(tmp_path) == before
    assert not (tmp_path / "out").exists()


def test_a_manifest_that_is_not_neuronlabs_is_refused(tmp_path, capsys):
    (tmp_path / MANIFEST).write_text("my notes\n")
    before = state(tmp_path)
    assert main(["course", "planar", str(tmp_path)]) == 2
    assert "not neuronlab's record" in capsys.readouterr().err
    assert state(tmp_path) == before


def test_list_shows_every_lab_version_and_file(capsys):
    assert main(["course", "--list"]) == 0
    out = capsys.readouterr().out
    for lab, version in LAB_VERSIONS:
        assert lab in out and f"{version}: " in out
        for f in files(lab, version):
            assert f.path in out
    assert "testCases_v2.py" in out and "test_cases.py" in out and "datasets/train.h5" in out
    assert "not yet" not in out  # every lab of the course is covered


def test_lab_by_number_writes_the_planar_files(tmp_path, no_data, capsys):
    assert main(["course", "3.2", str(tmp_path / "nb"), "--version", "2021"]) == 0
    out = capsys.readouterr().out
    written = sorted(p.name for p in (tmp_path / "nb").iterdir())
    assert written == sorted(
        [MANIFEST, "planar_utils.py", "testCases_v2.py", "public_tests.py", "test_utils.py"]
    )
    assert "4 of 4 files in place" in out


# ------------------------------------------------------------- the written modules
@pytest.mark.parametrize(("lab", "version"), LAB_VERSIONS)
def test_written_modules_are_marked_import_and_use_no_removed_api(lab, version, tmp_path):
    for f in files(lab, version):
        if f.data is not None:
            assert f.path.startswith("datasets/")
            continue
        text = f.text(lab, version)
        assert text.startswith(MARKER)
        for removed in REMOVED_APIS:
            assert removed not in text, (f.path, removed)
        path = tmp_path / version / f.path
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        module = load(path)
        for n in f.names:
            assert callable(getattr(module, n.name)), n.name
            assert not n.name.startswith("_")


def test_the_versions_differ_where_the_course_does():
    def names(lab, version, path):
        return [n.name for f in files(lab, version) if f.path == path for n in f.names]

    assert names("logistic_regression", "2019", "public_tests.py") == []
    assert names("logistic_regression", "2023", "public_tests.py")[:2] == [
        "dataset_test", "reshape_test"]  # fmt: skip
    assert "model_accuracy" in names("planar", "2023", "planar_utils.py")
    assert "model_accuracy" not in names("planar", "2021", "planar_utils.py")
    assert [f.path for f in files("planar", "2019")] == ["planar_utils.py", "testCases_v2.py"]
    assert {f.path for f in files("logistic_regression", "2023") if f.data} == {
        "datasets/train.h5", "datasets/test.h5"}  # fmt: skip


# --------------------------------------------------------- planar: helpers and cases
def _written(tmp_path: Path, lab: str, version: str, path: str) -> types.ModuleType:
    (f,) = [f for f in files(lab, version) if f.path == path]
    target = tmp_path / version / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f.text(lab, version))
    return load(target)


def _course_flowerstate() -> dict:
    """NumPy's global state after the course's load_planar_dataset (COURSE_FILES §3)."""
    np.random.seed(1)
    for _ in range(2):
        np.random.randn(200)  # the angles' noise
        np.random.randn(200)  # the radii's
    return np.random.get_state()


def test_planar_utils(tmp_path):
    utils = _written(tmp_path, "planar", "2023", "planar_utils.py")
    np.random.seed(123)
    X, Y = utils.load_planar_dataset()
    after = np.random.get_state()
    assert X.shape == (2, 400) and Y.shape == (1, 400) and Y.dtype == np.uint8
    assert int(Y.sum()) == 200
    expected = _course_flowerstate()
    assert all(np.array_equal(a, b) for a, b in zip(after, expected))
    assert np.allclose(utils.sigmoid(np.array([[0.0, 2.0]])), [[0.5, 0.88079708]])
    assert utils.model_accuracy(np.array([[1, 0, 1, 1]]), np.array([[1, 1, 1, 1]])) == 75.0
    extra = utils.load_extra_datasets()
    assert len(extra) == 5 and all(x.shape == (200, 2) for x, _ in extra)


def test_plot_decision_boundary_calls_the_model_on_rows_and_draws_on_the_current_axes(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    utils = _written(tmp_path, "planar", "2021", "planar_utils.py")
    X, Y = utils.load_planar_dataset()
    shapes = []

    def model(points):
        shapes.append(points.shape)
        return (points[:, 0] > 0).astype(int)

    plt.figure()
    utils.plot_decision_boundary(model, X, Y)
    plt.title("mine")
    ax = plt.gca()
    assert shapes and shapes[0][1] == 2  # points as rows
    assert ax.get_title() == "mine" and ax.collections  # the regions and the points
    plt.close("all")


#: The course's expected outputs for its test-case inputs (COURSE_FILES.md §4, planar
#: public tests): our test cases fed to neuronlab's functions must give them.
def test_planar_test_cases_give_the_course_expected_outputs(tmp_path):
    from neuronlab.labs import planar

    for version, path in (("2019", "testCases_v2.py"), ("2021", "testCases_v2.py"),
                          ("2023", "test_cases.py")):  # fmt: skip
        cases = _written(tmp_path, "planar", version, path)
        X, Y = cases.layer_sizes_test_case()
        assert planar.layer_sizes(X, Y) == (5, 4, 2)
        assert cases.initialize_parameters_test_case() == (2, 4, 1)
        A2, cache = planar.forward_propagation(*cases.forward_propagation_test_case())
        assert np.allclose(A2, [[0.21292656, 0.21274673, 0.21295976]])
        cost_case = cases.compute_cost_test_case()
        assert len(cost_case) == (3 if version == "2019" else 2)
        assert np.allclose(cost_case[0], [[0.5002307, 0.49985831, 0.50023963]])
        assert cost_case[1].dtype == bool and cost_case[1].shape == (1, 3)
        parameters, grads = cases.update_parameters_test_case()
        new = planar.update_parameters(parameters, grads)
        assert np.allclose(new["W2"], [[-0.01041081, -0.04463285, 0.01758031, 0.04747113]])
        assert np.allclose(new["b2"], [[0.00010457]])
        p, X = cases.predict_test_case()
        assert np.array_equal(planar.predict(p, X), [[True, False, True]])
        grads = planar.backward_propagation(*cases.backward_propagation_test_case())
        assert grads["dW1"].shape == (4, 2) and grads["db2"].shape == (1, 1)
        X, Y = cases.nn_model_test_case()
        assert X.shape == ((2, 4) if version == "2023" else (2, 3)) and Y.dtype == bool
    p = planar.nn_model(X, Y, 4, num_iterations=10000)  # 2023's case: its published weights
    assert np.allclose(p["W2"], [[2.82545815, -3.3063945, -3.16116615, 1.8549574]], atol=1e-6)


# ------------------------------------------------------------------ public tests
CORRECT_PLANAR = """
def compute_cost(A2, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m)

def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = np.dot(dZ2, cache["A1"].T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(parameters["W2"].T, dZ2) * (1 - cache["A1"] ** 2)
    return {"dW1": np.dot(dZ1, X.T) / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": dW2, "db2": db2}
"""


def test_public_test_passes_a_correct_function_with_the_course_pass_line(tmp_path, capsys):
    tests = _written(tmp_path, "planar", "2021", "public_tests.py")
    mine = learner(tmp_path, CORRECT_PLANAR)
    tests.compute_cost_test(mine.compute_cost)
    tests.backward_propagation_test(mine.backward_propagation)
    assert capsys.readouterr().out == "\033[92mAll tests passed!\n" * 2


def test_public_test_fails_a_planted_mistake_with_the_diagnosis(tmp_path, capsys):
    tests = _written(tmp_path, "planar", "2023", "public_tests.py")
    wrong = CORRECT_PLANAR.replace('"db1": np.sum(dZ1, axis=1, keepdims=True) / m',
                                   '"db1": np.sum(dZ1, axis=1) / m')  # fmt: skip
    mine = learner(tmp_path, wrong, "wrong")
    with pytest.raises(AssertionError, match="backward_propagation"):
        tests.backward_propagation_test(mine.backward_propagation)
    out = capsys.readouterr().out
    assert "keepdims" in out and "db1" in out and "All tests passed" not in out


def test_lr_public_tests_pass_lines_and_a_wrong_name(tmp_path, capsys):
    tests = _written(tmp_path, "logistic_regression", "2021", "public_tests.py")
    mine = learner(tmp_path, """
        def initialize_with_zeros(dim):
            return np.zeros((dim, 1)), 0.0

        def my_sigmoid(z):
            return 1 / (1 + np.exp(-z))
        """)  # fmt: skip
    tests.initialize_with_zeros_test_1(mine.initialize_with_zeros)
    tests.initialize_with_zeros_test_2(mine.initialize_with_zeros)
    assert capsys.readouterr().out == "\033[92mFirst test passed!\n\033[92mSecond test passed!\n"
    with pytest.raises(AssertionError, match="sigmoid"):
        tests.sigmoid_test(mine.my_sigmoid)
    assert "named 'my_sigmoid'" in capsys.readouterr().out


def test_lr_public_test_planted_mistake(tmp_path, capsys):
    tests = _written(tmp_path, "logistic_regression", "2023", "public_tests.py")
    mine = learner(tmp_path, """
        def sigmoid(z):
            return 1 / (1 + np.exp(-z))

        def propagate(w, b, X, Y):
            m = X.shape[1]
            A = sigmoid(np.dot(w.T, X) + b)
            cost = np.squeeze(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
            return {"dw": np.dot(X, (A - Y).T) / m, "db": np.sum(A - Y)}, cost
        """)  # fmt: skip
    with pytest.raises(AssertionError, match="propagate"):
        tests.propagate_test(mine.propagate)
    out = capsys.readouterr().out
    assert "missing-1/m" in out and "['db']" in out


def test_dataset_test_of_planar(tmp_path, capsys):
    tests = _written(tmp_path, "planar", "2023", "public_tests.py")
    tests.dataset_test((2, 400), (1, 400), 400)
    assert capsys.readouterr().out == "\033[92mAll tests passed!\n"
    with pytest.raises(AssertionError):
        tests.dataset_test((400, 2), (1, 400), 400)
    assert "shape_X: expected (2, 400), got (400, 2)" in capsys.readouterr().out


def learner_functions(lab: str) -> str:
    """The function definitions of the learner's lab in ``tests/learners`` (correct)."""
    text = (Path(__file__).parent / "learners" / f"{lab}.py").read_text()
    tree = ast.parse(text)
    defs = [ast.get_source_segment(text, n) for n in tree.body if isinstance(n, ast.FunctionDef)]
    return "import copy\n\n" + "\n\n".join(d for d in defs if d)


@pytest.mark.slow
def test_nn_model_test_prints_the_course_weights(tmp_path, capsys, monkeypatch):
    tests = _written(tmp_path, "planar", "2023", "public_tests.py")
    (tmp_path / "planar_utils.py").write_text(files("planar", "2023")[0].text("planar", "2023"))
    monkeypatch.syspath_prepend(str(tmp_path))  # the learner imports sigmoid from it
    mine = learner(tmp_path, "from planar_utils import sigmoid\n" + learner_functions("planar"))
    tests.nn_model_test(mine.nn_model)
    out = " ".join(capsys.readouterr().out.split())
    assert "W2 = [[ 2.82545815 -3.3063945 -3.16116615 1.8549574 ]]" in out
    assert "Cost after iteration 9000" in out
    assert out.endswith("\033[92mAll tests passed!")


# ------------------------------------------------------------- the cat pictures
@pytest.mark.data
@pytest.mark.parametrize("version", VERSIONS)
def test_lr_utils_reads_the_copied_pictures_as_the_version_does(
    version, tmp_path, data_dir, monkeypatch, capsys
):
    folder = tmp_path / "nb"
    assert main(["course", "logistic_regression", str(folder), "--version", version,
                 "--data-dir", data_dir]) == 0  # fmt: skip
    monkeypatch.chdir(folder)
    monkeypatch.setenv("NEURONLAB_DATA", str(tmp_path / "nowhere"))  # only datasets/ here
    utils = load(folder / "lr_utils.py")
    train_x, train_y, test_x, test_y, classes = utils.load_dataset()
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and test_x.shape == (50, 64, 64, 3)
    assert test_y.shape == (1, 50)
    if version == "2023":
        assert classes.tolist() == ["non-cat", "cat"]
        tests = load(folder / "public_tests.py")
        tests.dataset_test(209, 50, 64)
        tests.reshape_test(train_x.reshape(209, -1).T, test_x.reshape(50, -1).T)
        assert capsys.readouterr().out.count("All tests passed!") == 2
        with pytest.raises(AssertionError):
            tests.reshape_test(train_x.reshape(-1, 209), test_x.reshape(50, -1).T)
    else:
        assert classes.tolist() == [b"non-cat", b"cat"]
        assert classes[1].decode("utf-8") == "cat"


@pytest.mark.data
def test_a_corrupt_copy_beside_the_notebook_is_named(tmp_path, data_dir, monkeypatch):
    folder = tmp_path / "nb"
    assert main(["course", "3.1", str(folder), "--version", "2021", "--data-dir", data_dir]) == 0
    (folder / "datasets" / "test_catvnoncat.h5").write_bytes(b"not the pictures")
    monkeypatch.chdir(folder)
    with pytest.raises(ValueError, match="test_catvnoncat.h5.*corrupt"):
        load(folder / "lr_utils.py").load_dataset()


# ------------------------------------------------------- never over a learner's work
def test_nothing_is_written_over_a_learners_files_and_force_replaces_only_ours(
    tmp_path, no_data, capsys
):
    nb = str(tmp_path)
    (tmp_path / "planar_utils.py").write_text("# my own helper\n")
    (tmp_path / "Planar.ipynb").write_text("{}\n")
    assert main(["course", "planar", nb, "--version", "2021"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"kept\s+planar_utils.py: not written by neuronlab", out)
    assert (tmp_path / "planar_utils.py").read_text() == "# my own helper\n"
    assert (tmp_path / "testCases_v2.py").read_text().startswith(MARKER)

    # again: identical files are left alone silently
    stamp = (tmp_path / "testCases_v2.py").stat().st_mtime_ns
    assert main(["course", "planar", nb, "--version", "2021"]) == 1
    out = capsys.readouterr().out
    assert "testCases_v2.py" not in out and "public_tests.py" not in out
    assert (tmp_path / "testCases_v2.py").stat().st_mtime_ns == stamp

    # another version: neuronlab's unedited files are kept, then replaced by --force
    assert main(["course", "planar", nb, "--version", "2019"]) == 1
    assert "testCases_v2.py: written by neuronlab before" in capsys.readouterr().out
    (tmp_path / "public_tests.py").write_text(
        (tmp_path / "public_tests.py").read_text() + "# my note\n"
    )
    assert main(["course", "planar", nb, "--version", "2019", "--force"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"replaced\s+testCases_v2.py", out)
    assert "planar_utils.py: not written by neuronlab" in out
    assert "# my own helper" in (tmp_path / "planar_utils.py").read_text()
    assert "compute_cost_test_case('2019')" in (tmp_path / "testCases_v2.py").read_text()
    assert (tmp_path / "Planar.ipynb").read_text() == "{}\n"
    # an edited file of neuronlab's is the learner's now: even --force keeps it
    assert main(["course", "planar", nb, "--version", "2023", "--force"]) == 1
    out = capsys.readouterr().out
    assert "public_tests.py: changed since neuronlab wrote it" in out
    assert (tmp_path / "public_tests.py").read_text().endswith("# my note\n")


@pytest.mark.data
def test_data_files_are_copied_verified_and_not_needed_twice(tmp_path, data_dir, capsys):
    nb = tmp_path / "nb"
    assert main(["course", "logistic_regression", str(nb), "--data-dir", data_dir]) == 0
    assert re.search(r"copied\s+datasets/train.h5", capsys.readouterr().out)
    from neuronlab.data import REGISTRY

    got = hashlib.sha256((nb / "datasets" / "train.h5").read_bytes()).hexdigest()
    assert got == REGISTRY["cat/train_catvnoncat.h5"].digest
    # the files are in place: no data folder is needed any more
    assert main(["course", "logistic_regression", str(nb), "--data-dir", str(tmp_path)]) == 0


@pytest.mark.data
def test_every_lab_and_version_prepares_a_folder(tmp_path, data_dir):
    for (lab, version), i in zip(LAB_VERSIONS, itertools.count()):
        folder = tmp_path / str(i)
        assert main(["course", lab, str(folder), "--version", version, "--data-dir",
                     data_dir]) == 0  # fmt: skip
        assert {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} == {
            MANIFEST, *(f.path for f in files(lab, version))}  # fmt: skip


# ------------------------------------------------ a learner's notebook, run headless
LR_NOTEBOOK = {
    "2019": "Logistic Regression with a Neural Network mindset",
    "2021": "Logistic_Regression_with_a_Neural_Network_mindset",
    "2023": "a2_logistic_regression_with_a_neural_network_mindset",  # any name: a learner's own
}
PASSED = "\033[92mAll tests passed!\n"
#: The test inputs of the course's public tests (COURSE_FILES.md §4), which the 2019
#: notebook's cells print instead: the printed values are the tests' expected ones.
LR_PROPAGATE = """w, b = np.array([[1.0], [2.0], [-1]]), 2.5
X = np.array([[1.0, 2.0, -1.0, 0], [3.0, 4.0, -3.2, 1], [3.0, 4.0, -3.2, -3.5]])
Y = np.array([[1, 1, 0, 0]])"""
LR_OPTIMIZE = """w, b = np.array([[1.0], [2.0]]), 2.0
X, Y = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])"""
LR_PREDICT = """w, b = np.array([[0.3], [0.5], [-0.2]]), -0.33333
X = np.array([[1.0, -0.3, 1.5], [2, 0, 1], [0, -1.5, 2]])"""
#: The headline run's costs every 100 iterations (REFERENCE.md §1, all versions).
LR_COSTS = [0.693147, 0.584508, 0.466949, 0.376007, 0.331463, 0.303273, 0.279880, 0.260042,
            0.242941, 0.228004, 0.214820, 0.203078, 0.192544, 0.183033, 0.174399, 0.166521,
            0.159305, 0.152667, 0.146542, 0.140872]  # fmt: skip


def _lr_imports(version: str) -> str:
    if version == "2023":
        return """import numpy as np
import copy
import matplotlib.pyplot as plt
from PIL import Image
from lr_utils import load_dataset
from public_tests import *

%matplotlib inline
%load_ext autoreload
%autoreload 2"""
    copy = "" if version == "2019" else "import copy\n"
    tests = "" if version == "2019" else "from public_tests import *\n"
    magic = "" if version == "2019" else "%load_ext autoreload\n%autoreload 2"
    return f"""import numpy as np
{copy}import matplotlib.pyplot as plt
import h5py
import scipy
from PIL import Image
from scipy import ndimage
from lr_utils import load_dataset
{tests}
%matplotlib inline
{magic}"""


def _lr_graded(version: str, name: str) -> str:
    code = learner_defs("logistic_regression", name)
    if version == "2019" and name == "optimize":  # no defaults, no copy imported
        for old, new in (
            ("num_iterations=100, learning_rate=0.009,", "num_iterations, learning_rate,"),
            ("    w = copy.deepcopy(w)\n    b = copy.deepcopy(b)\n", ""),
        ):
            assert old in code
            code = code.replace(old, new)
        assert "copy." not in code
    return code


def _lr_cells(version: str) -> list[str]:
    """A learner's logistic-regression notebook in the course's layout for ``version``:
    the pictures, the graded cells and each one's test cell (2019: values printed for
    the Expected Output), the headline run."""

    def test(*names: str) -> str:
        return "" if version == "2019" else "".join(f"\n{n}" for n in names)

    decode = "" if version == "2023" else '.decode("utf-8")'  # 2023's classes are text
    flatten = """train_set_x_flatten = train_set_x_orig.reshape(train_set_x_orig.shape[0], -1).T
test_set_x_flatten = test_set_x_orig.reshape(test_set_x_orig.shape[0], -1).T"""
    standardize = "train_set_x = train_set_x_flatten / 255.\ntest_set_x = test_set_x_flatten / 255."
    if version == "2023":
        flatten += "\nreshape_test(train_set_x_flatten, test_set_x_flatten)"
    else:
        flatten += "\n" + standardize
    cells = [
        _lr_imports(version),
        "train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes = load_dataset()",
        f"""index = 25
plt.imshow(train_set_x_orig[index])
print("y = " + str(train_set_y[:, index]) + ", it's a '"
      + classes[np.squeeze(train_set_y[:, index])]{decode} + "' picture.")""",
        """m_train = train_set_x_orig.shape[0]
m_test = test_set_x_orig.shape[0]
num_px = train_set_x_orig.shape[1]
print("Number of training examples: m_train = " + str(m_train))
print("Number of testing examples: m_test = " + str(m_test))
print("Height/Width of each image: num_px = " + str(num_px))"""
        + test("dataset_test(m_train, m_test, num_px)" if version == "2023" else ""),
        flatten,
        *([standardize] if version == "2023" else []),
        _lr_graded(version, "sigmoid"),
        'print("sigmoid([0, 2]) = " + str(sigmoid(np.array([0, 2]))))'
        + test("sigmoid_test(sigmoid)"),
        _lr_graded(version, "initialize_with_zeros"),
        """dim = 2
w, b = initialize_with_zeros(dim)
print("w = " + str(w))
print("b = " + str(b))"""
        + test("initialize_with_zeros_test_1(initialize_with_zeros)",
               "initialize_with_zeros_test_2(initialize_with_zeros)"),
        _lr_graded(version, "propagate"),
        LR_PROPAGATE + """
grads, cost = propagate(w, b, X, Y)
print("dw = " + str(grads["dw"]))
print("db = " + str(grads["db"]))
print("cost = " + str(cost))""" + test("propagate_test(propagate)"),
        _lr_graded(version, "optimize"),
        LR_OPTIMIZE + """
params, grads, costs = optimize(w, b, X, Y, num_iterations=101, learning_rate=0.1,
                                print_cost=False)
print("w = " + str(params["w"]))
print("b = " + str(params["b"]))
print("dw = " + str(grads["dw"]))
print("db = " + str(grads["db"]))
print("Costs = " + str(costs))""" + test("optimize_test(optimize)"),
        _lr_graded(version, "predict"),
        LR_PREDICT + '\nprint("predictions = " + str(predict(w, b, X)))'
        + test("predict_test(predict)"),
        _lr_graded(version, "model"),
        *([] if version == "2019" else ["model_test(model)"]),
        """logistic_regression_model = model(train_set_x, train_set_y, test_set_x, test_set_y,
                                  num_iterations=2000, learning_rate=0.005, print_cost=True)""",
        """costs = np.squeeze(logistic_regression_model['costs'])
plt.plot(costs)
plt.ylabel('cost')
plt.xlabel('iterations (per hundreds)')
plt.show()""",
    ]  # fmt: skip
    return cells


def _at(cells: list[str], fragment: str) -> int:
    """The index of the one cell that holds ``fragment``."""
    (i,) = [i for i, c in enumerate(cells) if fragment in c]
    return i


def _squash(text: str) -> str:
    return " ".join(text.split())


def _lr_folder(tmp_path: Path, version: str, data_dir: str) -> Path:
    folder = tmp_path / "lab"
    assert main(["course", "logistic_regression", str(folder), "--version", version,
                 "--data-dir", data_dir]) == 0  # fmt: skip
    return folder


@pytest.mark.slow
@pytest.mark.data
@pytest.mark.parametrize("version", VERSIONS)
def test_a_learners_lr_notebook_runs_headless_in_a_prepared_folder(version, tmp_path, data_dir):
    kernel_or_skip()
    folder = _lr_folder(tmp_path, version, data_dir)
    cells = _lr_cells(version)
    texts, error = run_notebook(folder, cells, LR_NOTEBOOK[version])
    assert error is None, error

    def out(fragment: str) -> str:
        return texts[_at(cells, fragment)]

    tests = [i for i, c in enumerate(cells) if re.search(r"^\w+_test(_\d)?\(", c, re.M)]
    assert len(tests) == {"2019": 0, "2021": 6, "2023": 8}[version]
    for i, (cell, text) in enumerate(zip(cells, texts)):
        if i not in tests:
            assert "passed!" not in text, (cell, text)
        elif "initialize_with_zeros_test_1" in cell:
            assert text.endswith("\033[92mFirst test passed!\n\033[92mSecond test passed!\n")
        else:
            assert text.endswith(PASSED) and text.count(PASSED) == 1, (cell, text)
    assert out("index = 25").startswith("y = [1], it's a 'cat' picture.")
    assert out("m_train = ").startswith(
        "Number of training examples: m_train = 209\nNumber of testing examples: m_test = 50\n"
        "Height/Width of each image: num_px = 64\n"
    )
    # each test cell's printed values: the public tests' expected ones (COURSE_FILES.md §4)
    assert out('print("sigmoid([0, 2]) = ').startswith(
        "sigmoid([0, 2]) = [0.5        0.88079708]\n"
    )
    assert out("dim = 2").startswith("w = [[0.]\n [0.]]\nb = 0.0\n")
    assert _squash(out('print("cost = "')).startswith(
        "dw = [[-0.03909333] [ 0.12501464] [-0.99960809]] db = 0.288106326429569 "
        "cost = 2.0424567983978403"
    )
    assert _squash(out('print("Costs = "')).startswith(
        "w = [[-0.70916784] [-0.42390859]] b = 2.26891346"
    )
    assert "dw = [[ 0.06188603] [-0.01407361]] db = -0.04709353" in _squash(out('print("Costs = "'))
    assert "Costs = [array(5.80154532), array(0.31057104)]" in out('print("Costs = "')
    assert out('print("predictions = ').startswith("predictions = [[1. 0. 1.]]\n")
    # the headline run (REFERENCE.md §1)
    run = out("logistic_regression_model = model(")
    printed = [float(c) for c in re.findall(r"Cost after iteration \d+: (\S+)", run)]
    assert printed == LR_COSTS
    assert "train accuracy: 99.04306220095694 %" in run and "test accuracy: 70.0 %" in run


@pytest.mark.slow
@pytest.mark.data
def test_a_planted_mistake_stops_the_lr_notebook_at_its_test_cell(tmp_path, data_dir):
    kernel_or_skip()
    folder = _lr_folder(tmp_path, "2021", data_dir)
    cells = _lr_cells("2021")
    at = _at(cells, "def propagate(")
    cells[at] = cells[at].replace("db = np.sum(A - Y) / m", "db = np.sum(A - Y)")  # no mean
    assert "/ m" not in cells[at].split("db = ")[1].split("\n")[0]
    texts, error = run_notebook(folder, cells, LR_NOTEBOOK["2021"])
    assert error is not None and "AssertionError" in error and "propagate" in error
    test_cell = _at(cells, "propagate_test(")
    assert test_cell == at + 1
    assert "missing-1/m" in texts[test_cell] and "All tests passed" not in texts[test_cell]
    assert texts[test_cell - 2].endswith("Second test passed!\n")  # the one before passed
    assert texts[test_cell + 1 :] == [""] * (len(cells) - test_cell - 1)  # nothing after it ran
