"""What each step in an account's life must end or erase (issue 12: trust).

Confirming an address by any route drops what someone else may have set up before
(account pre-hijacking); an address nobody confirms is freed after a week.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select, update

from burgerplatform.accounts import services
from burgerplatform.accounts.models import User
from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role
from tests.accounts.lifecycle_support import (
    copy_cookies,
    opens_account,
    planted_session,
    stored,
    with_cookies,
)
from tests.conftest import FAST_HASH, PASSWORD, TOTP_SECRET, Client, link_in

ATTACKER_PASSWORD = "chosen by the attacker"


def register(client, email="an@example.org", password=ATTACKER_PASSWORD, **extra):
    data = {
        "display_name": "An",
        "email": email,
        "password": password,
        "zone": "0",
        "locale": "en",
        "consent": "y",
    }
    data.update(extra)
    return client.post("/register", data)


def path_of(mail) -> str:
    return link_in(mail).replace("http://localhost", "")


def test_a_password_someone_else_chose_stops_working_once_the_owner_logs_in_by_link(
    make_client, deliver
):
    attacker, owner = make_client(), make_client()
    register(attacker)  # the real owner's address, the attacker's password
    deliver()
    owner.post("/login/link", {"email": "an@example.org"})
    owner.post(path_of(deliver()[-1]))
    assert owner.get("/account").status_code == 200
    response = attacker.post("/login", {"email": "an@example.org", "password": ATTACKER_PASSWORD})
    assert response.status_code == 400
    assert attacker.get("/account").status_code == 302


def test_a_password_someone_else_chose_stops_working_once_the_owner_confirms_elsewhere(
    make_client, deliver
):
    attacker, owner = make_client(), make_client()
    register(attacker)
    owner.get(path_of(deliver()[-1]))  # the owner opens the confirmation mail
    assert owner.get("/account").status_code == 200
    page = owner.get("/account").get_data(as_text=True)
    assert "no longer works" not in page  # the flash was shown on the redirect
    response = attacker.post("/login", {"email": "an@example.org", "password": ATTACKER_PASSWORD})
    assert response.status_code == 400


def test_after_confirming_in_another_browser_the_notice_is_short_and_links_to_a_new_password(
    make_client, deliver
):
    attacker, owner = make_client(), make_client()
    register(attacker)
    response = owner.get(path_of(deliver()[-1]))  # confirmed in another browser
    page = owner.get(response.headers["Location"]).get_data(as_text=True)
    notice = re.search(r'<p class="flash flash-success">(.*?)</p>', page, re.DOTALL).group(1)
    text = re.sub(r"<[^>]+>", "", notice)
    sentences = [s for s in re.split(r"(?<=\.) ", text) if s]
    assert len(sentences) >= 5
    assert max(len(s.split()) for s in sentences) <= 12, sentences  # short sentences
    assert '<a href="/password/forgot">Choose a new password.</a>' in notice


def test_a_password_chosen_at_registration_still_works_when_confirmed_in_the_same_browser(
    client, deliver
):
    register(client, password=PASSWORD)
    client.get(path_of(deliver()[-1]))
    client.logout()
    client.login("an@example.org", PASSWORD)


def test_an_account_made_without_a_password_lands_logged_in_after_confirming(client, deliver):
    register(client, password="")
    response = client.get(path_of(deliver()[-1]))
    assert response.headers["Location"] == "/account"
    assert client.get("/account").status_code == 200


def test_the_attackers_name_zone_language_and_consent_wait_for_the_owners_check(
    app, make_client, make_zone, deliver
):
    zone = make_zone(name="Klein-Brabant Vaartland", slug="klein-brabant-vaartland")
    attacker, owner = make_client(), make_client()
    register(attacker, display_name="Aanvaller Naam", zone=str(zone.id), locale="fr")
    landing = owner.get(path_of(deliver()[-1]))  # the owner opens the mail elsewhere
    assert landing.headers["Location"] == "/account/check"
    user = stored(app, "an@example.org")
    with app.app_context():
        assert db.session.get(User, user.id).consents == []  # the attacker's consent is gone
        db.session.remove()
    page = owner.get("/account/check").get_data(as_text=True)
    assert 'value="Aanvaller Naam"' in page  # pre-filled, for the owner to check
    assert 'name="consent"' in page
    # Without agreeing to the privacy notice nothing is saved.
    refused = owner.post(
        "/account/check", {"display_name": "An Peeters", "zone": "0", "locale": "nl"}
    )
    assert refused.status_code == 400
    assert stored(app, "an@example.org").display_name == "Aanvaller Naam"
    done = owner.post(
        "/account/check",
        {"display_name": "An Peeters", "zone": "0", "locale": "nl", "consent": "y"},
    )
    assert done.headers["Location"] == "/account"
    after = stored(app, "an@example.org")
    assert (after.display_name, after.zone_id, after.locale) == ("An Peeters", None, "nl")
    with app.app_context():
        assert [c.kind for c in db.session.get(User, user.id).consents] == ["privacy"]
        db.session.remove()
    assert owner.get("/account/check").headers["Location"] == "/account"


def test_confirming_in_the_registering_browser_keeps_the_details_and_consent(app, client, deliver):
    register(client, password="", display_name="An Peeters", locale="nl")
    assert client.get(path_of(deliver()[-1])).headers["Location"] == "/account"
    user = stored(app, "an@example.org")
    with app.app_context():
        assert len(db.session.get(User, user.id).consents) == 1
        db.session.remove()
    assert user.display_name == "An Peeters"


def test_an_address_nobody_confirms_is_free_again_after_a_week(app, client, deliver, make_user):
    register(client)
    kept = make_user(email="confirmed@example.org")
    with app.app_context():
        db.session.execute(update(User).values(created_at=utcnow() - timedelta(days=8)))
        db.session.commit()
    with app.test_request_context():
        assert services.expire_unconfirmed() == 1
        db.session.commit()
        assert services.get_by_email("an@example.org") is None
        assert db.session.get(User, kept.id).deleted_at is None
    # The real owner can now register the address.
    fresh = client.__class__(app)
    assert register(fresh, password=PASSWORD).status_code == 302


def test_the_worker_schedules_the_removal_of_unconfirmed_accounts(app):
    from burgerplatform.core import jobs

    with app.test_request_context():
        services.schedule_next_expiry()
        services.schedule_next_expiry()
        db.session.commit()
        kinds = db.session.scalars(
            select(jobs.Job.kind).where(jobs.Job.kind == "expire_unconfirmed_accounts")
        ).all()
        assert kinds == ["expire_unconfirmed_accounts"]


# --- Defect 7: ending a session ends it on the server ---------------------------------


def test_a_session_cookie_copied_before_logging_out_no_longer_opens_the_account(
    app, client, make_user
):
    make_user(email="an@example.org")
    client.post("/login", {"email": "an@example.org", "password": PASSWORD, "remember": "y"})
    copied = copy_cookies(client)
    assert opens_account(app, copied)
    client.logout()
    assert not opens_account(app, copied)
    assert not opens_account(app, {"remember_token": copied["remember_token"]})


def test_a_copied_cookie_is_not_accepted_with_a_forged_forwarded_for_address(
    app, client, make_user
):
    make_user(email="an@example.org")
    client.raw.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    client.login("an@example.org")
    thief = with_cookies(app, copy_cookies(client))
    thief.raw.environ_base["REMOTE_ADDR"] = "10.66.6.6"
    response = thief.get("/account", headers={"X-Forwarded-For": "10.0.0.1"})
    assert response.status_code == 302  # not taken for the browser at 10.0.0.1


def test_behind_a_trusted_proxy_only_the_proxys_own_entry_counts(app, monkeypatch):
    from werkzeug.middleware.proxy_fix import ProxyFix

    from burgerplatform import create_app
    from config import TestConfig

    assert not isinstance(app.wsgi_app, ProxyFix)  # without TRUST_PROXY: the socket only
    monkeypatch.setenv("TRUST_PROXY", "1")
    proxied = create_app(TestConfig)
    assert isinstance(proxied.wsgi_app, ProxyFix)
    assert proxied.wsgi_app.x_for == 1  # the last entry: the one our proxy wrote
    seen = {}

    @proxied.get("/_test/remote")
    def remote():
        from flask import request

        seen["addr"] = request.remote_addr
        return "ok"

    proxied.test_client().get(
        "/_test/remote",
        headers={"X-Forwarded-For": "6.6.6.6, 192.0.2.10"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert seen["addr"] == "192.0.2.10"


# --- The class test: every transition, and what it must end or erase -----------------


def _staff(make_zone, make_user, **extra):
    zone = make_zone()
    return make_user(email="an@example.org", locale="en", roles=[(zone.id, Role.STAFF)], **extra)


def _turn_on_two_step(app, client):
    client.get("/account/two-step/setup")
    secret = stored(app, "an@example.org").totp_secret
    response = client.post("/account/two-step/setup", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200


def _turn_off_two_step(app, client):
    with app.app_context():
        db.session.execute(update(User).values(totp_last_step=None))
        db.session.commit()
    token = client.token("/account/two-step")
    response = client.post(
        "/account/two-step/off",
        {"off-code": pyotp.TOTP(TOTP_SECRET).now(), "off-csrf_token": token},
        csrf=False,
    )
    assert response.headers["Location"] == "/account"


def transition_register(app, make_client, make_user, make_zone, deliver):
    """Registering opens no session and the account cannot be used before the address
    is confirmed; an address already in use is left exactly as it was."""
    owner = make_user(email="owner@example.org")
    before = stored(app, "owner@example.org")
    registrant = make_client()
    register(registrant)
    register(registrant, email="OWNER@example.org")
    assert registrant.get("/account").status_code == 302
    refused = registrant.post("/login", {"email": "an@example.org", "password": ATTACKER_PASSWORD})
    assert "check-your-mail" in refused.headers["Location"]
    assert registrant.get("/account").status_code == 302
    after = stored(app, owner.email)
    assert (after.password_hash, after.session_version) == (
        before.password_hash,
        before.session_version,
    )
    return {"ends_sessions": [], "keeps": []}


def _unconfirmed_with_attacker(app, make_client, deliver):
    attacker = make_client()
    register(attacker)
    user = stored(app, "an@example.org")
    early = planted_session(app, user.id)  # a session opened before confirmation
    assert early.get("/account").status_code == 200
    deliver()
    return attacker, early


def transition_confirm(app, make_client, make_user, make_zone, deliver):
    attacker, early = _unconfirmed_with_attacker(app, make_client, deliver)
    owner = make_client()
    confirm_mail = [m for m in deliver() if "/confirm/" in link_in(m)][-1]
    owner.get(path_of(confirm_mail))
    return {
        "ends_sessions": [early],
        "password_dropped": attacker,
        "keeps": [owner],
        "profile_to_check": owner,
    }


def transition_login_by_link(app, make_client, make_user, make_zone, deliver):
    attacker, early = _unconfirmed_with_attacker(app, make_client, deliver)
    owner = make_client()
    owner.post("/login/link", {"email": "an@example.org"})
    owner.post(path_of(deliver()[-1]))
    return {
        "ends_sessions": [early],
        "password_dropped": attacker,
        "keeps": [owner],
        "profile_to_check": owner,
    }


def transition_password_change(app, make_client, make_user, make_zone, deliver):
    """On "Mijn account", logged in: this browser stays in, every other session ends."""
    make_user(email="an@example.org")
    other, person = make_client(), make_client()
    other.login("an@example.org")
    person.login("an@example.org")
    copy = with_cookies(app, copy_cookies(other))
    person.post(
        "/account/password",
        {"current": PASSWORD, "password": "a new secret!", "confirm": "a new secret!"},
    )
    return {"ends_sessions": [other, copy], "keeps": [person], "password_dropped_value": PASSWORD}


def transition_password_reset(app, make_client, make_user, make_zone, deliver):
    make_user(email="an@example.org")
    other, person = make_client(), make_client()
    other.login("an@example.org")
    person.post("/password/forgot", {"email": "an@example.org"})
    person.post(path_of(deliver()[-1]), {"password": "a new secret!", "confirm": "a new secret!"})
    return {"ends_sessions": [other], "keeps": [person], "password_dropped_value": PASSWORD}


def transition_two_step_on(app, make_client, make_user, make_zone, deliver):
    _staff(make_zone, make_user)
    other, person = make_client(), make_client()
    other.login("an@example.org")
    person.login("an@example.org")
    _turn_on_two_step(app, person)
    return {"ends_sessions": [other], "keeps": [person]}


def transition_two_step_off(app, make_client, make_user, make_zone, deliver):
    _staff(make_zone, make_user, totp_secret=TOTP_SECRET, totp_enabled_at=utcnow())
    other, person = make_client(), make_client()
    other.login("an@example.org")
    person.login("an@example.org")
    _turn_off_two_step(app, person)
    return {"ends_sessions": [other], "keeps": [person]}


def transition_logout(app, make_client, make_user, make_zone, deliver):
    make_user(email="an@example.org")
    person = make_client()
    person.login("an@example.org")
    copy = with_cookies(app, copy_cookies(person))
    person.logout()
    return {"ends_sessions": [copy, person], "keeps": []}


def transition_delete(app, make_client, make_user, make_zone, deliver):
    make_user(email="an@example.org", display_name="An Peeters")
    other, person = make_client(), make_client()
    other.login("an@example.org")
    person.login("an@example.org")
    copy = with_cookies(app, copy_cookies(person))
    person.post("/account/delete", {"confirm": "y"})
    return {"ends_sessions": [other, copy, person], "keeps": [], "erased": "an@example.org"}


TRANSITIONS = {
    "register": transition_register,
    "confirm": transition_confirm,
    "login by link": transition_login_by_link,
    "password change": transition_password_change,
    "password reset": transition_password_reset,
    "two-step on": transition_two_step_on,
    "two-step off": transition_two_step_off,
    "logout": transition_logout,
    "delete": transition_delete,
}


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_every_account_transition_ends_what_it_must_and_keeps_the_person_in(
    name, app, make_client, make_user, make_zone, deliver
):
    outcome = TRANSITIONS[name](app, make_client, make_user, make_zone, deliver)
    for browser in outcome["ends_sessions"]:
        assert browser.get("/account").status_code == 302, f"{name}: a session survived"
    for browser in outcome["keeps"]:
        assert browser.get("/account").status_code == 200, f"{name}: the person was logged out"
    if "password_dropped" in outcome:
        attempt = outcome["password_dropped"].post(
            "/login", {"email": "an@example.org", "password": ATTACKER_PASSWORD}
        )
        assert attempt.status_code == 400, f"{name}: a password set before confirmation works"
    if "password_dropped_value" in outcome:
        attempt = make_client().post(
            "/login", {"email": "an@example.org", "password": outcome["password_dropped_value"]}
        )
        assert attempt.status_code == 400, f"{name}: the old password still works"
    if "erased" in outcome:
        assert stored(app, outcome["erased"]) is None
    if "profile_to_check" in outcome:
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == "an@example.org"))
            consents = list(user.consents)
            db.session.remove()
        assert consents == [], f"{name}: a consent given before confirmation survived"
        page = outcome["profile_to_check"].get("/account").get_data(as_text=True)
        assert "/account/check" in page, f"{name}: the owner is not asked to check the profile"


# --- Defect 9: nobody learns who has an account ----------------------------------------


def test_registering_with_a_taken_address_answers_as_for_a_new_one_and_mails_the_owner(
    app, make_client, make_user, deliver
):
    make_user(email="an@example.org", display_name="An")
    new = register(make_client(), email="new@example.org")
    taken = register(make_client(), email="AN@example.ORG")
    assert (taken.status_code, taken.headers["Location"]) == (
        new.status_code,
        new.headers["Location"],
    )
    mails = {m["To"].addresses[0].addr_spec: m for m in deliver()}
    assert set(mails) == {"new@example.org", "an@example.org"}
    told = mails["an@example.org"]
    assert "/login/link" in link_in(told)
    owner = stored(app, "an@example.org")
    assert owner.password_hash == FAST_HASH and owner.email_confirmed_at is not None


def test_a_wrong_password_costs_the_same_hashing_work_for_an_unknown_address(
    make_client, make_user, monkeypatch
):
    checked = []
    real = services.check_password_hash
    monkeypatch.setattr(
        services, "check_password_hash", lambda h, p: checked.append(h) or real(h, p)
    )
    make_user(email="an@example.org")
    make_user(email="linkonly@example.org", password_hash=None)
    for address in ("an@example.org", "nobody@example.org", "linkonly@example.org"):
        response = make_client().post("/login", {"email": address, "password": "wrong guess!"})
        assert response.status_code == 400
    assert len(checked) == 3  # one full check each time, whether or not the account exists
    assert checked[1].split(":")[0] == "scrypt"  # as costly as a real password's hash


# --- Defect 12: smaller gaps --------------------------------------------------------


def test_the_data_download_includes_memberships_notifications_reports_and_attendance(
    app, client, make_user, make_zone
):
    import json

    from burgerplatform.meetings.models import Attendance, AttendanceAnswer, Meeting, MeetingKind
    from burgerplatform.moderation.models import Report, ReportReason
    from burgerplatform.notifications.models import Notification
    from burgerplatform.proeftuinen.models import MemberRole, Membership, Proeftuin, Visibility

    zone = make_zone()
    user = make_user(email="an@example.org", zone_id=zone.id)
    with app.app_context():
        garden = Proeftuin(name="Tuin", description="", visibility=Visibility.PUBLIC)
        garden.memberships.append(Membership(user_id=user.id, role=MemberRole.MEMBER))
        meeting = Meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{zone.id}",
            zone_id=zone.id,
            title="Junivergadering",
            starts_at=utcnow(),
            ends_at=utcnow() + timedelta(hours=2),
        )
        db.session.add_all([garden, meeting])
        db.session.flush()
        db.session.add_all(
            [
                Attendance(meeting_id=meeting.id, user_id=user.id, answer=AttendanceAnswer.YES),
                Notification(user_id=user.id, kind="initiative.commented", params={}, url="/"),
                Report(
                    target_type="comment",
                    target_id=1,
                    space="zone",
                    reporter_id=user.id,
                    reason=ReportReason.SPAM,
                    text="reclame",
                ),
            ]
        )
        db.session.commit()
    client.login("an@example.org")
    data = json.loads(client.get("/account/export.json").get_data(as_text=True))
    assert data["proeftuin_memberships"][0]["proeftuin"] == "Tuin"
    assert data["meeting_attendance"][0]["meeting"] == "Junivergadering"
    assert len(data["notifications"]) == 1
    assert data["reports"][0]["text"] == "reclame"


def test_no_personal_page_may_be_stored_by_a_browser_or_proxy(client, make_user, make_zone):
    zone = make_zone()
    make_user(email="an@example.org", zone_id=zone.id)
    client.login("an@example.org")
    for url in ("/account", "/account/export.json", "/notifications/", f"/{zone.slug}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.cache_control.no_store, url


def test_over_https_browsers_are_told_to_use_only_https(client):
    assert "Strict-Transport-Security" not in client.get("/privacy").headers
    secure = client.get("/privacy", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


# --- Issue 13, item 16: login friction -----------------------------------------------


def test_a_community_centre_sharing_one_address_is_not_locked_out(app, make_user, rate_limits):
    rate_limits()
    for i in range(30):
        make_user(email=f"visitor{i}@example.org")
    codes = []
    for i in range(30):
        visitor = Client(app)
        visitor.raw.environ_base["REMOTE_ADDR"] = "192.0.2.50"  # everybody in the centre
        codes.append(
            visitor.post(
                "/login", {"email": f"visitor{i}@example.org", "password": PASSWORD}
            ).status_code
        )
    assert codes == [302] * 30


def test_a_paused_login_shows_the_form_again_in_dutch_with_the_address_kept(
    app, make_user, rate_limits
):
    rate_limits()
    make_user(email="an@example.org")
    dutch = Client(app, language="nl")
    codes = [
        dutch.post("/login", {"email": "an@example.org", "password": "wrong guess!"}).status_code
        for _ in range(10)
    ]
    assert codes[:10] == [400] * 10
    response = dutch.post("/login", {"email": "an@example.org", "password": "wrong guess!"})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert 'value="an@example.org"' in html
    assert 'lang="nl"' in html and "Wacht een paar minuten" in html
    assert 'name="password"' in html
