"""Initiative pages as a citizen uses them: writing, sending, supporting, discussing."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from burgerplatform.extensions import db
from burgerplatform.initiatives.models import Initiative, InitiativeComment, Status
from tests.conftest import link_in

BASE = "/meetjesland/initiatives"


def draft_form(**overrides):
    data = {
        "draft_key": "key-123",
        "title": "Een ontmoetingsplek voor eenzame ouderen",
        "summary": "Veel ouderen zien dagenlang niemand.",
        "body": "Een vaste plek in elk dorp, elke week open.",
        "affected": "",
        "ask": "",
        "action": "save",
    }
    data.update(overrides)
    return data


def stored(app, initiative_id):
    with app.app_context():
        ini = db.session.get(Initiative, initiative_id)
        db.session.expunge(ini)
        db.session.remove()
        return ini


def count_initiatives(app):
    with app.app_context():
        n = db.session.scalar(select(func.count(Initiative.id)))
        db.session.remove()
        return n


def test_a_citizen_saves_a_draft_and_a_double_submit_makes_only_one(client, app, world):
    client.login(world.author.email)
    page = client.get(f"{BASE}/new")
    assert page.status_code == 200
    assert 'class="initiative-form"' in page.get_data(as_text=True)
    first = client.post(f"{BASE}/new", draft_form())
    second = client.post(f"{BASE}/new", draft_form(title="Ontmoetingsplek"))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert re.search(r"/initiatives/\d+/edit$", first.headers["Location"])
    assert count_initiatives(app) == 1


def test_an_empty_title_is_explained_and_the_text_is_kept(client, app, world):
    client.login(world.author.email)
    response = client.post(f"{BASE}/new", draft_form(title=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="error-summary"' in html
    assert "Een vaste plek in elk dorp" in html
    assert count_initiatives(app) == 0


def test_a_one_megabyte_text_gets_a_clear_message_not_a_crash(client, app, world):
    client.login(world.author.email)
    response = client.post(f"{BASE}/new", draft_form(body="a" * 1_000_000))
    assert response.status_code == 400
    assert 'id="body-error"' in response.get_data(as_text=True)
    assert count_initiatives(app) == 0


def test_an_expired_session_keeps_what_was_typed(client, app, world):
    client.login(world.author.email)
    response = client.post(f"{BASE}/new", draft_form(), csrf=False)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Een ontmoetingsplek voor eenzame ouderen" in html
    assert count_initiatives(app) == 0


def test_a_script_in_markdown_is_neutralised(client, world, make_initiative):
    ini = make_initiative("published", body="Hallo <script>alert(1)</script> **vet**")
    html = client.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert "<strong>vet</strong>" in html


def test_a_draft_is_seen_only_by_its_authors_and_the_zone_staff(
    client, make_client, world, make_initiative
):
    ini = make_initiative("draft")
    # For everyone else a draft does not exist (404, not 403: ids reveal nothing).
    assert client.get(f"{BASE}/{ini}").status_code == 404
    for email, expected in [
        (world.supporter.email, 404),
        (world.staff.email, 200),
        (world.author.email, 200),
    ]:
        other = make_client()
        other.login(email)
        assert other.get(f"{BASE}/{ini}").status_code == expected, email
    foreign = make_client()
    foreign.login(world.other_staff.email)
    assert foreign.get(f"{BASE}/{ini}").status_code == 404
    assert foreign.get(f"/kbv/initiatives/{ini}").status_code == 404


def test_zorgraad_members_see_only_public_initiatives_on_their_work_pages(
    make_client, world, make_initiative
):
    checking = make_initiative("in_review", title="Nog niet nagekeken")
    on_agenda = make_initiative("on_agenda", title="Op de agenda")
    member = make_client()
    member.login(world.zorgraad.email)
    assert member.get(f"{BASE}/{checking}/manage").status_code == 404
    assert member.get(f"{BASE}/{on_agenda}/manage").status_code == 200
    work = member.get(f"{BASE}/work").get_data(as_text=True)
    assert "Nog niet nagekeken" not in work and "Op de agenda" in work
    staff = make_client()
    staff.login(world.staff.email)
    assert "Nog niet nagekeken" in staff.get(f"{BASE}/work").get_data(as_text=True)


def test_the_author_sends_the_draft_from_the_edit_page(client, app, world, make_initiative):
    ini = make_initiative("draft")
    client.login(world.author.email)
    edit = client.get(f"{BASE}/{ini}/edit")
    assert edit.status_code == 200
    response = client.post(f"{BASE}/{ini}/edit", draft_form(action="submit"))
    assert response.status_code == 302
    assert stored(app, ini).status is Status.IN_REVIEW
    # A second click on "send" (e.g. the back button) changes nothing.
    assert client.post(f"{BASE}/{ini}/submit").status_code == 302
    # And a second click on "send" in the form lands on the page, not on an error.
    again = client.post(f"{BASE}/{ini}/edit", draft_form(action="submit"))
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/{ini}")
    assert stored(app, ini).status is Status.IN_REVIEW


def test_preview_shows_the_rendered_text(client, world, make_initiative):
    ini = make_initiative("draft")
    client.login(world.author.email)
    html = client.post(
        f"{BASE}/{ini}/edit", draft_form(action="preview", body="*schuin*")
    ).get_data(as_text=True)
    assert "<em>schuin</em>" in html


def test_a_co_author_is_invited_by_mail_and_then_edits(
    client, make_client, app, world, make_initiative, deliver
):
    ini = make_initiative("draft")
    client.login(world.author.email)
    response = client.post(f"{BASE}/{ini}/coauthors", {"email": world.neighbour.email})
    assert response.status_code == 302
    mail = next(m for m in deliver() if world.neighbour.email in str(m["To"]))
    link = link_in(mail)
    assert "/invitations/" in link
    path = link.split("localhost", 1)[1]
    mia = make_client()
    mia.login(world.neighbour.email)
    assert mia.get(f"{BASE}/{ini}/edit").status_code == 403
    assert mia.get(path).status_code == 200
    assert mia.post(path).status_code == 302
    assert mia.get(f"{BASE}/{ini}/edit").status_code == 200
    # The link was for one use.
    assert make_client().get(path).status_code == 302  # anonymous: log in first
    assert mia.get(path).status_code == 404


def test_an_invalid_invitation_address_is_explained(client, world, make_initiative):
    ini = make_initiative("draft")
    client.login(world.author.email)
    response = client.post(f"{BASE}/{ini}/coauthors", {"email": "geen-adres"})
    assert response.status_code == 400
    assert 'id="email-error"' in response.get_data(as_text=True)


def test_supporting_is_for_citizens_of_the_zone_and_can_be_withdrawn(
    client, make_client, app, world, make_initiative
):
    ini = make_initiative("published")
    client.login(world.supporter.email)
    page = client.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert f'action="{BASE}/{ini}/support"' in page
    client.post(f"{BASE}/{ini}/support")
    client.post(f"{BASE}/{ini}/support")  # double click
    assert stored(app, ini).supports_count == 1
    client.post(f"{BASE}/{ini}/support", {"withdraw": "1"})
    assert stored(app, ini).supports_count == 0

    outsider = make_client()
    outsider.login(world.outsider.email)
    html = outsider.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert f'action="{BASE}/{ini}/support"' not in html
    outsider.post(f"{BASE}/{ini}/support")
    assert stored(app, ini).supports_count == 0
    assert outsider.post(f"{BASE}/{ini}/follow").status_code == 302


def test_comments_and_replies_and_moderation_by_the_zone_staff(
    client, make_client, app, world, make_initiative
):
    ini = make_initiative("published")
    client.login(world.supporter.email)
    assert client.post(f"{BASE}/{ini}/comments", {"body": ""}).status_code == 400
    assert client.post(f"{BASE}/{ini}/comments", {"body": "Goed plan"}).status_code == 302
    with app.app_context():
        comment_id = db.session.scalar(select(InitiativeComment.id))
        db.session.remove()
    client.post(f"{BASE}/{ini}/comments", {"body": "Nog iets", "parent_id": str(comment_id)})
    html = client.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert "Goed plan" in html and "Nog iets" in html
    assert f"/moderation/initiative_comment/{comment_id}/report" not in html  # own comment
    reader = make_client()
    reader.login(world.neighbour.email)
    html = reader.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert f"/moderation/initiative_comment/{comment_id}/report" in html
    # A report reaches the zone's staff, and only them.
    reported = reader.post(
        f"/moderation/initiative_comment/{comment_id}/report",
        {"reason": "other", "text": "Niet over dit initiatief"},
    )
    assert reported.status_code == 302
    with app.app_context():
        from burgerplatform.notifications.models import Notification

        told = set(
            db.session.scalars(
                select(Notification.user_id).where(Notification.kind == "moderation.reported")
            )
        )
    assert told == {world.staff.id}

    foreign = make_client()
    foreign.login(world.other_staff.email)
    assert foreign.get(f"/moderation/initiative_comment/{comment_id}").status_code == 403
    staff = make_client()
    staff.login(world.staff.email)
    assert staff.get(f"/moderation/initiative_comment/{comment_id}").status_code == 200
    hidden = staff.post(
        f"/moderation/initiative_comment/{comment_id}/hide",
        {"reason": "off_topic", "note": "Dit gaat over iets anders."},
    )
    assert hidden.status_code == 302
    assert "Goed plan" not in client.get(f"{BASE}/{ini}").get_data(as_text=True)


def test_a_citizen_of_another_zone_cannot_start_an_initiative_here(client, world):
    client.login(world.outsider.email)
    assert client.get(f"{BASE}/new").status_code == 403
    assert client.get(f"{BASE}/").status_code == 200


def test_the_printable_page_links_the_print_stylesheet(client, world, make_initiative):
    ini = make_initiative("answered")
    html = client.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert 'media="print"' in html
    assert "Goed idee." in html  # the answer's reason


def test_the_data_download_holds_what_the_citizen_wrote_and_supported(
    make_client, world, make_initiative
):
    import json

    ini = make_initiative("published", title="Vervoer naar het ziekenhuis")
    author = make_client()
    author.login(world.author.email)
    data = json.loads(author.get("/account/export.json").get_data(as_text=True))
    assert [i["title"] for i in data["initiatives"]] == ["Vervoer naar het ziekenhuis"]
    assert data["initiatives"][0]["id"] == ini
    assert data["proeftuin_posts"] == [] and "citizen_pool" in data


def test_after_supporting_the_page_offers_no_follow_without_supporting_and_says_who_is_told(
    client, app, world, make_initiative
):
    from tests.conftest import speak_english

    ini = make_initiative("published")
    speak_english(app, world.supporter)
    client.login(world.supporter.email)
    client.post(f"{BASE}/{ini}/support")
    page = client.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert "Follow without supporting" not in page and "Stop following" not in page
    assert "As a supporter you get a message at each step." in page
    client.post(f"{BASE}/{ini}/follow", {"stop": "1"})
    page = client.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert stored(app, ini).supports_count == 1
    assert "You support this initiative." in page
    assert "you get no messages about this initiative" in page
    assert "Follow without supporting" not in page and "Stop following" not in page


def test_in_french_no_zone_name_follows_a_bare_de(client, app, world, make_initiative):
    from tests.conftest import Client

    ini = make_initiative("published")
    french = Client(app, language="fr")
    page = french.get(f"{BASE}/{ini}").get_data(as_text=True)
    assert "Toutes les initiatives — ELZ Meetjesland" in page
    assert "de ELZ" not in page
    assert "de ELZ" not in french.get(f"{BASE}/").get_data(as_text=True)


def test_all_proposals_of_the_zone_link_on_a_proposal_goes_to_the_proposals_list(
    client, world, make_initiative
):
    ini = make_initiative("published")
    html = client.get(f"/meetjesland/initiatives/{ini}").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">All initiatives of ELZ Meetjesland', html)
    assert link, "no link to all proposals of the zone"
    assert link.group(1) == "/meetjesland/initiatives/"
