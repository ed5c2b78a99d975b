"""The shared moderation module, through proeftuin posts: reports reach the coaches, a
hidden post shows why, the author can ask for review, restore and redaction work."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from burgerplatform.extensions import db
from burgerplatform.moderation.models import ModerationAction, Report
from burgerplatform.notifications.models import Notification
from burgerplatform.proeftuinen.models import Post
from tests.proeftuinen.helpers import add_reply, add_topic, setup_proeftuin


def notified(app, user_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id))
        )


def scene(app, make_zone, make_user, make_client):
    s = setup_proeftuin(app, make_zone, make_user)
    an, jef = s["members"]
    tid, _ = add_topic(app, s["id"], an.id)
    post_id = add_reply(app, tid, jef.id, "Bel Maria op 0470 12 34 56, ze is ziek.")
    coach = make_client()
    coach.login(s["coach"].email)
    return s, tid, post_id, coach


def test_a_report_reaches_the_coaches_of_that_proeftuin(app, make_client, make_zone, make_user):
    s, tid, post_id, coach = scene(app, make_zone, make_user, make_client)
    other = setup_proeftuin(app, make_zone, make_user)
    reporter = make_client()
    reporter.login(s["members"][0].email)
    response = reporter.post(
        f"/moderation/proeftuin_post/{post_id}/report",
        {"reason": "personal_data", "text": "nummer"},
    )
    assert response.status_code == 302
    assert "moderation.reported" in notified(app, s["coach"].id)
    assert "moderation.reported" not in notified(app, other["coach"].id)
    with app.app_context():
        assert db.session.scalar(select(Report.space)) == f"proeftuin:{s['id']}"


def test_a_hidden_post_shows_the_reason_and_the_author_can_ask_for_review(
    app, make_client, make_zone, make_user
):
    s, tid, post_id, coach = scene(app, make_zone, make_user, make_client)
    jef = s["members"][1]
    assert (
        coach.post(
            f"/moderation/proeftuin_post/{post_id}/hide", {"reason": "personal_data", "note": ""}
        ).status_code
        == 400
    )
    response = coach.post(
        f"/moderation/proeftuin_post/{post_id}/hide",
        {"reason": "personal_data", "note": "Zonder het nummer van Maria, graag."},
    )
    assert response.status_code == 302
    topic_url = f"/proeftuinen/{s['id']}/topics/{tid}"
    assert response.headers["Location"].endswith(f"{topic_url}#post-{post_id}")
    reader = make_client()
    page = reader.get(topic_url).get_data(as_text=True)
    assert "0470" not in page and "Zonder het nummer van Maria" in page
    assert "moderation.hidden" in notified(app, jef.id)
    author = make_client()
    author.login(jef.email)
    page = author.get(topic_url).get_data(as_text=True)
    assert f"/moderation/proeftuin_post/{post_id}/review" in page
    # Editing a hidden post is refused; asking for review reaches the coach.
    edit = author.post(f"/proeftuinen/{s['id']}/posts/{post_id}/edit", {"body": "Andere tekst"})
    assert edit.status_code == 400
    review = author.post(
        f"/moderation/proeftuin_post/{post_id}/review", {"text": "Maria vond het goed."}
    )
    assert review.status_code == 302
    assert notified(app, s["coach"].id).count("moderation.reported") == 1
    assert (
        coach.post(
            f"/moderation/proeftuin_post/{post_id}/restore", {"note": "Toestemming"}
        ).status_code
        == 302
    )
    assert "0470" in reader.get(topic_url).get_data(as_text=True)
    with app.app_context():
        actions = [a.action.value for a in db.session.scalars(select(ModerationAction))]
    assert actions == ["hide", "restore"]


def test_redaction_keeps_the_original_only_for_the_retention_period(
    app, make_client, make_zone, make_user
):
    from burgerplatform.core.db import utcnow
    from burgerplatform.moderation.services import purge_redactions

    s, tid, post_id, coach = scene(app, make_zone, make_user, make_client)
    response = coach.post(
        f"/moderation/proeftuin_post/{post_id}/redact",
        {"body": "Bel Maria op [verwijderd], ze is ziek.", "note": ""},
    )
    assert response.status_code == 302
    page = make_client().get(f"/proeftuinen/{s['id']}/topics/{tid}").get_data(as_text=True)
    assert "0470" not in page and "[verwijderd]" in page
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert "0470" in post.redacted_original
        assert purge_redactions([Post]) == 0  # still within the retention period
        post.redacted_at = utcnow() - timedelta(days=31)
        db.session.commit()
        assert purge_redactions([Post]) == 1
        db.session.commit()
        assert db.session.get(Post, post_id).redacted_original is None


def test_the_purge_job_covers_proeftuin_posts(app, make_client, make_zone, make_user):
    from burgerplatform.core import jobs
    from burgerplatform.core.db import utcnow

    s, tid, post_id, coach = scene(app, make_zone, make_user, make_client)
    coach.post(
        f"/moderation/proeftuin_post/{post_id}/redact", {"body": "Zonder nummer", "note": ""}
    )
    with app.test_request_context():
        db.session.get(Post, post_id).redacted_at = utcnow() - timedelta(days=40)
        jobs.enqueue("purge_redactions")
        db.session.commit()
        jobs.run_pending()
        db.session.remove()
    with app.app_context():
        assert db.session.get(Post, post_id).redacted_original is None


def test_a_post_in_a_members_only_proeftuin_does_not_exist_for_outsiders(
    app, make_client, make_zone, make_user
):
    from burgerplatform.proeftuinen.models import Visibility

    s = setup_proeftuin(app, make_zone, make_user, visibility=Visibility.MEMBERS_ONLY)
    an, jef = s["members"]
    tid, _ = add_topic(app, s["id"], an.id)
    post_id = add_reply(app, tid, jef.id, "Alleen voor leden.")
    outsider = make_client()
    outsider.login(make_user().email)
    base = f"/moderation/proeftuin_post/{post_id}"
    assert outsider.get(base + "/report").status_code == 404
    assert outsider.get(base).status_code == 404
    assert outsider.post(base + "/hide", {"reason": "spam", "note": "x"}).status_code == 404
    member = make_client()
    member.login(an.email)
    assert member.get(base + "/report").status_code == 200
    assert member.get(base).status_code == 403  # a member, but not a coach


def test_the_report_page_never_shows_the_words_of_a_hidden_post(
    app, make_client, make_zone, make_user
):
    s, tid, post_id, coach = scene(app, make_zone, make_user, make_client)
    coach.post(
        f"/moderation/proeftuin_post/{post_id}/hide",
        {"reason": "personal_data", "note": "Telefoonnummer van iemand anders."},
    )
    reader = make_client()
    reader.login(make_user().email)  # the proeftuin is public
    response = reader.get(f"/moderation/proeftuin_post/{post_id}/report")
    assert response.status_code == 404
    assert "0470" not in response.get_data(as_text=True)


def test_the_moderation_log_says_the_hiding_note_is_shown_to_everyone_not_private(
    app, make_client, make_zone, make_user
):
    from tests.conftest import speak_english

    s, tid, post_id, coach = scene(app, make_zone, make_user, make_client)
    note = "Zonder het nummer van Maria, graag."
    coach.post(
        f"/moderation/proeftuin_post/{post_id}/hide", {"reason": "personal_data", "note": note}
    )
    speak_english(app, s["coach"])
    page = coach.get(f"/proeftuinen/{s['id']}/moderation-log").get_data(as_text=True)
    assert "Private note" not in page
    row = next(r for r in page.split("<tr>") if note in r)
    assert "Shown to everyone with the hidden post:" in row


def test_the_hide_form_says_everyone_sees_the_explanation_which_a_visitor_indeed_sees(
    app, make_client, make_zone, make_user
):
    s, tid, post_id, coach = scene(app, make_zone, make_user, make_client)
    form = coach.get(f"/moderation/proeftuin_post/{post_id}").get_data(as_text=True)
    assert "De schrijver ziet dit" not in form
    assert "Iedereen ziet deze uitleg bij het verborgen bericht" in form
    coach.post(
        f"/moderation/proeftuin_post/{post_id}/hide",
        {"reason": "personal_data", "note": "Zonder het nummer van Maria, graag."},
    )
    visitor = make_client()
    page = visitor.get(f"/proeftuinen/{s['id']}/topics/{tid}").get_data(as_text=True)
    assert "Zonder het nummer van Maria" in page
