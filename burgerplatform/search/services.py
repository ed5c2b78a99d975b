"""Searching every source at once: the reader's words checked, each source asked for its
best hits, one list ranked by relevance, cut into pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, select

from burgerplatform.core import fulltext
from burgerplatform.core.domain import DomainError
from burgerplatform.core.fulltext import words_of
from burgerplatform.core.pagination import Page
from burgerplatform.extensions import db
from burgerplatform.search import registry
from burgerplatform.search.registry import Hit, Terms
from burgerplatform.zones.models import Zone

MAX_CHARACTERS = 200
MAX_WORDS = 10
PER_PAGE = 20
# The last page a search shows: nobody reads page 40 of a search, and a deep page reads
# as many hits of each kind as all pages before it (page 10: 201 per kind at most).
MAX_PAGE = 10

EMPTY = _l("Type one or more words to search for.")
NO_WORDS = _l("Search with letters or numbers. Signs alone find nothing.")


def parse(query: str) -> str:
    """The words to search for, or a DomainError that says what to change."""
    if len(query) > MAX_CHARACTERS:
        raise DomainError(
            _l("Your search is too long. Use at most %(count)d characters.", count=MAX_CHARACTERS)
        )
    if not query.strip():
        raise DomainError(EMPTY)
    words = words_of(query)
    if not words:
        raise DomainError(NO_WORDS)
    return " ".join(words[:MAX_WORDS])


@dataclass
class Results:
    terms: Terms
    page: Page[Hit]
    # Every hit up to this page's end was read: `page.total` is exact unless more hits
    # may follow (`more`), where it is how many were read.
    more: bool = False


def search(terms: Terms, viewer: Any, kind: str = "", page: int = 1) -> Results:
    """One page of what `viewer` may see, best first; `kind` narrows it to one source.

    The best N of all kinds are among the best N of each kind, so each source is asked
    for as many hits as end this page, plus one to know whether more follow: page 1
    reads at most 21 hits per kind, however many match."""
    chosen = registry.sources()
    if kind:
        source = registry.get(kind)
        chosen = [source] if source is not None else []
    page = max(1, min(page, MAX_PAGE))
    wanted = page * PER_PAGE + 1
    fulltext.plan_for_these_words()
    hits: list[Hit] = []
    more = False
    for source in chosen:
        found = source.search(terms, viewer, wanted)
        more = more or len(found) >= wanted
        hits.extend(found)
    hits.sort(key=lambda h: (-h.rank, h.title.lower(), h.url))
    start = (page - 1) * PER_PAGE
    window = hits[start : start + PER_PAGE]
    return Results(
        terms=terms,
        page=Page(
            items=window,
            per_page=PER_PAGE,
            total=len(hits),
            next_cursor=str(page + 1) if start + PER_PAGE < len(hits) and page < MAX_PAGE else None,
            prev_cursor=str(page - 1) if page > 1 and window else None,
            page=page,
        ),
        more=more,
    )


def zones() -> list[Row[tuple[int, str, str]]]:
    """The zones a search can be narrowed to, by name: their id, slug and name only (the
    form lists all of them on every search)."""
    return list(db.session.execute(select(Zone.id, Zone.slug, Zone.name).order_by(Zone.name)))


def status_of(refused: bool, query: str) -> int:
    """A search that cannot work (symbols only, too long) is a refused request (400); an
    empty one is just the page with its form (200)."""
    return 400 if refused and query.strip() else 200
