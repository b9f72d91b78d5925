"""Entry script of the frozen app (packaging/jarvis.spec): the ``jarvis`` command.

It lives here rather than being jarvis/__main__.py because PyInstaller puts
the entry script's folder on the module path, and jarvis/ holds modules
(``config``, ``keys``, ``logs`` ...) that must only be importable as
``jarvis.<name>``.
"""

import sys

from jarvis.cli import main

if __name__ == "__main__":
    sys.exit(main())
