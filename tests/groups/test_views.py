"""The register's pages through the test client: who may see and change what, and what a
wrong form or link answers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from burgerplatform.core.roles import Role
from burgerplatform.extensions import db
from burgerplatform.groups.models import Group, GroupStatus, RoundGroup, SupportRequest
from burgerplatform.zones.models import Municipality
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
    # The group's name is what people wrote: marked Dutch on this English page.
    assert 'From the group <span lang="nl">Wandelclub De Stappers</span>' in page
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


# What the outside tester found -------------------------------------------------------------


class _FormReader(HTMLParser):
    """What a browser sends, nothing changed, for the form of a page sent to `action`."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self.action = action
        self.inside = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside or not a.get("name"):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((a["name"], a.get("value", "y")))
            elif kind != "submit":
                self.data.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data.append((a["name"], ""))

    def handle_data(self, data):
        if self._textarea is not None:
            name, text = self.data.pop()
            self.data.append((name, text + data))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def _stored_fields(app, gid: int) -> dict:
    with app.app_context():
        group = db.session.get(Group, gid)
        fields = {name: getattr(group, name) for name in FULL}
        fields["municipalities"] = sorted(m.name for m in group.municipalities)
        db.session.remove()
        return fields


def _municipality_ids(app, zone) -> list[int]:
    with app.app_context():
        ids = list(
            db.session.scalars(select(Municipality.id).where(Municipality.zone_id == zone.id))
        )
        db.session.remove()
        return ids


FULL = {
    "name": "Wandelclub De Stappers",
    "purpose": "We wandelen.\nElke week.",
    "audience": "Elke dinsdag aan de bib, voor iedereen.",
    "languages": ["nl", "fr"],
    "other_languages": "Arabisch",
    "accessibility": "Geen trappen.",
    "how_to_join": "Kom gewoon langs.",
    "reach_email": "stappers@example.org",
    "reach_phone": "0470 12 34 56",
    "website": "https://stappers.example.org",
}


def test_saving_the_edit_form_unchanged_keeps_every_field_and_the_municipalities_stay_ticked(
    app, make_client, make_zone, make_user
):
    zone, an = make_zone(), make_user()
    speak_english(app, an)
    client = make_client()
    client.login(an.email)
    places = _municipality_ids(app, zone)
    assert register(client, zone, **FULL, municipalities=places).status_code == 302
    gid = group_id(app)
    before = _stored_fields(app, gid)
    assert len(before["municipalities"]) == 2 and before["languages"] == ["fr", "nl"]

    page = client.get(f"/{zone.slug}/groups/{gid}/edit").get_data(as_text=True)
    reader = _FormReader(f"/{zone.slug}/groups/{gid}/edit")
    reader.feed(page)
    sent = dict(reader.data)
    assert {int(v) for k, v in reader.data if k == "municipalities"} == set(places)
    assert sent["website"] == FULL["website"]
    response = client.post(
        f"/{zone.slug}/groups/{gid}/edit", MultiDict(reader.data).to_dict(flat=False)
    )
    assert response.status_code == 302
    assert _stored_fields(app, gid) == before


def _waiting_group(app, make_client, make_zone, make_user, deliver):
    """Staff add a fully filled group for An; returns the zone, its id, An's client and link."""
    zone = make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    an = make_user(email="an@example.org")
    speak_english(app, staff, an)
    staff_client = make_client()
    staff_client.login(staff.email)
    places = _municipality_ids(app, zone)
    data = {**FULL, "municipalities": places, "contact_email": "an@example.org"}
    assert staff_client.post(f"/{zone.slug}/groups/add", data).status_code == 302
    gid = group_id(app)
    link = next(link_in(m) for m in deliver() if m["To"] == "an@example.org")
    an_client = make_client()
    an_client.login(an.email)
    return zone, gid, an_client, link[link.index(f"/{zone.slug}/") :]


def test_the_contact_sees_every_field_that_will_be_public_before_confirming(
    app, make_client, make_zone, make_user, deliver
):
    zone, gid, an_client, link = _waiting_group(app, make_client, make_zone, make_user, deliver)
    response = an_client.get(link)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for key in ("audience", "other_languages", "accessibility", "how_to_join"):
        assert FULL[key] in page, key
    for shown in ("We wandelen.", "stappers@example.org", "0470 12 34 56"):
        assert shown in page
    assert "https://stappers.example.org" in page
    assert "Eeklo" in page and "Maldegem" in page
    assert "Nederlands" in page or 'lang="nl"' in page
    assert "No, do not show this group" in page


def test_a_contact_who_declines_the_group_added_for_them_publishes_nothing(
    app, make_client, make_zone, make_user, deliver
):
    zone, gid, an_client, link = _waiting_group(app, make_client, make_zone, make_user, deliver)
    response = an_client.post(link + "/decline")
    assert response.status_code == 302
    anonymous = make_client()
    assert anonymous.get(f"/{zone.slug}/groups/{gid}").status_code == 404
    assert "Wandelclub" not in anonymous.get(f"/{zone.slug}/groups/").get_data(as_text=True)
    # The link no longer lists it either.
    assert an_client.post(link).status_code == 400
    with app.app_context():
        group = db.session.get(Group, gid)
        assert group.status is GroupStatus.REMOVED and not group.is_listed
        assert group.reach_email == group.reach_phone == group.website == ""
        db.session.remove()


def _gathering_round(app, zone) -> int:
    from burgerplatform.consultations.models import Phase, Round

    with app.app_context():
        round_ = Round(zone_id=zone.id, title="Wandelpaden", question_draft="Wat mist er?")
        round_.phase = Phase.GATHER
        db.session.add(round_)
        db.session.commit()
        round_id = round_.id
        db.session.remove()
    return round_id


def test_input_given_for_a_group_shows_the_group_name_and_never_its_contacts_name(
    app, make_client, make_zone, make_user
):
    zone = make_zone()
    an = make_user(display_name="Annemarie Verborgen")
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    speak_english(app, an, staff)
    an_client = make_client()
    an_client.login(an.email)
    assert register(an_client, zone).status_code == 302
    gid, round_id = group_id(app), _gathering_round(app, zone)
    staff_client = make_client()
    staff_client.login(staff.email)
    invite = f"/{zone.slug}/groups/rounds/{round_id}/invite"
    assert staff_client.post(invite, {"group": str(gid), "part": "input"}).status_code == 302
    part_url = f"/{zone.slug}/groups/{gid}/rounds/{round_id}"
    assert an_client.post(part_url, {"body": "Meer bankjes, graag."}).status_code == 302
    page = make_client().get(f"/{zone.slug}/rounds/{round_id}").get_data(as_text=True)
    # The group's name is what people wrote: marked Dutch on this English page.
    assert 'From the group <span lang="nl">Wandelclub De Stappers</span>' in page
    assert "Annemarie Verborgen" not in page


def test_inviting_a_group_without_choosing_what_for_says_so_and_saves_nothing(
    app, make_client, make_user, listed
):
    zone, gid = listed["zone"], listed["id"]
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    speak_english(app, staff)
    round_id = _gathering_round(app, zone)
    client = make_client()
    client.login(staff.email)
    # Nothing is chosen for the staff member: a ticked "Give input" was sent unseen.
    page = client.get(f"/{zone.slug}/groups/rounds/{round_id}/invite").get_data(as_text=True)
    assert not re.search(
        r'<input[^>]*checked[^>]*name="part"|<input[^>]*name="part"[^>]*checked', page
    )
    response = client.post(f"/{zone.slug}/groups/rounds/{round_id}/invite", {"group": str(gid)})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose what the group is invited to do." in page
    assert re.search(rf'<option (selected value="{gid}"|value="{gid}" selected)', page)
    assert count_rows(app, RoundGroup.id) == 0


def test_a_new_group_form_shows_every_error_at_once_consent_included(
    app, client, make_zone, make_user
):
    zone, an = make_zone(), make_user()
    speak_english(app, an)
    client.login(an.email)
    response = register(client, zone, consent="", website="geen adres")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Type a full address, starting with https://." in page
    assert "only when its contact person agrees" in page
    assert count_rows(app, Group.id) == 0


def test_a_municipality_without_groups_says_so_and_links_to_all_groups(app, client, listed):
    zone = listed["zone"]
    places = _municipality_ids(app, zone)
    page = client.get(f"/{zone.slug}/groups/?municipality={places[0]}").get_data(as_text=True)
    assert "There are no groups on the list in this municipality." in page
    assert f'href="/{zone.slug}/groups/"' in page
    assert "No groups on the list yet." not in page


def test_a_group_waiting_for_confirmation_does_not_exist_for_others_on_any_of_its_pages(
    app, make_client, make_zone, make_user, deliver
):
    zone, gid, _an_client, _link = _waiting_group(app, make_client, make_zone, make_user, deliver)
    jef = make_user()
    other = make_client()
    other.login(jef.email)
    for path in ("", "/edit", "/support"):
        assert other.get(f"/{zone.slug}/groups/{gid}{path}").status_code == 404, path
    assert other.post(f"/{zone.slug}/groups/{gid}/edit", {"name": "X"}).status_code == 404
    # A visitor is asked to log in, as for any number: that tells nothing either.
    anonymous = make_client()
    assert anonymous.get(f"/{zone.slug}/groups/{gid}").status_code == 404
    assert anonymous.get(f"/{zone.slug}/groups/{gid}/edit").status_code == 302
    assert anonymous.get(f"/{zone.slug}/groups/99999/edit").status_code == 302
