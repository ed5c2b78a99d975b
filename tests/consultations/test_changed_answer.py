"""The zorgraad's published answer to a recommendation: the form shows it, a change is
public and dated, in the audit log, and told to who followed it, once; saving the same
answer again changes nothing."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from burgerplatform.extensions import db


def _answered(app, staged_round):
    from burgerplatform.consultations.models import Outcome, Recommendation
    from burgerplatform.core.db import utcnow

    staged = staged_round("follow_up")
    with app.app_context():
        rec = db.session.get(Recommendation, staged.rec_id)
        rec.outcome, rec.outcome_reason, rec.answered_at = Outcome.ADOPTED, "Goed plan.", utcnow()
        db.session.commit()
    return staged


def _counts(app, rec_id):
    from burgerplatform.audit.models import AuditEvent
    from burgerplatform.consultations.models import Recommendation
    from burgerplatform.notifications.models import Notification

    with app.app_context():
        rec = db.session.get(Recommendation, rec_id)
        result = {
            "answer": (rec.outcome.value, rec.outcome_reason, rec.outcome_changed_at is not None),
            "notes": sorted(
                db.session.execute(
                    select(Notification.user_id, func.count())
                    .where(Notification.kind == "round.answer_changed")
                    .group_by(Notification.user_id)
                ).all()
            ),
            "audit": db.session.scalar(
                select(func.count(AuditEvent.id)).where(AuditEvent.action == "round.answer_changed")
            ),
        }
        db.session.remove()
        return result


def test_the_answer_form_shows_the_answer_saved_so_far(app, make_client, staged_round):
    staged = _answered(app, staged_round)
    zorgraad = make_client()
    zorgraad.login(staged.zorgraad_email)
    html = zorgraad.get(staged.base).get_data(as_text=True)
    assert re.search(r'<option selected value="adopted">|<option value="adopted" selected', html)
    assert re.search(r"<textarea[^>]*>\s*Goed plan\.</textarea>", html)


def test_saving_the_same_answer_again_changes_nothing_and_tells_nobody(
    app, make_client, staged_round
):
    staged = _answered(app, staged_round)
    before = _counts(app, staged.rec_id)
    zorgraad = make_client()
    zorgraad.login(staged.zorgraad_email)
    p = f"o{staged.rec_id}-"
    url = f"{staged.base}/recommendations/{staged.rec_id}/outcome"
    response = zorgraad.post(url, {p + "outcome": "adopted", p + "reason": "Goed plan."})
    assert response.status_code == 302
    assert _counts(app, staged.rec_id) == before
    page = zorgraad.get(staged.base).get_data(as_text=True)
    assert "Changed on" not in page and "Gewijzigd op" not in page


def test_a_changed_answer_shows_changed_on_with_the_date_and_tells_followers_once(
    app, make_client, staged_round
):
    from burgerplatform.accounts.models import User

    staged = _answered(app, staged_round)
    zorgraad = make_client()
    zorgraad.login(staged.zorgraad_email)
    p = f"o{staged.rec_id}-"
    url = f"{staged.base}/recommendations/{staged.rec_id}/outcome"
    changed = {p + "outcome": "adapted", p + "reason": "In twee gemeenten eerst."}
    assert zorgraad.post(url, changed).status_code == 302
    after = _counts(app, staged.rec_id)
    assert after["answer"] == ("adapted", "In twee gemeenten eerst.", True)
    assert after["audit"] == 1
    with app.app_context():
        ids = sorted(
            db.session.scalar(select(User.id).where(User.email == e)) for e in staged.members
        )
    # The author of the input it came from (a member too) and the other member: once each.
    assert after["notes"] == [(i, 1) for i in ids]
    # The same change sent again (a double click) adds nothing.
    assert zorgraad.post(url, changed).status_code == 302
    assert _counts(app, staged.rec_id) == after
    for page in (staged.base, f"{staged.base}/recommendations/{staged.rec_id}"):
        html = make_client().get(page).get_data(as_text=True)
        assert "Changed on" in html, page
        assert "Adopted with changes" in html and "The answer before: Adopted." in html


def test_the_api_shows_when_a_published_answer_changed_and_what_it_was(
    app, make_client, staged_round
):
    staged = _answered(app, staged_round)
    zorgraad = make_client()
    zorgraad.login(staged.zorgraad_email)
    p = f"o{staged.rec_id}-"
    url = f"{staged.base}/recommendations/{staged.rec_id}/outcome"
    assert (
        zorgraad.post(url, {p + "outcome": "declined", p + "reason": "Geen budget."}).status_code
        == 302
    )
    data = make_client().get(f"/api/v1/zones/{staged.setup.slug}/rounds").get_json()
    items = data["items"] if isinstance(data, dict) else data
    rec = next(r for r in items if r["id"] == staged.round_id)["recommendations"][0]
    assert (rec["outcome"], rec["previous_outcome"]) == ("declined", "adopted")
    assert rec["changed_at"]
