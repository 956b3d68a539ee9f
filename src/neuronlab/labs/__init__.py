"""Course-compatible facades: one module per lab, the course's function names over the engine.

Two of the helpers that adapt the course's habits to the engine (:mod:`._adapt`) are
offered to the floor above, the experiments: :func:`parameter_copies` and
:func:`mislabeled_indices`.
"""

from neuronlab.labs._adapt import mislabeled_indices, parameter_copies

__all__ = ["mislabeled_indices", "parameter_copies"]
