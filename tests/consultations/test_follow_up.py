"""After the zorgraad answered: everyone who gave input is told the truth about it."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.extensions import db


def _publish(app, make_client, staged, unused_reason: str):
    """The zorgraad answers the one recommendation and publishes; the second member's
    input was not used."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import Contribution

    with app.app_context():
        second = db.session.scalar(select(User).where(User.email == staged.members[1]))
        item = Contribution(
            round_id=staged.round_id,
            zone_id=staged.setup.zone_id,
            author_id=second.id,
            body="Meer parkeerplaatsen.",
            unused_reason=unused_reason,
        )
        db.session.add(item)
        db.session.commit()
    zorgraad = make_client()
    zorgraad.login(staged.zorgraad_email)
    p = f"o{staged.rec_id}-"
    answer = {p + "outcome": "adopted", p + "reason": "We doen het."}
    assert (
        zorgraad.post(f"{staged.base}/recommendations/{staged.rec_id}/outcome", answer).status_code
        == 302
    )
    assert zorgraad.post(f"{staged.base}/publish").status_code == 302


def test_each_contributor_hears_whether_their_input_was_used_and_where(
    app, make_client, staged_round
):
    from burgerplatform.accounts.models import User
    from burgerplatform.notifications.kinds import text_for
    from burgerplatform.notifications.models import Notification

    staged = staged_round("submitted")
    _publish(app, make_client, staged, "Valt buiten de vraag.")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        users = {
            email: db.session.scalar(select(User.id).where(User.email == email))
            for email in staged.members
        }
        notes = db.session.scalars(select(Notification).order_by(Notification.id)).all()
        by_user = {}
        for n in notes:
            by_user.setdefault(n.user_id, []).append(n)
        used = by_user[users[staged.members[0]]]
        assert [n.kind for n in used] == ["round.input_used"]
        assert used[0].url.endswith(f"/recommendations/{staged.rec_id}")
        from flask_babel import force_locale

        with force_locale("en"):
            text = text_for(used[0].kind, used[0].params)
            assert "was used in the recommendation “Buurtauto”" in text
            assert "Adopted" in text
            unused = by_user[users[staged.members[1]]]
            # Not "your input was used": it was not, and the reason is given.
            assert [n.kind for n in unused] == ["round.input_unused"]
            assert "Valt buiten de vraag." in text_for(unused[0].kind, unused[0].params)
            assert "was not used" in text_for(unused[0].kind, unused[0].params)
        assert "#contribution-" in unused[0].url
    # The link leads to the recommendation with the zorgraad's answer.
    member = make_client()
    member.login(staged.members[0])
    page = member.get(used[0].url).get_data(as_text=True)
    assert 'id="outcome"' in page and "We doen het." in page
