"""Besides the JSON file, a person can read their data as a page in their language."""

from __future__ import annotations

import re

from tests.conftest import Client


def test_a_citizen_reads_their_data_as_a_page_in_dutch_with_dates_written_out(
    app, make_zone, make_user
):
    zone = make_zone(slug="meetjesland")
    an = make_user(zone_id=zone.id, display_name="An", email="an@example.org")
    client = Client(app, language="nl")
    client.login(an.email)
    account = client.get("/account").get_data(as_text=True)
    assert 'href="/account/export"' in account and 'href="/account/export.json"' in account
    response = client.get("/account/export")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Je account" in html and "E-mailadres" in html and "an@example.org" in html
    assert "meetjesland" in html
    created = html.split("Aangemaakt op</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert "2026" in created and not re.search(r"\d{4}-\d\d-\d\dT", created)
    assert '"display_name"' not in html and "display_name" not in html
    assert client.get("/account/export.json").mimetype == "application/json"


def test_the_readable_data_page_needs_a_login(client):
    assert client.get("/account/export").status_code == 302


from sqlalchemy import select  # noqa: E402

from burgerplatform.accounts.models import User  # noqa: E402
from burgerplatform.demo import DEMO_PASSWORD  # noqa: E402
from burgerplatform.extensions import db  # noqa: E402


def _demo_exports(app):
    """The JSON export of every demo person: between them, every part has rows."""
    from sqlalchemy import select

    from burgerplatform import demo
    from burgerplatform.accounts import services
    from burgerplatform.accounts.models import User
    from burgerplatform.extensions import db

    with app.test_request_context(base_url="http://localhost"):
        demo.seed()
        db.session.commit()
        users = list(db.session.scalars(select(User)))
        exports = {u.email: services.export_data(u) for u in users}
        db.session.remove()
    return exports


def test_my_data_page_shows_no_english_key_or_raw_code_in_dutch_or_french(app):
    from burgerplatform.accounts.views_export import LABELS, _value_labels

    exports = _demo_exports(app)
    keys: set[str] = set()
    for data in exports.values():
        for section, part in data.items():
            keys.add(section)
            if isinstance(part, dict):
                keys.update(part)
            elif isinstance(part, list):
                keys.update(k for row in part if isinstance(row, dict) for k in row)
    assert {"notifications", "meeting_attendance", "reports", "proeftuin_posts"} <= keys
    assert sorted(keys - set(LABELS)) == []

    # The person with the most parts filled in reads the page in Dutch and in French.
    # (Among those whose rows carry a reference number, which the page calls "Nummer".)
    def numbered(e: str) -> bool:
        parts = exports[e].values()
        return any(
            isinstance(p, list) and any("id" in r for r in p if isinstance(r, dict)) for p in parts
        )

    email = max(
        (e for e in exports if numbered(e)),
        key=lambda e: sum(bool(p) for p in exports[e].values()),
    )
    with app.test_request_context():
        coded = {(section, key): codes for (section, key), codes in _value_labels().items()}
    for language in ("nl", "fr"):
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            user.locale = language
            db.session.commit()
        client = Client(app, language=language)
        client.login(email, DEMO_PASSWORD)
        html = client.get("/account/export").get_data(as_text=True)
        cells = [c.strip() for c in re.findall(r"<(?:h2|th|dt|td|dd)[^>]*>([^<]*)<", html)]
        for word in (
            "notifications",
            "meeting attendance",
            "reports",
            "proeftuin posts",
            "read at",
            "emailed at",
            "link",
            "Aantal",
            "meetjesland",
        ):
            assert word not in cells, (language, word)
        assert "Lived experience" not in html, html[html.find("Lived experience") - 300 :][:500]
        assert "Nummer" in cells or language == "fr"
        data = exports[email]
        for (section, key), codes in coded.items():
            for row in data.get(section) or []:
                if isinstance(row, dict) and row.get(key) in codes:
                    assert row[key] not in cells, (language, section, key, row[key])
        if data["account"]["language"]:
            assert data["account"]["language"] not in cells
        labels = re.findall(r'role="region" aria-label="([^"]*)"', html)
        headings = re.findall(r"<h2[^>]*>([^<]*)<", html)
        assert len(set(labels) | set(headings)) == len(labels) + len(headings)
        assert "<caption" not in html
