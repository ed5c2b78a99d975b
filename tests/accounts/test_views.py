"""Accounts through the Flask test client: what a citizen does and sees."""

from __future__ import annotations

import json

from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.extensions import db
from tests.conftest import PASSWORD, link_in, mail_text


def register(client, email="an@example.org", **extra):
    data = {
        "display_name": "An",
        "email": email,
        "password": PASSWORD,
        "zone": "0",
        "locale": "nl",
        "consent": "y",
    }
    data.update(extra)
    return client.post("/register", data)


def test_registering_sends_a_confirmation_mail_in_the_chosen_language(client, deliver):
    response = register(client, locale="fr")
    assert response.status_code == 302
    assert "/register/check-your-mail" in response.headers["Location"]
    mails = deliver()
    assert len(mails) == 1
    assert mails[0]["To"].addresses[0].addr_spec == "an@example.org"
    assert mails[0]["Content-Language"] == "fr"
    assert "/confirm/" in link_in(mails[0])
    assert mails[0].get_body(preferencelist=("html",)) is not None


def test_a_citizen_confirms_logs_in_and_out(client, deliver):
    register(client)
    link = link_in(deliver()[0])
    confirmed = client.get(link.replace("http://localhost", ""))
    assert confirmed.headers["Location"] == "/account"  # logged in by the link
    client.logout()
    client.login("an@example.org")  # the password chosen in this browser is kept
    assert "An" in client.get("/account").get_data(as_text=True)
    client.logout()
    assert client.get("/account").status_code == 302


def test_a_confirmation_link_works_only_once(client, deliver):
    register(client)
    path = link_in(deliver()[0]).replace("http://localhost", "")
    assert client.get(path).headers["Location"] == "/account"
    client.logout()
    assert client.get(path).headers["Location"].startswith("/login/link")


def test_an_unconfirmed_account_gets_a_new_link_instead_of_logging_in(client, make_user, deliver):
    make_user(email="new@example.org", confirmed=False)
    response = client.post("/login", {"email": "new@example.org", "password": PASSWORD})
    assert "check-your-mail" in response.headers["Location"]
    assert len(deliver()) == 1
    assert client.get("/account").status_code == 302


def test_the_same_address_in_other_capitals_cannot_register_twice(client, make_user):
    make_user(email="an@example.org")
    register(client, email="An@Example.ORG")
    with client.app.app_context():
        assert len(db.session.scalars(select(User)).all()) == 1


def test_an_invalid_registration_keeps_what_was_typed(client):
    response = register(client, email="not-an-address", display_name="Mariette")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Mariette"' in html
    assert 'value="not-an-address"' in html
    assert "error-summary" in html


def test_registering_without_consent_is_refused_with_a_reason(client):
    response = register(client, consent="")
    assert response.status_code == 400
    assert "privacy notice" in response.get_data(as_text=True)


def test_a_wrong_password_is_explained_without_saying_which_part_was_wrong(client, make_user):
    make_user(email="an@example.org")
    response = client.post("/login", {"email": "an@example.org", "password": "wrong one!"})
    assert response.status_code == 400
    assert "e-mail address or password is not correct" in response.get_data(as_text=True)


def test_a_citizen_without_password_logs_in_with_an_emailed_link(client, make_user, deliver):
    make_user(email="jef@example.org", password_hash=None)
    response = client.post("/login/link", {"email": "jef@example.org"})
    assert "reason=login" in response.headers["Location"]
    path = link_in(deliver()[0]).replace("http://localhost", "")
    # Opening the link (as a mail scanner would) does not log in or spend it.
    assert client.get(path).status_code == 200
    assert client.get("/account").status_code == 302
    assert client.post(path).status_code == 302
    assert client.get("/account").status_code == 200
    # Single use.
    client.logout()
    assert client.post(path).headers["Location"].endswith("/login/link")


def test_asking_a_link_for_an_unknown_address_says_the_same_and_sends_nothing(client, deliver):
    response = client.post("/login/link", {"email": "nobody@example.org"})
    assert "reason=login" in response.headers["Location"]
    assert deliver() == []


def test_a_forgotten_password_is_reset_by_mail_and_old_sessions_end(
    client, make_client, make_user, deliver
):
    make_user(email="an@example.org")
    other_device = make_client()
    other_device.login("an@example.org")
    client.post("/password/forgot", {"email": "an@example.org"})
    path = link_in(deliver()[0]).replace("http://localhost", "")
    response = client.post(
        path, {"password": "a brand new secret", "confirm": "a brand new secret"}
    )
    assert response.headers["Location"] == "/account"
    assert other_device.get("/account").status_code == 302  # logged out elsewhere
    client.logout()
    client.login("an@example.org", "a brand new secret")


def test_changing_the_language_on_the_account_page_changes_mails_too(client, make_user):
    user = make_user(email="an@example.org")
    client.login(user.email)
    response = client.post(
        "/account",
        {"display_name": "An B.", "zone": "0", "locale": "en", "mail_preference": "daily"},
    )
    assert response.status_code == 302
    with client.app.app_context():
        saved = db.session.get(User, user.id)
        assert (saved.display_name, saved.locale, saved.mail_preference.value) == (
            "An B.",
            "en",
            "daily",
        )


def test_a_citizen_downloads_all_their_data_as_json(client, make_user, make_zone):
    zone = make_zone()
    user = make_user(email="an@example.org", zone_id=zone.id)
    client.login(user.email)
    response = client.get("/account/export.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "an@example.org"
    assert data["account"]["zone"] == zone.slug
    assert data["consents"][0]["version"] == "2026-11"


def test_deleting_an_account_removes_personal_data_and_keeps_a_former_participant(
    client, make_user
):
    user = make_user(email="an@example.org", display_name="An Peeters")
    client.login(user.email)
    assert client.post("/account/delete", {}).status_code == 400  # box not ticked
    response = client.post("/account/delete", {"confirm": "y"})
    assert response.status_code == 302
    with client.app.app_context():
        saved = db.session.get(User, user.id)
        assert saved.email != "an@example.org" and "An" not in saved.display_name
        assert saved.password_hash is None and saved.deleted_at is not None
        assert saved.public_name in ("Former participant", "Voormalige deelnemer")
        assert db.session.scalar(select(User).where(User.email == "an@example.org")) is None
    assert client.get("/account").status_code == 302
    response = client.post("/login", {"email": "an@example.org", "password": PASSWORD})
    assert response.status_code == 400


def test_next_only_redirects_within_the_site(client, make_user):
    make_user(email="an@example.org")
    for target, expected in [
        ("/account", "/account"),
        ("//evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
    ]:
        fresh = client.__class__(client.app)
        response = fresh.post(
            f"/login?next={target}", {"email": "an@example.org", "password": PASSWORD}
        )
        assert response.headers["Location"] == expected, target


def test_login_is_rate_limited_per_address(client, rate_limits):
    from limits import parse_many

    from burgerplatform.accounts.views import ACCOUNT_LIMIT

    # Much higher per address than per account: many people may share one address.
    per_address = parse_many(client.app.config["LOGIN_RATE_LIMIT"])[0]
    per_account = parse_many(ACCOUNT_LIMIT)[0]
    assert per_address.amount >= 10 * per_account.amount
    assert per_address.get_expiry() <= per_account.get_expiry()

    rate_limits(LOGIN_RATE_LIMIT="5 per minute")
    token = client.token("/login")
    codes = [
        client.post(
            "/login",
            {"email": f"guess{i}@example.org", "password": "wrong!", "csrf_token": token},
        ).status_code
        for i in range(6)
    ]
    assert codes == [400] * 5 + [429]


def test_mail_for_a_login_link_is_plain_text_and_html(client, make_user, deliver):
    make_user(email="an@example.org")
    client.post("/login/link", {"email": "an@example.org"})
    mail = deliver()[0]
    assert "20" in mail_text(mail)  # minutes the link lives
    assert mail.get_body(preferencelist=("html",)).get_content().count("<a href") == 1


def test_login_is_throttled_per_account_even_from_many_addresses(client, make_user):
    from burgerplatform.extensions import limiter

    make_user(email="an@example.org")
    limiter.enabled = True
    try:
        limiter.reset()
        codes = [
            client.post(
                "/login",
                {"email": "an@example.org", "password": "wrong!"},
                environ_base={"REMOTE_ADDR": f"10.0.0.{i}"},
            ).status_code
            for i in range(11)
        ]
    finally:
        limiter.enabled = False
        limiter.reset()
    assert codes[:10] == [400] * 10
    assert codes[10] == 429


def test_the_no_zone_choice_reads_the_same_at_registration_and_on_my_account_page(app, make_user):
    import re

    from tests.conftest import Client

    def no_zone_label(html: str) -> str:
        return re.search(r'<option[^>]*value="0"[^>]*>([^<]*)</option>', html).group(1)

    for language in ("nl", "fr", "en"):
        make_user(email=f"an.{language}@example.org", locale=language)
        at_registration = no_zone_label(
            Client(app, language).get("/register").get_data(as_text=True)
        )
        member = Client(app, language)
        member.login(f"an.{language}@example.org")
        on_account = no_zone_label(member.get("/account").get_data(as_text=True))
        assert at_registration == on_account, language
