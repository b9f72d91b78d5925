"""The plain-words help shown when no secure keychain exists (C09).

Shared by the Keys pane and the welcome; a module of its own so that the
welcome, built at every start, need not import the Keys pane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from jarvis.keys import BackendStatus


def no_keychain_help(status: BackendStatus) -> str:
    """What to do when no secure keychain exists (C09), in plain words."""
    return QCoreApplication.translate(
        "keys",
        "No secure keychain was found ({name}), and Jarvis never writes keys to "
        "plain files. Options: set the provider's environment variable (for "
        "example OPENAI_API_KEY) before starting Jarvis; run Jarvis in a "
        "desktop session with a keychain (GNOME Keyring, KWallet); or keep keys "
        "in a passphrase-encrypted vault with `jarvis keys set PROVIDER "
        "--vault`.").format(name=status.name)
