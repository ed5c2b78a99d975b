"""The search sources: each module says how its own content is found, by whom.

A module registers one source per kind of content in its wiring's `init_app`:

    from burgerplatform.search import registry
    registry.register(registry.Source("group", _l("Group"), policies_search.groups))

The function gets the `Terms` (the words, and a zone the reader narrowed to), the viewer
(a user or the anonymous visitor) and a limit; it returns at most `limit` `Hit`s, best
first, of what that viewer may see on the module's own pages — with the same rules (the
same queries) as those pages, never a second, looser copy. It should run a fixed number
of SQL statements (one is usual), whatever the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Terms:
    """What the reader searches for: the words (letters and digits, space-separated, in
    their order) and, if they narrowed the search to one zone, its id."""

    words: str
    zone_id: int | None = None

    @property
    def word_list(self) -> list[str]:
        return self.words.split()

    def bound(self) -> dict[str, Any]:
        """The values for a statement built once per shape (core.fulltext.params): the
        words, and the zone when the search is narrowed to one."""
        from burgerplatform.core import fulltext

        values: dict[str, Any] = fulltext.params(self.words)
        if self.zone_id is not None:
            values["zone_id"] = self.zone_id
        return values


@dataclass(frozen=True)
class Hit:
    kind: str  # the source's key
    title: str
    url: str
    rank: float  # higher is more relevant; comparable across sources
    snippet: str = ""
    zone: str = ""  # the zone's name; "" when the item belongs to no zone
    zone_slug: str = ""
    # Title and snippet are what people wrote (marked with their language, `lang`, on a
    # page in another language); False for the platform's own pages, in the reader's.
    written: bool = True
    # The language they wrote in: Dutch, unless the text says its own (a library case
    # written in French).
    lang: str = "nl"
    # False when the snippet is a sentence of the platform (naming what people wrote in
    # a span of its own), not an excerpt of what they wrote.
    snippet_written: bool = True


SearchFunction = Callable[[Terms, Any, int], list[Hit]]


@dataclass(frozen=True)
class Source:
    kind: str  # a short key, used in the URL (?kind=proposal)
    label: Any  # lazy: the kind's name as the reader sees it ("Proposal")
    search: SearchFunction
    order: int = 100  # the order of the kind filter's options


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    _SOURCES[source.kind] = source


def sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.kind))


def get(kind: str) -> Source | None:
    return _SOURCES.get(kind)
