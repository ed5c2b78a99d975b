"""The fixed texts of the citizen pages read easily in Dutch and French.

Every msgid a citizen page shows — from its templates, and from the Python code behind
it (flash messages, form labels and errors, enum labels, notifications, the messages of
services' errors) — is measured as the compiled Dutch catalogue (Flesch–Douma) and the
French one (Kandel–Moles) give it to readers, with the service staff see while writing
(core/readability.py). A text of six words or more is a sentence the formula
can judge (it says nothing about a two-word label); each such text must score at least
FLOOR, and the citizen pages' texts together at least MEAN. The hardest strings are
written to build/readability-report.txt and printed, so a failure says what to rewrite.
Rules for writing them: CONTRIBUTING.md, "Plain language".
"""

from __future__ import annotations

from fnmatch import fnmatch
from functools import cache
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo

from burgerplatform.core.readability import measure

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
REPORT = ROOT / "build" / "readability-report.txt"
FLOOR = 40.0  # below this Douma and Kandel–Moles call a text hard (for higher education)
MEAN = 70.0  # the texts together: fairly easy
MIN_WORDS = 6
# The citizen pages (home, zone, proposals, rounds, pool, what happened, account,
# notifications, proeftuinen) and what every page shares. Staff-only pages are not here.
CITIZEN_TEMPLATES = [
    "base.html",
    "_macros/*.html",
    "_partials/*.html",
    "errors/*.html",
    "site/*.html",
    "zones/show.html",
    "groups/index.html",
    "groups/show.html",
    "groups/form.html",
    "groups/_fields.html",
    "groups/edit.html",
    "groups/confirm.html",
    "groups/ask_support.html",
    "groups/support.html",
    "groups/round_part.html",
    "groups/_round_*.html",
    "initiatives/index.html",
    "initiatives/show.html",
    "initiatives/_*.html",
    "initiatives/edit.html",
    "initiatives/invitation.html",
    "initiatives/what_happened.html",
    "consultations/index.html",
    "consultations/show.html",
    "consultations/pool.html",
    "consultations/invitation.html",
    "consultations/recommendation.html",
    "consultations/group.html",
    "consultations/_advice.html",
    "consultations/_outcomes.html",
    "consultations/_input.html",
    "consultations/_input_section.html",
    "consultations/_mine.html",
    "consultations/_composition.html",
    "consultations/_consent_banner.html",
    "consultations/_zone_contact.html",
    "consultations/_review.html",
    "consultations/_comment.html",
    "themes/_round_section.html",
    "proeftuinen/index.html",
    "search/index.html",
    "proeftuinen/show.html",
    "proeftuinen/topic.html",
    "proeftuinen/_post.html",
    "proeftuinen/_guidelines.html",
    "library/index.html",
    "library/show.html",
    "library/_fallback.html",
    "accounts/*.html",
    "notifications/index.html",
]
OPTIONS = {"trimmed": "true", "newstyle_gettext": "true"}
PACKAGE = ROOT / "burgerplatform"
# The Python behind the citizen pages is every module except what only staff, the
# command line or the demo see (paths under burgerplatform/).
STAFF_ONLY_PYTHON = [
    "admin/*",
    "audit/*",
    "migrations/*",
    "*/cli.py",
    "*demo.py",
    "core/bench.py",
    "core/health.py",
    "core/i18n_tools.py",
    "core/metrics.py",
    "initiatives/views_staff.py",
    "initiatives/views_themes.py",
    "allowances/views_zone.py",
    "allowances/keeping.py",
    "seats/*",
    "consultations/round_setup.py",
    "consultations/clashes.py",
    "consultations/sortition.py",
    "consultations/lottery.py",
    "consultations/maximin.py",
    "consultations/leximin.py",
    "zones/forms.py",
]
KEYWORDS = {
    "_": None,
    "_l": None,
    "gettext": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "lazy_ngettext": (1, 2),
}


def citizen_msgids() -> dict[str, str]:
    """msgid → the first template that shows it."""
    found: dict[str, str] = {}
    for pattern in CITIZEN_TEMPLATES:
        for path in sorted(TEMPLATES.glob(pattern)):
            for _line, message, _comments, _context in extract_from_file(
                "jinja2", path, options=OPTIONS
            ):
                for msgid in message if isinstance(message, tuple) else (message,):
                    if msgid:
                        found.setdefault(msgid, str(path.relative_to(TEMPLATES)))
    return found


@cache
def citizen_python_msgids() -> dict[str, str]:
    """msgid → the first Python module behind a citizen page that uses it."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = str(path.relative_to(PACKAGE))
        if any(fnmatch(relative, pattern) for pattern in STAFF_ONLY_PYTHON):
            continue
        for _line, message, _comments, _context in extract_from_file(
            "python", path, keywords=KEYWORDS
        ):
            for msgid in message if isinstance(message, tuple) else (message,):
                if msgid:
                    found.setdefault(msgid, relative)
    return found


def compiled_catalogue(lang: str):
    """What readers get: the .mo file (make test compiles it first). A .mo older than
    its .po would measure yesterday's texts, so that fails too."""
    folder = ROOT / "translations" / lang / "LC_MESSAGES"
    mo, po = folder / "messages.mo", folder / "messages.po"
    hint = "compile the catalogues: pybabel compile -d translations --use-fuzzy"
    assert mo.exists(), f"{mo} is missing: {hint}"
    assert mo.stat().st_mtime >= po.stat().st_mtime, f"{mo} is older than its .po: {hint}"
    with mo.open("rb") as f:
        return read_mo(f)


@cache
def measured(lang: str) -> list[tuple[float, int, str, str]]:
    """(score, words, translated text, where) of each sentence-long citizen text."""
    catalogue = compiled_catalogue(lang)
    rows = []
    for msgid, template in {**citizen_python_msgids(), **citizen_msgids()}.items():
        message = catalogue.get(msgid)
        if message is None or not message.string:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        for text in strings:
            result = measure(text, lang)
            if result and result.words >= MIN_WORDS:
                rows.append((result.score, result.words, text, template))
    return sorted(rows)


def test_the_citizen_pages_fixed_texts_are_easy_to_read_in_dutch_and_french():
    lines, failures = [], []
    for lang in ("nl", "fr"):
        rows = measured(lang)
        mean = sum(score * words for score, words, _t, _p in rows) / sum(
            w for _s, w, _t, _p in rows
        )
        lines.append(
            f"== {lang}: {len(rows)} texts, word-weighted mean {mean:.1f} (at least {MEAN})"
        )
        lines += [f"{score:6.1f}  {template}: {text}" for score, _w, text, template in rows[:25]]
        failures += [f"{lang} {score}: {text}" for score, _w, text, _p in rows if score < FLOOR]
        if mean < MEAN:
            failures.append(f"{lang}: the mean {mean:.1f} is under {MEAN}")
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    assert not failures, "Rewrite in plainer words (CONTRIBUTING.md):\n" + "\n".join(failures)


def test_the_citizen_templates_listed_exist():
    for pattern in CITIZEN_TEMPLATES:
        assert list(TEMPLATES.glob(pattern)), pattern
    for pattern in STAFF_ONLY_PYTHON:
        assert any(fnmatch(str(p.relative_to(PACKAGE)), pattern) for p in PACKAGE.rglob("*.py")), (
            pattern
        )


def test_the_strings_python_shows_on_citizen_pages_are_measured_too():
    """Flash messages, form labels and errors, enum labels and notifications come from
    Python, not from a template: they are in the measure (from the compiled catalogue)."""
    python = citizen_python_msgids()
    for msgid, module in (
        ("Only published initiatives can be followed.", "initiatives/participation.py"),
        ("A moderator removed personal data from your post.", "moderation/services.py"),
        ("Public: everyone can read along, only members write", "proeftuinen/models.py"),
    ):
        assert python.get(msgid) == module, msgid
    assert not any(module.startswith("admin/") for module in python.values())
    texts = {text for _s, _w, text, _where in measured("nl")}
    assert "Je kunt een voorstel pas volgen als het online staat." in texts
