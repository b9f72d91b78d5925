"""The guard: what Jarvis checks before text leaves the machine and after a
reply comes back.

Qt-free and I/O-free: every function here takes text and returns text or
findings, so the facade, the CLI and the tests drive the same code.

- :mod:`jarvis.guard.text`: Unicode normalization, tag characters, bidi
  controls (C13).
- :mod:`jarvis.guard.secrets`: keys, tokens and passwords in text.
- :mod:`jarvis.guard.pii`: personal data and the placeholder redactor.
- :mod:`jarvis.guard.untrusted`: pasted HTML, attachments, fencing.
- :mod:`jarvis.guard.inbound`: the one entry point for a prompt.
- :mod:`jarvis.guard.stream`: the filter every reply chunk passes through.
"""
