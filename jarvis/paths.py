"""Where Jarvis keeps its config, data and logs.

``JARVIS_HOME`` puts everything under one folder (tests, portable installs);
otherwise the platform's per-user folders are used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "jarvis"


@dataclass(frozen=True, slots=True)
class Paths:
    """The folders and files Jarvis reads and writes."""

    config_dir: Path
    data_dir: Path
    log_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def database(self) -> Path:
        return self.data_dir / "jarvis.sqlite3"

    @property
    def vault_file(self) -> Path:
        """The opt-in encrypted key file, for machines without a keychain."""
        return self.data_dir / "vault.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "jarvis.log"

    def ensure(self) -> None:
        """Create the folders and make what Jarvis wrote user-only.

        Also sets the process umask to 0o077, so that every file Jarvis
        writes from now on (database, WAL, logs) is created 0600.
        """
        os.umask(0o077)
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            folder.chmod(0o700)
        for folder in (self.data_dir, self.log_dir):
            for path in folder.iterdir():
                if path.is_file():
                    path.chmod(0o600)


def resolve(home: Path | None = None) -> Paths:
    """The paths for ``home``, ``$JARVIS_HOME`` or the platform defaults."""
    root = home or env_home()
    if root is not None:
        return Paths(root, root / "data", root / "logs")

    import platformdirs

    return Paths(
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def env_home() -> Path | None:
    """The folder ``$JARVIS_HOME`` names, or None when it is not set."""
    value = os.environ.get("JARVIS_HOME", "").strip()
    return Path(value).expanduser() if value else None
