"""Pages of rounds and the pool: who may do what, and what staff never see."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db
from tests.consultations.conftest import run_jobs


def _drawn_round(app, pool_zone, make_round, size=3, pool_size=15):
    """A drawn round whose group all accepted, with a quota on informal carers: 5 of the
    15 (fewer would not be counted when the rules are saved)."""
    from burgerplatform.consultations import draws, queries
    from burgerplatform.consultations.models import Round

    setup = pool_zone(pool_size)
    round_id = make_round(setup, size=size, quotas={("lived_experience", 1): (1, 3)})
    with app.test_request_context():
        draws.start_draw(db.session.get(Round, round_id), 5)
        db.session.commit()
    run_jobs(app)
    with app.test_request_context():
        seats = queries.load_round_for_group(round_id).seats
        for seat in seats:
            draws.answer(seat, accept=True)
        db.session.commit()
    return setup, round_id


HEALTH_LABELS = [
    "chronic illness",
    "chronische ziekte",
    "informal carer",
    "mantelzorger",
    "disability",
    "beperking",
]


def _member_health_answers(app, setup):
    """(display name, e-mail) of pool members who gave a health answer."""
    from burgerplatform.consultations.models import PoolMember

    with app.app_context():
        members = db.session.scalars(select(PoolMember).where(PoolMember.zone_id == setup.zone_id))
        return [
            (m.user.display_name, m.user.email)
            for m in members
            if any(a.value.category.sensitive for a in m.answers)
        ]


def test_staff_pages_and_exports_never_show_an_individuals_health_answers(
    app, client, pool_zone, make_round
):
    from burgerplatform.consultations.models import DrawRecord

    setup, round_id = _drawn_round(app, pool_zone, make_round)
    client.login(setup.staff_email)
    with app.app_context():
        draw_id = db.session.scalar(select(DrawRecord.id).where(DrawRecord.round_id == round_id))
    base = f"/{setup.slug}"
    pages = [
        f"{base}/pool/overview",
        f"{base}/rounds/{round_id}/group",
        f"{base}/rounds/{round_id}",
        f"{base}/rounds/{round_id}/draws/{draw_id}",
        f"{base}/rounds/{round_id}/draws/{draw_id}/audit.json",
        f"/api/v1/zones/{setup.slug}/rounds",
    ]
    people = _member_health_answers(app, setup)
    assert people
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        for name, email in people:
            lines = [line for line in text.splitlines() if name in line or email in line]
            for line in lines:
                # A name may appear (accepted seats), but never next to a health answer.
                assert not any(label in line.lower() for label in HEALTH_LABELS), (url, line)
    # The pool overview shows counts only, small ones blurred.
    overview = client.get(f"{base}/pool/overview").get_data(as_text=True)
    assert not any(email in overview for _n, email in people)
    assert re.search(r"fewer than 5|minder dan 5", overview)
    # The audit record names nobody: only pseudonymous ids.
    audit = client.get(f"{base}/rounds/{round_id}/draws/{draw_id}/audit.json").get_json()
    assert not any(email in str(audit) for _n, email in people)
    assert audit["replay"] == sorted(audit["selected"])


def test_staff_see_names_and_contacts_only_of_people_who_accepted(
    app, client, pool_zone, make_round
):
    from burgerplatform.consultations import draws, queries
    from burgerplatform.consultations.models import Round

    setup = pool_zone(6)
    round_id = make_round(setup, size=2)
    with app.test_request_context():
        draws.start_draw(db.session.get(Round, round_id), 3)
        db.session.commit()
    run_jobs(app)
    with app.test_request_context():
        seats = queries.load_round_for_group(round_id).seats
        accepted, waiting = seats[0].member.user.email, seats[1].member.user.email
        draws.answer(seats[0], accept=True)
        db.session.commit()
    client.login(setup.staff_email)
    page = client.get(f"/{setup.slug}/rounds/{round_id}/group").get_data(as_text=True)
    assert accepted in page
    assert waiting not in page


STAFF_ROUTES = [
    ("get", "/rounds/{r}/group"),
    ("post", "/rounds/{r}/group"),
    ("post", "/rounds/{r}/draw"),
    ("get", "/rounds/{r}/draws/{d}"),
    ("get", "/rounds/{r}/draws/{d}/audit.json"),
    ("post", "/rounds/{r}/phase"),
    ("get", "/rounds/{r}/offline"),
    ("post", "/rounds/{r}/offline"),
    ("post", "/rounds/{r}/suggestions/1"),
    ("get", "/rounds/{r}/contributions/1/letter"),
    ("post", "/rounds/{r}/contributions/1/unused"),
    ("post", "/rounds/{r}/review/1"),
    ("post", "/rounds/{r}/recommendations/1/updates"),
    ("post", "/rounds/{r}/recommendations/1/outcome"),
    ("post", "/rounds/{r}/publish"),
    ("get", "/pool/overview"),
    ("post", "/pool/overview"),
    ("post", "/pool/categories/1/values"),
]


@pytest.mark.parametrize(("method", "path"), STAFF_ROUTES)
def test_staff_of_another_zone_are_refused_on_every_staff_route(
    app, make_client, make_zone, make_user, pool_zone, make_round, method, path
):
    from burgerplatform.consultations.models import DrawRecord, Round
    from burgerplatform.zones.models import Role

    setup = pool_zone(4)
    round_id = make_round(setup, size=2)
    with app.app_context():
        record = DrawRecord(round_id=round_id, seed=1)
        db.session.add(record)
        db.session.commit()
        draw_id = record.id
        assert db.session.get(Round, round_id)
    other = make_zone()
    outsider = make_user(roles=[(other.id, Role.STAFF), (other.id, Role.ZORGRAAD_MEMBER)])
    client = make_client()
    client.login(outsider.email)
    url = path.format(r=round_id, d=draw_id)
    # In the round's own zone: no role there.
    response = getattr(client, method)(
        f"/{setup.slug}{url}", **({"data": {}} if method == "post" else {})
    )
    assert response.status_code in (403, 404), (url, response.status_code)
    # Through the outsider's own zone: the round is not there.
    if "{r}" in path:
        response = getattr(client, method)(
            f"/{other.slug}{url}", **({"data": {}} if method == "post" else {})
        )
        assert response.status_code == 404, (url, response.status_code)


def test_a_pzon_zorgraad_member_may_create_a_round_but_another_zorgraad_member_may_not(
    app, make_client, make_zone, make_user
):
    from burgerplatform.accounts.models import ZoneRole
    from burgerplatform.zones.models import Cluster, ClusterKind, Role

    zone = make_zone()
    pzon, other = make_user(), make_user()
    with app.app_context():
        pzon_cluster = Cluster(zone_id=zone.id, kind=ClusterKind.PZON, name="PZON")
        welfare = Cluster(zone_id=zone.id, kind=ClusterKind.WELFARE, name="Welzijn")
        db.session.add_all([pzon_cluster, welfare])
        db.session.flush()
        db.session.add_all(
            [
                ZoneRole(
                    user_id=pzon.id,
                    zone_id=zone.id,
                    role=Role.ZORGRAAD_MEMBER,
                    cluster_id=pzon_cluster.id,
                ),
                ZoneRole(
                    user_id=other.id,
                    zone_id=zone.id,
                    role=Role.ZORGRAAD_MEMBER,
                    cluster_id=welfare.id,
                ),
            ]
        )
        db.session.commit()
    allowed, refused = make_client(), make_client()
    allowed.login(pzon.email)
    refused.login(other.email)
    data = {"title": "Wachttijden", "question": "Wat maakt wachten makkelijker?"}
    response = allowed.post(f"/{zone.slug}/rounds/new", data)
    assert response.status_code == 302
    assert refused.post(f"/{zone.slug}/rounds/new", data).status_code == 403
    assert refused.get(f"/{zone.slug}/rounds/new").status_code == 403


def test_an_invalid_round_form_keeps_what_was_typed_and_oversized_text_is_refused(
    client, make_zone, make_user
):
    from burgerplatform.zones.models import Role

    zone = make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    client.login(staff.email)
    response = client.post(f"/{zone.slug}/rounds/new", {"title": "", "question": "Mijn vraag"})
    assert response.status_code == 400
    assert "Mijn vraag" in response.get_data(as_text=True)
    huge = client.post(
        f"/{zone.slug}/rounds/new", {"title": "x", "question": "y", "background": "z" * 30000}
    )
    assert huge.status_code in (400, 413)


def test_joining_the_pool_needs_consent_and_leaving_erases_the_answers(
    app, client, make_zone, make_user
):
    from burgerplatform.consultations.models import PoolAnswer, PoolMember

    zone = make_zone()
    user = make_user(zone_id=zone.id)
    client.login(user.email)
    page = client.get(f"/{zone.slug}/pool/").get_data(as_text=True)
    radio = re.search(r'name="(cat_\d+)"[^>]*value="(\d+)"', page)
    data = {radio.group(1): radio.group(2)}
    assert client.post(f"/{zone.slug}/pool/", data).status_code == 400
    assert client.post(f"/{zone.slug}/pool/", {**data, "consent": "y"}).status_code == 302
    with app.app_context():
        member = db.session.scalar(select(PoolMember))
        assert member.consent_version and len(member.answers) == 1
    assert client.post(f"/{zone.slug}/pool/leave").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(PoolMember)).left_at is not None
        assert db.session.scalars(select(PoolAnswer)).all() == []


def test_the_api_lists_rounds_with_phase_composition_and_outcomes(
    app, client, pool_zone, make_round
):
    setup, round_id = _drawn_round(app, pool_zone, make_round)
    body = client.get(f"/api/v1/zones/{setup.slug}/rounds").get_json()
    item = body["items"][0]
    assert item["id"] == round_id and item["phase"] == "co_define"
    assert item["composition"][0]["min"] == 1 and "count" in item["composition"][0]
    assert item["recommendations"] == []
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/zones/{slug}/rounds" in spec["paths"] and "Round" in spec["components"]["schemas"]
    assert client.get("/api/v1/zones/nowhere/rounds").status_code == 404


def test_the_composition_never_counts_seats_per_sensitive_answer(app):
    """Next to the named list of members, a per-answer count of lived experience would
    tell who has which health answer: a final group shows a band, never a count below 5."""
    from types import SimpleNamespace as NS

    from burgerplatform.consultations import queries
    from burgerplatform.consultations.models import SeatStatus

    def value(vid, label, sensitive):
        category = NS(display_label="Categorie", sensitive=sensitive)
        return NS(id=vid, display_label=label, category=category)

    chronic, town = value(1, "Chronische ziekte", True), value(2, "Eeklo", False)
    member = NS(pseudonym="p1", answers=[NS(value_id=1), NS(value_id=2)])
    from burgerplatform.consultations.models import Phase

    round_ = NS(
        id=0,  # no draw of its own: counted with today's answers
        phase=Phase.GATHER,  # the group is final: even then, no count below 5
        seats=[NS(status=SeatStatus.ACCEPTED, member=member)],
        quotas=[
            NS(value=chronic, value_id=1, min=1, max=3),
            NS(value=town, value_id=2, min=1, max=5),
        ],
    )
    with app.app_context():
        rows = queries.composition(round_)
    assert rows[0]["count"] is None and rows[0]["sensitive"] and rows[0]["fewer_than"] == 5
    assert rows[1]["count"] == 1 and not rows[1]["sensitive"]


def test_a_pool_members_answers_are_in_their_data_download_and_gone_with_their_account(
    app, client, make_zone, make_user
):
    import json

    from burgerplatform.consultations.models import PoolAnswer, PoolMember

    zone = make_zone()
    user = make_user(zone_id=zone.id)
    client.login(user.email)
    page = client.get(f"/{zone.slug}/pool/").get_data(as_text=True)
    radio = re.search(r'name="(cat_\d+)"[^>]*value="(\d+)"', page)
    client.post(f"/{zone.slug}/pool/", {radio.group(1): radio.group(2), "consent": "y"})
    export = json.loads(client.get("/account/export.json").get_data(as_text=True))
    assert len(export["citizen_pool"]) == 1 and len(export["citizen_pool"][0]["answers"]) == 1
    assert client.post("/account/delete", {"confirm": "y"}).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(PoolAnswer)).all() == []
        assert db.session.scalar(select(PoolMember)).left_at is not None
