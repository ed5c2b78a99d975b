"""A round's questionnaire in a real browser, by keyboard, every page checked by axe and
at 320 px (check_a11y): staff build it with every kind of question; a citizen without
JavaScript answers half, leaves, comes back and finishes; staff type in three paper
questionnaires; the results show charts, and small counts only to staff."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import follow, goto, log_in, new_page, press_and_wait, tab_to, type_into
from tests.questionnaires.conftest import (  # noqa: F401 - fixtures
    built,
    english_pages,
    make_round,
    pool_zone,
    staged_round,
)


def today() -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/Brussels")).date().isoformat()


def _press(page, locator) -> None:
    """Tick a box, or choose a radio button as a keyboard user does: Tab into its group,
    then the arrow keys (Tab stops once per group of radio buttons)."""
    if locator.get_attribute("type") == "checkbox":
        tab_to(page, locator)
        page.keyboard.press("Space")
        return
    name = locator.get_attribute("name")
    group = page.locator(f'input[name="{name}"]')
    for _ in range(60):
        if page.evaluate("() => document.activeElement && document.activeElement.name") == name:
            break
        page.keyboard.press("Tab")
    ids = [group.nth(i).get_attribute("id") for i in range(group.count())]
    at = ids.index(page.evaluate("() => document.activeElement.id"))
    wanted = ids.index(locator.get_attribute("id"))
    key = "ArrowDown" if wanted > at else "ArrowUp"
    for _ in range(abs(wanted - at)):
        page.keyboard.press(key)
    if wanted == at:
        page.keyboard.press("Space")
    assert locator.is_checked()


def test_staff_build_a_questionnaire_with_every_kind_of_question(
    page,
    staged_round,  # noqa: F811
):
    staged = staged_round("gather")
    log_in(page, staged.setup.staff_email)
    goto(page, staged.base)
    follow(page, page.locator('a[href$="/questionnaire/build"]'))
    type_into(page, "#intro", "Vijf korte vragen over vervoer.")
    follow(page, page.locator('form[action$="/questionnaire/new"] button[type="submit"]'))
    expect(page.locator(".flash-success")).to_be_visible()
    for kind, text, options in (
        ("single", "Hoe gaat u naar de huisarts?", "Te voet\nMet de bus"),
        ("multiple", "Wat is moeilijk?", "Parkeren\nDe prijs\nDe uren"),
        ("scale", "Hoe tevreden bent u?", ""),
        ("ranking", "Wat moet eerst beter?", "Snel\nGoedkoop\nDichtbij"),
        ("open", "Wat wilt u nog kwijt?", ""),
    ):
        tab_to(page, page.locator("#kind"))
        page.locator("#kind").select_option(kind)
        type_into(page, "#text_nl", text)
        if options:
            type_into(page, "#options_nl", options)
        follow(page, page.locator('form[action$="/questionnaire/questions"] button[type="submit"]'))
        expect(page.locator(".question-list")).to_contain_text(text)
    expect(page.locator(".question-list > li")).to_have_count(5)


def test_a_citizen_without_javascript_answers_half_leaves_and_finishes_later(
    page,
    browser,
    base_url,
    built,  # noqa: F811
):
    b = built(english=False)
    q = b.questions
    citizen = new_page(browser, base_url, page, java_script_enabled=False)
    log_in(citizen, b.citizens[3])
    goto(citizen, b.base)
    follow(citizen, citizen.locator('a[href*="mode=one"]'))
    _press(citizen, citizen.locator(f"#q{q['single']}-1"))
    follow(citizen, citizen.locator('button[value="next"]'))
    _press(citizen, citizen.locator(f"#q{q['multiple']}-0"))
    follow(citizen, citizen.locator('button[value="stop"]'))
    expect(citizen.locator(".flash-success")).to_be_visible()
    citizen.context.close()

    # Later, another computer: the two answers are kept; the rest on one page.
    again = new_page(browser, base_url, page, java_script_enabled=False)
    log_in(again, b.citizens[3])
    goto(again, f"{b.base}/answer?mode=all")
    expect(again.locator(f"#q{q['single']}-1")).to_be_checked()
    expect(again.locator(f"#q{q['multiple']}-0")).to_be_checked()
    _press(again, again.locator(f"#q{q['scale']}-3"))
    for place, option in ((1, "2"), (2, "0"), (3, "1")):
        tab_to(again, again.locator(f"#q{q['ranking']}_{place}"))
        again.locator(f"#q{q['ranking']}_{place}").select_option(option)
    type_into(again, f"#q{q['open']}", "Een buurtbus zou helpen.")
    follow(again, again.locator('button[value="next"]'))
    expect(again.locator("h1")).to_contain_text("Kijk je antwoorden na")
    expect(again.locator(".summary-list")).to_contain_text("1. Dichtbij; 2. Snel; 3. Goedkoop")
    follow(again, again.locator('form[action$="/send"] button'))
    expect(again.locator(".flash-success")).to_be_visible()
    expect(again.locator(".callout")).to_be_visible()


def test_a_skipped_required_question_keeps_what_was_typed(page, built):  # noqa: F811
    b = built(english=False)
    log_in(page, b.citizens[3])
    goto(page, f"{b.base}/answer?mode=all")
    type_into(page, f"#q{b.questions['open']}", "Meer bussen.")
    follow(page, page.locator('button[value="next"]'))
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(f"#q{b.questions['open']}")).to_have_value("Meer bussen.")


def test_staff_type_in_three_paper_questionnaires_and_read_the_results(
    page,
    browser,
    base_url,
    built,  # noqa: F811
):
    b = built(public=True, english=False)
    q = b.questions
    log_in(page, b.staff)
    goto(page, b.staged.base)
    follow(page, page.locator('#questionnaire a[href$="/questionnaire/paper"]'))
    for number, choice in enumerate(("0", "1", "0")):
        if number == 0:
            tab_to(page, page.locator("#source_date"))
            page.locator("#source_date").fill(today())  # within the round, made today
            type_into(page, "#source_note", "Infoavond Eeklo")
        else:  # the batch keeps its source and date
            expect(page.locator("#source_note")).to_have_value("")
        _press(page, page.locator(f"#q{q['single']}-{choice}"))
        _press(page, page.locator(f"#q{q['scale']}-4"))
        type_into(page, f"#q{q['open']}", f"Papier {number + 1}")
        tab_to(page, page.locator('form[action$="/paper"] button[type="submit"]'))
        press_and_wait(page)
        expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("3 papieren of telefonische vragenlijsten")

    goto(page, f"{b.base}/results")
    expect(page.locator(".chart").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("offline: 3")
    expect(page.locator("main")).not_to_contain_text("minder dan 5")

    visitor = new_page(browser, base_url, page)
    goto(visitor, f"{b.base}/results")
    expect(visitor.locator("main")).to_contain_text("minder dan 5")
    expect(visitor.locator("main")).to_contain_text("Papier 2")
