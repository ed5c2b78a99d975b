"""The two steps staff confirm on a draw's page, the number that picks the group and
setting the list aside, after an outside review:

- every page that asks to confirm is a GET after a redirect, whatever the length of the
  reason (up to 2,000 characters); what was typed waits on the server, never in the
  session cookie, per staff member, and never becomes public;
- only a confirmation of exactly what that page showed that person counts: a hand-made
  POST with `confirmed` set, or one for other text, leads to the page (again);
- a list already set aside or picked says so, in the reader's language, with a 4xx,
  whichever of the two steps comes too late.
"""

from __future__ import annotations

import random
import re
from html import unescape

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db
from tests.conftest import Client
from tests.consultations.conftest import draw_form, number_is_known, run_jobs
from tests.consultations.test_published_draw import SOURCE, _records, _seats

DISCARD, NUMBER = "discard", "number"
_rng = random.Random(7)  # letters that do not compress (the cookie is zlib-compressed)
SCATTERED = "".join(chr(_rng.randrange(0x4E00, 0x9FFF)) for _ in range(2000))
REASONS = {
    "short": "Twee mensen waren verhuisd.",
    "over the cookie's share, on lines": (
        "Twee mensen waren verhuisd.\r\nEén persoon is overleden.\r\n" * 40
    ).strip()[:2000],
    "2,000 letters of 3 bytes": SCATTERED,
    "2,000 letters of 2 bytes, spaces around": "  " + "é" * 1996 + "  ",
}


def _published(app, setup, round_id, language="nl"):
    staff = Client(app, language=language)
    staff.login(setup.staff_email)
    base = f"/{setup.slug}/rounds/{round_id}"
    assert staff.post(f"{base}/draw", draw_form(SOURCE)).status_code == 302
    run_jobs(app)
    record = max(_records(app), key=lambda r: r.id)
    number_is_known()
    return staff, base, record


def _session(app, client) -> dict:
    cookie = client.raw.get_cookie("session")
    if cookie is None:
        return {}
    return dict(app.session_interface.get_signing_serializer(app).loads(cookie.value))


def _hidden(html: str, name: str) -> str:
    return unescape(re.search(rf'name="{name}" value="([^"]*)"', html).group(1))


def _waiting(app) -> list:
    from burgerplatform.consultations.models import DrawConfirmation

    with app.app_context():
        return db.session.scalars(select(DrawConfirmation)).all()


@pytest.mark.parametrize("reason", list(REASONS.values()), ids=list(REASONS))
def test_the_page_that_asks_to_set_a_list_aside_comes_after_a_redirect_whatever_the_reason(
    app, pool_zone, make_round, reason
):
    """Before, a reason over 1,000 bytes was asked on the answer to the form itself, so
    Back after confirming showed the browser's "Confirm form resubmission"."""
    from burgerplatform.consultations.models import DrawStatus

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _published(app, setup, round_id)
    asked = staff.post(f"{base}/draws/{record.id}/discard", {"reason": reason})
    assert asked.status_code == 303
    assert asked.headers["Location"].endswith(f"/draws/{record.id}?confirm=discard")
    # Not in the cookie (a browser drops one over 4 KB, and the reason with it).
    assert len(asked.headers.get("Set-Cookie", "").encode()) < 4000
    assert not any(reason.strip()[:40] in str(v) for v in _session(app, staff).values())
    page = staff.get(asked.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="confirm-discard"' in html
    # Shown back whole, and sent back whole by the button.
    shown = unescape(html.split('id="confirm-discard-reason">', 1)[1].split("</blockquote>")[0])
    assert shown == reason.strip()
    assert _hidden(html, "reason") == reason.strip()
    assert _records(app)[0].status is DrawStatus.PUBLISHED  # nothing done yet
    done = staff.post(
        f"{base}/draws/{record.id}/discard", {"reason": _hidden(html, "reason"), "confirmed": "y"}
    )
    assert done.status_code == 302
    (record,) = _records(app)
    assert record.status is DrawStatus.DISCARDED and record.discard_reason == reason.strip()
    assert _waiting(app) == []  # nothing of it waits any more


def test_the_page_that_shows_the_number_back_comes_after_a_redirect(app, pool_zone, make_round):
    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    staff, base, record = _published(app, setup, round_id)
    asked = staff.post(f"{base}/draws/{record.id}/number", {"number": "007  42"})
    assert asked.status_code == 303
    assert asked.headers["Location"].endswith(f"/draws/{record.id}?confirm=number")
    html = staff.get(asked.headers["Location"]).get_data(as_text=True)
    assert "Je vulde het getal 7 42 in." in html and _hidden(html, "number") == "7 42"
    assert (
        staff.post(
            f"{base}/draws/{record.id}/number", {"number": "7 42", "confirmed": "y"}
        ).status_code
        == 302
    )
    assert len(_seats(app, round_id)) == 4 and _waiting(app) == []


@pytest.mark.parametrize("step", [DISCARD, NUMBER])
def test_a_confirmation_counts_only_for_what_its_page_showed_that_person(
    app, pool_zone, make_round, make_user, step
):
    """A hand-made POST with `confirmed`, one whose page was never shown, one for other
    text than the page showed, and one for what another staff member was shown: each
    leads to the page that asks to confirm what it sent, and nothing is done until it
    is confirmed there."""
    from burgerplatform.consultations.models import DrawStatus
    from burgerplatform.zones.models import Role

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    staff, base, record = _published(app, setup, round_id)
    field, typed, other = (
        ("reason", "De pool was fout.", "Nieuwe regels.")
        if step == DISCARD
        else ("number", "7 42", "3 12")
    )
    url = f"{base}/draws/{record.id}/{step}"

    def untouched() -> None:
        (now,) = _records(app)
        assert now.status is DrawStatus.PUBLISHED and not _seats(app, round_id)

    def asks_again(answer, sent: str) -> None:
        assert answer.status_code == 303, answer.status_code
        assert answer.headers["Location"].endswith(f"?confirm={step}")
        html = staff.get(answer.headers["Location"]).get_data(as_text=True)
        assert "Er is nog niets gebeurd. Kijk na wat hieronder staat" in html
        assert _hidden(html, field) == sent
        untouched()

    # Never asked: straight to the page.
    asks_again(staff.post(url, {field: typed, "confirmed": "yes"}), typed)
    # Asked, but the page not shown yet (no GET of it).
    assert staff.post(url, {field: other}).status_code == 303
    answer = staff.post(url, {field: other, "confirmed": "yes"})
    assert answer.status_code == 303
    untouched()
    # Shown for one text, confirmed for another: the page for what was sent.
    staff.get(f"{base}/draws/{record.id}?confirm={step}")
    asks_again(staff.post(url, {field: typed, "confirmed": "yes"}), typed)
    # Shown to a colleague: it is theirs to confirm, not ours.
    colleague = Client(app, language="nl")
    colleague.login(make_user(roles=[(setup.zone_id, Role.STAFF)]).email)
    assert 'id="confirm-' in colleague.post(url, {field: other}, follow_redirects=True).get_data(
        as_text=True
    )
    staff.post(url, {field: typed}, follow_redirects=True)  # our own page, for our text
    asks_again(staff.post(url, {field: other, "confirmed": "yes"}), other)
    # Confirmed on the page that showed it: done, with what was sent.
    assert staff.post(url, {field: other, "confirmed": "yes"}).status_code == 302
    (done,) = _records(app)
    if step == DISCARD:
        assert done.status is DrawStatus.DISCARDED and done.discard_reason == other
    else:
        assert done.public_number == other and len(_seats(app, round_id)) == 4
