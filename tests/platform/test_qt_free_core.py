"""The one rule of the architecture: nothing under jarvis/ imports Qt.

Checked twice: statically, by walking every module's syntax tree (function-
level imports and ``importlib.import_module("PySide6...")`` included), and at
run time, by importing every jarvis module in a fresh interpreter and looking
for Qt in ``sys.modules`` (which also catches Qt pulled in by a dependency).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "jarvis"
QT_MODULES = frozenset({"PySide6", "shiboken6", "qasync", "PyQt5", "PyQt6", "PySide2"})
DYNAMIC_IMPORTERS = frozenset({"import_module", "__import__"})


def qt_imports(source: str, filename: str = "<source>") -> list[str]:
    """Every Qt import in ``source``, as "line: module"."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        for module in _imported_modules(node):
            if module.partition(".")[0] in QT_MODULES:
                found.append(f"{node.lineno}: {module}")
    return found


def _imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    if isinstance(node, ast.Call) and _callee_name(node.func) in DYNAMIC_IMPORTERS:
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return [first.value]
    return []


def _callee_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def core_modules() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def test_core_has_modules_to_check() -> None:
    names = {path.relative_to(CORE).as_posix() for path in core_modules()}
    assert {"__init__.py", "keys.py"} <= names


def test_no_core_module_imports_qt() -> None:
    offenders = {
        path.relative_to(ROOT).as_posix(): found
        for path in core_modules()
        if (found := qt_imports(path.read_text(encoding="utf-8"), str(path)))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import PySide6\n", ["1: PySide6"]),
        ("from PySide6.QtCore import QTimer\n", ["1: PySide6.QtCore"]),
        ("import os, shiboken6 as s\n", ["1: shiboken6"]),
        ("def later():\n    import qasync\n", ["2: qasync"]),
        ("class A:\n    def f(self):\n        from PyQt6 import QtGui\n", ["3: PyQt6"]),
        (
            "import importlib\nimportlib.import_module('PySide6.QtGui')\n",
            ["2: PySide6.QtGui"],
        ),
        ("__import__('qasync')\n", ["1: qasync"]),
        ("import jarvis.keys\nfrom . import qasync\nimport PySide6_helpers\n", []),
    ],
)
def test_detector_finds_qt_imports_anywhere(source: str, found: list[str]) -> None:
    assert qt_imports(source) == found


IMPORT_ALL = """
import importlib, json, pkgutil, sys
import jarvis
qt_roots = set(sys.argv[1:])
names = [
    m.name
    for m in pkgutil.walk_packages(jarvis.__path__, "jarvis.")
    if not m.name.endswith(".__main__")  # running the CLI is not importing
]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.partition(".")[0] in qt_roots)
print(json.dumps({"imported": names, "qt": qt}))
"""


def test_importing_every_core_module_loads_no_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, *sorted(QT_MODULES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["qt"] == []
    assert "jarvis.keys" in result["imported"]
