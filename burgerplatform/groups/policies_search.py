"""Groups in the one search: only listed entries (the public register's rule,
`queries.listed_query`), found by the words of what their contact chose to publish."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from burgerplatform.core import fulltext
from burgerplatform.extensions import db
from burgerplatform.groups.models import Group
from burgerplatform.groups.queries import listed_query
from burgerplatform.search.registry import Hit, Source, Terms
from burgerplatform.zones.models import Zone

GROUP_SEARCH = fulltext.document(("name",), ("purpose", "audience", "how_to_join"))
COLUMNS = (Group.name, Group.purpose, Group.audience, Group.how_to_join)


@lru_cache(maxsize=64)
def _statement(n: int, zoned: bool, limit: int, dialect: str) -> Select[Any]:
    """Built once per shape (fulltext.params gives the words, `zone_id` the zone)."""
    listed = listed_query()
    if zoned:
        listed = listed.where(Group.zone_id == bindparam("zone_id"))
    rank = fulltext.rank_of(n, (Group.name,)).label("rank")
    found = (
        select(Group.id, rank)
        .where(
            Group.id.in_(listed.with_only_columns(Group.id).scalar_subquery()),
            fulltext.matching(GROUP_SEARCH, n, COLUMNS, dialect),
        )
        .limit(fulltext.CANDIDATES)
        .subquery()
    )
    # Only what a hit shows: not the whole entries with their municipalities.
    return (
        listed.with_only_columns(Group.id, Group.name, Group.purpose, Zone.slug, Zone.name)
        .add_columns(found.c.rank)
        .join(found, found.c.id == Group.id)
        .join(Zone, Zone.id == Group.zone_id)
        .order_by(found.c.rank.desc(), Group.id.desc())
        .limit(limit)
    )


def groups(terms: Terms, viewer: Any, limit: int) -> list[Hit]:
    zoned = terms.zone_id is not None
    rows = db.session.execute(
        _statement(fulltext.shape(terms.words), zoned, limit, fulltext.dialect()), terms.bound()
    )
    return [
        Hit(
            kind="group",
            title=name,
            url=url_for("groups.show", zone_slug=slug, group_id=group_id),
            rank=float(score),
            snippet=fulltext.snippet(purpose, terms.word_list),
            zone=zone_name,
            zone_slug=slug,
        )
        for group_id, name, purpose, slug, zone_name, score in rows
    ]


GROUPS = Source("group", _l("Group"), groups, order=55)
