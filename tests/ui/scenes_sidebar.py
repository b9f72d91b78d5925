"""Staged sidebar windows for screenshots: ``python -m tests.ui.scenes_sidebar``.

Runs the real app in demo mode, stores a few conversations through the
facade's history (as the service stores them), and plays one scene
through the window's own controls. For ``scripts/screenshot.sh``::

    scripts/screenshot.sh -o docs/screenshots/sidebar.png -- \\
        /tmp/venv/bin/python -m tests.ui.scenes_sidebar list --home "$(mktemp -d)"

Scenes:
    list: pinned and recent conversations; one opened, with a cancelled
        reply and a priced one.
    search: the same history searched for "sourdough"; the matches bold.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from jarvis.service import Jarvis
from tests.ui.helpers import until
from tests.ui.scenerun import run, run_scene
from ui.controller import ChatController
from ui.mainwindow import MainWindow
from ui.session import Session

# (title, pinned, minutes ago, [(prompt, reply, status)])
HISTORY = [
    ("Sourdough starter schedule", True, 2 * 1440, [
        ("How often should I feed a sourdough starter kept in the fridge?",
         "Once a week is enough for a refrigerated starter. Take it out, "
         "discard all but about 50 g, and feed it equal weights of flour "
         "and water.", "ok")]),
    ("Trip to Lisbon", False, 3, [
        ("Plan three days in Lisbon for someone who likes food and tiles.",
         "**Day 1 — Alfama and Baixa**\n\n- Morning: the Tile Museum "
         "(Museu Nacional do Azulejo)\n- Lunch: grilled sardines near "
         "Largo do Chafariz de Dentro\n- Evening: fado in Alfama", "ok"),
        ("Where should we eat on day 2?",
         "For day 2 around Belém, start with pastéis at the original "
         "bakery, then", "cancelled")]),
    ("Python: dataclass vs NamedTuple", False, 5 * 60, [
        ("When should I use a dataclass instead of a NamedTuple?",
         "Use a **NamedTuple** when the value is small, immutable and "
         "should unpack like a tuple; use a **dataclass** when it needs "
         "defaults, methods or mutation.\n\n```python\n"
         "@dataclass(frozen=True, slots=True)\nclass Point:\n"
         "    x: float\n    y: float\n```", "ok")]),
    ("Bread hydration maths", False, 1500, [
        ("My sourdough is 500 g flour and 350 g water. What hydration?",
         "That is 70 % hydration (350 / 500). The starter adds a little: "
         "with 100 g of a 100 % starter it is 400 / 550, about 73 %.", "ok")]),
    ("Cover letter draft", False, 12 * 1440, [
        ("Tighten this opening line: I am writing to apply for the job.",
         "Try: “I'd like to bring five years of data engineering to your "
         "analytics team.”", "ok")]),
]


async def _store(jarvis: Jarvis) -> str:
    """Store the history above; the id of the conversation to open."""
    opened = ""
    for title, pinned, minutes, exchanges in HISTORY:
        cid = await jarvis.new_conversation(title)
        for prompt, reply, status in exchanges:
            await jarvis.history.add(cid, "user", prompt)
            await jarvis.history.add(
                cid, "assistant", reply, status=status, provider="anthropic",
                model="claude-sonnet-4-5",
                cost_usd=Decimal("0.00213") if status == "ok" else None)
        if pinned:
            await jarvis.pin_conversation(cid, True)
        if title == "Trip to Lisbon":
            opened = cid
        await _age(jarvis, cid, minutes)
    return opened


async def _age(jarvis: Jarvis, conversation_id: str, minutes: int) -> None:
    # The store stamps "now"; a staged list wants varied times (a private
    # handle: screenshots only).
    when = (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat(
        timespec="milliseconds")
    sql = "UPDATE conversations SET updated_at = ? WHERE id = ?"
    await jarvis.history._store.run(
        lambda db: db.execute(sql, [when, conversation_id]))


async def _play(window: MainWindow, controller: ChatController, session: Session,
                scene: str) -> None:
    await until(lambda: session.jarvis is not None and controller.ready,
                "the service to open", 60)
    assert session.jarvis is not None
    opened = await _store(session.jarvis)
    controller.history.refresh()
    controller.open_conversation(opened)
    await until(lambda: controller.conversation_id == opened, "the open", 30)
    if scene == "search":
        window.sidebar.focus_search()
        window.sidebar.search_box.setText("sourdough")


async def _main(window: MainWindow, controller: ChatController, scene: str,
                home: Path) -> None:
    session = Session(controller)
    player = asyncio.get_running_loop().create_task(
        _play(window, controller, session, scene))
    try:
        await run(window, session, home=home, demo=True)
    finally:
        player.cancel()
        await asyncio.gather(player, return_exceptions=True)


def main(argv: list[str]) -> int:
    scenes = ("list", "search")
    return run_scene("python -m tests.ui.scenes_sidebar", scenes, _main, argv,
                     size=(1180, 740))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
