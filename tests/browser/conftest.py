"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

* Every test in this folder is marked ``browser``; all are skipped, with the reason
  shown, when ``/usr/bin/chromium`` (or Playwright/axe) is missing.
* ``live_server`` / ``base_url``: the session's ``app`` served by Werkzeug on a free
  port of 127.0.0.1, in a daemon thread.
* ``browser``: one Chromium for the session (never ``playwright install``: there is
  no internet; the flags keep Chromium off the network).
* ``page``: a fresh context per test (locale nl-BE, the live server as base URL),
  whose loads are tracked so that **every page visited is checked with axe**:
  see ``support.py``. A test fails if a loaded page went unchecked, if axe finds a
  serious or critical violation, or if the page threw a script error or hit the
  Content-Security-Policy.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

# Debian's Chromium; CHROMIUM_PATH may point elsewhere (e.g. to see the skip work).
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent


def _missing() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"browser tests skipped: {CHROMIUM} not found"
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"browser tests skipped: {error.name} is not installed"
    return None


SKIP_REASON = _missing()
# CI sets REQUIRE_BROWSER=1: there a missing browser must fail the run, not skip it.
if SKIP_REASON and os.environ.get("REQUIRE_BROWSER") == "1":
    raise RuntimeError(SKIP_REASON.replace("skipped", "required") + " (REQUIRE_BROWSER=1)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        # The live server answers from its own threads and connections: they must see
        # what the test wrote, so these tests commit for real (see clean_db).
        item.add_marker(pytest.mark.commits)
        if SKIP_REASON:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a passing test body: no page left unchecked, no script error, no CSP hit."""
    result = yield
    tracker = item.funcargs.get("page_loads")
    if tracker is not None:
        if tracker.pending:
            pytest.fail(
                "page(s) loaded but never checked with axe: " + ", ".join(tracker.pending),
                pytrace=False,
            )
        if tracker.script_errors:
            pytest.fail(
                "errors in the browser:\n" + "\n".join(tracker.script_errors), pytrace=False
            )
    return result


@pytest.fixture(scope="session")
def live_server(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return f"http://127.0.0.1:{live_server.server_port}"


@pytest.fixture(scope="session")
def browser():
    if SKIP_REASON:
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def page_loads():
    """What the test's page loaded and what axe checked; read by the check above."""
    from tests.browser.support import PageLoads

    tracker = PageLoads()
    yield tracker
    if tracker.minor:
        print("axe, minor/moderate findings (not failing):\n  " + "\n  ".join(tracker.minor))


@pytest.fixture
def page(browser, base_url, page_loads):
    from tests.browser.support import track

    context = browser.new_context(locale="nl-BE", base_url=base_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    track(page, page_loads)
    yield page
    context.close()
