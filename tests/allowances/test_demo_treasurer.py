"""The demo has a treasurer to log in as, and the README's "Demo logins" names every
demo account and says how the allowances are exported (a button, not a download)."""

from __future__ import annotations

import re
from pathlib import Path

from burgerplatform import demo
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role
from tests.conftest import Client

README = Path(__file__).resolve().parents[2] / "README.md"


def _section(title: str) -> str:
    text = README.read_text()
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_names_every_demo_login_and_a_treasurer_who_keeps_the_allowances():
    logins = _section("Demo logins")
    for email, *_rest in demo.PEOPLE:
        assert f"`{email}`" in logins, email
    row = next(line for line in logins.splitlines() if "treasurer" in line)
    email = re.search(r"`([^`]+@example\.org)`", row).group(1)
    assert email == demo.TREASURER
    roles = next(p[4] for p in demo.PEOPLE if p[0] == email)
    assert ("meetjesland", Role.STAFF) in roles


def test_the_readme_says_the_allowances_export_is_the_button_that_locks():
    allowances = _section("Attendance register and volunteer allowances")
    assert "Exporteren en vergrendelen" in allowances
    assert "Downloading a period's export" not in allowances


def test_the_demo_treasurer_logs_in_and_finds_the_export_button(app, monkeypatch):
    monkeypatch.setattr(demo, "MODULE_SEEDERS", [])
    with app.test_request_context(base_url="http://localhost"):
        assert demo.seed() is True
        db.session.commit()
        db.session.remove()
    treasurer = Client(app, language="nl")
    treasurer.login(demo.TREASURER, demo.DEMO_PASSWORD)
    page = treasurer.get("/meetjesland/allowances/?first=2026-01-01&last=2026-03-31")
    assert page.status_code == 200
    assert "Exporteren en vergrendelen als CSV" in page.get_data(as_text=True)
