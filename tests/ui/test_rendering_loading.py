"""Markdown and highlighting wait for a warm-up thread that is importing them.

Pygments' packages replace themselves in sys.modules while importing; a
render on the GUI thread that imported them at the same moment as the
warm-up thread failed with "cannot import name 'HtmlFormatter'" (a tester
saw a stored conversation not open, 2-3 times in 12 quick clicks).
"""

from __future__ import annotations

import threading

import pytest

from ui import rendering

REPLY = "Some code:\n\n```python\ndef f() -> int:\n    return 1\n```\n"


@pytest.fixture
def unloaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rendering, "_loaded", False)
    for cached in (rendering._parser, rendering._formatter, rendering._highlight):
        cached.cache_clear()


@pytest.mark.usefixtures("unloaded")
def test_a_render_waits_while_another_thread_loads() -> None:
    rendered: list[str] = []
    with rendering._LOADING:  # a warm-up thread is importing
        render = threading.Thread(
            target=lambda: rendered.append(rendering.render_markdown(REPLY,
                                                                     dark=False)))
        render.start()
        render.join(0.3)
        assert render.is_alive(), "the render did not wait for the loading"
    render.join(10)
    assert not render.is_alive()
    assert "def" in rendered[0] and "<span" in rendered[0], "highlighted"


@pytest.mark.usefixtures("unloaded")
def test_warm_up_and_render_together_both_finish() -> None:
    warm = threading.Thread(target=rendering.warm_up)
    warm.start()
    html = rendering.render_markdown(REPLY, dark=True)
    warm.join(10)
    assert not warm.is_alive()
    assert "<span" in html
