"""The long help of the ``jarvis`` command, one page per subcommand.

:mod:`jarvis.cli` builds the parsers (options and their one-line help);
this module adds what a man page has on top: a description, examples, exit
codes, the files read and written, and the environment variables that
matter. Plain strings only, so ``jarvis --help`` stays fast.
"""

from __future__ import annotations

import argparse

EXIT_CODES = """\
exit codes:
  0  done
  1  internal error (details in the log file)
  2  usage or config error (the message names the file, line and problem)
  3  refused by a spend cap, a rate limit or a guard (a secret in the prompt)
  4  every provider failed (the message says why for each)
  5  jarvis doctor found a problem
  6  could not save: the disk is full or the data folder is read-only"""

FILES = """\
files (on Linux; `jarvis data where` prints them for this machine; with
$JARVIS_HOME set: $JARVIS_HOME/config.toml, data/ and logs/):
  ~/.config/jarvis/config.toml
      settings: providers, fallback order, caps, privacy. Jarvis changes
      it only when you save in Settings or the welcome (your comments
      stay). Keys are never stored here.
  ~/.local/share/jarvis/jarvis.sqlite3 (+ -wal, -shm)
      spend log and conversation history (SQLite, WAL mode).
  ~/.local/share/jarvis/jarvis.sqlite3.broken-<UTC time>
      a damaged database that Jarvis moved aside at start; deleted only
      by `jarvis data delete`.
  ~/.local/share/jarvis/keys.json
      when each key was added, validated and last used (no key in it).
  ~/.local/share/jarvis/vault.json
      the optional passphrase-encrypted key vault (`keys set --vault`).
  ~/.local/state/jarvis/log/jarvis.log
      the log (rotated; never a key; prompt and reply text only with
      JARVIS_DEBUG=content).
  keys: the OS keychain (Secret Service, macOS Keychain, Windows
      Credential Locker), service name "jarvis"."""

ENVIRONMENT = """\
environment:
  JARVIS_HOME         keep config, data and logs in this one folder
                      (config.toml, data/, logs/)
  JARVIS_DEBUG        1: Jarvis logs at DEBUG (still no prompt, reply or key);
                      content: the provider SDKs too, whose dumps may hold
                      prompt and reply text (the log says so at its top)
  ANTHROPIC_API_KEY   the key for anthropic; overrides a stored key
  OPENAI_API_KEY      the key for openai; overrides a stored key
  GEMINI_API_KEY      the key for gemini; overrides a stored key
                      (a custom provider names its own: api_key_env)"""

_PAGES: dict[str, tuple[str, str]] = {
    "gui": (
        "Open the desktop app: chat, usage, keys and settings, with a tray "
        "icon when the desktop has a tray. Only one app runs per user and "
        "data folder: a second `jarvis gui` raises the running window. On a "
        "first run (no config, no key) a welcome offers to add a key, to use "
        "a local server (Ollama, LM Studio) or to try demo mode, and sets a "
        "daily cap.",
        "examples:\n  jarvis\n  jarvis gui --demo",
    ),
    "quick-ask": (
        "Open the quick-ask popup: one question, answered on the fast tier. "
        "It opens in the running app when there is one (a desktop shortcut "
        "can run this command), or starts the app.",
        "examples:\n  jarvis quick-ask",
    ),
    "ask": (
        "Ask one question; the answer streams to stdout, notes (fallbacks, "
        "waits, what it cost) go to stderr. The prompt passes the guard "
        "first: invisible characters are removed, personal data is replaced "
        "by placeholders, and a prompt holding a key is refused (exit 3) "
        "unless --allow-secrets is given. Each attempt is reserved against "
        "the spend caps before it is sent, then priced and logged.",
        "examples:\n"
        "  jarvis ask 'What is a circuit breaker?'\n"
        "  git diff | jarvis ask -t fast -\n"
        "  jarvis ask -p openai -m gpt-5-mini --json 'Say hi' | jq .cost_usd\n"
        "  jarvis ask -a notes.txt 'Summarize the attached notes'\n"
        "  jarvis ask --demo 'Try it without a key'",
    ),
    "usage": (
        "Show what was spent, by day, provider and model, from the local "
        "spend log (days are local days). 'counted' is what counts toward "
        "the caps: an attempt whose usage never arrived counts at its "
        "worst-case reservation, and a model without price data at a "
        "conservative price; its cost is shown as unknown, never as 0.",
        "examples:\n"
        "  jarvis usage\n"
        "  jarvis usage --since 2026-12-01 -p anthropic\n"
        "  jarvis usage --csv > spend.csv",
    ),
    "keys": (
        "List, store or delete provider keys. Keys live in the OS keychain, "
        "or in a passphrase-encrypted vault on machines without one; never "
        "in a plain file, and never taken from the command line (they would "
        "stay in the shell history): 'set' reads the key from a hidden "
        "prompt, or from stdin when piped, and checks it with the provider "
        "(one cheap call) before storing it.",
        "examples:\n"
        "  jarvis keys list\n"
        "  jarvis keys set anthropic\n"
        "  pass show openai | jarvis keys set openai\n"
        "  jarvis keys set gemini --vault\n"
        "  jarvis keys delete openai",
    ),
    "data": (
        "'where' prints the folders and files Jarvis uses. 'delete' erases "
        "every conversation, the spend log, damaged database copies set "
        "aside at earlier starts, and the logs (the database is vacuumed, "
        "so nothing stays in free pages); --keys also removes the "
        "stored keys. To uninstall completely, run `jarvis data delete "
        "--keys`, then remove the package and the folders 'where' printed.",
        "examples:\n  jarvis data where\n  jarvis data delete --keys",
    ),
    "doctor": (
        "Check everything Jarvis depends on and say what to do about each "
        "problem: the keychain backend, whether a window and a tray can open "
        "(probed in a child process), the config file, the database "
        "(integrity and schema level, opened read-only), and each enabled "
        "provider (reachable, key accepted: one cheap call per provider, "
        "only to the endpoints in your config). Nothing is changed.",
        "examples:\n  jarvis doctor\n  jarvis doctor --json | jq .ok",
    ),
    "simulate": (
        "Run the provider simulator on 127.0.0.1: it speaks the Anthropic, "
        "OpenAI and Gemini wire protocols (streams, usage, errors, "
        "Retry-After) for demos and tests. Any key works; one containing "
        "'invalid' is refused. Point a provider at it with base_url.",
        "examples:\n  jarvis simulate --port 8765",
    ),
}


def page(command: str | None = None) -> tuple[str | None, str]:
    """The description and the epilog for ``command`` (None: the program)."""
    if command is None or command not in _PAGES:
        return None, "\n\n".join((
            "Run `jarvis COMMAND --help` for a command's options and examples.",
            EXIT_CODES, FILES, ENVIRONMENT))
    description, examples = _PAGES[command]
    return description, "\n\n".join((examples, EXIT_CODES, FILES, ENVIRONMENT))


def apply(parser: argparse.ArgumentParser,
          subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Give ``parser`` and each subcommand its full help page."""
    _, parser.epilog = page()
    parser.formatter_class = _Formatter
    for name, sub in subparsers.choices.items():
        description, epilog = page(name)
        sub.description = description or sub.description
        sub.epilog = epilog
        sub.formatter_class = _Formatter


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions re-wrapped to the terminal, epilogs kept as laid out."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:  # an epilog: examples, tables
            return super()._fill_text(text, width, indent)
        return argparse.HelpFormatter._fill_text(self, text, width, indent)
