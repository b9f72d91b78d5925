"""CSV exports never hand a spreadsheet a formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest

from jarvis.cli import _write_csv
from jarvis.csvcells import cell


@pytest.mark.parametrize("text", [
    '=HYPERLINK("http://127.0.0.1/","x")', "+1+cmd|' /C calc'!A0",
    "-2+3", "@SUM(A1:A2)", "\tgpt", "\rgpt", "-", "=",
])
def test_a_formula_start_gets_a_quote(text: str) -> None:
    assert cell(text) == f"'{text}"


@pytest.mark.parametrize("value", [
    "gpt-5-mini", "openai", "-0.0012", "+3", "1e-06", "-1.5E+3", "", 12, None,
    "2026-12-04T20:11:47.552+00:00",
])
def test_plain_values_are_left_alone(value: object) -> None:
    assert cell(value) == value


def test_the_cli_writer_quotes_names_from_config() -> None:
    out = io.StringIO()
    _write_csv([{"provider": "@evil", "model": "=1+1", "cost_usd": "-0.5",
                 "error_kind": "+x"}], out)

    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["provider"], row["model"], row["cost_usd"], row["error_kind"]) \
        == ("'@evil", "'=1+1", "-0.5", "'+x")
