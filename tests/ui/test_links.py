"""Links in a reply show where they really go, and ask when they mislead."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui import confirm, mainwindow
from ui.mainwindow import MainWindow
from ui.rendering import link_texts, misleading_host, render_markdown
from ui.turns import Turn, TurnStatus
from ui.turnwidget import TurnWidget


def _tooltips(document: QTextDocument) -> dict[str, str]:
    """Each anchor's text and tooltip, as Qt will show them."""
    found: dict[str, str] = {}
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isAnchor():
                found[fragment.text()] = fmt.toolTip()
            it += 1
        block = block.next()
    return found


def test_link_text_is_followed_by_the_real_host() -> None:
    html = render_markdown("Read the [docs](https://evil.example/login).")
    assert '>docs</a> <span style="color: #8a8f98;">(evil.example)</span>' in html


def test_no_hint_when_the_text_already_names_the_host() -> None:
    html = render_markdown("[https://python.org/x](https://python.org/x) "
                           "and [python.org docs](https://python.org/doc)")
    assert "<span" not in html


def test_mail_links_show_the_address() -> None:
    html = render_markdown("[write to us](mailto:drop@evil.example)")
    assert "(drop@evil.example)" in html


def test_tooltip_is_the_real_url_not_the_models_title(qtbot: QtBot) -> None:
    source = '[docs](https://evil.example/a "Official Python docs")'
    turn = Turn(1, "hi", text=source, status=TurnStatus.DONE)
    widget = TurnWidget(turn)
    qtbot.addWidget(widget)

    shown = widget.body.views()[-1]
    assert _tooltips(shown.document()) == {"docs": "https://evil.example/a"}
    assert shown.toPlainText().strip() == "docs (evil.example)"


@pytest.mark.parametrize(("text", "href", "expected"), [
    ("paypal.com", "https://evil.example/", "paypal.com"),
    ("https://www.bank.example/login", "https://evil.example/", "bank.example"),
    ("docs", "https://evil.example/", None),
    ("see config.py for this", "https://evil.example/", None),
    ("www.python.org", "https://python.org/", None),
    ("PYTHON.ORG", "https://python.org/3/", None),
])
def test_misleading_host(text: str, href: str, expected: str | None) -> None:
    assert misleading_host(text, href) == expected


def test_link_texts_pairs_targets_with_visible_text() -> None:
    assert link_texts("[a `b`](https://x.example) and [c](https://y.example)") == [
        ("https://x.example", "a b"), ("https://y.example", "c")]


def test_hover_shows_the_real_target(qtbot: QtBot) -> None:
    turn = Turn(1, "hi", text="[docs](https://evil.example/a)",
                status=TurnStatus.DONE)
    widget = TurnWidget(turn)
    qtbot.addWidget(widget)
    hovered: list[str] = []
    widget.linkHovered.connect(hovered.append)
    widget.body.views()[-1].highlighted.emit(QUrl("https://evil.example/a"))
    assert hovered == ["https://evil.example/a"]


def _clicks(qtbot: QtBot, text: str, href: str) -> list[tuple[str, str]]:
    turn = Turn(1, "hi", text=text, status=TurnStatus.DONE)
    widget = TurnWidget(turn)
    qtbot.addWidget(widget)
    seen: list[tuple[str, str]] = []
    widget.linkActivated.connect(lambda url, shown: seen.append((url.toString(),
                                                                 shown)))
    widget.body.views()[-1].anchorClicked.emit(QUrl(href))
    return seen


def test_click_reports_a_misleading_host(qtbot: QtBot) -> None:
    seen = _clicks(qtbot, "[paypal.com](https://evil.example/pay)",
                   "https://evil.example/pay")
    assert seen == [("https://evil.example/pay", "paypal.com")]


def test_click_on_an_honest_link_reports_nothing(qtbot: QtBot) -> None:
    seen = _clicks(qtbot, "[docs](https://python.org/doc)", "https://python.org/doc")
    assert seen == [("https://python.org/doc", "")]


class _Recorder:
    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked: list[tuple[str, str]] = []
        self.opened: list[str] = []

    def ask(self, _parent: QWidget, shown: str, url: QUrl) -> bool:
        self.asked.append((shown, url.host()))
        return self.answer

    def open(self, url: QUrl) -> bool:
        self.opened.append(url.toString())
        return True


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> _Recorder:
    rec = _Recorder(answer=False)
    monkeypatch.setattr(confirm, "ask_open_link", rec.ask)
    monkeypatch.setattr(mainwindow, "open_external", rec.open)
    return rec


def test_misleading_link_asks_and_no_means_not_opened(
    window: MainWindow, recorder: _Recorder,
) -> None:
    window.chat.linkActivated.emit(QUrl("https://evil.example/pay"), "paypal.com")
    assert recorder.asked == [("paypal.com", "evil.example")]
    assert recorder.opened == []


def test_misleading_link_opens_after_yes(
    window: MainWindow, recorder: _Recorder,
) -> None:
    recorder.answer = True
    window.chat.linkActivated.emit(QUrl("https://evil.example/pay"), "paypal.com")
    assert recorder.opened == ["https://evil.example/pay"]


def test_honest_link_opens_without_asking_and_odd_schemes_never(
    window: MainWindow, recorder: _Recorder,
) -> None:
    window.chat.linkActivated.emit(QUrl("https://python.org/doc"), "")
    window.chat.linkActivated.emit(QUrl("file:///etc/passwd"), "")
    assert recorder.asked == []
    assert recorder.opened == ["https://python.org/doc"]
