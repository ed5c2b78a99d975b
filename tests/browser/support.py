"""Helpers for the real-browser tests: the accessibility guard and keyboard steps.

Every page is checked with axe
------------------------------
The ``page`` fixture (see ``conftest.py``) listens to the browser's ``load`` event and
records every document the main frame loads in a :class:`PageLoads` tracker. The
guarantee has three parts:

1. ``check_a11y(page)`` runs axe-core on the current document and fails the test on
   any violation of impact "serious" or "critical". It then marks the pending load as
   checked.
2. ``check_a11y`` also fails if *more than one* document loaded since the previous
   check: a page was left without being checked.
3. After the test body, a ``pytest_runtest_call`` wrapper in ``conftest.py`` fails
   the test if a loaded document is still unchecked (the last step forgot it).

So a test cannot pass while any page it visited went unchecked.

The same check also looks at the layout (:func:`check_layout`): at a 320 px wide window
the page must not scroll sideways, and every chart (``.chart``, one ``.chart-row`` per
bar) must show a readable text label (``.chart-label``, at least 12 px) for each bar
and sit next to a table with the same numbers (inside ``.chart-with-table``); a drawing
named like a chart but without the class ``chart`` fails too. The step helpers
below (``goto``, ``press_and_wait``, ``follow``) navigate, wait for the new document
and call ``check_a11y`` themselves, so tests rarely call it directly.

Keyboard only
-------------
``tab_to`` presses Tab until the wanted element has focus, and fails if Tab never
reaches it: the element is reachable by keyboard, in a sensible number of steps.
Forms are then filled with ``page.keyboard`` and sent with Enter.
"""

from __future__ import annotations

import html
import weakref
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

BLOCKING_IMPACTS = ("serious", "critical")
_AXE = Axe()
_TRACKERS: weakref.WeakKeyDictionary[Page, PageLoads] = weakref.WeakKeyDictionary()
# Pages opened with JavaScript off (new_page(..., java_script_enabled=False)). axe needs
# timers, which never fire there, so their document is checked as a copy (see _axe_run).
_WITHOUT_SCRIPTS: weakref.WeakSet[Page] = weakref.WeakSet()


@dataclass
class PageLoads:
    """The documents a page loaded, and which of them axe has checked."""

    pending: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    # Non-blocking findings (impact minor/moderate), kept for the report.
    minor: list[str] = field(default_factory=list)
    # Uncaught script errors and CSP refusals seen in the browser console.
    script_errors: list[str] = field(default_factory=list)

    def on_load(self, page: Page) -> None:
        # Called from Playwright's event dispatch: record only, never call the page here.
        if not page.url.startswith("about:"):
            self.pending.append(page.url)

    def on_console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.script_errors.append(f"CSP: {message.text}")

    def on_page_error(self, error) -> None:
        self.script_errors.append(f"uncaught: {error}")


def track(page: Page, tracker: PageLoads) -> PageLoads:
    """Start recording `page`'s loads into `tracker` (done by the `page` fixture)."""
    _TRACKERS[page] = tracker
    page.on("load", tracker.on_load)
    page.on("console", tracker.on_console)
    page.on("pageerror", tracker.on_page_error)
    return tracker


def tracker_of(page: Page) -> PageLoads | None:
    return _TRACKERS.get(page)


def check_a11y(page: Page) -> None:
    """Run axe on the current document; fail on serious or critical violations."""
    page.wait_for_load_state("load")
    tracker = tracker_of(page)
    if tracker is not None and len(tracker.pending) > 1:
        skipped = "\n  ".join(tracker.pending[:-1])
        pytest.fail(f"pages loaded without an accessibility check in between:\n  {skipped}")
    results = _axe_run(page)
    violations = results.response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if tracker is not None:
        tracker.minor.extend(
            f"{page.url}: {v['id']} ({v.get('impact')})" for v in violations if v not in blocking
        )
        tracker.checked.extend(tracker.pending)
        tracker.pending.clear()
    if blocking:
        report = type(results)({"violations": blocking}).generate_report()
        pytest.fail(
            f"axe found serious/critical violations on {page.url}:\n{report}", pytrace=False
        )
    check_layout(page)


NARROW = 320  # px: the narrowest phone window the pages must fit without sideways scrolling
MIN_LABEL_PX = 12

_LAYOUT = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const culprits = [];
  if (root.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const right = el.getBoundingClientRect().right;
      const parent = el.parentElement;
      if (right > width + 1 && parent
          && (parent === document.body || parent.getBoundingClientRect().right <= width + 1))
        culprits.push(describe(el) + ' to ' + Math.round(right) + ' px');
    }
    // Text (a long word, an address) can stick out of a box that itself fits.
    if (!culprits.length)
      for (const el of document.body.querySelectorAll('*'))
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')
          culprits.push(describe(el) + ' whose text is ' + el.scrollWidth + ' px wide');
  }
  const charts = [];
  const drawn = 'svg[class*="chart"], [class*="-chart"], [role="img"][class*="bar"]';
  for (const el of document.querySelectorAll(drawn))
    if (!el.closest('.chart')) charts.push(describe(el) + ' is a chart without class "chart"');
  for (const chart of document.querySelectorAll('.chart')) {
    const name = describe(chart);
    const rows = chart.querySelectorAll('.chart-row');
    if (!rows.length) charts.push(name + ' has no .chart-row');
    for (const row of rows) {
      const label = row.querySelector('.chart-label');
      if (!label || !label.textContent.trim()) {
        charts.push(name + ': a bar without a text label');
        continue;
      }
      let px = parseFloat(getComputedStyle(label).fontSize);
      if (label instanceof SVGElement && label.getScreenCTM()) px *= label.getScreenCTM().a;
      if (px < MIN)
        charts.push(`${name}: label "${label.textContent.trim()}" is ${px.toFixed(1)} px`);
    }
    const holder = chart.closest('.chart-with-table');
    if (!holder || !holder.querySelector('table'))
      charts.push(name + ' has no table with the same numbers next to it');
  }
  return {scrollWidth: root.scrollWidth, width, culprits: culprits.slice(0, 10), charts};
}""".replace("MIN", str(MIN_LABEL_PX))


def check_layout(page: Page) -> None:
    """At 320 px the page fits without sideways scrolling; charts have readable labels
    and a table (at the test's own window size and at 320 px)."""
    size = page.viewport_size or {"width": 1280, "height": 720}
    wide = page.evaluate(_LAYOUT)
    page.set_viewport_size({"width": NARROW, "height": size["height"]})
    try:
        narrow = page.evaluate(_LAYOUT)
    finally:
        page.set_viewport_size(size)
    problems = sorted(set(wide["charts"]) | set(narrow["charts"]))
    if narrow["scrollWidth"] > narrow["width"]:
        problems.insert(
            0,
            f"scrolls sideways at {NARROW} px: {narrow['scrollWidth']} px wide, because of "
            + "; ".join(narrow["culprits"]),
        )
    if problems:
        pytest.fail(f"layout on {page.url}:\n  " + "\n  ".join(problems), pytrace=False)


def _axe_run(page: Page):
    if page not in _WITHOUT_SCRIPTS:
        return _AXE.run(page)
    # The same document, styles included, in a page where scripts run.
    base = f'<head><base href="{html.escape(page.url)}">'
    context = page.context.browser.new_context(locale="nl-BE")
    try:
        copy = context.new_page()
        copy.set_content(page.content().replace("<head>", base, 1))
        return _AXE.run(copy)
    finally:
        context.close()


def goto(page: Page, url: str) -> None:
    """Open `url` (as if typed in the address bar) and check the page."""
    response = page.goto(url)
    assert response is not None and response.status < 500, (url, response and response.status)
    check_a11y(page)


def press_and_wait(page: Page, key: str = "Enter") -> None:
    """Press `key` where the focus is, wait for the page it leads to, and check it."""
    with page.expect_navigation():
        page.keyboard.press(key)
    check_a11y(page)


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


# tab_to's page side. `start` marks the target and, for pages that run scripts, listens:
# every element Tab focuses goes to the trail, and once the target has had focus the
# remaining Tabs of a batch are swallowed (the focus stays where a person would stop).
# It returns how many Tabs the document's tab order predicts: a guess, checked after.
_TAB_START = """(target, guard) => {
  if (window.__tabTo) window.__tabTo.stop();
  const describe = (e) => !e || e === document.body ? (e ? 'BODY' : '-') : e.tagName
    + (e.id ? '#' + e.id : '') + (e.getAttribute('href') ? '[' + e.getAttribute('href') + ']' : '');
  const state = {target, guard, reached: false, trail: [], describe, stop: () => {}};
  if (guard) {
    const onFocus = (event) => {
      if (state.reached) return;
      if (event.target === target) state.reached = true;
      else state.trail.push(describe(event.target));
    };
    const onKey = (event) => {
      if (state.reached && event.key === 'Tab') {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    };
    document.addEventListener('focusin', onFocus, true);
    window.addEventListener('keydown', onKey, true);
    state.stop = () => {
      document.removeEventListener('focusin', onFocus, true);
      window.removeEventListener('keydown', onKey, true);
    };
  }
  state.predict = () => {
    const order = [...document.querySelectorAll(
      'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable]'
    )].filter((el) => {
      const index = el.getAttribute('tabindex');
      if (el.disabled || (index !== null && parseInt(index, 10) < 0)) return false;
      if (el.closest('[inert]') || (el.type === 'hidden' && el.tagName === 'INPUT')) return false;
      if (el.type === 'radio' && !el.checked && el.name && el.form && [...el.form.elements]
          .some((r) => r.type === 'radio' && r.name === el.name && r.checked)) return false;
      return el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible';
    });
    const positive = order.filter((el) => el.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
    const rest = order.filter((el) => !(el.tabIndex > 0));
    const all = [...positive, ...rest];
    const to = all.indexOf(target), from = all.indexOf(document.activeElement);
    return to > from ? to - from : 1;
  };
  window.__tabTo = state;
  return state.predict();
}"""

# After a batch: [reached, the next guess, the trail]; stops listening once reached.
_TAB_CHECK = """() => {
  const state = window.__tabTo;
  const reached = state.reached || document.activeElement === state.target;
  if (!state.guard && !reached) state.trail.push(state.describe(document.activeElement));
  if (reached) { state.stop(); window.__tabTo = null; }
  return [reached, reached ? 0 : state.predict(), state.trail];
}"""


def tab_to(page: Page, locator: Locator, max_presses: int = 60) -> None:
    """Press Tab until `locator` has focus; fail if the keyboard never gets there within
    `max_presses` Tabs. Round trips to the browser are the slow part, so the Tabs the
    page's tab order predicts go in one batch, then one check; a page that runs scripts
    swallows the rest of a batch once the element has had focus. A page without
    scripts (no listeners) goes one Tab and one check at a time."""
    guard = page not in _WITHOUT_SCRIPTS
    guess = locator.evaluate(_TAB_START, guard)  # waits until the element is attached
    presses, trail = 0, []
    while presses < max_presses:
        batch = min(guess if guard else 1, max_presses - presses)
        for _ in range(batch):
            page.keyboard.press("Tab")
        presses += batch
        reached, guess, trail = page.evaluate(_TAB_CHECK)
        if reached:
            return
    page.evaluate("() => { if (window.__tabTo) { window.__tabTo.stop(); window.__tabTo = null; } }")
    pytest.fail(
        f"Tab never reached {locator} in {max_presses} presses; focus went: "
        + " > ".join(trail[:40])
    )


def follow(page: Page, locator: Locator) -> None:
    """Reach a link or button with Tab, press Enter, check the page it leads to."""
    tab_to(page, locator)
    press_and_wait(page, "Enter")


def type_into(page: Page, field: Locator | str, text: str, replace: bool = False) -> None:
    """Tab to a text field (a locator or a selector) and type into it; `replace` selects
    what it held first, so the typing replaces it (as a person does with Ctrl+A)."""
    tab_to(page, page.locator(field) if isinstance(field, str) else field)
    if replace:
        page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def on_live_server(link: str, base_url: str) -> str:
    """The same link, on the live test server (mails may name another host)."""
    parts, base = urlsplit(link), urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


def mail_to(messages, address: str, subject_contains: str | None = None):
    """The last message sent to `address` (optionally with a subject that contains text)."""
    found = [
        m
        for m in messages
        if address in str(m["To"])
        and (subject_contains is None or subject_contains.lower() in str(m["Subject"]).lower())
    ]
    assert found, f"no mail to {address}; got: {[(m['To'], m['Subject']) for m in messages]}"
    return found[-1]


def new_page(browser, base_url: str, page: Page, **context_options) -> Page:
    """Another person at another computer: a fresh context, checked by the same guard.
    `context_options` go to Playwright's new_context (e.g. java_script_enabled=False)."""
    context = browser.new_context(locale="nl-BE", base_url=base_url, **context_options)
    context.set_default_timeout(10_000)
    other = context.new_page()
    track(other, tracker_of(page))
    if context_options.get("java_script_enabled") is False:
        _WITHOUT_SCRIPTS.add(other)
    return other


def log_in(page: Page, email: str, app=None, expect_logged_in: bool = True) -> None:
    """Log in by keyboard with the test password, and check the header then offers to
    log out. Admins (enrolled by make_user with the test secret) then type the code
    their app would show; pass `app` when the same person logs in twice within 30
    seconds, so the code counts as fresh."""
    from tests.conftest import PASSWORD, TOTP_SECRET

    goto(page, "/login")
    type_into(page, page.locator("#email"), email)
    type_into(page, page.locator("#password"), PASSWORD)
    press_and_wait(page)
    if urlsplit(page.url).path == "/login/two-step":
        import pyotp

        if app is not None:
            from burgerplatform.accounts.models import User
            from burgerplatform.extensions import db

            with app.app_context():
                user = db.session.scalar(db.select(User).where(User.email == email.lower()))
                user.totp_last_step = None
                db.session.commit()
                db.session.remove()
        type_into(page, page.locator("#code"), pyotp.TOTP(TOTP_SECRET).now())
        press_and_wait(page)
    if expect_logged_in:
        expect(page.locator('header form[action="/logout"]')).to_have_count(1)
