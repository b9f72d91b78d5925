"""The Qt front end of Jarvis (PySide6 + qasync).

Everything here is presentation: widgets, the stylesheet, and a controller
that drives the service facade (:class:`jarvis.service.Jarvis`) and folds
its events into view state. Decisions about providers, retries, limits,
keys and spend live in ``jarvis/``; this package never imports a provider
SDK or ``jarvis.providers`` (the window must show before they load).

Modules:
    app          entry point: QApplication, the qasync loop, start and quit
    eventloop    the qasync event loop, finishing dropped async generators
    session      opens the facade, owns the window's lifetime, shuts down
    controller   runs requests as owned tasks, emits Qt signals
    turns        view state of one prompt and its reply, folded from events
    rendering    Markdown to Qt rich text; code highlighting; image policy
    mainwindow   the main window: pickers, banner, chat, input, status bar
    chatview     the scrolling list of turns, repainted in coalesced frames
    turnwidget   one prompt and its reply, with status line and actions
    markdownview a reply's Markdown, re-rendering only its unfinished tail
    textview     read-only rich text that sizes to its content, loads nothing
    promptedit   the input box (Ctrl+Enter sends, Esc stops); rich pastes
                 and dropped text files become attachments
    attachmentbar the chips above the input box (attachments to send)
    remoteimages loads a reply's image only after a click (allow-list)
    confirm      the questions asked before loading or opening something
    theme        colours from the system palette; no app-wide style sheet
    settings     QSettings access (geometry, last provider and model,
                 allowed image hosts)
    assets       finds the app icon in a checkout, an install or a wheel
    gcguard      runs Python's cycle collector on the GUI thread only
    sidebar      the conversation list: pin, rename, delete, live search
    conversations history calls as owned tasks; stored messages to turns
    shortcuts    the one table of shortcuts, bound and shown in the help
    instance     single instance over a user-only local socket
    desktop      ties tray, quick-ask, notifications and commands together
    tray         the tray icon and menu (today's spend, pause, quit)
    quickask     the quick-ask popup on the fast tier
    notify       budget alerts and long replies finished out of sight
    panes        the usage, keys and settings panes
    i18n         installs the translations for the system language at start
    welcome      the first-run welcome: keychain, a checked key, a local
                 server, demo mode, the daily cap
    probe        `python -m ui.probe`: display and tray, for jarvis doctor
    messages     the service's coded messages (UserText) in the user's language
"""
