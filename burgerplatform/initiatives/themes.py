"""A zone's themes: a sensible default list, created the first time a zone needs one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone

# key -> translated label; the stored name is the Dutch one (for search and CSV).
DEFAULT_THEMES = {
    "mobility": _l("Transport and getting around"),
    "informal_care": _l("Informal carers (mantelzorg)"),
    "loneliness": _l("Loneliness and meeting people"),
    "mental_health": _l("Mental health"),
    "access": _l("Finding and reaching care"),
    "home_care": _l("Living at home longer"),
    "prevention": _l("Health and prevention"),
    "other": _l("Something else"),
}
DUTCH_NAMES = {
    "mobility": "Vervoer en mobiliteit",
    "informal_care": "Mantelzorg",
    "loneliness": "Eenzaamheid en ontmoeting",
    "mental_health": "Geestelijke gezondheid",
    "access": "Toegang tot zorg",
    "home_care": "Langer thuis wonen",
    "prevention": "Gezondheid en preventie",
    "other": "Iets anders",
}


def themes_for(zone: Zone) -> list:
    """The zone's themes, seeding the default list on first use."""
    from burgerplatform.initiatives.models import Theme

    themes = list(
        db.session.scalars(
            select(Theme).where(Theme.zone_id == zone.id).order_by(Theme.position, Theme.id)
        )
    )
    if themes:
        return themes
    for position, key in enumerate(DEFAULT_THEMES):
        theme = Theme(zone_id=zone.id, key=key, name=DUTCH_NAMES[key], position=position)
        db.session.add(theme)
        themes.append(theme)
    db.session.flush()
    return themes
