"""Exports a conversation as Markdown (to read) or JSON (to process).

Both carry only what the user saw: prompts as typed and replies as shown,
with each reply's provider, model, cost and status; nothing about keys.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from jarvis.store.history import ConversationSummary, StoredMessage

FORMAT_VERSION = 1
_STATUS_NOTE = {
    "interrupted": "*(interrupted: partial reply)*",
    "cancelled": "*(stopped: partial reply)*",
    "error": "*(failed)*",
}


def to_markdown(
    conversation: ConversationSummary, messages: Sequence[StoredMessage]
) -> str:
    """The conversation as a Markdown document."""
    lines = [f"# {conversation.title}", "",
             f"*Exported from Jarvis; last updated "
             f"{conversation.updated_at:%Y-%m-%d %H:%M} UTC.*", ""]
    for message in messages:
        lines += _markdown_turn(message)
    return "\n".join(lines).rstrip() + "\n"


def _markdown_turn(message: StoredMessage) -> list[str]:
    if message.role == "user":
        return ["## You", "", message.text, ""]
    about = " · ".join(part for part in (message.provider, message.model,
                                         _cost(message)) if part)
    heading = f"## Jarvis ({about})" if about else "## Jarvis"
    note = _STATUS_NOTE.get(message.status)
    return [heading, "", message.text, *(["", note] if note else []), ""]


def _cost(message: StoredMessage) -> str:
    if message.cost_usd is None:
        return ""
    return f"${message.cost_usd:f}"


def to_json(
    conversation: ConversationSummary, messages: Sequence[StoredMessage]
) -> str:
    """The conversation as JSON (UTF-8 text, stable field names)."""
    body: dict[str, Any] = {
        "format": "jarvis-conversation",
        "version": FORMAT_VERSION,
        "id": conversation.id,
        "title": conversation.title,
        "updated_at": conversation.updated_at.isoformat(),
        "messages": [
            {
                "role": m.role,
                "text": m.text,
                "status": m.status,
                "provider": m.provider,
                "model": m.model,
                "cost_usd": None if m.cost_usd is None else f"{m.cost_usd:f}",
                "created_at": m.created_at.isoformat(),
            }
            for m in messages
        ],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
