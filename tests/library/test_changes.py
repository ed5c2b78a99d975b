"""Correcting and withdrawing a published case: its publisher, staff of its zone and
platform admins may; another zone's staff, members and strangers find no such page. A
withdrawn case is gone from the library, its page, the search, the API and the feed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from burgerplatform.audit.models import AuditEvent
from burgerplatform.extensions import db
from burgerplatform.library.models import Case
from burgerplatform.zones.models import Role
from tests.library.conftest import case_form


@pytest.fixture
def published(app, closed_proeftuin, make_client):
    """A case published by the proeftuin's coach: (setup, coach client, case id)."""
    setup = closed_proeftuin()
    coach = make_client()
    coach.login(setup["coach"].email)
    sent = coach.post(f"/library/proeftuinen/{setup['id']}/publish", case_form())
    assert sent.status_code == 302
    return setup, coach, int(sent.headers["Location"].rsplit("/", 1)[1])


def _edit_form(**overrides) -> dict:
    return case_form(**overrides)


def test_the_publisher_sees_the_buttons_and_corrects_the_case(app, published):
    setup, coach, case_id = published
    page = coach.get(f"/library/{case_id}").get_data(as_text=True)
    assert f'href="/library/{case_id}/edit"' in page
    assert f'href="/library/{case_id}/withdraw"' in page
    form = coach.get(f"/library/{case_id}/edit").get_data(as_text=True)
    # The form is filled in with the case as published.
    assert "Buurtsoep in Eeklo" in form and "Elke maand koken we samen soep." in form
    assert "Save the correction" in form and "<h1>Correct the case</h1>" in form
    sent = coach.post(f"/library/{case_id}/edit", _edit_form(nl_title="Soep met de buren"))
    assert sent.status_code == 302 and sent.headers["Location"] == f"/library/{case_id}"
    shown = coach.get(f"/library/{case_id}").get_data(as_text=True)
    assert "Soep met de buren" in shown and "The case is corrected." in shown
    assert "Soep met de buren" in coach.get("/api/v1/cases").get_data(as_text=True)


def test_a_correction_adds_and_removes_a_language_and_themes(app, published):
    _setup, coach, case_id = published
    french = {
        "fr_title": "Soupe de quartier",
        "fr_asked": "Comment?",
        "fr_done": "Soupe.",
        "fr_changed": "Plus d'aide.",
    }
    sent = coach.post(f"/library/{case_id}/edit", _edit_form(themes=["voice"], **french))
    assert sent.status_code == 302
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert sorted(t.lang for t in case.texts) == ["fr", "nl"]
        assert [t.value for t in case.theme_list] == ["voice"]
    sent = coach.post(f"/library/{case_id}/edit", _edit_form(nl_title="Buurtsoep"))
    assert sent.status_code == 302
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert [t.lang for t in case.texts] == ["nl"]
        assert case.texts[0].title == "Buurtsoep"


def test_a_correction_that_names_someone_is_refused_like_publishing(app, published):
    _setup, coach, case_id = published
    sent = coach.post(f"/library/{case_id}/edit", _edit_form(nl_done="Jefs idee was goed."))
    assert sent.status_code == 400
    page = sent.get_data(as_text=True)
    assert "did not agree to be named: Jef. Remove" in page
    assert "Jefs idee was goed." in page  # what was typed stays
    assert "Jefs" not in coach.get(f"/library/{case_id}").get_data(as_text=True)
    sent = coach.post(f"/library/{case_id}/edit", _edit_form(no_names=None))
    assert sent.status_code == 400


def test_the_zones_staff_and_an_admin_may_change_a_case_others_may_not(
    app, published, make_client, make_user, make_zone
):
    setup, _coach, case_id = published
    staff = make_client()
    staff.login(make_user(roles=[(setup["zone"].id, Role.STAFF)]).email)
    assert staff.get(f"/library/{case_id}/edit").status_code == 200
    assert staff.get(f"/library/{case_id}/withdraw").status_code == 200
    admin = make_client()
    admin.login(make_user(is_admin=True).email)
    assert admin.get(f"/library/{case_id}/edit").status_code == 200
    assert f"/library/{case_id}/edit" in admin.get(f"/library/{case_id}").get_data(as_text=True)

    other = make_client()
    other.login(make_user(roles=[(make_zone().id, Role.STAFF)]).email)
    member = make_client()
    member.login(setup["members"][0].email)
    for client in (other, member):
        assert f"/library/{case_id}/edit" not in client.get(f"/library/{case_id}").get_data(
            as_text=True
        )
        assert client.get(f"/library/{case_id}/edit").status_code == 404
        assert client.post(f"/library/{case_id}/edit", _edit_form()).status_code == 404
        assert client.get(f"/library/{case_id}/withdraw").status_code == 404
        sent = client.post(f"/library/{case_id}/withdraw", {"reason": "Weg ermee"})
        assert sent.status_code == 404
    stranger = make_client()
    assert stranger.post(f"/library/{case_id}/withdraw", {"reason": "x"}).status_code == 302
    assert stranger.get(f"/library/{case_id}").status_code == 200  # still there
    assert staff.get("/library/999999/edit").status_code == 404


def test_a_withdrawn_case_is_gone_everywhere_and_the_reason_is_audited(
    app, published, make_client, make_user
):
    setup, coach, case_id = published
    reader = make_client()
    assert "Buurtsoep in Eeklo" in reader.get("/api/v1/cases").get_data(as_text=True)
    assert "Buurtsoep in Eeklo" in reader.get("/library/feed.xml").get_data(as_text=True)
    staff = make_client()
    staff.login(make_user(roles=[(setup["zone"].id, Role.STAFF)]).email)
    page = staff.get(f"/library/{case_id}/withdraw").get_data(as_text=True)
    assert "Why is the case withdrawn?" in page
    refused = staff.post(f"/library/{case_id}/withdraw", {"reason": "  "})
    assert refused.status_code == 400
    assert "Say why the case is withdrawn." in refused.get_data(as_text=True)
    too_long = staff.post(f"/library/{case_id}/withdraw", {"reason": "x" * 501})
    assert too_long.status_code == 400

    sent = staff.post(f"/library/{case_id}/withdraw", {"reason": "Er staat een naam in."})
    assert sent.status_code == 302 and sent.headers["Location"] == "/library/"
    assert reader.get(f"/library/{case_id}").status_code == 404
    assert "Buurtsoep in Eeklo" not in reader.get("/library/").get_data(as_text=True)
    assert "Buurtsoep in Eeklo" not in reader.get("/api/v1/cases").get_data(as_text=True)
    assert "Buurtsoep in Eeklo" not in reader.get("/library/feed.xml").get_data(as_text=True)
    found = reader.get("/zoeken?q=soep&kind=case").get_data(as_text=True)
    assert f"/library/{case_id}" not in found
    assert staff.get(f"/library/{case_id}/edit").status_code == 404
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "library.case_withdrawn")
        )
        assert event.target_id == case_id and event.zone_id == setup["zone"].id
        assert event.detail["reason"] == "Er staat een naam in."
        assert db.session.scalar(select(func.count(Case.id))) == 0
    # The proeftuin may publish a corrected case again.
    again = coach.post(f"/library/proeftuinen/{setup['id']}/publish", case_form())
    assert again.status_code == 302


def test_the_publisher_withdraws_in_dutch(app, published):
    _setup, coach, case_id = published
    from burgerplatform.accounts.models import User

    with app.app_context():
        db.session.get(User, _setup["coach"].id).locale = "nl"
        db.session.commit()
    page = coach.get(f"/library/{case_id}").get_data(as_text=True)
    assert "Verbeter het verhaal" in page and "Haal het verhaal weg" in page
    form = coach.get(f"/library/{case_id}/withdraw").get_data(as_text=True)
    assert '<label for="reason">Waarom haal je het verhaal weg?</label>' in form
    sent = coach.post(f"/library/{case_id}/withdraw", {"reason": "Een naam glipte erdoor."})
    assert sent.status_code == 302
    assert "Het verhaal is weggehaald." in coach.get("/library/").get_data(as_text=True)


def test_a_correction_shows_the_missing_confirmation_and_the_name_together(app, published):
    _setup, coach, case_id = published
    sent = coach.post(
        f"/library/{case_id}/edit", _edit_form(no_names=None, nl_done="Jef kookte soep.")
    )
    assert sent.status_code == 400
    page = sent.get_data(as_text=True)
    assert "Confirm that the case names nobody" in page
    assert "did not agree to be named: Jef" in page


def test_withdrawing_twice_leads_to_the_library_saying_it_is_withdrawn(app, published):
    _setup, coach, case_id = published
    form = coach.get(f"/library/{case_id}/withdraw").get_data(as_text=True)
    # Only admins may read the audit log: the form says so (zone staff get 403 there).
    assert "Only platform admins read this, in the export of the audit log." in form
    first = coach.post(f"/library/{case_id}/withdraw", {"reason": "Een naam glipte erdoor."})
    assert first.status_code == 302
    second = coach.post(f"/library/{case_id}/withdraw", {"reason": "Een naam glipte erdoor."})
    assert second.status_code == 302
    assert second.headers["Location"].endswith("/library/")
    page = coach.get(second.headers["Location"]).get_data(as_text=True)
    assert "This case was withdrawn already." in page
    # Nobody else learns that a case by that number existed: still no such page.
    assert coach.post("/library/999999/withdraw", {"reason": "x"}).status_code == 404
