"""Digits that are not 0-9 are a form error or a 404, never a server error (issue 12,
defect 11). `str.isdigit()` accepts "²" and "١٢٣٤٥٦"; `int()` refuses the first and
reads the second; `hmac.compare_digest` raises on both; a huge number overflows the
database. Every place that reads a number from a person goes through parse_id."""

from __future__ import annotations

import pytest

from burgerplatform.core.http import parse_id
from tests.conftest import PASSWORD, TOTP_SECRET

ODD_NUMBERS = ["١٢٣٤٥٦", "²", "１２", "9" * 30, "-1", "1e3", " 1", ""]


@pytest.mark.parametrize("code", ["١٢٣٤٥٦", "۱۲۳۴۵۶", "１２３４５６", "²³⁴⁵⁶⁷", "12345٦"])
def test_a_code_in_other_digits_on_the_second_login_step_is_a_clear_error(client, make_user, code):
    from burgerplatform.core.db import utcnow

    make_user(
        email="an@example.org", locale="en", totp_secret=TOTP_SECRET, totp_enabled_at=utcnow()
    )
    first = client.post("/login", {"email": "an@example.org", "password": PASSWORD})
    assert first.headers["Location"] == "/login/two-step"
    response = client.post("/login/two-step", {"code": code})
    assert response.status_code == 400
    assert "This code is not correct" in response.get_data(as_text=True)


@pytest.mark.parametrize("text", ODD_NUMBERS)
def test_only_plain_digits_in_range_are_read_as_an_id(text):
    assert parse_id(text) is None


def test_plain_digits_are_read_as_an_id():
    assert parse_id("42") == 42
    assert parse_id(str(2**31 - 1)) == 2**31 - 1


@pytest.mark.parametrize("raw", ["²", "١", "9" * 30])
def test_a_meeting_space_with_odd_digits_is_not_found_rather_than_a_server_error(
    client, make_user, raw
):
    make_user(email="an@example.org")
    client.login("an@example.org")
    assert client.get(f"/meetings/in/zone:{raw}/").status_code == 404
