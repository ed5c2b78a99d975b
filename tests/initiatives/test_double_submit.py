"""A double click, or the back button and "send again", never makes anything twice."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.extensions import db
from burgerplatform.initiatives.models import Initiative, InitiativeComment, Support
from tests.conftest import count_rows

BASE = "/meetjesland/initiatives"


def test_sending_the_same_comment_twice_shows_it_once(client, app, world, make_initiative):
    ini = make_initiative("published")
    client.login(world.supporter.email)
    form = {"body": "Goed plan, ik help mee.", "csrf_token": client.token(f"{BASE}/{ini}")}
    first = client.post(f"{BASE}/{ini}/comments", form)
    second = client.post(f"{BASE}/{ini}/comments", form)  # same form, same token
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count_rows(app, InitiativeComment.id) == 1
    html = client.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert html.count("Goed plan, ik help mee.") == 1


def test_back_button_and_send_again_after_other_steps_makes_nothing_twice(
    client, app, world, make_initiative
):
    ini = make_initiative("published")
    client.login(world.supporter.email)
    form = {"body": "Mijn buurman heeft hetzelfde probleem."}
    client.post(f"{BASE}/{ini}/comments", form)
    client.post(f"{BASE}/{ini}/support")
    client.post(f"{BASE}/{ini}/comments", {"body": "Een tweede, andere reactie."})
    client.post(f"{BASE}/{ini}/comments", form)  # back twice, send again
    client.post(f"{BASE}/{ini}/support")
    assert count_rows(app, InitiativeComment.id) == 2
    assert count_rows(app, Support.id) == 1


def test_the_same_words_as_a_reply_and_by_another_person_are_kept(
    client, make_client, app, world, make_initiative
):
    ini = make_initiative("published")
    client.login(world.supporter.email)
    client.post(f"{BASE}/{ini}/comments", {"body": "Eens."})
    with app.app_context():
        first = db.session.scalar(select(InitiativeComment.id))
        db.session.remove()
    client.post(f"{BASE}/{ini}/comments", {"body": "Eens.", "parent_id": str(first)})
    other = make_client()
    other.login(world.neighbour.email)
    other.post(f"{BASE}/{ini}/comments", {"body": "Eens."})
    assert count_rows(app, InitiativeComment.id) == 3


def test_a_new_initiative_sent_twice_with_its_form_key_is_one_draft(client, app, world):
    client.login(world.author.email)
    form = {
        "draft_key": "dubbel-1",
        "title": "Een ontmoetingsplek voor eenzame ouderen",
        "summary": "Veel ouderen zien dagenlang niemand.",
        "body": "Een vaste plek in elk dorp.",
        "action": "save",
        "csrf_token": client.token(f"{BASE}/new"),
    }
    assert client.post(f"{BASE}/new", form).status_code == 302
    assert client.post(f"{BASE}/new", form).status_code == 302
    assert count_rows(app, Initiative.id) == 1


@__import__("pytest").mark.commits  # two connections take row locks against each other
@__import__("pytest").mark.skipif(
    "postgresql" not in __import__("os").environ.get("TEST_DATABASE_URL", ""),
    reason="row locks and foreign-key checks are PostgreSQL's",
)
def test_a_comment_being_checked_for_doubles_does_not_block_notifying_its_author(
    app, world, make_initiative
):
    """Two people comment at once on each other's initiatives: the double-click check
    locks the writer's row while another comment notifies that same person. With FOR
    UPDATE the notification's foreign-key check waited for it (a deadlock under load)."""
    from sqlalchemy import text

    from burgerplatform.accounts.models import User
    from burgerplatform.initiatives.participation import _same_comment_just_posted

    ini = make_initiative("published")
    with app.app_context():
        engine = db.engine
        writer = db.session.get(User, world.author.id)
        _same_comment_just_posted(db.session.get(Initiative, ini), writer, "x", None)
        # The lock is held (this transaction is open); another connection notifies them.
        with engine.connect() as other:
            other.execute(text("SET lock_timeout = '2s'"))
            other.execute(
                text(
                    "INSERT INTO notifications (user_id, kind, params, url, created_at) "
                    "VALUES (:user, 'initiative.commented', '{}', '/', now())"
                ),
                {"user": world.author.id},
            )
            other.rollback()
        db.session.rollback()
