"""The demo's gathering round holds confirmed themes, and its round page shows them."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform import demo
from burgerplatform.consultations.models import Phase, Round
from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone


def test_the_demos_gathering_round_holds_confirmed_themes(app, client, monkeypatch):
    from burgerplatform.themes import services

    monkeypatch.setattr(demo, "MODULE_SEEDERS", ["consultations", "questionnaires", "themes"])
    with app.test_request_context(base_url="http://localhost"):
        assert demo.seed() is True
        db.session.commit()
        zone = db.session.scalar(select(Zone).where(Zone.slug == "meetjesland"))
        round_ = db.session.scalar(
            select(Round).where(Round.zone_id == zone.id, Round.phase == Phase.GATHER)
        )
        themes = services.themes_of(round_)
        assert len(themes) >= 3 and all(t.confirmed for t in themes)
        assert "Wachtlijst voor dagopvang" in {t.name for t in themes}
        url = f"/meetjesland/rounds/{round_.id}"
        db.session.remove()
    page = client.get(url).get_data(as_text=True)
    assert "What people raised" in page and "Wachtlijst voor dagopvang" in page
