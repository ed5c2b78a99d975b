"""Searching every source at once: the reader's words checked, each source asked for its
best hits, one list ranked by relevance, cut into pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

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
# The most hits one kind adds to the list: a search that finds more shows the best ones
# and asks for more words (the rank orders them; nobody reads page 40 of a search).
PER_SOURCE = 100
MAX_PAGE = 1 + (PER_SOURCE * 10) // PER_PAGE

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
    # How many hits each kind has (up to PER_SOURCE), for the kind filter.
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def capped(self) -> bool:
        """Some kind found more than the list shows: more words would narrow it."""
        return any(n >= PER_SOURCE for n in self.counts.values())


def search(terms: Terms, viewer: Any, kind: str = "", page: int = 1) -> Results:
    """One list of what `viewer` may see, best first; `kind` narrows it to one source."""
    chosen = registry.sources()
    if kind:
        source = registry.get(kind)
        chosen = [source] if source is not None else []
    hits: list[Hit] = []
    for source in chosen:
        hits.extend(source.search(terms, viewer, PER_SOURCE))
    hits.sort(key=lambda h: (-h.rank, h.title.lower(), h.url))
    counts: dict[str, int] = {}
    for hit in hits:
        counts[hit.kind] = counts.get(hit.kind, 0) + 1
    page = max(1, min(page, MAX_PAGE))
    start = (page - 1) * PER_PAGE
    window = hits[start : start + PER_PAGE]
    return Results(
        terms=terms,
        page=Page(
            items=window,
            per_page=PER_PAGE,
            total=len(hits),
            next_cursor=str(page + 1) if start + PER_PAGE < len(hits) else None,
            prev_cursor=str(page - 1) if page > 1 and window else None,
            page=page,
        ),
        counts=counts,
    )


def zones() -> list[Zone]:
    """The zones a search can be narrowed to, by name."""
    return list(db.session.scalars(select(Zone).order_by(Zone.name)))
