"""Jarvis service layer: keys, guard, limits, routing, providers and logs.

Everything under this package is plain asyncio and never imports Qt, so the
same core drives the desktop window, the command line and the tests.
"""

__version__ = "0.1.0"
