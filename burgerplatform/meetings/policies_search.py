"""Meetings in the one search: only in the spaces the reader may view (`spaces.viewable`,
each space kind's `can_view` as SQL), so a klankbordgroep's or a members-only proeftuin's
meeting stays unknown to others."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from burgerplatform.core import fulltext
from burgerplatform.extensions import db
from burgerplatform.meetings import spaces
from burgerplatform.meetings.models import MEETING_SEARCH, Meeting
from burgerplatform.search.registry import Hit, Source, Terms
from burgerplatform.zones.models import Zone


@lru_cache(maxsize=32)
def _candidates(n: int, dialect: str) -> Select[Any]:
    """The words' part, built once per shape (fulltext.params gives the words); who may
    see what is added for each reader."""
    rank = fulltext.rank_of(n, (Meeting.title,)).label("rank")
    return select(Meeting.id, rank).where(
        fulltext.matching(MEETING_SEARCH, n, (Meeting.title, Meeting.agenda), dialect)
    )


def meetings(terms: Terms, viewer: Any, limit: int) -> list[Hit]:
    candidates = _candidates(fulltext.shape(terms.words), fulltext.dialect())
    visible = spaces.viewable(viewer, Meeting.space)
    if visible is not None:
        candidates = candidates.where(visible)
    if terms.zone_id is not None:
        candidates = candidates.where(Meeting.zone_id == terms.zone_id)
    found = candidates.limit(fulltext.CANDIDATES).subquery()
    rows = db.session.execute(
        # Only the columns a hit shows, not whole meetings (most hits are not shown).
        select(
            Meeting.uid,
            Meeting.title,
            Meeting.agenda_html,
            Meeting.location,
            Zone.slug,
            Zone.name,
            found.c.rank,
        )
        .join(found, found.c.id == Meeting.id)
        .outerjoin(Zone, Zone.id == Meeting.zone_id)
        .order_by(found.c.rank.desc(), Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(limit),
        fulltext.params(terms.words),
    )
    return [
        Hit(
            kind="meeting",
            title=title,
            url=url_for("meetings.show", uid=uid),
            rank=float(score),
            snippet=fulltext.snippet(fulltext.plain(agenda_html) or location, terms.word_list),
            zone=zone_name or "",
            zone_slug=slug or "",
        )
        for uid, title, agenda_html, location, slug, zone_name, score in rows
    ]


MEETINGS = Source("meeting", _l("Meeting"), meetings, order=50)
