"""Small defects users ran into: an old invitation form, an emptied quota, raw Markdown
on my participation, a cancelled round's page, the letter for who wants no contact."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.extensions import db
from tests.conftest import without_terms


def test_pressing_back_on_an_accepted_invitation_cannot_give_the_seat_away(
    app, make_client, staged_round
):
    from burgerplatform.consultations.models import Seat, SeatStatus

    staged = staged_round("co_define")
    with app.app_context():
        before = len(db.session.scalars(select(Seat)).all())
    member = make_client()
    member.login(staged.members[0])
    page = member.get(f"{staged.base}/invitation")
    assert page.status_code == 200
    sent = member.post(f"{staged.base}/invitation", {"decision": "decline"})
    body = sent.get_data(as_text=True)
    assert sent.status_code != 302, body[:500]
    assert "Bedankt om het te laten weten" not in body
    with app.app_context():
        seats = db.session.scalars(select(Seat)).all()
        assert len(seats) == before
        assert all(s.status is SeatStatus.ACCEPTED for s in seats)


def test_an_old_invitation_form_sent_after_accepting_does_not_draw_a_replacement(
    app, make_client, pool_zone, make_round
):
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import Round, Seat, SeatStatus
    from tests.consultations.conftest import run_jobs

    setup = pool_zone(8)
    round_id = make_round(setup, size=2)
    with app.test_request_context():
        draws.start_draw(db.session.get(Round, round_id), 42)
        db.session.commit()
    run_jobs(app)
    with app.app_context():
        seat = db.session.scalars(select(Seat).where(Seat.round_id == round_id)).first()
        email, seat_id = seat.member.user.email, seat.id
    member = make_client()
    member.login(email)
    url = f"/{setup.slug}/rounds/{round_id}/invitation"
    assert member.get(url).status_code == 200
    assert member.post(url, {"decision": "accept"}).status_code == 302
    sent = member.post(url, {"decision": "decline"})
    body = sent.get_data(as_text=True)
    assert sent.status_code == 400, body[:800]
    assert "Je hebt al op deze uitnodiging geantwoord." in body
    with app.app_context():
        assert db.session.get(Seat, seat_id).status is SeatStatus.ACCEPTED
        assert len(db.session.scalars(select(Seat).where(Seat.round_id == round_id)).all()) == 2


def _group_form(page: str) -> dict[str, str]:
    """The group form's fields as the browser would send them back unchanged."""
    import re

    fields = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' in tag or 'type="radio"' in tag:
            if "checked" in tag:
                fields[name.group(1)] = value.group(1) if value else "y"
            continue
        fields[name.group(1)] = value.group(1) if value else ""
    return fields


def test_an_emptied_quota_is_removed_after_the_group_size_changed(
    app, make_client, pool_zone, make_round
):
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import Round
    from burgerplatform.zones.models import Zone

    setup = pool_zone(12)
    round_id = make_round(setup, size=3)
    with app.app_context():
        zone = db.session.get(Zone, setup.zone_id)
        value_id = next(c for c in pool.categories(zone) if c.for_quotas).values[0].id
    staff = make_client()
    staff.login(setup.staff_email)
    url = f"/{setup.slug}/rounds/{round_id}/group"

    def save(**changes):
        fields = _group_form(staff.get(url).get_data(as_text=True))
        fields.update({k: str(v) for k, v in changes.items()})
        saved = staff.post(url, fields)
        assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]

    save(group_size=12, **{f"min_{value_id}": 1})
    save(group_size=20)
    save(group_size=10, **{f"min_{value_id}": ""})
    fields = _group_form(staff.get(url).get_data(as_text=True))
    assert fields[f"min_{value_id}"] == "" and fields[f"max_{value_id}"] == ""
    with app.app_context():
        assert db.session.get(Round, round_id).quotas == []


def test_a_maximum_above_the_group_size_is_no_maximum(app, make_client, pool_zone, make_round):
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import Round
    from burgerplatform.zones.models import Zone

    setup = pool_zone(12)
    round_id = make_round(setup, size=3)
    with app.app_context():
        zone = db.session.get(Zone, setup.zone_id)
        value_id = next(c for c in pool.categories(zone) if c.for_quotas).values[0].id
    staff = make_client()
    staff.login(setup.staff_email)
    url = f"/{setup.slug}/rounds/{round_id}/group"
    fields = _group_form(staff.get(url).get_data(as_text=True))
    fields.update({"group_size": "10", f"max_{value_id}": "20"})
    assert staff.post(url, fields).status_code == 302
    with app.app_context():
        assert db.session.get(Round, round_id).quotas == []
    fields = _group_form(staff.get(url).get_data(as_text=True))
    assert fields[f"max_{value_id}"] == ""


def test_my_participation_shows_round_input_without_markdown_characters(
    app, make_client, staged_round
):
    from burgerplatform.consultations.models import Contribution

    staged = staged_round("gather")
    with app.app_context():
        contribution = db.session.get(Contribution, staged.online_id)
        contribution.body = "Een **buurtbabbel** met:\n\n- koffie\n- taart"
        db.session.commit()
    member = make_client()
    member.login(staged.members[0])
    page = member.get("/my-participation").get_data(as_text=True)
    assert "Een buurtbabbel met: koffie taart" in page
    assert "**" not in page and "- koffie" not in page


def test_a_cancelled_round_no_longer_says_which_phase_it_is_in(app, make_client, staged_round):
    staged = staged_round("co_define", seated=False)
    staff = make_client()
    staff.login(staged.setup.staff_email)
    reason = "De zorgraad trok de vraag in."
    assert staff.post(f"{staged.base}/cancel", {"reason": reason}).status_code == 302
    html = without_terms(make_client().get(staged.base).get_data(as_text=True))
    assert 'id="cancelled"' in html and reason in html
    assert 'id="phase-now"' not in html and 'aria-current="step"' not in html
    api = make_client().get(f"/api/v1/zones/{staged.setup.slug}/rounds").get_json()
    row = next(r for r in api["items"] if r["id"] == staged.round_id)
    assert row["cancelled"] is True and row["cancelled_at"] and row["phase"] == "co_define"


def test_no_printable_letter_for_who_does_not_want_to_be_contacted(app, make_client, staged_round):
    from burgerplatform.consultations.models import Contribution

    staged = staged_round("gather")
    staff = make_client()
    staff.login(staged.setup.staff_email)
    data = {"body": "Op papier", "source_event": "Markt", "contact_method": "none"}
    assert staff.post(f"{staged.base}/offline", data).status_code == 302
    with app.app_context():
        quiet = db.session.scalar(
            select(Contribution.id).where(
                Contribution.round_id == staged.round_id,
                Contribution.offline,
                Contribution.body == "Op papier",
            )
        )
    page = staff.get(f"{staged.base}/offline").get_data(as_text=True)
    assert f"/contributions/{quiet}/letter" not in page
    # Maria gave an e-mail address: her letter stays on offer.
    assert f"/contributions/{staged.offline_id}/letter" in page
    assert staff.get(f"{staged.base}/contributions/{quiet}/letter").status_code == 404
    assert staff.get(f"{staged.base}/contributions/{staged.offline_id}/letter").status_code == 200
