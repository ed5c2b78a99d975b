from sqlalchemy import select

from burgerplatform.extensions import db
from burgerplatform.groups import queries
from burgerplatform.groups.models import Group, GroupStatus, SupportRequest


def test_the_demo_lists_two_groups_has_one_waiting_and_a_request_for_a_coach(app, monkeypatch):
    from burgerplatform import demo

    monkeypatch.setattr(demo, "MODULE_SEEDERS", ["groups"])
    with app.test_request_context(base_url="http://localhost"):
        assert demo.seed()
        db.session.commit()
        listed = [g.name for g in queries.listed_groups()]
        assert listed == ["Mantelzorgcafé Maldegem", "Wandelclub De Stappers"]
        waiting = db.session.scalars(
            select(Group.name).where(Group.status == GroupStatus.WAITING)
        ).all()
        assert waiting == ["Taalcafé Eeklo"]
        assert db.session.scalar(select(SupportRequest.goal))
