"""``python -m neuronlab.cli …``: the ``neuronlab`` command."""

import sys

from neuronlab.cli import main

sys.exit(main())
