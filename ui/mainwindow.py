"""The main window: sidebar, pickers, demo banner, the conversation, input.

The window turns user actions into calls on :class:`ui.controller.
ChatController` and turns the controller's signals into widget changes. It
runs no coroutine and awaits nothing. Closing it emits :attr:`MainWindow.
closed`; whoever started the app then shuts the session down (C11).

The conversation sidebar sits left of the chat in a splitter whose state
is remembered; its requests go to the controller's history calls. Every
keyboard shortcut is bound from :data:`ui.shortcuts.SHORTCUTS`, the table
the help dialog lists. Modal dialogs (delete, export, help) run from slots,
never inside a coroutine.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QUrl, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDesktopServices,
    QShortcut,
    QShowEvent,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import confirm, settings
from ui.assets import app_icon
from ui.attachmentbar import AttachmentBar
from ui.chatview import ChatView
from ui.controller import ChatController
from ui.panes.host import Panes
from ui.promptedit import PromptEdit
from ui.shortcuts import SHORTCUTS, sequences
from ui.sidebar import Sidebar
from ui.theme import Panel, colors, controls_sheet, is_dark, set_font, tint
from ui.turns import TurnStatus
from ui.turnwidget import format_cost

if TYPE_CHECKING:
    from jarvis.service import ProviderInfo

log = logging.getLogger(__name__)

# Links a click may open in the browser; anything else is ignored.
_OPENABLE = frozenset({"http", "https", "mailto"})

SPLITTER = "window/splitter"
"""QSettings key of the sidebar splitter's state."""

# Width the sidebar gets when first shown or shown again after hiding.
SIDEBAR_WIDTH = 260

# Export formats: facade name -> (file suffix, file dialog filter).
EXPORTS = {
    "markdown": (".md", QT_TRANSLATE_NOOP("MainWindow", "Markdown (*.md)")),
    "json": (".json", QT_TRANSLATE_NOOP("MainWindow", "JSON (*.json)")),
}


def open_external(url: QUrl) -> bool:
    """Open ``url`` in the desktop's browser (or mail client)."""
    return QDesktopServices.openUrl(url)


class MainWindow(QMainWindow):
    """The chat window.

    Signals:
        closed: the window was closed; the app should shut down.
        welcomeRequested: Help > Welcome was chosen (the app shows it).
        draftStarted(str): the user started typing a message (the picked
            provider's name): time to load what sending will need.
    """

    closed = Signal()
    welcomeRequested = Signal()
    draftStarted = Signal(str)

    def __init__(self, controller: ChatController, *, demo: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._providers: dict[str, ProviderInfo] = {}
        # A failed prompt put back in the input box (see _prompt_returned).
        self._returned = ""
        self._drafting = False
        self.setWindowTitle(self.tr("Jarvis"))
        self.setMinimumSize(560, 420)
        # No style sheet over the whole window (ui/theme.py): its frame is
        # drawn in these colours by palettes and panels.
        self._colors = colors(self.palette())
        self._controls = controls_sheet(self.palette())

        central = Panel(self._colors["page"], parent=self)
        central.setObjectName("central")
        column = QVBoxLayout(central.body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._build_banner(demo))
        chat_side = QWidget(central)
        chat_column = QVBoxLayout(chat_side)
        chat_column.setContentsMargins(0, 0, 0, 0)
        chat_column.setSpacing(0)
        chat_column.addWidget(self._build_header())
        chat_column.addWidget(self._build_stack(), 1)
        chat_column.addWidget(self._build_composer())
        column.addWidget(self._build_tabs(self._build_splitter(chat_side)), 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.statusBar().setSizeGripEnabled(False)
        tint(self.statusBar(), text=self._colors["muted"],
             background=self._colors["card"])
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("noticeLabel")
        self.notice_label.setStyleSheet(self._controls)
        self.notice_label.setAccessibleName(self.tr("Notice"))
        self.notice_label.hide()
        self.spend_label = QLabel(self)
        self.spend_label.setObjectName("spendLabel")
        tint(self.spend_label, text=self._colors["muted"])
        self.spend_label.setContentsMargins(10, 0, 10, 0)
        self.spend_label.setAccessibleName(self.tr("Spend in this chat"))
        self.statusBar().addPermanentWidget(self.notice_label)
        self.statusBar().addPermanentWidget(self.spend_label)

        self._connect()
        self._restore()
        self._set_starting()
        self._show_welcome(self.tr("Starting…"), "")

    # Building -----------------------------------------------------------------

    def _build_banner(self, demo: bool) -> QLabel:
        self.banner = QLabel(
            self.tr("Demo mode — simulated providers, no cost"), self)
        self.banner.setObjectName("demoBanner")
        tint(self.banner, text=self._colors["banner_text"],
             background=self._colors["banner"])
        set_font(self.banner, bold=True)
        self.banner.setContentsMargins(16, 6, 16, 6)
        self.banner.setAccessibleName(self.tr("Demo mode"))
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setVisible(demo)
        return self.banner

    def _build_header(self) -> QWidget:
        header = Panel(self._colors["card"], line=self._colors["border"],
                       edge="bottom", parent=self)
        header.setObjectName("header")
        logo = QLabel(header.body)
        logo.setPixmap(app_icon().pixmap(24, 24))
        title = QLabel(self.tr("Jarvis"), header.body)
        title.setObjectName("appTitle")
        tint(title, text=self._colors["text"])
        set_font(title, pixels=15, bold=True)

        self.provider_box = QComboBox(header.body)
        self.provider_box.setAccessibleName(self.tr("Provider"))
        self.provider_box.setToolTip(self.tr("Which provider answers"))
        self.provider_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model_box = QComboBox(header.body)
        self.model_box.setEditable(True)
        self.model_box.setAccessibleName(self.tr("Model"))
        self.model_box.setToolTip(self.tr("Which model answers (you may type one)"))
        self.model_box.setMinimumContentsLength(18)
        self.new_button = QPushButton(self.tr("New chat"), header.body)
        self.new_button.setObjectName("newChatButton")
        self.new_button.setStyleSheet(self._controls)
        self.new_button.setAccessibleName(self.tr("New chat"))
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))

        row = QHBoxLayout(header.body)
        # The panel's line is the last pixel row of the margin.
        row.setContentsMargins(16, 10, 16, 9)
        row.setSpacing(8)
        row.addWidget(logo)
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(self._picker_label(self.tr("Provider"), self.provider_box))
        row.addWidget(self.provider_box)
        row.addSpacing(6)
        row.addWidget(self._picker_label(self.tr("Model"), self.model_box))
        row.addWidget(self.model_box)
        row.addSpacing(10)
        row.addWidget(self.new_button)
        return header

    def _picker_label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("pickerLabel")
        tint(label, text=self._colors["muted"])
        label.setBuddy(buddy)
        return label

    def _build_stack(self) -> QStackedWidget:
        self.stack = QStackedWidget(self)
        self.welcome = Panel(self._colors["page"], parent=self.stack)
        self.welcome.setObjectName("welcome")
        self.welcome_title = QLabel(self.welcome.body)
        self.welcome_title.setObjectName("welcomeTitle")
        tint(self.welcome_title, text=self._colors["text"])
        set_font(self.welcome_title, pixels=22, bold=True)
        self.welcome_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_text = QLabel(self.welcome.body)
        self.welcome_text.setObjectName("welcomeText")
        tint(self.welcome_text, text=self._colors["muted"])
        set_font(self.welcome_text, pixels=13)
        self.welcome_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome_text.setWordWrap(True)
        self.welcome_text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        page = QVBoxLayout(self.welcome.body)
        page.setContentsMargins(48, 48, 48, 48)
        page.addStretch(1)
        page.addWidget(self.welcome_title)
        page.addSpacing(8)
        page.addWidget(self.welcome_text)
        page.addStretch(2)

        dark = is_dark(self.palette())
        self.chat = ChatView(self.controller.turn, dark=dark, parent=self.stack)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.chat)
        return self.stack

    def _build_tabs(self, chat: QWidget) -> QTabWidget:
        # Usage, keys and settings sit beside the chat (Ctrl+Tab cycles);
        # whoever opens the facade attaches them: ``window.panes.attach``.
        self.panes = Panes(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("paneTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(chat, self.tr("Chat"))
        # Built when first opened: neither shows at start.
        self.panes.place(self.tabs, self.tr("Usage"), self.tr("Keys && settings"))
        return self.tabs

    def _build_splitter(self, chat_side: QWidget) -> QSplitter:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("sidebarSplitter")
        self.splitter.setChildrenCollapsible(True)
        self.sidebar = Sidebar(self.splitter)
        self.sidebar.setMinimumWidth(180)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(chat_side)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([SIDEBAR_WIDTH, 700])
        return self.splitter

    def _build_menus(self) -> None:
        bar = self.menuBar()
        chat = bar.addMenu(self.tr("&Conversation"))
        chat.addAction(self.tr("&New"), self.controller.new_conversation)
        chat.addAction(self.tr("&Search history…"), self.sidebar.focus_search)
        chat.addSeparator()
        chat.addAction(self.tr("&Rename"), self.sidebar.rename_current)
        chat.addAction(self.tr("&Pin or unpin"), self.sidebar.toggle_pin_current)
        chat.addAction(self.tr("&Delete…"), self.sidebar.delete_current)
        chat.addSeparator()
        chat.addAction(self.tr("Export as &Markdown…"),
                       lambda: self.export("markdown"))
        chat.addAction(self.tr("Export as &JSON…"), lambda: self.export("json"))
        view = bar.addMenu(self.tr("&View"))
        view.addAction(self.tr("Conversation &list"), self.toggle_sidebar)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("&Keyboard shortcuts"), self.show_shortcuts)
        help_menu.addAction(self.tr("&Welcome and first steps…"),
                            self.welcomeRequested.emit)

    def _build_composer(self) -> Panel:
        composer = Panel(self._colors["card"], line=self._colors["border"],
                         edge="top", parent=self)
        composer.setObjectName("composer")
        self.prompt = PromptEdit(composer.body)
        self.prompt.setStyleSheet(self._controls)
        self.prompt.setAccessibleName(self.tr("Message"))
        self.prompt.setPlaceholderText(
            self.tr("Ask Jarvis…  (Ctrl+Enter to send, Esc to stop)"))
        self.send_button = QPushButton(self.tr("Send"), composer.body)
        self.send_button.setObjectName("sendButton")
        self.send_button.setStyleSheet(self._controls)
        self.send_button.setAccessibleName(self.tr("Send"))
        self.send_button.setToolTip(self.tr("Send the message (Ctrl+Enter)"))
        self.stop_button = QPushButton(self.tr("Stop"), composer.body)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setStyleSheet(self._controls)
        self.stop_button.setAccessibleName(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the reply (Esc)"))

        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        self.attachment_bar = AttachmentBar(composer.body)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.prompt, 1)
        row.addLayout(buttons)
        column = QVBoxLayout(composer.body)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(8)
        column.addWidget(self.attachment_bar)
        column.addLayout(row)
        return composer

    # Wiring -------------------------------------------------------------------

    def _connect(self) -> None:
        c = self.controller
        c.providersChanged.connect(self._providers_changed)
        c.turnAdded.connect(self._turn_added)
        c.turnChanged.connect(self.chat.mark_dirty)
        c.turnChanged.connect(self._update_spend)
        c.busyChanged.connect(self._busy_changed)
        c.statusMessage.connect(self._status)
        c.noticeRaised.connect(self._notice)
        c.promptReturned.connect(self._prompt_returned)
        c.secretHeld.connect(self._secret_held)
        c.conversationCleared.connect(self._conversation_cleared)

        self.prompt.submitted.connect(self.send)
        self.prompt.textChanged.connect(self._draft_changed)
        self.prompt.stopRequested.connect(c.stop)
        self.prompt.attachmentAdded.connect(self.attachment_bar.add)
        self.attachment_bar.changed.connect(self._check_images)
        self.model_box.currentTextChanged.connect(self._check_images)
        c.imagesChecked.connect(self.attachment_bar.set_refusal)
        # Another conversation may have its own fallback chain.
        c.conversationOpened.connect(lambda _at: self._check_images())
        c.conversationCleared.connect(self._check_images)
        self.prompt.pasteRefused.connect(self._status)
        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(c.stop)
        self.new_button.clicked.connect(c.new_conversation)
        self.provider_box.currentIndexChanged.connect(self._provider_picked)
        self.chat.retryRequested.connect(self._retry)
        self.chat.sendAnywayRequested.connect(self._send_anyway)
        self.chat.editRequested.connect(self._edit_held)
        self.chat.linkActivated.connect(self._open_link)
        self.chat.linkHovered.connect(self._status)
        self.chat.statusMessage.connect(self._status)

        self.chat.editLastRequested.connect(self.edit_last)
        self.chat.regenerateRequested.connect(c.regenerate)
        c.conversationOpened.connect(self._conversation_opened)
        c.turnRemoved.connect(self.chat.remove_turn)
        self._connect_sidebar()
        self._bind_shortcuts()

    def _connect_sidebar(self) -> None:
        history, side = self.controller.history, self.sidebar
        history.listed.connect(side.set_conversations)
        history.found.connect(side.set_results)
        history.failed.connect(self._status)
        history.exported.connect(self._exported)
        history.deleted.connect(self._conversation_deleted)
        side.openRequested.connect(self.controller.open_conversation)
        side.newRequested.connect(self.controller.new_conversation)
        side.renameRequested.connect(history.rename)
        side.pinRequested.connect(history.pin)
        side.deleteRequested.connect(history.delete)
        side.searchRequested.connect(history.search)

    def shortcut_slots(self) -> dict[str, Callable[[], object]]:
        """What each bound shortcut of :data:`ui.shortcuts.SHORTCUTS` does."""
        return {
            "stop": self.controller.stop,
            "new": self.controller.new_conversation,
            "search": self.sidebar_search,
            "sidebar": self.toggle_sidebar,
            "rename": self.sidebar.rename_current,
            "pin": self.sidebar.toggle_pin_current,
            "previous": lambda: self.open_neighbour(-1),
            "next": lambda: self.open_neighbour(1),
            "copy_reply": self.copy_last_reply,
            "regenerate": self.regenerate_last,
            "edit_last": self.edit_last,
            "export_markdown": lambda: self.export("markdown"),
            "export_json": lambda: self.export("json"),
            "help": self.show_shortcuts,
        }

    def _bind_shortcuts(self) -> None:
        slots = self.shortcut_slots()
        self.shortcuts: dict[str, list[QShortcut]] = {}
        for shortcut in SHORTCUTS:
            if not shortcut.bound:
                continue
            bound = []
            for keys in sequences(shortcut):
                binding = QShortcut(keys, self)
                binding.activated.connect(slots[shortcut.name])
                bound.append(binding)
            self.shortcuts[shortcut.name] = bound

    # Actions ------------------------------------------------------------------

    def send(self) -> None:
        """Send what is in the input box with the picked provider and model."""
        text = self.prompt.prompt()
        attachments = self.attachment_bar.attachments()
        if not self.controller.ready and (text.strip() or attachments):
            self._status(self._starting_note())
            return
        if self.controller.busy and (text.strip() or attachments):
            self._status(self.tr("A reply is still being written: Esc stops it."))
            return
        held = self.controller.held()
        if held is not None and (text.strip() or attachments):
            self._status(self.tr(
                "First choose Edit or Send anyway for the message held back."))
            self.chat.widget_for(held.id).edit_button.setFocus()
            return
        if self.attachment_bar.refusal:
            self._status(self.attachment_bar.refusal)
            return
        provider = str(self.provider_box.currentData() or "")
        model = self.model_box.currentText().strip()
        if self.controller.send(text, provider, model, attachments) is None:
            return
        self.prompt.clear()
        self.attachment_bar.clear()
        settings.write(self._pick_key(settings.PROVIDER), provider)
        settings.write(self._pick_key(settings.MODEL), model)

    def _check_images(self) -> None:
        """Say before sending whether the attached images can go."""
        self.controller.check_images(
            self.attachment_bar.images(), str(self.provider_box.currentData() or ""),
            self.model_box.currentText().strip())

    def sidebar_search(self) -> None:
        """Show the sidebar if hidden and put the cursor in its search box."""
        if self.splitter.sizes()[0] == 0:
            self.toggle_sidebar()
        self.sidebar.focus_search()

    def toggle_sidebar(self) -> None:
        """Hide the conversation list, or show it at its last width."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if sizes[0] > 0:
            self._sidebar_width = sizes[0]
            self.splitter.setSizes([0, total])
        else:
            width = getattr(self, "_sidebar_width", SIDEBAR_WIDTH)
            self.splitter.setSizes([width, max(total - width, 1)])

    def _draft_changed(self) -> None:
        empty = self.prompt.document().isEmpty()
        if not empty and not self._drafting:
            self.draftStarted.emit(str(self.provider_box.currentData() or ""))
        self._drafting = not empty

    def open_neighbour(self, step: int) -> None:
        """Open the conversation ``step`` places below (or above) this one."""
        ids = self.sidebar.conversation_ids()
        if not ids:
            return
        current = self.controller.conversation_id
        index = ids.index(current) + step if current in ids else 0
        if 0 <= index < len(ids):
            self.controller.open_conversation(ids[index])

    def copy_last_reply(self) -> None:
        last = self.controller.last_turn()
        if last is None or not last.text:
            return
        QApplication.clipboard().setText(last.text)
        self._status(self.tr("Reply copied"))

    def regenerate_last(self) -> None:
        last = self.controller.last_turn()
        if last is not None:
            self.controller.regenerate(last.id)

    def edit_last(self, turn_id: int = 0) -> None:
        """Put the last prompt back in the input box; sending replaces it."""
        last = self.controller.last_turn()
        if last is None or (turn_id and turn_id != last.id):
            return
        turn = self.controller.edit_last(last.id)
        if turn is None:
            return
        self.prompt.setPlainText(turn.prompt)
        self.prompt.moveCursor(self.prompt.textCursor().MoveOperation.End)
        self.attachment_bar.set_attachments(turn.attachments)
        self.prompt.setFocus()
        self._status(self.tr(
            "Editing your last message: sending it replaces the last exchange."))

    def export(self, fmt: str) -> None:
        """Ask where to save the conversation as ``fmt``, then write it there."""
        conversation_id = self.controller.conversation_id
        if conversation_id is None:
            self._status(self.tr("Nothing to export yet: this chat is empty."))
            return
        suffix, pattern = EXPORTS[fmt]
        title = self.sidebar.title_of(conversation_id) or self.tr("conversation")
        name = "".join(ch if ch.isalnum() or ch in " -_" else "_"
                       for ch in title).strip()[:60] or "conversation"
        path, _chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export the conversation"), name + suffix,
            self.tr(str(pattern)))
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(suffix)
        self.controller.history.export(conversation_id, fmt, target)

    def show_shortcuts(self) -> None:
        from ui.shortcutsdialog import ShortcutsDialog  # built when first asked

        dialog = ShortcutsDialog(self)
        dialog.exec()
        dialog.deleteLater()

    def _open_link(self, url: QUrl, shown_host: str = "") -> None:
        # A link that reads as one host and goes to another asks first.
        if url.scheme() not in _OPENABLE:
            return
        if shown_host and not confirm.ask_open_link(self, shown_host, url):
            log.info("a link to %s that shows another host was not opened",
                     url.host() or "-")
            return
        log.info("opening a link to %s in the browser", url.host() or "-")
        open_external(url)

    # Controller signals -------------------------------------------------------

    def _providers_changed(self) -> None:
        infos = self.controller.providers()
        self._providers = {info.name: info for info in infos}
        self.provider_box.blockSignals(True)
        self.provider_box.clear()
        for info in infos:
            label = info.name if info.has_key else self.tr("{name} (no key)").format(
                name=info.name)
            self.provider_box.addItem(label, info.name)
        self.provider_box.blockSignals(False)
        self.provider_box.setCurrentIndex(self._remembered_provider(infos))
        self._provider_picked()
        self.banner.setVisible(self.controller.demo)
        usable = any(info.has_key and info.enabled for info in infos)
        self._set_ready(usable)
        if self.statusBar().currentMessage() == self._starting_note():
            self.statusBar().clearMessage()  # it can be sent now
        if usable:
            self._show_welcome(self.tr("What can I help with?"), self.tr(
                "Replies stream in as they are written. Each one shows the "
                "provider, the model, the tokens and what it cost."))
        else:
            self._show_no_keys(infos)

    def _pick_key(self, key: str) -> str:
        # Demo mode's picks (simulated providers) are remembered apart:
        # they would otherwise come back in a real session, where that
        # provider may have no key and every reply would fall back.
        return f"demo/{key}" if self.controller.demo else key

    def _remembered_provider(self, infos: list[ProviderInfo]) -> int:
        """The index to pick: the last provider used if it can answer now,
        else the first that can, else the first."""
        usable = [i for i, info in enumerate(infos) if info.has_key and info.enabled]
        last = self.provider_box.findData(
            settings.read_text(self._pick_key(settings.PROVIDER)))
        if last in usable or (last >= 0 and not usable):
            return last
        return usable[0] if usable else 0

    def _provider_picked(self) -> None:
        info = self._providers.get(str(self.provider_box.currentData() or ""))
        self.model_box.clear()
        if info is None:
            return
        models = list(info.models) or [info.model]
        if info.model not in models:
            models.insert(0, info.model)
        self.model_box.addItems(models)
        remembered = settings.read_text(self._pick_key(settings.MODEL))
        pick = remembered if remembered in models else info.model
        self.model_box.setCurrentText(pick)

    def _turn_added(self, turn_id: int) -> None:
        self.chat.add_turn(turn_id)
        self.stack.setCurrentWidget(self.chat)

    def _update_spend(self) -> None:
        turns = [t for t in self.controller.turns() if t.status is TurnStatus.DONE]
        total = sum((t.cost_usd for t in turns
                     if t.priced and t.cost_usd is not None), Decimal(0))
        unpriced = sum(1 for t in turns if not t.priced)
        text = self.tr("This chat: {cost}").format(cost=format_cost(total))
        if unpriced:
            text += self.tr(" + {n} unpriced").format(n=unpriced)
        self.spend_label.setText(text if turns else "")

    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self.notice_label.hide()
        self.stop_button.setEnabled(busy)
        self.send_button.setEnabled(not busy and self.controller.ready)
        if not busy:
            self.chat.paint_now()
            # A reply changes the list: a new conversation, a title, the time.
            self.sidebar.set_current(self.controller.conversation_id)
            self.controller.history.refresh()

    def _starting_note(self) -> str:
        return self.tr("Jarvis is still starting: your message stays here "
                       "until you can send it.")

    def start_draft(self, text: str) -> None:
        """A new chat with ``text`` in the input box, not sent yet."""
        self.controller.new_conversation()
        self.prompt.setPlainText(text)
        self.prompt.moveCursor(QTextCursor.MoveOperation.End)
        self.prompt.setFocus()
        self._status(self.tr("The question from quick-ask is in the input "
                             "box: send it to decide there."))

    def _conversation_opened(self, focus: int) -> None:
        turns = self.controller.turns()
        self.chat.show_turns([turn.id for turn in turns], focus)
        opened = self.controller.conversation_id
        self.sidebar.set_current(opened)
        if opened and opened not in self.sidebar.conversation_ids():
            # Made elsewhere (quick-ask): list it, then it is marked current.
            self.controller.history.refresh()
        self._update_spend()
        if turns:
            self.stack.setCurrentWidget(self.chat)
        else:
            self.stack.setCurrentWidget(self.welcome)
        if not focus:
            self.prompt.setFocus()

    def _conversation_deleted(self, conversation_id: str) -> None:
        if conversation_id == self.controller.conversation_id:
            self.controller.new_conversation()
        self._status(self.tr("Conversation deleted"))

    def _exported(self, path: str) -> None:
        self._status(self.tr("Exported to {path}").format(path=path))

    def _status(self, message: str) -> None:
        if message:
            self.statusBar().showMessage(message)
        else:
            self.statusBar().clearMessage()

    def _notice(self, message: str) -> None:
        # Budget alerts stay in view until the next request starts.
        self.notice_label.setText(message)
        self.notice_label.show()

    def _prompt_returned(self, prompt: str) -> None:
        if not self.prompt.prompt().strip():
            self.prompt.setPlainText(prompt)
            self.prompt.moveCursor(self.prompt.textCursor().MoveOperation.End)
            self._returned = prompt

    def _retry(self, turn_id: int) -> None:
        """Retry a failed turn; the prompt it returned to the box goes away
        (else the next Ctrl+Enter sent it a second time)."""
        self._take_back_returned()
        self.controller.retry(turn_id)
        self.prompt.setFocus()  # the link had it: typing goes on here

    def _send_anyway(self, turn_id: int) -> None:
        self.controller.send_anyway(turn_id)
        self.prompt.setFocus()

    def _take_back_returned(self) -> None:
        returned, self._returned = self._returned, ""
        if returned and self.prompt.prompt() == returned:
            self.prompt.clear()

    def _secret_held(self, turn_id: int) -> None:
        # The safe choice has the focus: Enter or Space edits, Tab reaches
        # "Send anyway".
        self.chat.paint_now()
        self.chat.mark_dirty(turn_id)
        self.chat.paint_now()
        widget = self.chat.widget_for(turn_id)
        self.chat.ensureWidgetVisible(widget.secret_panel)
        widget.edit_button.setFocus()
        self._status(self.tr("Not sent: the message contains a secret."))

    def _edit_held(self, turn_id: int) -> None:
        turn = self.controller.take_back(turn_id)
        if turn is None:
            return
        self.chat.remove_turn(turn_id)
        typed = self.prompt.prompt()
        # Whatever was typed meanwhile is kept, after the held-back prompt.
        self.prompt.setPlainText(
            f"{turn.prompt}\n\n{typed}" if typed.strip() else turn.prompt)
        self.prompt.moveCursor(self.prompt.textCursor().MoveOperation.End)
        self.attachment_bar.set_attachments(turn.attachments)
        self.prompt.setFocus()
        if not self.controller.turns():
            self.stack.setCurrentWidget(self.welcome)

    def _conversation_cleared(self) -> None:
        self.chat.clear()
        self.sidebar.set_current(None)
        self._update_spend()
        self.stack.setCurrentWidget(self.welcome)
        self.prompt.setFocus()

    # State --------------------------------------------------------------------

    def _set_starting(self) -> None:
        """Until the service is open: the input box takes typing (nothing
        typed in the first moments goes elsewhere), sending waits."""
        self._set_ready(False)
        self.prompt.setEnabled(True)
        self.prompt.setFocus()

    def _set_ready(self, ready: bool) -> None:
        for widget in (self.prompt, self.send_button, self.provider_box,
                       self.model_box, self.new_button):
            widget.setEnabled(ready)
        self.stop_button.setEnabled(False)
        if ready:
            self.prompt.setFocus()

    def _show_welcome(self, title: str, text: str, *, rich: bool = False) -> None:
        self.welcome_title.setText(title)
        self.welcome_text.setTextFormat(
            Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.welcome_text.setText(text)
        self.stack.setCurrentWidget(self.welcome)

    def _show_no_keys(self, infos: list[ProviderInfo]) -> None:
        names = html.escape(", ".join(info.name for info in infos) or "anthropic")
        first = html.escape(infos[0].name if infos else "anthropic")
        self._show_welcome(self.tr("No provider key yet"), self.tr(
            "Jarvis needs an API key for one of: {names}.<br><br>"
            "Try it first with simulated providers, at no cost:<br>"
            "<code>jarvis gui --demo</code><br><br>"
            "Add a key (stored in your system keychain):<br>"
            "<code>jarvis keys set {first}</code><br><br>"
            "or set ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY, "
            "then start Jarvis again.").format(names=names, first=first),
            rich=True)

    def _restore(self) -> None:
        geometry = settings.read_bytes(settings.GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 760)
        self._splitter_state = settings.read_bytes(SPLITTER)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Restored once the window has its size: restored earlier, the
        # sidebar would shrink with the splitter's first, smaller size.
        state, self._splitter_state = self._splitter_state, None
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.write(settings.GEOMETRY, self.saveGeometry())
        settings.write(SPLITTER, self.splitter.saveState())
        self.chat.paint_now()
        event.accept()
        self.closed.emit()
