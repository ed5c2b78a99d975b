"""The draw anyone can check, in a real browser and by keyboard: staff name the source of
the number, the list is published, a visitor sees it before the pick, the staff enter
the number, and the visitor checks the picked group with the script. Every page is
checked with axe."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    check_a11y,
    follow,
    goto,
    log_in,
    press_and_wait,
    tab_to,
    type_into,
)
from tests.consultations.conftest import (  # noqa: F401
    make_round,
    number_is_known,
    pool_zone,
    run_jobs,
    tomorrow,
)
from tests.consultations.test_draw_check import _change_one_age

pytestmark = pytest.mark.browser

SCRIPT = Path(__file__).parents[2] / "burgerplatform" / "static" / "check_draw.py"


def test_staff_publish_the_list_then_enter_the_number_and_a_visitor_checks_the_pick(
    page,
    browser,
    app,
    base_url,
    tmp_path,
    pool_zone,  # noqa: F811
    make_round,  # noqa: F811
):
    setup = pool_zone(10)
    round_id = make_round(setup, size=3, quotas={("municipality", 0): (1, 2)})
    base = f"/{setup.slug}/rounds/{round_id}"

    log_in(page, setup.staff_email)
    goto(page, f"{base}/group")
    expect(page.locator("#draw-how")).to_be_visible()
    check_a11y(page)
    # Step 1 without a source: the form says so. (The quota fields come first: many Tabs.)
    tab_to(page, page.locator("#start-draw"), max_presses=200)
    press_and_wait(page, "Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    check_a11y(page)
    tab_to(page, page.locator("#source"), max_presses=200)
    page.keyboard.type("het getal van de zorgraad van maart")
    # From when the number is known: the next field, then its optional time.
    page.keyboard.press("Tab")
    expect(page.locator("#known_on")).to_be_focused()
    page.locator("#known_on").fill(tomorrow().isoformat())
    tab_to(page, page.locator("#start-draw"), max_presses=12)  # through the time field's parts
    press_and_wait(page, "Enter")
    status_url = page.url
    check_a11y(page)
    run_jobs(app)
    goto(page, status_url)
    expect(page.locator("#number")).to_be_visible()
    check_a11y(page)

    # A visitor sees the list and its fingerprint before the number is known.
    visitor = browser.new_page(base_url=base_url, locale="nl-BE")
    visitor.goto(f"{base}/draw")
    expect(visitor.locator("#not-picked-yet")).to_be_visible()
    expect(visitor.locator("#public-number")).to_contain_text("nog niet bekend")
    published = visitor.locator("#list-hash").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", published)
    check_a11y(visitor)

    # While the list waits, the rules are shown but cannot change.
    goto(page, f"{base}/group")
    expect(page.locator("#rules-locked")).to_be_visible()
    expect(page.locator("#rules-read-only")).to_be_visible()
    expect(page.locator("#group-form")).to_have_count(0)
    check_a11y(page)

    # Someone of the list changes an answer (age, not in this mix): the staff page says
    # so before the pick.
    _change_one_age(app, int(status_url.rsplit("/", 1)[1]))
    goto(page, status_url)
    expect(page.locator("#changed-other")).to_contain_text("op vragen buiten de mix")
    check_a11y(page)

    # Setting the list aside asks first, on a page of its own (no script needed), with
    # the focus on its question: the confirm button is the next Tab. "No" keeps it.
    type_into(page, "#reason", "De pool was fout.", replace=True)
    follow(page, page.locator("#discard-list"))
    expect(page.locator("#confirm-discard")).to_contain_text("niet ongedaan maken")
    assert page.evaluate("document.activeElement.id") == "confirm-discard-title"
    check_a11y(page)
    tab_to(page, page.locator("#confirm-discard-list"), max_presses=1)
    tab_to(page, page.locator("#keep-list"), max_presses=1)
    press_and_wait(page, "Enter")
    expect(page.locator("#number")).to_be_visible()

    # Step 2, once the number is known: a wrong number is refused in plain words; the
    # right one is shown back (without its leading zero) and picks only when confirmed.
    number_is_known()
    type_into(page, "#number", "twaalf", replace=True)
    follow(page, page.locator("#enter-number"))
    expect(page.locator(".error-summary")).to_contain_text("alleen de cijfers 0 tot 9")
    check_a11y(page)
    type_into(page, "#number", "012", replace=True)
    follow(page, page.locator("#enter-number"))
    expect(page.locator("#confirm-number")).to_contain_text("Je vulde het getal 12 in.")
    expect(page.locator("#confirm-number")).to_contain_text("niet ongedaan maken")
    check_a11y(page)
    # The focus is on the confirmation's heading, right after the summary: the confirm
    # button is the next Tab, not the page's ~19th.
    assert page.evaluate("document.activeElement.id") == "confirm-title"
    tab_to(page, page.locator("#confirm-pick"), max_presses=1)
    press_and_wait(page, "Enter")
    expect(page.locator("#draw-picked")).to_contain_text("Het getal 12 koos groep")
    check_a11y(page)

    # The visitor reloads: the same fingerprint, the number and the group; the script agrees.
    visitor.reload()
    expect(visitor.locator("#list-hash")).to_have_text(published)
    expect(visitor.locator("#public-number")).to_have_text(re.compile(r"^12( |$)"))
    check_a11y(visitor)
    # Both links download under the names the page's command uses, and that very
    # command (python3 → this Python) checks the draw in the folder they were saved in.
    for link, name in (
        ("#download-program", "check_draw.py"),
        ("#download-record", "draw-record.json"),
    ):
        visitor.locator(link).focus()
        with visitor.expect_download() as download:
            visitor.keyboard.press("Enter")
        assert download.value.suggested_filename == name
        download.value.save_as(tmp_path / download.value.suggested_filename)
    command = visitor.locator("#check-command").inner_text().split()
    assert command[:2] == ["python3", "check_draw.py"]
    checked = subprocess.run(
        [sys.executable, "-I", *command[1:]],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert checked.returncode == 0, checked.stdout
    assert published in checked.stdout and "De loting klopt." in checked.stdout
    assert (tmp_path / "check_draw.py").read_bytes() == SCRIPT.read_bytes()
    visitor.close()
