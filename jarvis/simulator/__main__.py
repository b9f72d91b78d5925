"""``python -m jarvis.simulator [--port N]``: run the simulator standalone."""

from __future__ import annotations

import argparse

from jarvis.simulator.server import main


def run() -> int:
    """Parse the command line and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m jarvis.simulator")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    return main(parser.parse_args().port)


if __name__ == "__main__":
    raise SystemExit(run())
