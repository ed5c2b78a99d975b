"""Groups in the one search: only listed entries (the public register's rule,
`queries.listed_query`), found by the words of what their contact chose to publish."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from burgerplatform.core import fulltext
from burgerplatform.extensions import db
from burgerplatform.groups.models import Group
from burgerplatform.groups.queries import listed_query
from burgerplatform.search.registry import Hit, Source, Terms

GROUP_SEARCH = fulltext.document(("name",), ("purpose", "audience", "how_to_join"))
COLUMNS = (Group.name, Group.purpose, Group.audience, Group.how_to_join)


def groups(terms: Terms, viewer: Any, limit: int) -> list[Hit]:
    rank = fulltext.rank(terms.words, (Group.name,)).label("rank")
    listed = listed_query(terms.zone_id).with_only_columns(Group.id)
    found = (
        select(Group.id, rank)
        .where(
            Group.id.in_(listed.scalar_subquery()),
            fulltext.matches(GROUP_SEARCH, terms.words, COLUMNS),
        )
        .limit(fulltext.CANDIDATES)
        .subquery()
    )
    rows = db.session.execute(
        listed_query(terms.zone_id)
        .add_columns(found.c.rank)
        .join(found, found.c.id == Group.id)
        .order_by(found.c.rank.desc(), Group.id.desc())
        .limit(limit)
    )
    return [
        Hit(
            kind="group",
            title=group.name,
            url=url_for("groups.show", zone_slug=group.zone.slug, group_id=group.id),
            rank=float(score),
            snippet=fulltext.snippet(group.purpose, terms.word_list),
            zone=group.zone.name,
            zone_slug=group.zone.slug,
        )
        for group, score in rows
    ]


GROUPS = Source("group", _l("Group"), groups, order=55)
