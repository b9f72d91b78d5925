"""The ``jarvis`` command: the desktop app, one-shot questions, usage, keys.

Exit codes: 0 done; 1 internal error; 2 usage or config error; 3 refused by
a limit or a guard; 4 every provider failed; 5 ``doctor`` found a problem;
6 the disk or the data folder refused a write. The long help of each
command is in :mod:`jarvis.clihelp`. Heavy modules (SDKs, Qt) are
imported only by the command that needs them, so ``jarvis --help`` and
``jarvis usage`` start fast.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import gc
import importlib
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine, Sequence
from contextlib import aclosing
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TextIO

from jarvis import __version__, clihelp
from jarvis.errors import ConfigError, ErrorKind, JarvisError

if TYPE_CHECKING:
    import sqlite3

    from jarvis.events import Reply
    from jarvis.service import Jarvis

log = logging.getLogger(__name__)

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_REFUSED, EXIT_FAILED = 0, 1, 2, 3, 4
EXIT_UNHEALTHY = 5  # jarvis doctor found a problem
EXIT_STORAGE = 6  # the disk or the data folder refused a write
# Text read into the prompt whole: the window's limit (ui/promptedit.py)
# too. A larger file, or /dev/zero, would be read and scanned for minutes.
MAX_TEXT_ATTACHMENT = 1_000_000

_EPILOG = """\
exit codes: 0 done, 1 internal error, 2 usage or config error,
3 refused by a limit or a guard, 4 every provider failed.

Config: config.toml in the user config folder, or in $JARVIS_HOME when set
(data and logs then live there too). Keys: the OS keychain, or the
environment variables ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY.
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jarvis`` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    try:
        if command == "gui":
            return _gui(args)
        if command == "quick-ask":
            return _gui(args, entry="quick_ask")
        if command == "simulate":
            return _simulate(args)
        if argv is None:
            _one_shot_process()
        return _run(_COMMANDS[command](args))
    except ConfigError as exc:
        print(f"jarvis: config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("jarvis: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`jarvis usage | head`): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if _storage_error(exc):
            return _storage_failed(exc)  # type: ignore[arg-type]
        log.exception("internal error in %s", command)
        print("jarvis: internal error; details are in the log file",
              file=sys.stderr)
        return EXIT_INTERNAL


def _storage_error(exc: Exception) -> bool:
    """Whether the disk or the database failed (not a bug of Jarvis)."""
    if isinstance(exc, OSError):
        return True
    # Imported here, not with this module: `jarvis gui` paints its window
    # before the database (or the cost of importing sqlite3) is needed.
    import sqlite3

    return isinstance(exc, sqlite3.DatabaseError)


def _storage_failed(exc: sqlite3.DatabaseError | OSError) -> int:
    from jarvis import paths
    from jarvis.store.recovery import printable, write_failure

    log.error("storage error", exc_info=exc)
    message = write_failure(exc, paths.resolve().data_dir)
    if message is not None:
        print(f"jarvis: {message}", file=sys.stderr)
        return EXIT_STORAGE
    if isinstance(exc, OSError):
        print("jarvis: internal error; details are in the log file",
              file=sys.stderr)
        return EXIT_INTERNAL
    # SQLite's text can quote a damaged file's bytes: escaped, never raw.
    print(f"jarvis: the database cannot be used ({printable(str(exc))}). It "
          "was left untouched.", file=sys.stderr)
    return EXIT_INTERNAL


def _one_shot_process() -> None:
    """No cyclic garbage collection in a command that runs once and exits.

    Importing an SDK makes hundreds of thousands of objects that live until
    exit; the collector walks them again and again while importing and once
    more at exit: ~150 ms and ~250 ms of ``jarvis ask`` on two cores. A
    whole reply leaves about 1 MB of cyclic garbage (a 20,000-token reply,
    measured). Only for the command line of the process itself: a program
    or test that calls :func:`main` keeps its collector.
    """
    gc.disable()
    atexit.register(gc.freeze)  # before the interpreter's last collection


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jarvis",
        description="A desktop AI assistant that keeps your keys in the OS "
        "keychain, shows what every answer cost and never overspends.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"jarvis {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the desktop app (the default)")
    gui.add_argument("--demo", action="store_true",
                     help="use the built-in provider simulator: no keys, no cost")

    quick = sub.add_parser(
        "quick-ask", help="open the quick-ask popup (in the running app)")
    quick.add_argument("--demo", action="store_true",
                       help="use the built-in provider simulator: no keys, no cost")

    ask = sub.add_parser(
        "ask", help="ask one question and stream the answer",
        description="Ask one question; the answer streams to stdout. Each "
        "attempt is priced and logged to the spend log.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ask.add_argument("prompt", help="the question; - reads it from stdin")
    ask.add_argument("-p", "--provider", help="provider name from config.toml")
    ask.add_argument("-m", "--model", help="model to use with that provider")
    ask.add_argument("-t", "--tier", metavar="TIER",
                     help="fast, default, best (default unless [tiers] best "
                          "is set), a tier from config.toml, or auto")
    ask.add_argument("--demo", action="store_true",
                     help="use the built-in provider simulator: no keys, no cost")
    ask.add_argument("--json", action="store_true",
                     help="print one JSON object at the end instead of streaming")
    ask.add_argument("--no-fallback", action="store_true",
                     help="do not fall back to other providers")
    ask.add_argument("-a", "--attach", action="append", default=[], metavar="FILE",
                     help="a text or HTML file (up to 1 MB) to include as data, "
                          "never as instructions, or a PNG, JPEG, GIF or WebP "
                          "image for a model that reads images (repeatable)")
    ask.add_argument("--allow-secrets", action="store_true",
                     help="send even though the prompt holds a key, token or "
                          "private key (refused by default, exit 3)")
    ask.add_argument("--max-tokens", type=_positive_int, metavar="N",
                     help="most output tokens (default: [limits] max_tokens)")
    ask.add_argument("--temperature", type=_temperature, metavar="T",
                     help="0 to 2; 0 makes the answer repeatable (and cacheable)")

    usage = sub.add_parser("usage", help="show spend by day, provider and model")
    usage.add_argument("--json", action="store_true", help="JSON, with every row")
    usage.add_argument("--since", type=_date, metavar="YYYY-MM-DD",
                       help="only spend on or after this (local) day")
    usage.add_argument("--until", type=_date, metavar="YYYY-MM-DD",
                       help="only spend on or before this (local) day")
    usage.add_argument("-p", "--provider", help="only this provider's spend")
    usage.add_argument("--csv", action="store_true",
                       help="every row as CSV (for a spreadsheet)")

    keys = sub.add_parser(
        "keys", help="list, set or delete provider keys",
        description="Keys live in the OS keychain. 'set' reads the key from a "
        "hidden prompt, or from stdin when piped; never from the command line.")
    keys.add_argument("action", choices=("list", "set", "delete"))
    keys.add_argument("provider", nargs="?", help="provider name (set, delete)")
    keys.add_argument("--no-validate", action="store_true",
                      help="store without checking the key with the provider")
    keys.add_argument("--vault", action="store_true",
                      help="store in the passphrase-encrypted vault file instead of "
                           "the OS keychain (for machines without one)")
    keys.add_argument("extra", nargs="*", help=argparse.SUPPRESS)

    data = sub.add_parser(
        "data", help="show where your data lives, or delete all of it",
        description="'where' lists the folders Jarvis uses. 'delete' erases every "
        "conversation, the spend log and the logs (the database is vacuumed); "
        "with --keys it also removes the stored keys.")
    data.add_argument("action", choices=("where", "delete"))
    data.add_argument("--keys", action="store_true", help="also delete stored keys")
    data.add_argument("--yes", action="store_true", help="do not ask to confirm")

    doctor = sub.add_parser(
        "doctor", help="check keychain, display, config, database and providers")
    doctor.add_argument("--json", action="store_true",
                        help='one JSON object: {"ok": bool, "checks": [...]}')

    sim = sub.add_parser("simulate", help="run the provider simulator on loopback")
    sim.add_argument("--port", type=_port, default=0,
                     help="port on 127.0.0.1 (default: a free one)")
    clihelp.apply(parser, sub)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of 1 or more, not {text!r}")
    return value


def _temperature(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 2:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 2, not {text!r}")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(
            f"expected a port from 0 to 65535, not {text!r}")
    return value


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def _run(work: Coroutine[Any, Any, int]) -> int:
    return asyncio.run(_until_signal(work))


async def _until_signal(work: Coroutine[Any, Any, int]) -> int:
    """Run ``work``; SIGTERM or SIGHUP stop it as Ctrl+C does.

    Stopping cancels the request, which stores the partial reply as
    cancelled and settles its spend row before the process exits.
    """
    task = asyncio.current_task()
    assert task is not None
    received: list[int] = []

    def stop(signum: int) -> None:
        received.append(signum)
        task.cancel()

    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, stop, signum)
    try:
        return await work
    except asyncio.CancelledError:
        if not received:
            raise
        print("jarvis: stopped", file=sys.stderr)
        return 128 + received[0]
    finally:
        for signum in (signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(signum)


async def _open(demo: bool = False) -> Jarvis:
    from jarvis import logs, paths
    from jarvis.service import Jarvis

    logs.setup(paths.resolve().log_file)
    service = await Jarvis.open(demo=demo)
    if service.database_notice:
        print(f"jarvis: {service.database_notice}", file=sys.stderr)
    return service


def _gui(args: argparse.Namespace, entry: str = "main") -> int:
    # The app runs the cycle collector on its GUI thread (ui.gcguard) once
    # it starts; before that, importing it makes only long-lived objects,
    # which automatic collections walked again and again (10-17 ms).
    gc.disable()
    # The window lives in the ui package; importing it by name keeps this
    # Qt-free module free of any Qt import.
    app = importlib.import_module("ui.app")
    result: int = getattr(app, entry)(demo=bool(getattr(args, "demo", False)))
    return result


def _simulate(args: argparse.Namespace) -> int:
    from jarvis.simulator.server import main as serve

    try:
        return serve(args.port)
    except OSError as exc:
        print(f"jarvis: cannot listen on 127.0.0.1:{args.port} ({exc.strerror})",
              file=sys.stderr)
        return EXIT_USAGE


# ask -------------------------------------------------------------------------


async def _ask(args: argparse.Namespace) -> int:
    from jarvis import terminal
    from jarvis.events import (
        Failed,
        FallbackUsed,
        Guarded,
        Notice,
        ReplyDone,
        TextDelta,
        Waiting,
    )
    from jarvis.service import AskOptions

    prompt = _read_prompt(args.prompt)
    if not prompt.strip():
        print("jarvis: the prompt is empty", file=sys.stderr)
        return EXIT_USAGE
    from jarvis.images import ImageError

    try:
        attachments = [_attachment(path) for path in args.attach]
    except OSError as exc:
        # File names are untrusted: one can carry terminal escapes.
        print(terminal.safe(f"jarvis: cannot read {exc.filename}: {exc.strerror}"),
              file=sys.stderr)
        return EXIT_USAGE
    except ImageError as exc:
        print(terminal.safe(f"jarvis: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    options = AskOptions(provider=args.provider, model=args.model, tier=args.tier,
                         allow_secrets=args.allow_secrets,
                         fallback=not args.no_fallback, max_tokens=args.max_tokens,
                         temperature=args.temperature)
    service = await _open(args.demo)
    vault = service.keys.vault
    if not args.demo and vault is not None and vault.exists() \
            and sys.stdin.isatty() and args.prompt != "-":
        await _open_vault(service.keys, create_ok=False)
    if args.provider and args.provider not in service.config.providers:
        names = ", ".join(service.config.providers)
        print(f"jarvis: unknown provider {args.provider!r} (configured: {names})",
              file=sys.stderr)
        await service.aclose()
        return EXIT_USAGE
    if args.tier and not args.provider:
        from jarvis.tiers import fallback_note

        tier_note = fallback_note(args.tier, service.config)
        if tier_note:
            print(f"jarvis: {tier_note}", file=sys.stderr)
    streamed = False
    try:
        stream = service.ask(prompt, options=options, attachments=attachments)
        async with aclosing(stream) as events:
            async for event in events:
                if isinstance(event, TextDelta) and not args.json:
                    sys.stdout.write(terminal.safe(event.text))
                    sys.stdout.flush()
                    streamed = True
                elif isinstance(event, Waiting | FallbackUsed | Notice):
                    _note(event)
                elif isinstance(event, Guarded):
                    for line in (event.summary, *event.warnings):
                        if line:
                            print(terminal.safe(f"jarvis: {line}"), file=sys.stderr)
                elif isinstance(event, ReplyDone):
                    return _done(event.reply, args.json, streamed)
                elif isinstance(event, Failed):
                    return _failed(event, args.json, streamed)
    finally:
        await service.aclose()
    return EXIT_INTERNAL


def _attachment(path: str) -> Any:
    """An image when the bytes say so (never the file name), else text.

    Raises:
        ImageError: an image that cannot be attached, or binary content
            that is neither text nor a supported image.
    """
    from pathlib import Path

    from jarvis import images
    from jarvis.guard.inbound import Attachment

    name = os.path.basename(path)
    if images.is_image_file(Path(path)):
        return images.read_image(Path(path))
    with open(path, "rb") as file:
        raw = file.read(MAX_TEXT_ATTACHMENT + 1)
    if len(raw) > MAX_TEXT_ATTACHMENT:
        raise images.ImageError(
            f"{name} is larger than {images.format_size(MAX_TEXT_ATTACHMENT)}, "
            "the most text that can be attached: attach the part that matters.")
    if b"\x00" in raw[:8192]:
        raise images.ImageError(f"{name} is neither text nor a PNG, JPEG, GIF "
                                "or WebP image.")
    return Attachment(name, raw.decode("utf-8", "replace"))


def _read_prompt(argument: str) -> str:
    """The prompt as text; bytes that are not UTF-8 become U+FFFD."""
    if argument == "-":
        raw = sys.stdin.buffer.read()
    else:
        raw = argument.encode("utf-8", "surrogateescape")
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd") - raw.count("\ufffd".encode())
    if bad:
        print(f"jarvis: {bad} byte(s) of the prompt were not UTF-8 and were "
              "replaced with \N{REPLACEMENT CHARACTER}", file=sys.stderr)
    return text


def _note(event: Any) -> None:
    from jarvis import terminal
    from jarvis.events import FallbackUsed, Waiting

    if isinstance(event, Waiting):
        text = event.reason
    elif isinstance(event, FallbackUsed):
        text = f"{event.reason} Falling back to {event.to_provider}."
    else:
        text = event.message
    print(terminal.safe(f"jarvis: {text}"), file=sys.stderr)


def _done(reply: Reply, as_json: bool, streamed: bool) -> int:
    from jarvis import terminal

    if as_json:
        import json

        print(json.dumps(_reply_json(reply), indent=2))
        return EXIT_OK
    if streamed and not reply.text.endswith("\n"):
        sys.stdout.write("\n")
    explanation = reply.finish_reason.explain()
    if explanation:
        print(f"jarvis: {explanation}", file=sys.stderr)
    if reply.fallback_from:
        print(f"jarvis: answered by {reply.provider} after "
              f"{', '.join(reply.fallback_from)} failed", file=sys.stderr)
    cost = "unpriced: counted toward your caps at a conservative price" \
        if reply.cost_usd is None else f"${reply.cost_usd:f}"
    print(f"jarvis: {reply.provider} · {terminal.safe(reply.model)} · {cost}",
          file=sys.stderr)
    return EXIT_OK


def _reply_json(reply: Reply) -> dict[str, Any]:
    from jarvis.usage import Usage

    return {
        "text": reply.text,
        "provider": reply.provider,
        "model": reply.model,
        "usage": (reply.usage or Usage()).as_dict(),
        "usage_known": reply.usage is not None,
        "cost_usd": None if reply.cost_usd is None else f"{reply.cost_usd:f}",
        "finish_reason": reply.finish_reason.value,
        "fallback_from": list(reply.fallback_from),
        "attempts": reply.attempts,
        "latency_s": round(reply.latency_s, 4),
        "ttft_s": None if reply.ttft_s is None else round(reply.ttft_s, 4),
        "conversation_id": reply.conversation_id,
    }


def _failed(event: Any, as_json: bool, streamed: bool) -> int:
    from jarvis import terminal

    if streamed:
        sys.stdout.write("\n")
    code = {ErrorKind.REFUSED: EXIT_REFUSED, ErrorKind.SECRET: EXIT_REFUSED,
            ErrorKind.INVALID_CHOICE: EXIT_USAGE,
            ErrorKind.STORAGE: EXIT_STORAGE}.get(event.kind, EXIT_FAILED)
    if as_json:
        import json

        # As a reply's JSON does: the conversation the prompt was kept in
        # (None when it was not stored).
        print(json.dumps({"error": event.kind, "message": event.message,
                          "partial_text": event.partial_text,
                          "retry_after_s": event.retry_after_s,
                          "conversation_id": event.conversation_id}, indent=2))
    print(terminal.safe(f"jarvis: {event.message}"), file=sys.stderr)
    return code


# usage -----------------------------------------------------------------------


async def _usage(args: argparse.Namespace) -> int:
    service = await _open()
    try:
        report = await service.usage(args.since, until=args.until,
                                     provider=args.provider)
    finally:
        await service.aclose()
    if args.json:
        import json

        print(json.dumps(_usage_json(report), indent=2))
    elif args.csv:
        _write_csv(_usage_json(report)["rows"], sys.stdout)
    else:
        _print_usage(report, sys.stdout)
    return EXIT_OK


def _write_csv(rows: list[dict[str, Any]], out: TextIO) -> None:
    import csv

    from jarvis.csvcells import cell

    columns = ["started_at", "provider", "model", "status", "demo",
               "input_tokens", "cache_read_tokens", "cache_write_tokens",
               "output_tokens", "reasoning_tokens", "cost_usd", "charged_usd",
               "saved_usd", "latency_ms", "ttft_ms", "finish_reason", "error_kind",
               "request_id", "attempt"]
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        # Unpriced stays empty, never 0 (C08).
        writer.writerow({k: ("" if row.get(k) is None else cell(row[k]))
                         for k in columns})


def _usd(pusd: int | None) -> str | None:
    from jarvis.store.spend import from_pusd

    value = from_pusd(pusd)
    return None if value is None else f"{value:f}"


def _usage_json(report: dict[str, Any]) -> dict[str, Any]:
    def convert(row: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in row.items() if not k.endswith("_pusd")}
        out["cost_usd"] = _usd(row.get("cost_pusd"))
        if "saved_pusd" in row:
            out["saved_usd"] = _usd(row.get("saved_pusd"))
        if "charge_pusd" in row:
            out["charged_usd"] = _usd(row.get("charge_pusd"))
        return out

    return {key: [convert(r) for r in rows] if isinstance(rows, list) else rows
            for key, rows in report.items()}


def _print_usage(report: dict[str, Any], out: TextIO) -> None:
    from jarvis import terminal

    if not report["rows"]:
        print("No spend logged in this period.", file=out)
        return
    sections: tuple[tuple[str, str, tuple[str, ...]], ...] = (
                ("Day", "by_day", ("day",)),
                ("Provider", "by_provider", ("provider",)),
                ("Model", "by_model", ("provider", "model")))
    if report["demo_by_provider"]:
        sections += (("Demo mode (simulated, no cost)", "demo_by_provider",
                      ("provider",)),)
    for title, key, columns in sections:
        if not report[key]:
            continue
        print(f"\n{title:<32} {'requests':>8} {'failed':>6} {'input':>9} "
              f"{'output':>9} {'cost USD':>11} {'counted USD':>12}", file=out)
        for row in report[key]:
            # A model name is what the server reported: it may hold escapes.
            label = terminal.safe(" / ".join(str(row[c]) for c in columns))
            print(_usage_line(label, row), file=out)
    _print_usage_notes(report["by_provider"], out,
                       demo=bool(report["demo_by_provider"]))


def _usage_line(label: str, row: dict[str, Any]) -> str:
    tokens_in = (row["input_tokens"] + row["cache_read_tokens"]
                 + row["cache_write_tokens"])
    tokens_out = row["output_tokens"] + row["reasoning_tokens"]
    cost = _usd_cell(row["cost_pusd"]) + ("*" if row["unpriced"] else " ")
    counted = _usd_cell(row["charge_pusd"])
    return (f"{label[:32]:<32} {row['requests']:>8} {row['failed']:>6} "
            f"{tokens_in:>9} {tokens_out:>9} {cost:>11} {counted:>12}")


def _usd_cell(pusd: int | None) -> str:
    from decimal import Decimal

    value = _usd(pusd)
    return "-" if value is None else f"{Decimal(value):.6f}"


def _print_usage_notes(rows: list[dict[str, Any]], out: TextIO, *,
                       demo: bool = False) -> None:
    unpriced = sum(r["unpriced"] or 0 for r in rows)
    unknown = sum(r["unknown_usage"] or 0 for r in rows)
    print("", file=out)
    if rows:
        print("'counted' is what counts toward your spend caps.", file=out)
    if demo:
        print("Demo mode is simulated: its 'counted' column is what a real "
              "request would have counted; demo spend never counts toward "
              "your caps.", file=out)
    if unpriced:
        print(f"* {unpriced} request(s) on models with no price data: their cost "
              "is unknown, and they count at a conservative price.", file=out)
    if unknown:
        print(f"{unknown} request(s) ended before their usage was reported: "
              "they count at their worst-case reservation.", file=out)


# keys ------------------------------------------------------------------------


async def _keys(args: argparse.Namespace) -> int:
    from jarvis import config, paths
    from jarvis.keys import KeyStore
    from jarvis.vault import Vault

    where = paths.resolve()
    cfg = config.load(where.config_file)
    if args.extra:
        print("jarvis: keys are never taken from the command line (they would "
              "stay in your shell history): run `jarvis keys set PROVIDER` and "
              "paste the key at the prompt, or pipe it on stdin", file=sys.stderr)
        return EXIT_USAGE
    if args.action != "list":
        if not args.provider:
            print(f"jarvis: keys {args.action} needs a PROVIDER", file=sys.stderr)
            return EXIT_USAGE
        if args.provider not in cfg.providers:
            print(f"jarvis: unknown provider {args.provider!r} "
                  f"(configured: {', '.join(cfg.providers)})", file=sys.stderr)
            return EXIT_USAGE
    env_vars = {n: p.api_key_env for n, p in cfg.providers.items() if p.api_key_env}
    where.ensure()
    store = await KeyStore.open(env_vars=env_vars,
                                metadata_path=where.data_dir / "keys.json",
                                vault=Vault(where.vault_file))
    action: dict[str, Callable[[], Coroutine[Any, Any, int]]] = {
        "list": lambda: _keys_list(store, cfg),
        "set": lambda: _keys_set(store, cfg, args.provider, not args.no_validate,
                                 args.vault),
        "delete": lambda: _keys_delete(store, args.provider),
    }
    try:
        return await action[args.action]()
    except JarvisError as exc:
        print(f"jarvis: {exc}", file=sys.stderr)
        return EXIT_REFUSED


async def _keys_list(store: Any, cfg: Any) -> int:
    from jarvis import endpoints

    status = store.backend_status()
    print(f"Keychain: {status.name} — {status.message}")
    if store.vault.exists():
        held = ", ".join(store.vault.providers()) or "no keys"
        print(f"Vault: {store.vault.path} (encrypted; {held})")
    now = datetime.now(UTC)
    for info in await store.list_keys(cfg.providers):
        where = info.source or "no key"
        tail = f" {info.masked}" if info.masked else ""
        print(f"  {info.provider:<12} {where:<9}{tail}{_key_ages(info, now)}")
        provider = cfg.providers.get(info.provider)
        note = endpoints.check(provider).note if provider else ""
        if note:
            print(f"  {'':<12} {note}")
    return EXIT_OK


def _key_ages(info: Any, now: datetime) -> str:
    parts = []
    for label, when in (("added", info.added_at), ("validated", info.validated_at),
                        ("last used", info.used_at)):
        if when is not None:
            parts.append(f"{label} {when.date().isoformat()}")
    text = f"  ({', '.join(parts)})" if parts else ""
    if info.rotation_due(now):
        text += "  — over 90 days old: consider rotating it (`jarvis keys set`)"
    return text


async def _keys_set(
    store: Any, cfg: Any, provider: str, validate: bool, vault: bool
) -> int:
    status = store.backend_status()
    if vault:
        await _open_vault(store, create_ok=True)
    elif not status.secure:
        env = store.env_var(provider) or "the provider's API key variable"
        print(f"jarvis: no secure keychain here ({status.name}), and Jarvis never "
              f"writes keys to plain files. Set {env} in your environment "
              "instead, run Jarvis in a desktop session with a keychain "
              "(GNOME Keyring, KWallet), or keep keys in a passphrase-encrypted "
              "vault: `jarvis keys set PROVIDER --vault`.", file=sys.stderr)
        return EXIT_REFUSED
    key = _read_secret(f"Key for {provider} (input hidden): ")
    if not key:
        print("jarvis: no key given; nothing stored", file=sys.stderr)
        return EXIT_USAGE
    accepted = False
    if validate:
        problem, accepted = await _validate(cfg.providers[provider], key)
        if problem is not None:
            print(f"jarvis: {problem}", file=sys.stderr)
            return EXIT_REFUSED
    if vault:
        await store.set_in_vault(provider, key)
        print(f"Stored the key for {provider} in the encrypted vault.")
    else:
        await store.set(provider, key)
        print(f"Stored the key for {provider} in the keychain.")
    if accepted:  # not when the provider could not be reached
        await store.mark(provider, "validated")
    return EXIT_OK


async def _open_vault(store: Any, *, create_ok: bool) -> None:
    """Unlock the vault (or create it), asking for the passphrase."""
    if store.vault.exists():
        await store.unlock_vault(_read_secret("Vault passphrase: "))
        return
    if not create_ok:
        return
    passphrase = _read_secret("New vault passphrase (8+ characters): ")
    if sys.stdin.isatty() and _read_secret("Again: ") != passphrase:
        raise JarvisError("The passphrases differ; nothing was stored.")
    await store.unlock_vault(passphrase, create=True)


async def _validate(provider: Any, key: str) -> tuple[str | None, bool]:
    """A cheap authenticated call: a message when the key is rejected, and
    whether the provider accepted it."""
    from jarvis.keycheck import check_key

    verdict = await check_key(provider, key)
    if verdict.valid is False:
        return f"{verdict.message} Nothing was stored.", False
    if verdict.valid is None:
        print(f"jarvis: {verdict.message}; storing it anyway", file=sys.stderr)
    return None, verdict.valid is True


async def _keys_delete(store: Any, provider: str) -> int:
    if store.vault.exists() and provider in store.vault.providers():
        await _open_vault(store, create_ok=False)
    removed = await store.delete(provider)
    env = store.env_var(provider)
    if store.source(provider) == "env" and env:
        print(f"The key for {provider} comes from ${env}: unset it there.")
    print(f"Deleted the key for {provider}." if removed
          else f"No stored key for {provider}.")
    return EXIT_OK


def _read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt).strip()
    return sys.stdin.readline().strip()


async def _data(args: argparse.Namespace) -> int:
    from jarvis import paths

    where = paths.resolve()
    if args.action == "where":
        print(f"config:   {where.config_file}\ndatabase: {where.database}\n"
              f"logs:     {where.log_dir}\n"
              "keys:     the OS keychain, service 'jarvis'")
        return EXIT_OK
    what = "conversations, spend log and logs" + (" and keys" if args.keys else "")
    if not args.yes and not _confirm(f"Delete all {what}? This cannot be undone."):
        print("jarvis: nothing deleted", file=sys.stderr)
        return EXIT_USAGE
    service = await _open()
    try:
        await service.delete_all_data(keys=args.keys)
    finally:
        await service.aclose()
    print(f"Deleted all {what}.")
    return EXIT_OK


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


async def _doctor(args: argparse.Namespace) -> int:
    import shutil

    from jarvis import doctor, paths

    findings = await doctor.examine(paths.resolve())
    width = min(shutil.get_terminal_size().columns, 100)
    print(doctor.to_json(findings) if args.json else doctor.render(findings, width))
    return EXIT_UNHEALTHY if doctor.has_problem(findings) else EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace], Coroutine[Any, Any, int]]] = {
    "ask": _ask,
    "doctor": _doctor,
    "usage": _usage,
    "keys": _keys,
    "data": _data,
}
