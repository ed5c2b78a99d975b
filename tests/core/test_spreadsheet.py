"""One `csv_response()` for every CSV export."""

from __future__ import annotations

from pathlib import Path

import burgerplatform
from burgerplatform.core.spreadsheet import csv_response

PACKAGE = Path(burgerplatform.__file__).parent


def test_an_export_opens_in_a_spreadsheet_with_accents_and_without_formulas(app):
    with app.test_request_context("/"):
        response = csv_response("names.csv", ["name", "note"], [("Zoë", "=1+1"), (None, 3)])
        assert response.mimetype == "text/csv"
        assert response.headers["Content-Disposition"] == 'attachment; filename="names.csv"'
        assert "Cache-Control" not in response.headers
        body = response.get_data(as_text=True)
    assert body == "\ufeffname,note\r\nZoë,'=1+1\r\n,3\r\n"


def test_a_streamed_private_export_is_the_same_file_and_never_cached(app):
    with app.test_request_context("/"):
        plain = csv_response("a.csv", ["x"], iter([("=A1",), ("é",)])).get_data(as_text=True)
        streamed = csv_response(
            "a.csv", ["x"], iter([("=A1",), ("é",)]), stream=True, no_store=True
        )
        assert streamed.is_streamed
        assert streamed.headers["Cache-Control"] == "no-store"
        assert streamed.get_data(as_text=True) == plain


def test_no_module_writes_a_csv_export_itself():
    own = PACKAGE / "core" / "spreadsheet.py"
    found = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path != own and any(s in path.read_text() for s in ("csv.writer", "text/csv"))
    ]
    assert not found, "use core.spreadsheet.csv_response: " + ", ".join(found)
