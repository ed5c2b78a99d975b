"""A member already in the pool changes an answer without agreeing again, and leaving the
pool (which erases every answer) asks to confirm first, without script (review 1, item 3)."""

from __future__ import annotations

import html as html_lib
import re

from sqlalchemy import select

from burgerplatform.extensions import db
from tests.conftest import Client


def _member(app, email: str):
    from burgerplatform.accounts.models import Consent, User
    from burgerplatform.consultations.models import PoolMember

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        member = db.session.scalar(select(PoolMember).where(PoolMember.user_id == user.id))
        history = db.session.scalars(
            select(Consent.version).where(Consent.user_id == user.id, Consent.kind == "pool")
        ).all()
        return (
            member.left_at,
            member.consent_given_at,
            sorted(a.value_id for a in member.answers),
            history,
        )


def _form_values(page: str) -> dict[str, list[str]]:
    """What the page's pool form sends as it is: every ticked answer."""
    found: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]+>", page):
        name = re.search(r'name="(cat_\d+)"', tag)
        if name and " checked" in tag:
            found.setdefault(name.group(1), []).append(re.search(r'value="([^"]*)"', tag).group(1))
    return found


def test_a_member_in_the_pool_changes_an_answer_without_agreeing_again(app, pool_zone):
    setup = pool_zone(2)
    client = Client(app, language="nl")
    client.login(setup.members[0])
    url = f"/{setup.slug}/pool/"
    page = client.get(url).get_data(as_text=True)
    text = html_lib.unescape(page)
    assert "Je zit in de pool" in text
    # No box to tick again; the text they agreed to stays on the page, with the version.
    assert 'name="consent"' not in page
    assert 'id="consent-kept"' in page
    assert "je hoeft niet opnieuw akkoord te gaan" in text
    assert 'id="consent-title"' in page
    left_at, given, answers, history = _member(app, setup.members[0])
    values = _form_values(page)
    # Change one answer: untick the municipality (a radio: "rather not say").
    town_field = next(iter(values))
    values[town_field] = [""]
    saved = client.post(url, values)
    assert saved.status_code == 302, html_lib.unescape(saved.get_data(as_text=True))[-3000:]
    after = _member(app, setup.members[0])
    assert after[0] is None  # still in the pool
    assert after[1] == given and after[3] == history  # the consent is kept, not renewed
    assert len(after[2]) == len(answers) - 1
    assert "Vink het vakje aan" not in client.get(url).get_data(as_text=True)


def test_joining_still_asks_to_tick_the_box(app, pool_zone, make_user):
    setup = pool_zone(1)
    with app.app_context():
        from burgerplatform.zones.models import Zone

        zone = db.session.get(Zone, setup.zone_id)
    newcomer = make_user(zone_id=zone.id)
    client = Client(app, language="nl")
    client.login(newcomer.email)
    url = f"/{setup.slug}/pool/"
    assert 'name="consent"' in client.get(url).get_data(as_text=True)
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert "Vink het vakje aan om akkoord te gaan" in html_lib.unescape(
        refused.get_data(as_text=True)
    )


def test_a_member_whose_consent_is_older_must_agree_to_the_new_text_to_save(app, pool_zone):
    setup = pool_zone(1)
    app.config["POOL_CONSENT_VERSION"] = "2099-01"
    try:
        client = Client(app, language="nl")
        client.login(setup.members[0])
        url = f"/{setup.slug}/pool/"
        page = client.get(url).get_data(as_text=True)
        assert 'name="consent"' in page and 'id="consent-kept"' not in page
        refused = client.post(url, _form_values(page))
        assert refused.status_code == 400
        assert "akkoord te gaan en in de pool te blijven" in html_lib.unescape(
            refused.get_data(as_text=True)
        )
        assert client.post(url, {**_form_values(page), "consent": "y"}).status_code == 302
        assert _member(app, setup.members[0])[3][-1] == "2099-01"
    finally:
        app.config.pop("POOL_CONSENT_VERSION")


def test_leaving_the_pool_asks_to_confirm_first_without_script(app, pool_zone):
    setup = pool_zone(1)
    client = Client(app, language="nl")
    client.login(setup.members[0])
    page = client.get(f"/{setup.slug}/pool/").get_data(as_text=True)
    # The pool page has a link to the confirmation, no button that erases at once.
    link = re.search(r'<a class="button danger" href="([^"]+)" id="leave-pool">', page).group(1)
    assert f'action="{link}"' not in page
    confirm = client.get(link)
    assert confirm.status_code == 200
    text = html_lib.unescape(confirm.get_data(as_text=True))
    assert "De pool verlaten?" in text and "wissen we meteen al je antwoorden" in text
    assert "Nee, in de pool blijven" in text
    assert _member(app, setup.members[0])[0] is None  # looking erased nothing
    assert f'<form method="post" action="{link}"' in confirm.get_data(as_text=True)
    left = client.post(link)
    assert left.status_code == 302
    left_at, _given, answers, _history = _member(app, setup.members[0])
    assert left_at is not None and answers == []


def test_back_after_leaving_the_pool_shows_the_pool_page(app, pool_zone):
    setup = pool_zone(1)
    client = Client(app, language="nl")
    client.login(setup.members[0])
    leave = f"/{setup.slug}/pool/leave"
    assert client.get(leave).status_code == 200  # the question, while in the pool
    assert client.post(leave).status_code == 302
    # Back onto the question, and a second press of its button: the pool page as it is.
    for answer in (client.get(leave), client.post(leave)):
        assert answer.status_code == 303
        assert answer.headers["Location"] == f"/{setup.slug}/pool/"
    page = client.get(f"/{setup.slug}/pool/").get_data(as_text=True)
    assert "Je zit niet in de pool." in page  # said once, after the second press
    assert "Je zit in de pool" not in page.replace("Je zit niet in de pool", "")
