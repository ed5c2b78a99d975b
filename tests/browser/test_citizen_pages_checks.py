"""Every citizen page, on the demo, in nl, fr and en: home, the zone, proposals (list and
an answered one), rounds (list and the finished one), the pool, what happened, the
account page, help, the glossary and the accessibility statement.

* axe finds nothing serious or critical on any of them (every visit is checked, see
  conftest.py), and each fits a 320 px window without sideways scrolling;
* at 200 % zoom (a 1280 × 720 window shows 640 × 360 CSS pixels) nothing scrolls
  sideways and the main content loses no text;
* the domain's words are explained in the browser: each <dfn class="term"> links to its
  glossary entry with the explanation as the link's description;
* Lighthouse's accessibility score is 100 on each (skipped, with the reason, when
  Lighthouse is not installed: `npm i -E lighthouse@12.2.3`, then put it on PATH or set
  LIGHTHOUSE to its `node_modules/.bin/lighthouse`; see /work/shared/TOOLING.md).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from burgerplatform.extensions import db
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.support import goto, log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

LANGUAGES = ("nl", "fr", "en")
CITIZEN = "jef@example.org"  # a demo citizen of Meetjesland, in the pool
LIGHTHOUSE = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
ZOOMED = {"width": 640, "height": 360}  # 1280 × 720 at 200 %


@pytest.fixture
def citizen_pages(app) -> list[str]:
    """Seed the demo and return the addresses of the citizen pages on it."""
    from burgerplatform import demo
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import Phase, Round
    from burgerplatform.initiatives.models import Initiative
    from burgerplatform.zones.models import Zone

    with app.test_request_context(base_url="http://localhost"):
        assert demo.seed()
        zone = db.session.scalar(select(Zone).where(Zone.slug == "meetjesland"))
        answered = db.session.scalar(
            select(Initiative.id)
            .where(Initiative.zone_id == zone.id, Initiative.answer_easy != "")
            .order_by(Initiative.id)
        )
        finished = db.session.scalar(
            select(Round.id).where(Round.zone_id == zone.id, Round.phase == Phase.FOLLOW_UP)
        )
        citizen = db.session.scalar(select(User).where(User.email == CITIZEN))
        citizen.password_hash = generate_password_hash(PASSWORD)  # what log_in types
        db.session.commit()
        db.session.remove()
    base = "/meetjesland"
    return [
        "/",
        f"{base}/",
        f"{base}/initiatives/",
        f"{base}/initiatives/{answered}",
        f"{base}/rounds/",
        f"{base}/rounds/{finished}",
        f"{base}/pool/",
        f"{base}/what-happened",
        "/account",
        f"{base}/help",
        "/woordenlijst",
        "/toegankelijkheid",
    ]


def _speak(app, language: str) -> None:
    """The logged-in citizen reads the site in `language` (their own choice wins over
    the browser's)."""
    from burgerplatform.accounts.models import User

    with app.app_context():
        db.session.scalar(select(User).where(User.email == CITIZEN)).locale = language
        db.session.commit()
        db.session.remove()


_MAIN_TEXT = "() => document.querySelector('main').innerText.replace(/\\s+/g, ' ').trim()"
_SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
_TERMS = """() => [...document.querySelectorAll('main dfn.term')].map(d => {
  const a = d.querySelector('a');
  return {text: d.innerText, href: a && a.getAttribute('href'), title: a && a.title,
          name: a && (a.title || '').length > 20};
})"""


@pytest.mark.timeout(1800)  # 36 pages, each checked with axe
def test_every_citizen_page_reads_well_zoomed_narrow_and_explains_its_words_in_3_languages(
    app, page, citizen_pages
):
    log_in(page, CITIZEN)
    full_size = page.viewport_size or {"width": 1280, "height": 720}
    explained: dict[str, set[str]] = {}
    for language in LANGUAGES:
        _speak(app, language)
        for url in citizen_pages:
            goto(page, url)  # axe (no serious/critical finding) and the 320 px check
            assert urlsplit(page.url).path == url, f"{url} moved to {page.url}"
            assert page.locator("html").get_attribute("lang") == language, url
            text = page.evaluate(_MAIN_TEXT)
            page.set_viewport_size(ZOOMED)
            try:
                sideways = page.evaluate(_SIDEWAYS)
                zoomed_text = page.evaluate(_MAIN_TEXT)
            finally:
                page.set_viewport_size(full_size)
            assert sideways <= 0, f"{url} ({language}) scrolls {sideways} px sideways at 200 %"
            assert zoomed_text == text, f"{url} ({language}) loses text at 200 %"
            for term in page.evaluate(_TERMS):
                assert term["href"].startswith("/woordenlijst#term-"), (url, term)
                assert term["name"], f"{url}: {term['text']} has no explanation"
                explained.setdefault(language, set()).add(term["href"])
    for language in LANGUAGES:
        assert len(explained.get(language, ())) >= 8, (language, explained.get(language))


def _lighthouse(url: str, headers: dict[str, str], agent: str, out) -> dict:
    flags = " ".join(CHROMIUM_ARGS)
    run = subprocess.run(
        [
            LIGHTHOUSE,
            url,
            "--only-categories=accessibility",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            f"--chrome-flags={flags}",
            f"--extra-headers={json.dumps(headers)}",
            # The session is bound to the browser that logged in (strong protection).
            f"--emulated-user-agent={agent}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, f"lighthouse failed on {url}:\n{run.stderr[-2000:]}"
    return json.loads(out.read_text(encoding="utf-8"))


def _failed_audits(report: dict) -> list[str]:
    return [
        f"{key}: {audit['title']} — "
        + "; ".join(
            (item.get("node") or {}).get("snippet", "")
            for item in (audit.get("details") or {}).get("items", [])[:3]
        )
        for key, audit in report["audits"].items()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
    ]


@pytest.mark.skipif(
    LIGHTHOUSE is None,
    reason="Lighthouse check skipped: lighthouse is not installed "
    "(npm i -E lighthouse@12.2.3, then put it on PATH or set LIGHTHOUSE)",
)
@pytest.mark.timeout(2400)
def test_lighthouse_scores_accessibility_100_on_every_citizen_page_in_3_languages(
    app, page, base_url, citizen_pages, tmp_path
):
    log_in(page, CITIZEN)  # the account page needs the citizen's session
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    agent = page.evaluate("() => navigator.userAgent")
    below = []
    for language in LANGUAGES:
        _speak(app, language)
        for url in citizen_pages:
            out = tmp_path / f"{language}{url.replace('/', '_')}.json"
            headers = {"Accept-Language": language, "Cookie": cookie}
            report = _lighthouse(base_url + url, headers, agent, out)
            assert urlsplit(report["finalDisplayedUrl"]).path == url, report["finalDisplayedUrl"]
            score = report["categories"]["accessibility"]["score"]
            if score < 1:
                below.append(
                    f"{url} ({language}): {score * 100:.0f}\n    "
                    + "\n    ".join(_failed_audits(report))
                )
    assert not below, "Lighthouse accessibility under 100:\n" + "\n".join(below)
