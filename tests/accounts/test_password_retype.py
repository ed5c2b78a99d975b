"""After a refused send, a password field is empty (a password is never sent back into
the page) and says so, next to it, in the reader's language (outside review: the
registration form came back without the password, without a word). Every form with a
password is checked in tests/security/test_refused_form_pages.py."""

from __future__ import annotations

from tests.conftest import Client


def test_a_password_left_empty_is_not_said_to_be_emptied(app, client):
    """Only a field that had something typed says so: an empty one was not emptied."""
    response = client.post("/register", {"display_name": "", "email": "", "password": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="password-retype"' not in html
    typed = client.post("/register", {"display_name": "", "email": "", "password": "geheim12345"})
    html = typed.get_data(as_text=True)
    assert 'id="password-retype"' in html and "geheim12345" not in html


def test_the_emptied_password_note_is_in_every_language(app):
    expected = {
        "nl": "Typ je wachtwoord opnieuw.",
        "fr": "Tapez à nouveau votre mot de passe.",
        "en": "Type your password again.",
    }
    for language, words in expected.items():
        client = Client(app, language=language)
        html = client.post("/register", {"password": "geheim12345"}).get_data(as_text=True)
        assert words in html, language
