"""Who may open which proeftuin page: members-only proeftuinen do not exist (404) for
outsiders, and a coach of one proeftuin cannot coach or moderate another."""

from __future__ import annotations

import re

import pytest

from burgerplatform.extensions import db
from burgerplatform.proeftuinen.models import Membership, Visibility
from tests.proeftuinen.helpers import add_reply, add_topic, setup_proeftuin


@pytest.fixture
def closed(app, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user, visibility=Visibility.MEMBERS_ONLY)
    s["topic"], s["post"] = add_topic(app, s["id"], s["members"][0].id)
    s["reply"] = add_reply(app, s["topic"], s["members"][1].id)
    with app.app_context():
        s["membership"] = (
            db.session.query(Membership)
            .filter_by(proeftuin_id=s["id"], user_id=s["members"][1].id)
            .one()
            .id
        )
    return s


def hidden(url: str, status: int) -> bool:
    """Our pages answer 404 for a proeftuin one may not see; the shared moderation pages
    refuse with 403. Either way: nothing is shown."""
    return status == 404 or (url.startswith("/moderation/") and status == 403)


def read_urls(s):
    p, t = s["id"], s["topic"]
    return [
        f"/proeftuinen/{p}/",
        f"/proeftuinen/{p}/members",
        f"/proeftuinen/{p}/moderation-log",
        f"/proeftuinen/{p}/topics/{t}",
        f"/proeftuinen/{p}/topics/new",
        f"/meetings/in/proeftuin:{p}/",
        f"/meetings/in/proeftuin:{p}/calendar.ics",
        f"/moderation/proeftuin_post/{s['post']}/report",
    ]


def coach_urls(s):
    p, t = s["id"], s["topic"]
    return [
        ("get", f"/proeftuinen/{p}/edit"),
        ("get", f"/proeftuinen/{p}/notes"),
        ("post", f"/proeftuinen/{p}/invitations"),
        ("get", f"/proeftuinen/{p}/members/{s['membership']}/remove"),
        ("post", f"/proeftuinen/{p}/topics/{t}/pin"),
        ("post", f"/proeftuinen/{p}/topics/{t}/lock"),
        ("post", f"/proeftuinen/{p}/topics/{t}/unlock"),
        ("post", f"/proeftuinen/{p}/topics/{t}/close"),
        ("post", f"/proeftuinen/{p}/topics/{t}/reopen"),
        ("get", f"/meetings/in/proeftuin:{p}/new"),
        ("get", f"/moderation/proeftuin_post/{s['reply']}"),
        ("post", f"/moderation/proeftuin_post/{s['reply']}/hide"),
        ("post", f"/moderation/proeftuin_post/{s['reply']}/restore"),
        ("post", f"/moderation/proeftuin_post/{s['reply']}/redact"),
    ]


def test_a_members_only_proeftuin_does_not_exist_for_visitors(app, client, closed):
    for url in read_urls(closed):
        assert client.get(url).status_code in (404, 302), url
        assert client.get(url).status_code != 200, url
    # Anonymous visitors get a 404 (with a login prompt, the same as for an id that does
    # not exist: see below), never a page that reveals it.
    assert client.get(f"/proeftuinen/{closed['id']}/").status_code == 404
    assert "Zorgzame buurt" not in client.get("/proeftuinen/").get_data(as_text=True)


def test_a_member_of_another_proeftuin_cannot_read_a_members_only_one(
    app, make_client, make_zone, make_user, closed
):
    other = setup_proeftuin(app, make_zone, make_user, members=1)
    outsider = make_client()
    outsider.login(other["members"][0].email)
    for url in read_urls(closed):
        assert hidden(url, outsider.get(url).status_code), url
    for method, url in coach_urls(closed):
        assert hidden(url, getattr(outsider, method)(url).status_code), url
    assert outsider.post(f"/proeftuinen/{closed['id']}/leave").status_code == 404
    assert "Zorgzame buurt Eeklo" in outsider.get("/proeftuinen/").get_data(as_text=True)  # own
    assert outsider.get("/proeftuinen/").get_data(as_text=True).count("Zorgzame buurt Eeklo") == 2


def test_members_read_but_cannot_coach(app, make_client, closed):
    member = make_client()
    member.login(closed["members"][0].email)
    for url in read_urls(closed):
        assert member.get(url).status_code == 200, url
    for method, url in coach_urls(closed):
        assert getattr(member, method)(url).status_code == 403, url
    assert member.get("/proeftuinen/coach").status_code == 403
    assert member.get("/proeftuinen/new").status_code == 403


def test_a_coach_of_one_proeftuin_cannot_coach_or_moderate_another(
    app, make_client, make_zone, make_user, closed
):
    other = setup_proeftuin(app, make_zone, make_user, visibility=Visibility.PUBLIC)
    stranger_coach = make_client()
    stranger_coach.login(other["coach"].email)
    for method, url in coach_urls(closed):
        assert hidden(url, getattr(stranger_coach, method)(url).status_code), url
    # Public proeftuin of someone else: visible, but no coach rights (403).
    t, p = add_topic(app, other["id"], other["members"][0].id)
    own_coach = make_client()
    own_coach.login(closed["coach"].email)
    assert own_coach.get(f"/proeftuinen/{other['id']}/topics/{t}").status_code == 200
    assert own_coach.get(f"/moderation/proeftuin_post/{p}").status_code == 403
    assert (
        own_coach.post(
            f"/moderation/proeftuin_post/{p}/hide", {"reason": "spam", "note": "x"}
        ).status_code
        == 403
    )
    assert (
        own_coach.post(f"/proeftuinen/{other['id']}/topics/{t}/pin", {"pin": "1"}).status_code
        == 403
    )
    assert own_coach.get(f"/proeftuinen/{other['id']}/notes").status_code == 403
    assert own_coach.get(f"/meetings/in/proeftuin:{other['id']}/new").status_code == 403


def test_the_coach_reaches_every_coach_page(app, make_client, closed):
    coach = make_client()
    coach.login(closed["coach"].email)
    for method, url in coach_urls(closed):
        if method == "get":
            assert coach.get(url).status_code == 200, url
    assert coach.get("/proeftuinen/coach").status_code == 200


def test_a_topic_or_post_of_another_proeftuin_is_not_found_under_this_one(
    app, make_client, make_zone, make_user, closed
):
    other = setup_proeftuin(app, make_zone, make_user)
    t, p = add_topic(app, other["id"], other["members"][0].id)
    coach = make_client()
    coach.login(closed["coach"].email)
    assert coach.get(f"/proeftuinen/{closed['id']}/topics/{t}").status_code == 404
    assert (
        coach.post(f"/proeftuinen/{closed['id']}/topics/{t}/pin", {"pin": "1"}).status_code == 404
    )
    assert coach.get(f"/proeftuinen/{closed['id']}/posts/{p}/edit").status_code == 404


def test_only_the_author_edits_a_post(app, make_client, closed):
    url = f"/proeftuinen/{closed['id']}/posts/{closed['post']}/edit"
    author, other, coach = make_client(), make_client(), make_client()
    author.login(closed["members"][0].email)
    other.login(closed["members"][1].email)
    coach.login(closed["coach"].email)
    assert author.get(url).status_code == 200
    assert other.get(url).status_code == 403
    assert coach.get(url).status_code == 403


def test_a_public_proeftuin_is_readable_by_anyone_but_writable_only_by_members(
    app, client, make_client, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user)
    t, _ = add_topic(app, s["id"], s["members"][0].id)
    assert client.get(f"/proeftuinen/{s['id']}/").status_code == 200
    assert client.get(f"/proeftuinen/{s['id']}/topics/{t}").status_code == 200
    assert client.get(f"/proeftuinen/{s['id']}/moderation-log").status_code == 200
    assert client.get(f"/proeftuinen/{s['id']}/members").status_code == 302  # log in first
    visitor = make_client()
    visitor.login(make_user().email)
    assert visitor.get(f"/proeftuinen/{s['id']}/members").status_code == 403
    assert (
        visitor.post(f"/proeftuinen/{s['id']}/topics/{t}/reply", {"body": "Hallo"}).status_code
        == 403
    )
    assert visitor.get(f"/proeftuinen/{s['id']}/topics/new").status_code == 403


def _without_tokens(page: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', page)


def test_a_members_only_proeftuin_opened_logged_out_asks_to_log_in_without_telling_anything(
    app, client, make_client, make_zone, make_user, closed
):
    existing = client.get(f"/proeftuinen/{closed['id']}/")
    missing = client.get("/proeftuinen/999999/")
    assert existing.status_code == missing.status_code == 404
    shown = existing.get_data(as_text=True)
    assert "Log in to see this proeftuin" in shown
    assert f'href="/login?next=/proeftuinen/{closed["id"]}/"' in shown
    assert "Zorgzame buurt" not in shown
    # The same page for an id that exists and one that does not (only the id differs).
    # (CSRF tokens carry the second they were made, so they are left out of the comparison.)
    same = _without_tokens(shown.replace(f"/proeftuinen/{closed['id']}/", "/proeftuinen/ID/"))
    assert same == _without_tokens(
        missing.get_data(as_text=True).replace("/proeftuinen/999999/", "/proeftuinen/ID/")
    )
    # Logged in and not a member: still a plain "not found", no login prompt.
    other = setup_proeftuin(app, make_zone, make_user, members=1)
    outsider = make_client()
    outsider.login(other["members"][0].email)
    page = outsider.get(f"/proeftuinen/{closed['id']}/")
    assert page.status_code == 404
    assert "Log in to see this proeftuin" not in page.get_data(as_text=True)
