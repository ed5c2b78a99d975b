"""Every user-facing string is translated in nl, fr and en."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from burgerplatform.core.cli import EXTRACT_KEYWORDS
from burgerplatform.core.i18n_tools import missing_translations

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["nl", "fr", "en"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            *(arg for keyword in EXTRACT_KEYWORDS for arg in ("-k", keyword)),
            "--no-location",
            "--ignore-dirs=.*",  # not pybabel's default, which also skips _macros/_partials
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def _catalogue(lang: str) -> set[str]:
    """The msgids of a language's catalogue (a plural by its singular)."""
    po = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    assert po.exists(), f"missing catalogue {po}"
    with po.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalogue_has_every_string_of_the_code(lang, extracted):
    present = _catalogue(lang)
    absent = sorted(extracted - present)
    assert not absent, (
        f"{lang}: {len(absent)} strings not in the catalogue (make translate): "
        + "; ".join(absent[:10])
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalogue_has_no_string_the_code_no_longer_uses(lang, extracted):
    # A text kept after its last use is translated for nothing, and a translator cannot
    # tell it from a live one. What is built at runtime must carry a marker extraction
    # reads (core.cli.EXTRACT_KEYWORDS), never sit in the catalogue by hand only.
    unused = sorted(_catalogue(lang) - extracted)
    assert not unused, (
        f"{lang}: {len(unused)} strings in the catalogue that no code uses: "
        + "; ".join(unused[:10])
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_in_the_catalogue_is_translated(lang):
    missing = missing_translations(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po")
    assert not missing, f"{lang}: {len(missing)} untranslated or fuzzy: " + "; ".join(missing[:10])


def test_the_dutch_pages_say_je_never_the_formal_u():
    """CONTRIBUTING.md: citizens are addressed as "je". A page that switches to "u" halfway
    (the allowances pages did) reads as two voices."""
    import re

    po = ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        formal = [
            m.string
            for m in read_po(f)
            if m.id
            for text in ([m.string] if isinstance(m.string, str) else m.string)
            if re.search(r"\b(u|uw|U|Uw)\b", text)
        ]
    assert not formal, f"{len(formal)} Dutch strings say 'u': " + "; ".join(map(str, formal[:10]))


# The formal "u" or "uw" as a word (not "uur" or "nu"): the demo must sound like the site.
_FORMAL_U = r"\b(u|uw|U|Uw)\b"


def _demo_dutch_texts() -> list[tuple[str, int, str]]:
    """Every text the demo modules store, except the French and English ones (a value
    under a key such as "text_fr" or "options_en"): (file, line, text)."""
    import ast

    found = []
    for path in sorted(
        [ROOT / "burgerplatform" / "demo.py", *ROOT.glob("burgerplatform/*/demo.py")]
    ):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        other_language = {
            id(value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Dict)
            for key, value in zip(node.keys, node.values, strict=True)
            if isinstance(key, ast.Constant) and str(key.value).endswith(("_fr", "_en"))
        }
        found += [
            (path.name, node.lineno, node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in other_language
        ]
    return found


def test_the_demo_says_je_to_citizens_never_the_formal_u():
    """A round question typed by staff in the demo said "u en uw naasten" where the
    site says "je": one voice, also in what the demo shows."""
    import re

    texts = _demo_dutch_texts()
    assert any("Wat maakt het wachten" in text for _f, _l, text in texts)  # it reads them
    formal = [(f, line, text) for f, line, text in texts if re.search(_FORMAL_U, text)]
    assert not formal, f"The demo says 'u': {formal[:5]}"


def test_the_dutch_round_page_says_where_input_was_gathered_without_english_words():
    """ "Offline verzameld" on the public round page mixed an English word into Dutch."""
    po = ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalog = read_po(f)
    dutch = catalog.get("Gathered offline: %(event)s").string
    assert dutch == "Op papier of ter plaatse verzameld: %(event)s"
    assert "offline" not in dutch.lower()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_has_two_translations_left_by_a_merge(lang):
    """Babel reads an entry with two msgstr lines without a word and keeps one of them at
    random for the reader; GNU msgfmt calls it a syntax error. A merge of two branches that
    both changed one translation leaves exactly that."""
    po = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    doubled = []
    last_key = None
    for number, line in enumerate(lines, 1):
        if line.startswith(("msgstr ", "msgstr[")):
            key = line.split(" ", 1)[0]
            if key == last_key:
                doubled.append(f"line {number}: {line}")
            last_key = key
        elif line.startswith(("msgid ", "msgid_plural ", "msgctxt ", "#")) or not line:
            last_key = None
    assert not doubled, "\n".join(doubled)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_plural_message_has_each_form_its_language_counts(lang):
    """French counts three plural forms (CLDR: 0-1, a million, other). An entry written
    with two left the third empty: gettext then shows the English source for that count,
    and msgfmt refuses the whole catalogue."""
    po = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalogue = read_po(f)
    short = [
        m.id[0]
        for m in catalogue
        if m.id and not isinstance(m.id, str)
        and (len(m.string) != catalogue.num_plurals or not all(m.string))
    ]  # fmt: skip
    assert not short, f"{lang}: {len(short)} plural entries lack a form: " + "; ".join(short[:5])
