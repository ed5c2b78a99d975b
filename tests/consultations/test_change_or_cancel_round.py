"""Staff change a round's texts and dates, or cancel it with a public reason, until its
klankbordgroep is drawn; who already took part is told."""

from __future__ import annotations

from sqlalchemy import func, select

from burgerplatform.extensions import db
from tests.conftest import without_terms
from tests.consultations.conftest import draw_form

FORM = {
    "title": "Vervoer naar de huisarts en het ziekenhuis",
    "question": "Hoe geraken mensen zonder auto bij de dokter?",
    "background": "",
    "asked_by": "PZON-cluster",
    "deadline": "",
}


def _staff(make_client, staged):
    client = make_client()
    client.login(staged.setup.staff_email)
    return client


def test_staff_change_the_title_and_question_before_the_draw(app, make_client, staged_round):
    from burgerplatform.consultations.models import Round

    staged = staged_round("co_define", seated=False)
    client = _staff(make_client, staged)
    page = client.get(staged.base).get_data(as_text=True)
    assert f"{staged.base}/edit" in page
    form = client.get(f"{staged.base}/edit").get_data(as_text=True)
    assert "Vervoer naar de huisarts" in form  # filled in with what is there
    response = client.post(f"{staged.base}/edit", FORM)
    assert response.status_code == 302
    with app.app_context():
        round_ = db.session.get(Round, staged.round_id)
        assert (round_.title, round_.question_draft) == (FORM["title"], FORM["question"])
        db.session.remove()


def test_staff_cancel_a_round_with_a_reason_everyone_reads_and_participants_are_told(
    app, make_client, staged_round
):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import Suggestion
    from burgerplatform.notifications.models import Notification

    staged = staged_round("co_define", seated=False)
    with app.app_context():
        author = db.session.scalar(select(User).where(User.email == staged.setup.members[0]))
        db.session.add(Suggestion(round_id=staged.round_id, author_id=author.id, proposal="?"))
        db.session.commit()
        author_id = author.id
    client = _staff(make_client, staged)
    assert client.post(f"{staged.base}/cancel", {"reason": ""}).status_code == 400
    reason = "De zorgraad trok de vraag in."
    assert client.post(f"{staged.base}/cancel", {"reason": reason}).status_code == 302
    html = without_terms(make_client().get(staged.base).get_data(as_text=True))
    assert "This round is cancelled" in html and reason in html
    listing = make_client().get(f"/{staged.setup.slug}/rounds/").get_data(as_text=True)
    assert "Cancelled" in listing
    with app.app_context():
        told = db.session.scalars(
            select(Notification.user_id).where(Notification.kind == "round.cancelled")
        ).all()
        db.session.remove()
    assert told == [author_id]
    # Nothing more happens in a cancelled round: a clear refusal, never an error page.
    for url, data in (
        (f"{staged.base}/draw", draw_form("de zorgraad")),
        (f"{staged.base}/phase", {"to": "gather"}),
    ):
        response = client.post(url, data)
        assert response.status_code == 400, url
        assert "Deze ronde is geannuleerd" in response.get_data(as_text=True), url


def test_after_the_draw_the_round_can_no_longer_be_changed_or_cancelled(
    app, make_client, staged_round
):
    from burgerplatform.audit.models import AuditEvent

    staged = staged_round("co_define")  # two accepted seats: the group is drawn
    client = _staff(make_client, staged)
    assert f"{staged.base}/edit" not in client.get(staged.base).get_data(as_text=True)
    response = client.get(f"{staged.base}/edit")
    assert response.status_code == 302
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "kan niet meer veranderen" in followed
    for url, data in ((f"{staged.base}/edit", FORM), (f"{staged.base}/cancel", {"reason": "x"})):
        response = client.post(url, data)
        assert response.status_code == 400, url
        assert "kan niet meer veranderen" in response.get_data(as_text=True)
    with app.app_context():
        assert not db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action.like("round.c%"))
        )
        db.session.remove()
