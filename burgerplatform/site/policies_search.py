"""The platform's help pages in the one search: the glossary's words, the accessibility
statement and the privacy notice, matched in the reader's language (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from burgerplatform.core import fulltext
from burgerplatform.extensions import db
from burgerplatform.search.registry import Hit, Source, Terms
from burgerplatform.site.glossary import TERMS
from burgerplatform.zones.models import Zone

PAGES = (
    (
        "site.glossary",
        _l("Glossary"),
        _l("The words of the care sector this site uses, explained in plain language."),
    ),
    (
        "site.accessibility",
        _l("Accessibility statement"),
        _l("How easy this site is to use, what does not work yet, and how to report a problem."),
    ),
    (
        "site.privacy",
        _l("Privacy notice"),
        _l("Which personal data we keep, why, for how long, and your rights."),
    ),
)


ZONE_HELP = _l("Help and contact")
ZONE_HELP_TEXT = _l(
    "A real person of your zone helps you: by phone, by e-mail or at the desk. "
    "Report a problem with this site."
)


def _zone_help(zone: Zone, words: list[str]) -> Hit | None:
    title = f"{ZONE_HELP} – {zone.name}"
    text = f"{ZONE_HELP_TEXT} {zone.contact_name} {zone.contact_address}"
    score = fulltext.text_rank(title, text, words)
    if score is None:
        return None
    return Hit(
        "help",
        title,
        url_for("zones.help", zone_slug=zone.slug),
        score,
        str(ZONE_HELP_TEXT),
        zone=zone.name,
        zone_slug=zone.slug,
        written=False,
    )


@dataclass(frozen=True)
class _Page:
    endpoint: str
    anchor: str
    title: str  # as the hit shows it
    ranked_title: str  # the words that count as its title (a glossary entry: the word)
    text: str


# The platform's pages and the glossary's words in each language: translated once, not
# twice per word on every search (the stems of their words are kept too, `text_rank`).
_FIXED: dict[str, list[_Page]] = {}


def _fixed_pages() -> list[_Page]:
    locale = str(get_locale() or "")
    pages = _FIXED.get(locale)
    if pages is None:
        pages = [_Page(e, "", str(title), str(title), str(text)) for e, title, text in PAGES]
        for term in TERMS:
            name = str(term.name)
            pages.append(
                _Page(
                    "site.glossary",
                    term.anchor,
                    str(_l("Glossary: %(word)s", word=name)),
                    name,
                    str(term.explanation),
                )
            )
        _FIXED[locale] = pages
    return pages


def help_pages(terms: Terms, viewer: Any, limit: int) -> list[Hit]:
    """The zone's help page (of the zone the search is narrowed to, else the reader's
    own), then the platform's pages and the glossary's words."""
    zone = (
        db.session.get(Zone, terms.zone_id)
        if terms.zone_id is not None
        else getattr(viewer, "zone", None)
    )
    hits = []
    if zone is not None:
        found = _zone_help(zone, terms.word_list)
        if found is not None:
            hits.append(found)
    if terms.zone_id is not None:
        return hits  # the other pages belong to no zone
    for page in _fixed_pages():
        score = fulltext.text_rank(page.ranked_title, page.text, terms.word_list)
        if score is not None:
            url = url_for(page.endpoint, _anchor=page.anchor or None)
            hits.append(Hit("help", page.title, url, score, page.text, written=False))
    hits.sort(key=lambda h: -h.rank)
    return hits[:limit]


HELP = Source("help", _l("Help page"), help_pages, order=90)
