"""Every look at personal data is in the audit log, whatever the answer to the request.

A refused form re-renders the page with the members' addresses or the offline contacts:
the look happened, so it is logged, in a transaction of its own that the refusal's
rollback does not take along.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

import pytest
from sqlalchemy import select

from burgerplatform.audit.models import AuditEvent
from burgerplatform.audit.policies import PERSONAL_DATA_LOOKS
from burgerplatform.extensions import db
from tests.consultations.conftest import draw_form, make_round, pool_zone, run_jobs  # noqa: F401

LOOK = "pool.viewed"


def looks(app) -> list[tuple[str, str | None, int | None, str]]:
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == LOOK).order_by(AuditEvent.id)
        )
        found = [(r.detail.get("view"), r.target_type, r.target_id, r.method) for r in rows]
        db.session.remove()
        return found


@pytest.fixture
def drawn(app, pool_zone, make_round):  # noqa: F811
    """A round whose klankbordgroep of 2 is drawn and accepted, with one offline input
    with contact details; returns (setup, round id, offline contribution id)."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import draws, queries, services
    from burgerplatform.consultations.models import ContactMethod, Phase, Round

    setup = pool_zone(6)
    round_id = make_round(setup, size=2)
    with app.test_request_context():
        draws.start_draw(db.session.get(Round, round_id), 11)
        db.session.commit()
    run_jobs(app)
    with app.test_request_context():
        round_ = queries.load_round_for_group(round_id)
        for seat in round_.seats:
            draws.answer(seat, accept=True)
        round_.phase = Phase.GATHER
        staff = db.session.scalar(select(User).where(User.email == setup.staff_email))
        offline = services.add_offline(
            round_,
            staff,
            "Te weinig bussen.",
            "Op tour",
            "Maldegem",
            None,
            "Jan Peeters",
            ContactMethod.POST,
            "Kerkstraat 2, 9990 Maldegem",
            consent=True,
        )
        db.session.commit()
        offline_id = offline.id
        members = [s.member.user.email for s in round_.seats]
        db.session.remove()
    return setup, round_id, offline_id, members


def test_staff_who_see_the_members_addresses_after_a_refused_draw_are_in_the_audit_log(
    app, client, drawn
):
    setup, round_id, _offline, members = drawn
    client.login(setup.staff_email)
    response = client.post(f"/{setup.slug}/rounds/{round_id}/draw", draw_form("de zorgraad"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert all(address in html for address in members)  # the look happened
    assert ("group", "round", round_id, "POST") in looks(app)


def test_staff_who_see_the_offline_contacts_after_an_empty_form_are_in_the_audit_log(
    app, client, drawn
):
    setup, round_id, _offline, _members = drawn
    client.login(setup.staff_email)
    response = client.post(f"/{setup.slug}/rounds/{round_id}/offline", {})
    assert response.status_code == 400
    assert "Kerkstraat 2" in response.get_data(as_text=True)
    assert ("offline_contacts", "round", round_id, "POST") in looks(app)


def test_a_look_stays_logged_when_the_page_then_fails(app, client, drawn, monkeypatch):
    """Even an unexpected error after the look (a 500) does not take the entry along."""
    from burgerplatform.consultations import views_work

    setup, round_id, _offline, _members = drawn
    client.login(setup.staff_email)

    def broken(*_args, **_kwargs):
        raise RuntimeError("the template broke")

    monkeypatch.setattr(views_work, "render_template", broken)
    with pytest.raises(RuntimeError):  # tests see the error itself, visitors a 500 page
        client.get(f"/{setup.slug}/rounds/{round_id}/offline")
    assert ("offline_contacts", "round", round_id, "GET") in looks(app)


# --- The class: every page that logs a look is declared, and each refusal is logged ------


def refused_requests(setup, round_id, offline_id, draw_id):
    """endpoint -> (method, url, form that fails, expected status). GET-only pages have no
    form to refuse: they are asked plainly (a look must be logged there too)."""
    base = f"/{setup.slug}/rounds/{round_id}"
    return {
        "pool.overview": ("post", f"/{setup.slug}/pool/overview", {"label": ""}, 400),
        "consultations.group": ("post", f"{base}/group", {"group_size": "many"}, 400),
        "consultations.start_draw": ("post", f"{base}/draw", draw_form("de zorgraad"), 400),
        "consultations.offline": ("post", f"{base}/offline", {"body": ""}, 400),
        "consultations.draw_audit": ("get", f"{base}/draws/{draw_id}/audit.json", None, 200),
        "consultations.letter": ("get", f"{base}/contributions/{offline_id}/letter", None, 200),
    }


def allowance_requests(app, setup, round_id):
    """The allowance pages (tests/allowances): a meeting of the drawn group held yesterday."""
    from datetime import timedelta

    from burgerplatform.consultations.models import Round
    from burgerplatform.core.db import utcnow
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting

    with app.app_context():
        round_ = db.session.get(Round, round_id)
        member_id = round_.seats[0].member.user_id
        start = utcnow() - timedelta(days=1)
        meeting = create_meeting(
            kind=MeetingKind.ROUND,
            space=f"round:{round_id}",
            zone_id=round_.zone_id,
            title="Klankbordgroep",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=None,
            location="Eeklo",
        )
        db.session.commit()
        uid = meeting.uid
        db.session.remove()
    money = f"/{setup.slug}/allowances"
    mine = "/meetings/mine/allowances"
    return {
        "allowances.allowances": ("get", f"/meetings/{uid}/allowances", None, 200),
        "allowances.pay": (
            "post",
            f"/meetings/{uid}/allowances/{member_id}",
            {f"m{member_id}-flat": "-1"},
            400,
        ),
        "allowances.mine": ("get", mine, None, 200),
        "allowances.consent": ("post", f"{mine}/consent", {"iban": "BE00"}, 400),
        "allowances.statement": ("get", f"{mine}/2026.pdf", None, 404),
        "zone_allowances.overview": (
            "get",
            f"{money}/?first=2026-02-01&last=2026-01-01",
            None,
            400,
        ),
        "zone_allowances.ceilings": ("post", f"{money}/ceilings", {"year": ""}, 400),
        "zone_allowances.export_csv": ("get", f"{money}/export.csv", None, 200),
        "zone_allowances.export_xlsx": ("get", f"{money}/export.xlsx", None, 200),
        "zone_allowances.export": (
            "post",
            f"{money}/export",
            {"first": "2026-02-01", "last": "2026-01-01", "kind": "csv"},
            400,
        ),
    }


def _functions_calling_look(module) -> set[str]:
    """Names of the module's functions that call `audit.look`, directly or through
    another function of the same module (e.g. a shared render helper)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(module)))
    calls: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names = set()
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call):
                    func = sub.func
                    if isinstance(func, ast.Attribute):
                        names.add(func.attr)
                    elif isinstance(func, ast.Name):
                        names.add(func.id)
            calls[node.name] = names
    found = {name for name, called in calls.items() if "look" in called}
    while True:
        more = {name for name, called in calls.items() if called & found} - found
        if not more:
            return found
        found |= more


def endpoints_that_log_looks(app) -> set[str]:
    import sys

    found = set()
    for endpoint, view in app.view_functions.items():
        original = inspect.unwrap(view)
        module = sys.modules[original.__module__]
        if not module.__name__.startswith("burgerplatform."):
            continue
        if original.__name__ in _functions_calling_look(module):
            found.add(endpoint)
    return found


def test_every_page_that_shows_personal_data_is_declared_in_the_audit_policies(app):
    assert endpoints_that_log_looks(app) == set(PERSONAL_DATA_LOOKS)


def test_every_look_at_personal_data_is_logged_even_when_the_request_is_refused(
    app, make_client, drawn
):
    from burgerplatform.consultations.models import DrawRecord

    setup, round_id, offline_id, _members = drawn
    with app.app_context():
        draw_id = db.session.scalar(select(DrawRecord.id).where(DrawRecord.round_id == round_id))
        db.session.remove()
    requests = refused_requests(setup, round_id, offline_id, draw_id)
    requests |= allowance_requests(app, setup, round_id)
    assert set(requests) == set(PERSONAL_DATA_LOOKS), "a declared page is not exercised here"
    for endpoint, (method, url, form, status) in requests.items():
        staff = make_client()
        staff.login(setup.staff_email)
        before = len(looks(app))
        response = staff.get(url) if method == "get" else staff.post(url, form)
        assert response.status_code == status, endpoint
        assert len(looks(app)) == before + 1, f"{endpoint}: the look is not in the audit log"
