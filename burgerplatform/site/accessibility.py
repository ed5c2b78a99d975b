"""The accessibility statement's facts: when it was made, how the site was checked and
what is known not to work yet. The page follows the model statement of the EU Web
Accessibility Directive (2016/2102) as the Flemish government publishes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

# The day the statement was last reviewed; change it with the statement.
STATEMENT_DATE = date(2026, 12, 5)


@dataclass(frozen=True)
class Check:
    """One way the site is checked, and the test files that do it (a test checks that
    they exist, so the statement never names a check that is gone)."""

    what: Any
    files: tuple[str, ...]


CHECKS: tuple[Check, ...] = (
    Check(
        _l(
            "Every page the browser tests visit is checked with axe-core; a serious or "
            "critical problem fails the test. The same check makes sure no page scrolls "
            "sideways on a screen 320 pixels wide."
        ),
        ("tests/browser/support.py",),
    ),
    Check(
        _l(
            "Browser journeys done with the keyboard only, in a real browser: a citizen's "
            "initiative, a consultation round, a proeftuin discussion, the citizen pool, "
            "the account page, and reading aloud."
        ),
        (
            "tests/browser/test_initiatives_journey.py",
            "tests/browser/test_consultations_journey.py",
            "tests/browser/test_proeftuinen_journey.py",
            "tests/browser/test_pool_consent_journey.py",
            "tests/browser/test_account_page_journey.py",
            "tests/browser/test_read_aloud_journey.py",
        ),
    ),
    Check(
        _l("Every journey also works without JavaScript, and forms keep what was typed."),
        ("tests/core/test_forms.py", "tests/core/test_every_edit_form.py"),
    ),
    Check(
        _l(
            "Every citizen page scores 100 out of 100 for accessibility in Lighthouse, in "
            "Dutch, French and English. Zoomed in to twice the size, it does not scroll "
            "sideways."
        ),
        ("tests/browser/test_citizen_pages_checks.py",),
    ),
    Check(
        _l(
            "The words of the care sector are explained where they first appear on a "
            "page, and on the glossary page."
        ),
        ("tests/site/test_glossary.py",),
    ),
)

KNOWN_EXCEPTIONS = (
    _l(
        "Texts that citizens, staff and coaches write themselves (proposals, comments, "
        "minutes) are not always in plain language and may lack headings."
    ),
    _l(
        "Files that people add, such as PDF documents, are not always accessible. Ask us "
        "for the content in another form."
    ),
    _l(
        "Reading aloud uses the voices of your own browser or device. Without a voice for "
        "your language, the button is not shown."
    ),
    _l("Not every page has an easy-to-read version yet."),
    _l(
        "The site has not yet been checked by an outside expert or by a group of users "
        "with a disability."
    ),
)
