"""Text for the user that a front end can show in the user's language.

The service layer speaks English and knows nothing of Qt, yet the window is
translated. A :class:`UserText` is the English sentence (so the CLI, logs
and every caller that treats it as a ``str`` keep working) that also
carries a stable ``code`` and the ``params`` it was built from; the window
maps the code to its own translated sentence (``ui/messages.py``) and falls
back to the English text for a code it does not know.

Codes are dotted, owner first ("guard.tags_removed"), and never change
meaning: add a new code instead. Parameters hold values, not sentences
(numbers, names, excerpts); a parameter that is itself a :class:`UserText`
is translated the same way.
"""

from __future__ import annotations

from typing import Any


class UserText(str):
    """An English message with a code and parameters for translation.

    Args:
        code: what the message says, as a stable name.
        text: the English text (what ``str()`` of it is).
        params: the values the text was built from.
    """

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, text: str, **params: Any) -> UserText:
        made = super().__new__(cls, text)
        made.code = code
        made.params = params
        return made

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        # copy and pickle rebuild it; params come back with __dict__.
        return (self.code, str(self))

    def __repr__(self) -> str:
        return f"UserText({self.code!r}, {str(self)!r})"
