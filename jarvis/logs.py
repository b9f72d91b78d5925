"""Logging set-up: one file under the log folder, keys never written.

Modules log through ``logging.getLogger(__name__)`` and configure nothing;
the entry points call :func:`setup`. Every record passes a redaction filter
that replaces anything shaped like a provider key, and every key Jarvis
knows of, before any handler formats it. Prompt and reply text are never
logged by Jarvis' own modules.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

# Shapes of provider keys and tokens (Anthropic, OpenAI, Google, bearer).
_KEY_SHAPES = re.compile(
    r"(sk-[A-Za-z0-9_\-]{8,}|AIza[0-9A-Za-z_\-]{20,}|"
    r"(?i:bearer)\s+[A-Za-z0-9._\-]{8,}|"
    r"(?i:(?:api[_-]?key|x-api-key|x-goog-api-key|key)=)[A-Za-z0-9._\-]{8,})"
)
_SDK_LOGGERS = ("httpx", "httpx2", "httpcore", "openai", "anthropic",
                "google_genai", "google.genai")
REDACTED = "[REDACTED]"


class RedactingFilter(logging.Filter):
    """Replaces key-shaped strings and known keys in every record."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        super().__init__()
        self._known: set[str] = {k for k in known if len(k) >= 8}

    def remember(self, key: str) -> None:
        """Also redact this exact key from now on."""
        if len(key) >= 8:
            self._known.add(key)

    def redact(self, text: str) -> str:
        for key in self._known:
            text = text.replace(key, REDACTED)
        return _KEY_SHAPES.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = self.redact(message)
        record.args = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        record.exc_info = None
        return True


_FILTER = RedactingFilter()


def redaction() -> RedactingFilter:
    """The process-wide redaction filter (to register known keys)."""
    return _FILTER


CONTENT_BANNER = (
    "JARVIS_DEBUG=content: provider SDK debug logging is on. This log may "
    "contain prompt and reply text (never keys). Turn it off when done."
)


class _LogFile(logging.handlers.RotatingFileHandler):
    """The rotated log file; a write the disk refuses ends logging quietly.

    The standard handler prints "--- Logging error ---" with a traceback
    (and the record's arguments) to stderr for every record it could not
    write: on a full disk that buried the one message that matters. Here
    the first failure says so in one line and the rest are dropped.
    """

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        if self.failed:
            return
        self.failed = True
        problem = sys.exc_info()[1]
        why = getattr(problem, "strerror", None) or type(problem).__name__
        sys.stderr.write(f"jarvis: cannot write the log file {self.baseFilename} "
                         f"({why}); logging is off for this run.\n")

    def emit(self, record: logging.LogRecord) -> None:
        if not self.failed:
            super().emit(record)


def _handler(log_file: Path) -> logging.Handler:
    """The log file's handler; if the file cannot be opened (a read-only
    folder, a folder in its place), one line says so and nothing is logged
    this run: Python's last-resort handler would print each warning, with
    its traceback, under the message meant for the user."""
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = _LogFile(log_file, maxBytes=2_000_000, backupCount=3,
                           encoding="utf-8")
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        sys.stderr.write(f"jarvis: cannot open the log file {log_file} ({why}); "
                         "logging is off for this run.\n")
        return logging.NullHandler()
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_FILTER)
    return handler


def setup(log_file: Path, *, debug: str | None = None) -> None:
    """Log to ``log_file`` (rotated).

    Args:
        log_file: where to write.
        debug: ``JARVIS_DEBUG`` when None. ``"1"``: Jarvis' own modules at
            DEBUG (no prompt or reply text). ``"content"``: the labelled
            debug mode, with the SDKs at DEBUG too, whose request dumps
            include prompt and reply text; the log says so at the top.
    """
    mode = os.environ.get("JARVIS_DEBUG", "") if debug is None else debug
    content = mode == "content"
    root = logging.getLogger()
    root.addHandler(_handler(log_file))
    level = logging.DEBUG if mode not in ("", "0") else logging.INFO
    logging.getLogger("jarvis").setLevel(level)
    logging.getLogger("ui").setLevel(level)
    for name in _SDK_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG if content else logging.WARNING)
    root.setLevel(logging.DEBUG if content else logging.WARNING)
    if content:
        logging.getLogger("jarvis").warning(CONTENT_BANNER)
