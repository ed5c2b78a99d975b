"""Themes in a round's input in a real browser, by keyboard, every page checked by axe
(check_a11y): staff run the search, merge two themes, move one contribution, link a
recommendation and name the theme; a visitor sees on the round page how many people
raised it and what the zorgraad did with it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import follow, goto, log_in, new_page, type_into
from tests.themes.conftest import (  # noqa: F401 - fixtures
    make_round,
    pool_zone,
    run_jobs,
    staged_round,
    themed,
)


def _choose(page, select: str, value: str) -> None:
    from tests.browser.support import tab_to

    tab_to(page, page.locator(select))
    page.locator(select).select_option(value)


def _theme_ids(app, round_id: int) -> list[int]:
    from burgerplatform.consultations.models import Round
    from burgerplatform.extensions import db
    from burgerplatform.themes import services

    with app.app_context():
        ids = [t.id for t in services.themes_of(db.session.get(Round, round_id))]
        db.session.remove()
        return ids


def test_staff_group_the_input_merge_move_link_and_the_round_page_shows_the_outcome(
    page,
    browser,
    base_url,
    app,
    themed,  # noqa: F811
):
    from burgerplatform.consultations.models import Outcome, Phase, Recommendation, Round
    from burgerplatform.extensions import db

    t = themed(english=False)
    log_in(page, t.staff)
    goto(page, t.staged.base)
    follow(page, page.locator('#themes a[href$="/themes"]'))
    follow(page, page.locator('form[action$="/themes/run"] button'))
    expect(page.locator(".flash-success")).to_be_visible()
    run_jobs(app)
    goto(page, t.base)
    first, second, *_ = _theme_ids(app, t.staged.round_id)
    expect(page.locator(".theme-list > li")).to_have_count(len(_theme_ids(app, t.staged.round_id)))

    # Merge the first theme into the second.
    follow(page, page.locator(f'a[href$="/themes/{first}"]'))
    _choose(page, "#target", str(second))
    follow(page, page.locator('form[action$="/merge"] button'))
    expect(page.locator(".flash-success")).to_be_visible()
    assert page.url.endswith(f"/themes/{second}")
    assert first not in _theme_ids(app, t.staged.round_id)

    # Move one contribution to another theme.
    other = next(i for i in _theme_ids(app, t.staged.round_id) if i != second)
    move = page.locator('form[action*="/items/"]').first
    select_id = move.locator("select").get_attribute("id")
    _choose(page, f"#{select_id}", str(other))
    follow(page, move.locator("button"))
    expect(page.locator(".flash-success")).to_be_visible()

    # Link the recommendation, and give the theme a name people recognise.
    _choose(page, "#recommendation", str(t.staged.rec_id))
    follow(page, page.locator('form[action$="/link"] button'))
    expect(page.locator("main")).to_contain_text("Buurtauto")
    type_into(page, "#name", "Vervoer en wachtdienst", replace=True)
    follow(page, page.locator('form[action$="/rename"] button'))
    expect(page.locator("h1")).to_contain_text("Vervoer en wachtdienst")

    # The zorgraad answers; a visitor reads what became of the theme.
    with app.app_context():
        db.session.get(Round, t.staged.round_id).phase = Phase.FOLLOW_UP
        db.session.get(Recommendation, t.staged.rec_id).outcome = Outcome.ADOPTED
        db.session.commit()
        db.session.remove()
    visitor = new_page(browser, base_url, page)
    goto(visitor, t.staged.base)
    section = visitor.locator("#themes")
    expect(section).to_contain_text("Vervoer en wachtdienst")
    expect(section).to_contain_text("Buurtauto")
    expect(section).to_contain_text("Aangenomen")
