"""``import neuronlab`` stays light: the heavy libraries load when first used.

Checked by what a fresh interpreter has in ``sys.modules`` after the import, not by
timing it (a timed test fails on a busy machine and passes on a broken one).
"""

from __future__ import annotations

import json
import subprocess
import sys

#: Loaded on first use only: SciPy by the sigmoid and the full-batch solvers,
#: scikit-learn by the estimators, matplotlib by figures, tqdm by a progress bar,
#: importlib.metadata by ``__version__``, the model-file code by ``ModelFileError``;
#: the full-batch solvers and the gradient checker when asked for (a network needs neither).
HEAVY = (
    "scipy",
    "sklearn",
    "matplotlib",
    "tqdm",
    "importlib.metadata",
    "neuronlab.io",
    "neuronlab.fullbatch",
    "neuronlab.gradcheck",
)


def fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter; it prints one JSON value."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(done.stdout)


def test_import_neuronlab_loads_no_heavy_library():
    loaded = fresh(
        "import sys, json, neuronlab\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(heavy))))"
    )
    assert not [m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY], loaded


def test_the_lazy_names_load_when_asked_for():
    found = fresh(
        "import sys, json, neuronlab as nl\n"
        "from neuronlab import __version__, ModelFileError\n"
        "import numpy as np\n"
        "nl.activations.sigmoid(np.zeros(2))\n"
        "print(json.dumps([__version__, ModelFileError.__module__, 'scipy' in sys.modules,"
        " nl.NeuralNetClassifier.__name__, nl.gradcheck.__name__, nl.fullbatch.__name__]))"
    )
    version, module, scipy_loaded, estimator, *tools = found
    assert isinstance(version, str) and version
    assert (module, scipy_loaded, estimator) == ("neuronlab.io", True, "NeuralNetClassifier")
    assert tools == ["neuronlab.gradcheck", "neuronlab.fullbatch"]


def test_no_stray_names_at_the_top_level():
    names = fresh(
        "import json, types, neuronlab as nl\n"
        "print(json.dumps([n for n, v in vars(nl).items() if not n.startswith('_')"
        " and not isinstance(v, types.ModuleType)]))"
    )
    import neuronlab as nl

    stray = [n for n in names if n not in nl.__all__]  # e.g. version, PackageNotFoundError
    assert not stray, stray
    for name in nl.__all__:  # and every public name resolves
        assert getattr(nl, name) is not None
