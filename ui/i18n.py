"""Loads the translations for the user's language when the app starts.

Two translators are installed on the application: Jarvis's own strings
(``ui/translations/jarvis_<lang>.qm``, shipped in the package) and Qt's
standard ones for dialog buttons and context menus (``qtbase_<lang>.qm``
from PySide6's translations folder, when PySide6 ships them). A language
with no file leaves the English source text, which is always complete.

Cheap on purpose: it reads at most two small files and imports nothing but
QtCore, so it can run before the main window is built.

The ``.qm`` files are compiled from the ``.ts`` sources by ``make
translations`` and committed; a test checks they are up to date.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
APP_PREFIX = "jarvis"


def install(app: QCoreApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Install the translators for ``locale`` (default: the system's).

    Returns:
        The installed translators, parented to ``app`` so they live as long
        as it does; empty when the language has no translation (English).
    """
    locale = locale if locale is not None else QLocale.system()
    installed = []
    for folder, prefix in ((TRANSLATIONS_DIR, APP_PREFIX),
                           (_qt_translations(), "qtbase")):
        translator = _load(app, locale, folder, prefix)
        if translator is not None:
            app.installTranslator(translator)
            installed.append(translator)
    log.debug("translators for %s: %d installed", locale.name(), len(installed))
    return installed


def available() -> list[str]:
    """The languages Jarvis ships a translation for ("de", ...)."""
    return sorted(path.stem.removeprefix(f"{APP_PREFIX}_")
                  for path in TRANSLATIONS_DIR.glob(f"{APP_PREFIX}_*.qm"))


def _load(app: QCoreApplication, locale: QLocale, folder: Path,
          prefix: str) -> QTranslator | None:
    if not folder.is_dir():
        return None
    translator = QTranslator(app)
    # Tries jarvis_de_AT.qm, then jarvis_de.qm, for each UI language in order.
    if translator.load(locale, prefix, "_", str(folder), ".qm"):
        return translator
    translator.deleteLater()
    return None


def _qt_translations() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
