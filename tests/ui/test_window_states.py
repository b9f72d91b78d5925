"""Window states that need no provider: no keys yet, remembered geometry."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from jarvis.service import ProviderInfo
from ui.controller import ChatController
from ui.mainwindow import MainWindow


@dataclass
class StubService:
    """Just what the window reads from the facade before any request."""

    infos: list[ProviderInfo] = field(default_factory=list)
    demo: bool = False

    def providers(self) -> list[ProviderInfo]:
        return self.infos


def _info(name: str, key_source: str | None) -> ProviderInfo:
    return ProviderInfo(name, name, f"{name}-model", (f"{name}-model",), True,
                        key_source, None)


def test_no_keys_offers_demo_mode_and_how_to_add_a_key(qtbot: QtBot) -> None:
    controller = ChatController()
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.show()
    controller.attach(StubService([_info("anthropic", None),
                                   _info("openai", None)]))  # type: ignore[arg-type]

    assert window.stack.currentWidget() is window.welcome
    assert window.welcome_title.text() == "No provider key yet"
    text = window.welcome_text.text()
    assert "jarvis gui --demo" in text
    assert "jarvis keys set anthropic" in text
    assert not window.send_button.isEnabled()
    assert not window.prompt.isEnabled()
    assert not window.banner.isVisibleTo(window)
    assert window.provider_box.itemText(0) == "anthropic (no key)"

    qtbot.keyClicks(window.prompt, "hello")
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert controller.turns() == []


def test_a_key_makes_the_window_ready(qtbot: QtBot) -> None:
    controller = ChatController()
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.show()
    controller.attach(StubService([_info("anthropic", None),
                                   _info("openai", "keychain")]))  # type: ignore[arg-type]

    assert window.send_button.isEnabled() and window.prompt.isEnabled()
    assert window.welcome_title.text() == "What can I help with?"
    assert not window.stop_button.isEnabled()


def test_geometry_is_remembered(qtbot: QtBot) -> None:
    first = MainWindow(ChatController())
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 540)
    first.close()

    second = MainWindow(ChatController())
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 540)


def test_main_controls_have_accessible_names(qtbot: QtBot) -> None:
    window = MainWindow(ChatController())
    qtbot.addWidget(window)
    names = [w.accessibleName() for w in (
        window.prompt, window.send_button, window.stop_button,
        window.provider_box, window.model_box, window.new_button, window.chat)]
    assert names == ["Message", "Send", "Stop", "Provider", "Model", "New chat",
                     "Conversation"]


def test_what_is_typed_while_starting_stays_in_the_input_box(qtbot: QtBot) -> None:
    # The service opens after the first paint: the first keystrokes used
    # to land in the sidebar's search box (the input box was disabled).
    controller = ChatController()
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    # The widget that gets the keys once the window is active.
    assert window.prompt.isEnabled() and window.focusWidget() is window.prompt
    assert not window.send_button.isEnabled()
    qtbot.keyClicks(window.focusWidget(), "hello there")
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)

    assert window.prompt.prompt() == "hello there", "kept, not sent"
    assert controller.turns() == []
    assert "still starting" in window.statusBar().currentMessage()

    controller.attach(StubService([_info("openai", "keychain")]))  # type: ignore[arg-type]
    assert window.prompt.prompt() == "hello there"
    assert window.send_button.isEnabled() and window.focusWidget() is window.prompt


def _picked_after_attach(qtbot: QtBot, service: StubService) -> str:
    controller = ChatController()
    window = MainWindow(controller, demo=service.demo)
    qtbot.addWidget(window)
    controller.attach(service)  # type: ignore[arg-type]
    return str(window.provider_box.currentData())


def test_demo_picks_are_remembered_apart_and_only_usable_ones_return(
    qtbot: QtBot,
) -> None:
    from ui import settings

    real = [_info("anthropic", None), _info("openai", "keychain"),
            _info("gemini", None)]
    settings.write(settings.PROVIDER, "openai")
    settings.write("demo/" + settings.PROVIDER, "gemini")

    assert _picked_after_attach(qtbot, StubService(real)) == "openai"
    demo = [_info(n, "demo") for n in ("anthropic", "openai", "gemini")]
    assert _picked_after_attach(qtbot, StubService(demo, demo=True)) == "gemini"

    # The last pick has no key any more: the first provider that can answer.
    settings.write(settings.PROVIDER, "gemini")
    assert _picked_after_attach(qtbot, StubService(real)) == "openai"


async def test_retry_takes_back_the_returned_prompt_and_keeps_focus(
    qtbot: QtBot, window: MainWindow, controller: ChatController,
    session: object,
) -> None:
    from tests.ui.helpers import until
    from ui.turns import TurnStatus

    window.prompt.setFocus()
    window.prompt.setPlainText("once [[sim: status=400]]")
    qtbot.keyClick(window.prompt, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    await until(lambda: not controller.busy and controller.turns()
                and controller.turns()[0].status is TurnStatus.FAILED,
                "the failure")
    assert window.prompt.prompt() == "once [[sim: status=400]]", "given back"
    turn = controller.turns()[0]

    window.chat.retryRequested.emit(turn.id)

    assert window.prompt.prompt() == "", "not there to be sent twice"
    assert window.focusWidget() is window.prompt
    await until(lambda: not controller.busy, "the retry")
