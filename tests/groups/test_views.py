"""The register's pages through the test client: who may see and change what, and what a
wrong form or link answers."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from burgerplatform.core.roles import Role
from burgerplatform.extensions import db
from burgerplatform.groups.models import Group, GroupStatus, RoundGroup, SupportRequest
from tests.conftest import count_rows, link_in, speak_english


def register(client, zone, **overrides):
    data = {"name": "Wandelclub De Stappers", "purpose": "We wandelen.", "consent": "y"}
    data.update(overrides)
    return client.post(f"/{zone.slug}/groups/new", data)


def group_id(app, name: str = "Wandelclub De Stappers") -> int:
    with app.app_context():
        found = db.session.scalar(select(Group.id).where(Group.name == name))
        db.session.remove()
        return found


@pytest.fixture
def listed(app, make_client, make_zone, make_user):
    """A zone with a group listed by its contact An (logged in on `an`)."""
    zone = make_zone()
    an = make_user(email="an@example.org", display_name="An")
    speak_english(app, an)
    client = make_client()
    client.login(an.email)
    assert register(client, zone, reach_phone="0470 12 34 56").status_code == 302
    return {"zone": zone, "an": an, "client": client, "id": group_id(app)}


def test_a_group_without_consent_is_refused_with_a_clear_message_and_nothing_saved(
    app, client, make_zone, make_user
):
    zone, an = make_zone(), make_user()
    speak_english(app, an)
    client.login(an.email)
    response = register(client, zone, consent="")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "only when its contact person agrees" in page
    assert 'value="Wandelclub De Stappers"' in page  # what was typed is kept
    assert count_rows(app, Group.id) == 0


def test_a_listed_group_shows_only_what_its_contact_published(app, client, listed):
    zone = listed["zone"]
    page = client.get(f"/{zone.slug}/groups/").get_data(as_text=True)
    assert "Wandelclub De Stappers" in page
    page = client.get(f"/{zone.slug}/groups/{listed['id']}").get_data(as_text=True)
    assert "0470 12 34 56" in page
    assert "an@example.org" not in page and "Person" not in page


def test_a_citizen_cannot_change_or_remove_someone_elses_group(app, make_client, make_user, listed):
    zone, gid = listed["zone"], listed["id"]
    jef = make_user()
    other = make_client()
    other.login(jef.email)
    assert other.get(f"/{zone.slug}/groups/{gid}/edit").status_code == 403
    assert other.post(f"/{zone.slug}/groups/{gid}/edit", {"name": "Van mij"}).status_code == 403
    assert other.post(f"/{zone.slug}/groups/{gid}/remove").status_code == 403
    assert other.get(f"/{zone.slug}/groups/{gid}/support").status_code == 403
    with app.app_context():
        assert db.session.get(Group, gid).name == "Wandelclub De Stappers"
        db.session.remove()


def test_the_contact_changes_and_removes_the_group(app, listed):
    zone, gid, client = listed["zone"], listed["id"], listed["client"]
    response = client.post(
        f"/{zone.slug}/groups/{gid}/edit", {"name": "De Stappers", "website": "geen adres"}
    )
    assert response.status_code == 400  # a website must be a full address
    response = client.post(f"/{zone.slug}/groups/{gid}/edit", {"name": "De Stappers"})
    assert response.status_code == 302
    assert client.post(f"/{zone.slug}/groups/{gid}/remove").status_code == 302
    assert client.get(f"/{zone.slug}/groups/{gid}").status_code == 404
    with app.app_context():
        group = db.session.get(Group, gid)
        assert group.name == "De Stappers" and group.status is GroupStatus.REMOVED
        db.session.remove()


def test_a_waiting_group_is_hidden_until_its_contact_confirms_and_another_groups_link_fails(
    app, make_client, make_zone, make_user, deliver
):
    zone = make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    an = make_user(email="an@example.org")
    speak_english(app, staff, an)
    staff_client = make_client()
    staff_client.login(staff.email)
    for name in ("Taalcafé", "Breiclub"):
        response = staff_client.post(
            f"/{zone.slug}/groups/add", {"name": name, "contact_email": "an@example.org"}
        )
        assert response.status_code == 302
    taalcafe, breiclub = group_id(app, "Taalcafé"), group_id(app, "Breiclub")
    anonymous = make_client()
    assert anonymous.get(f"/{zone.slug}/groups/{taalcafe}").status_code == 404
    assert "Taalcafé" not in anonymous.get(f"/{zone.slug}/groups/").get_data(as_text=True)
    searched = anonymous.get("/zoeken?q=Taalcafé").get_data(as_text=True)
    assert f"/groups/{taalcafe}" not in searched

    links = [link_in(m) for m in deliver() if m["To"] == "an@example.org"]
    taalcafe_link = next(x for x in links if f"/groups/{taalcafe}/" in x)
    token = taalcafe_link.rsplit("/", 1)[-1]
    an_client = make_client()
    an_client.login(an.email)
    # The Taalcafé's token does not confirm the Breiclub.
    wrong = an_client.post(f"/{zone.slug}/groups/{breiclub}/confirm/{token}")
    assert wrong.status_code == 400
    assert "does not work" in wrong.get_data(as_text=True)
    # Nor does it work for the staff member who made the entry.
    assert staff_client.post(f"/{zone.slug}/groups/{taalcafe}/confirm/{token}").status_code == 400
    page = an_client.get(f"/{zone.slug}/groups/{taalcafe}/confirm/{token}")
    assert page.status_code == 200 and "Yes, show this group" in page.get_data(as_text=True)
    assert an_client.post(f"/{zone.slug}/groups/{taalcafe}/confirm/{token}").status_code == 302
    assert anonymous.get(f"/{zone.slug}/groups/{taalcafe}").status_code == 200
    # Listed, it is found by the one search; the waiting Breiclub is not.
    found = anonymous.get("/zoeken?q=Taalcafé").get_data(as_text=True)
    assert f"/{zone.slug}/groups/{taalcafe}" in found
    assert f"/groups/{breiclub}" not in anonymous.get("/zoeken?q=Breiclub").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Group, breiclub).status is GroupStatus.WAITING
        db.session.remove()


STAFF_ROUTES = [
    ("get", "/groups/add"),
    ("post", "/groups/add"),
    ("get", "/groups/rounds/{r}/invite"),
    ("post", "/groups/rounds/{r}/invite"),
    ("get", "/groups/support/"),
    ("get", "/groups/support/{s}"),
    ("post", "/groups/support/{s}/answer"),
    ("post", "/groups/support/{s}/proeftuin"),
    ("get", "/groups/{g}/edit"),
    ("post", "/groups/{g}/remove"),
]


@pytest.mark.parametrize(("method", "path"), STAFF_ROUTES)
def test_staff_and_coaches_of_another_zone_are_refused(
    app, make_client, make_zone, make_user, listed, method, path
):
    from burgerplatform.consultations.models import Round
    from burgerplatform.core.roles import Role

    zone, gid = listed["zone"], listed["id"]
    with app.app_context():
        round_ = Round(zone_id=zone.id, title="R", question_draft="Q")
        db.session.add(round_)
        db.session.flush()
        request = SupportRequest(zone_id=zone.id, group_id=gid, goal="G", help="H")
        db.session.add(request)
        db.session.commit()
        ids = {"r": round_.id, "s": request.id, "g": gid}
        db.session.remove()
    other = make_zone()
    outsider = make_user(roles=[(other.id, Role.STAFF), (other.id, Role.COACH)])
    client = make_client()
    client.login(outsider.email)
    url = path.format(**ids)
    data = {"data": {}} if method == "post" else {}
    response = getattr(client, method)(f"/{zone.slug}{url}", **data)
    assert response.status_code in (403, 404), (url, response.status_code)
    if "{" in path:
        response = getattr(client, method)(f"/{other.slug}{url}", **data)
        assert response.status_code == 404, (url, response.status_code)


def test_a_round_invites_a_group_and_its_input_is_marked_on_the_round_page(
    app, make_client, make_user, listed
):
    from burgerplatform.consultations.models import Phase, Round
    from burgerplatform.core.roles import Role

    zone, gid, an_client = listed["zone"], listed["id"], listed["client"]
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    speak_english(app, staff)
    with app.app_context():
        round_ = Round(zone_id=zone.id, title="Wandelpaden", question_draft="Wat mist er?")
        round_.phase = Phase.GATHER
        db.session.add(round_)
        db.session.commit()
        round_id = round_.id
        db.session.remove()
    staff_client = make_client()
    staff_client.login(staff.email)
    page = staff_client.get(f"/{zone.slug}/rounds/{round_id}").get_data(as_text=True)
    assert f"/{zone.slug}/groups/rounds/{round_id}/invite" in page
    response = staff_client.post(
        f"/{zone.slug}/groups/rounds/{round_id}/invite", {"group": str(gid), "part": "input"}
    )
    assert response.status_code == 302
    assert count_rows(app, RoundGroup.id) == 1

    page = an_client.get(f"/{zone.slug}/rounds/{round_id}").get_data(as_text=True)
    part_url = f"/{zone.slug}/groups/{gid}/rounds/{round_id}"
    assert part_url in page
    assert an_client.post(part_url, {"body": ""}).status_code == 400
    assert an_client.post(part_url, {"body": "Meer bankjes, graag."}).status_code == 302
    page = make_client().get(f"/{zone.slug}/rounds/{round_id}").get_data(as_text=True)
    assert "From the group Wandelclub De Stappers" in page
    assert "Groups that took part" in page


def test_a_groups_request_for_support_is_answered_and_becomes_a_proeftuin(
    app, make_client, make_user, listed, deliver
):
    from burgerplatform.core.roles import Role
    from burgerplatform.proeftuinen.models import Proeftuin

    zone, gid, an_client = listed["zone"], listed["id"], listed["client"]
    coach = make_user(roles=[(zone.id, Role.COACH)])
    speak_english(app, coach)
    response = an_client.post(
        f"/{zone.slug}/groups/{gid}/support",
        {"goal": "Meer leden", "help": "Een plan", "invite_emails": "jef@example.org"},
    )
    assert response.status_code == 302
    request_url = response.headers["Location"]
    coach_client = make_client()
    coach_client.login(coach.email)
    assert "Wandelclub De Stappers" in coach_client.get(f"/{zone.slug}/groups/support/").get_data(
        as_text=True
    )
    assert coach_client.post(request_url + "/answer", {"answer": ""}).status_code == 400
    assert coach_client.post(request_url + "/answer", {"answer": "Ik bel je."}).status_code == 302
    assert "Ik bel je." in an_client.get(request_url).get_data(as_text=True)
    # The contact does not start a proeftuin; the coach does.
    assert an_client.post(request_url + "/proeftuin", {"name": "X"}).status_code == 403
    response = coach_client.post(request_url + "/proeftuin", {"name": "Stappers samen"})
    assert response.status_code == 302 and "/proeftuinen/" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count(Proeftuin.id))) == 1
        db.session.remove()
    assert any(m["To"] == "jef@example.org" for m in deliver())


def test_the_list_of_groups_costs_as_many_queries_for_twenty_groups_as_for_two(
    app, client, make_zone, make_user, count_queries
):
    from burgerplatform.accounts.models import User
    from burgerplatform.groups import services
    from burgerplatform.zones.models import Zone

    zone, an = make_zone(), make_user()

    def add(n: int) -> None:
        with app.test_request_context(base_url="http://localhost"):
            z, person = db.session.get(Zone, zone.id), db.session.get(User, an.id)
            for i in range(n):
                services.register_group(
                    z,
                    person,
                    services.Entry(name=f"Groep {i}", municipality_ids=[z.municipalities[0].id]),
                    True,
                )
            db.session.commit()

    add(2)
    _page, few = count_queries(lambda: client.get(f"/{zone.slug}/groups/"))
    add(18)
    page, many = count_queries(lambda: client.get(f"/{zone.slug}/groups/"))
    assert page.status_code == 200 and "Groep 17" in page.get_data(as_text=True)
    assert many == few
