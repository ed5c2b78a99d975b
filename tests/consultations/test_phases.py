"""A round's phases are declared once (consultations.phases): the page, the staff's
button and the services all follow that declaration."""

from __future__ import annotations

import pytest

from burgerplatform.consultations import phases, services
from burgerplatform.consultations.models import Phase, Round
from burgerplatform.extensions import db


def test_every_phase_is_declared_once_in_the_order_of_the_round():
    assert [p.phase for p in phases.ROUND_PHASES] == list(Phase)
    for before, after in zip(phases.ROUND_PHASES, phases.ROUND_PHASES[1:], strict=False):
        assert before.next is after.phase
    assert phases.ROUND_PHASES[-1].next is None


def test_each_declared_step_names_a_service_and_each_section_is_known():
    for p in phases.ROUND_PHASES:
        assert p.sections <= phases.SECTIONS, p.phase
        assert (p.next is None) == (p.moved_by is None), p.phase
        if p.moved_by:
            assert callable(getattr(services, p.moved_by)), p.moved_by
        assert p.button is None or p.next is not None


@pytest.mark.parametrize("phase", [p.phase.value for p in phases.ROUND_PHASES if p.button])
def test_staff_see_the_button_of_the_phase_and_it_asks_for_the_next_phase(
    app, make_client, staged_round, english_pages, phase
):
    staged = staged_round(phase)
    english_pages()
    staff = make_client()
    staff.login(staged.setup.staff_email)
    page = staff.get(staged.base).get_data(as_text=True)
    declared = phases.of(Phase(phase))
    assert str(declared.button) in page or 'id="submit-refused"' in page
    assert f'value="{declared.next.value}"' in page or 'id="submit-refused"' in page


def test_a_step_to_an_unknown_phase_is_a_bad_request(app, make_client, staged_round):
    staged = staged_round("co_define")
    staff = make_client()
    staff.login(staged.setup.staff_email)
    # follow_up is reached by the zorgraad publishing its answer, never by this form.
    for to in ("follow_up", "co_define", "nonsense"):
        assert staff.post(f"{staged.base}/phase", {"to": to}).status_code == 400
    with app.app_context():
        assert db.session.get(Round, staged.round_id).phase is Phase.CO_DEFINE
