"""Staff discard a published list before its number is entered (the pool turned out
wrong): with a reason, in the audit log, and the list stays public with its fingerprint,
so nobody can quietly throw lists away until one picks a group they like."""

from __future__ import annotations

from burgerplatform.extensions import db
from tests.conftest import Client
from tests.consultations.conftest import draw_form, run_jobs
from tests.consultations.test_published_draw import SOURCE, _prepare, _records, _seats, pick


def _discard_events(app):
    from burgerplatform.audit.models import AuditEvent

    with app.app_context():
        return db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "round.draw_list_discarded")
        ).all()


def test_a_discarded_list_stays_public_with_its_fingerprint_and_a_new_list_can_follow(
    app, pool_zone, make_round, make_client
):
    from burgerplatform.consultations.models import DrawStatus

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, first = _prepare(app, setup, round_id)
    page = staff.get(f"{base}/draws/{first.id}").get_data(as_text=True)
    assert "Deze lijst wegleggen" in page

    # Without a reason: a plain error on the form, nothing discarded.
    refused = staff.post(f"{base}/draws/{first.id}/discard", {"reason": "   "})
    assert refused.status_code == 400
    assert "Waarom leg je de lijst weg?" in refused.get_data(as_text=True)
    assert _records(app)[0].status is DrawStatus.PUBLISHED and not _discard_events(app)

    reason = "Er stonden nog twee mensen in de pool die verhuisd waren."
    # First a page that says what setting the list aside does; nothing is discarded yet.
    asked = staff.post(
        f"{base}/draws/{first.id}/discard", {"reason": reason}, follow_redirects=True
    )
    assert asked.status_code == 200
    html = asked.get_data(as_text=True)
    assert 'id="confirm-discard"' in html and "Deze lijst wegleggen?" in html
    assert "Dat kun je niet ongedaan maken" in html and reason in html
    assert 'id="confirm-discard-list"' in html and 'id="keep-list"' in html
    assert 'id="confirm-discard-title" tabindex="-1" autofocus' in html
    assert 'id="discard-list"' not in html  # the first step's button is gone
    assert _records(app)[0].status is DrawStatus.PUBLISHED and not _discard_events(app)
    done = staff.post(f"{base}/draws/{first.id}/discard", {"reason": reason, "confirmed": "yes"})
    assert done.status_code == 302
    (record,) = _records(app)
    assert record.status is DrawStatus.DISCARDED and record.discard_reason == reason
    assert record.discarded_at is not None and not _seats(app, round_id)
    (event,) = _discard_events(app)
    assert event.detail["list_sha256"] == first.list_hash and event.detail["reason"] == reason
    assert event.actor_id is not None

    # Its number can no longer pick a group from it.
    late = staff.post(f"{base}/draws/{first.id}/number", {"number": "12"})
    assert late.status_code == 400 and not _seats(app, round_id)

    # The public sees the discarded list, when and why, and can download it.
    visitor = make_client()
    public_page = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
    assert "Lijsten die weggelegd zijn" in public_page
    assert first.list_hash in public_page and reason in public_page
    round_page = Client(app, language="nl").get(base).get_data(as_text=True)
    assert 'id="draw-discarded"' in round_page
    assert visitor.get(f"{base}/draw/record.json").status_code == 404  # no current list
    old = visitor.get(f"{base}/draw/discarded/{first.id}/record.json").get_json()
    assert old["list_sha256"] == first.list_hash and old["discard_reason"] == reason
    assert old["number"] is None and len(old["groups"]) == 1000

    # A new list may be published; its record names the discarded one too.
    again = staff.post(f"{base}/draw", draw_form(SOURCE + " (tweede lijst)"))
    assert again.status_code == 302
    run_jobs(app)
    second = next(r for r in _records(app) if r.id != first.id)
    assert second.status is DrawStatus.PUBLISHED
    current = visitor.get(f"{base}/draw/record.json").get_json()
    assert current["list_sha256"] == second.list_hash
    (listed,) = current["discarded_lists"]
    assert listed["list_sha256"] == first.list_hash and listed["reason"] == reason
    assert listed["record"].endswith(f"/draw/discarded/{first.id}/record.json")
    both = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
    assert second.list_hash in both and first.list_hash in both

    # Once a number picked the group, its list can no longer be discarded.
    assert pick(staff, base, second.id, "7").status_code == 302
    late_discard = staff.post(f"{base}/draws/{second.id}/discard", {"reason": "te laat"})
    assert late_discard.status_code == 400
    assert next(r for r in _records(app) if r.id == second.id).status is DrawStatus.DONE
    assert len(_discard_events(app)) == 1


def test_staff_of_another_zone_cannot_discard_a_list(app, pool_zone, make_round):
    from burgerplatform.consultations.models import DrawStatus

    setup = pool_zone(10)
    round_id = make_round(setup, size=3)
    _staff, base, record = _prepare(app, setup, round_id)
    other = pool_zone(4)
    outsider = Client(app, language="nl")
    outsider.login(other.staff_email)
    # Under its own zone's address the round is not found; under this zone's, not allowed.
    theirs = f"/{other.slug}/rounds/{round_id}/draws/{record.id}/discard"
    assert outsider.post(theirs, {"reason": "x"}).status_code == 404
    assert outsider.post(f"{base}/draws/{record.id}/discard", {"reason": "x"}).status_code == 403
    citizen = Client(app, language="nl")
    citizen.login(setup.members[0])
    assert citizen.post(f"{base}/draws/{record.id}/discard", {"reason": "x"}).status_code in (
        403,
        404,
    )
    assert _records(app)[0].status is DrawStatus.PUBLISHED
    # A list that is not discarded has no discarded record.
    assert Client(app).get(f"{base}/draw/discarded/{record.id}/record.json").status_code == 404
