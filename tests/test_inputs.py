"""Matching data to a model's input (``neuronlab.inputs``) and the built-in data sets."""

from __future__ import annotations

import numpy as np
import pytest

from neuronlab.inputs import (
    image_spec,
    labelled_for_model,
    picture_shape,
    prepare,
    table_for_model,
    table_spec,
)
from neuronlab.userdata import BUILTIN, Examples, load_dataset


def table(X, names, source="t.csv"):
    return Examples(X=np.asarray(X, float), labels=None, names=[], kind="table",
                    source=source, feature_names=names)  # fmt: skip


def test_picture_shape_is_the_one_check_of_pictures():
    assert picture_shape(image_spec((8, 6, 3)), 144, "p.png") == [8, 6, 3]
    assert picture_shape({"kind": "any"}, 192, "p.png") == [8, 8, 3]  # a square RGB picture
    spec = {"kind": "table", "features": ["a", "b"], "mean": None, "std": None}
    with pytest.raises(ValueError, match=r"p.png: the model takes tables of 2 features \(a, b\)"):
        picture_shape(spec, 2, "p.png")
    with pytest.raises(ValueError, match="inputs of 10 values, not pictures"):
        picture_shape({"kind": "any"}, 10, "p.png")


def test_tables_are_matched_by_name_else_by_position():
    spec = {"kind": "table", "features": ["a", "b"], "mean": None, "std": None}
    got = table_for_model(table([[1, 1], [2, 2], [3, 3]], ["b", "id", "a"]), spec, 2)
    np.testing.assert_array_equal(got.X, [[3, 3], [1, 1]])
    got = table_for_model(table([[1], [2]], ["x", "y"]), spec, 2)  # by position
    np.testing.assert_array_equal(got.X, [[1], [2]])
    with pytest.raises(ValueError, match=r"t.csv: .* the file has 3 feature columns; missing"):
        table_for_model(table([[1], [2], [3]], ["x", "y", "z"]), spec, 2)


def test_table_spec_standardises_with_the_training_split():
    X = np.array([[1.0, 3.0], [5.0, 5.0]])  # the second feature is constant
    spec = table_spec(X, ["a", "b"], "t.csv")
    assert spec == {"kind": "table", "features": ["a", "b"], "mean": [2.0, 5.0], "std": [1.0, 1.0]}
    np.testing.assert_array_equal(prepare(X, spec), [[-1, 1], [0, 0]])
    assert table_spec(X, ["a", "b"], "t.csv", standardize=False)["mean"] is None
    with pytest.raises(ValueError, match="column 'a' holds values too large"):
        table_spec(np.array([[1e200, -1e200]]), ["a"], "t.csv")


@pytest.mark.parametrize("name", [n for n in BUILTIN if n != "cat"])
def test_every_built_in_set_is_labelled_columns(name):
    data = load_dataset(name)
    n_x, m = data.X.shape
    assert data.kind == "table" and data.source == name and len(data.feature_names) == n_x
    assert len(data.labels) == m == len(data.names) and set(data.labels) <= set(data.classes)
    assert (data.test is not None) == (name == "circles")


def test_an_unknown_name_lists_the_built_in_sets():
    with pytest.raises(FileNotFoundError, match=str(list(BUILTIN)).replace("[", r"\[")):
        load_dataset("no-such-set")


def test_evaluate_data_is_a_built_in_test_split_matched_to_the_model():
    spec = {"kind": "table", "features": ["x1", "x2"], "mean": None, "std": None}
    data = labelled_for_model("circles", spec, 2, None)
    assert data.source == "circles-test" and data.X.shape[0] == 2
    with pytest.raises(ValueError, match="digits: the model takes tables of 2 features"):
        labelled_for_model("digits", spec, 2, None)
