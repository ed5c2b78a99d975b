"""The klankbordgroep's tables on a 320 px phone (review 1, item 4): the quota table of the
staff's group page, "The agreed mix" on the public draw page and the composition against
the quotas. No column hidden beyond the edge of its box, every input's label visible,
the answer's name in view while typing a maximum, clash errors below the row without a
word broken in two, and a legend for the composition bars. Every page checked with axe.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import check_a11y, follow, goto, log_in, type_into
from tests.consultations.conftest import (  # noqa: F401
    make_round,
    number_is_known,
    pool_zone,
    run_jobs,
    tomorrow,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 800}

# Per table: how much is hidden beyond its box's edge, and which words are drawn on more
# than one line (a word broken in two: "Gemeen|te", "medew|rs").
_TABLE_PROBLEMS = """(selector) => {
  const problems = [];
  for (const table of document.querySelectorAll(selector)) {
    const box = table.closest('.table-scroll') || table.parentElement;
    if (box.scrollWidth > box.clientWidth + 1)
      problems.push(`${selector}: ${box.scrollWidth - box.clientWidth} px hidden sideways`);
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // Text hidden for screen readers only (the column heads of the cards) is not drawn.
      let hidden = false;
      for (let el = node.parentElement; el && el !== table; el = el.parentElement)
        if (el.getBoundingClientRect().width <= 1) hidden = true;
      if (hidden) continue;
      const text = node.textContent;
      for (const match of text.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) problems.push(`"${match[0]}" is broken over ${lines.size} lines`);
      }
    }
  }
  return problems;
}"""


def _in_view(page: Page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        """el => { const r = el.getBoundingClientRect();
                   return r.width > 1 && r.left >= 0 && r.right <= window.innerWidth; }"""
    )


def _check_tables(page: Page, selector: str) -> None:
    assert page.evaluate(_TABLE_PROBLEMS, selector) == []


def test_the_quota_table_on_a_phone_shows_every_column_labelled_and_errors_whole(
    page,
    app,
    pool_zone,  # noqa: F811 - fixtures imported above
    make_round,  # noqa: F811
):
    from burgerplatform.consultations import pool
    from burgerplatform.extensions import db
    from burgerplatform.zones.models import Zone

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    with app.app_context():
        cats = {c.key: c for c in pool.categories(db.session.get(Zone, setup.zone_id))}
        towns = [v.id for v in cats["municipality"].values]
    page.set_viewport_size(PHONE)
    log_in(page, setup.staff_email)
    url = f"/{setup.slug}/rounds/{round_id}/group"
    goto(page, url)
    inputs = page.locator(".quota-group table input")
    assert inputs.count() > 10
    for i in range(inputs.count()):
        field = inputs.nth(i)
        field_id = field.get_attribute("id")
        label = page.locator(f'label[for="{field_id}"]')
        expect(label).to_be_visible()
        assert _in_view(page, f'label[for="{field_id}"]'), field_id
        assert _in_view(page, f"#{field_id}"), field_id
    _check_tables(page, ".quota-group table")

    # Focus in "At most": the answer's name stays in view (no sideways scrolling).
    page.locator(f"#max_{towns[0]}").focus()
    row_name = page.locator(f"#max_{towns[0]}").locator("xpath=ancestor::tr/th")
    assert row_name.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.left >= 0 && r.right <= innerWidth; }"
    )

    # Quotas that clash on every municipality: long messages with quoted names.
    goto(page, url)
    type_into(page, "#group_size", "4", replace=True)
    for town in towns:
        type_into(page, f"#min_{town}", "3", replace=True)
    follow(page, page.locator("#group-form button[type=submit]"))
    errors = page.locator(".quota-group .error")
    expect(errors.first).to_be_visible()
    first_error = errors.first
    assert first_error.evaluate("el => el.getBoundingClientRect().width > innerWidth * 0.6"), (
        "the error has the table's width"
    )
    _check_tables(page, ".quota-group table")
    # The error is described to the input it is about.
    invalid = page.locator('.quota-group input[aria-invalid="true"]').first
    described = invalid.get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_be_visible()


def test_the_public_mix_and_the_composition_read_on_a_phone_with_a_legend(
    page,
    app,
    pool_zone,  # noqa: F811
    make_round,  # noqa: F811
):
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import DrawRecord, Round
    from burgerplatform.extensions import db

    setup = pool_zone(12)
    round_id = make_round(
        setup, size=4, quotas={("municipality", 0): (1, 3), ("age_band", 0): (0, 3)}
    )
    with app.test_request_context():
        draws.start_draw(db.session.get(Round, round_id), source="de zorgraad", known_on=tomorrow())
        db.session.commit()
    run_jobs(app)
    number_is_known()
    with app.test_request_context():
        record = db.session.scalar(db.select(DrawRecord).where(DrawRecord.round_id == round_id))
        draws.enter_number(record, "7")
        db.session.commit()
    base = f"/{setup.slug}/rounds/{round_id}"
    page.set_viewport_size(PHONE)
    goto(page, f"{base}/draw")
    caption = page.locator("caption", has_text="afgesproken mix")
    expect(caption).to_be_visible()
    _check_tables(page, "main table")
    cells = page.locator("main table td")
    assert cells.count() >= 4
    assert all(
        cells.nth(i).evaluate("el => el.getBoundingClientRect().right <= innerWidth")
        for i in range(cells.count())
    )

    goto(page, base)
    expect(page.locator(".chart-legend")).to_be_visible()
    expect(page.locator(".chart-legend li")).to_have_count(2)
    composition = page.locator("caption", has_text="Samenstelling")
    expect(composition).to_be_visible()
    assert composition.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    _check_tables(page, "main table")
    check_a11y(page)


def test_the_two_answers_of_an_invitation_have_radio_buttons_of_the_same_size(
    page,
    app,
    pool_zone,  # noqa: F811
    make_round,  # noqa: F811
):
    from datetime import timedelta

    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import PoolMember, Round, Seat, SeatStatus
    from burgerplatform.core.db import utcnow
    from burgerplatform.extensions import db

    setup = pool_zone(4)
    round_id = make_round(setup, size=2)
    with app.app_context():
        member = db.session.scalar(
            db.select(PoolMember).join(User).where(User.email == setup.members[0])
        )
        db.session.add(
            Seat(
                member=member,
                round=db.session.get(Round, round_id),
                status=SeatStatus.INVITED,
                reply_by=utcnow() + timedelta(days=7),
            )
        )
        db.session.commit()
    page.set_viewport_size(PHONE)
    log_in(page, setup.members[0])
    goto(page, f"/{setup.slug}/rounds/{round_id}/invitation")
    radios = page.locator("input[type=radio]")
    assert radios.count() == 2
    sizes = {
        tuple(round(v) for v in (b["width"], b["height"]))
        for b in (radios.nth(i).bounding_box() for i in range(2))
    }
    assert len(sizes) == 1, sizes
