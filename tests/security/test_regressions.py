"""Bugs the security tests found, each pinned by the smallest test that showed it."""

from __future__ import annotations

from burgerplatform.zones.models import Role


def test_a_forged_post_to_a_page_for_others_is_refused_not_a_server_error(client, make_user):
    # Without a token the app re-runs the view to re-render the form; that re-run may
    # refuse the user (403), which used to escape the error handler as a 500.
    make_user(email="an@example.org")
    client.login("an@example.org")
    response = client.post("/admin/", {"name": "ELZ X"}, csrf=False)
    assert response.status_code == 403


def test_a_forged_post_by_a_visitor_to_a_members_page_asks_to_log_in(client, make_zone):
    response = client.post("/notifications/read", {}, csrf=False)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_forged_post_by_staff_still_keeps_the_form(client, make_zone, make_user):
    zone = make_zone()
    make_user(email="staff@example.org", roles=[(zone.id, Role.STAFF)])
    client.login("staff@example.org")
    response = client.post(
        f"/{zone.slug}/rounds/new", {"title": "Vervoer naar de huisarts"}, csrf=False
    )
    assert response.status_code == 400
    assert "Vervoer naar de huisarts" in response.get_data(as_text=True)


def test_a_coach_note_of_only_blanks_is_refused_with_a_message_not_a_server_error(
    app, client, make_zone, make_user
):
    from burgerplatform.extensions import db
    from burgerplatform.proeftuinen import services
    from burgerplatform.proeftuinen.models import CoachNote, Visibility

    zone = make_zone()
    coach = make_user(email="coach@example.org", roles=[(zone.id, Role.COACH)], locale="en")
    with app.test_request_context():
        proeftuin = services.create_proeftuin(
            db.session.get(type(coach), coach.id), "Buurt", "", zone.id, Visibility.PUBLIC
        )
        db.session.commit()
        pid = proeftuin.id
    client.login(coach.email)
    response = client.post(f"/proeftuinen/{pid}/notes", {"body": "   "})
    assert response.status_code == 400
    assert "Write a note first." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(CoachNote.id))) == 0


def test_a_blank_first_pool_answer_does_not_let_a_wrong_one_through(
    app, client, make_zone, make_user
):
    # `Optional` ends validation on a blank first value, so the choices went unchecked
    # and the next value reached int(): a server error instead of a message.
    from werkzeug.datastructures import MultiDict

    from burgerplatform.consultations import pool
    from burgerplatform.consultations.pool_models import PoolMember
    from burgerplatform.extensions import db
    from burgerplatform.zones.models import Zone

    zone = make_zone()
    make_user(email="an@example.org", zone_id=zone.id, locale="en")
    with app.app_context():
        categories = pool.categories(db.session.get(Zone, zone.id))
        single = next(f"cat_{c.id}" for c in categories if not c.multiple)
        multiple = next(f"cat_{c.id}" for c in categories if c.multiple)
        db.session.commit()  # a zone's questions are made on first use
    client.login("an@example.org")

    def join(*answers):
        data = MultiDict([("csrf_token", client.token()), *answers, ("consent", "y")])
        return client.raw.post(f"/{zone.slug}/pool/", data=data)

    refused = join((multiple, "\r"), (multiple, "abc"))
    assert refused.status_code == 400
    assert "One of the answers is not a choice of this zone." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(PoolMember.id))) == 0
    # A blank single answer is "rather not say".
    assert join((single, "\r")).status_code == 302


def test_no_html_page_includes_a_text_template_that_would_print_user_text_unescaped():
    """Jinja escapes by the name of the template being rendered: a `.txt` partial
    included in an HTML page prints stored text raw (a zone's contact line in the
    follow-up letter was an XSS). HTML pages include only HTML partials."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = [
        f"{page.relative_to(root)}: {match.group(0)}"
        for page in root.rglob("*.html")
        for match in re.finditer(
            r"{%-?\s*(include|import|from|extends)\s+[\"'][^\"']+\.txt[\"']", page.read_text()
        )
    ]
    assert not offenders, offenders
