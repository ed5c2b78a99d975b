"""A zone's themes: a sensible default list, created the first time a zone needs one, and
the staff's changes to it (add, rename, reorder, remove)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import DEFAULT_THEMES, Theme, initiative_theme_links
from burgerplatform.zones.models import Zone

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
MIN_NAME = 2
MAX_NAME = 120


def themes_for(zone: Zone) -> list[Theme]:
    """The zone's themes, seeding the default list on first use."""
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


def get_theme(zone: Zone, theme_id: int) -> Theme | None:
    """One theme of this zone (None for another zone's id)."""
    return db.session.scalar(select(Theme).where(Theme.id == theme_id, Theme.zone_id == zone.id))


def usage(zone: Zone) -> dict[int, int]:
    """theme id -> how many initiatives (any status, drafts too) carry it."""
    links = initiative_theme_links.c
    rows = db.session.execute(
        select(links.theme_id, func.count(links.initiative_id))
        .join(Theme, Theme.id == links.theme_id)
        .where(Theme.zone_id == zone.id)
        .group_by(links.theme_id)
    )
    return {theme_id: count for theme_id, count in rows}


def _clean_name(zone: Zone, name: str, keep: Theme | None = None) -> str:
    """The typed name, tidied, or a DomainError saying what is wrong with it. A name is
    taken when another theme of the zone has it as its stored name or as the name people
    read now (a default theme's translation), whatever the capitals."""
    name = " ".join((name or "").split())
    if len(name) < MIN_NAME:
        raise DomainError(_l("Give the theme a name of at least 2 characters."), field="name")
    if len(name) > MAX_NAME:
        raise DomainError(_l("A theme's name can be at most 120 characters."), field="name")
    wanted = name.casefold()
    for other in themes_for(zone):
        if other is keep:
            continue
        if wanted in {other.name.casefold(), other.label.casefold()}:
            raise DomainError(
                _l("This zone already has a theme “%(name)s”. Choose another name.", name=name),
                field="name",
            )
    return name


def add_theme(zone: Zone, name: str) -> Theme:
    """A new theme at the end of the list."""
    themes = themes_for(zone)
    theme = Theme(zone_id=zone.id, name=_clean_name(zone, name), key=None)
    theme.position = max((t.position for t in themes), default=-1) + 1
    db.session.add(theme)
    db.session.flush()
    return theme


def rename_theme(zone: Zone, theme: Theme, name: str) -> bool:
    """Give the theme the typed name. A default theme then loses its translations: everyone
    reads the typed name, in every language. Returns False when nothing changed (the name
    people read now was sent back as it was)."""
    name = _clean_name(zone, name, keep=theme)
    if name == theme.label and (theme.key is not None or name == theme.name):
        return False
    theme.name = name
    theme.key = None
    db.session.flush()
    return True


def move_theme(zone: Zone, theme: Theme, step: int) -> bool:
    """Move one place up (step -1) or down (+1). Returns False at either end."""
    themes = themes_for(zone)
    index = themes.index(theme)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(themes):
        return False
    themes[index], themes[target] = themes[target], themes[index]
    _renumber(themes)
    return True


def removable(themes: list[Theme], used: dict[int, int]) -> set[int]:
    """The ids of the themes that may be removed now: unused ones, while another stays."""
    if len(themes) < 2:
        return set()
    return {t.id for t in themes if not used.get(t.id)}


def remove_theme(zone: Zone, theme: Theme) -> None:
    """Remove a theme nobody uses. One that initiatives carry stays: removing it would
    silently take it off what citizens wrote."""
    used = usage(zone).get(theme.id, 0)
    if used:
        # ngettext, not a lazy variant: the project's extraction knows only _l and ngettext.
        raise DomainError(
            ngettext(
                "%(num)d initiative has the theme “%(name)s”, so it stays. "
                "You can rename it instead.",
                "%(num)d initiatives have the theme “%(name)s”, so it stays. "
                "You can rename it instead.",
                used,
                name=theme.label,
            )
        )
    themes = themes_for(zone)
    if len(themes) == 1:
        # An empty list would be filled with the default themes again on the next visit.
        raise DomainError(_l("A zone keeps at least one theme. Add another one first."))
    themes.remove(theme)
    db.session.delete(theme)
    _renumber(themes)


def _renumber(themes: list[Theme]) -> None:
    for position, theme in enumerate(themes):
        theme.position = position
    db.session.flush()
