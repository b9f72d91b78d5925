"""The window's keyboard shortcuts, in one table.

Every shortcut the main window binds is named in :data:`SHORTCUTS`, so
the help dialog (F1 or Ctrl+/, :mod:`ui.shortcutsdialog`) cannot fall out
of step with the bindings. Shortcuts owned by one widget (Ctrl+Enter in the
input box) are listed too, marked as not bound here.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeySequence

CONTEXT = "shortcuts"


@dataclass(frozen=True, slots=True)
class Shortcut:
    """One action's keys.

    Attributes:
        name: the action's key in the window (``MainWindow.shortcut_slots``).
        keys: key sequences in portable text ("Ctrl+K").
        what: what it does, untranslated (translated when shown; typed
            object because that is what QT_TRANSLATE_NOOP is declared
            to return).
        bound: the window binds it (else a widget handles the keys itself).
    """

    name: str
    keys: tuple[str, ...]
    what: object
    bound: bool = True


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("send", ("Ctrl+Return",),
             QT_TRANSLATE_NOOP("shortcuts", "Send the message"), bound=False),
    Shortcut("stop", ("Esc",), QT_TRANSLATE_NOOP("shortcuts", "Stop the reply")),
    Shortcut("new", ("Ctrl+N",),
             QT_TRANSLATE_NOOP("shortcuts", "Start a new conversation")),
    Shortcut("search", ("Ctrl+K", "Ctrl+F"),
             QT_TRANSLATE_NOOP("shortcuts", "Search the history")),
    Shortcut("sidebar", ("Ctrl+B",),
             QT_TRANSLATE_NOOP("shortcuts", "Show or hide the conversation list")),
    Shortcut("rename", ("F2",),
             QT_TRANSLATE_NOOP("shortcuts", "Rename the selected conversation")),
    Shortcut("delete", ("Del",), QT_TRANSLATE_NOOP(
        "shortcuts", "Delete the selected conversation (in the list)"), bound=False),
    Shortcut("pin", ("Ctrl+Shift+P",),
             QT_TRANSLATE_NOOP("shortcuts", "Pin or unpin the selected conversation")),
    Shortcut("previous", ("Ctrl+PgUp",),
             QT_TRANSLATE_NOOP("shortcuts", "Open the conversation above")),
    Shortcut("next", ("Ctrl+PgDown",),
             QT_TRANSLATE_NOOP("shortcuts", "Open the conversation below")),
    Shortcut("copy_reply", ("Ctrl+Shift+C",),
             QT_TRANSLATE_NOOP("shortcuts", "Copy the last reply")),
    Shortcut("regenerate", ("Ctrl+R",),
             QT_TRANSLATE_NOOP("shortcuts", "Regenerate the last reply")),
    Shortcut("edit_last", ("Ctrl+E",),
             QT_TRANSLATE_NOOP("shortcuts", "Edit and resend the last message")),
    Shortcut("export_markdown", ("Ctrl+Shift+M",),
             QT_TRANSLATE_NOOP("shortcuts", "Export the conversation as Markdown")),
    Shortcut("export_json", ("Ctrl+Shift+J",),
             QT_TRANSLATE_NOOP("shortcuts", "Export the conversation as JSON")),
    Shortcut("help", ("F1", "Ctrl+/"),
             QT_TRANSLATE_NOOP("shortcuts", "Show this list of shortcuts")),
)


def sequences(shortcut: Shortcut) -> list[QKeySequence]:
    return [QKeySequence(keys) for keys in shortcut.keys]
