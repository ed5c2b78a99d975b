"""Proeftuin topics in the one search: found by their title, their outcome, or the words
of a post that is not hidden; only in the proeftuinen the reader may see (`visible_ids`,
the rule of the proeftuinen list), so a members-only proeftuin stays unknown to others."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import Select, or_, select

from burgerplatform.core import fulltext
from burgerplatform.core.i18n import in_content_language
from burgerplatform.extensions import db
from burgerplatform.proeftuinen.models import POST_SEARCH, TOPIC_SEARCH, Post, Proeftuin, Topic
from burgerplatform.proeftuinen.services import visible_ids
from burgerplatform.search.registry import Hit, Source, Terms
from burgerplatform.zones.models import Zone


@lru_cache(maxsize=32)
def _candidates(n: int, dialect: str) -> Select[Any]:
    """The words' part, built once per shape (fulltext.params gives the words); who may
    see what is added for each reader."""
    in_posts = select(Post.topic_id).where(
        Post.hidden_at.is_(None), fulltext.matching(POST_SEARCH, n, (Post.body,), dialect)
    )
    rank = fulltext.rank_of(n, (Topic.title,)).label("rank")
    return select(Topic.id, rank).where(
        or_(
            fulltext.matching(TOPIC_SEARCH, n, (Topic.title, Topic.outcome), dialect),
            Topic.id.in_(in_posts),
        )
    )


def topics(terms: Terms, viewer: Any, limit: int) -> list[Hit]:
    candidates = _candidates(fulltext.shape(terms.words), fulltext.dialect())
    visible = visible_ids(viewer)
    if visible is not None:
        candidates = candidates.where(Topic.proeftuin_id.in_(visible))
    if terms.zone_id is not None:
        candidates = candidates.where(
            Topic.proeftuin_id.in_(select(Proeftuin.id).where(Proeftuin.zone_id == terms.zone_id))
        )
    found = candidates.limit(fulltext.CANDIDATES).subquery()
    rows = db.session.execute(
        # Only the columns a hit shows, not whole topics (most hits are not shown).
        select(
            Topic.id,
            Topic.proeftuin_id,
            Topic.title,
            Topic.outcome_easy_html,
            Topic.outcome_html,
            Proeftuin.name,
            Zone.slug,
            Zone.name,
            found.c.rank,
        )
        .join(found, found.c.id == Topic.id)
        .join(Proeftuin, Proeftuin.id == Topic.proeftuin_id)
        .outerjoin(Zone, Zone.id == Proeftuin.zone_id)
        .order_by(found.c.rank.desc(), Topic.id.desc())
        .limit(limit),
        fulltext.params(terms.words),
    )
    return [
        Hit(
            kind="topic",
            title=title,
            url=url_for("proeftuinen.topic", proeftuin_id=proeftuin_id, topic_id=topic_id),
            rank=float(score),
            **_topic_snippet(easy_html or outcome_html, proeftuin_name, terms),
            zone=zone_name or "",
            zone_slug=slug or "",
        )
        for (
            topic_id,
            proeftuin_id,
            title,
            easy_html,
            outcome_html,
            proeftuin_name,
            slug,
            zone_name,
            score,
        ) in rows
    ]


def _topic_snippet(outcome_html: str, proeftuin_name: str, terms: Terms) -> dict[str, Any]:
    """The topic's outcome (what people wrote), else a sentence of the platform in the
    reader's language naming the proeftuin (marked Dutch on its own)."""
    outcome = fulltext.plain(outcome_html)
    if outcome:
        return {"snippet": fulltext.snippet(outcome, terms.word_list)}
    sentence = Markup(escape(str(_l("A topic in the proeftuin “%(name)s”."))))  # noqa: S704
    return {
        "snippet": sentence % {"name": in_content_language(proeftuin_name)},
        "snippet_written": False,
    }


TOPICS = Source("topic", _l("Proeftuin topic"), topics, order=40)
