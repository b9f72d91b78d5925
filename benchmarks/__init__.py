"""Reproducible performance measurements of Jarvis against bare baselines.

Run ``make bench`` or ``python -m benchmarks``: each measurement runs
several times, the median and spread are reported next to a baseline
measured in the same run, and the results go to ``docs/benchmarks.md``.
Only public tools are used: ``time.perf_counter``, ``resource``,
``tracemalloc`` and subprocesses. Nothing here is imported by the app.
"""
