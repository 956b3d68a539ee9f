"""``neuronlab course``: a learner's course notebook runs offline, on neuronlab's files.

A course notebook imports helper modules (``lr_utils.py``, ``planar_utils.py``,
``testCases_v2.py``, ``public_tests.py`` …) and reads data files
(``datasets/train_catvnoncat.h5``) that a learner's copy often lacks, or has in another
course version.  :func:`prepare` writes them into the notebook's folder:

>>> from neuronlab.course import prepare
>>> prepare("logistic_regression", "my_lab/", version="2021")   # doctest: +SKIP

The modules are neuronlab's own (:mod:`.registry` says which, per lab and version):
each course name calls its implementation here — :mod:`.lr`, :mod:`.planar`,
:mod:`.deep`, :mod:`.deep_app`, :mod:`.initialization`, :mod:`.regularization`,
:mod:`.gradient_checking` and :mod:`.optimization` for the helpers and test cases,
:mod:`.grading` for the public tests, which grade the learner's function with
:func:`neuronlab.check.check` and print the course's pass line or the likely mistake.
:mod:`.writer` never writes over a learner's file; :mod:`.guess` reads the course
version off the notebook.
"""

from __future__ import annotations

from neuronlab.course.registry import LABS, MARKER, VERSIONS, CourseFile, files
from neuronlab.course.writer import MANIFEST, Outcome, prepare

__all__ = [
    "LABS",
    "MANIFEST",
    "MARKER",
    "VERSIONS",
    "CourseFile",
    "Outcome",
    "files",
    "prepare",
]
