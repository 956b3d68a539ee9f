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

# ------------------------------------------------------------------ regularization
#: The pass line of the course's test runners (single_test / multiple_test).
_RUNNER_PASSED = "\033[92m All tests passed."
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
    return CourseFile(
        "reg_utils.py",
        "The football set, the 3-layer net's helpers and the plots.",
        (*_three_layer("regularization", version), load),
        (*_PLOT, "from neuronlab.course import planar as _planar", _REG, _REG_LAB),
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
        tuple(_graded(f"{f}_test", "regularization", f, _RUNNER_PASSED) for f in functions),
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
        ("random_mini_batches", _RUNNER_PASSED),
        ("initialize_velocity", _RUNNER_PASSED),
        ("update_parameters_with_momentum", _RUNNER_PASSED),
        ("initialize_adam", _RUNNER_PASSED),
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
    lab.key: lab for lab in (LOGISTIC_REGRESSION, PLANAR, REGULARIZATION, OPTIMIZATION)
}
#: The labs of the course still to come (named in errors and in ``--list``).
NOT_YET = (
    "deep",
    "deep_app",
    "initialization",
    "gradient_checking",
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
