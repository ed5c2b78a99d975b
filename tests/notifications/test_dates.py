"""Dates in notifications are stored as ISO dates and written in the reader's language
when they read them (the list, the mail, the digest), as the pages write dates."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from burgerplatform.notifications import kinds

kinds.register("test.dated", _l("Come on %(on)s to “%(title)s”."), dates=("on",))
kinds.register("test.undated", _l("Come on %(on)s to “%(title)s”."))


def test_a_stored_iso_date_is_written_in_the_readers_language(app):
    params = {"on": "2027-03-12", "title": "2027-03-12"}
    with app.test_request_context():
        with force_locale("nl"):
            dutch = kinds.text_for("test.dated", params)
        with force_locale("fr"):
            french = kinds.text_for("test.dated", params)
    assert dutch.startswith("Come on 12 maart 2027 to")
    assert french.startswith("Come on 12 mars 2027 to")
    # Only the params named as dates: a title that looks like a date stays as typed.
    assert dutch.endswith("“2027-03-12”.")


def test_a_moment_is_shown_as_the_day_in_the_readers_time_zone(app):
    with app.test_request_context(), force_locale("nl"):
        late_evening = kinds.text_for(
            "test.dated", {"on": "2027-03-12T23:30:00+00:00", "title": "x"}
        )
    assert "13 maart 2027" in late_evening


def test_other_values_and_other_kinds_are_left_as_they_were(app):
    with app.test_request_context(), force_locale("nl"):
        assert "morgen" in kinds.text_for("test.dated", {"on": "morgen", "title": "x"})
        assert "2027-03-12" in kinds.text_for("test.undated", {"on": "2027-03-12", "title": "x"})


kinds.register("test.timed", _l("Meet on %(at)s."), moments=("at",))


def test_a_meeting_moment_is_written_with_its_time_in_the_readers_language(app):
    with app.test_request_context():
        with force_locale("nl"):
            dutch = kinds.text_for("test.timed", {"at": "2027-03-12T18:30:00+00:00"})
        with force_locale("fr"):
            french = kinds.text_for("test.timed", {"at": "2027-03-12T18:30:00+00:00"})
    # 18:30 UTC is 19:30 in Brussels, in March.
    assert "19:30" in dutch and "12" in dutch and "2027" not in dutch.split("19:30")[1]
    assert "19:30" in french and dutch != french
