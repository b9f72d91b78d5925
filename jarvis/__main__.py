"""``python -m jarvis``: the same as the ``jarvis`` command."""

import sys

from jarvis.cli import main

sys.exit(main())
