"""An outside review of the staff's side of the draw (publish a list, then enter the
number that picks a group): what staff are offered while a list waits, what they are
told when two of them act at once, and the confirmations before what cannot be undone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from burgerplatform.extensions import db
from tests.conftest import Client
from tests.consultations.conftest import draw_form, number_is_known, run_jobs
from tests.consultations.test_published_draw import SOURCE, _records

NUMBER = "7 42"


def _staff(app, setup):
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    return staff, f"/{setup.slug}/rounds"


def _status(app, record_id):
    from burgerplatform.consultations.models import DrawRecord

    with app.app_context():
        return db.session.get(DrawRecord, record_id).status.value


@pytest.mark.parametrize("status", ["queued", "running", "published"])
def test_the_question_cannot_be_closed_while_a_list_waits_for_its_number(
    app, pool_zone, make_round, status
):
    """Being made or published, a list whose number is not entered holds the question
    open: the round page says why instead of offering the button, and pressing it
    anyway is refused in words (the group is not picked yet)."""
    from burgerplatform.consultations import services
    from burgerplatform.consultations.models import DrawRecord, DrawStatus, Round
    from burgerplatform.core.domain import PhaseError

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    staff, rounds = _staff(app, setup)
    base = f"{rounds}/{round_id}"
    assert staff.post(f"{base}/draw", draw_form(SOURCE)).status_code == 302
    (record,) = _records(app)
    if status == "published":
        run_jobs(app)
    elif status == "running":
        with app.app_context():
            db.session.execute(
                update(DrawRecord)
                .where(DrawRecord.id == record.id)
                .values(status=DrawStatus.RUNNING)
            )
            db.session.commit()
    assert _status(app, record.id) == status

    page = staff.get(base).get_data(as_text=True)
    assert 'id="question-waits-for-group"' in page
    assert "De vraag kan nog niet afgesloten worden" in page
    assert f"/draws/{record.id}" in page
    assert 'value="gather"' not in page  # no button to close the question

    refused = staff.post(f"{base}/phase", {"to": "gather"})
    assert refused.status_code == 400
    assert "De vraag kan nog niet afgesloten worden" in refused.get_data(as_text=True)
    with app.test_request_context():
        round_ = db.session.get(Round, round_id)
        assert round_.phase.value == "co_define"
        with pytest.raises(PhaseError) as error:
            services.start_gathering(round_, None, confirmed=True)
        assert "wacht op haar getal" in str(error.value.message)


OTHER_SOURCE = "de eerste Lotto-trekking van zaterdag 14 maart"


@pytest.mark.parametrize("when", ["being made", "published", "same moment"])
def test_a_second_publish_with_another_source_is_told_which_source_the_list_has(
    app, pool_zone, make_round, monkeypatch, when
):
    """Two staff press "publish" at once, each with a source of their own: the first
    list stands, and the second is told plainly that a list was published already, with
    which source (while it is made, once published, or in the very same moment when the
    database refuses the second). The same source again (a double click) follows it."""
    from burgerplatform.consultations import draws

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    first, rounds = _staff(app, setup)
    second, _ = _staff(app, setup)
    base = f"{rounds}/{round_id}"
    assert first.post(f"{base}/draw", draw_form(SOURCE)).status_code == 302
    if when == "published":
        run_jobs(app)
    if when == "same moment":
        # The second request looked before the first one's list was stored.
        real, calls = draws.pending_draw, []

        def not_yet(round_):
            calls.append(round_.id)
            return None if len(calls) == 1 else real(round_)

        monkeypatch.setattr(draws, "pending_draw", not_yet)

    refused = second.post(f"{base}/draw", draw_form(OTHER_SOURCE))
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Er werd zonet al een lijst van mogelijke groepen gepubliceerd" in html
    assert f"“{SOURCE}”" in html
    assert 'class="flash flash-error">Er werd zonet al' in html
    (record,) = _records(app)
    assert record.number_source == SOURCE

    monkeypatch.undo()
    again = first.post(f"{base}/draw", draw_form(SOURCE))
    assert again.status_code == 302 and again.location.endswith(f"/draws/{record.id}")
    assert len(_records(app)) == 1


@pytest.mark.parametrize("when", ["before the confirmation", "during the confirmation"])
def test_a_number_confirmed_for_a_list_set_aside_meanwhile_says_the_list_was_set_aside(
    app, pool_zone, make_round, when
):
    """One staff member confirms the number while another sets the list aside: set
    aside just before (the confirmation reads a discarded list) or in the very moment
    (its update finds the list no longer waiting), the answer says the list was set
    aside, never that the group is drawn; nobody is invited."""
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import DrawRecord, DrawStatus, Seat
    from burgerplatform.core.domain import PhaseError

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    staff, rounds = _staff(app, setup)
    base = f"{rounds}/{round_id}"
    assert staff.post(f"{base}/draw", draw_form(SOURCE)).status_code == 302
    run_jobs(app)
    (record,) = _records(app)
    number_is_known()
    set_aside = (
        update(DrawRecord)
        .where(DrawRecord.id == record.id)
        .values(
            status=DrawStatus.DISCARDED,
            discard_reason="De pool was fout.",
            discarded_at=datetime(2026, 12, 6, 13, 5, tzinfo=UTC),
        )
        .execution_options(synchronize_session=False)
    )
    if when == "before the confirmation":
        url = f"{base}/draws/{record.id}/number"
        shown = staff.post(url, {"number": NUMBER}, follow_redirects=True)
        assert 'id="confirm-number"' in shown.get_data(as_text=True)
        with app.app_context():
            db.session.execute(set_aside)
            db.session.commit()
        answer = staff.post(url, {"number": NUMBER, "confirmed": "yes"})
        assert answer.status_code == 400
        html = answer.get_data(as_text=True)
        assert "Deze lijst werd weggelegd op 6 december 2026 om 14:05" in html
        assert "Geen enkel getal kan er dus nog een groep uit kiezen" in html
        assert "De groep is al geloot" not in html
    else:
        with app.test_request_context():
            loaded = db.session.get(DrawRecord, record.id)
            assert loaded.status is DrawStatus.PUBLISHED
            db.session.execute(set_aside)  # another request, between reading and claiming
            with pytest.raises(PhaseError) as refused:
                draws.enter_number(loaded, NUMBER)
            assert "weggelegd op 6 december 2026 om 14:05" in str(refused.value.message)
            db.session.rollback()
    with app.app_context():
        assert db.session.scalars(db.select(Seat).where(Seat.round_id == round_id)).all() == []
