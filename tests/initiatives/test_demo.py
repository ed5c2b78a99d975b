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
