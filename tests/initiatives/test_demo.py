"""The demo shows initiatives in every status, in both zones, with an overdue one."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform import demo
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import Initiative, Status
from burgerplatform.initiatives.queries import promise
from burgerplatform.zones.models import Zone


def test_the_demo_has_every_status_in_both_zones(app, monkeypatch):
    monkeypatch.setattr(demo, "MODULE_SEEDERS", ["initiatives"])
    with app.test_request_context(base_url="http://localhost"):
        assert demo.seed() is True
        db.session.commit()
        for zone in db.session.scalars(select(Zone)):
            rows = list(db.session.scalars(select(Initiative).where(Initiative.zone_id == zone.id)))
            assert {i.status for i in rows} == set(Status), zone.slug
            assert any(i.is_overdue() for i in rows), zone.slug
            answered = [i for i in rows if i.status is Status.ANSWERED]
            assert any(e.kind == "progress" for i in answered for e in i.events)
            assert all(i.supports_count >= 0 for i in rows)
            assert promise(zone).overdue == 1
        db.session.remove()


def test_every_demo_initiative_page_renders_for_visitors_and_staff(app, client, monkeypatch):
    monkeypatch.setattr(demo, "MODULE_SEEDERS", ["initiatives"])
    with app.test_request_context(base_url="http://localhost"):
        demo.seed()
        db.session.commit()
        ids = list(
            db.session.scalars(select(Initiative.id).join(Zone).where(Zone.slug == "meetjesland"))
        )
        db.session.remove()
    base = "/meetjesland/initiatives"
    for path in ("/meetjesland/what-happened", "/meetjesland/what-happened/feed.xml"):
        assert client.get(path).status_code == 200
    public = [i for i in ids if client.get(f"{base}/{i}").status_code == 200]
    assert len(public) == 6  # published, 2 on the agenda, answered, realised, closed
    client.login("staff.meetjesland@example.org", demo.DEMO_PASSWORD)
    for i in ids:
        assert client.get(f"{base}/{i}").status_code == 200, i
        assert client.get(f"{base}/{i}/manage").status_code == 200, i
    assert client.get(f"{base}/work").status_code == 200
    assert client.get(f"{base}/").status_code == 200


def test_the_demo_tells_a_coherent_story_of_meetings_notifications_and_the_threshold(
    app, monkeypatch
):
    """Meetings at 19:00 (19:30 in the second zone) named after their month; each
    notification dated with its event; on the agenda only by support or staff decision."""
    from zoneinfo import ZoneInfo

    from burgerplatform.initiatives.models import InitiativeEvent
    from burgerplatform.meetings.models import Meeting
    from burgerplatform.notifications.models import Notification

    brussels = ZoneInfo("Europe/Brussels")
    monkeypatch.setattr(demo, "MODULE_SEEDERS", ["initiatives"])
    with app.test_request_context(base_url="http://localhost"):
        demo.seed()
        db.session.commit()
        meetings = list(db.session.scalars(select(Meeting)))
        starts = set()
        for meeting in meetings:
            local = meeting.starts_at.astimezone(brussels)
            assert (local.hour, local.minute, local.second) in ((19, 0, 0), (19, 30, 0))
            assert demo.DUTCH_MONTHS[local.month - 1] in meeting.title, meeting.title
            starts.add(meeting.starts_at)
        assert len(starts) == len(meetings)  # no two meetings at the same moment

        events = list(db.session.scalars(select(InitiativeEvent)))
        by_path: dict[str, list] = {}
        for zone in db.session.scalars(select(Zone)):
            for ini in db.session.scalars(select(Initiative).where(Initiative.zone_id == zone.id)):
                path = f"/{zone.slug}/initiatives/{ini.id}"
                by_path[path] = [e.created_at for e in events if e.initiative_id == ini.id]
                for e in ini.events:
                    if e.kind == "threshold":
                        assert e.params["supports"] >= zone.support_threshold, ini.title
                    if e.kind == "on_agenda":
                        assert e.text.startswith("Beslissing van de medewerkers") or e.text
        notes = list(db.session.scalars(select(Notification)))
        assert notes
        for note in notes:
            path = note.url.split("#")[0].split("?")[0]
            times = by_path[path]
            assert min(abs((note.created_at - t).total_seconds()) for t in times) < 60, note.kind
        db.session.remove()
