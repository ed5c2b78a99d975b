"""A pseudo-locale for tests: every translatable string renders as ⟦its English source⟧.

Nothing of it ships: the Dutch catalogue that Flask-Babel cached for the app is swapped
for PseudoTranslations while a test runs, and put back afterwards. Text a page shows
that is not marked did not go through gettext at request time (a label evaluated at
import, a string never wrapped, a date formatted by hand) unless a person typed it.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from babel.support import Translations

OPEN, CLOSE = "⟦", "⟧"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
PLACEHOLDER = re.compile(r"(%(?:\(\w+\))?[sdifr])")
LOCALE = "nl"  # the pseudo strings replace this locale's; dates keep its formats


class PseudoTranslations(Translations):
    """Marks the strings the catalogue knows; a string missing from it (never extracted,
    so never translated) comes out as it went in, unmarked."""

    def __init__(self, catalogue: Translations):
        super().__init__()
        self.known = {key[0] if isinstance(key, tuple) else key for key in catalogue._catalog}

    def _mark(self, message, key=None):
        """ "⟦Software: ⟧%(algorithm)s⟦.⟧": what is put into a sentence is checked too."""
        if (key or message) not in self.known:
            return message
        parts = PLACEHOLDER.split(message)
        return "".join(
            part if PLACEHOLDER.fullmatch(part) else f"{OPEN}{part}{CLOSE}" if part else ""
            for part in parts
        )

    def gettext(self, message):
        return self._mark(message)

    def ngettext(self, singular, plural, n):
        return self._mark(singular if n == 1 else plural, singular)

    def pgettext(self, context, message):
        return self._mark(message, f"{context}\x04{message}")

    def npgettext(self, context, singular, plural, n):
        return self._mark(singular if n == 1 else plural, f"{context}\x04{singular}")

    ugettext, ungettext = gettext, ngettext
    upgettext, unpgettext = pgettext, npgettext


@contextmanager
def pseudo_locale(app):
    """Every page asked for in Dutch is rendered in the pseudo-locale meanwhile."""
    domain = app.extensions["babel"].instance.domain_instance
    key = (LOCALE, domain.domain[0])
    with app.app_context():
        directories = domain.translation_directories
    catalogue = Translations()
    for directory in directories:
        catalogue.merge(Translations.load(directory, [LOCALE], domain.domain[0]))
    assert catalogue._catalog, f"no compiled {LOCALE} catalogue: run make translations"
    saved = domain.cache.pop(key, None)
    domain.cache[key] = PseudoTranslations(catalogue)
    try:
        yield
    finally:
        domain.cache.pop(key, None)
        if saved is not None:
            domain.cache[key] = saved


def unmarked(text: str) -> str:
    """What is left of `text` once every marked string (innermost first) is taken out."""
    while True:
        stripped = MARKED.sub("\x1f", text)
        if stripped == text:
            return text
        text = stripped
