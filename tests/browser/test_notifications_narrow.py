"""The notifications page fits a 320 px phone, also with a long name without spaces."""

from __future__ import annotations

import pytest

from tests.browser.support import goto, log_in

pytestmark = pytest.mark.browser

LONG_NAME = "Zorgzamebuurtwerkingvoorheteeklosebinnengebiedenderondliggendedeelgemeenten"


def test_a_notification_with_a_long_name_does_not_make_the_page_scroll_sideways_on_a_phone(
    page, app, make_user
):
    from burgerplatform.extensions import db
    from burgerplatform.notifications.services import notify

    reader = make_user(display_name="Mia", email="mia@example.org")
    with app.test_request_context(base_url="http://localhost"):
        from burgerplatform.accounts.models import User

        notify([db.session.get(User, reader.id)], "round.draw_done", {"title": LONG_NAME}, "/")
        db.session.commit()
        db.session.remove()
    log_in(page, reader.email, app)
    goto(page, "/notifications/")  # the page check fails on sideways scrolling at 320 px
    assert LONG_NAME in page.content()
