"""A new version of the pool's consent text is enforced (issue 12, defect 15).

Raising POOL_CONSENT_VERSION leaves everyone with an older consent out of the draws
until they agree again; they are asked at their next visit (a banner on every page, and
a form on the pool page) and by one e-mail per version (`flask pool-consent-changed`);
the draw record counts who was left out for it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db
from tests.consultations.conftest import run_jobs

NEW_VERSION = "2027-01"


@pytest.fixture
def new_text(app, monkeypatch):
    """The consent text changed: its version is raised (after the pool was filled)."""
    return lambda: monkeypatch.setitem(app.config, "POOL_CONSENT_VERSION", NEW_VERSION)


def _members(app, zone_id: int):
    from burgerplatform.consultations.models import PoolMember

    with app.app_context():
        return list(
            db.session.scalars(
                select(PoolMember).where(PoolMember.zone_id == zone_id).order_by(PoolMember.id)
            )
        )


def _agree_again(app, emails: list[str]) -> None:
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import PoolMember

    with app.test_request_context():
        for email in emails:
            member = db.session.scalar(
                select(PoolMember).join(User).where(User.email == email.lower())
            )
            pool.renew_consent(member, agree=True)
        db.session.commit()


def test_people_who_did_not_agree_to_the_new_text_are_not_drawn_and_the_record_counts_them(
    app, pool_zone, make_round, new_text
):
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import DrawRecord, DrawStatus, PoolMember, Round

    setup = pool_zone(12)
    round_id = make_round(setup, size=3)
    new_text()
    agreed = setup.members[:5]
    _agree_again(app, agreed)
    with app.test_request_context():
        record = draws.start_draw(db.session.get(Round, round_id), 9)
        db.session.commit()
        record_id = record.id
    run_jobs(app)
    with app.test_request_context():
        record = db.session.get(DrawRecord, record_id)
        assert record.status is DrawStatus.DONE, record.error
        assert record.left_out_consent == 7 and record.pool_size == 5
        drawn = db.session.scalars(
            select(PoolMember).where(PoolMember.pseudonym.in_(record.selected))
        ).all()
        assert len(drawn) == 3 and {m.user.email for m in drawn} <= set(agreed)
        assert all(m.consent_version == NEW_VERSION for m in drawn)
        # A replacement for a decline comes from those who agreed, too.
        seat = db.session.get(Round, round_id).seats[0]
        new = draws.answer(seat, accept=False)
        assert new is not None and new.member.user.email in agreed
        db.session.rollback()


def test_staff_see_on_the_draw_page_how_many_were_left_out_for_the_new_text(
    app, make_client, pool_zone, make_round, new_text
):
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import Round

    setup = pool_zone(8)
    round_id = make_round(setup, size=2)
    new_text()
    _agree_again(app, setup.members[:4])
    with app.test_request_context():
        record = draws.start_draw(db.session.get(Round, round_id), 3)
        db.session.commit()
        record_id = record.id
    run_jobs(app)
    staff = make_client()
    staff.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    staff.login(setup.staff_email)
    page = staff.get(f"/{setup.slug}/rounds/{round_id}/draws/{record_id}").get_data(as_text=True)
    assert (
        "4 mensen uit de pool werden niet geloot omdat ze nog niet akkoord gingen met de "
        "nieuwe tekst over hun antwoorden." in page
    )


def test_raising_the_version_mails_every_member_with_an_older_consent_once(
    app, pool_zone, new_text, deliver
):
    from burgerplatform.accounts.models import MailPreference, User
    from burgerplatform.consultations import pool
    from burgerplatform.notifications.models import Notification

    setup = pool_zone(6)
    with app.app_context():  # one wants no mail at all: this one still reaches them
        quiet = db.session.scalar(select(User).where(User.email == setup.members[0]))
        quiet.mail_preference = MailPreference.NONE
        db.session.commit()
    with app.test_request_context():  # one left the pool: not asked
        member = db.session.scalar(
            select(pool.PoolMember).join(User).where(User.email == setup.members[5])
        )
        pool.leave(member)
        db.session.commit()
    new_text()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["pool-consent-changed"])
    assert first.exit_code == 0, first.output
    assert "5 pool members were asked" in first.output
    again = runner.invoke(args=["pool-consent-changed"])
    assert "0 pool members were asked" in again.output
    mails = [m for m in deliver() if "pool" in str(m["Subject"]).lower()]
    assert sorted(str(m["To"]).strip("<>") for m in mails) == sorted(setup.members[:5])
    body = mails[0].get_body(preferencelist=("plain",)).get_content()
    assert "http://localhost/" in body and "/pool/" in body
    with app.app_context():
        kinds = db.session.scalars(select(Notification.kind)).all()
        assert kinds.count("pool.consent_changed") == 5


def test_a_member_with_an_older_consent_is_asked_at_their_next_visit_and_can_agree(
    app, client, pool_zone, new_text
):
    from burgerplatform.accounts.models import Consent, User
    from burgerplatform.consultations import pool

    setup = pool_zone(3)
    new_text()
    client.login(setup.members[0])
    home = client.get("/").get_data(as_text=True)
    assert 'id="pool-consent-banner"' in home
    assert "De tekst over je antwoorden in de burgerpool is veranderd" in home
    assert f"/{setup.slug}/pool/#consent-title" in home
    page = client.get(f"/{setup.slug}/pool/").get_data(as_text=True)
    assert 'id="consent-renew"' in page and f"Versie {NEW_VERSION} van deze tekst." in page
    # Sent without ticking the box: refused, nothing changes.
    refused = client.post(f"/{setup.slug}/pool/consent", {})
    assert refused.status_code == 400
    assert "Vink het vakje aan om akkoord te gaan" in refused.get_data(as_text=True)
    response = client.post(f"/{setup.slug}/pool/consent", {"agree": "y"})
    assert response.status_code == 302
    assert 'id="pool-consent-banner"' not in client.get("/").get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == setup.members[0]))
        member = pool.PoolMember.query.filter_by(user_id=user.id).one()
        assert member.consent_version == NEW_VERSION
        history = db.session.scalars(
            select(Consent.version).where(Consent.user_id == user.id, Consent.kind == "pool")
        ).all()
        assert history == ["2026-11", NEW_VERSION]


def test_a_member_who_does_not_agree_can_leave_from_the_same_page(app, client, pool_zone, new_text):
    setup = pool_zone(2)
    new_text()
    client.login(setup.members[1])
    page = client.get(f"/{setup.slug}/pool/").get_data(as_text=True)
    assert 'id="consent-renew"' in page and f"/{setup.slug}/pool/leave" in page
    assert 'id="pool-consent-banner"' in client.get("/").get_data(as_text=True)
    assert client.post(f"/{setup.slug}/pool/leave").status_code == 302
    assert 'id="pool-consent-banner"' not in client.get("/").get_data(as_text=True)
    assert _members(app, setup.zone_id)[1].left_at is not None


def test_a_member_logged_in_before_the_text_changed_sees_the_banner_on_the_next_page(
    app, client, pool_zone, new_text
):
    setup = pool_zone(2)
    client.login(setup.members[0])
    assert 'id="pool-consent-banner"' not in client.get("/").get_data(as_text=True)
    new_text()
    assert 'id="pool-consent-banner"' in client.get("/").get_data(as_text=True)
