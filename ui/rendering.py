"""Markdown to the rich-text HTML subset that Qt's text documents display.

Replies are Markdown written by a model, so they are untrusted: raw HTML is
shown as text (markdown-it with ``html`` off), links keep markdown-it's URL
validation, and images are never embedded. An image becomes a placeholder
link that names its host (CASES C12: a reply can carry conversation text in
an image URL's query string; fetching it would send that text away); the
placeholder's link uses :data:`IMAGE_SCHEME`, so a click can only ask to
load it, never open it. An image the user chose to load is drawn from the
view's own store under the same name. A link whose text does not name its
target is followed by the target's host ("docs (evil.example)"), and its
tooltip is the real URL whatever title the model gave it. Code
blocks are highlighted by Pygments with inline styles, because Qt's HTML
subset ignores most class-based CSS.

This module owns no widget; :mod:`ui.textview` displays what it returns.
markdown-it and Pygments are imported at the first render, not with this
module: the window shows before either is needed, and :func:`warm_up`
(pure Python, safe in a worker thread) loads them once it has.
"""

from __future__ import annotations

import hashlib
import html
import importlib
import logging
import re
import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

log = logging.getLogger(__name__)

COPY_SCHEME = "jarvis-copy"
"""Links with this scheme copy a code block; the path is :func:`code_key`."""

IMAGE_SCHEME = "jarvis-image"
"""Links with this scheme ask to load an image; the path is :func:`image_key`."""

_LIGHT_CODE_STYLE = "friendly"
_DARK_CODE_STYLE = "monokai"


def render_markdown(text: str, *, dark: bool = False,
                    loaded: frozenset[str] = frozenset()) -> str:
    """The HTML for a Markdown reply, safe to give to a QTextDocument.

    ``loaded`` holds the :func:`image_key` of images the user chose to
    load: those are drawn (from the view's store), the rest stay
    placeholders.
    """
    if not text:
        return ""  # an empty view needs no parser (none is loaded yet)
    return str(_parser(dark).render(text, {"loaded": loaded}))


def render_plain(text: str) -> str:
    """The HTML for text shown exactly as typed (the user's prompt)."""
    return f'<div style="white-space: pre-wrap;">{html.escape(text)}</div>'


def block_starts(text: str, begin: int = 0) -> list[int]:
    """Offsets in ``text`` where each top-level Markdown block starts.

    Everything before the last offset is complete: text appended later can
    only change the last block (or start new ones), which is what lets a
    streaming reply re-render its tail alone. For the same reason a text
    whose blocks before ``begin`` are known (``begin`` being one of their
    starts) needs only ``text[begin:]`` parsed: the offsets returned are
    those from ``begin`` on, in ``text``'s numbering.
    """
    tail = text[begin:]
    lines = tail.splitlines(keepends=True)
    offsets = [begin]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    starts: list[int] = []
    for token in _parser(False).parse(tail):
        if token.level == 0 and token.nesting >= 0 and token.map:
            starts.append(offsets[min(token.map[0], len(lines))])
    return starts


# Pygments' lexers and formatters packages replace themselves in
# sys.modules while they import: a second thread importing them at that
# moment gets the half-made module ("cannot import name 'HtmlFormatter'"),
# so the GUI thread and a warm-up thread never import them at once.
_LOADING = threading.Lock()
_loaded = False


def _load() -> None:
    """Import markdown-it and Pygments once, one thread at a time."""
    global _loaded
    if _loaded:
        return
    with _LOADING:
        if _loaded:
            return
        for name in ("markdown_it", "pygments.lexers", "pygments.formatters.html"):
            importlib.import_module(name)
        _loaded = True


def warm_up() -> None:
    """Import the Markdown parser and the highlighter and build both.

    Pure Python and no Qt: the window runs this in a worker thread after
    it shows, so that the first reply does not wait for the imports.
    """
    _load()
    for dark in (False, True):
        _parser(dark)
    _highlight("x = 1", "python", _LIGHT_CODE_STYLE)


def image_host(src: str) -> str:
    """The host an image URL would be fetched from, in words."""
    parts = urlsplit(src)
    if parts.scheme == "data":
        return _tr("rendering", "embedded data")
    return parts.hostname or _tr("rendering", "an unknown place")


def image_key(src: str) -> str:
    """A short name for an image URL, used in its placeholder's link."""
    return hashlib.sha256(src.encode()).hexdigest()[:16]


def image_sources(text: str) -> dict[str, str]:
    """The image URLs of a Markdown text by :func:`image_key`."""
    sources = (str(token.attrGet("src") or "") for token in _inline(text)
               if token.type == "image")
    return {image_key(src): src for src in sources}


def link_texts(text: str) -> list[tuple[str, str]]:
    """Every link of a Markdown text as (target, visible text)."""
    links: list[tuple[str, str]] = []
    tokens = _inline(text)
    for idx, token in enumerate(tokens):
        if token.type == "link_open":
            links.append((str(token.attrGet("href") or ""),
                          _visible_text(tokens, idx)))
    return links


def target_label(href: str) -> str:
    """Where a link goes, in brief: its host, or a mail address."""
    parts = urlsplit(href)
    if parts.scheme == "mailto":
        return parts.path
    return parts.hostname or ""


# A visible text that is itself an address: optional scheme, a dotted
# host, optional path. Prose that merely mentions a file name is not one.
_ADDRESS = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?"
    r"((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})\.?"
    r"(?::\d+)?(?:[/?#]\S*)?$", re.IGNORECASE)


def misleading_host(text: str, href: str) -> str | None:
    """The host ``text`` shows when it is not where ``href`` goes, else None.

    "[paypal.com](https://evil.example)" shows paypal.com but goes to
    evil.example: opening it should ask first.
    """
    match = _ADDRESS.match(text.strip())
    if match is None:
        return None
    shown = match.group(1).lower()
    target = (urlsplit(href).hostname or "").lower().removeprefix("www.")
    return None if shown == target else shown


def _inline(text: str) -> list[Token]:
    found: list[Token] = []
    for token in _parser(False).parse(text):
        found.extend(token.children or ())
    return found


def _visible_text(tokens: Sequence[Token], open_idx: int) -> str:
    """The text between a link_open token and its link_close."""
    parts: list[str] = []
    for token in tokens[open_idx + 1:]:
        if token.type == "link_close" and token.level == tokens[open_idx].level:
            break
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type == "image":
            parts.append("".join(c.content for c in token.children or ()))
    return "".join(parts)


@lru_cache(maxsize=2)
def _parser(dark: bool) -> MarkdownIt:
    _load()
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "breaks": False})
    md.enable(["table", "strikethrough"])
    style = _DARK_CODE_STYLE if dark else _LIGHT_CODE_STYLE
    md.add_render_rule("fence", _fence_rule(style))
    md.add_render_rule("code_block", _fence_rule(style))
    md.add_render_rule("image", _image)
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    md.add_render_rule("table_open", _table_open)
    return md


def _fence_rule(style: str) -> Any:
    def fence(
        _renderer: Any, tokens: Sequence[Token], idx: int,
        _options: Mapping[str, Any], _env: Any,
    ) -> str:
        token = tokens[idx]
        language = token.info.split(maxsplit=1)[0] if token.info else ""
        return code_block(token.content, language, style)

    return fence


def code_block(code: str, language: str, style: str) -> str:
    """A highlighted code block as a one-cell table (Qt pads table cells).

    A header line above it names the language and links to copying it.
    """
    body = _highlight(code.rstrip("\n"), language, style)
    background = _background(style)
    header = (
        '<table width="100%" cellspacing="0" cellpadding="0" '
        'style="margin-top: 10px; margin-bottom: 2px;"><tr>'
        f'<td style="color: #8a8f98; font-size: small;">{html.escape(language)}</td>'
        '<td align="right" style="font-size: small;">'
        f'<a href="{COPY_SCHEME}:{code_key(code)}" style="text-decoration: none;">'
        f"{html.escape(_tr('rendering', 'Copy code'))}</a></td></tr></table>"
    )
    return (f"{header}<table width=\"100%\" cellspacing=\"0\" cellpadding=\"10\" "
            f"bgcolor=\"{background}\"><tr><td><pre style=\"margin: 0;\">"
            f"{body}</pre></td></tr></table>\n")


def code_key(code: str) -> str:
    """A short name for a code block's text, used in its copy link."""
    return hashlib.sha256(code.rstrip("\n").encode()).hexdigest()[:16]


def code_blocks(text: str) -> dict[str, str]:
    """The code blocks of a Markdown text by :func:`code_key`."""
    return {code_key(token.content): token.content.rstrip("\n")
            for token in _parser(False).parse(text)
            if token.type in ("fence", "code_block")}


# A streaming reply is rendered many times over; its finished code blocks
# are highlighted once.
@lru_cache(maxsize=256)
def _highlight(code: str, language: str, style: str) -> str:
    _load()
    from pygments import highlight  # type: ignore[import-untyped]
    from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
    from pygments.util import ClassNotFound  # type: ignore[import-untyped]

    try:
        lexer = get_lexer_by_name(language) if language else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return html.escape(code)
    return str(highlight(code, lexer, _formatter(style))).rstrip("\n")


@lru_cache(maxsize=4)
def _formatter(style: str) -> Any:
    _load()
    from pygments.formatters.html import HtmlFormatter  # type: ignore[import-untyped]

    return HtmlFormatter(style=style, noclasses=True, nowrap=True)


@lru_cache(maxsize=4)
def _background(style: str) -> str:
    color: str = _formatter(style).style.background_color or "#f6f8fa"
    return color


def _image(
    _renderer: Any, tokens: Sequence[Token], idx: int,
    _options: Mapping[str, Any], env: Any,
) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = "".join(child.content for child in token.children or ())
    key = image_key(src)
    loaded = env.get("loaded", frozenset()) if isinstance(env, dict) else ()
    if key in loaded:
        return (f'<img src="{IMAGE_SCHEME}:{key}" '
                f'alt="{html.escape(alt, quote=True)}">')
    host = image_host(src)
    words = _tr("rendering", "image from {host}, not loaded").format(host=host)
    if alt:
        words = f"{alt}: {words}"
    return f'<a href="{IMAGE_SCHEME}:{key}">[{html.escape(words)}]</a>'


def _link_open(
    renderer: Any, tokens: Sequence[Token], idx: int,
    options: Mapping[str, Any], env: Any,
) -> str:
    # The tooltip is the real target, never a title the model chose.
    tokens[idx].attrSet("title", str(tokens[idx].attrGet("href") or ""))
    return str(renderer.renderToken(tokens, idx, options, env))


def _link_close(
    renderer: Any, tokens: Sequence[Token], idx: int,
    options: Mapping[str, Any], env: Any,
) -> str:
    closing = str(renderer.renderToken(tokens, idx, options, env))
    start = _opening(tokens, idx)
    if start is None:
        return closing
    label = target_label(str(tokens[start].attrGet("href") or ""))
    if not label or label.lower() in _visible_text(tokens, start).lower():
        return closing
    return (f'{closing} <span style="color: #8a8f98;">'
            f"({html.escape(label)})</span>")


def _opening(tokens: Sequence[Token], close_idx: int) -> int | None:
    level = tokens[close_idx].level
    for idx in range(close_idx - 1, -1, -1):
        if tokens[idx].type == "link_open" and tokens[idx].level == level:
            return idx
    return None


def _table_open(
    _renderer: Any, _tokens: Sequence[Token], _idx: int,
    _options: Mapping[str, Any], _env: Any,
) -> str:
    return '<table border="1" cellspacing="0" cellpadding="4">\n'


_tr = QCoreApplication.translate
