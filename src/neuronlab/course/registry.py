"""Which files each lab's notebook needs, per course version, and their text.

A course file is a module the notebook imports (``lr_utils.py``, ``public_tests.py``,
``testCases_v2.py`` …) or a data file it reads (``datasets/train_catvnoncat.h5``).
The modules neuronlab writes are its own: a few lines per course name, each calling
:mod:`neuronlab.course`'s implementation of that name's documented behaviour
(COURSE_FILES.md) — never a copy of a course file.  Data files are copied from
neuronlab's data folder.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from neuronlab.course.grading import RUNNER_PASSED

#: The first line of every module ``neuronlab course`` writes.
MARKER = "# written by neuronlab course"
VERSIONS = ("2019", "2021", "2023")


@dataclass(frozen=True)
class Name:
    """One name a written module gives: ``def name(params): return call``."""

    name: str
    params: str
    call: str
    doc: str


@dataclass(frozen=True)
class CourseFile:
    """A module to write (``names``) or a data file to copy (``data``: its key in
    :data:`neuronlab.data.REGISTRY`), at ``path`` in the notebook's folder."""

    path: str
    about: str
    names: tuple[Name, ...] = ()
    imports: tuple[str, ...] = ()
    data: str | None = None

    def text(self, lab: str, version: str) -> str:
        """The module's source (data files have none)."""
        if self.data is not None:
            raise ValueError(f"{self.path} is a data file, copied from {self.data}")
        head = [
            f"{MARKER} ({lab}, course version {version}): neuronlab's own module, not the",
            "# course's file; `neuronlab course --force` replaces it only while it is unedited.",
            f'"""{self.about}',
            "",
            "Each name calls neuronlab (``pip install neuronlab``), which implements the course's",
            "documented behaviour of that name.",
            '"""',
            "",
            *self.imports,
            "",
        ]
        body = []
        for n in self.names:
            doc = textwrap.fill(n.doc, 88, initial_indent='    """', subsequent_indent="    ")
            body += ["", f"def {n.name}({n.params}):", doc + '"""', f"    return {n.call}", ""]
        return "\n".join(head + body).rstrip("\n") + "\n"


@dataclass(frozen=True)
class LabCourse:
    """A lab's course files per version."""

    key: str
    number: str
    versions: dict[str, tuple[CourseFile, ...]]


# ------------------------------------------------------------------ building blocks
_GRADE = "from neuronlab.course.grading import grade as _grade"
_PLOT = (
    "import matplotlib.pyplot as plt  # noqa: F401  (the course's module gives plt, np)",
    "import numpy as np  # noqa: F401",
)


def _graded(test: str, lab: str, function: str, passed: str | None = None) -> Name:
    """``test(target)``: ``target`` graded as ``function`` by neuronlab check."""
    extra = "" if passed is None else f", passed={passed!r}"
    return Name(
        test,
        "target",
        f"_grade(target, {lab!r}, {function!r}{extra})",
        f"Your ``{function}``, checked by neuronlab: the course's pass line, or what "
        "differs and the likely mistake, then an AssertionError.",
    )


def _case(module: str, name: str, doc: str, version: str | None = None) -> Name:
    arg = "" if version is None else repr(version)
    return Name(name, "", f"{module}.{name}({arg})", doc)


# ------------------------------------------------------------ logistic regression
def _lr_utils(version: str) -> CourseFile:
    train, test = (
        ("train.h5", "test.h5")
        if version == "2023"
        else ("train_catvnoncat.h5", "test_catvnoncat.h5")
    )
    classes = "text" if version == "2023" else "bytes"
    load = Name(
        "load_dataset",
        "",
        f"_lr.load_dataset({version!r})",
        f"(train_set_x_orig (209, 64, 64, 3), train_set_y (1, 209), test_set_x_orig (50, 64, "
        f"64, 3), test_set_y (1, 50), classes as {classes}) from datasets/{train} and "
        f"datasets/{test}, checked by digest.",
    )
    return CourseFile(
        "lr_utils.py",
        "The cat pictures, as the notebook loads them.",
        (load,),
        ("from neuronlab.course import lr as _lr",),
    )


def _lr_tests(version: str) -> CourseFile:
    lab = "logistic_regression"
    names = [
        _graded("sigmoid_test", lab, "sigmoid"),
        _graded(
            "initialize_with_zeros_test_1",
            lab,
            "initialize_with_zeros",
            "\033[92mFirst test passed!",
        ),
        _graded(
            "initialize_with_zeros_test_2",
            lab,
            "initialize_with_zeros",
            "\033[92mSecond test passed!",
        ),
        *(_graded(f"{f}_test", lab, f) for f in ("propagate", "optimize", "predict", "model")),
    ]
    imports: tuple[str, ...] = (_GRADE,)
    if version == "2023":
        names[:0] = [
            Name(
                "dataset_test",
                "m_train, m_test, num_px",
                f"_lr.dataset_test(m_train, m_test, num_px, {version!r})",
                "The numbers of training and test pictures, and their side in pixels.",
            ),
            Name(
                "reshape_test",
                "train_set_x_flatten, test_set_x_flatten",
                f"_lr.reshape_test(train_set_x_flatten, test_set_x_flatten, {version!r})",
                "The pictures flattened to one column each, not yet divided by 255.",
            ),
        ]
        imports = (_GRADE, "from neuronlab.course import lr as _lr")
    return CourseFile(
        "public_tests.py", "The notebook's tests, graded by neuronlab check.", tuple(names), imports
    )


def _cat_data(version: str) -> tuple[CourseFile, ...]:
    names = (
        ("train.h5", "test.h5")
        if version == "2023"
        else ("train_catvnoncat.h5", "test_catvnoncat.h5")
    )
    return tuple(
        CourseFile(f"datasets/{name}", f"the cat {part} pictures", data=f"cat/{part}_catvnoncat.h5")
        for name, part in zip(names, ("train", "test"))
    )


LOGISTIC_REGRESSION = LabCourse(
    "logistic_regression",
    "3.1",
    {
        "2019": (_lr_utils("2019"), *_cat_data("2019")),
        "2021": (_lr_utils("2021"), _lr_tests("2021"), *_cat_data("2021")),
        "2023": (_lr_utils("2023"), _lr_tests("2023"), *_cat_data("2023")),
    },
)


# ------------------------------------------------------------------------- planar
def _planar_utils(version: str) -> CourseFile:
    names = [
        Name(
            "plot_decision_boundary",
            "model, X, y",
            "_planar.plot_decision_boundary(model, X, y)",
            "Shade the plane by model (called on points as rows, (N, 2)) and scatter X (2, m) "
            "coloured by y, on the current axes.",
        ),
        Name("sigmoid", "x", "_planar.sigmoid(x)", "1 / (1 + exp(-x)) elementwise."),
        Name(
            "load_planar_dataset",
            "",
            "_planar.load_planar_dataset()",
            "The flower: X (2, 400), Y (1, 400); seeds NumPy's global stream as the course's.",
        ),
        Name(
            "load_extra_datasets",
            "",
            "_planar.load_extra_datasets()",
            "noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure: (X (200, 2), "
            "y (200,)) each.",
        ),
    ]
    if version == "2023":
        names.append(
            Name(
                "model_accuracy",
                "y_true, y_pred",
                "_planar.model_accuracy(y_true, y_pred)",
                "100 * (number of equal entries) / y_true.shape[1].",
            )
        )
    return CourseFile(
        "planar_utils.py",
        "The flower and the other data sets, and the plots.",
        tuple(names),
        (*_PLOT, "from neuronlab.course import planar as _planar"),
    )


def _planar_cases(version: str) -> CourseFile:
    m = "_planar"
    path = "test_cases.py" if version == "2023" else "testCases_v2.py"
    cost = "(a2, Y_assess, parameters)" if version == "2019" else "(a2, Y_assess)"
    nn = "(2, 4)" if version == "2023" else "(2, 3)"
    names = (
        _case(m, "layer_sizes_test_case", "seed 1: X_assess randn(5, 3), Y_assess randn(2, 3)."),
        _case(m, "initialize_parameters_test_case", "(n_x, n_h, n_y) = (2, 4, 1)."),
        _case(m, "forward_propagation_test_case", "seed 1: (X_assess (2, 3), parameters)."),
        _case(m, "compute_cost_test_case", f"seed 1: {cost}.", version),
        _case(
            m, "backward_propagation_test_case", "seed 1: (parameters, cache, X_assess, Y_assess)."
        ),
        _case(m, "update_parameters_test_case", "(parameters, grads)."),
        _case(m, "nn_model_test_case", f"seed 1: (X_assess {nn}, Y_assess).", version),
        _case(m, "predict_test_case", "seed 1: (parameters, X_assess (2, 3))."),
    )
    return CourseFile(
        path,
        "The course's inputs of the notebook's test cells.",
        names,
        ("from neuronlab.course import planar as _planar",),
    )


def _planar_tests(version: str) -> CourseFile:
    functions = (
        "layer_sizes",
        "initialize_parameters",
        "forward_propagation",
        "compute_cost",
        "backward_propagation",
        "update_parameters",
    )
    names = [_graded(f"{f}_test", "planar", f) for f in functions]
    names.append(
        Name(
            "nn_model_test",
            "target",
            f"_planar.nn_model_test(target, {version!r})",
            "Your nn_model, checked by neuronlab, then trained on the course's test "
            "case with its parameters printed.",
        )
    )
    names.append(_graded("predict_test", "planar", "predict"))
    if version == "2023":
        names.insert(
            0,
            Name(
                "dataset_test",
                "shape_X, shape_Y, m",
                "_planar.dataset_test(shape_X, shape_Y, m)",
                "The flower's shapes and its number of examples.",
            ),
        )
    return CourseFile(
        "public_tests.py",
        "The notebook's tests, graded by neuronlab check.",
        tuple(names),
        (_GRADE, "from neuronlab.course import planar as _planar"),
    )


PLANAR = LabCourse(
    "planar",
    "3.2",
    {
        "2019": (_planar_utils("2019"), _planar_cases("2019")),
        "2021": (_planar_utils("2021"), _planar_cases("2021"), _planar_tests("2021")),
        "2023": (_planar_utils("2023"), _planar_cases("2023"), _planar_tests("2023")),
    },
)

# --------------------------------------------------------------------------- deep
_DEEP_UTILS = (
    Name(
        "sigmoid",
        "Z",
        "_deep.sigmoid(Z)",
        "(A, cache): A = 1 / (1 + exp(-Z)), cache = Z.",
    ),
    Name("relu", "Z", "_deep.relu(Z)", "(A, cache): A = max(0, Z), cache = Z."),
    Name(
        "relu_backward",
        "dA, cache",
        "_deep.relu_backward(dA, cache)",
        "dZ: a copy of dA with 0 where Z = cache is <= 0.",
    ),
    Name(
        "sigmoid_backward",
        "dA, cache",
        "_deep.sigmoid_backward(dA, cache)",
        "dZ = dA * s * (1 - s) with s = sigmoid(Z), Z = cache.",
    ),
)
_DEEP_CASES = (
    ("linear_forward_test_case", "seed 1: (A (3, 2), W (1, 3), b (1, 1))."),
    ("linear_activation_forward_test_case", "seed 2: (A_prev (3, 2), W (1, 3), b (1, 1))."),
    ("L_model_forward_test_case", "seed 1: (X (4, 2), parameters of [4, 3, 1])."),
    ("compute_cost_test_case", "(Y, aL): Y = [[1, 1, 0]], aL = [[0.8, 0.9, 0.4]]."),
    ("linear_backward_test_case", "seed 1: (dZ (3, 4), linear_cache (A, W, b))."),
    ("linear_activation_backward_test_case", "seed 2: (dA (1, 2), ((A, W, b), Z))."),
    ("L_model_backward_test_case", "seed 3: (AL (1, 2), Y = [[1, 0]], caches of [4, 3, 1])."),
    ("update_parameters_test_case", "(parameters after seed 2, grads after seed 3)."),
    ("L_model_forward_test_case_2hidden", "seed 6: (X (5, 4), parameters of [5, 4, 3, 1])."),
)
#: The graded functions of the step-by-step notebook, in its order.
_DEEP_GRADED = (
    "initialize_parameters",
    "initialize_parameters_deep",
    "linear_forward",
    "linear_activation_forward",
    "L_model_forward",
    "compute_cost",
    "linear_backward",
    "linear_activation_backward",
    "L_model_backward",
    "update_parameters",
)


def _dnn_utils(version: str) -> CourseFile:
    return CourseFile(
        "dnn_utils_v2.py" if version == "2019" else "dnn_utils.py",
        "The activations and their backward steps, with the lab's (A, cache = Z) layout.",
        _DEEP_UTILS,
        (
            "import numpy as np  # noqa: F401  (the course's module gives np)",
            "from neuronlab.course import deep as _deep",
        ),
    )


def _deep_cases(version: str) -> CourseFile:
    path = {"2019": "testCases_v4a.py", "2021": "testCases.py"}.get(version, "test_cases.py")
    names = [_case("_deep", name, doc) for name, doc in _DEEP_CASES]
    names.append(
        Name(
            "print_grads",
            "grads",
            "_deep.print_grads(grads)",
            "Print dW1, db1 and dA1 of grads, one 'name = value' line each.",
        )
    )
    return CourseFile(
        path,
        "The course's inputs of the notebook's test cells.",
        tuple(names),
        ("from neuronlab.course import deep as _deep",),
    )


def _deep_tests(version: str) -> CourseFile:
    """2021: one test per graded function; 2023 tests both initialisers twice (``_1``,
    ``_2``: the check grades each on both of the course's cases)."""
    names = []
    for function in _DEEP_GRADED:
        tests = [f"{function}_test"]
        if version == "2023" and function.startswith("initialize"):
            tests = [f"{function}_test_1", f"{function}_test_2"]
        names += [_graded(test, "deep", function, RUNNER_PASSED) for test in tests]
    return CourseFile(
        "public_tests.py",
        "The notebook's tests, graded by neuronlab check.",
        tuple(names),
        (_GRADE,),
    )


DEEP = LabCourse(
    "deep",
    "3.3",
    {
        "2019": (_dnn_utils("2019"), _deep_cases("2019")),
        "2021": (_dnn_utils("2021"), _deep_cases("2021"), _deep_tests("2021")),
        "2023": (_dnn_utils("2023"), _deep_cases("2023"), _deep_tests("2023")),
    },
)

#: The labs ``neuronlab course`` prepares, by key.
LABS: dict[str, LabCourse] = {lab.key: lab for lab in (LOGISTIC_REGRESSION, PLANAR, DEEP)}
#: The labs of the course still to come (named in errors and in ``--list``).
NOT_YET = (
    "deep_app",
    "initialization",
    "regularization",
    "gradient_checking",
    "optimization",
)


def files(lab: str, version: str) -> tuple[CourseFile, ...]:
    """The files of ``lab``'s notebook of ``version``."""
    if lab not in LABS:
        later = f"; {lab} is not covered yet" if lab in NOT_YET else ""
        raise ValueError(f"LAB: expected one of {', '.join(LABS)}, got {lab!r}{later}")
    versions = LABS[lab].versions
    if version not in versions:
        raise ValueError(f"--version: expected one of {', '.join(versions)}, got {version!r}")
    return versions[version]
