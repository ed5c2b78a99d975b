"""Two-step login (TOTP + recovery codes) as staff and admins meet it."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from burgerplatform.accounts.models import RecoveryCode, User
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role
from tests.conftest import PASSWORD, TOTP_SECRET, link_in

CODE_RE = re.compile(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>")


def stored(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        db.session.remove()
        return user


def fresh(app, email: str) -> None:
    """Forget which step was used last: as if the next 30-second window had begun."""
    with app.app_context():
        db.session.scalar(select(User).where(User.email == email)).totp_last_step = None
        db.session.commit()
        db.session.remove()


@pytest.fixture
def staff(make_zone, make_user):
    zone = make_zone()
    return make_user(locale="en", email="sofie@example.org", roles=[(zone.id, Role.STAFF)])


@pytest.fixture
def enrolled(make_zone, make_user):
    zone = make_zone()
    return make_user(
        locale="en",
        email="koen@example.org",
        roles=[(zone.id, Role.COACH)],
        totp_secret=TOTP_SECRET,
        totp_enabled_at=time_now(),
    )


def time_now():
    from burgerplatform.core.db import utcnow

    return utcnow()


def password_step(client, email: str):
    return client.post("/login", {"email": email, "password": PASSWORD})


def turn_on(client, app, email: str) -> list[str]:
    """Set up two-step login through the pages; returns the recovery codes shown."""
    assert client.get("/account/two-step/setup").status_code == 200
    secret = stored(app, email).totp_secret
    response = client.post("/account/two-step/setup", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    return CODE_RE.findall(response.get_data(as_text=True))


def test_staff_turn_on_two_step_login_and_see_ten_recovery_codes_once(client, app, staff):
    client.login(staff.email)
    account = client.get("/account").get_data(as_text=True)
    assert 'href="/account/two-step"' in account

    setup = client.get("/account/two-step/setup")
    html = setup.get_data(as_text=True)
    secret = stored(app, staff.email).totp_secret
    assert setup.headers["Cache-Control"] == "no-store"
    # The key is shown for typing by hand, in groups of four, and as a QR code image.
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    assert '<img src="/account/two-step/qr.svg"' in html
    qr = client.get("/account/two-step/qr.svg")
    assert qr.mimetype == "image/svg+xml"
    assert qr.get_data(as_text=True).startswith("<svg") and "style=" not in qr.get_data(True)
    assert "script" not in qr.get_data(as_text=True)

    wrong = client.post("/account/two-step/setup", {"code": "000000"})
    assert wrong.status_code == 400
    assert "not correct" in wrong.get_data(as_text=True)
    assert not stored(app, staff.email).two_factor_enabled

    response = client.post("/account/two-step/setup", {"code": pyotp.TOTP(secret).now()})
    codes = CODE_RE.findall(response.get_data(as_text=True))
    assert response.headers["Cache-Control"] == "no-store"
    assert len(codes) == 10 and len(set(codes)) == 10
    assert stored(app, staff.email).two_factor_enabled
    with app.app_context():
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10
    assert not set(hashes) & {c.replace("-", "") for c in codes}  # only hashes are kept

    # Never shown again: no QR, no key, no codes.
    assert client.get("/account/two-step/qr.svg").status_code == 302
    assert client.get("/account/two-step/setup").headers["Location"] == "/account/two-step"
    settings = client.get("/account/two-step").get_data(as_text=True)
    assert secret not in settings and codes[0] not in settings
    assert "10 unused recovery codes" in settings


def test_with_two_step_login_the_password_alone_does_not_log_in(client, app, enrolled):
    response = password_step(client, enrolled.email)
    assert response.headers["Location"] == "/login/two-step"
    assert client.get("/account").status_code == 302  # not logged in yet
    page = client.get("/login/two-step")
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.get_data(as_text=True)
    response = client.post("/login/two-step", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.headers["Location"] == "/"
    assert client.get("/account").status_code == 200


def test_a_wrong_code_is_refused_with_an_explanation(client, enrolled):
    password_step(client, enrolled.email)
    good = pyotp.TOTP(TOTP_SECRET).now()
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post("/login/two-step", {"code": wrong})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This code is not correct" in html
    assert 'aria-invalid="true"' in html and "error-summary" in html
    assert client.get("/account").status_code == 302
    empty = client.post("/login/two-step", {"code": ""})
    assert "Type the code from your app" in empty.get_data(as_text=True)


def test_a_recovery_code_logs_in_once(client, make_client, app, staff):
    client.login(staff.email)
    codes = turn_on(client, app, staff.email)
    client.logout()

    password_step(client, staff.email)
    response = client.post("/login/two-step", {"code": codes[3].lower()})  # case and dash
    assert response.headers["Location"] == "/"
    follow = client.get("/").get_data(as_text=True)
    assert "You used a recovery code" in follow and "9 left" in follow
    client.logout()

    other = make_client()
    password_step(other, staff.email)
    again = other.post("/login/two-step", {"code": codes[3]})
    assert again.status_code == 400
    assert other.get("/account").status_code == 302


def test_the_same_code_is_refused_when_used_again_in_its_window(client, make_client, enrolled):
    code = pyotp.TOTP(TOTP_SECRET).now()
    password_step(client, enrolled.email)
    assert client.post("/login/two-step", {"code": code}).status_code == 302

    thief = make_client()
    password_step(thief, enrolled.email)
    response = thief.post("/login/two-step", {"code": code})
    assert response.status_code == 400
    assert "This code was just used" in response.get_data(as_text=True)
    assert thief.get("/account").status_code == 302


def test_codes_one_step_early_or_late_are_accepted_two_are_not(app, enrolled, ctx):
    from burgerplatform.accounts import two_factor
    from burgerplatform.core.domain import DomainError

    user = db.session.get(User, enrolled.id)
    totp = pyotp.TOTP(TOTP_SECRET)
    now = 1_800_000_000.0
    assert two_factor.verify(user, totp.at(now - 30), now=now) == "totp"
    assert two_factor.verify(user, totp.at(now + 30), now=now) == "totp"
    with pytest.raises(DomainError):
        two_factor.verify(user, totp.at(now + 90), now=now + 1)
    with pytest.raises(DomainError, match="net al gebruikt"):  # "was just used"
        two_factor.verify(user, totp.at(now), now=now)  # older than the last one used


def test_an_emailed_login_link_also_asks_for_the_code(client, enrolled, deliver):
    client.post("/login/link", {"email": enrolled.email})
    path = link_in(deliver()[0]).replace("http://localhost", "")
    response = client.post(path)
    assert response.headers["Location"] == "/login/two-step"
    assert client.get("/account").status_code == 302
    client.post("/login/two-step", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert client.get("/account").status_code == 200


def test_a_password_reset_link_also_asks_for_the_code(client, enrolled, deliver):
    client.post("/password/forgot", {"email": enrolled.email})
    path = link_in(deliver()[0]).replace("http://localhost", "")
    new_password = {"password": "a brand new secret", "confirm": "a brand new secret"}
    response = client.post(path, new_password)
    assert response.headers["Location"] == "/login/two-step"
    assert client.get("/account").status_code == 302
    response = client.post("/login/two-step", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.headers["Location"] == "/account"


def test_waiting_too_long_for_the_code_starts_the_login_again(client, enrolled):
    password_step(client, enrolled.email)
    with client.raw.session_transaction() as session:
        session["two_step_since"] = int(time.time()) - 11 * 60
    response = client.post("/login/two-step", {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.headers["Location"] == "/login"
    assert client.get("/account").status_code == 302


def test_an_admin_without_two_step_login_is_sent_to_set_it_up(client, app, make_user):
    admin = make_user(locale="en", email="boss@example.org", is_admin=True, totp_secret=None)
    client.login(admin.email)  # the password is enough while it is not set up
    for path in ("/", "/admin/", "/account", "/notifications/"):
        response = client.get(path)
        assert response.headers["Location"] == "/account/two-step/setup", path
    refused = client.post("/admin/", {"name": "ELZ X", "slug": "x"})
    assert refused.headers["Location"] == "/account/two-step/setup"
    page = client.get("/account/two-step/setup").get_data(as_text=True)
    assert "Platform admins must use two-step login" in page
    assert client.get("/static/css/main.css").status_code == 200

    turn_on(client, app, admin.email)
    assert client.get("/admin/").status_code == 200
    # And an admin cannot turn it off again.
    fresh(app, admin.email)
    code = pyotp.TOTP(stored(app, admin.email).totp_secret).now()
    token = client.token("/account/two-step")
    response = client.post(
        "/account/two-step/off", {"off-code": code, "off-csrf_token": token}, csrf=False
    )
    assert response.status_code == 400
    assert "must keep two-step login on" in response.get_data(as_text=True)
    assert stored(app, admin.email).two_factor_enabled


def test_an_admin_without_two_step_login_can_still_log_out(client, make_user):
    admin = make_user(locale="en", email="boss@example.org", is_admin=True, totp_secret=None)
    client.login(admin.email)
    assert client.logout().status_code == 302
    assert client.get("/account").status_code == 302


def test_turning_it_off_needs_a_current_code(client, app, enrolled):
    client.login(enrolled.email)
    token = client.token("/account/two-step")
    refused = client.post(
        "/account/two-step/off", {"off-code": "123456", "off-csrf_token": token}, csrf=False
    )
    assert refused.status_code == 400
    assert "This code is not correct" in refused.get_data(as_text=True)
    assert stored(app, enrolled.email).two_factor_enabled

    fresh(app, enrolled.email)
    response = client.post(
        "/account/two-step/off",
        {"off-code": pyotp.TOTP(TOTP_SECRET).now(), "off-csrf_token": token},
        csrf=False,
    )
    assert response.headers["Location"] == "/account"
    user = stored(app, enrolled.email)
    assert not user.two_factor_enabled and user.totp_secret is None
    client.logout()
    assert password_step(client, enrolled.email).headers["Location"] == "/"


def test_new_recovery_codes_replace_the_old_ones(client, app, staff):
    client.login(staff.email)
    old = turn_on(client, app, staff.email)
    fresh(app, staff.email)
    token = client.token("/account/two-step")
    code = pyotp.TOTP(stored(app, staff.email).totp_secret).now()
    response = client.post(
        "/account/two-step/recovery-codes",
        {"codes-code": code, "codes-csrf_token": token},
        csrf=False,
    )
    new = CODE_RE.findall(response.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    client.logout()
    password_step(client, staff.email)
    assert client.post("/login/two-step", {"code": old[0]}).status_code == 400
    assert client.post("/login/two-step", {"code": new[0]}).status_code == 302


def test_citizens_have_no_two_step_settings(client, make_user):
    citizen = make_user(locale="en", email="an@example.org")
    client.login(citizen.email)
    assert 'href="/account/two-step"' not in client.get("/account").get_data(as_text=True)
    assert client.get("/account/two-step").status_code == 403
    assert client.get("/account/two-step/setup").status_code == 403


def test_code_attempts_are_limited_per_account(client, make_client, enrolled):
    from burgerplatform.extensions import limiter

    limiter.enabled = True
    try:
        limiter.reset()
        codes = []
        for i in range(6):
            person = make_client()
            environ = {"REMOTE_ADDR": f"10.0.1.{i}"}
            person.raw.post(
                "/login",
                data={"email": enrolled.email, "password": PASSWORD, "csrf_token": person.token()},
                environ_base=environ,
            )
            response = person.raw.post(
                "/login/two-step",
                data={"code": "000000", "csrf_token": person.token()},
                environ_base=environ,
            )
            codes.append(response.status_code)
    finally:
        limiter.enabled = False
        limiter.reset()
    assert codes[:5] == [400] * 5
    assert codes[5] == 429


def test_the_admin_cli_turns_two_step_login_off_for_a_locked_out_person(app, enrolled):
    result = app.test_cli_runner().invoke(args=["reset-two-step", "--email", enrolled.email])
    assert result.exit_code == 0, result.output
    user = stored(app, enrolled.email)
    assert not user.two_factor_enabled and user.totp_secret is None
