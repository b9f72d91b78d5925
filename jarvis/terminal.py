"""Makes untrusted text safe to print on a terminal.

A model reply, or a model name a server reports, can carry escape sequences
that a terminal obeys: clearing the screen, changing the title, writing the
clipboard (OSC 52), disguising links (OSC 8). Before the CLI prints such
text, every C0 and C1 control but newline and tab is replaced by a visible
stand-in, and bidi controls and hidden tag characters are handled as the
guard handles them for prompts (CASES.md C13).
"""

from __future__ import annotations

import re

from jarvis.guard.text import normalize

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """``text`` with nothing a terminal would execute."""
    return _CONTROLS.sub(_visible, normalize(text).text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    return f"<{code:#04x}>"
