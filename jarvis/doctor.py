"""``jarvis doctor``: checks the machine and the setup, says what to fix.

Each check yields :class:`Finding` rows: what was checked, ``ok``, ``note``
(worth knowing, nothing broken) or ``problem`` (something will not work),
one line of explanation and, for notes and problems, what to do. The
command exits non-zero when any problem is found.

The doctor only looks: it opens the database read-only (a damaged file is
reported, not moved aside; the next normal start does that), reads the
config without rewriting it, and stores no key and no "validated" date.
Network traffic goes only to the endpoints in the config (the same rule
as every request, :mod:`jarvis.endpoints`), one cheap authenticated call
per provider that has a key (the model list). The display and tray are
probed by ``python -m ui.probe`` in a child process, so this module never
imports Qt and a missing display cannot abort the doctor.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from jarvis import config as config_mod
from jarvis.errors import ConfigError
from jarvis.paths import Paths
from jarvis.store import recovery

if TYPE_CHECKING:
    from jarvis.config import Config, ProviderConfig
    from jarvis.keys import KeyStore

log = logging.getLogger(__name__)

Status = Literal["ok", "note", "problem"]

# Seconds the Qt probe may take (a first Qt start reads fonts and plugins).
PROBE_TIMEOUT_S = 30.0
# Seconds one provider's key check may take before it counts as unreachable.
PROVIDER_TIMEOUT_S = 20.0


@dataclass(frozen=True, slots=True)
class Finding:
    """One checked thing and its verdict."""

    check: str
    status: Status
    summary: str
    fix: str = ""


async def examine(where: Paths) -> list[Finding]:
    """Every check, in the order they are printed."""
    findings: list[Finding] = []
    cfg, config_finding = _config(where)
    findings.append(config_finding)
    findings.extend(_folders(where))
    findings.append(_database(where.database))
    keys = await _open_keys(where, cfg)
    findings.append(_keychain(keys))
    findings.extend(await _display())
    if cfg is None:
        findings.append(Finding("providers", "note",
                                "Not checked: the config file has an error.",
                                "Fix the config file, then run `jarvis doctor` "
                                "again."))
    else:
        findings.extend(await _providers(cfg, keys))
    return findings


def has_problem(findings: Sequence[Finding]) -> bool:
    """Whether any check found something that will not work."""
    return any(f.status == "problem" for f in findings)


def to_json(findings: Sequence[Finding]) -> str:
    """The findings as one JSON object (``ok`` and ``checks``)."""
    return json.dumps({"ok": not has_problem(findings),
                       "checks": [asdict(f) for f in findings]}, indent=2)


def render(findings: Sequence[Finding], width: int = 88) -> str:
    """The findings as aligned, wrapped lines, each fix under its finding."""
    label = max((len(f.check) for f in findings), default=0)
    indent = " " * (9 + label + 2)
    lines = []
    for finding in findings:
        lines.extend(textwrap.wrap(
            finding.summary, width, initial_indent=(
                f"{finding.status:<8} {finding.check:<{label}}  "),
            subsequent_indent=indent))
        if finding.fix:
            lines.extend(textwrap.wrap(finding.fix, width,
                                       initial_indent=indent + "-> ",
                                       subsequent_indent=indent + "   "))
    problems = sum(f.status == "problem" for f in findings)
    lines.append("")
    lines.append("No problems found." if not problems
                 else f"{problems} problem(s) found.")
    return "\n".join(lines)


# config, folders, database --------------------------------------------------


def _config(where: Paths) -> tuple[Config | None, Finding]:
    path = where.config_file
    try:
        cfg = config_mod.load(path)
    except ConfigError as exc:
        return None, Finding("config", "problem", str(exc),
                             f"Edit {path} (Jarvis never rewrites it), or "
                             "move it away to start from the defaults.")
    if cfg.source is None:
        return cfg, Finding("config", "ok",
                            f"No config file ({path}): the defaults apply.")
    return cfg, Finding("config", "ok", f"{path} is valid.")


def _folders(where: Paths) -> list[Finding]:
    findings = []
    for label, folder in (("data folder", where.data_dir),
                          ("log folder", where.log_dir)):
        if not folder.exists():
            continue  # created at the first start
        if not os.access(folder, os.W_OK | os.X_OK):
            findings.append(Finding(
                label, "problem", f"{folder} is not writable: nothing can be "
                "saved (spend log, history, logs).",
                f"Make it writable: chmod u+rwx {folder}"))
    return findings


def _database(path: Path) -> Finding:
    health = recovery.inspect(path)
    if not health.exists:
        return Finding("database", "ok", f"{path} does not exist yet; it is "
                       "created at the first start.")
    if health.problem is not None:
        return Finding("database", "problem",
                       f"{path} is damaged ({health.problem}).",
                       "Start Jarvis once (any command): it moves the damaged "
                       "file aside with a timestamp, keeps it, and starts a "
                       "new database.")
    level = health.applied[-1] if health.applied else "none"
    if health.pending:
        return Finding("database", "note",
                       f"{path}: integrity ok, schema at {level}; "
                       f"{len(health.pending)} migration(s) pending.",
                       "They are applied at the next start.")
    return Finding("database", "ok",
                   f"{path}: integrity ok, schema at {level}.")


# keychain -------------------------------------------------------------------


async def _open_keys(where: Paths, cfg: Config | None) -> KeyStore:
    from jarvis.keys import KeyStore
    from jarvis.vault import Vault

    providers = cfg.providers if cfg is not None else {}
    env_vars = {n: p.api_key_env for n, p in providers.items() if p.api_key_env}
    return await KeyStore.open(env_vars=env_vars, vault=Vault(where.vault_file))


def _keychain(keys: KeyStore) -> Finding:
    status = keys.backend_status()
    if status.secure:
        return Finding("keychain", "ok", f"{status.name}: {status.message}")
    return Finding("keychain", "note", f"{status.name}: {status.message}",
                   "Keys cannot be stored here. Use environment variables "
                   "(ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY), a "
                   "desktop session with GNOME Keyring or KWallet, or the "
                   "encrypted vault: `jarvis keys set PROVIDER --vault`.")


# display and tray -------------------------------------------------------------


async def _display() -> list[Finding]:
    seen = await _probe()
    if isinstance(seen, str):
        return [Finding("display", "note", f"No window can open here ({seen}).",
                        "`jarvis gui` needs a desktop session (X11 or "
                        "Wayland); every other command works without one.")]
    platform = str(seen.get("platform", "?"))
    findings = [Finding("display", "ok",
                        f"Qt {seen.get('qt', '?')} opens windows on "
                        f"'{platform}'.")]
    if platform in ("offscreen", "minimal"):
        findings[0] = Finding("display", "note",
                              f"Qt uses the '{platform}' platform: windows "
                              "are drawn but not shown.",
                              "Unset QT_QPA_PLATFORM in a desktop session.")
    if seen.get("tray"):
        findings.append(Finding("tray", "ok", "A system tray is available."))
    else:
        findings.append(Finding(
            "tray", "note", "No system tray: closing the window quits Jarvis "
            "and the tray's quick-ask is not there.",
            "Run `jarvis quick-ask` from a desktop shortcut instead, or "
            "enable a tray (GNOME: the AppIndicator extension)."))
    return findings


async def _probe() -> dict[str, object] | str:
    """What ``python -m ui.probe`` printed, or why it could not run."""
    try:
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "ui.probe", stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=_probe_env())
    except OSError as exc:
        return f"cannot start Python: {exc.strerror}"
    try:
        out, err = await asyncio.wait_for(child.communicate(), PROBE_TIMEOUT_S)
    except TimeoutError:
        child.kill()
        await child.wait()
        return f"Qt did not answer within {PROBE_TIMEOUT_S:.0f} s"
    if child.returncode == 0:
        try:
            found = json.loads(out)
        except ValueError:
            found = None
        if isinstance(found, dict):
            return found
    return _probe_failure(err.decode("utf-8", "replace"))


def _probe_env() -> dict[str, str]:
    # The probe must find the ui package next to this one (a checkout run
    # with PYTHONPATH, or the installed wheel, which holds both).
    root = str(Path(__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{path}" if path else root}


def _probe_failure(stderr: str) -> str:
    if "No module named" in stderr:
        return "the Qt binding (PySide6) is not installed"
    if "could not connect to display" in stderr or \
            "no Qt platform plugin could be initialized" in stderr:
        hint = "" if os.environ.get("DISPLAY") or os.environ.get(
            "WAYLAND_DISPLAY") else "; DISPLAY and WAYLAND_DISPLAY are unset"
        return f"Qt found no display{hint}"
    last = stderr.strip().splitlines()[-1:] or ["no output"]
    return f"the Qt probe failed: {last[0][:200]}"


# providers --------------------------------------------------------------------


async def _providers(cfg: Config, keys: KeyStore) -> list[Finding]:
    names = [n for n in cfg.providers if cfg.providers[n].enabled]
    checks = [_provider(cfg.providers[name], keys) for name in names]
    findings = list(await asyncio.gather(*checks))
    usable = [f for f in findings if f.status == "ok"]
    if not usable:
        # "Add a key" alone misleads when keys exist but fail (above).
        failing = any(f.status == "problem" for f in findings)
        first = "Fix the provider problems above, or add a key" if failing \
            else "Add a key"
        findings.append(Finding(
            "providers", "problem", "No provider can answer yet.",
            f"{first} (`jarvis keys set anthropic`, or set ANTHROPIC_API_KEY), "
            "point Jarvis at a local server in the welcome or Settings, or "
            "try `jarvis ask --demo`."))
    return findings


async def _provider(provider: ProviderConfig, keys: KeyStore) -> Finding:
    from jarvis import endpoints
    from jarvis.keys import KeyStoreError

    label = f"provider {provider.name}"
    verdict = endpoints.check(provider)
    if not verdict.allowed:
        return Finding(label, "problem", verdict.note,
                       f"Approve the endpoint in Settings, or fix base_url in "
                       f"[providers.{provider.name}].")
    try:
        key = await keys.get(provider.name)
    except KeyStoreError as exc:
        return Finding(label, "problem", f"The keychain failed: {exc}",
                       "Unlock the keychain (log in to the desktop session) "
                       "and run `jarvis doctor` again.")
    vault = keys.vault
    if key is None and vault is not None and vault.exists() \
            and provider.name in vault.providers():
        return Finding(label, "ok", "Its key is in the encrypted vault, which "
                       "stays locked here: reachability not checked.")
    if key is None and provider.needs_key:
        return Finding(label, "note", "No key.",
                       f"`jarvis keys set {provider.name}`, or set "
                       f"{_env_var(provider, keys)}.")
    replace = f"Replace the key: `jarvis keys set {provider.name}` (or the Keys pane)."
    if keys.source(provider.name) == "env":
        # A stored key would change nothing while the variable overrides it.
        replace = (f"The key comes from {_env_var(provider, keys)}, which "
                   "overrides the keychain: put a working key there, or unset "
                   f"it and use `jarvis keys set {provider.name}`.")
    return await _reach(provider, key or "", label, replace)


async def _reach(provider: ProviderConfig, key: str, label: str,
                 replace: str) -> Finding:
    from jarvis.keycheck import check_key

    where = provider.base_url or "the official endpoint"
    try:
        verdict = await asyncio.wait_for(check_key(provider, key),
                                         PROVIDER_TIMEOUT_S)
    except TimeoutError:
        return Finding(label, "problem", f"{where} did not answer within "
                       f"{PROVIDER_TIMEOUT_S:.0f} s.",
                       "Check the network (or that the local server runs).")
    if verdict.valid is True:
        what = "the key works" if provider.needs_key else "the server answers"
        return Finding(label, "ok", f"Reached {where}; {what}.")
    if verdict.valid is False:
        return Finding(label, "problem", verdict.message, replace)
    return Finding(label, "problem", verdict.message,
                   "Check the network, the provider's status page, or that "
                   f"the server at {where} runs.")


def _env_var(provider: ProviderConfig, keys: KeyStore) -> str:
    return keys.env_var(provider.name) or provider.api_key_env or \
        f"{provider.name.upper()}_API_KEY"
