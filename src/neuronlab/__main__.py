"""``python -m neuronlab …``: the ``neuronlab`` command (as ``python -m neuronlab.cli``)."""

import sys

from neuronlab.cli import main

sys.exit(main())
