from sqlalchemy import func, select

from burgerplatform.extensions import db
from burgerplatform.meetings.models import Minutes, MinutesStatus
from burgerplatform.moderation.models import Report
from burgerplatform.proeftuinen.models import Post, Proeftuin


def test_the_demo_has_two_proeftuinen_with_a_reported_and_a_hidden_post(app, monkeypatch):
    from burgerplatform import demo

    monkeypatch.setattr(demo, "MODULE_SEEDERS", ["proeftuinen"])
    with app.test_request_context(base_url="http://localhost"):
        assert demo.seed()
        db.session.commit()
        names = db.session.scalars(select(Proeftuin.name)).all()
        assert any("Eeklo" in n for n in names) and any("PZON" in n for n in names)
        assert (
            db.session.scalar(select(func.count(Report.id)).where(Report.resolved_at.is_(None)))
            == 1
        )
        assert (
            db.session.scalar(select(func.count(Post.id)).where(Post.hidden_at.is_not(None))) == 1
        )
        minutes = db.session.scalar(select(Minutes))
        assert minutes.status is MinutesStatus.REVIEW and len(minutes.corrections) == 1


def test_demo_pages_open_for_the_demo_coach(app, client, monkeypatch):
    from burgerplatform import demo
    from burgerplatform.meetings.models import Meeting

    monkeypatch.setattr(demo, "MODULE_SEEDERS", ["proeftuinen"])
    with app.test_request_context(base_url="http://localhost"):
        demo.seed()
        db.session.commit()
        ids = db.session.scalars(select(Proeftuin.id)).all()
        uids = db.session.scalars(select(Meeting.uid)).all()
    client.login("coach@example.org", "burgerplatform")
    assert client.get("/proeftuinen/coach").status_code == 200
    for pid in ids:
        assert client.get(f"/proeftuinen/{pid}/").status_code == 200
    for uid in uids:
        assert client.get(f"/meetings/{uid}").status_code == 200
