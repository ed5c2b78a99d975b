"""Documents are seen by exactly who sees the page they belong to, and added or removed
by who manages it: checked for every kind of person on every route."""

from __future__ import annotations

from sqlalchemy import func, select

from burgerplatform.audit.models import AuditEvent
from burgerplatform.documents import files
from burgerplatform.documents.models import Document
from burgerplatform.extensions import db
from burgerplatform.proeftuinen.models import Visibility
from burgerplatform.zones.models import Role
from tests.documents import samples
from tests.documents.helpers import (
    only_document,
    plan_group_meeting,
    upload,
    upload_in_memory,
)
from tests.proeftuinen.helpers import setup_proeftuin


def _stored_files(app) -> set:
    with app.app_context():
        root = files.upload_root()
        return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _download(client, document):
    return client.get(f"/documents/{document.id}/{document.filename}")


def test_a_group_meetings_agenda_is_for_the_group_and_its_zones_staff_only(
    app, make_client, make_user, make_zone, staged_round
):
    staged = staged_round("gather")
    staff = make_client()
    staff.login(staged.setup.staff_email)
    meeting_id = plan_group_meeting(app, staff, staged.round_id)
    owner = f"meeting:{meeting_id}"
    assert staff.get(f"/documents/of/{owner}/new").status_code == 200
    added = upload(staff, owner, samples.PDF, "Agenda 12 maart.pdf", title="Agenda van maart")
    assert added.status_code == 302, added.get_data(as_text=True)[:2000]
    document = only_document(app)
    assert document.filename == "Agenda 12 maart.pdf" and document.content_type == "application/pdf"
    assert document.zone_id == staged.setup.zone_id

    # On the meeting page, for those who see the meeting.
    member = make_client()
    member.login(staged.members[0])
    with app.app_context():
        from burgerplatform.meetings.models import Meeting

        uid = db.session.get(Meeting, meeting_id).uid
    assert "Agenda van maart" in member.get(f"/meetings/{uid}").get_data(as_text=True)
    got = _download(member, document)
    assert got.status_code == 200 and got.data == samples.PDF
    assert got.headers["Content-Disposition"].startswith("attachment;")
    assert "Agenda" in got.headers["Content-Disposition"]
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.mimetype == "application/pdf"
    # A member takes part but does not manage: no upload, no removal.
    assert member.get(f"/documents/of/{owner}/new").status_code == 403
    assert member.post(f"/documents/{document.id}/remove").status_code == 403

    # Everybody else: the document does not exist.
    outsider = make_client()
    outsider.login(make_user(zone_id=staged.setup.zone_id).email)
    other_zone = make_zone()
    other_staff = make_client()
    other_staff.login(make_user(roles=[(other_zone.id, Role.STAFF)]).email)
    for person in (outsider, make_client(), other_staff):
        assert _download(person, document).status_code == 404
        assert person.get(f"/documents/of/{owner}/new").status_code in (302, 404)
    assert outsider.post(f"/documents/{document.id}/remove").status_code == 404
    assert other_staff.post(f"/documents/{document.id}/remove").status_code == 404
    assert only_document(app) is not None  # nobody of them removed it


def test_staff_remove_a_document_its_file_goes_and_the_removal_is_audited(
    app, make_client, staged_round
):
    staged = staged_round("gather")
    staff = make_client()
    staff.login(staged.setup.staff_email)
    owner = f"round:{staged.round_id}"
    assert (
        upload(staff, owner, samples.PDF, "achtergrond.pdf", kind="background").status_code == 302
    )
    document = only_document(app)
    with app.app_context():
        path = files.path_of(document.stored_as)
    assert path.is_file()
    removed = staff.post(f"/documents/{document.id}/remove")
    assert removed.status_code == 302
    assert removed.headers["Location"].endswith(f"/rounds/{staged.round_id}#documents")
    assert only_document(app) is None
    assert not path.exists()
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "document.removed"))
        assert event is not None and event.detail["title"] == "Agenda"
        assert event.zone_id == staged.setup.zone_id


def test_a_rounds_documents_are_public_as_its_page_but_only_its_staff_manage_them(
    app, client, make_client, make_user, make_zone, staged_round
):
    staged = staged_round("gather")
    staff = make_client()
    staff.login(staged.setup.staff_email)
    owner = f"round:{staged.round_id}"
    assert upload(staff, owner, samples.PDF, "vraag.pdf", title="De vraag").status_code == 302
    document = only_document(app)
    assert "De vraag" in client.get(staged.base).get_data(as_text=True)
    assert _download(client, document).status_code == 200

    other_zone = make_zone()
    other_staff = make_client()
    other_staff.login(make_user(roles=[(other_zone.id, Role.STAFF)]).email)
    assert other_staff.get(f"/documents/of/{owner}/new").status_code == 403
    assert upload(other_staff, owner, samples.PDF, "x.pdf").status_code == 403
    assert other_staff.post(f"/documents/{document.id}/remove").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(Document.id))) == 1


def test_a_members_only_proeftuins_files_are_404_to_everyone_outside(
    app, make_client, make_user, make_zone
):
    s = setup_proeftuin(app, make_zone, make_user, visibility=Visibility.MEMBERS_ONLY)
    coach = make_client()
    coach.login(s["coach"].email)
    owner = f"proeftuin:{s['id']}"
    photo = samples.jpeg_with_gps()
    added = upload(coach, owner, photo, "buurtfeest.jpg", title="Buurtfeest", kind="photo")
    assert added.status_code == 302, added.get_data(as_text=True)[:2000]
    document = only_document(app)

    member = make_client()
    member.login(s["members"][0].email)
    assert "Buurtfeest" in member.get(f"/proeftuinen/{s['id']}/").get_data(as_text=True)
    got = _download(member, document)
    assert got.status_code == 200 and got.mimetype == "image/jpeg"
    # The photo is downloaded without the place where it was taken.
    assert samples.gps_of(got.data) == {} and b"PhoneMaker" not in got.data

    stranger = make_client()
    stranger.login(make_user().email)
    zone_staff = make_client()
    zone_staff.login(make_user(roles=[(s["zone"].id, Role.STAFF)]).email)
    for person in (stranger, make_client(), zone_staff):
        assert _download(person, document).status_code == 404
        assert person.post(f"/documents/{document.id}/remove").status_code in (302, 404)
    assert only_document(app) is not None


def test_a_file_whose_name_lies_is_refused_with_what_was_typed_kept(app, make_client, staged_round):
    staged = staged_round("gather")
    staff = make_client()
    staff.login(staged.setup.staff_email)
    owner = f"round:{staged.round_id}"
    stored_before = _stored_files(app)
    cases = [
        (samples.png(), "agenda.pdf", "PNG"),
        (samples.random_zip(), "verslag.docx", "cannot be added"),
        (samples.EXE, "foto.jpg", "cannot be added"),
    ]
    for data, name, said in cases:
        refused = upload(staff, owner, data, name, title="Mijn titel")
        page = refused.get_data(as_text=True)
        assert refused.status_code == 400, name
        assert said in page and 'value="Mijn titel"' in page
    assert only_document(app) is None
    assert _stored_files(app) == stored_before  # nothing written for a refused file


def test_a_file_over_the_limit_is_a_clear_413_never_a_server_error(
    app, make_client, staged_round, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    staged = staged_round("gather")
    staff = make_client()
    staff.login(staged.setup.staff_email)
    owner = f"round:{staged.round_id}"
    stored_before = _stored_files(app)
    big = samples.PDF + b"0" * (1024 * 1024)  # just over 1 MB: read, then refused
    refused = upload_in_memory(
        staff, owner, big, "groot.pdf", title="Groot verslag", kind="minutes"
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 413
    assert "larger than 1 MB" in page and 'value="Groot verslag"' in page
    # Far over: refused before it is read.
    huge = samples.PDF + b"0" * (3 * 1024 * 1024)
    refused = upload_in_memory(staff, owner, huge, "enorm.pdf", title="Enorm")
    assert refused.status_code == 413
    assert "larger than 1 MB" in refused.get_data(as_text=True)
    assert only_document(app) is None and _stored_files(app) == stored_before
    # Someone who may not add documents sending that much: the plain 413 page.
    member = make_client()
    member.login(staged.members[0])
    assert upload_in_memory(member, owner, huge, "enorm.pdf").status_code == 413


def test_an_upload_without_a_file_asks_for_one(app, make_client, staged_round):
    staged = staged_round("gather")
    staff = make_client()
    staff.login(staged.setup.staff_email)
    refused = staff.post(
        f"/documents/of/round:{staged.round_id}/new", {"title": "Agenda", "kind": "agenda"}
    )
    assert refused.status_code == 400
    assert "Choose a file to add." in refused.get_data(as_text=True)


def test_an_unknown_owner_is_404(client, make_client, make_user):
    admin = make_client()
    admin.login(make_user(is_admin=True).email)
    for owner in ("meeting:999", "zone:1", "round:abc", "proeftuin:0", "nothing"):
        assert admin.get(f"/documents/of/{owner}/new").status_code == 404
    assert client.get("/documents/999/x.pdf").status_code == 404
