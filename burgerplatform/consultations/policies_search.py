"""Rounds and their advice in the one search. Every round is public with all it shows
(`rules.may_view`), its recommendations included, so everyone finds them all."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

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


def rounds(terms: Terms, viewer: Any, limit: int) -> list[Hit]:
    rank = fulltext.rank(terms.words, (Round.title,)).label("rank")
    candidates = select(Round.id, rank).where(
        fulltext.matches(ROUND_SEARCH, terms.words, ROUND_COLUMNS)
    )
    if terms.zone_id is not None:
        candidates = candidates.where(Round.zone_id == terms.zone_id)
    found = candidates.limit(fulltext.CANDIDATES).subquery()
    rows = db.session.execute(
        select(Round, Zone.slug, Zone.name, found.c.rank)
        .join(found, found.c.id == Round.id)
        .join(Zone, Zone.id == Round.zone_id)
        .order_by(found.c.rank.desc(), Round.id.desc())
        .limit(limit)
    )
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


def recommendations(terms: Terms, viewer: Any, limit: int) -> list[Hit]:
    rank = fulltext.rank(terms.words, (Recommendation.title,)).label("rank")
    candidates = select(Recommendation.id, rank).where(
        fulltext.matches(RECOMMENDATION_SEARCH, terms.words, RECOMMENDATION_COLUMNS)
    )
    if terms.zone_id is not None:
        candidates = candidates.where(
            Recommendation.round_id.in_(select(Round.id).where(Round.zone_id == terms.zone_id))
        )
    found = candidates.limit(fulltext.CANDIDATES).subquery()
    rows = db.session.execute(
        select(Recommendation, Round, Zone.slug, Zone.name, found.c.rank)
        .join(found, found.c.id == Recommendation.id)
        .join(Round, Round.id == Recommendation.round_id)
        .join(Zone, Zone.id == Round.zone_id)
        .order_by(found.c.rank.desc(), Recommendation.id.desc())
        .limit(limit)
    )
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
