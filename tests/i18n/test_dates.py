"""Every date on every page is written one way, through core.i18n ("4 december 2026",
"4 december 2026 om 19:00"): never a raw datetime or ISO string, a time with seconds or
a time-zone name, and <time datetime> holds a valid machine date."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask_babel import force_locale

from burgerplatform.core.i18n import format_day, format_moment, machine_time
from tests.i18n.crawl import normalise

NOT_OUR_STYLE = {
    "a raw date or ISO string": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "a time with seconds": re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b"),
    "a time-zone name": re.compile(
        r"standaardtijd|zomertijd|heure (normale|d.été)|European (Standard|Summer) Time|\bUTC\b"
    ),
    "a date in digits": re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b"),
    "an abbreviated month": re.compile(r"\b\d{1,2} [a-zéû]{3,4}\. \d{4}\b"),
}
MACHINE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?")


def other_date_styles(texts: list[str], user_content: str = "") -> list[str]:
    found = []
    for text in texts:
        for name, pattern in NOT_OUR_STYLE.items():
            if (match := pattern.search(text)) and normalise(text) not in user_content:
                found.append(f"{name} {match[0]!r} in {normalise(text)[:80]!r}")
    return found


def test_a_date_reads_as_a_day_and_a_moment_as_a_day_at_a_time(app):
    moment = datetime(2026, 12, 4, 18, 0, 5, 123456, tzinfo=UTC)  # 19:00 in Brussels
    with app.test_request_context():
        # Twice over: the second time each is read from what the first wrote.
        for lang, day, when in 2 * [
            ("nl", "4 december 2026", "4 december 2026 om 19:00"),
            ("fr", "4 décembre 2026", "4 décembre 2026 à 19:00"),
            ("en", "4 December 2026", "4 December 2026 at 19:00"),
        ]:
            with force_locale(lang):
                assert format_day(moment) == day
                assert format_day(date(2026, 12, 4), "medium") == day
                assert format_moment(moment, "full") == when
                assert not other_date_styles([format_moment(moment)])
    assert machine_time(moment) == "2026-12-04T18:00:05Z"
    assert machine_time(moment.replace(tzinfo=None)) == "2026-12-04T18:00:05Z"
    assert machine_time(date(2026, 12, 4)) == "2026-12-04"


def test_the_check_sees_the_other_styles():
    assert len(other_date_styles(["2026-12-04 19:00:00", "04-12-2026, 20:22"])) == 3
    assert other_date_styles(["vrijdag 8 mei 2026, 21:23:20 Midden-Europese zomertijd"])
    assert other_date_styles(["4 dec. 2026"])
    assert not other_date_styles(["4 december 2026 om 19:00", "Stap 2026-1"])


def test_no_page_shows_a_date_in_another_style_or_a_machine_time_with_microseconds(demo_site):
    findings: dict[str, set[str]] = {}
    times = 0
    for person, page in demo_site.every_page():
        for problem in other_date_styles(page.texts, demo_site.user_content):
            findings.setdefault(problem, set()).add(f"{person} {page.url}")
        for value in page.machine_times:
            times += 1
            if not MACHINE_TIME.fullmatch(value):
                findings.setdefault(f"<time datetime={value!r}>", set()).add(page.url)
    assert times > 20, times
    report = [
        f"{problem} on {min(where)} (+{len(where) - 1})" for problem, where in findings.items()
    ]
    assert not report, f"{len(report)} dates not written our way:\n" + "\n".join(sorted(report))


def test_english_pages_write_dates_the_british_way_not_the_american(app):
    moment = datetime(2026, 12, 4, 20, 46, tzinfo=UTC)  # 21:46 in Brussels
    with app.test_request_context(), force_locale("en"):
        assert format_moment(moment) == "4 December 2026 at 21:46"
        assert "PM" not in format_moment(moment) and "December 4" not in format_day(moment)


def test_a_moment_written_once_is_written_again_when_the_catalogue_changes(app):
    """A written moment holds a translated word ("om"): one remembered from the Dutch
    catalogue must not be shown when another catalogue serves Dutch (the pseudo-locale
    crawl on PostgreSQL met "5 januari 2027 om 19:00" where "⟦ om ⟧" was due)."""
    from tests.i18n.pseudo import OPEN, pseudo_locale

    moment = datetime(2027, 1, 5, 18, 0, tzinfo=UTC)
    with app.test_request_context(), force_locale("nl"):
        assert format_moment(moment) == "5 januari 2027 om 19:00"
    with pseudo_locale(app), app.test_request_context(), force_locale("nl"):
        assert OPEN in format_moment(moment)
    with app.test_request_context(), force_locale("nl"):
        assert format_moment(moment) == "5 januari 2027 om 19:00"
