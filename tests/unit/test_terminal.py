"""Reply text printed on a terminal cannot drive the terminal."""

from __future__ import annotations

import pytest

from jarvis.terminal import safe

ESC, BEL = "\x1b", "\x07"


@pytest.mark.parametrize(
    "attack",
    [
        f"{ESC}]52;c;ZWNobyBoaQ=={BEL}",  # write the clipboard
        f"{ESC}]0;pwned{BEL}",  # set the window title
        f"{ESC}[2J",  # clear the screen
        f"{ESC}]8;;http://127.0.0.1/x{ESC}\\link{ESC}]8;;{ESC}\\",  # hidden link
        "\x9b31m",  # C1 CSI
    ],
)
def test_escape_sequences_are_shown_not_obeyed(attack: str) -> None:
    shown = safe(f"A{attack}B")

    assert ESC not in shown and BEL not in shown and "\x9b" not in shown
    assert shown.startswith("A") and shown.endswith("B")


def test_bidi_override_is_visible__C13() -> None:
    assert safe("invoice\u202efdp.exe") == "invoice⟦RLO⟧fdp.exe"


@pytest.mark.parametrize(
    "text",
    ["plain\ttext\nwith lines", "שלום עולם", "مرحبا", "👍🏽 👨‍👩‍👧 🇫🇷",
     "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"],
)
def test_ordinary_text_is_untouched(text: str) -> None:
    assert safe(text) == text
