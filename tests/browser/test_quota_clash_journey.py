"""Issue 14, defect 4, in a real browser, by keyboard, with axe on every page: staff type
quotas that clash, see every clash on the form at once (with the numbers of answers that
are not sensitive; none of the pool for sensitive ones), what they typed kept, lower one
quota in each clash and can draw.

Texts are matched in Dutch or English (the catalogues may or may not be compiled).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import follow, goto, log_in, type_into
from tests.consultations.conftest import make_round, pool_zone  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def test_staff_see_every_clash_between_their_quotas_and_fix_them_in_one_go(
    page,
    app,
    pool_zone,  # noqa: F811 - fixtures imported above
    make_round,  # noqa: F811
):
    from burgerplatform.consultations import pool
    from burgerplatform.extensions import db
    from burgerplatform.zones.models import Zone

    # 20 people; those with a chronic illness all live in the first municipality.
    setup = pool_zone(20)
    round_id = make_round(setup, size=4)
    with app.app_context():
        cats = {c.key: c for c in pool.categories(db.session.get(Zone, setup.zone_id))}
        first, second = (v.id for v in cats["municipality"].values[:2])
        chronic = cats["lived_experience"].values[0].id
        woman, man = (v.id for v in cats["gender"].values[:2])

    log_in(page, setup.staff_email)
    goto(page, f"/{setup.slug}/rounds/{round_id}/group")
    type_into(page, "#group_size", "4", replace=True)
    type_into(page, "#rotation_rounds", "0", replace=True)
    type_into(page, f"#max_{first}", "1", replace=True)
    type_into(page, f"#min_{second}", "5", replace=True)
    type_into(page, f"#min_{woman}", "3", replace=True)
    type_into(page, f"#min_{man}", "2", replace=True)
    type_into(page, f"#min_{chronic}", "2", replace=True)
    follow(page, page.locator("#group-form button[type=submit]"))

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    # Both clashes at once: the second municipality's minimum against the seats, and the
    # two gender minimums against the seats (one answer per person), without any count
    # of the pool. Chronic illness is a sensitive answer: saving does not look who has
    # it, so nothing is said of it.
    expect(summary).to_contain_text(re.compile(r"(4 plaatsen|4 seats)"))
    expect(summary).to_contain_text(
        re.compile(r"(samen minstens 5 plaatsen, maar de groep heeft er 4|together at least 5)")
    )
    expect(summary).not_to_contain_text(re.compile(r"(te weinig mensen|too few people)"))
    expect(summary).not_to_contain_text(re.compile(r"(groepjes van 5|groups of 5)"))
    expect(page.locator(f"#min_{woman}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#min_{second}")).to_have_value("5")  # what was typed stays

    # Fixing one quota in each clash is enough.
    type_into(page, f"#min_{second}", "2", replace=True)
    type_into(page, f"#min_{man}", "1", replace=True)
    follow(page, page.locator("#group-form button[type=submit]"))
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("#start-draw")).to_have_count(1)
