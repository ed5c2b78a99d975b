"""In the citizen pool form, "None of these" is an answer on its own."""

from __future__ import annotations

import re

from sqlalchemy import select

from burgerplatform.consultations import pool
from burgerplatform.consultations.pool_models import PoolMember
from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone
from tests.conftest import Client


def _lived_experience(app, slug: str) -> tuple[int, dict[str, int]]:
    with app.test_request_context():
        zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
        category = next(c for c in pool.categories(zone) if c.key == "lived_experience")
        values = {v.label: v.id for v in category.values}
        db.session.commit()
        return category.id, values


def test_none_of_these_with_a_chronic_illness_is_refused_in_dutch_with_the_ticks_kept(
    app, make_zone, make_user
):
    zone = make_zone(slug="meetjesland")
    an = make_user(zone_id=zone.id, email="an@example.org")
    category_id, values = _lived_experience(app, "meetjesland")
    ill, none = values["I have a chronic illness"], values["None of these"]
    client = Client(app, language="nl")
    client.login(an.email)
    response = client.post(
        "/meetjesland/pool/",
        {"consent": "y", f"cat_{category_id}": [str(ill), str(none)]},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "kan “Geen van deze” niet samen met een ander antwoord" in html
    inputs = re.findall(rf'<input[^>]*name="cat_{category_id}"[^>]*>', html)
    ticked = [re.search(r'value="(\d+)"', i).group(1) for i in inputs if " checked" in i]
    assert sorted(ticked) == sorted([str(ill), str(none)])
    with app.app_context():
        assert db.session.scalar(select(PoolMember.id)) is None
    # Alone, "None of these" is a fine answer.
    assert (
        client.post(
            "/meetjesland/pool/", {"consent": "y", f"cat_{category_id}": [str(none)]}
        ).status_code
        == 302
    )
