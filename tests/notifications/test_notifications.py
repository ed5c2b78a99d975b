"""Notifications: in-app always, by e-mail as each person chose."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l

from burgerplatform.accounts.models import MailPreference, User
from burgerplatform.core import jobs
from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.notifications import kinds, services
from burgerplatform.notifications.models import Notification

kinds.register("test.news", _l("News about “%(title)s”."))


def _users(make_user, *preferences):
    return [make_user(mail_preference=p) for p in preferences]


def test_each_person_gets_an_in_app_notification_but_not_the_one_who_acted(app, make_user):
    actor, a, b = _users(make_user, *[MailPreference.IMMEDIATE] * 3)
    with app.test_request_context(base_url="http://localhost"):
        people = [db.session.get(User, u.id) for u in (actor, a, b, a)]
        created = services.notify(people, "test.news", {"title": "Vervoer"}, "/x", actor=people[0])
        db.session.commit()
        assert len(created) == 2
        assert services.unread_count(people[1]) == 1
        assert services.unread_count(people[0]) == 0


def test_mail_follows_each_persons_preference(app, make_user, deliver):
    now_person, daily, never = _users(
        make_user, MailPreference.IMMEDIATE, MailPreference.DAILY, MailPreference.NONE
    )
    with app.test_request_context(base_url="http://localhost"):
        people = [db.session.get(User, u.id) for u in (now_person, daily, never)]
        services.notify(people, "test.news", {"title": "Vervoer"}, "/x")
        db.session.commit()
    mails = deliver()
    assert [m["To"].addresses[0].addr_spec for m in mails] == [now_person.email]
    assert "Vervoer" in mails[0]["Subject"]


def test_the_daily_digest_bundles_the_news_in_one_mail_once(app, make_user, deliver):
    (daily,) = _users(make_user, MailPreference.DAILY)
    with app.test_request_context(base_url="http://localhost"):
        person = db.session.get(User, daily.id)
        services.notify([person], "test.news", {"title": "Eerste"}, "/a")
        services.notify([person], "test.news", {"title": "Tweede"}, "/b")
        jobs.enqueue("send_digests")
        db.session.commit()
    mails = deliver()
    assert len(mails) == 1
    body = mails[0].get_body(preferencelist=("plain",)).get_content()
    assert "Eerste" in body and "Tweede" in body and "http://localhost/a" in body
    with app.test_request_context(base_url="http://localhost"):
        jobs.enqueue("send_digests")
        db.session.commit()
        # The next digest is already planned for tomorrow morning.
        planned = db.session.scalars(
            db.select(jobs.Job).where(
                jobs.Job.kind == "send_digests", jobs.Job.status == jobs.JobStatus.PENDING
            )
        ).all()
        assert planned and all(j.run_after > utcnow() - timedelta(minutes=1) for j in planned)
    assert len(deliver()) == 1  # nothing new, so no second digest


def test_the_next_digest_is_tomorrow_morning_when_this_morning_has_passed():
    evening = utcnow().replace(hour=20, minute=0, second=0, microsecond=0)
    assert services.next_digest_time(evening) == evening.replace(hour=7) + timedelta(days=1)
    early = utcnow().replace(hour=5, minute=0, second=0, microsecond=0)
    assert services.next_digest_time(early) == early.replace(hour=7)


def test_the_notifications_page_shows_news_and_marks_it_read(app, client, make_user):
    person = make_user(email="an@example.org")
    with app.test_request_context(base_url="http://localhost"):
        services.notify(
            [db.session.get(User, person.id)], "test.news", {"title": "Vervoer"}, "/privacy"
        )
        db.session.commit()
    client.login(person.email)
    home = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'class="badge">1' in home
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Vervoer" in page
    with app.app_context():
        note_id = db.session.scalar(db.select(Notification.id))
    response = client.post(f"/notifications/{note_id}")
    assert response.headers["Location"] == "/privacy"
    home = client.get("/").get_data(as_text=True)
    assert 'class="badge"' not in home


def test_nobody_opens_someone_elses_notification(app, client, make_user):
    owner, other = make_user(), make_user()
    with app.test_request_context(base_url="http://localhost"):
        services.notify([db.session.get(User, owner.id)], "test.news", {"title": "x"}, "/")
        db.session.commit()
        note_id = db.session.scalar(db.select(Notification.id))
    client.login(other.email)
    assert client.post(f"/notifications/{note_id}").status_code == 404
    assert client.get("/notifications/?page=0").status_code == 404
