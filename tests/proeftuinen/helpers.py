"""Factories for proeftuin tests: a proeftuin with a coach and members, topics, posts."""

from __future__ import annotations

from burgerplatform.extensions import db
from burgerplatform.proeftuinen import discussion, services
from burgerplatform.proeftuinen.models import Proeftuin, Visibility
from burgerplatform.zones.models import Role


def setup_proeftuin(app, make_zone, make_user, visibility=Visibility.PUBLIC, members=2):
    """A zone, a coach, `members` members and a proeftuin; returns plain ids and e-mails."""
    zone = make_zone()
    coach = make_user(roles=[(zone.id, Role.COACH)], display_name="Ilse")
    people = [make_user(display_name=name) for name in ["An", "Jef", "Fatima"][:members]]
    with app.test_request_context(base_url="http://localhost"):
        proeftuin = services.create_proeftuin(
            db.session.get(type(coach), coach.id),
            "Zorgzame buurt Eeklo",
            "Samen zorgen in de **buurt**.",
            zone.id,
            visibility,
        )
        for person in people:
            services.join(proeftuin, db.session.get(type(person), person.id))
        db.session.commit()
        pid = proeftuin.id
    return {"zone": zone, "coach": coach, "members": people, "id": pid}


def add_topic(app, proeftuin_id: int, author_id: int, title="Buurtsoep", body="Wie helpt?"):
    from burgerplatform.accounts.models import User

    with app.test_request_context(base_url="http://localhost"):
        proeftuin = db.session.get(Proeftuin, proeftuin_id)
        topic = discussion.start_topic(proeftuin, db.session.get(User, author_id), title, body)
        db.session.commit()
        return topic.id, discussion.posts_of(topic)[0].id


def add_reply(app, topic_id: int, author_id: int, body="Ik help mee."):
    from burgerplatform.accounts.models import User
    from burgerplatform.proeftuinen.models import Topic

    with app.test_request_context(base_url="http://localhost"):
        post = discussion.reply(
            db.session.get(Topic, topic_id), db.session.get(User, author_id), body
        )
        db.session.commit()
        return post.id
