"""``python -m neuronlab.cli …``: the ``neuronlab`` command."""

import sys

from . import main

sys.exit(main())
