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


def _offline(app, staged, name: str, method: str, detail: str) -> int:
    from burgerplatform.consultations.models import ContactMethod, Contribution

    with app.app_context():
        item = Contribution(
            round_id=staged.round_id,
            zone_id=staged.setup.zone_id,
            body=f"Input van {name}",
            offline=True,
            source_event="Markt",
            contact_name=name,
            contact_method=ContactMethod(method),
            contact_detail=detail,
            unused_reason="Buiten de vraag.",
        )
        db.session.add(item)
        db.session.commit()
        return item.id


def test_staff_see_who_still_has_to_be_told_by_which_channel_and_mark_each_as_done(
    app, make_client, staged_round, deliver, english_pages
):
    from burgerplatform.audit.models import AuditEvent
    from burgerplatform.consultations.models import Contribution

    staged = staged_round("submitted")
    by_post = _offline(app, staged, "Jan", "post", "Kerkstraat 2, 9990 Maldegem")
    by_phone = _offline(app, staged, "Mia", "phone", "0470 12 34 56")
    _offline(app, staged, "Anoniem", "none", "")
    english_pages()
    staff = make_client()
    staff.login(staged.setup.staff_email)
    _publish(app, make_client, staged, "Niet gebruikt.")
    # The person who left an e-mail address got the follow-up by mail at once.
    mails = [m for m in deliver() if "maria@example.org" in str(m["To"])]
    assert len(mails) == 1
    body = mails[0].get_body(preferencelist=("plain",)).get_content()
    assert "Maria" in body
    assert f"/{staged.setup.slug}/rounds/{staged.round_id}" in body

    page = staff.get(f"{staged.base}/follow-up")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2 people still have to be told." in html
    assert "Kerkstraat 2" in html and "0470 12 34 56" in html and "Anoniem" not in html
    assert f"/contributions/{by_post}/letter" in html
    assert "E-mailed by the platform on" in html
    round_page = staff.get(staged.base).get_data(as_text=True)
    assert "Tell people who gave input offline (2 left)" in round_page

    url = f"{staged.base}/contributions/{by_phone}/followed-up"
    assert staff.post(url).status_code == 302
    html = staff.get(f"{staged.base}/follow-up").get_data(as_text=True)
    assert "1 person still has to be told." in html
    assert "Done on" in html
    # Pressed again (a second tab): refused, and the first date stays.
    with app.app_context():
        first = db.session.get(Contribution, by_phone).followed_up_at
    again = staff.post(url)
    assert again.status_code == 400
    assert "This person was told already." in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Contribution, by_phone).followed_up_at == first
        logged = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "consultations.followed_up")
        ).all()
        assert len(logged) == 1


def test_the_letter_carries_the_zones_web_address_and_phone_number(app, make_client, staged_round):
    from burgerplatform.zones.models import Zone

    staged = staged_round("submitted")
    by_post = _offline(app, staged, "Jan", "post", "Kerkstraat 2, 9990 Maldegem")
    with app.app_context():
        db.session.get(Zone, staged.setup.zone_id).contact_phone = "09 123 45 67"
        db.session.commit()
    staff = make_client()
    staff.login(staged.setup.staff_email)
    html = staff.get(f"{staged.base}/contributions/{by_post}/letter").get_data(as_text=True)
    assert "09 123 45 67" in html
    assert f"http://localhost/{staged.setup.slug}/" in html
