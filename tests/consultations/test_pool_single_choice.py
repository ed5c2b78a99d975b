"""A question with one answer gets one: a tampered form that sends two values for it
(`cat_7=33&cat_7=34`) is refused and nothing is saved, instead of keeping the first."""

from __future__ import annotations

import html as html_lib

from sqlalchemy import select

from burgerplatform.consultations import pool
from burgerplatform.consultations.pool_models import PoolMember
from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone
from tests.conftest import Client


def test_two_answers_to_any_single_choice_question_are_refused_and_nothing_is_saved(
    app, make_zone, make_user
):
    zone = make_zone(slug="meetjesland")
    with app.test_request_context():
        z = db.session.scalar(select(Zone).where(Zone.slug == "meetjesland"))
        single = [
            (c.id, str(c.display_label), [v.id for v in c.values][:2])
            for c in pool.categories(z)
            if not c.multiple and len(c.values) >= 2
        ]
        db.session.commit()
    # Municipality, age and gender at least.
    assert len(single) >= 3
    for n, (category_id, label, (first, second)) in enumerate(single):
        user = make_user(zone_id=zone.id, email=f"tamper{n}@example.org")
        client = Client(app, language="nl")
        client.login(user.email)
        response = client.post(
            "/meetjesland/pool/", {"consent": "y", f"cat_{category_id}": [str(first), str(second)]}
        )
        assert response.status_code == 400, label
        text = html_lib.unescape(response.get_data(as_text=True))
        assert f"Bij “{label}” kun je maar één antwoord kiezen." in text
        with app.app_context():
            assert (
                db.session.scalar(select(PoolMember.id).where(PoolMember.user_id == user.id))
                is None
            ), label
        # One answer is fine.
        fine = client.post(
            "/meetjesland/pool/", {"consent": "y", f"cat_{category_id}": [str(second)]}
        )
        assert fine.status_code == 302, label
