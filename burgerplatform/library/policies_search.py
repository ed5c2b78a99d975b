"""Cases of the library in the one search: every published case is public, in any of its
languages; the hit shows the case in the reader's language (or Dutch, like its page).
No search index: a library holds tens of cases, not thousands of proposals."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import selectinload

from burgerplatform.core import fulltext
from burgerplatform.extensions import db
from burgerplatform.library.models import Case, CaseText
from burgerplatform.search.registry import Hit, Source, Terms

CASE_TEXT_SEARCH = fulltext.document(
    ("title",), ("asked", "who", "done", "changed", "differently", "summary_easy")
)
COLUMNS = (
    CaseText.title,
    CaseText.asked,
    CaseText.who,
    CaseText.done,
    CaseText.changed,
    CaseText.differently,
    CaseText.summary_easy,
)


@lru_cache(maxsize=64)
def _statement(n: int, zoned: bool, limit: int, dialect: str) -> Select[Any]:
    """Built once per shape (fulltext.params gives the words, `zone_id` the zone)."""
    rank = func.max(fulltext.rank_of(n, (CaseText.title,))).label("rank")
    candidates = (
        select(CaseText.case_id.label("id"), rank)
        .where(fulltext.matching(CASE_TEXT_SEARCH, n, COLUMNS, dialect))
        .group_by(CaseText.case_id)
    )
    if zoned:
        candidates = candidates.where(
            CaseText.case_id.in_(select(Case.id).where(Case.zone_id == bindparam("zone_id")))
        )
    found = candidates.limit(fulltext.CANDIDATES).subquery()
    return (
        select(Case, found.c.rank)
        .join(found, found.c.id == Case.id)
        .options(selectinload(Case.texts), selectinload(Case.zone))
        .order_by(found.c.rank.desc(), Case.id.desc())
        .limit(limit)
    )


def cases(terms: Terms, viewer: Any, limit: int) -> list[Hit]:
    zoned = terms.zone_id is not None
    rows = db.session.execute(
        _statement(fulltext.shape(terms.words), zoned, limit, fulltext.dialect()), terms.bound()
    )
    lang = str(get_locale() or "nl")
    hits = []
    for case, score in rows:
        text, _fallback = case.text_in(lang)
        hits.append(
            Hit(
                kind="case",
                title=text.title,
                url=url_for("library.show", case_id=case.id),
                rank=float(score),
                snippet=fulltext.snippet(
                    fulltext.plain(text.summary_easy_html or text.asked_html), terms.word_list
                ),
                zone=case.zone.name if case.zone else "",
                zone_slug=case.zone.slug if case.zone else "",
                lang=text.lang,
            )
        )
    return hits


CASES = Source("case", _l("Good practice"), cases, order=60)
