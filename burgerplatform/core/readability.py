"""How hard a text is to read: Flesch–Douma for Dutch, Kandel–Moles for French.

Both are the Flesch reading ease re-weighed for the language (Douma 1960 for Dutch,
Kandel & Moles 1958 for French): 206.835 − 0.93 × words per sentence − 77 × syllables
per word for Dutch, 207 − 1.015 × words per sentence − 73.6 × syllables per word for
French. Higher is easier; about 60 and up reads as plain language (B1), 80 and up as
very easy (A2). English uses Flesch's own weights, for staff who write in English.

We count ourselves instead of calling textstat: textstat 0.7 has the same weights, but
its sentence count drops short sentences and its word split keeps Markdown and
placeholders, so a catalogue string like "%(name)s joined" scored as a longer text.
Syllables come from pyphen's hyphenation dictionaries (what textstat uses too). The
browser's live indication (static/js/readability.js) uses the same weights with a
vowel-group syllable count; the measure shown after saving is this one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyphen
from flask_babel import lazy_gettext as _l

from burgerplatform.core.enums import LabelledEnum

# (base, per word in a sentence, per syllable in a word)
WEIGHTS: dict[str, tuple[float, float, float]] = {
    "nl": (206.835, 0.93, 77.0),  # Flesch–Douma
    "fr": (207.0, 1.015, 73.6),  # Kandel–Moles
    "en": (206.835, 1.015, 84.6),  # Flesch
}
HYPHENATION = {"nl": "nl_NL", "fr": "fr_FR", "en": "en_GB"}
# What an easy-read text aims at, and the lowest a citizen page's fixed text may score.
EASY = 60.0
FAIRLY_EASY = 50.0
FAIRLY_HARD = 30.0

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
_TAG = re.compile(r"<[^>]+>")
_MARKDOWN = re.compile(r"[*_`#>|\[\]]|\]\([^)]*\)")
_LINK = re.compile(r"\]\([^)]*\)|https?://\S+")
_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)|\n+")
_DUTCH_VOWELS = re.compile(r"[aeiouyàáâäèéêëìíîòóôöùúûü]+|ï", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


class Level(LabelledEnum):
    EASY = "easy"
    FAIRLY_EASY = "fairly_easy"
    FAIRLY_HARD = "fairly_hard"
    HARD = "hard"

    __labels__ = {
        "easy": _l("Easy to read"),
        "fairly_easy": _l("Fairly easy to read"),
        "fairly_hard": _l("Fairly hard to read"),
        "hard": _l("Hard to read"),
    }


@dataclass(frozen=True)
class Readability:
    score: float
    sentences: int
    words: int
    syllables: int
    language: str

    @property
    def level(self) -> Level:
        if self.score >= EASY:
            return Level.EASY
        if self.score >= FAIRLY_EASY:
            return Level.FAIRLY_EASY
        if self.score >= FAIRLY_HARD:
            return Level.FAIRLY_HARD
        return Level.HARD

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0


def language_of(locale: str | None) -> str:
    """The measured language for a locale ("nl_BE" → "nl"); Dutch when unknown."""
    lang = (locale or "nl").split("_")[0].split("-")[0].lower()
    return lang if lang in WEIGHTS else "nl"


@cache
def _dictionary(lang: str) -> pyphen.Pyphen:
    # left/right=1: split "i-dee" too, each syllable counts, not only where a line may break.
    return pyphen.Pyphen(lang=HYPHENATION[lang], left=1, right=1)


def syllables(word: str, lang: str) -> int:
    """Syllables of one word: its hyphenation points plus one. The Dutch dictionary
    leaves some words whole ("zorgraad", "idee"); there each vowel group ("aa", "ij",
    "oe" count once) is a syllable, which is how Dutch spelling works. Not in French,
    where a final e is mute."""
    by_hyphens = len(_dictionary(lang).positions(word.lower())) + 1
    if lang == "nl":
        return max(by_hyphens, len(_DUTCH_VOWELS.findall(word)), 1)
    return by_hyphens


def plain_words(text: str) -> str:
    """The text a reader reads: without HTML tags, Markdown marks, links and placeholders."""
    text = _LINK.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _PLACEHOLDER.sub(" ", text)
    return _MARKDOWN.sub(" ", text)


def measure(text: str, lang: str = "nl") -> Readability | None:
    """The reading ease of a text in a language (None: there are no words to measure)."""
    lang = language_of(lang)
    text = plain_words(text)
    words = sentences = syls = 0
    for piece in _SENTENCE_END.split(text):
        found = _WORD.findall(piece)
        if not found:
            continue
        sentences += 1
        words += len(found)
        syls += sum(
            syllables(part, lang) for word in found for part in re.split("[-’']", word) if part
        )
    if not words:
        return None
    base, per_word, per_syllable = WEIGHTS[lang]
    score = base - per_word * (words / sentences) - per_syllable * (syls / words)
    return Readability(round(score, 1), sentences, words, syls, lang)
