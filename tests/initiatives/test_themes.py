"""Staff keep their zone's list of themes: add, rename, reorder, remove what nobody uses."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.initiatives import themes
from burgerplatform.initiatives.models import Initiative, Theme
from burgerplatform.zones.models import Zone
from tests.conftest import speak_english

BASE = "/meetjesland/initiatives"


def stored_themes(app, zone_id) -> list[tuple[str, str | None]]:
    """(name, key) of the zone's themes, in order."""
    with app.app_context():
        rows = db.session.execute(
            select(Theme.name, Theme.key)
            .where(Theme.zone_id == zone_id)
            .order_by(Theme.position, Theme.id)
        ).all()
        db.session.remove()
        return [tuple(r) for r in rows]


def theme_id(app, zone_id, key=None, name=None) -> int:
    with app.app_context():
        query = select(Theme.id).where(Theme.zone_id == zone_id)
        query = query.where(Theme.key == key) if key else query.where(Theme.name == name)
        found = db.session.scalar(query)
        db.session.remove()
        return found


def seed(app, zone_id) -> None:
    with app.app_context():
        themes.themes_for(db.session.get(Zone, zone_id))
        db.session.commit()
        db.session.remove()


@pytest.fixture
def staff(app, make_client, world):
    seed(app, world.zone.id)
    speak_english(app, world.staff)
    client = make_client()
    client.login(world.staff.email)
    return client


def test_staff_find_the_themes_from_their_work_list_and_see_them_in_order(staff, world):
    work = staff.get(f"{BASE}/work").get_data(as_text=True)
    assert f'href="{BASE}/themes"' in work
    page = staff.get(f"{BASE}/themes")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    labels = ["Transport and getting around", "Informal carers (mantelzorg)", "Something else"]
    positions = [html.index(label) for label in labels]
    assert positions == sorted(positions)
    assert 'for="name"' in html  # the add form has a labelled field


def test_staff_add_a_theme_at_the_end(app, staff, world):
    response = staff.post(f"{BASE}/themes", {"name": "  Digitale   drempels "})
    assert response.status_code == 302
    assert stored_themes(app, world.zone.id)[-1] == ("Digitale drempels", None)
    assert "Digitale drempels" in staff.get(f"{BASE}/themes").get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("mantelzorg", "This zone already has a theme “mantelzorg”"),  # a default's name
        ("MENTAL HEALTH", "This zone already has a theme “MENTAL HEALTH”"),  # as read now
        ("a", "between 2 and 120 characters"),
        ("x" * 121, "between 2 and 120 characters"),
    ],
)
def test_a_name_that_is_taken_or_of_the_wrong_length_is_explained_and_kept(
    app, staff, world, typed, message
):
    before = stored_themes(app, world.zone.id)
    response = staff.post(f"{BASE}/themes", {"name": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert f'value="{typed}"' in html
    assert 'aria-describedby="name-hint name-error"' in html
    assert stored_themes(app, world.zone.id) == before


def test_renaming_a_default_theme_replaces_its_translations_and_the_hint_says_so(app, staff, world):
    mobility = theme_id(app, world.zone.id, key="mobility")
    form = staff.get(f"{BASE}/themes/{mobility}/rename").get_data(as_text=True)
    assert "everyone reads the name you type here, in every language" in form
    assert 'value="Transport and getting around"' in form
    # Sent back unchanged: it stays a translated default theme.
    same = staff.post(f"{BASE}/themes/{mobility}/rename", {"name": "Transport and getting around"})
    assert same.status_code == 302
    assert ("Vervoer en mobiliteit", "mobility") in stored_themes(app, world.zone.id)
    renamed = staff.post(f"{BASE}/themes/{mobility}/rename", {"name": "Vervoer en de belbus"})
    assert renamed.status_code == 302
    assert stored_themes(app, world.zone.id)[0] == ("Vervoer en de belbus", None)
    # Everyone reads the typed name now, an English reader too.
    html = staff.get(f"{BASE}/themes").get_data(as_text=True)
    assert "Vervoer en de belbus" in html and "Transport and getting around" not in html


def test_a_rename_to_another_themes_name_is_refused_and_kept(app, staff, world):
    mobility = theme_id(app, world.zone.id, key="mobility")
    response = staff.post(f"{BASE}/themes/{mobility}/rename", {"name": "Iets Anders"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "This zone already has a theme" in html and 'value="Iets Anders"' in html
    assert stored_themes(app, world.zone.id)[0] == ("Vervoer en mobiliteit", "mobility")


def test_move_buttons_change_the_order_citizens_see(app, staff, world):
    care = theme_id(app, world.zone.id, key="informal_care")
    assert staff.post(f"{BASE}/themes/{care}/move", {"direction": "up"}).status_code == 302
    keys = [key for _name, key in stored_themes(app, world.zone.id)]
    assert keys[:2] == ["informal_care", "mobility"]
    assert staff.post(f"{BASE}/themes/{care}/move", {"direction": "down"}).status_code == 302
    keys = [key for _name, key in stored_themes(app, world.zone.id)]
    assert keys[:2] == ["mobility", "informal_care"]
    # The top one cannot go higher; nothing breaks.
    mobility = theme_id(app, world.zone.id, key="mobility")
    staff.post(f"{BASE}/themes/{mobility}/move", {"direction": "up"})
    assert [key for _n, key in stored_themes(app, world.zone.id)] == keys


def test_an_unused_theme_is_removed_and_a_used_one_stays_with_the_reason(
    app, staff, world, make_initiative
):
    ini = make_initiative("published")
    mobility = theme_id(app, world.zone.id, key="mobility")
    other = theme_id(app, world.zone.id, key="other")
    with app.app_context():
        initiative = db.session.get(Initiative, ini)
        initiative.themes.append(db.session.get(Theme, mobility))
        db.session.commit()
        db.session.remove()
    page = staff.get(f"{BASE}/themes").get_data(as_text=True)
    assert "Stays: 1 initiative uses it." in page
    refused = staff.post(f"{BASE}/themes/{mobility}/remove")
    assert refused.status_code == 302
    assert "mobility" in [key for _n, key in stored_themes(app, world.zone.id)]
    after = staff.get(refused.headers["Location"]).get_data(as_text=True)
    assert "1 initiative has the theme “Transport and getting around”, so it stays." in after
    assert staff.post(f"{BASE}/themes/{other}/remove").status_code == 302
    assert "other" not in [key for _n, key in stored_themes(app, world.zone.id)]


def test_staff_of_another_zone_and_citizens_change_nothing(app, make_client, world):
    seed(app, world.zone.id)
    before = stored_themes(app, world.zone.id)
    mobility = theme_id(app, world.zone.id, key="mobility")
    foreign = make_client()
    foreign.login(world.other_staff.email)
    assert foreign.get(f"{BASE}/themes").status_code == 403
    assert foreign.post(f"{BASE}/themes", {"name": "Van elders"}).status_code == 403
    for action, data in [
        ("rename", {"name": "Overgenomen"}),
        ("move", {"direction": "down"}),
        ("remove", {}),
    ]:
        # In this zone's URL: no role here; in their own zone's URL: no such theme.
        assert foreign.post(f"{BASE}/themes/{mobility}/{action}", data).status_code == 403
        url = f"/kbv/initiatives/themes/{mobility}/{action}"
        assert foreign.post(url, data).status_code == 404
    assert foreign.get(f"/kbv/initiatives/themes/{mobility}/rename").status_code == 404
    citizen = make_client()
    citizen.login(world.author.email)
    assert citizen.get(f"{BASE}/themes").status_code == 403
    assert citizen.post(f"{BASE}/themes/{mobility}/remove").status_code == 403
    assert stored_themes(app, world.zone.id) == before


def test_the_last_theme_stays_so_the_defaults_do_not_come_back(ctx, world):
    zone = db.session.get(Zone, world.zone.id)
    listed = themes.themes_for(zone)
    for theme in listed[1:]:
        themes.remove_theme(zone, theme)
    with pytest.raises(DomainError):
        themes.remove_theme(zone, listed[0])
    assert [t.key for t in themes.themes_for(zone)] == ["mobility"]
