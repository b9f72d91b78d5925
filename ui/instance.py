"""One running Jarvis per user and data folder, reached over a local socket.

The first ``jarvis`` listens on a Unix socket inside a folder only its user
can enter (0700, in ``$XDG_RUNTIME_DIR`` when there is one), and the socket
itself is user-only (``UserAccessOption``): no other account can ask the
running app to do anything. A later ``jarvis`` or ``jarvis quick-ask``
connects, sends one command line ("show" or "quick-ask"), waits for "ok"
and exits. A socket left behind by a killed process (kill -9) answers no
one: it is removed and listened on again. (Qt's listen with socket options
would replace even a live socket, so the caller asks first.)

The socket name carries a hash of the data folder, so that two Jarvis with
different ``JARVIS_HOME`` (tests, a second profile) do not meet.

On Windows QLocalServer listens on a named pipe, not a file: pipe names are
one namespace for the whole machine, so the name also hashes the user's
account, and UserAccessOption gives the pipe an access list for this user
alone. The lock file lives in the user's own temp folder, which Windows
already keeps private (there is no uid and no chmod there).
FIXME:windows read from Qt's source and docs, never run: the pipe's access
list, a pipe pre-created by another account under our name (it could only
refuse or swallow "show"; commands carry nothing secret), and the lock
file in %TEMP% need a test on a Windows machine.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

SHOW = "show"
QUICK_ASK = "quick-ask"
COMMANDS = frozenset({SHOW, QUICK_ASK})

# Milliseconds a second process waits for the running one to answer (it
# may still be building its window: the socket listens before that).
ANSWER_MS = 10_000
# Milliseconds a starting process waits for another one's start to pass.
LOCK_WAIT_MS = 15_000
# The longest command line accepted (anything longer is not ours).
_MAX_LINE = 64


def socket_path(home: Path) -> Path:
    """The socket for the data folder ``home``, in a user-only folder."""
    who = f"{_account()}\0{home.resolve()}"
    digest = hashlib.sha256(who.encode()).hexdigest()[:16]
    return runtime_dir() / f"jarvis-{digest}.sock"


def server_name(path: Path) -> str:
    """What QLocalServer listens on for ``path``: the file itself, or on
    Windows the file's name, which Qt makes a name in the pipe namespace."""
    return path.name if _windows() else str(path)


def runtime_dir() -> Path:
    """A folder for sockets that only this user can enter (made 0700)."""
    if _windows():
        # %TEMP% is inside the user's profile, private by its access list.
        folder = Path(tempfile.gettempdir()) / "jarvis"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    # Read the variable directly: Qt's RuntimeLocation warns on stderr
    # when it is unset, and then picks a /tmp folder just like this one.
    base = os.environ.get("XDG_RUNTIME_DIR", "")
    if base and Path(base).is_dir():
        folder = Path(base) / "jarvis"
    else:
        folder = Path(tempfile.gettempdir()) / f"jarvis-{os.getuid()}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if info.st_uid != os.getuid() or not stat.S_ISDIR(info.st_mode):
        # Someone else made it (a squatter in /tmp): refuse to use it.
        raise PermissionError(f"{folder} is not a folder owned by this user")
    if stat.S_IMODE(info.st_mode) != 0o700:
        folder.chmod(0o700)
    return folder


def _windows() -> bool:
    return sys.platform == "win32"


def _account() -> str:
    """Who runs this process: the uid, or on Windows the domain and user."""
    if _windows():
        domain = os.environ.get("USERDOMAIN", "")
        return f"{domain}\\{os.environ.get('USERNAME', '')}"
    return str(os.getuid())


def hand_over_or_listen(server: InstanceServer, command: str) -> bool:
    """Give ``command`` to a running Jarvis (True), or listen as the one.

    A lock file makes ask-then-listen one step, so that two Jarvis started
    together do not both listen (the later listen would take the socket).
    """
    lock = QLockFile(str(server.path.with_suffix(".lock")))
    if not lock.tryLock(LOCK_WAIT_MS):
        log.warning("another jarvis holds the start lock; going on without it")
    try:
        if send(server.path, command):
            return True
        server.listen()
        return False
    finally:
        lock.unlock()


def send(path: Path, command: str, wait_ms: int = ANSWER_MS) -> bool:
    """Hand ``command`` to the running instance; whether it took it."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(path))
    try:
        if not socket.waitForConnected(wait_ms):
            return False
        socket.write(f"{command}\n".encode())
        if not socket.waitForBytesWritten(wait_ms):
            return False
        while not socket.canReadLine():
            if not socket.waitForReadyRead(wait_ms):
                return False
        answer = bytes(socket.readLine().data()).strip()
        return answer == b"ok"
    finally:
        socket.abort()


class InstanceServer(QObject):
    """Listens for commands from later ``jarvis`` processes.

    Signals:
        commandReceived(str): "show" or "quick-ask" arrived.
    """

    commandReceived = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._server = QLocalServer(self)
        self._server.setSocketOptions(
            QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening; whether it works.

        Call :func:`send` first: a socket file still here when no one
        answers it was left by a process that died (kill -9), and is
        replaced.
        """
        if self.path.exists() and not _windows():  # a pipe leaves no file
            log.info("removing a stale instance socket")
            QLocalServer.removeServer(str(self.path))
        if self._server.listen(server_name(self.path)):
            return True
        log.warning("cannot listen for other jarvis commands: %s",
                    self._server.errorString())
        return False

    def close(self) -> None:
        """Stop listening and remove the socket file."""
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > _MAX_LINE:
                socket.abort()
            return
        command = bytes(socket.readLine(_MAX_LINE).data()).decode(
            "ascii", "replace").strip()
        known = command in COMMANDS or command == "ping"
        socket.write(b"ok\n" if known else b"unknown\n")
        socket.flush()
        socket.disconnectFromServer()
        if command in COMMANDS:
            log.info("another jarvis asked for %s", command)
            self.commandReceived.emit(command)
