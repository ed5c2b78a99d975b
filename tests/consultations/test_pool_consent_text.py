"""The text citizens agree to when they join the pool is pinned per version: a change to
it, in any language, fails here until someone decides (pool.POOL_CONSENT_VERSION's
comment): raise the version when the text lets anyone see more, keep answers longer or
use them for more; keep it when the text only promises more protection, and add the new
text's fingerprint below with why (outside review: the text changed twice without a new
version and without anyone deciding)."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.conftest import Client

# Version -> per language, the SHA-256 of the text as shown. More than one per version
# only for changes that give more protection, each with its reason.
PINNED = {
    "2026-11": {
        # 2026-12-06: staff see counts of health, care, gender, languages and what helps
        # you take part only rounded (they saw them exact): more protection, same version.
        "nl": "0fccdf8c74b0c8bfc0602689835057077db36b25075f946fd08158efd86c2a18",
        "fr": "576dffdbddc5ca7875f0024703c60c6a53acd4427235b457f544dda5656f0dda",
        "en": "d2dceead43e38ddb6d70b402a54d8ba70a2bcd490866ae05c9b44ff452ffa444",
    },
}


def consent_text(page: str) -> str:
    start = page.index('<section class="callout" aria-labelledby="consent-title">')
    section = page[start : page.index("</section>", start)]
    text = re.sub(r"<[^>]+>", " ", section)
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_pool_consent_text_changes_only_with_a_decision_on_its_version(
    app, pool_zone, language
):
    from burgerplatform.consultations import pool

    setup = pool_zone(2)
    page = Client(app, language=language).get(f"/{setup.slug}/pool/").get_data(as_text=True)
    text = consent_text(page)
    assert pool.POOL_CONSENT_VERSION in text
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert digest == PINNED[pool.POOL_CONSENT_VERSION][language], (
        "The pool's consent text changed. Decide: raise POOL_CONSENT_VERSION if it lets "
        "anyone see more, keeps answers longer or uses them for more; else pin this "
        f"fingerprint with the reason: {language}: {digest}\n{text}"
    )
