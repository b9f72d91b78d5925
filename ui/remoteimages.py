"""Loading a reply's remote image, only ever after the user clicks it.

A reply's images are placeholders (CASES C12). Clicking one comes here:
an image from a host on the allow-list (QSettings ``images/allowed_hosts``,
empty by default) is fetched at once; any other host is asked about first
(load once, always allow, cancel). The fetch follows no redirect (a
redirect could lead off the allowed host), is capped in size and carries
no cookies. No network object exists before the first confirmed click.

This module owns the fetch and the allow-list; the widgets only draw what
it delivers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWidgets import QWidget

from ui import confirm, settings
from ui.confirm import HostChoice

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 5_000_000
"""A larger download is aborted: a reply's image is an illustration."""

MAX_WIDTH = 640
"""Wider images are scaled down to fit a reply card."""

_FETCHABLE = frozenset({"http", "https"})

Asker = Callable[[QWidget, str], HostChoice]


def allowed_hosts() -> list[str]:
    """The hosts whose images load on a click without asking."""
    return [host.lower() for host in settings.read_list(settings.IMAGE_HOSTS)]


def allow_host(host: str) -> None:
    """Add ``host`` to the allow-list."""
    hosts = allowed_hosts()
    if host.lower() not in hosts:
        settings.write(settings.IMAGE_HOSTS, [*hosts, host.lower()])


class RemoteImages(QObject):
    """Fetches images the user asked for, one request per click.

    Args:
        ask: asks about a host not on the allow-list (a dialog by default).

    Signals:
        loaded(int, str, object): turn id, image key, the QImage.
        failed(str): why an image was not loaded, in words.
    """

    loaded = Signal(int, str, object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *,
                 ask: Asker | None = None) -> None:
        super().__init__(parent)
        self.ask: Asker = ask or confirm.ask_image_host
        self._manager: QNetworkAccessManager | None = None

    def request(self, turn_id: int, key: str, src: str, parent: QWidget) -> bool:
        """The user clicked an image placeholder; whether a fetch started."""
        url = QUrl(src)
        host = url.host().lower()
        if url.scheme() not in _FETCHABLE or not host:
            self.failed.emit(self.tr("Only images on the web can be loaded."))
            return False
        if host not in allowed_hosts():
            choice = self.ask(parent, host)
            if choice is HostChoice.CANCEL:
                return False
            if choice is HostChoice.ALWAYS:
                allow_host(host)
        self._fetch(url, turn_id, key)
        return True

    def _fetch(self, url: QUrl, turn_id: int, key: str) -> None:
        log.info("loading an image from %s after a click", url.host())
        if self._manager is None:
            self._manager = QNetworkAccessManager(self)
        request = QNetworkRequest(url)
        request.setAttribute(QNetworkRequest.Attribute.RedirectPolicyAttribute,
                             QNetworkRequest.RedirectPolicy.ManualRedirectPolicy)
        request.setAttribute(QNetworkRequest.Attribute.CookieSaveControlAttribute,
                             QNetworkRequest.LoadControl.Manual)
        request.setAttribute(QNetworkRequest.Attribute.CookieLoadControlAttribute,
                             QNetworkRequest.LoadControl.Manual)
        reply = self._manager.get(request)
        reply.downloadProgress.connect(
            lambda received, _total: self._cap(reply, received))
        reply.finished.connect(lambda: self._done(reply, turn_id, key))

    def _cap(self, reply: QNetworkReply, received: int) -> None:
        if received > MAX_IMAGE_BYTES:
            log.info("an image download passed %d bytes: aborted", MAX_IMAGE_BYTES)
            reply.abort()

    def _done(self, reply: QNetworkReply, turn_id: int, key: str) -> None:
        reply.deleteLater()
        host = reply.url().host()
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        if reply.error() is not QNetworkReply.NetworkError.NoError or status != 200:
            log.info("an image from %s failed: %s (HTTP %s)", host,
                     reply.error().name, status)
            self.failed.emit(self.tr("The image from {host} could not be loaded."
                                     ).format(host=host))
            return
        image = QImage.fromData(reply.readAll())
        if image.isNull():
            self.failed.emit(self.tr("{host} did not send an image.").format(
                host=host))
            return
        if image.width() > MAX_WIDTH:
            image = image.scaledToWidth(
                MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
        self.loaded.emit(turn_id, key, image)
