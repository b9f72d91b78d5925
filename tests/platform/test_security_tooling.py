"""The checks behind `make security` catch what they are there to catch.

scripts/security-checks.sh runs bandit, scripts/audit_pins.py and
scripts/secret_scan.py. Each is run here on a small made-up tree or index:
a committed key-shaped string fails the secret scan, an advisory or an
unauditable pin fails the audit, a new bandit finding fails the check. Key
shapes are assembled at run time so that this file holds none.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import shutil
import string
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
VENV = Path(sys.executable).parent.parent

pytest.importorskip("detect_secrets", reason="test extras not installed")


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


# --- secret scan ----------------------------------------------------------

def fake(prefix: str, alphabet: str, length: int, seed: int) -> str:
    """A key-shaped string: fixed prefix, seeded random tail."""
    rng = random.Random(seed)
    return prefix + "".join(rng.choice(alphabet) for _ in range(length))


def key_file_text() -> str:
    aws = fake("AK" + "IA", string.ascii_uppercase + string.digits, 16, 1)
    github = fake("gh" + "p_", string.ascii_letters + string.digits, 36, 2)
    header = "-" * 5 + " ".join(("BEGIN", "RSA", "PRIVATE", "KEY")) + "-" * 5
    return (
        f'AWS_ACCESS_KEY_ID = "{aws}"\n'
        f'GITHUB_TOKEN = "{github}"\n'
        f'DEPLOY_KEY = """{header}\nMIIEpAIBAAKCAQEA\n"""\n'
    )


def empty_baseline(repo: Path) -> Path:
    """The project's detectors and filters, with no accepted findings."""
    settings = json.loads((ROOT / ".secrets.baseline").read_text())
    settings["results"] = {}
    for plugin in settings["plugins_used"]:
        if "path" in plugin:  # our own detectors, relative to the checkout
            relative = plugin["path"].removeprefix("file://")
            plugin["path"] = f"file://{ROOT / relative}"
    path = repo / ".secrets.baseline"
    path.write_text(json.dumps(settings, indent=2))
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    run(["git", "init", "-q"], repo).check_returncode()
    (repo / "README.md").write_text("# nothing secret here\n")
    empty_baseline(repo)
    run(["git", "add", "README.md", ".secrets.baseline"], repo).check_returncode()
    return repo


def scan(repo: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, str(SCRIPTS / "secret_scan.py")], repo)


def test_secret_scan_flags_tracked_keys(repo: Path) -> None:
    (repo / "settings.py").write_text(key_file_text())
    run(["git", "add", "settings.py"], repo).check_returncode()

    result = scan(repo)

    assert result.returncode == 1
    flagged = set(re.findall(r"^settings\.py:(\d+): (.+)$", result.stdout, re.M))
    assert ("1", "AWS Access Key") in flagged
    assert ("2", "GitHub Token") in flagged
    assert ("3", "Private Key") in flagged


def provider_keys() -> list[str]:
    tail = string.ascii_letters + string.digits + "-_"
    return [
        fake("sk-" + "ant-api03-", tail, 93, 3),
        fake("sk-" + "proj-", tail, 120, 4),
        fake("AI" + "za", tail, 35, 5),
    ]


def test_secret_scan_flags_bare_provider_keys_in_prose(repo: Path) -> None:
    lines = [f"My key is {key} today." for key in provider_keys()]
    (repo / "NOTES.md").write_text("\n".join(lines) + "\n")
    run(["git", "add", "NOTES.md"], repo).check_returncode()

    result = scan(repo)

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"NOTES.md:{n}: Provider API Key" for n in (1, 2, 3)
    ]


def test_secret_scan_passes_a_clean_tree(repo: Path) -> None:
    result = scan(repo)

    assert result.returncode == 0
    assert "no secrets beyond the baseline" in result.stdout


def test_secret_scan_reads_only_tracked_files(repo: Path) -> None:
    (repo / "untracked.py").write_text(key_file_text())

    assert scan(repo).returncode == 0


def test_secret_scan_accepts_audited_fixture_after_it_moves(repo: Path) -> None:
    (repo / "fixture.py").write_text(key_file_text())
    run(["git", "add", "fixture.py"], repo).check_returncode()
    scanned = run([str(VENV / "bin" / "detect-secrets"), "scan",
                   "--baseline", ".secrets.baseline"], repo)
    scanned.check_returncode()
    baseline = (repo / ".secrets.baseline").read_text()
    accepted = {r["type"] for r in json.loads(baseline)["results"]["fixture.py"]}
    assert {"AWS Access Key", "GitHub Token", "Private Key"} <= accepted

    (repo / "fixture.py").write_text("# moved down\n\n" + key_file_text())
    result = scan(repo)

    assert result.returncode == 0, result.stdout
    assert (repo / ".secrets.baseline").read_text() == baseline


def test_secret_scan_flags_a_new_key_beside_an_accepted_one(repo: Path) -> None:
    (repo / "fixture.py").write_text(key_file_text())
    run(["git", "add", "fixture.py"], repo).check_returncode()
    run([str(VENV / "bin" / "detect-secrets"), "scan",
         "--baseline", ".secrets.baseline"], repo).check_returncode()
    other = fake("AK" + "IA", string.ascii_uppercase + string.digits, 16, 99)
    with (repo / "fixture.py").open("a") as out:
        out.write(f'SECOND_KEY_ID = "{other}"\n')

    result = scan(repo)

    assert result.returncode == 1
    assert result.stdout == "fixture.py:6: AWS Access Key\n"


# --- pin audit ------------------------------------------------------------

audit_pins = load_script("audit_pins")


def record(
    latest: str,
    releases: dict[str, bool],
    vulnerabilities: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A PyPI project record; ``releases`` maps version to yanked."""
    return {
        "info": {"version": latest},
        "releases": {
            version: [{"yanked": yanked, "yanked_reason": "broken"}]
            for version, yanked in releases.items()
        },
        "vulnerabilities": vulnerabilities or [],
    }


ADVISORY = {"id": "PYSEC-0000-1", "aliases": ["CVE-0000-1"], "fixed_in": [],
            "withdrawn": None}


def problems(pin: str, rec: dict[str, Any], accepted: dict[str, str]) -> list[str]:
    name, version = pin.split("==")
    found: list[str] = audit_pins.problems(audit_pins.Pin(name, version), rec, accepted)
    return found


def test_audit_passes_latest_release_without_advisories() -> None:
    assert problems("lib==2.0", record("2.0", {"1.0": False, "2.0": False}), {}) == []


def test_audit_reports_an_advisory_on_the_pinned_release() -> None:
    found = problems("lib==2.0", record("2.0", {"2.0": False}, [ADVISORY]), {})

    assert found == ["PYSEC-0000-1 / CVE-0000-1 (reported for 2.0; fixed in none)"]


def test_audit_accepts_an_advisory_by_any_alias() -> None:
    rec = record("2.0", {"2.0": False}, [ADVISORY])

    assert problems("lib==2.0", rec, {"cve-0000-1": "not reachable from Jarvis"}) == []


def test_audit_skips_withdrawn_advisories() -> None:
    withdrawn = {**ADVISORY, "withdrawn": "2026-01-01T00:00:00Z"}

    assert problems("lib==2.0", record("2.0", {"2.0": False}, [withdrawn]), {}) == []


def test_audit_cannot_vouch_for_an_older_pin_unless_accepted() -> None:
    rec = record("2.0", {"1.0": False, "2.0": False})

    [found] = problems("lib==1.0", rec, {})
    assert found.startswith("1.0 is older than 2.0")
    assert problems("lib==1.0", rec, {"lib==1.0": "capped by another pin"}) == []


def test_audit_reports_yanked_and_unknown_releases() -> None:
    rec = record("2.0", {"1.0": True, "2.0": False})

    assert problems("lib==1.0", rec, {"lib==1.0": "held"}) == ["1.0 is yanked (broken)"]
    assert problems("lib==3.0", rec, {}) == ["3.0 is not a release on PyPI"]


def test_audit_exceptions_need_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "exceptions.txt"
    path.write_text("# comment\nPYSEC-1  reason given\nPYSEC-2\n")

    message = r"exceptions\.txt:3: 'PYSEC-2' needs a reason"
    with pytest.raises(SystemExit, match=message):
        audit_pins.read_exceptions(path)


class Index(BaseHTTPRequestHandler):
    """PyPI's project records for ``records``; 404 for anything else."""

    records: ClassVar[dict[str, dict[str, Any]]] = {}

    def do_GET(self) -> None:
        match = re.fullmatch(r"/pypi/([^/]+)/json", self.path)
        body = self.records.get(match[1]) if match else None
        if body is None:
            self.send_error(404)
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def index() -> Iterator[str]:
    Index.records = {
        "good": record("1.0", {"0.9": False, "1.0": False}),
        "bad": record("2.0", {"2.0": False}, [ADVISORY]),
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/pypi"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def audit(tmp_path: Path, index: str, pins: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "constraints.txt").write_text(f"# pinned\n{pins}")
    return run([sys.executable, str(SCRIPTS / "audit_pins.py"), "--index", index,
                "--constraints", "constraints.txt",
                "--exceptions", "none.txt"], tmp_path)


def test_audit_script_over_http(tmp_path: Path, index: str) -> None:
    clean = audit(tmp_path, index, "good==1.0\n")
    dirty = audit(tmp_path, index, "good==1.0\nbad==2.0\nmissing==0.1\n")

    assert clean.returncode == 0
    assert "1 pins, no known vulnerabilities" in clean.stdout
    assert dirty.returncode == 1
    lines = dirty.stdout.splitlines()
    assert "bad: PYSEC-0000-1 / CVE-0000-1 (reported for 2.0; fixed in none)" in lines
    assert any(line.startswith("missing: could not be audited") for line in lines)
    assert "2 problem(s) in 3 pins" in dirty.stderr


def test_a_pin_behind_the_latest_release_warns_without_failing(
    tmp_path: Path, index: str
) -> None:
    behind = audit(tmp_path, index, "good==0.9\n")

    assert behind.returncode == 0
    assert "warning: good: 0.9 is older than 1.0" in behind.stdout


def test_project_exceptions_all_name_pins_that_exist() -> None:
    accepted = audit_pins.read_exceptions(ROOT / "requirements/audit-exceptions.txt")
    pins = {f"{p.name}=={p.version}".lower() for p in
            audit_pins.read_pins(ROOT / "requirements/constraints.txt")}

    held = {key for key in accepted if "==" in key}
    assert held <= pins, f"stale exceptions: {sorted(held - pins)}"


# --- bandit ---------------------------------------------------------------

@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the parts security-checks.sh reads, with an empty package."""
    for name in ("pyproject.toml", ".bandit-baseline.json", "setup.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "scripts").mkdir()
    shutil.copy(SCRIPTS / "security-checks.sh", tmp_path / "scripts")
    for package in ("jarvis", "ui"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text('"""Empty."""\n')
    return tmp_path


def bandit(tree: Path) -> subprocess.CompletedProcess[str]:
    script = tree / "scripts" / "security-checks.sh"
    return subprocess.run(
        ["bash", str(script), "bandit"], cwd=tree, capture_output=True, text=True,
        timeout=300, check=False, env={"VENV": str(VENV), "PATH": "/usr/bin:/bin"},
    )


def test_bandit_check_passes_a_clean_tree(tree: Path) -> None:
    result = bandit(tree)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "security: all passed (bandit)" in result.stdout


def test_bandit_check_fails_on_a_new_finding(tree: Path) -> None:
    (tree / "jarvis" / "runner.py").write_text(
        '"""Runs a command."""\nimport subprocess\n\n\n'
        "def go(cmd: str) -> None:\n    subprocess.call(cmd, shell=True)\n"
    )

    result = bandit(tree)

    assert result.returncode == 1
    assert "B602" in result.stdout
    assert "jarvis/runner.py" in result.stdout


def test_bandit_allows_asserts_in_ui_only(tree: Path) -> None:
    narrowing = '"""Narrows."""\n\n\ndef f(x: int | None) -> int:\n'
    narrowing += "    assert x is not None\n    return x\n"
    (tree / "ui" / "view.py").write_text(narrowing)

    assert bandit(tree).returncode == 0
    (tree / "jarvis" / "core.py").write_text(narrowing)
    result = bandit(tree)
    assert result.returncode == 1
    assert "B101" in result.stdout
    assert "jarvis/core.py" in result.stdout
    assert "ui/view.py" not in result.stdout


def test_bandit_check_fails_when_the_baseline_is_unreadable(tree: Path) -> None:
    (tree / ".bandit-baseline.json").write_text("{not json")

    assert bandit(tree).returncode == 1


def test_every_accepted_bandit_finding_has_a_reason() -> None:
    baseline = json.loads((ROOT / ".bandit-baseline.json").read_text())

    files = {result["filename"] for result in baseline["results"]}
    assert files <= set(baseline["_why"])


def test_every_nosec_names_its_test_and_has_a_reason_above() -> None:
    unexplained = []
    for path in [*ROOT.glob("jarvis/**/*.py"), *ROOT.glob("ui/**/*.py"),
                 *ROOT.glob("scripts/*.py")]:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if "# nosec" not in line:
                continue
            named = re.search(r"# nosec B\d{3}", line)
            above = lines[number - 1].strip() if number else ""
            if not named or not above.startswith("#"):
                unexplained.append(f"{path.relative_to(ROOT)}:{number + 1}")
    assert unexplained == []
