"""scikit-learn estimators over the engine: :class:`NeuralNetClassifier` and
:class:`NeuralNetRegressor`.

scikit-learn's convention is the transpose of the engine's: ``X`` of shape
(m, n_features), one example per **row**.  The estimators convert at this
boundary only — the engine receives ``X.T``, a view of shape (n_features, m), or
the transposed sparse matrix of a SciPy CSR/CSC ``X`` (never densified: the first
layer's products run on it, mini-batches gather its rows) — and train through
:class:`neuronlab.Network` and :func:`neuronlab.training.fit`; no formula is
re-derived here.

The contract is scikit-learn's: ``__init__`` only stores its arguments, every
check happens in ``fit``, learned state ends in ``_``.  The estimators pass
``sklearn.utils.estimator_checks.check_estimator`` and work inside
``Pipeline`` and ``GridSearchCV``.

``l2`` is the engine's L2 strength: the cost gains ``l2/(2m)·Σ||W||²`` over a
(mini-)batch of ``m`` examples, exactly the term ``alpha/(2·n_samples)·Σ||W||²``
of scikit-learn's MLP, so ``l2`` here equals ``alpha`` there.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets, unique_labels
from sklearn.utils.validation import check_is_fitted, validate_data

from neuronlab import _validation as v
from neuronlab.network import Network
from neuronlab.optimizers import SCHEDULES
from neuronlab.threads import check_blas_threads
from neuronlab.training import fit as train

Array = np.ndarray

#: SciPy sparse inputs the estimators take (other formats are converted to the first):
#: the engine multiplies the first layer on them and gathers mini-batches of their rows,
#: never making a dense copy of ``X``.
_SPARSE = ("csr", "csc")


class _StopOnPlateau:
    """Training-loss stopping rule of scikit-learn's MLP, as a ``fit`` callback.

    An epoch "does not improve" when its loss is above ``best - tol``; training
    stops once more than ``patience`` epochs in a row did not improve.
    """

    def __init__(self, tol: float, patience: int | None, verbose: bool) -> None:
        self.tol, self.patience, self.verbose = tol, patience, verbose
        self.best, self.count, self.converged = math.inf, 0, False
        #: ``net -> validation score``, asked every epoch; its answers in ``scores``
        self.scored: Callable[[Network], float] | None = None
        self.scores: list[float] = []

    def __call__(self, epoch: int, cost: float, net: Network) -> bool:
        if self.scored is not None:
            self.scores.append(self.scored(net))
        if self.verbose:
            print(f"Iteration {epoch + 1}, loss = {cost:.8f}")
        if self.patience is None:
            return False
        self.count = self.count + 1 if cost > self.best - self.tol else 0
        self.best = min(self.best, cost)
        self.converged = self.count > self.patience
        return self.converged


class _BaseNeuralNet(BaseEstimator):
    """What the classifier and the regressor share: parameters, training, state."""

    _output_activation = "identity"  # set per task by the subclasses
    validation_loss_curve_: list[float] | None
    validation_scores_: list[float] | None
    best_epoch_: int | None
    _optimizer_state: dict[str, Any]

    def __init__(
        self,
        hidden_layer_sizes: Sequence[int] = (100,),
        activation: str = "relu",
        initializer: str = "glorot_uniform",
        optimizer: str | dict[str, Any] = "adam",
        learning_rate: float = 0.001,
        schedule: str | Callable[[int], float] = "constant",
        decay_rate: float = 1.0,
        batch_size: int | str = "auto",
        epochs: int = 200,
        l2: float = 0.0001,
        keep_prob: float = 1.0,
        tol: float = 1e-4,
        n_iter_no_change: int = 10,
        early_stopping: bool = False,
        validation_fraction: float = 0.1,
        random_state: int | np.random.RandomState | None = None,
        verbose: bool = False,
        progress: bool = False,
        dtype: str = "float64",
        blas_threads: int | None = None,
        warm_start: bool = False,
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.initializer = initializer
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.schedule = schedule
        self.decay_rate = decay_rate
        self.batch_size = batch_size
        self.epochs = epochs
        self.l2 = l2
        self.keep_prob = keep_prob
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.random_state = random_state
        self.verbose = verbose
        self.progress = progress
        self.dtype = dtype
        self.blas_threads = blas_threads
        self.warm_start = warm_start

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True  # CSR/CSC X: see _SPARSE
        return tags

    # ------------------------------------------------------------- learned state
    @property
    def coefs_(self) -> list[Array]:
        """Weights in scikit-learn's layout: ``coefs_[l]`` of shape (n_in, n_out),
        a live (transposed) view of the network's ``W{l+1}``."""
        return [layer.W.T for layer in self.network_.layers]

    @property
    def intercepts_(self) -> list[Array]:
        """Biases in scikit-learn's layout: ``intercepts_[l]`` of shape (n_out,), live views."""
        return [layer.b[:, 0] for layer in self.network_.layers]

    @property
    def n_layers_(self) -> int:
        """Layers counting the input and the output (scikit-learn's ``n_layers_``)."""
        return self.network_.n_layers + 1

    @property
    def out_activation_(self) -> str:
        """The output's activation by scikit-learn's name: ``"logistic"`` (one sigmoid
        unit), ``"softmax"`` or ``"identity"``."""
        name = self.network_.activations[-1].name
        return "logistic" if name == "sigmoid" else name

    @property
    def best_loss_(self) -> float | None:
        """The lowest training loss of ``loss_curve_``; None with ``early_stopping`` (the
        validation decides there), as in scikit-learn."""
        check_is_fitted(self, "network_")
        if self.validation_loss_curve_ is not None or not self.loss_curve_:
            return None
        return min(self.loss_curve_)

    @property
    def best_validation_score_(self) -> float | None:
        """The best of ``validation_scores_``; None without ``early_stopping``."""
        scores = self.validation_scores_
        return None if scores is None else max(scores)

    # ------------------------------------------------------------------ checks
    def _check_params(self) -> tuple[int, ...]:
        sizes: Any = self.hidden_layer_sizes
        if isinstance(sizes, numbers.Integral) and not isinstance(sizes, bool):
            sizes = (sizes,)
        if isinstance(sizes, np.ndarray) and sizes.ndim == 1:
            sizes = sizes.tolist()  # as MLPClassifier takes it
        if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
            raise TypeError(
                f"hidden_layer_sizes: expected a sequence of layer sizes such as (100,), "
                f"got {self.hidden_layer_sizes!r}"
            )
        sizes = tuple(v.check_int("hidden_layer_sizes", s, minimum=1) for s in sizes)
        if self.batch_size != "auto":
            v.check_int("batch_size", self.batch_size, minimum=1)
        v.check_positive("tol", self.tol, allow_zero=True)
        v.check_int("n_iter_no_change", self.n_iter_no_change, minimum=1)
        v.check_int("epochs", self.epochs, minimum=1)
        frac = v.check_positive("validation_fraction", self.validation_fraction)
        if self.early_stopping and frac >= 1:
            raise ValueError(
                "validation_fraction: expected a number in (0, 1), "
                f"got {self.validation_fraction!r}"
            )
        if not callable(self.schedule):
            v.check_choice("schedule", self.schedule, SCHEDULES)
        v.check_dtype(self.dtype)
        check_blas_threads(self.blas_threads)
        return sizes

    def _schedule(self, offset: int) -> Callable[[int], float] | None:
        """``epoch -> learning rate`` counted from the first epoch ever trained."""
        if callable(self.schedule):
            base = self.schedule
        elif self.schedule == "constant":
            return None
        else:
            base = SCHEDULES[self.schedule](self.learning_rate, self.decay_rate)
        return lambda epoch: base(epoch + offset)

    def _validate_X(self, X: Any, reset: bool) -> Array:
        return validate_data(
            self, X, reset=reset, dtype=v.check_dtype(self.dtype), accept_sparse=_SPARSE
        )

    # --------------------------------------------------------------- training
    def _train(
        self,
        X: Array,
        Y: Array,
        *,
        epochs: int,
        incremental: bool,
        weights: Array | None = None,
        scored: Array | None = None,
    ) -> None:
        """Train ``self.network_`` on ``X`` (m, n) and engine targets ``Y`` (k, m), with
        per-row ``weights`` (m,) in the cost (sample × class weights) or None; held-out
        rows are scored with their ``scored`` weights, the sample weights alone (as
        scikit-learn scores a validation set), or unweighted with None."""
        m = X.shape[0]
        batch = min(200, m) if self.batch_size == "auto" else int(self.batch_size)
        rng = self._rng
        validation = None
        patience: int | None = None if incremental else self.n_iter_no_change
        if self.early_stopping and not incremental:
            stratify = Y[0] if self._output_activation != "identity" and Y.shape[0] == 1 else None
            given = [w for w in (weights, scored) if w is not None]
            parts = train_test_split(
                X,
                Y.T,
                *given,
                test_size=self.validation_fraction,
                random_state=rng,
                stratify=stratify,
            )
            X, Xv, Yt, Yv = parts[:4]
            pairs = zip(parts[4::2], parts[5::2])  # (training, held out) of each given
            weights = None if weights is None else next(pairs)[0]
            wv = None if scored is None else next(pairs)[1]
            if wv is not None and not wv.any():
                wv = None  # held-out rows all of weight 0: scored as they are
            Y, validation = Yt.T, (Xv.T, Yv.T, wv)
            patience = None  # the validation cost decides, inside the engine
        stopper = _StopOnPlateau(self.tol, patience, self.verbose)
        stopper.scored = None if validation is None else self._scorer(*validation)
        history = train(
            self.network_,
            X.T,  # (n, m) view: the engine's examples-as-columns layout
            Y,
            optimizer=self.optimizer,
            learning_rate=self.learning_rate,
            schedule=self._schedule(self.n_iter_),
            epochs=epochs,
            batch_size=batch,
            l2=self.l2,
            keep_prob=self.keep_prob,
            seed=np.random.default_rng(rng.randint(np.iinfo(np.int32).max)),
            validation_data=validation,
            early_stopping=self.n_iter_no_change if validation is not None else None,
            min_delta=self.tol,
            progress=self.progress,
            callback=stopper,
            optimizer_state=self._optimizer_state,
            blas_threads=self.blas_threads,
            sample_weight=weights,
        )
        self.n_iter_ += history.n_epochs
        self.t_ += history.n_epochs * X.shape[0]
        self.loss_curve_.extend(history.costs)
        self.loss_ = history.costs[-1] if history.costs else math.nan
        if validation is not None:
            self.validation_loss_curve_ = history.val_costs
            self.validation_scores_ = stopper.scores or list(history.val_accuracies)
            self.best_epoch_ = history.best_epoch
        if not incremental and not (stopper.converged or history.stopped_early) and epochs > 0:
            warnings.warn(
                f"{type(self).__name__}: reached epochs={epochs} while the loss was still "
                f"improving by more than tol={self.tol}; consider raising epochs",
                ConvergenceWarning,
                stacklevel=3,
            )

    def _scorer(self, Xv: Array, Yv: Array, wv: Array | None) -> Callable[[Network], float] | None:
        """``net -> validation score`` for ``validation_scores_``, or None: the engine's
        validation accuracy (recorded by ``fit``, weighted by ``wv``) is the
        classifier's score."""
        return None

    def _start_or_continue(self, n_features: int, n_outputs: int) -> None:
        """What ``fit`` does first: :meth:`_start` afresh, or with ``warm_start`` and a
        network of the same shape keep its weights and record, with a fresh optimizer
        (as scikit-learn's ``warm_start``)."""
        if not (self.warm_start and hasattr(self, "network_")):
            self._start(n_features, n_outputs)
            return
        sizes = self._check_params()
        dims = (n_features, *sizes, n_outputs)
        if tuple(self.network_.layer_dims) != dims:
            raise ValueError(
                f"warm_start: expected data and hidden_layer_sizes giving the layers "
                f"{list(self.network_.layer_dims)} of the previous fit, got {list(dims)}"
            )
        self._optimizer_state = {}

    def _start(self, n_features: int, n_outputs: int) -> None:
        """A fresh network, optimizer state and record (what ``fit`` always does)."""
        sizes = self._check_params()
        self._rng = check_random_state(self.random_state)
        self.network_ = Network(
            [n_features, *sizes, n_outputs],
            hidden_activation=self.activation,
            output_activation=self._output_activation,
            initializer=self.initializer,
            seed=self._rng,
            dtype=self.dtype,
            # MLPClassifier's bound for logistic hidden units is √(2/fan) rather than √(6/fan)
            **self._init_settings(),
        )
        self._optimizer_state = {}
        self.n_iter_ = 0
        self.t_ = 0
        self.loss_curve_: list[float] = []
        self.validation_loss_curve_ = None
        self.validation_scores_ = None
        self.best_epoch_ = None

    def _init_settings(self) -> dict[str, Any]:
        if self.initializer == "glorot_uniform" and self.activation == "sigmoid":
            return {"factor": 2.0}
        return {}

    def _weights(self, sample_weight: Any, m: int) -> Array | None:
        """``sample_weight`` checked: None or a (m,) array of weights ≥ 0."""
        return v.check_sample_weight(sample_weight, m, np.dtype(self.dtype))

    def _forward(self, X: Any) -> Array:
        """Network outputs of shape (m, n_outputs) for validated rows ``X``."""
        check_is_fitted(self, "network_")
        X = self._validate_X(X, reset=False)
        return self.network_.predict_proba(X.T).T


class NeuralNetClassifier(ClassifierMixin, _BaseNeuralNet):
    """A multi-layer perceptron classifier trained by the neuronlab engine.

    Two classes get one sigmoid output (binary cross-entropy), three or more a
    softmax (categorical cross-entropy).  Labels may be of any type scikit-learn
    accepts (ints, strings, {-1, 1}, …); they are encoded with a ``LabelEncoder``.

    Parameters
    ----------
    hidden_layer_sizes : sizes of the hidden layers, e.g. ``(100,)`` or ``(64, 32)``;
        ``()`` gives logistic/softmax regression.
    activation : hidden activation (``"relu"``, ``"tanh"``, ``"sigmoid"``,
        ``"leaky_relu"``, ``"identity"``).
    initializer : ``"glorot_uniform"`` (default: weights and biases ``U(-a, a)``,
        ``a = √(6/(n_in + n_out))``, or √(2/…) for sigmoid hidden units: MLPClassifier's
        start for the same ``random_state``), ``"he"``, ``"xavier"``,
        ``"sqrt_n_in"``, ``"random"``, ``"uniform"``, ``"zeros"``.
    optimizer : ``"adam" | "gd" | "momentum" | "rmsprop"``, or a dict such as
        ``{"name": "adam", "beta1": 0.9}`` with the optimizer's settings.
    learning_rate : step size α (the start value of a schedule).
    schedule : ``"constant" | "inverse_time" | "stepped_inverse_time" |
        "exponential"`` (see :mod:`neuronlab.optimizers`, with ``decay_rate``), or a
        callable ``epoch -> learning rate``.  Epochs count across ``partial_fit`` calls.
    decay_rate : the schedule's decay rate.
    batch_size : mini-batch size; ``"auto"`` is ``min(200, m)``.  A size ≥ m trains
        full-batch.
    epochs : passes over the data in ``fit`` (scikit-learn's ``max_iter``).
    l2 : L2 strength; the cost gains ``l2/(2m)·Σ||W||²`` (scikit-learn's ``alpha``).
    keep_prob : dropout keep probability of the hidden layers (1: no dropout).
    tol, n_iter_no_change : stop once the training loss has not fallen by more
        than ``tol`` for more than ``n_iter_no_change`` epochs in a row (with
        ``early_stopping``: once the validation cost has not, for that many epochs).
    early_stopping : hold out ``validation_fraction`` of the rows (stratified),
        stop on their cost and restore the best weights.
    validation_fraction : share of the rows held out for early stopping, in (0, 1).
    random_state : seeds the weights, the shuffling, dropout and the split.
    verbose : print the loss of every epoch.
    progress : show a tqdm progress bar.
    dtype : ``"float64"`` or ``"float32"``, used end to end.
    class_weight : ``"balanced"`` (class ``c`` weighs ``m / (n_classes · m_c)``), a dict
        ``{label: weight}`` (unlisted classes weigh 1) or None; multiplies ``sample_weight``.
        ``partial_fit`` takes only a dict (one batch cannot tell the classes' shares).
    warm_start : ``fit`` goes on from the previous fit's weights (fresh optimizer state,
        ``n_iter_`` and ``loss_curve_`` continued) instead of starting afresh.
    blas_threads : BLAS threads while fitting; None (default) chooses per fit: 1 for
        small products (they are faster on one) or inside a worker limited to 1, else the
        limit in force up to the cores (see :mod:`neuronlab.threads`); an int: that many.
        Keeps processes sharing the cores (joblib, Dask) from collapsing.

    Attributes
    ----------
    classes_ : the class labels, of shape (n_classes,).
    network_ : the trained :class:`neuronlab.Network` (``network_.save(path)``).
    coefs_, intercepts_ : weights (n_in, n_out) and biases (n_out,) per layer,
        live views of the network's parameters.
    loss_curve_ : training loss of every epoch (including the L2 term); ``loss_``
        the last one.
    n_iter_ : epochs trained, across ``fit`` and ``partial_fit``.
    validation_loss_curve_, best_epoch_ : with ``early_stopping``, else None.
    validation_scores_, best_validation_score_ : with ``early_stopping``, the held-out
        rows' accuracy every epoch and its best (None without), as scikit-learn's.
    best_loss_ : the lowest of ``loss_curve_`` (None with ``early_stopping``).
    t_ : training rows seen (epochs × rows), as scikit-learn's.
    n_layers_, out_activation_ : layers counting input and output; ``"logistic"`` or
        ``"softmax"``.
    n_features_in_, feature_names_in_ : set by scikit-learn's ``validate_data``.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = NeuralNetClassifier((16,), learning_rate=0.01, epochs=300, random_state=0)
    >>> clf.fit(X, y).score(X, y) > 0.9
    True
    """

    _output_activation = "softmax"

    def __init__(
        self,
        hidden_layer_sizes: Sequence[int] = (100,),
        activation: str = "relu",
        initializer: str = "glorot_uniform",
        optimizer: str | dict[str, Any] = "adam",
        learning_rate: float = 0.001,
        schedule: str | Callable[[int], float] = "constant",
        decay_rate: float = 1.0,
        batch_size: int | str = "auto",
        epochs: int = 200,
        l2: float = 0.0001,
        keep_prob: float = 1.0,
        tol: float = 1e-4,
        n_iter_no_change: int = 10,
        early_stopping: bool = False,
        validation_fraction: float = 0.1,
        random_state: int | np.random.RandomState | None = None,
        verbose: bool = False,
        progress: bool = False,
        dtype: str = "float64",
        blas_threads: int | None = None,
        warm_start: bool = False,
        class_weight: str | dict[Any, float] | None = None,
    ) -> None:
        super().__init__(
            hidden_layer_sizes=hidden_layer_sizes,
            activation=activation,
            initializer=initializer,
            optimizer=optimizer,
            learning_rate=learning_rate,
            schedule=schedule,
            decay_rate=decay_rate,
            batch_size=batch_size,
            epochs=epochs,
            l2=l2,
            keep_prob=keep_prob,
            tol=tol,
            n_iter_no_change=n_iter_no_change,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            random_state=random_state,
            verbose=verbose,
            progress=progress,
            dtype=dtype,
            blas_threads=blas_threads,
            warm_start=warm_start,
        )
        self.class_weight = class_weight

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = False
        return tags

    def _encode(self, y: Array) -> Array:
        """Engine targets: a row of 0/1 (one sigmoid) or class indices (softmax), (1, m)."""
        return self._label_encoder.transform(y).reshape(1, -1)

    def _set_classes(self, classes: Array) -> None:
        if len(classes) < 2:
            raise ValueError(
                f"y: expected at least 2 classes to learn to tell apart, got 1 class "
                f"{classes.tolist()!r}"
            )
        self._label_encoder = LabelEncoder().fit(classes)
        self.classes_ = self._label_encoder.classes_
        self._output_activation = "sigmoid" if len(self.classes_) == 2 else "softmax"

    def _n_outputs(self) -> int:
        return 1 if len(self.classes_) == 2 else len(self.classes_)

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> NeuralNetClassifier:
        """Train from scratch (``warm_start``: from the last fit's weights) on rows ``X`` of
        shape (m, n_features) and labels ``y`` (m,); ``sample_weight`` (m,): each row's
        weight in the loss (integer weights act as repeated rows)."""
        X, y = validate_data(self, X, y, dtype=v.check_dtype(self.dtype), accept_sparse=_SPARSE)
        check_classification_targets(y)
        weights = self._weights(sample_weight, X.shape[0])
        classes = unique_labels(y)
        if self.warm_start and hasattr(self, "classes_"):
            if not np.array_equal(classes, self.classes_):
                raise ValueError(
                    f"y: warm_start expected the classes {self.classes_.tolist()!r} of the "
                    f"previous fit, got {classes.tolist()!r}"
                )
        else:
            self._set_classes(classes)
        self._start_or_continue(X.shape[1], self._n_outputs())
        Y = self._encode(y)
        sample = weights
        weights = self._class_weighted(Y[0], weights, incremental=False)
        self._train(X, Y, epochs=self.epochs, incremental=False, weights=weights, scored=sample)
        return self

    def _class_weighted(
        self, codes: Array, weights: Array | None, incremental: bool
    ) -> Array | None:
        """``weights`` times each row's class weight (``codes``: class indices, (m,))."""
        cw = self.class_weight
        if cw is None:
            return weights
        if isinstance(cw, str) and cw == "balanced" and not incremental:
            counts = np.bincount(codes.astype(np.intp), minlength=len(self.classes_))
            per_class = len(codes) / (len(self.classes_) * np.maximum(counts, 1))
        elif isinstance(cw, dict):
            unknown = [k for k in cw if k not in set(self.classes_.tolist())]
            if unknown:
                raise ValueError(
                    f"class_weight: expected labels among {self.classes_.tolist()!r}, "
                    f"got {unknown!r}"
                )
            per_class = np.array([cw.get(c, 1.0) for c in self.classes_.tolist()])
            if not (np.isfinite(per_class).all() and (per_class >= 0).all()):
                raise ValueError(f"class_weight: expected weights >= 0, got {cw!r}")
        else:
            allowed = "a dict {label: weight}" + (
                " (partial_fit)" if incremental else ", 'balanced'"
            )
            raise ValueError(f"class_weight: expected {allowed} or None, got {cw!r}")
        rows = per_class.astype(self.dtype)[codes.astype(np.intp)]
        out = rows if weights is None else rows * weights
        return v.check_sample_weight(out, len(codes), np.dtype(self.dtype))

    def partial_fit(
        self, X: Any, y: Any, classes: Any = None, sample_weight: Any = None
    ) -> NeuralNetClassifier:
        """One epoch over ``(X, y)``, continuing the weights and the optimizer state.

        ``classes`` (every label that will ever occur) is required on the first
        call, as for every scikit-learn classifier with ``partial_fit``;
        ``sample_weight`` as in :meth:`fit`.
        """
        first = not hasattr(self, "network_")
        X, y = validate_data(
            self, X, y, reset=first, dtype=v.check_dtype(self.dtype), accept_sparse=_SPARSE
        )
        check_classification_targets(y)
        if first:
            if classes is None:
                raise ValueError(
                    "classes: expected every class label on the first call to partial_fit, got None"
                )
            self._set_classes(unique_labels(classes))
            self._start(X.shape[1], self._n_outputs())
        elif classes is not None and not np.array_equal(unique_labels(classes), self.classes_):
            raise ValueError(
                f"classes: expected {self.classes_.tolist()!r} as on the first call, "
                f"got {unique_labels(classes).tolist()!r}"
            )
        unseen = np.setdiff1d(unique_labels(y), self.classes_)
        if unseen.size:
            raise ValueError(
                f"y: expected labels among {self.classes_.tolist()!r}, "
                f"got unseen {unseen.tolist()!r}"
            )
        weights = self._weights(sample_weight, X.shape[0])
        Y = self._encode(y)
        weights = self._class_weighted(Y[0], weights, incremental=True)
        self._train(X, Y, epochs=1, incremental=True, weights=weights)
        return self

    def predict_proba(self, X: Any) -> Array:
        """Class probabilities of shape (m, n_classes), columns in ``classes_`` order."""
        P = self._forward(X)
        if P.shape[1] == 1:  # one sigmoid unit: P(classes_[1])
            return np.hstack([1 - P, P])
        return P

    def predict_log_proba(self, X: Any) -> Array:
        """``log(predict_proba(X))``, of shape (m, n_classes)."""
        return np.log(self.predict_proba(X))

    def predict(self, X: Any) -> Array:
        """The most probable class of each row, of shape (m,)."""
        P = self.predict_proba(X)  # first: it raises NotFittedError before fit
        return self.classes_[np.argmax(P, axis=1)]


class NeuralNetRegressor(RegressorMixin, _BaseNeuralNet):
    """A multi-layer perceptron regressor: identity output, mean squared error.

    Takes the parameters of :class:`NeuralNetClassifier` but ``class_weight``.  The cost is
    ``(1/(2m)) Σ (ŷ - y)²`` (plus the L2 term), scikit-learn's squared loss for
    one output; ``y`` may have several columns (one output unit each).

    Attributes
    ----------
    n_outputs_ : number of targets; ``predict`` returns shape (m,) when ``y`` was 1-D.
    network_, coefs_, intercepts_, loss_curve_, loss_, n_iter_, t_, n_layers_,
    best_loss_ : as for the classifier; ``out_activation_`` is ``"identity"``.
    validation_scores_, best_validation_score_ : with ``early_stopping``, the held-out
        rows' R² every epoch and its best (None without), as scikit-learn's.
    """

    _output_activation = "identity"

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def _scorer(self, Xv: Array, Yv: Array, wv: Array | None) -> Callable[[Network], float] | None:
        """R² of the validation rows, weighted by ``wv`` (scikit-learn's ``score``)."""
        return lambda net: float(r2_score(Yv.T, net.predict_proba(Xv).T, sample_weight=wv))

    def _targets(self, y: Array) -> Array:
        return y.reshape(-1, 1).T if y.ndim == 1 else y.T  # (k, m)

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> NeuralNetRegressor:
        """Train from scratch (``warm_start``: from the last fit's weights) on rows ``X`` of
        shape (m, n_features) and ``y`` (m,) or (m, k); ``sample_weight`` (m,): each row's
        weight in the loss."""
        X, y = validate_data(
            self,
            X,
            y,
            multi_output=True,
            y_numeric=True,
            dtype=v.check_dtype(self.dtype),
            accept_sparse=_SPARSE,
        )
        weights = self._weights(sample_weight, X.shape[0])
        self._y_1d = y.ndim == 1
        self.n_outputs_ = 1 if y.ndim == 1 else y.shape[1]
        self._start_or_continue(X.shape[1], self.n_outputs_)
        self._train(
            X, self._targets(y), epochs=self.epochs, incremental=False, weights=weights,
            scored=weights,
        )  # fmt: skip
        return self

    def partial_fit(self, X: Any, y: Any, sample_weight: Any = None) -> NeuralNetRegressor:
        """One epoch over ``(X, y)``, continuing the weights and the optimizer state;
        ``sample_weight`` as in :meth:`fit`."""
        first = not hasattr(self, "network_")
        X, y = validate_data(
            self,
            X,
            y,
            reset=first,
            multi_output=True,
            y_numeric=True,
            dtype=v.check_dtype(self.dtype),
            accept_sparse=_SPARSE,
        )
        n_outputs = 1 if y.ndim == 1 else y.shape[1]
        if first:
            self._y_1d = y.ndim == 1
            self.n_outputs_ = n_outputs
            self._start(X.shape[1], n_outputs)
        elif n_outputs != self.n_outputs_:
            raise ValueError(
                f"y: expected {self.n_outputs_} target column(s) as before, got {n_outputs}"
            )
        weights = self._weights(sample_weight, X.shape[0])
        self._train(X, self._targets(y), epochs=1, incremental=True, weights=weights)
        return self

    def predict(self, X: Any) -> Array:
        """Predictions of shape (m,) for a 1-D training ``y``, else (m, n_outputs)."""
        out = self._forward(X)
        return out[:, 0] if self._y_1d else out
