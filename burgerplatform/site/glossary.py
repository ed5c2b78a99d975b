"""The words of the domain (ELZ, zorgraad, klankbordgroep...) explained: one glossary
page, and on the citizen pages it lists (EXPLAINED_PAGES) the first time a word appears
in running text.

`explain_terms` runs over the rendered HTML of such a page's main content (base.html
asks `explains_terms()`): the first occurrence of each term outside headings, links,
buttons, form labels, form fields and hidden elements (aria-hidden, hidden) becomes

    <dfn class="term"><a href="/woordenlijst#term-zorgraad" title="...">zorgraad</a></dfn>

so it works without JavaScript (a link to the glossary entry), for screen readers (the
title is the link's description) and for a mouse (the title shows on hover). An
abbreviation (ELZ, PZON) is also an <abbr> with what it stands for.

A word that appears only in headings, card titles or link texts is explained the same
way in one "Words on this page:" line right after the page's <h1>: the heading, the
page title and the link text themselves never change (pages, tests and screen readers
read them as plain text).

French and English pages match their own words (groupe de résonance, care council...)
as well as the Dutch ones; the glossary page lists the reader's headword with the Dutch
word beside it, since Flemish documents use the Dutch one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flask import has_request_context, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from burgerplatform.core.i18n import reader_locale


@dataclass(frozen=True)
class Term:
    key: str
    name: Any  # lazy: the word as the glossary lists it, in the reader's language
    explanation: Any  # lazy: one or two plain sentences
    # Regular expressions of the forms the word takes in each language's pages.
    forms: dict[str, str]
    # What an abbreviation stands for (lazy), else None.
    expansion: Any = None
    case_sensitive: bool = False
    # The Dutch word: Flemish documents use it, so a French or English reader finds it
    # beside the headword of their own language on the glossary page.
    dutch: str = ""

    def dutch_beside(self) -> str:
        """The Dutch word to show beside the headword, or "" when it is the same word
        (or the reader reads Dutch)."""
        if not self.dutch or _language() == "nl" or str(self.name) == self.dutch:
            return ""
        return self.dutch

    @property
    def anchor(self) -> str:
        return f"term-{self.key}"


def _same(pattern: str) -> dict[str, str]:
    """The same forms in every language (the Dutch word is used in all three)."""
    return {"nl": pattern, "fr": pattern, "en": pattern}


# Only words of the care sector a citizen would not know belong here: a technical word
# (iCal, PDF...) is explained where it is used, never listed in "Words on this page".
TERMS: tuple[Term, ...] = (
    Term(
        "elz",
        _l("ELZ"),
        _l(
            "Short for eerstelijnszone: a primary-care zone. Flanders has about 60 of them, "
            "each a few municipalities together."
        ),
        _same(r"ELZ"),
        expansion=_l("eerstelijnszone (primary-care zone)"),
        case_sensitive=True,
        dutch="ELZ",
    ),
    Term(
        "eerstelijnszone",
        _l("eerstelijnszone"),
        _l(
            "A primary-care zone: a few municipalities where doctors, nurses, care and "
            "welfare organisations and local governments work together. A small staff "
            "runs it."
        ),
        {
            "nl": r"eerstelijnszones?",
            "fr": r"eerstelijnszones?|zones? de (?:soins de )?première ligne",
            "en": r"eerstelijnszones?|primary[- ]care zones?",
        },
        dutch="eerstelijnszone",
    ),
    Term(
        "zorgraad",
        _l("zorgraad"),
        _l(
            "The care council of the zone. Its members come from local governments, care "
            "providers, welfare organisations and citizens. It decides what the zone works "
            "on, and it must answer citizens' initiatives and advice."
        ),
        {
            "nl": r"zorgraad|zorgraden",
            "fr": r"zorgraad|zorgraden|conseils? de soins",
            "en": r"zorgraad|zorgraden|care councils?",
        },
        dutch="zorgraad",
    ),
    Term(
        "pzon",
        _l("PZON"),
        _l(
            "Short for 'persoon met een zorg- en ondersteuningsnood': a person who needs "
            "care or support. In the zorgraad, the PZON cluster are these citizens, the "
            "people who care for them (mantelzorgers) and their neighbours."
        ),
        _same(r"PZON"),
        expansion=_l("person with a care or support need"),
        case_sensitive=True,
        dutch="PZON",
    ),
    Term(
        "mantelzorger",
        _l("mantelzorger"),
        _l(
            "Someone who looks after a family member, friend or neighbour who needs care, "
            "without being paid for it: an informal carer."
        ),
        {
            "nl": r"mantelzorgers?",
            "fr": r"mantelzorgers?|aidants? proches?",
            "en": r"mantelzorgers?|informal carers?",
        },
        dutch="mantelzorger",
    ),
    Term(
        "klankbordgroep",
        _l("klankbordgroep"),
        _l(
            "A small group of citizens who give their opinion on one question or project. "
            "It is drawn by lot from the citizen pool and is new for every question, so "
            "that other people are heard each time."
        ),
        {
            "nl": r"klankbordgroep(?:en)?",
            "fr": r"klankbordgroep(?:en)?|groupes? de résonance",
            "en": r"klankbordgroep(?:en)?|sounding[- ]board groups?",
        },
        dutch="klankbordgroep",
    ),
    Term(
        "burgerpool",
        _l("citizen pool"),
        _l(
            "The list of citizens who said they want to take part in a klankbordgroep "
            "now and then. You can join it and leave it when you want."
        ),
        {
            "nl": r"burgerpool|pool",
            "fr": r"viviers? de citoyens|vivier",
            "en": r"citizen pool|pool",
        },
        dutch="burgerpool",
    ),
    Term(
        "loting",
        _l("drawing by lot"),
        _l(
            "Choosing people by chance, like drawing names from a hat, but with rules "
            "(quotas) so that the group looks like the people of the zone. Everyone in "
            "the pool has a fair chance."
        ),
        {
            "nl": r"loting(?:en)?|geloot|door het lot",
            "fr": r"tirages? au sort|tirée?s? au sort",
            "en": r"drawn by lot|draws? by lot|by lot",
        },
        dutch="loting",
    ),
    Term(
        "quotum",
        _l("quota"),
        _l(
            "A rule for a draw by lot: how many people with a certain answer the group "
            "needs, for example at least two people from each municipality."
        ),
        {"nl": r"quot(?:um|a)", "fr": r"quotas?", "en": r"quotas?"},
        dutch="quotum",
    ),
    Term(
        "proeftuin",
        _l("proeftuin"),
        _l(
            "A pilot project: citizens, care providers and organisations try out a new "
            "way of working together, for a while, with a coach."
        ),
        {
            "nl": r"proeftuin(?:en)?",
            "fr": r"proeftuin(?:en)?|projets? pilotes?",
            "en": r"proeftuin(?:en)?|pilot projects?",
        },
        dutch="proeftuin",
    ),
    Term(
        "burgersaanzet",
        _l("BurgersAanZet"),
        _l(
            "A network of organisations that helps zones and citizens' groups take part. "
            "Its coaches guide the proeftuinen."
        ),
        _same(r"BurgersAanZet"),
        case_sensitive=True,
    ),
    Term(
        "inbreng",
        _l("input"),
        _l(
            "What you say or write for a consultation round: an idea, a worry, an example. "
            "Input on paper or by phone counts the same."
        ),
        {"nl": r"inbreng", "fr": r"contributions?", "en": r"input"},
        dutch="inbreng",
    ),
    Term(
        "adviesronde",
        _l("consultation round"),
        _l(
            "A question the zone asks its citizens, for a few weeks: everyone can give "
            "input, a klankbordgroep drawn by lot writes advice, and the zorgraad answers it."
        ),
        {
            "nl": r"adviesrondes?",
            "fr": r"tours? de consultation",
            "en": r"consultation rounds?",
        },
        dutch="adviesronde",
    ),
    Term(
        "steunbetuiging",
        _l("support for a proposal"),
        _l(
            "A citizen who says 'I agree' with a citizens' proposal. With enough supports, "
            "the proposal goes on the agenda of the zorgraad."
        ),
        {
            "nl": r"steunbetuiging(?:en)?",
            "fr": r"soutiens? de citoyens",
            "en": r"supports? from citizens",
        },
        dutch="steunbetuiging",
    ),
    Term(
        "ocmw",
        _l("OCMW"),
        _l(
            "The social service of a Flemish municipality. It helps people with money, "
            "housing, care and paperwork."
        ),
        {"nl": r"OCMW", "fr": r"CPAS|OCMW", "en": r"OCMW"},
        expansion=_l("public centre for social welfare"),
        case_sensitive=True,
        dutch="OCMW",
    ),
)

# The pages the glossary says explain their words: every citizen page, its lists and the
# detail pages under them (a proposal, a round and its advice, a proeftuin topic, a
# meeting...). tests/site/test_glossary.py renders each on the demo in nl, fr and en and
# checks that every term in its running text is explained at its first appearance.
EXPLAINED_PAGES = (
    "site.home",
    "site.glossary",
    "site.accessibility",
    "site.privacy",
    "site.participation",
    "zones.show",
    "zones.help",
    "zones.report_problem",
    "initiatives.index",
    "initiatives.show",
    "consultations.index",
    "consultations.show",
    "consultations.recommendation",
    "consultations.draw_check_page",
    "pool.join",
    "accountability.what_happened",
    "proeftuinen.index",
    "proeftuinen.show",
    "proeftuinen.topic",
    "meetings.show",
    "meetings.mine_upcoming",
    "library.show",
    "accounts.account",
    "notifications.index",
)


def explains_terms() -> bool:
    """Whether this request's page is one the glossary lists (base.html asks)."""
    return has_request_context() and request.endpoint in EXPLAINED_PAGES


# Elements whose text is never marked: a link or button must stay one target, a
# heading stays short, a label stays the field's name, and typed text stays as typed.
SKIP_TAGS = frozenset(
    "a abbr button dfn h1 h2 h3 h4 h5 h6 label legend option select textarea script style "
    "summary code pre title svg".split()
)
# A tag with its attributes (a quoted value may hold a ">"), or a comment: never text.
# (The loop of the attributes is unrolled: one step per run of plain characters, not per
# character, which made splitting a page a millisecond.)
_TAG = re.compile(r"""(<!--.*?-->|<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>)""", re.DOTALL)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
# Where _TAG_NAME's name is one of SKIP_TAGS, in an opening tag.
_SKIP_OPEN = re.compile(rf"<\s*(?:{'|'.join(sorted(SKIP_TAGS))})(?![a-zA-Z0-9])", re.IGNORECASE)
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())


def _language() -> str:
    locale = reader_locale()
    return locale.language if locale is not None else "nl"


def _forms(term: Term, language: str) -> str:
    return term.forms.get(language) or term.forms["nl"]


def _pattern(term: Term, language: str) -> re.Pattern[str]:
    flags = 0 if term.case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:{_forms(term, language)})(?![\w-])", flags)


@lru_cache(maxsize=8)
def _patterns(language: str) -> dict[str, tuple[Term, re.Pattern[str]]]:
    return {term.key: (term, _pattern(term, language)) for term in TERMS}


@lru_cache(maxsize=64)
def _any_term(language: str, keys: frozenset[str]) -> re.Pattern[str]:
    """One pattern that matches wherever one of these terms does: most pieces of text
    hold none, and one search says so where a search per term took most of the time."""
    either = "|".join(
        f"(?{'' if term.case_sensitive else 'i'}:{_forms(term, language)})"
        for term in TERMS
        if term.key in keys
    )
    return re.compile(rf"(?<![\w-])(?:{either})(?![\w-])")


def glossary_url(term: Term) -> str:
    return url_for("site.glossary", _anchor=term.anchor)


def _marked(term: Term, word: str) -> str:
    """The HTML of one explained word (`word` is already escaped text)."""
    inner = word
    if term.expansion is not None:
        inner = f'<abbr title="{escape(str(term.expansion))}">{word}</abbr>'
    return (
        f'<dfn class="term"><a href="{escape(glossary_url(term))}" '
        f'title="{escape(str(term.explanation))}">{inner}</a></dfn>'
    )


# Where a word may be that is nowhere in running text: it is not marked there (a
# heading, a page title and a link text stay plain text), it is listed in a note.
TITLE_TAGS = frozenset("a h1 h2 h3 h4 h5 h6 summary".split())
_END_OF_H1 = re.compile(r"</h1\s*>", re.IGNORECASE)


def explain_terms(html: str) -> Markup:
    """Mark the first running-text occurrence of every term in a page's HTML (see the
    module's docstring). Text inside SKIP_TAGS is left as it is. A term that appears
    only in headings, card titles or link texts is explained in a "Words on this page:"
    line after the page's <h1>, so that the heading or link itself never changes."""
    language = _language()
    waiting = dict(_patterns(language))
    any_term = _any_term(language, frozenset(waiting))
    parts = _TAG.split(str(html))
    open_skips: list[list[Any]] = []
    titled: list[tuple[Term, str]] = []  # and the word as the page writes it
    for index, part in enumerate(parts):
        if not part:
            continue
        if part[0] == "<":
            # Outside skipped elements most tags change nothing: only the opening of a
            # skipped or hidden one needs following (a page has a thousand tags, half of
            # them closing ones, which close nothing there; nor does a comment).
            if open_skips:
                _follow_tag(part, open_skips)
            elif part[1:2] not in ("/", "!") and (
                _SKIP_OPEN.match(part) or "hidden" in part.lower()
            ):
                _follow_tag(part, open_skips)
            continue
        if not waiting or part.isspace() or not any_term.search(part):
            continue
        if not open_skips:
            parts[index] = _mark_text(part, waiting)
            any_term = _any_term(language, frozenset(waiting))
        elif all(name in TITLE_TAGS and not hidden for name, _depth, hidden in open_skips):
            titled.extend(_found_in(part, waiting, [term for term, _word in titled]))
    # Only the words that running text further down did not explain either.
    titled = [(term, word) for term, word in titled if term.key in waiting]
    page = "".join(parts)
    if titled:
        page = _with_note(page, titled)
    return Markup(page)  # noqa: S704 - our own escaped HTML, words wrapped


def _found_in(
    text: str, waiting: dict[str, tuple[Term, re.Pattern[str]]], already: list[Term]
) -> list[tuple[Term, str]]:
    """The waiting terms in a heading's or link's text, in the order they appear, each
    with the word as the text writes it (escaped HTML text)."""
    found = sorted(
        (match.start(), term.key, term, match.group(0))
        for term, pattern in waiting.values()
        if term not in already and (match := pattern.search(text)) is not None
    )
    return [(term, word) for _start, _key, term, word in found]


def _with_note(page: str, terms: list[tuple[Term, str]]) -> str:
    """The page with one short line that explains `terms` as running text does (each a
    link to its glossary entry, titled with the explanation): after the first <h1>, else
    at the top. Each word as the page writes it (a reader looks for that word, not the
    glossary's headword). No explanation text of its own, so no word is mentioned before
    it is explained."""
    words = ", ".join(_marked(term, word) for term, word in terms)
    label = gettext("Words on this page:")  # outside the f-string, for extraction
    note = f'<p class="page-words">{escape(label)} {words}</p>'
    end = _END_OF_H1.search(page)
    at = end.end() if end is not None else 0
    return page[:at] + note + page[at:]


# An element hidden from everyone or from screen readers: a link inside it would be a
# target nobody can see or that a screen reader skips (Lighthouse: aria-hidden-focus).
_HIDDEN = re.compile(r"""\s(?:aria-hidden\s*=\s*["']?true\b|hidden(?=[\s=/>]))""", re.IGNORECASE)


def _follow_tag(tag: str, open_skips: list[list[Any]]) -> None:
    """Keep `open_skips` (the [name, depth, hidden] of each element whose text is not marked,
    innermost last) up to date with one tag."""
    match = _TAG_NAME.match(tag)
    if match is None:
        return  # a comment or doctype
    closing, name = match.group(1) == "/", match.group(2).lower()
    if name in VOID_TAGS or tag.endswith("/>"):
        return
    if not open_skips:  # the common case: nothing to close, perhaps one to open
        if not closing:
            hidden = _HIDDEN.search(tag) is not None
            if name in SKIP_TAGS or hidden:
                open_skips.append([name, 1, hidden])
        return
    names = [entry[0] for entry in open_skips]
    if closing:
        if names and names[-1] == name:
            open_skips[-1][1] -= 1
            if open_skips[-1][1] == 0:
                open_skips.pop()
        elif name in names:
            # Close the innermost open one of that name (and what was left open inside).
            del open_skips[len(names) - 1 - names[::-1].index(name) :]
        return
    hidden = _HIDDEN.search(tag) is not None
    if names and names[-1] == name and not hidden:
        open_skips[-1][1] += 1  # the same element nested in the skipped one
    elif name in SKIP_TAGS or hidden:
        open_skips.append([name, 1, hidden])


def _mark_text(text: str, waiting: dict[str, tuple[Term, re.Pattern[str]]]) -> str:
    """Wrap the first match of each waiting term in `text` (escaped HTML text), earliest
    first so that two terms never overlap; found terms stop waiting."""
    while True:
        found = [
            (match.start(), match.end(), key)
            for key, (_term, pattern) in waiting.items()
            if (match := pattern.search(text)) is not None
        ]
        if not found:
            return text
        start, end, key = min(found)
        term = waiting.pop(key)[0]
        marked = _marked(term, text[start:end])
        # Continue in the rest only: what was marked is never matched again.
        return text[:start] + marked + _mark_text(text[end:], waiting)


def explained_terms() -> list[Term]:
    """The terms for the glossary page, in the order of the reader's alphabet."""
    return sorted(TERMS, key=lambda term: str(term.name).lower())
