"""Markdown to the rich-text HTML subset that Qt's text documents display.

Replies are Markdown written by a model, so they are untrusted: raw HTML is
shown as text (markdown-it with ``html`` off), links keep markdown-it's URL
validation, and images are never embedded. An image becomes a placeholder
link that names its host (CASES C12: a reply can carry conversation text in
an image URL's query string; fetching it would send that text away). Code
blocks are highlighted by Pygments with inline styles, because Qt's HTML
subset ignores most class-based CSS.

This module owns no widget; :mod:`ui.textview` displays what it returns.
"""

from __future__ import annotations

import hashlib
import html
import logging
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from pygments import highlight  # type: ignore[import-untyped]
from pygments.formatters import HtmlFormatter  # type: ignore[import-untyped]
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
from pygments.util import ClassNotFound  # type: ignore[import-untyped]
from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

COPY_SCHEME = "jarvis-copy"
"""Links with this scheme copy a code block; the path is :func:`code_key`."""

_LIGHT_CODE_STYLE = "friendly"
_DARK_CODE_STYLE = "monokai"


def render_markdown(text: str, *, dark: bool = False) -> str:
    """The HTML for a Markdown reply, safe to give to a QTextDocument."""
    return str(_parser(dark).render(text))


def render_plain(text: str) -> str:
    """The HTML for text shown exactly as typed (the user's prompt)."""
    return f'<div style="white-space: pre-wrap;">{html.escape(text)}</div>'


def block_starts(text: str) -> list[int]:
    """Offsets in ``text`` where each top-level Markdown block starts.

    Everything before the last offset is complete: text appended later can
    only change the last block (or start new ones), which is what lets a
    streaming reply re-render its tail alone.
    """
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    starts: list[int] = []
    for token in _parser(False).parse(text):
        if token.level == 0 and token.nesting >= 0 and token.map:
            starts.append(offsets[min(token.map[0], len(lines))])
    return starts


def image_host(src: str) -> str:
    """The host an image URL would be fetched from, in words."""
    parts = urlsplit(src)
    if parts.scheme == "data":
        return _tr("embedded data")
    return parts.hostname or _tr("an unknown place")


@lru_cache(maxsize=2)
def _parser(dark: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": False})
    md.enable(["table", "strikethrough"])
    style = _DARK_CODE_STYLE if dark else _LIGHT_CODE_STYLE
    md.add_render_rule("fence", _fence_rule(style))
    md.add_render_rule("code_block", _fence_rule(style))
    md.add_render_rule("image", _image)
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
        f"{html.escape(_tr('Copy code'))}</a></td></tr></table>"
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
    try:
        lexer = get_lexer_by_name(language) if language else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return html.escape(code)
    return str(highlight(code, lexer, _formatter(style))).rstrip("\n")


@lru_cache(maxsize=4)
def _formatter(style: str) -> Any:
    return HtmlFormatter(style=style, noclasses=True, nowrap=True)


@lru_cache(maxsize=4)
def _background(style: str) -> str:
    color: str = HtmlFormatter(style=style).style.background_color or "#f6f8fa"
    return color


def _image(
    _renderer: Any, tokens: Sequence[Token], idx: int,
    _options: Mapping[str, Any], _env: Any,
) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = "".join(child.content for child in token.children or ())
    host = image_host(src)
    words = _tr("image from {host}, not loaded").format(host=host)
    if alt:
        words = f"{alt}: {words}"
    return f'<a href="{html.escape(src, quote=True)}">[{html.escape(words)}]</a>'


def _table_open(
    _renderer: Any, _tokens: Sequence[Token], _idx: int,
    _options: Mapping[str, Any], _env: Any,
) -> str:
    return '<table border="1" cellspacing="0" cellpadding="4">\n'


def _tr(text: str) -> str:
    return QCoreApplication.translate("rendering", text)
