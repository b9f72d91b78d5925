"""The window's panes besides the chat: usage, and keys with settings.

Each pane is a standalone widget that gets the service facade with
``attach(jarvis)`` and stops its own tasks with ``aclose()``. Coroutines
only fetch from the facade and emit a signal; the pane's slots change the
widgets. Nothing here decides about spend, keys or limits: the numbers and
verdicts come from :class:`jarvis.service.Jarvis`.

Modules:
    tasks      the asyncio tasks one pane owns, cancelled on close
    money      how amounts of USD, unpriced sums and token counts read
    chart      a small bar chart of daily spend, drawn with QPainter
    usage      the usage pane: totals, tables, caps, chart, CSV export
    keys       the keys pane: per-provider key status and actions
    settings   the settings form: limits, fallback, tiers, cache, privacy,
               endpoints; applied through ``Jarvis.apply_settings``
    fields     one editable setting: widget, value, error label
    style      the panes' style sheet, in the palette's colours
    host       builds the pages the main window shows and attaches them
"""
