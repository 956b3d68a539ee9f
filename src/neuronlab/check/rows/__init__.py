"""Each lab's rows of the check's table (:mod:`neuronlab.check.table`)."""
