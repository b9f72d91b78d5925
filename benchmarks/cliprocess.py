"""``jarvis ask`` as a whole process against a minimal SDK script.

Both processes stream the same short reply from the same loopback
simulator with the same SDK (openai): Jarvis through its whole path (config,
keys, guard, limits, router, spend log, exit), the baseline as a ten-line
``openai.OpenAI(...).chat.completions.create(stream=True)`` script that
prints the text. Runs alternate; wall time from spawn to exit.

``jarvis ask`` runs without the cyclic garbage collector (``jarvis.cli``
turns it off for one-shot commands), which the minimal script keeps; two
more rows measure like for like: the same script with the collector off,
and Jarvis's own work alone, as ``main([...])`` (the collector on, as
when a program calls it).

Both sides run from bytecode, as installed packages do: the SDK's is
compiled at install, and the checkout is compiled here first, because with
``PYTHONDONTWRITEBYTECODE`` set (as on this project's machines) every edited
module would otherwise be compiled again by every run.
"""

from __future__ import annotations

import compileall
import subprocess
import sys
import time

from benchmarks.harness import ROOT, Figure, alternate, python_env, ratio_at_most
from benchmarks.simhome import sim_home

_MINIMAL = """\
import sys, openai
client = openai.OpenAI(api_key=sys.argv[2], base_url=sys.argv[1], max_retries=0)
stream = client.chat.completions.create(
    model="gpt-5-mini", messages=[{"role": "user", "content": "hi"}],
    stream=True, stream_options={"include_usage": True})
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        sys.stdout.write(chunk.choices[0].delta.content)
print()
"""
_NO_GC = "import gc; gc.disable(); __import__('atexit').register(gc.freeze)\n"
_AS_CALLED = ("import sys; from jarvis.cli import main; "
              "sys.exit(main(['ask', '-p', 'openai', 'hi']))")


def _timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0 or "greet" not in done.stdout:
        raise RuntimeError(f"{command[1:3]} failed: {done.stderr[-2000:]}")
    return elapsed


def measure(runs: int) -> list[Figure]:
    compileall.compile_dir(ROOT / "jarvis", quiet=1)
    with sim_home() as sim:
        keys = sim.fake_keys()
        env = python_env(JARVIS_HOME=str(sim.home), **keys)
        jarvis_cmd = [sys.executable, "-m", "jarvis", "ask", "-p", "openai", "hi"]
        minimal_cmd = [sys.executable, "-c", _MINIMAL,
                       sim.simulator.base_url("openai"), keys["OPENAI_API_KEY"]]
        no_gc_cmd = [*minimal_cmd[:2], _NO_GC + _MINIMAL, *minimal_cmd[3:]]
        called_cmd = [sys.executable, "-c", _AS_CALLED]
        commands = (jarvis_cmd, minimal_cmd, no_gc_cmd, called_cmd)
        for command in commands:  # the first creates the database: not timed
            _timed(command, env)
        jarvis, minimal, no_gc, called = alternate(
            runs, *(lambda c=c: _timed(c, env) for c in commands))
    return [
        Figure("`jarvis ask` whole process", jarvis, "ms", minimal,
               "<= 1.10x", ratio_at_most(1.10),
               "spawn to exit, short streamed reply; baseline: minimal "
               "openai script, same simulator"),
        Figure("  same, baseline with the collector off too", jarvis, "ms",
               no_gc, "info", note="like for like: gc.disable() and "
               "gc.freeze() at exit in the minimal script as in jarvis.cli"),
        Figure("  Jarvis with the collector on (main() called)", called, "ms",
               minimal, "info", note="Jarvis's imports and pipeline alone, "
               "against the plain minimal script"),
    ]
