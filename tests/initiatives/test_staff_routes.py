"""Staff and zorgraad routes: they work for this zone's people, and never for another zone's."""

from __future__ import annotations

from datetime import date

import pytest

from burgerplatform.extensions import db
from burgerplatform.initiatives.models import Initiative, Status

BASE = "/meetjesland/initiatives"

# (method, path after /initiatives/<id>, status the initiative must have, form data)
OBJECT_ROUTES = [
    ("get", "manage", "in_review", None),
    ("post", "approve", "in_review", {}),
    ("post", "send-back", "in_review", {"message": "Graag duidelijker."}),
    ("post", "agenda", "published", {"reason": ""}),
    ("post", "schedule", "on_agenda", {"next_meeting": "MEETING"}),
    (
        "post",
        "answer",
        "on_agenda",
        {"kind": "adopted", "reason": "Goed", "referred_to": "", "meeting": "MEETING"},
    ),
    ("post", "progress", "answered", {"text": "Besteld", "on": date.today().isoformat()}),
    ("post", "finish", "answered", {"outcome": "realised", "final_word": "Klaar"}),
    ("get", "edit", "draft", None),
]
ZONE_ROUTES = ["work", "export.csv"]


def status_of(app, initiative_id):
    with app.app_context():
        status = db.session.get(Initiative, initiative_id).status
        db.session.remove()
        return status


def call(client, method, url, data, world):
    if method == "get":
        return client.get(url)
    data = {k: (world.meeting_uid if v == "MEETING" else v) for k, v in data.items()}
    return client.post(url, data)


@pytest.mark.parametrize(("method", "action", "status", "data"), OBJECT_ROUTES)
def test_staff_of_another_zone_are_refused(
    make_client, app, world, make_initiative, method, action, status, data
):
    ini = make_initiative(status)
    foreign = make_client()
    foreign.login(world.other_staff.email)
    # In this zone's URL: no role here.
    assert call(foreign, method, f"{BASE}/{ini}/{action}", data, world).status_code == 403
    # In their own zone's URL with this zone's id: not found.
    response = call(foreign, method, f"/kbv/initiatives/{ini}/{action}", data, world)
    assert response.status_code == 404
    assert status_of(app, ini) is Status(status)


@pytest.mark.parametrize("action", ZONE_ROUTES)
def test_staff_of_another_zone_get_no_work_list_or_export(make_client, world, action):
    foreign = make_client()
    foreign.login(world.other_staff.email)
    assert foreign.get(f"{BASE}/{action}").status_code == 403


@pytest.mark.parametrize(("method", "action", "status", "data"), OBJECT_ROUTES[:-1])
def test_citizens_cannot_use_staff_routes(
    make_client, app, world, make_initiative, method, action, status, data
):
    ini = make_initiative(status)
    author = make_client()
    author.login(world.author.email)
    assert call(author, method, f"{BASE}/{ini}/{action}", data, world).status_code == 403
    assert status_of(app, ini) is Status(status)


@pytest.mark.parametrize(("method", "action", "status", "data"), OBJECT_ROUTES[:-1])
def test_this_zones_staff_can_take_each_step(
    make_client, app, world, make_initiative, method, action, status, data
):
    ini = make_initiative(status)
    staff = make_client()
    staff.login(world.staff.email)
    response = call(staff, method, f"{BASE}/{ini}/{action}", data, world)
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:3000]
    if method == "post":
        assert response.status_code == 302


def test_a_zorgraad_member_answers_but_does_not_review(make_client, app, world, make_initiative):
    member = make_client()
    member.login(world.zorgraad.email)
    review = make_initiative("in_review")
    assert member.post(f"{BASE}/{review}/approve").status_code == 403
    waiting = make_initiative("on_agenda")
    response = member.post(
        f"{BASE}/{waiting}/answer",
        {
            "kind": "declined",
            "reason": "Geen budget",
            "referred_to": "",
            "meeting": world.meeting_uid,
        },
    )
    assert response.status_code == 302
    assert status_of(app, waiting) is Status.ANSWERED


def test_an_answer_without_reason_is_explained_and_nothing_changes(
    make_client, app, world, make_initiative
):
    ini = make_initiative("on_agenda")
    staff = make_client()
    staff.login(world.staff.email)
    response = staff.post(
        f"{BASE}/{ini}/answer",
        {"kind": "referred", "reason": "", "referred_to": "", "meeting": world.meeting_uid},
    )
    assert response.status_code == 400
    assert 'id="reason-error"' in response.get_data(as_text=True)
    assert status_of(app, ini) is Status.ON_AGENDA


def test_the_work_list_shows_overdue_first_and_the_csv_is_safe(
    make_client, app, world, make_initiative
):
    from datetime import timedelta

    from burgerplatform.core.db import utcnow

    late = make_initiative("on_agenda", title="=HYPERLINK(1) Te laat")
    with app.app_context():
        db.session.get(Initiative, late).answer_due_at = utcnow() - timedelta(days=1)
        db.session.commit()
        db.session.remove()
    make_initiative("in_review", title="Nog te checken")
    staff = make_client()
    staff.login(world.staff.email)
    html = staff.get(f"{BASE}/work").get_data(as_text=True)
    assert html.index("Te laat") < html.index("Nog te checken")
    csv = staff.get(f"{BASE}/export.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    text = csv.get_data(as_text=True)
    assert "'=HYPERLINK(1) Te laat" in text
    assert "Nog te checken" in text


def test_a_long_work_list_shows_the_most_urgent_first_and_says_how_many_there_are(
    make_client, app, world, make_initiative, monkeypatch, count_queries
):
    """A zone with thousands waiting gets the same page as one with a few: each part shows
    its most urgent items and the total, in the same number of statements."""
    from datetime import timedelta

    from burgerplatform.core.db import utcnow
    from burgerplatform.initiatives import queries

    monkeypatch.setattr(queries, "WORK_SHOWN", 2)
    staff = make_client()
    staff.login(world.staff.email)

    def make_late(days: int) -> None:
        late = make_initiative("on_agenda", title=f"Te laat sinds {days} dagen")
        with app.app_context():
            db.session.get(Initiative, late).answer_due_at = utcnow() - timedelta(days=days)
            db.session.commit()
            db.session.remove()

    make_late(3)
    make_late(9)
    _, few = count_queries(lambda: staff.get(f"{BASE}/work"))
    for days in (5, 7, 1):
        make_late(days)
    response, many = count_queries(lambda: staff.get(f"{BASE}/work"))
    html = response.get_data(as_text=True)
    assert many == few
    # The two due earliest (late the longest), then the count of all five.
    assert "Te laat sinds 9 dagen" in html and "Te laat sinds 7 dagen" in html
    assert html.index("Te laat sinds 9 dagen") < html.index("Te laat sinds 7 dagen")
    for days in (5, 3, 1):
        assert f"Te laat sinds {days} dagen" not in html
    assert "most urgent of 5" in html or "dringendste van 5" in html


def test_the_work_list_reads_its_rows_without_the_proposals_texts(app, world, make_initiative):
    """200 rows of whole proposals were 580 KB of texts and their HTML read per request
    for a table of titles, dates and meetings."""
    from sqlalchemy import inspect

    from burgerplatform.initiatives import queries
    from burgerplatform.zones.models import Zone

    make_initiative("in_review", title="Nog te checken")
    with app.test_request_context():
        work = queries.work_list(db.session.get(Zone, world.zone.id))
        read = inspect(work.to_review[0]).dict
        assert read["title"] == "Nog te checken"
        texts = {"summary", "body", "body_html", "answer_reason_html", "final_word_html"}
        assert not texts & read.keys()


def test_each_part_of_a_long_work_list_shows_its_most_urgent_in_order(
    app, world, make_initiative, monkeypatch
):
    """Every part (to check, late, waiting, to follow up) shows its own most urgent: the
    earliest answer date first, those without one last, then the longest waiting; the
    totals count them all."""
    from datetime import timedelta

    from burgerplatform.core.db import utcnow
    from burgerplatform.initiatives import queries
    from burgerplatform.zones.models import Zone

    monkeypatch.setattr(queries, "WORK_SHOWN", 2)
    now = utcnow()
    due_in_days = {
        "in_review": (None, None, None),
        "late": (-3, -9, -1),
        "on_agenda": (30, None, 10),
        "answered": (-20, 5, -40),
    }
    made: dict[str, list[tuple[int, int | None]]] = {}
    for status, days in due_in_days.items():
        for n, due in enumerate(days):
            ini = make_initiative(
                "on_agenda" if status == "late" else status, title=f"{status} {n}"
            )
            with app.app_context():
                initiative = db.session.get(Initiative, ini)
                initiative.answer_due_at = None if due is None else now + timedelta(days=due)
                initiative.submitted_at = now - timedelta(days=50 - n)
                db.session.commit()
            made.setdefault(status, []).append((ini, due))
    with app.test_request_context():
        work = queries.work_list(db.session.get(Zone, world.zone.id))
        shown = {
            "in_review": work.to_review,
            "late": work.overdue,
            "on_agenda": work.waiting,
            "answered": work.to_follow_up,
        }
        for status, items in shown.items():
            urgent = sorted(
                made[status], key=lambda m: (m[1] is None, m[1] or 0, made[status].index(m))
            )
            assert [i.id for i in items] == [ini for ini, _ in urgent[:2]], status
        assert work.totals == {"to_review": 3, "overdue": 3, "waiting": 3, "to_follow_up": 3}
