"""Passwords are hard to guess for everyone, admins included (issue 21, item 3):
`create-admin` accepted "x", and the forms only counted characters."""

from __future__ import annotations

import pytest

from burgerplatform.accounts.passwords import password_problem


@pytest.mark.parametrize(
    "password",
    [
        "x",
        "kort",
        "wachtwoord123",
        "Welkom2026!",
        "Zorgraad2026!",
        "Meetjesland2026",
        "azertyuiop",
        "1234567890",
        "an.peeters@example.be",
    ],
)
def test_short_common_and_local_passwords_are_refused(app, password):
    with app.test_request_context():
        assert password_problem(password, email="an.peeters@example.be", name="An Peeters")


def test_a_password_built_from_the_persons_own_name_is_refused(app):
    with app.test_request_context():
        assert password_problem("Peeters1987!", email="an.peeters@example.be", name="An")


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "Appel-Fiets-Kast-7",
        "mijn kat heet Minoes",
        "x" * 5 + "Qz9!vL#2pR7m" + "y" * 80,
    ],
)
def test_long_unrelated_words_are_accepted(app, password):
    with app.test_request_context():
        assert password_problem(password) is None


def test_registering_with_an_easy_password_is_refused_in_dutch_keeping_what_was_typed(client):
    response = client.post(
        "/register",
        {
            "display_name": "An",
            "email": "an@example.org",
            "password": "Welkom2026!",
            "zone": "0",
            "locale": "nl",
        },
        headers={"Accept-Language": "nl"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "makkelijk te raden" in page
    assert 'value="an@example.org"' in page


def test_create_admin_refuses_a_weak_password_and_creates_nobody(app):
    from burgerplatform.accounts.models import User
    from burgerplatform.extensions import db

    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--email", "root@example.org", "--password", "x"])
    assert result.exit_code != 0
    assert "minstens 10 tekens" in result.output
    result = runner.invoke(
        args=["create-admin", "--email", "root@example.org", "--password", "Welkom2026!"]
    )
    assert result.exit_code != 0
    assert "makkelijk te raden" in result.output
    with app.app_context():
        assert db.session.query(User).filter_by(email="root@example.org").count() == 0
