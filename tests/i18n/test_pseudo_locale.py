"""Every text a page shows went through gettext when the page was rendered, or a
person typed it: crawled in a pseudo-locale (tests/i18n/pseudo.py), any other text is
a label fixed at import time or a string nobody wrapped, and would stay English on a
Dutch or French page."""

from __future__ import annotations

import re

from babel import Locale

from burgerplatform.core.i18n import LANGUAGE_NAMES
from tests.i18n.crawl import normalise
from tests.i18n.pseudo import unmarked

_nl = Locale.parse("nl")
# Words that are data, not sentences: the names of months and days in a formatted date,
# and each language's own name in the language switch.
DATA_WORDS = {
    *(name.lower() for name in _nl.months["format"]["wide"].values()),
    *(name.lower() for name in _nl.months["format"]["abbreviated"].values()),
    *(name.lower() for name in _nl.days["format"]["wide"].values()),
    *(name.lower() for name in LANGUAGE_NAMES.values()),
    "burgerplatform",  # the product's name
    *("flanigan", "et", "al", "highs"),  # the draw method's paper and solver, cited as is
}
# Pieces of a shown text that join typed texts, dates and labels: "Title · Zone", "Aalter,
# 4 december 2026", "Name (role)".
JOINS = re.compile(r"\s*[·,—–()<>]\s*|\s+-\s+")
HEX = re.compile(r"[0-9a-f]{16,}")
ALIAS = re.compile(r"P\d{4,}|R[0-9a-f]{8}")  # a person's code in a draw's public list
LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def is_data(text: str) -> bool:
    if HEX.fullmatch(text.strip()) or ALIAS.fullmatch(text.strip()):  # a hash, seed or code
        return True
    words = re.findall(r"[^\W\d_]+", text.lower())
    return all(word in DATA_WORDS for word in words)


def untranslated(texts: list[str], user_content: str) -> list[str]:
    """The shown texts that are neither marked nor typed by a person."""
    rest = unmarked("\x1f".join(texts))
    found = []
    for piece in rest.split("\x1f"):
        piece = normalise(piece).strip(" …·:,;()-–—|/“”")  # quotes around a typed text
        if not LETTERS.search(piece):
            continue
        if not all(
            is_data(part) or part.rstrip(".") in user_content for part in JOINS.split(piece)
        ):
            found.append(piece)
    return found


def test_the_pseudo_locale_marks_every_string_and_leaves_typed_text_alone():
    typed = "Wachtlijst kinesitherapie in Eeklo"
    texts = ["⟦Comments on %s⟧".replace("%s", typed), typed, "⟦Open⟧ (3)", "4 december 2026"]
    assert untranslated(texts, typed) == []
    assert untranslated(["⟦Outcome⟧", "Passed on to another body"], typed) == [
        "Passed on to another body"
    ]
    # A marked sentence with a link inside is one marked text across several nodes.
    assert untranslated(["⟦Read the ", "privacy notice", " first⟧"], "") == []


def test_every_page_as_every_person_shows_only_translated_or_typed_text(demo_site):
    findings: dict[str, set[str]] = {}
    pages = 0
    for person, page in demo_site.every_page():
        pages += 1
        for text in untranslated(page.texts, demo_site.user_content):
            findings.setdefault(text, set()).add(f"{person} {page.url}")
    assert pages > 150, pages
    report = [
        f"{text!r} on {sorted(where)[0]} (+{len(where) - 1})" for text, where in findings.items()
    ]
    assert not report, f"{len(report)} texts not translated at request time:\n" + "\n".join(
        sorted(report)
    )
