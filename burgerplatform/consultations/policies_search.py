"""Rounds and their advice in the one search. Every round is public with all it shows
(`rules.may_view`), its recommendations included, so everyone finds them all."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import load_only

from burgerplatform.consultations.models import (
    RECOMMENDATION_SEARCH,
    ROUND_SEARCH,
    Recommendation,
    Round,
)
from burgerplatform.consultations.rules import may_view
from burgerplatform.core import fulltext
from burgerplatform.extensions import db
from burgerplatform.search.registry import Hit, Source, Terms
from burgerplatform.zones.models import Zone

ROUND_COLUMNS = (Round.title, Round.question_final, Round.question_draft, Round.background)
RECOMMENDATION_COLUMNS = (Recommendation.title, Recommendation.body, Recommendation.body_easy)


# What a hit shows of a round; the rest of it (its texts) is not read for a search.
_ROUND_SHOWN = (
    Round.id,
    Round.zone_id,
    Round.title,
    Round.question_final,
    Round.question_draft,
    Round.question_easy_html,
)


@lru_cache(maxsize=64)
def _rounds_statement(n: int, zoned: bool, limit: int, dialect: str) -> Select[Any]:
    """Built once per shape (fulltext.params gives the words, `zone_id` the zone)."""
    rank = fulltext.rank_of(n, (Round.title,)).label("rank")
    candidates = select(Round.id, rank).where(
        fulltext.matching(ROUND_SEARCH, n, ROUND_COLUMNS, dialect)
    )
    if zoned:
        candidates = candidates.where(Round.zone_id == bindparam("zone_id"))
    found = candidates.limit(fulltext.CANDIDATES).subquery()
    return (
        select(Round, Zone.slug, Zone.name, found.c.rank)
        .join(found, found.c.id == Round.id)
        .join(Zone, Zone.id == Round.zone_id)
        .options(load_only(*_ROUND_SHOWN))
        .order_by(found.c.rank.desc(), Round.id.desc())
        .limit(limit)
    )


def rounds(terms: Terms, viewer: Any, limit: int) -> list[Hit]:
    statement = _rounds_statement(
        fulltext.shape(terms.words), terms.zone_id is not None, limit, fulltext.dialect()
    )
    rows = db.session.execute(statement, terms.bound())
    return [
        Hit(
            kind="round",
            title=round_.title,
            url=url_for("consultations.show", zone_slug=slug, round_id=round_.id),
            rank=float(score),
            snippet=fulltext.snippet(
                fulltext.plain(round_.question_easy_html) or round_.question, terms.word_list
            ),
            zone=zone_name,
            zone_slug=slug,
        )
        for round_, slug, zone_name, score in rows
        if may_view(round_, viewer)
    ]


@lru_cache(maxsize=64)
def _recommendations_statement(n: int, zoned: bool, limit: int, dialect: str) -> Select[Any]:
    """Built once per shape (fulltext.params gives the words, `zone_id` the zone)."""
    rank = fulltext.rank_of(n, (Recommendation.title,)).label("rank")
    candidates = select(Recommendation.id, rank).where(
        fulltext.matching(RECOMMENDATION_SEARCH, n, RECOMMENDATION_COLUMNS, dialect)
    )
    if zoned:
        candidates = candidates.where(
            Recommendation.round_id.in_(
                select(Round.id).where(Round.zone_id == bindparam("zone_id"))
            )
        )
    found = candidates.limit(fulltext.CANDIDATES).subquery()
    return (
        select(Recommendation, Round, Zone.slug, Zone.name, found.c.rank)
        .join(found, found.c.id == Recommendation.id)
        .join(Round, Round.id == Recommendation.round_id)
        .join(Zone, Zone.id == Round.zone_id)
        .options(
            load_only(
                Recommendation.id,
                Recommendation.round_id,
                Recommendation.title,
                Recommendation.body_html,
                Recommendation.body_easy_html,
            ),
            load_only(*_ROUND_SHOWN),
        )
        .order_by(found.c.rank.desc(), Recommendation.id.desc())
        .limit(limit)
    )


def recommendations(terms: Terms, viewer: Any, limit: int) -> list[Hit]:
    statement = _recommendations_statement(
        fulltext.shape(terms.words), terms.zone_id is not None, limit, fulltext.dialect()
    )
    rows = db.session.execute(statement, terms.bound())
    return [
        Hit(
            kind="advice",
            title=rec.title,
            url=url_for(
                "consultations.show",
                zone_slug=slug,
                round_id=round_.id,
                _anchor=f"recommendation-{rec.id}",
            ),
            rank=float(score),
            snippet=fulltext.snippet(
                fulltext.plain(rec.body_easy_html or rec.body_html), terms.word_list
            ),
            zone=zone_name,
            zone_slug=slug,
        )
        for rec, round_, slug, zone_name, score in rows
        if may_view(round_, viewer)
    ]


ROUNDS = Source("round", _l("Round"), rounds, order=20)
RECOMMENDATIONS = Source("advice", _l("Advice"), recommendations, order=30)
