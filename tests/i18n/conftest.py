"""One seeded demo for this folder, crawled once per kind of person in the
pseudo-locale; the checks (translations, dates) read the pages from here."""

from __future__ import annotations

import time

import pytest

from burgerplatform.extensions import db, limiter
from tests.i18n import crawl
from tests.i18n.pseudo import pseudo_locale


@pytest.fixture
def clean_db(request, app, smtp):
    """As the root conftest's, except for tests on the shared `demo_site`: it lives for
    the whole module and empties the tables itself."""
    from tests.conftest import _empty_tables

    limiter.enabled = False
    yield
    if "demo_site" in request.fixturenames:
        return
    smtp[1].messages.clear()
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.session.remove()


class DemoSite:
    def __init__(self):
        self.pages: dict[str, dict[str, crawl.Page]] = {}  # person -> url -> page
        self.user_content = ""
        self.seconds = 0.0

    def every_page(self):
        for person, pages in self.pages.items():
            for page in pages.values():
                yield person, page


@pytest.fixture(scope="package")
def demo_site(app):
    from burgerplatform import demo
    from tests.conftest import Client, _empty_tables

    started = time.perf_counter()
    limiter.enabled = False
    site = DemoSite()
    with app.test_request_context(base_url="http://localhost"):
        demo.seed()
        db.session.commit()
        site.user_content = crawl.user_content()
        people = crawl.people()
        db.session.remove()
    cache = app.extensions.get("page_cache")
    if cache is not None:
        cache.clear()
    with pseudo_locale(app):
        for person, email in people.items():
            client = Client(app, language="nl")
            if email:
                client.login(email, crawl.DEMO_PASSWORD)
            site.pages[person] = crawl.crawl(client)
    if cache is not None:
        cache.clear()  # pages rendered in the pseudo-locale stay out of other tests
    site.seconds = time.perf_counter() - started
    yield site
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.session.remove()
