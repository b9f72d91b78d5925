"""The usage pane's CSV export quotes cells a spreadsheet would run."""

from __future__ import annotations

import csv
import io

from ui.panes.usage import write_csv


def test_the_pane_writer_quotes_formula_names() -> None:
    out = io.StringIO()
    write_csv([{"provider": "-cmd", "model": '=HYPERLINK("x")',
                "request_id": "\tid", "cost_pusd": 1_000_000}], out)

    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["provider"], row["model"], row["request_id"]) \
        == ("'-cmd", '\'=HYPERLINK("x")', "'\tid")
    assert row["cost_usd"] == "0.000001"
