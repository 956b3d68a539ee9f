"""Lab 3.1's course helpers: ``lr_utils.load_dataset`` and the 2023 data tests.

The notebook reads the cat pictures from ``datasets/`` beside it (its working folder);
``neuronlab course`` copies them there.  Their names depend on the course version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from neuronlab.course.grading import expect_equal
from neuronlab.data import DataFileMissing, load_cat, read_cat
from neuronlab.images import flatten_images

#: Where each version's notebook reads the training and the test pictures.
CAT_FILES = {
    "2019": ("datasets/train_catvnoncat.h5", "datasets/test_catvnoncat.h5"),
    "2021": ("datasets/train_catvnoncat.h5", "datasets/test_catvnoncat.h5"),
    "2023": ("datasets/train.h5", "datasets/test.h5"),
}


def load_dataset(version: str, lab: str = "logistic_regression") -> tuple[Any, ...]:
    """``(train_set_x_orig (209, 64, 64, 3) uint8, train_set_y (1, 209), test_set_x_orig
    (50, 64, 64, 3) uint8, test_set_y (1, 50), classes)`` as ``version``'s notebook
    reads them: from ``datasets/`` in the working folder, each file checked by digest;
    without them, from neuronlab's data folder.  ``classes`` holds bytes
    (``b'non-cat'``, ``b'cat'``) up to 2021, text in 2023.  ``lab`` is named in the
    message when the pictures are nowhere (the cat application reads the same files)."""
    train, test = (Path(name) for name in CAT_FILES[version])
    if train.is_file() and test.is_file():
        arrays = read_cat(train, test)
    else:
        try:
            arrays = load_cat()
        except DataFileMissing as exc:
            raise DataFileMissing(
                f"the cat pictures are neither at {train} and {test} (beside the notebook) "
                f"nor in neuronlab's data folder: {exc}; `neuronlab course {lab} "
                f". --version {version}` copies them here"
            ) from None
    *pictures, classes = arrays
    if version >= "2023":
        classes = np.char.decode(classes, "utf-8")
    return (*pictures, classes)


def dataset_test(m_train: Any, m_test: Any, num_px: Any, version: str = "2023") -> None:
    """The notebook's counts: training and test examples, and the pictures' side."""
    train_x, _, test_x, _, _ = load_dataset(version)
    expect_equal(
        "dataset_test",
        [
            ("m_train", m_train, train_x.shape[0]),
            ("m_test", m_test, test_x.shape[0]),
            ("num_px", num_px, train_x.shape[1]),
        ],
    )


def reshape_test(train_flatten: Any, test_flatten: Any, version: str = "2023") -> None:
    """The pictures flattened to one column each, (64·64·3, m), not yet divided by 255."""
    train_x, _, test_x, _, _ = load_dataset(version)
    expect_equal(
        "reshape_test",
        [
            ("train_set_x_flatten", train_flatten, np.rint(flatten_images(train_x) * 255)),
            ("test_set_x_flatten", test_flatten, np.rint(flatten_images(test_x) * 255)),
        ],
    )
