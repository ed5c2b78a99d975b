"""Journey 2 in a real browser: a round with a klankbordgroep drawn by lot, end to end.

staff create → set quotas → draw (a background job) → members accept, one declines and is
replaced → co-define → gather (online and offline) → co-draft with links → review with a
correction → submit → the zorgraad answers → a contributor sees what happened.
Setup through services only for what the journey does not cover (people, the pool, a
zorgraad meeting). axe checks every page (see support.py). Texts are matched in Dutch or
English so the test passes whether or not the catalogues are compiled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from burgerplatform.extensions import db
from tests.browser.support import check_a11y, goto, log_in, press_and_wait, type_into
from tests.consultations.conftest import number_is_known, tomorrow

pytestmark = pytest.mark.browser


# Page helpers ---------------------------------------------------------------------------


def choose(page: Page, selector: str) -> None:
    """Tick a radio button or checkbox with the keyboard."""
    box = page.locator(selector)
    box.focus()
    if not box.is_checked():
        page.keyboard.press("Space")
    expect(box).to_be_checked()


def press(page: Page, button) -> None:
    """Focus a button and press Enter; wait for and check the page it leads to."""
    button.focus()
    press_and_wait(page, "Enter")


def submit_in(page: Page, form: str):
    return page.locator(f"{form} button[type=submit]").first


def advance(page: Page, base: str) -> None:
    """Staff move the round to its next phase."""
    press(page, submit_in(page, f'.staff-box form[action="{base}/phase"]'))


def in_phase(page: Page, index: int) -> None:
    expect(page.locator(".phase-steps li").nth(index)).to_have_attribute("aria-current", "step")


def logout(page: Page) -> None:
    press(page, page.locator('header form[action="/logout"] button[type="submit"]'))


@dataclass
class People:
    zone_slug: str
    staff: str
    zorgraad: str
    pool: list[str]
    eeklo: int
    maldegem: int


def setup_zone(app, make_zone, make_user) -> People:
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import pool
    from burgerplatform.core.db import utcnow
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting
    from burgerplatform.zones.models import Role, Zone

    zone = make_zone(municipalities=["Eeklo", "Maldegem"])
    staff = make_user(roles=[(zone.id, Role.STAFF)], display_name="Sofie Staff")
    zorgraad = make_user(roles=[(zone.id, Role.ZORGRAAD_MEMBER)], display_name="Raf Zorgraad")
    citizens = [make_user(zone_id=zone.id, display_name=f"Burger {i}") for i in range(6)]
    with app.test_request_context():
        z = db.session.get(Zone, zone.id)
        cats = {c.key: c for c in pool.categories(z)}
        towns = cats["municipality"].values
        for i, citizen in enumerate(citizens):
            user = db.session.get(User, citizen.id)
            pool.join_or_update(z, user, {towns[i % 2].id}, consent=True)
        start = utcnow() + timedelta(days=14)
        create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{zone.id}",
            zone_id=zone.id,
            title="Zorgraad",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=None,
        )
        db.session.commit()
        return People(
            zone.slug,
            staff.email,
            zorgraad.email,
            [c.email for c in citizens],
            towns[0].id,
            towns[1].id,
        )


def invited(app, round_id: int) -> list[str]:
    from burgerplatform.consultations.models import PoolMember, Seat, SeatStatus

    with app.app_context():
        rows = db.session.scalars(
            select(Seat)
            .join(PoolMember)
            .where(Seat.round_id == round_id, Seat.status == SeatStatus.INVITED)
            .order_by(Seat.id)
        ).all()
        emails = [s.member.user.email for s in rows]
        db.session.remove()
        return emails


def run_jobs(app) -> None:
    from burgerplatform.core import jobs

    with app.test_request_context():
        jobs.run_pending()
        db.session.remove()


# The journey ------------------------------------------------------------------------------


def test_a_round_from_question_to_follow_up_with_a_klankbordgroep_drawn_by_lot(
    page, app, base_url, make_zone, make_user
):
    people = setup_zone(app, make_zone, make_user)
    zone = f"/{people.zone_slug}"

    # Staff create the round.
    log_in(page, people.staff)
    goto(page, f"{zone}/rounds/")
    press(page, page.locator(f'main a[href="{zone}/rounds/new"]'))
    type_into(page, "#title", "Vervoer naar de huisarts", replace=True)
    type_into(page, "#question", "Hoe geraken mensen zonder auto bij de huisarts?", replace=True)
    type_into(page, "#background", "Veel mensen hebben **geen auto**.", replace=True)
    type_into(page, "#asked_by", "PZON-cluster", replace=True)
    press(page, submit_in(page, "main form"))
    round_id = int(re.search(r"/rounds/(\d+)/group", page.url).group(1))
    base = f"{zone}/rounds/{round_id}"

    # Quotas: one seat from each municipality, two seats; no rotation rule needed.
    type_into(page, "#group_size", "2", replace=True)
    type_into(page, "#rotation_rounds", "0", replace=True)
    for value in (people.eeklo, people.maldegem):
        type_into(page, f"#min_{value}", "1", replace=True)
        type_into(page, f"#max_{value}", "1", replace=True)
    press(page, page.locator("#group-form button[type=submit]"))
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator(f"#min_{people.eeklo}")).to_have_count(1)

    # The draw's first step runs as a job: the status page shows progress and does not
    # wait; then the list is published and the staff enter the public number.
    page.locator("#source").focus()
    page.keyboard.type("Het getal van de zorgraad")
    page.locator("#known_on").fill(tomorrow().isoformat())
    press(page, page.locator("#start-draw"))
    assert re.search(r"/draws/\d+$", page.url)
    status_url = page.url
    expect(page.locator("#draw-progress")).to_be_visible()
    goto(page, base)
    run_jobs(app)
    goto(page, status_url)
    number_is_known()
    type_into(page, "#number", "1234", replace=True)
    press(page, page.locator("#enter-number"))
    expect(page.locator("#confirm-number")).to_contain_text("1234")
    press(page, page.locator("#confirm-pick"))
    expect(page.locator("#draw-state")).to_have_class(re.compile("flash-success"))
    expect(page.locator("dl.facts")).to_contain_text(
        re.compile("leximin over (antwoordprofielen|answer profiles)")
    )
    # The page that lets anyone check the draw, linked from its disclosure.
    goto(page, f"{base}/draw")
    expect(page.locator("#for-checking")).to_be_visible()
    expect(page.locator("a[download]").first).to_be_visible()

    first, second = invited(app, round_id)
    logout(page)

    # One member accepts, the other declines: a replacement keeps the quotas.
    log_in(page, first)
    goto(page, f"{base}/invitation")
    choose(page, "input[name=decision][value=accept]")
    press(page, submit_in(page, "main form"))
    assert page.url.startswith(f"{base_url}{base}")
    logout(page)

    log_in(page, second)
    goto(page, f"{base}/invitation")
    choose(page, "input[name=decision][value=decline]")
    press(page, submit_in(page, "main form"))
    expect(page.locator(".flash-success")).to_be_visible()
    logout(page)

    (replacement,) = invited(app, round_id)
    assert replacement not in (first, second)
    assert people.pool.index(replacement) % 2 == people.pool.index(second) % 2  # same town
    log_in(page, replacement)
    goto(page, "/notifications")
    goto(page, f"{base}/invitation")
    choose(page, "input[name=decision][value=accept]")
    press(page, submit_in(page, "main form"))
    expect(page.locator("#group table")).to_be_visible()
    logout(page)

    # Co-define: a member suggests a better question; staff take it over.
    log_in(page, first)
    goto(page, base)
    type_into(
        page, "#proposal", "Hoe geraken mensen zonder auto of bus bij de huisarts?", replace=True
    )
    type_into(page, "#reason", "Ook de bus rijdt weinig.", replace=True)
    press(page, submit_in(page, f'form[action="{base}/suggestions"]'))
    expect(page.locator("#question .comment")).to_have_count(1)
    logout(page)

    log_in(page, people.staff)
    goto(page, base)
    choose(page, "#question input[value=accept]")
    press(page, submit_in(page, f'form[action^="{base}/suggestions/"]'))
    expect(page.locator("#question .status-badge")).to_be_visible()
    advance(page, base)
    in_phase(page, 1)

    # Gather: staff enter input gathered offline, with its source and a way to reach back.
    press(page, page.locator(f'a[href="{base}/offline"]'))
    type_into(page, "#body", "Op de markt: de belbus is te duur voor mij.", replace=True)
    type_into(page, "#source_event", "Op tour: markt van Eeklo", replace=True)
    type_into(page, "#source_place", "Eeklo", replace=True)
    choose(page, "#consent")
    type_into(page, "#contact_name", "Maria", replace=True)
    page.locator("#contact_method").select_option("post")
    type_into(page, "#contact_detail", "Markt 1, 9900 Eeklo", replace=True)
    press(page, submit_in(page, "main form"))
    expect(page.locator("main table")).to_contain_text("Maria")
    logout(page)

    # A member gives input online.
    log_in(page, first)
    goto(page, base)
    type_into(page, "#body", "Een **buurtauto** zou helpen.", replace=True)
    press(page, submit_in(page, f'form[action="{base}/contributions"]'))
    expect(page.locator("#input li.comment")).to_have_count(2)
    logout(page)

    log_in(page, people.staff)
    goto(page, base)
    advance(page, base)
    in_phase(page, 2)
    logout(page)

    # Co-draft: a member proposes a recommendation linked to both inputs, then edits it.
    log_in(page, first)
    goto(page, base)
    type_into(page, "#title", "Start een buurtautoproject", replace=True)
    type_into(page, "#body", "Gemeenten steunen een buurtauto.", replace=True)
    for box in page.locator("input[name=sources]").all():
        box.focus()
        page.keyboard.press("Space")
    press(page, submit_in(page, f'form[action="{base}/recommendations"]'))
    expect(page.locator("#advice .recommendation-list li")).to_have_count(1)
    press(page, page.locator('#advice a[href$="/edit"]'))
    type_into(
        page,
        "#body",
        "Gemeenten steunen een buurtauto.\nOok de belbus wordt goedkoper.",
        replace=True,
    )
    press(page, submit_in(page, 'main form[action$="/edit"]'))
    expect(page.locator(".diff ins")).to_contain_text("belbus")
    logout(page)

    log_in(page, people.staff)
    goto(page, base)
    advance(page, base)
    in_phase(page, 3)
    logout(page)

    # Review: one member proposes a correction, the other confirms.
    log_in(page, first)
    goto(page, base)
    choose(page, "input[name=decision][value=correct]")
    type_into(page, "#review textarea[name=body]", "Zeg ook dat het om ouderen gaat.", replace=True)
    press(page, submit_in(page, f'form[action="{base}/review"]'))
    logout(page)
    log_in(page, replacement)
    goto(page, base)
    choose(page, "input[name=decision][value=confirm]")
    press(page, submit_in(page, f'form[action="{base}/review"]'))
    expect(page.locator("#review")).to_contain_text("Burger")
    logout(page)

    # Staff see why the advice cannot go yet: the correction waits for an answer.
    log_in(page, people.staff)
    goto(page, base)
    expect(page.locator("#review-count")).to_contain_text("1")
    expect(page.locator("#submit-refused li")).to_have_count(1)
    # They change the advice as the member asked, then close the correction as changed.
    press(page, page.locator('#advice a[href$="/edit"]'))
    type_into(
        page,
        "#body",
        "Gemeenten steunen een buurtauto, vooral voor ouderen.\nOok de belbus wordt goedkoper.",
        replace=True,
    )
    press(page, submit_in(page, 'main form[action$="/edit"]'))
    goto(page, base)
    choose(page, "#review input[name$=resolution][value=changed]")
    type_into(
        page, "#review textarea[name$=answer]", "Aangepast: de ouderen staan erin.", replace=True
    )
    press(page, submit_in(page, f'form[action^="{base}/review/"]'))
    expect(page.locator("#review .review-answer")).to_contain_text("de ouderen staan erin")
    expect(page.locator("#submit-refused")).to_have_count(0)
    advance(page, base)
    in_phase(page, 4)
    expect(page.locator("#outcomes")).to_be_visible()
    logout(page)

    # The zorgraad answers.
    log_in(page, people.zorgraad)
    goto(page, base)
    page.locator("#outcomes select").select_option("adapted")
    type_into(page, "#outcomes textarea", "We starten in twee gemeenten.", replace=True)
    press(page, submit_in(page, 'form[action$="/outcome"]'))
    press(page, submit_in(page, f'form[action="{base}/publish"]'))
    in_phase(page, 5)
    logout(page)

    # Staff see who still has to be told, print the letter for the person met at the
    # market, and mark her as told.
    log_in(page, people.staff)
    goto(page, base)
    press(page, page.locator("#follow-up-link"))
    expect(page.locator("#follow-up-pending")).to_contain_text("1")
    press(page, page.locator('main a[href$="/letter"]'))
    expect(page.locator(".letter")).to_contain_text("Start een buurtautoproject")
    goto(page, f"{base}/follow-up")
    press(page, page.locator('main form[action$="/followed-up"] button'))
    expect(page.locator("#follow-up-pending")).to_contain_text("0")
    logout(page)

    # The contributor is told, and sees what happened with their input.
    log_in(page, first)
    goto(page, "/notifications")
    note = page.locator(".notification-list li").first
    expect(note).to_contain_text("Vervoer naar de huisarts")
    # It says in which recommendation the input was used, and leads to it and its answer.
    expect(note).to_contain_text("Start een buurtautoproject")
    press(page, note.locator("button"))
    assert f"{base}/recommendations/" in page.url
    expect(page.locator("#outcome .status-badge")).to_be_visible()
    expect(page.locator("#outcome")).to_contain_text("We starten in twee gemeenten.")
    check_a11y(page)
