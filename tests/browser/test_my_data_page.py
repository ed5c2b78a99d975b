"""The readable data download: every region on the page has its own name (axe)."""

from __future__ import annotations

from tests.browser.support import _axe_run, goto, log_in


def test_my_data_page_names_each_table_region_differently_from_its_section(
    page, base_url, make_zone, make_user
):
    from burgerplatform.zones.models import Role

    zone = make_zone(slug="meetjesland")
    user = make_user(email="lotte@example.org", zone_id=zone.id, roles=[(zone.id, Role.STAFF)])
    log_in(page, user.email)
    goto(page, f"{base_url}/account/export")
    assert page.locator("main table").count() >= 2
    violations = {v["id"] for v in _axe_run(page).response["violations"]}
    assert "landmark-unique" not in violations
