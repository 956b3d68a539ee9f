"""``neuronlab check`` on lab 3.3's two notebooks: what is particular to them.

The step-by-step notebook and the cat application share one facade (``neuronlab.labs.deep``)
but not one ``initialize_parameters_deep``: the application's helper module has its own
(seed 1, ``randn / √n_{l-1}``), and its ``update_parameters`` updates the given dict in
place. The planted mistakes of both labs are in ``test_check.MISTAKES``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from neuronlab.check import check, helpers
from neuronlab.check.cases import facade
from neuronlab.labs import deep

LEARNERS = Path(__file__).parent / "learners"
SEED = 20261203


def planted(lab: str, old: str, new: str) -> str:
    """The learner's file with ``old`` made ``new`` (several edits joined by `` | ``)."""
    text = (LEARNERS / f"{lab}.py").read_text()
    for before, after in zip(old.split(" | "), new.split(" | "), strict=True):
        assert text.count(before) == 1, f"{before!r} must occur once in the {lab} learner"
        text = text.replace(before, after)
    return text


def status(report: Any, name: str) -> tuple[str, list[str]]:
    (found,) = [f for f in report.functions if f.name == name]
    return found.status, found.diagnoses


def _helper(name: str) -> helpers._Helper:
    return helpers._Helper(name, *helpers.HELPERS[name])


@pytest.mark.parametrize("name", ["dnn_app_utils", "dnn_app_utils_v3"])
def test_the_application_helpers_serve_the_applications_initialiser(name: str) -> None:
    module = _helper(name)
    assert "initialize_parameters_deep" in module.__all__
    got = module.initialize_parameters_deep([6, 4, 1])
    want = deep.initialize_parameters_deep_app([6, 4, 1])
    assert {k: v.tolist() for k, v in got.items()} == {k: v.tolist() for k, v in want.items()}
    rand = np.random.RandomState(1).randn
    assert np.allclose(got["W1"], rand(4, 6) / np.sqrt(6))  # seed 1, / √n_prev: not ×0.01
    # the step-by-step notebook's helpers serve no initialiser: the learner writes it
    assert "initialize_parameters_deep" not in _helper("dnn_utils").__all__


def test_the_application_helpers_update_in_place_as_the_course() -> None:
    module = _helper("dnn_app_utils_v3")
    params = deep.initialize_parameters_deep_app([3, 2, 1])
    W1 = params["W1"]
    grads = {"d" + k: np.ones_like(v) for k, v in params.items()}
    returned = module.update_parameters(params, grads, 0.5)
    assert returned is params and np.allclose(params["W1"], W1 - 0.5)
    assert np.allclose(W1, returned["W1"] + 0.5)  # new arrays under the keys, as the course's


def test_the_application_is_answered_by_the_deep_facade() -> None:
    assert facade("deep_app") == "deep" and facade("planar") == "planar"


@pytest.mark.slow
def test_a_model_that_relies_on_the_in_place_update_passes(tmp_path: Path) -> None:
    """The course's ``update_parameters`` updates in place, so not assigning its result
    trains all the same there: no false alarm here either."""
    path = tmp_path / "mine.py"
    call = "update_parameters(parameters, grads, learning_rate)\n        if"
    path.write_text(planted("deep_app", f"        parameters = {call}", f"        {call}"))
    report = check(str(path), seed=SEED)
    assert status(report, "L_layer_model") == ("pass", []), report.text()


@pytest.mark.slow
def test_2017_gradient_names_pass_and_other_names_are_a_keys_difference(tmp_path: Path) -> None:
    """2017 named dA_{l-1}'s gradient "dA{l}" (the same numbers, names shifted by one): an
    alternative. Other names fail with the keys expected and found."""
    path = tmp_path / "mine.py"
    path.write_text(
        planted(
            "deep",
            'grads["dA" + str(L - 1)] | grads["dA" + str(l + 1)], current_cache | '
            'grads["dA" + str(l)] = ',
            'grads["dA" + str(L)] | grads["dA" + str(l + 2)], current_cache | '
            'grads["dA" + str(l + 1)] = ',
        )
    )
    report = check(str(path), seed=SEED)
    assert status(report, "L_model_backward") == ("pass", []), report.text()

    renamed = "    return grads\n\n\ndef update"
    path.write_text(
        planted(
            "deep",
            renamed,
            '    return {k.replace("dA", "dA_prev"): v for k, v in grads.items()}\n\n\ndef update',
        )
    )
    report = check(str(path), seed=SEED)
    (result,) = [f for f in report.functions if f.name == "L_model_backward"]
    assert result.status == "fail", report.text()
    assert result.message.startswith("keys: ") and "no 'dA1', 'dA0'" in result.message
