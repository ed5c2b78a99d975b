"""Talking in a proeftuin: topics, replies, quotes, mentions, following, and the coach's
pin, lock and close-with-an-outcome."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.extensions import db
from burgerplatform.moderation.models import ModerationAction
from burgerplatform.notifications.models import Notification
from burgerplatform.proeftuinen.models import Post, Topic
from tests.conftest import mail_text
from tests.proeftuinen.helpers import add_reply, add_topic, setup_proeftuin


def kinds_for(app, user_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id))
        )


def test_guidelines_are_shown_until_the_first_message(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["members"][0].email)
    new = f"/proeftuinen/{s['id']}/topics/new"
    assert 'id="guidelines-title"' in client.get(new).get_data(as_text=True)
    response = client.post(new, {"title": "Buurtsoep", "body": "Wie kookt mee?"})
    assert response.status_code == 302
    assert 'id="guidelines-title"' not in client.get(new).get_data(as_text=True)


def test_an_empty_topic_is_refused_and_keeps_the_title(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["members"][0].email)
    response = client.post(
        f"/proeftuinen/{s['id']}/topics/new", {"title": "Mijn titel", "body": ""}
    )
    assert response.status_code == 400
    assert 'value="Mijn titel"' in response.get_data(as_text=True)


def test_a_huge_message_is_refused_with_a_clear_message(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    tid, _ = add_topic(app, s["id"], s["members"][0].id)
    client.login(s["members"][1].email)
    response = client.post(f"/proeftuinen/{s['id']}/topics/{tid}/reply", {"body": "x" * 30000})
    assert response.status_code == 400
    big = client.post(f"/proeftuinen/{s['id']}/topics/{tid}/reply", {"body": "x" * 3_000_000})
    assert 400 <= big.status_code < 500


def test_replies_reach_followers_in_app_and_by_mail(app, client, make_zone, make_user, deliver):
    s = setup_proeftuin(app, make_zone, make_user)
    an, jef = s["members"]
    tid, _ = add_topic(app, s["id"], an.id)
    client.login(jef.email)
    response = client.post(f"/proeftuinen/{s['id']}/topics/{tid}/reply", {"body": "Ik doe mee!"})
    assert response.status_code == 302 and "#post-" in response.headers["Location"]
    assert "proeftuin.reply" in kinds_for(app, an.id)
    mails = [m for m in deliver() if an.email in str(m["To"])]
    assert mails and "Jef" in mail_text(mails[-1])
    # Jef follows automatically now: An's answer reaches him.
    add_reply(app, tid, an.id, "Top, Jef.")
    assert "proeftuin.reply" in kinds_for(app, jef.id)


def test_unfollowing_stops_the_notifications(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    an, jef = s["members"]
    tid, _ = add_topic(app, s["id"], an.id)
    client.login(an.email)
    client.post(f"/proeftuinen/{s['id']}/topics/{tid}/follow", {"follow": "0"})
    add_reply(app, tid, jef.id)
    assert "proeftuin.reply" not in kinds_for(app, an.id)
    client.post(f"/proeftuinen/{s['id']}/topics/{tid}/follow", {"follow": "1"})
    add_reply(app, tid, jef.id, "Nog iets")
    assert "proeftuin.reply" in kinds_for(app, an.id)


def test_a_mention_by_display_name_notifies_that_member_only(app, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user, members=3)
    an, jef, fatima = s["members"]
    outsider = make_user(display_name="Fat")
    tid, _ = add_topic(app, s["id"], an.id, body="Hallo @fatima, wat denk jij? En @Fat ook.")
    assert "proeftuin.mentioned" in kinds_for(app, fatima.id)
    assert "proeftuin.mentioned" not in kinds_for(app, jef.id)
    assert kinds_for(app, outsider.id) == []  # not a member: no mention
    add_reply(app, tid, jef.id, "mail@An.be is geen vermelding")
    assert "proeftuin.mentioned" not in kinds_for(app, an.id)


def test_quote_prefills_the_reply_with_the_post(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    tid, pid = add_topic(app, s["id"], s["members"][0].id, body="Soep op zaterdag")
    client.login(s["members"][1].email)
    page = client.get(f"/proeftuinen/{s['id']}/topics/{tid}?quote={pid}").get_data(as_text=True)
    assert "&gt; Soep op zaterdag" in page
    assert f'name="parent_id" value="{pid}"' in page


def test_replies_nest_one_level_deep(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    tid, pid = add_topic(app, s["id"], s["members"][0].id)
    client.login(s["members"][1].email)
    url = f"/proeftuinen/{s['id']}/topics/{tid}/reply"
    client.post(url, {"body": "Antwoord", "parent_id": pid})
    with app.app_context():
        first = db.session.scalars(select(Post).where(Post.parent_id == pid)).one()
        first_id = first.id
    client.post(url, {"body": "Antwoord op antwoord", "parent_id": first_id})
    with app.app_context():
        nested = db.session.scalars(select(Post).where(Post.body == "Antwoord op antwoord")).one()
        assert nested.parent_id == pid


def test_an_edited_post_says_edited(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    tid, pid = add_topic(app, s["id"], s["members"][0].id)
    client.login(s["members"][0].email)
    url = f"/proeftuinen/{s['id']}/posts/{pid}/edit"
    assert client.post(url, {"body": ""}).status_code == 400
    assert client.post(url, {"body": "Wie kookt er mee? (aangepast)"}).status_code == 302
    page = client.get(f"/proeftuinen/{s['id']}/topics/{tid}").get_data(as_text=True)
    assert "(aangepast)" in page
    assert 'class="muted edited"' in page


def test_the_coach_pins_locks_and_closes_with_an_outcome_each_logged(
    app, client, make_client, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user)
    first, _ = add_topic(app, s["id"], s["members"][0].id, title="Eerste")
    second, _ = add_topic(app, s["id"], s["members"][0].id, title="Tweede")
    client.login(s["coach"].email)
    base = f"/proeftuinen/{s['id']}/topics/{first}"
    client.post(base + "/pin", {"pin": "1"})
    listing = client.get(f"/proeftuinen/{s['id']}/").get_data(as_text=True)
    assert listing.index("Eerste") < listing.index("Tweede")
    assert client.post(base + "/lock", {"reason": ""}).status_code == 400
    client.post(base + "/lock", {"reason": "Even afkoelen"})
    member = make_client()
    member.login(s["members"][1].email)
    assert member.post(base + "/reply", {"body": "Toch nog"}).status_code == 400
    assert "Even afkoelen" in member.get(base).get_data(as_text=True)
    client.post(base + "/unlock")
    client.post(base + "/close", {"outcome": "We starten in **januari**."})
    page = member.get(base).get_data(as_text=True)
    assert "<strong>januari</strong>" in page
    assert page.index('id="outcome-title"') < page.index('class="thread"')
    with app.app_context():
        actions = [a.action.value for a in db.session.scalars(select(ModerationAction))]
        topic = db.session.get(Topic, first)
        assert topic.closed_at is not None
    assert actions == ["pin", "lock", "unlock", "close"]
    client.post(base + "/reopen")
    with app.app_context():
        assert db.session.get(Topic, first).closed_at is None


def test_a_long_topic_costs_no_more_queries_than_a_short_one(app, client, make_zone, make_user):
    from sqlalchemy import event

    s = setup_proeftuin(app, make_zone, make_user)
    an, jef = s["members"]
    tid, _ = add_topic(app, s["id"], an.id)
    add_reply(app, tid, jef.id)
    client.login(an.email)
    url = f"/proeftuinen/{s['id']}/topics/{tid}"

    def count() -> int:
        statements = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: statements.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    short = count()
    for n in range(8):
        add_reply(app, tid, (an.id, jef.id, s["coach"].id)[n % 3], f"Reactie {n}")
    assert count() <= short


def test_replying_to_a_post_of_another_proeftuin_does_not_reveal_its_author(
    app, client, make_zone, make_user
):
    from burgerplatform.proeftuinen.models import Visibility
    from tests.proeftuinen.helpers import add_reply, add_topic, setup_proeftuin

    mine = setup_proeftuin(app, make_zone, make_user)
    secret = setup_proeftuin(app, make_zone, make_user, visibility=Visibility.MEMBERS_ONLY)
    tid, _ = add_topic(app, mine["id"], mine["members"][0].id)
    other_tid, _ = add_topic(app, secret["id"], secret["members"][0].id)
    hidden_author = secret["members"][1]
    foreign_post = add_reply(app, other_tid, hidden_author.id, "Geheim")
    client.login(mine["members"][0].email)
    response = client.post(
        f"/proeftuinen/{mine['id']}/topics/{tid}/reply", {"body": "", "parent_id": foreign_post}
    )
    assert response.status_code == 400
    assert hidden_author.display_name not in response.get_data(as_text=True)
