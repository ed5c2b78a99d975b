"""Initiatives in the one search: the published ones (the public list's statuses), in
every zone; drafts and ones still in review are found by nobody."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from burgerplatform.core import fulltext
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import (
    PUBLIC_STATUSES,
    SEARCH_COLUMNS,
    SEARCH_DOCUMENT,
    Initiative,
)
from burgerplatform.search.registry import Hit, Source, Terms
from burgerplatform.zones.models import Zone


@lru_cache(maxsize=64)
def _statement(n: int, zoned: bool, limit: int, dialect: str) -> Select[Any]:
    """Built once per shape (fulltext.params gives the words, `zone_id` the zone)."""
    rank = fulltext.rank_of(n, (Initiative.title,)).label("rank")
    candidates = select(Initiative.id, rank).where(
        Initiative.status.in_(PUBLIC_STATUSES),
        fulltext.matching(SEARCH_DOCUMENT, n, SEARCH_COLUMNS, dialect),
    )
    if zoned:
        candidates = candidates.where(Initiative.zone_id == bindparam("zone_id"))
    found = candidates.limit(fulltext.CANDIDATES).subquery()
    return (
        select(
            Initiative.id, Initiative.title, Initiative.summary, Zone.slug, Zone.name, found.c.rank
        )
        .join(found, found.c.id == Initiative.id)
        .join(Zone, Zone.id == Initiative.zone_id)
        .order_by(found.c.rank.desc(), Initiative.id.desc())
        .limit(limit)
    )


def search(terms: Terms, viewer: Any, limit: int) -> list[Hit]:
    zoned = terms.zone_id is not None
    statement = _statement(fulltext.shape(terms.words), zoned, limit, fulltext.dialect())
    rows = db.session.execute(statement, terms.bound())
    return [
        Hit(
            kind="proposal",
            title=title,
            url=url_for("initiatives.show", zone_slug=slug, initiative_id=initiative_id),
            rank=float(score),
            snippet=fulltext.snippet(summary, terms.word_list),
            zone=zone_name,
            zone_slug=slug,
        )
        for initiative_id, title, summary, slug, zone_name, score in rows
    ]


SOURCE = Source("proposal", _l("Proposal"), search, order=10)
