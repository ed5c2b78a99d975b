"""Every user-facing string is translated in nl, fr and en."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

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
            "-k",
            "_l",
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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalogue_has_every_string_of_the_code(lang, extracted):
    po = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    assert po.exists(), f"missing catalogue {po}"
    with po.open("rb") as f:
        present = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    absent = sorted(extracted - present)
    assert not absent, (
        f"{lang}: {len(absent)} strings not in the catalogue (make translate): "
        + "; ".join(absent[:10])
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


def test_the_dutch_round_page_says_where_input_was_gathered_without_english_words():
    """ "Offline verzameld" on the public round page mixed an English word into Dutch."""
    po = ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalog = read_po(f)
    dutch = catalog.get("Gathered offline: %(event)s").string
    assert dutch == "Op papier of ter plaatse verzameld: %(event)s"
    assert "offline" not in dutch.lower()
