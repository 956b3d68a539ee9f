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


def _test_utils(variant: str) -> CourseFile:
    """``test_utils.py`` of the 2021 planar/deep/deep_app folders: the runners the
    course's own ``public_tests.py`` imports (ours does not need them)."""
    doc = (
        "The course's runner: each case's datatype, shape or value check, 'Error: …' for "
        "a failing one, the pass line or the counts and an AssertionError."
    )
    return CourseFile(
        "test_utils.py",
        "The course's test runners, for the course's own public_tests.py if it is here.",
        tuple(
            Name(
                name, "test_cases, target", f"_runners.{name}(test_cases, target, {variant!r})", doc
            )
            for name in ("single_test", "multiple_test")
        ),
        ("from neuronlab.course import runners as _runners",),
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
        "2021": (
            _planar_utils("2021"),
            _planar_cases("2021"),
            _planar_tests("2021"),
            _test_utils("planar"),
        ),
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


# ---- deep_app, initialization, gradient_checking


def _fn(module: str, name: str, params: str, doc: str) -> Name:
    """``name(params)`` calling ``module.name`` with the same arguments."""
    return Name(name, params, f"{module}.{name}({params})", doc)


def _dnn_app_utils(version: str) -> CourseFile:
    d, app = "_deep", "_app"
    classes = "text" if version == "2023" else "bytes"
    names = (
        Name("load_data", "", f"{app}.load_data({version!r})",
             f"(train_x_orig (209, 64, 64, 3), train_y (1, 209), test_x_orig (50, 64, 64, 3), "
             f"test_y (1, 50), classes as {classes}), as lr_utils.load_dataset reads them."),
        _fn(d, "sigmoid", "Z", "(A, cache): A = 1 / (1 + exp(-Z)), cache = Z."),
        _fn(d, "relu", "Z", "(A, cache): A = max(0, Z), cache = Z."),
        _fn(d, "relu_backward", "dA, cache", "dZ: dA where Z = cache > 0, else 0."),
        _fn(d, "sigmoid_backward", "dA, cache", "dZ = dA * s * (1 - s), s = sigmoid(cache)."),
        _fn(app, "initialize_parameters", "n_x, n_h, n_y",
            "Seed 1: W1 = randn(n_h, n_x) * 0.01, W2 = randn(n_y, n_h) * 0.01, zero b."),
        _fn(app, "initialize_parameters_deep", "layer_dims",
            "Seed 1: W{l} = randn(n_l, n_{l-1}) / sqrt(n_{l-1}), zero b (the application's, "
            "not the step-by-step lab's * 0.01)."),
        _fn(d, "linear_forward", "A, W, b", "(Z = W A + b, cache = (A, W, b))."),
        _fn(d, "linear_activation_forward", "A_prev, W, b, activation",
            "'sigmoid' or 'relu' after the linear step: (A, (linear_cache, Z))."),
        _fn(d, "L_model_forward", "X, parameters",
            "[LINEAR->RELU] * (L-1) -> LINEAR->SIGMOID: (AL, caches)."),
        _fn(d, "compute_cost", "AL, Y", "The cross-entropy, mean over m, of shape ()."),
        _fn(d, "linear_backward", "dZ, cache", "(dA_prev, dW, db) of Z = W A_prev + b."),
        _fn(d, "linear_activation_backward", "dA, cache, activation",
            "The activation's backward, then linear_backward: (dA_prev, dW, db)."),
        _fn(d, "L_model_backward", "AL, Y, caches",
            "grads dA{l-1}, dW{l}, db{l} of the cross-entropy, from dAL."),
        _fn(app, "update_parameters", "parameters, grads, learning_rate",
            "A gradient step on every layer; parameters is updated and returned."),
        _fn(app, "predict", "X, y, parameters",
            "p (1, m): 1. where AL > 0.5, else 0.; prints 'Accuracy: ...'."),
        _fn(app, "print_mislabeled_images", "classes, X, y, p",
            "The mislabelled pictures of X (12288, m) in a row, each titled with its "
            "prediction and class."),
    )  # fmt: skip
    path = "dnn_app_utils.py" if version == "2023" else "dnn_app_utils_v3.py"
    return CourseFile(
        path,
        "The cat pictures and the course's complete step-by-step functions, for the two models.",
        names,
        (*_PLOT, "from neuronlab.course import deep_app as _app", "from neuronlab.labs import "
         "deep as _deep"),
    )  # fmt: skip


def _runner_tests(lab: str, functions: tuple[str, ...], *extra: Name) -> CourseFile:
    """``public_tests.py`` of a lab whose tests use the course's runners."""
    names = tuple(_graded(f"{f}_test", lab, f, RUNNER_PASSED) for f in functions)
    return CourseFile(
        "public_tests.py",
        "The notebook's tests, graded by neuronlab check.",
        names + extra,
        (_GRADE,),
    )


DEEP = LabCourse(
    "deep",
    "3.3",
    {
        "2019": (_dnn_utils("2019"), _deep_cases("2019")),
        "2021": (
            _dnn_utils("2021"),
            _deep_cases("2021"),
            _deep_tests("2021"),
            _test_utils("deep"),
        ),
        "2023": (_dnn_utils("2023"), _deep_cases("2023"), _deep_tests("2023")),
    },
)

DEEP_APP = LabCourse(
    "deep_app",
    "3.3",
    {
        "2019": (_dnn_app_utils("2019"), *_cat_data("2019")),
        **{
            v: (
                _dnn_app_utils(v),
                _runner_tests("deep_app", ("two_layer_model", "L_layer_model")),
                *((_test_utils("deep"),) if v == "2021" else ()),
                *_cat_data(v),
            )
            for v in ("2021", "2023")
        },
    },
)


def _init_utils(version: str) -> CourseFile:
    i, init = "_init", "_initialization"
    names = [
        Name("sigmoid", "x", "_planar.sigmoid(x)", "1 / (1 + exp(-x)) elementwise."),
        _fn(init, "relu", "x", "max(0, x) elementwise."),
        _fn(i, "forward_propagation", "X, parameters",
            "LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID: (a3, cache), cache = (z1, a1, W1, "
            "b1, z2, a2, W2, b2, z3, a3, W3, b3)."),
        _fn(i, "backward_propagation", "X, Y, cache",
            "Gradients dz3 = (a3 - Y) / m, dW3, db3, da2, dz2, ..., dW1, db1."),
        _fn(init, "update_parameters", "parameters, grads, learning_rate",
            "A gradient step on every layer; parameters is updated and returned."),
        _fn(i, "compute_loss", "a3, Y", "(1/m) * nansum of the cross-entropy (a float)."),
        _fn(i, "predict", "X, y, parameters",
            "p (1, m) integers, 1 where a3 > 0.5; prints 'Accuracy: ...'."),
        _fn(init, "plot_decision_boundary", "model, X, y",
            "Shade the plane by model (called on points as rows, (N, 2)), scatter X (2, m) "
            "coloured by y, and show the figure."),
        _fn(i, "predict_dec", "parameters, X", "The boolean a3 > 0.5, (1, n)."),
        _fn(init, "load_dataset", "",
            "Seeds 1 and 2: the circles train_X (2, 300), train_Y (1, 300), test_X (2, 100), "
            "test_Y (1, 100); scatters the training set."),
    ]  # fmt: skip
    imports = [
        *_PLOT,
        "from neuronlab.course import initialization as _initialization",
        "from neuronlab.course import planar as _planar",
        "from neuronlab.labs import initialization as _init",
    ]
    if version == "2023":
        imports.append("np.seterr(divide='ignore', invalid='ignore')  # as the course's 2023 file")
    else:
        names.insert(
            -1,
            Name("load_cat_dataset", "", f"_initialization.load_cat_dataset({version!r})",
                 "The cat pictures flattened to columns and divided by 255 (the notebook "
                 "does not use them)."),
        )  # fmt: skip
    return CourseFile(
        "init_utils.py",
        "The lab's 3-layer network, its circles and the decision-boundary plot.",
        tuple(names),
        tuple(imports),
    )


_INIT_GRADED = (
    "initialize_parameters_zeros",
    "initialize_parameters_random",
    "initialize_parameters_he",
)
INITIALIZATION = LabCourse(
    "initialization",
    "3.4",
    {
        "2019": (_init_utils("2019"),),
        "2021": (_init_utils("2021"), _runner_tests("initialization", _INIT_GRADED)),
        "2023": (_init_utils("2023"), _runner_tests("initialization", _INIT_GRADED)),
    },
)


def _gc_utils() -> CourseFile:
    g = "_gc"
    names = (
        Name("sigmoid", "x", "_planar.sigmoid(x)", "1 / (1 + exp(-x)) elementwise."),
        Name("relu", "x", "_initialization.relu(x)", "max(0, x) elementwise."),
        _fn(g, "dictionary_to_vector", "parameters",
            "(theta, keys): W1, b1, W2, b2, W3, b3 each flattened row-major into one column "
            "theta (n, 1); keys names the parameter of each entry."),
        _fn(g, "vector_to_dictionary", "theta",
            "The 4-5-3-1 net's W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), "
            "b3 (1, 1) from theta (47, 1)."),
        _fn(g, "gradients_to_vector", "gradients",
            "dW1, db1, dW2, db2, dW3, db3 as one column (47, 1)."),
    )  # fmt: skip
    return CourseFile(
        "gc_utils.py",
        "The parameters as one vector and back, for the gradient check.",
        names,
        (
            "from neuronlab.course import initialization as _initialization",
            "from neuronlab.course import planar as _planar",
            "from neuronlab.labs import gradient_checking as _gc",
        ),
    )


def _gc_cases(version: str) -> CourseFile:
    return CourseFile(
        "test_cases.py" if version == "2023" else "testCases.py",
        "The course's inputs of the notebook's N-dimensional check.",
        (
            _case(
                "_gc",
                "gradient_check_n_test_case",
                "Seed 1: (x (4, 3), y [1, 1, 0], parameters W1, b1, W2, b2, W3, b3).",
            ),
        ),  # fmt: skip
        ("from neuronlab.course import gradient_checking as _gc",),
    )


def _gc_tests() -> CourseFile:
    lab = "gradient_checking"
    return _runner_tests(
        lab,
        ("forward_propagation", "backward_propagation", "gradient_check"),
        Name(
            "predict_test",
            "target",
            f"_grade(target, 'planar', 'predict', passed={RUNNER_PASSED!r})",
            "Your predict(parameters, X) of the planar lab (the course's file tests it here "
            "too), checked by neuronlab.",
        ),
    )


GRADIENT_CHECKING = LabCourse(
    "gradient_checking",
    "3.6",
    {
        "2019": (_gc_utils(), _gc_cases("2019")),
        "2021": (_gc_utils(), _gc_cases("2021"), _gc_tests()),
        "2023": (_gc_utils(), _gc_cases("2023"), _gc_tests()),
    },
)


# ------------------------------------------------------------------ regularization
_REG = "from neuronlab.course import regularization as _reg"
_REG_LAB = "from neuronlab.labs import regularization as _lab"


def _three_layer(lab: str, version: str) -> tuple[Name, ...]:
    """The 3-layer helpers reg_utils and opt_utils share (the lab facade's), the
    elementwise activations and the plot."""
    lower = lab == "optimization"  # init_utils' lower-case cache and gradient keys
    cache = "(z1, a1, W1, b1, …, a3, W3, b3)" if lower else "(Z1, A1, W1, b1, …, A3, W3, b3)"
    back = (
        "dz3 = (a3 - Y) / m; keys dz3, dW3, db3, da2, …, db1"
        if lower
        else "dZ3 = A3 - Y, the 1/m on every dW and db; keys dZ3, dW3, db3, dA2, …, db1"
    )
    cost = (
        "The SUM over the examples of the cross-entropy (the notebook's model divides by m)."
        if lower
        else "(1/m) · nansum of the cross-entropy."
    )
    init = "· sqrt(2 / n_{l-1}) (He)" if lower else "/ sqrt(n_{l-1})"
    step = Name(
        "update_parameters",
        "parameters, grads, learning_rate",
        "_lab.update_parameters(parameters, grads, learning_rate)",
        "One gradient-descent step on every layer; the updated dict.",
    )
    return (
        Name("sigmoid", "x", "_planar.sigmoid(x)", "1 / (1 + exp(-x)) elementwise."),
        Name("relu", "x", "_reg.relu(x)", "max(0, x) elementwise."),
        Name(
            "initialize_parameters",
            "layer_dims",
            "_lab.initialize_parameters(layer_dims)",
            f"After seed 3: W{{l}} = randn(n_l, n_{{l-1}}) {init}, b{{l}} zeros.",
        ),
        Name(
            "forward_propagation",
            "X, parameters",
            "_lab.forward_propagation(X, parameters)",
            f"LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID: (a3 (1, m), cache {cache}).",
        ),
        Name(
            "backward_propagation",
            "X, Y, cache",
            "_lab.backward_propagation(X, Y, cache)",
            f"The gradients of the forward pass's cache: {back}.",
        ),
        *(() if lower else (step,)),  # opt_utils has none: the notebook writes its own
        Name("compute_cost", "a3, Y", "_lab.compute_cost(a3, Y)", cost),
        Name(
            "predict",
            "X, y, parameters",
            "_lab.predict(X, y, parameters)",
            "Labels a3 > 0.5 as integers (1, m); prints 'Accuracy: ' and the hit rate.",
        ),
        Name(
            "predict_dec",
            "parameters, X",
            "_lab.predict_dec(parameters, X)",
            "a3 > 0.5 (booleans, (1, m)), for the decision-boundary plots.",
        ),
        Name(
            "plot_decision_boundary",
            "model, X, y",
            "_reg.plot_decision_boundary(model, X, y)",
            "Shade the plane by model (called on points as rows, (N, 2)) and scatter X (2, m) "
            "coloured by y, on the current axes, then plt.show().",
        ),
    )


def _reg_utils(version: str) -> CourseFile:
    if version == "2023":
        params, call = "test_size", f"_reg.load_2D_dataset({version!r}, test_size)"
        how = (
            "the 411 points (X then Xval of datasets/data.mat; the course's CSV holds the "
            "same), the last test_size the test set"
        )
    else:
        params, call = "", f"_reg.load_2D_dataset({version!r})"
        how = "X.T, y.T, Xval.T, yval.T of datasets/data.mat"
    load = Name(
        "load_2D_dataset",
        params,
        call,
        f"The football set (train_X (2, 211), train_Y (1, 211), test_X (2, 200), test_Y "
        f"(1, 200)): {how}, checked by digest; the training set scattered.",
    )
    seterr = (
        ("np.seterr(divide='ignore', invalid='ignore')  # as the course's 2023 file",)
        if version == "2023"
        else ()
    )
    return CourseFile(
        "reg_utils.py",
        "The football set, the 3-layer net's helpers and the plots.",
        (*_three_layer("regularization", version), load),
        (*_PLOT, "from neuronlab.course import planar as _planar", _REG, _REG_LAB, *seterr),
    )


def _reg_cases(version: str) -> CourseFile:
    names = (
        _case("_reg", "compute_cost_with_regularization_test_case",
              "seed 1: (a3 (1, 5), Y_assess, parameters W1 (2, 3) … b3)."),
        _case("_reg", "backward_propagation_with_regularization_test_case",
              "seed 1: (X_assess (3, 5), Y_assess, the course's cache)."),
        _case("_reg", "forward_propagation_with_dropout_test_case",
              "seed 1: (X_assess (3, 5), parameters W1 (2, 3) … b3)."),
        _case("_reg", "backward_propagation_with_dropout_test_case",
              "seed 1: (X_assess (3, 5), Y_assess, the course's cache with masks D1, D2)."),
    )  # fmt: skip
    return CourseFile(
        "test_cases.py" if version == "2023" else "testCases.py",
        "The course's inputs of the notebook's test cells.",
        names,
        (_REG,),
    )


def _reg_tests() -> CourseFile:
    functions = (
        "compute_cost_with_regularization",
        "backward_propagation_with_regularization",
        "forward_propagation_with_dropout",
        "backward_propagation_with_dropout",
    )
    return CourseFile(
        "public_tests.py",
        "The notebook's tests, graded by neuronlab check.",
        tuple(_graded(f"{f}_test", "regularization", f, RUNNER_PASSED) for f in functions),
        (_GRADE,),
    )


_FOOTBALL = CourseFile("datasets/data.mat", "the football set", data="football/data.mat")

REGULARIZATION = LabCourse(
    "regularization",
    "3.5",
    {
        "2019": (_reg_utils("2019"), _reg_cases("2019"), _FOOTBALL),
        "2021": (_reg_utils("2021"), _reg_cases("2021"), _reg_tests(), _FOOTBALL),
        "2023": (_reg_utils("2023"), _reg_cases("2023"), _reg_tests(), _FOOTBALL),
    },
)


# -------------------------------------------------------------------- optimization
_OPT = "from neuronlab.course import optimization as _opt"


def _opt_utils(version: str) -> CourseFile:
    names = (
        Name(
            "load_params_and_grads",
            "seed=1",
            "_opt.load_params_and_grads(seed)",
            "After seed: W1 (2, 3), b1, W2 (3, 3), b2, dW1, db1, dW2, db2 drawn with randn, "
            "returned in that order.",
        ),
        *_three_layer("optimization", version),
        Name(
            "load_dataset",
            "",
            "_opt.load_dataset()",
            "The moons after seed 3 (make_moons(300, noise=.2)): train_X (2, 300), train_Y "
            "(1, 300); scattered.",
        ),
    )
    return CourseFile(
        "opt_utils.py" if version == "2023" else "opt_utils_v1a.py",
        "The moons, the 3-layer net's helpers and the plots.",
        names,
        (
            *_PLOT,
            "from neuronlab.course import planar as _planar",
            _REG,
            _OPT,
            "from neuronlab.labs import optimization as _lab",
        ),
    )


def _opt_cases(version: str) -> CourseFile:
    v = version
    names = (
        _case("_opt", "update_parameters_with_gd_test_case",
              "seed 1: (parameters W1, b1, W2, b2; grads; learning_rate 0.01).", v),
        _case("_opt", "random_mini_batches_test_case",
              "seed 1: (X (12288, 148), Y (1, 148) booleans, mini_batch_size 64)."),
        _case("_opt", "initialize_velocity_test_case", "seed 1: parameters W1, b1, W2, b2.", v),
        _case("_opt", "update_parameters_with_momentum_test_case",
              "seed 1: (parameters, grads, v zeros).", v),
        _case("_opt", "initialize_adam_test_case", "seed 1: parameters W1, b1, W2, b2.", v),
        _case("_opt", "update_parameters_with_adam_test_case",
              "seed 1: (parameters, grads, v, s zeros"
              + (", t 2, learning_rate 0.02, beta1 0.8, beta2 0.888, epsilon 0.01)."
                 if v == "2023" else ")."), v),
    )  # fmt: skip
    return CourseFile(
        "test_cases.py" if version == "2023" else "testCases.py",
        "The course's inputs of the notebook's test cells.",
        names,
        (_OPT,),
    )


def _opt_tests(version: str) -> CourseFile:
    # the tests that are not the runner's print their own line, worded per version
    own = "\033[92mAll tests passed" if version == "2023" else "\033[92mAll test passed"
    functions = (
        ("update_parameters_with_gd", own),
        ("random_mini_batches", RUNNER_PASSED),
        ("initialize_velocity", RUNNER_PASSED),
        ("update_parameters_with_momentum", RUNNER_PASSED),
        ("initialize_adam", RUNNER_PASSED),
        ("update_parameters_with_adam", own),
        ("update_lr", own),
        ("schedule_lr_decay", own),
    )
    return CourseFile(
        "public_tests.py",
        "The notebook's tests, graded by neuronlab check.",
        tuple(_graded(f"{f}_test", "optimization", f, passed) for f, passed in functions),
        (_GRADE,),
    )


OPTIMIZATION = LabCourse(
    "optimization",
    "3.7",
    {
        "2019": (_opt_utils("2019"), _opt_cases("2019")),
        "2021": (_opt_utils("2021"), _opt_cases("2021"), _opt_tests("2021")),
        "2023": (_opt_utils("2023"), _opt_cases("2023"), _opt_tests("2023")),
    },
)

#: The labs ``neuronlab course`` prepares, by key.
LABS: dict[str, LabCourse] = {
    lab.key: lab
    for lab in (
        LOGISTIC_REGRESSION,
        PLANAR,
        DEEP,
        DEEP_APP,
        INITIALIZATION,
        REGULARIZATION,
        GRADIENT_CHECKING,
        OPTIMIZATION,
    )
}


def files(lab: str, version: str) -> tuple[CourseFile, ...]:
    """The files of ``lab``'s notebook of ``version``."""
    if lab not in LABS:
        raise ValueError(f"LAB: expected one of {', '.join(LABS)}, got {lab!r}")
    versions = LABS[lab].versions
    if version not in versions:
        raise ValueError(f"--version: expected one of {', '.join(versions)}, got {version!r}")
    return versions[version]
