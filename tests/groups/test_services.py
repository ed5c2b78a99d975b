"""The register's rules: consent, confirming by mail, the yearly check, a group's part in
a round, a request for support that becomes a proeftuin, and what erasure does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from burgerplatform.accounts.models import User
from burgerplatform.consultations.models import Contribution, Phase, Round
from burgerplatform.consultations.services import create_round
from burgerplatform.core import signals
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.groups import queries, services
from burgerplatform.groups.models import Group, GroupStatus, RoundPart
from burgerplatform.groups.services import Entry
from burgerplatform.proeftuinen.models import Invitation, Membership
from burgerplatform.zones.models import Role, Zone


def get(model, obj):
    return db.session.get(model, obj.id)


def token_of(deliver, address: str) -> str:
    from tests.conftest import link_in

    mails = [m for m in deliver() if m["To"] == address]
    assert mails, f"no mail to {address}"
    return link_in(mails[-1]).rstrip("/").rsplit("/", 1)[-1]


def test_a_group_without_its_contacts_consent_is_refused_and_nothing_is_saved(
    ctx, make_zone, make_user
):
    zone, an = make_zone(), make_user()
    with pytest.raises(DomainError) as refused:
        services.register_group(get(Zone, zone), get(User, an), Entry(name="Stappers"), False)
    assert refused.value.field == "consent"
    assert db.session.scalar(select(func.count(Group.id))) == 0


def test_a_contact_lists_their_group_at_once_with_only_what_they_published(
    ctx, make_zone, make_user
):
    zone, an = make_zone(), make_user()
    eeklo = get(Zone, zone).municipalities[0]
    group = services.register_group(
        get(Zone, zone),
        get(User, an),
        Entry(name="Stappers", purpose="Wandelen", languages=["nl"], municipality_ids=[eeklo.id]),
        True,
    )
    assert group.status is GroupStatus.LISTED and group.consent_at and group.confirmed_at
    assert [g.name for g in queries.listed_groups(zone.id)] == ["Stappers"]
    assert queries.listed_groups(zone.id, municipality_id=eeklo.id)
    assert queries.listed_groups(text="wandel")
    assert group.reach_email == ""  # nothing published that the contact did not type


def test_a_municipality_of_another_zone_or_an_unknown_language_is_refused(
    ctx, make_zone, make_user
):
    zone, other, an = make_zone(), make_zone(), make_user()
    foreign = get(Zone, other).municipalities[0]
    for entry, field in (
        (Entry(name="X", municipality_ids=[foreign.id]), "municipalities"),
        (Entry(name="X", languages=["xx"]), "languages"),
    ):
        with pytest.raises(DomainError) as refused:
            services.register_group(get(Zone, zone), get(User, an), entry, True)
        assert refused.value.field == field


def test_staff_add_a_group_that_waits_until_its_contact_confirms_by_mail(
    ctx, make_zone, make_user, deliver
):
    zone = make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    an = make_user(email="an@example.org")
    group = services.add_for_group(
        get(Zone, zone), get(User, staff), Entry(name="Taalcafé"), "AN@example.org"
    )
    db.session.commit()
    group_id = group.id
    assert group.status is GroupStatus.WAITING and not queries.listed_groups(zone.id)
    token = token_of(deliver, "an@example.org")
    group = db.session.get(Group, group_id)
    # Somebody else's account cannot use the link.
    with pytest.raises(DomainError):
        services.confirm(group, token, get(User, staff))
    services.confirm(group, token, get(User, an))
    assert group.status is GroupStatus.LISTED and group.contact_id == an.id
    # A link works once.
    with pytest.raises(DomainError):
        services.confirm(group, token, get(User, an))


def test_a_contact_without_an_account_cannot_be_named(ctx, make_zone, make_user):
    zone = make_zone()
    coach = make_user(roles=[(zone.id, Role.COACH)])
    with pytest.raises(DomainError) as refused:
        services.add_for_group(
            get(Zone, zone), get(User, coach), Entry(name="X"), "nobody@example.org"
        )
    assert refused.value.field == "contact_email"
    citizen = make_user()
    with pytest.raises(DomainError):
        services.add_for_group(
            get(Zone, zone), get(User, citizen), Entry(name="X"), "nobody@example.org"
        )


def test_a_token_of_one_group_does_not_confirm_another(ctx, make_zone, make_user, deliver):
    zone = make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    an = make_user(email="an@example.org")
    first = services.add_for_group(get(Zone, zone), get(User, staff), Entry(name="A"), an.email)
    second = services.add_for_group(get(Zone, zone), get(User, staff), Entry(name="B"), an.email)
    db.session.commit()
    ids = first.id, second.id
    second_token = token_of(deliver, an.email)  # the newest mail: of the second group
    with pytest.raises(DomainError):
        services.confirm(db.session.get(Group, ids[0]), second_token, get(User, an))
    services.confirm(db.session.get(Group, ids[1]), second_token, get(User, an))


def test_an_entry_nobody_confirmed_for_a_year_is_hidden_and_its_contact_asked(
    ctx, make_zone, make_user, deliver
):
    zone, an = make_zone(), make_user(email="an@example.org")
    group = services.register_group(get(Zone, zone), get(User, an), Entry(name="Oud"), True)
    fresh = services.register_group(get(Zone, zone), get(User, an), Entry(name="Nieuw"), True)
    group.confirmed_at = utcnow() - timedelta(days=366)
    assert services.lapse_unconfirmed() == 1
    db.session.commit()
    group_id = group.id
    assert group.status is GroupStatus.LAPSED and fresh.status is GroupStatus.LISTED
    assert [g.name for g in queries.listed_groups(zone.id)] == ["Nieuw"]
    token = token_of(deliver, "an@example.org")
    services.confirm(db.session.get(Group, group_id), token, get(User, an))
    assert {g.name for g in queries.listed_groups(zone.id)} == {"Oud", "Nieuw"}


def test_the_daily_job_hides_stale_entries_and_plans_its_next_run(ctx, make_zone, make_user):
    from burgerplatform.core.jobs import Job, JobStatus

    zone, an = make_zone(), make_user()
    group = services.register_group(get(Zone, zone), get(User, an), Entry(name="Oud"), True)
    group.confirmed_at = utcnow() - timedelta(days=400)
    job = Job(kind="lapse_unconfirmed_groups")
    assert services.lapse_job(job) == {"hidden": 1}
    assert db.session.scalar(
        select(Job.id).where(
            Job.kind == "lapse_unconfirmed_groups", Job.status == JobStatus.PENDING
        )
    )


def test_only_the_contact_changes_or_removes_the_group(ctx, make_zone, make_user):
    zone, an, jef = make_zone(), make_user(), make_user()
    group = services.register_group(
        get(Zone, zone), get(User, an), Entry(name="A", reach_phone="0470"), True
    )
    with pytest.raises(DomainError):
        services.update_group(group, get(User, jef), Entry(name="Overgenomen"))
    with pytest.raises(DomainError):
        services.remove(group, get(User, jef))
    services.remove(group, get(User, an))
    assert group.status is GroupStatus.REMOVED and group.reach_phone == ""
    assert not queries.listed_groups(zone.id)


def test_a_group_gives_input_to_a_round_that_invited_it_marked_as_from_the_group(
    ctx, make_zone, make_user
):
    zone = make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    an, jef = make_user(), make_user()
    group = services.register_group(get(Zone, zone), get(User, an), Entry(name="Stappers"), True)
    round_ = create_round(
        get(Zone, zone), get(User, staff), "Wandelpaden", "Wat mist er?", "", "", None, False
    )
    round_.phase = Phase.GATHER
    with pytest.raises(DomainError):  # not invited yet
        services.give_input(round_, group, get(User, an), "Bankjes langs de paden")
    with pytest.raises(DomainError):  # the question is fixed already
        services.invite_to_round(round_, group, RoundPart.CO_DEFINE, get(User, staff))
    services.invite_to_round(round_, group, RoundPart.INPUT, get(User, staff))
    with pytest.raises(DomainError):  # only the contact speaks for the group
        services.give_input(round_, group, get(User, jef), "Iets anders")
    item = services.give_input(round_, group, get(User, an), "Bankjes langs de paden")
    assert item.group_id == group.id
    assert [g.name for g in queries.took_part(round_.id)] == ["Stappers"]
    assert db.session.scalar(select(func.count(Contribution.id))) == 1


def test_a_group_invited_to_help_shape_the_question_suggests_one(ctx, make_zone, make_user):
    zone = make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    an = make_user()
    group = services.register_group(get(Zone, zone), get(User, an), Entry(name="Stappers"), True)
    round_ = create_round(
        get(Zone, zone), get(User, staff), "Wandelpaden", "Wat mist er?", "", "", None, False
    )
    assert round_.phase is Phase.CO_DEFINE
    services.invite_to_round(round_, group, RoundPart.CO_DEFINE, get(User, staff))
    suggestion = services.suggest_question(
        round_, group, get(User, an), "Wat maakt wandelen makkelijker?", ""
    )
    assert suggestion.group_id == group.id
    assert db.session.get(Round, round_.id).phase is Phase.CO_DEFINE


def test_a_request_for_support_reaches_the_coaches_and_becomes_a_proeftuin(
    ctx, make_zone, make_user, deliver
):
    from burgerplatform.notifications.models import Notification

    zone = make_zone()
    coach = make_user(roles=[(zone.id, Role.COACH)])
    an = make_user()
    group = services.register_group(get(Zone, zone), get(User, an), Entry(name="Stappers"), True)
    with pytest.raises(DomainError):
        services.ask_support(group, get(User, an), "Meer leden", "", "", "")
    with pytest.raises(DomainError):
        services.ask_support(group, get(User, an), "Meer leden", "", "Hulp", "geen adres")
    request = services.ask_support(
        group, get(User, an), "Meer leden", "Tien wandelaars", "Hulp", "jef@example.org"
    )
    told = db.session.scalars(select(Notification.user_id)).all()
    assert told == [coach.id]
    with pytest.raises(DomainError):  # a citizen does not start one
        services.start_proeftuin(request, get(User, an), "Stappers", "")
    proeftuin = services.start_proeftuin(request, get(User, coach), "Stappers samen", "")
    members = db.session.scalars(
        select(Membership.user_id).where(Membership.proeftuin_id == proeftuin.id)
    ).all()
    assert set(members) == {coach.id, an.id}
    assert db.session.scalar(select(Invitation.email)) == "jef@example.org"
    with pytest.raises(DomainError):  # once
        services.start_proeftuin(request, get(User, coach), "Nog een", "")


def test_erasing_the_contacts_account_takes_their_group_off_the_list_and_exports_it(
    ctx, make_zone, make_user
):
    from burgerplatform.accounts.services import delete_account

    zone, an, jef = make_zone(), make_user(), make_user(email="jef@example.org")
    services.register_group(
        get(Zone, zone), get(User, an), Entry(name="Stappers", reach_email=an.email), True
    )
    cafe = services.register_group(get(Zone, zone), get(User, jef), Entry(name="Café"), True)
    asked = services.ask_support(
        cafe, get(User, jef), "Doel", "", "Hulp", f"{an.email}\nlies@example.org"
    )
    exported: dict = {}
    for _receiver, part in signals.collect_personal_data.send(get(User, an)):
        exported.update(part or {})
    assert exported["groups_as_contact"][0]["name"] == "Stappers"
    delete_account(get(User, an))
    group = db.session.scalar(select(Group).where(Group.name == "Stappers"))
    assert group.status is GroupStatus.REMOVED and group.contact_id is None
    assert group.reach_email == ""
    assert [g.name for g in queries.listed_groups(zone.id)] == ["Café"]
    assert asked.invite_emails == "lies@example.org"


def test_a_group_is_handed_over_to_another_account_once_that_person_confirms(
    ctx, make_zone, make_user, deliver
):
    zone, an = make_zone(), make_user()
    jef = make_user(email="jef@example.org")
    group = services.register_group(get(Zone, zone), get(User, an), Entry(name="A"), True)
    with pytest.raises(DomainError):
        services.hand_over(group, get(User, an), "nobody@example.org")
    services.hand_over(group, get(User, an), "jef@example.org")
    db.session.commit()
    group_id = group.id
    assert group.contact_id == an.id  # until Jef agrees
    token = token_of(deliver, "jef@example.org")
    group = db.session.get(Group, group_id)
    services.confirm(group, token, get(User, jef))
    assert group.contact_id == jef.id and group.is_listed


def test_a_library_case_of_a_round_does_not_name_the_contact_who_gave_input_for_a_group(
    ctx, make_zone, make_user
):
    from burgerplatform.library.services import participants_of_round

    zone = make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    an = make_user(display_name="Annemarie Verborgen")
    group = services.register_group(get(Zone, zone), get(User, an), Entry(name="Stappers"), True)
    round_ = create_round(
        get(Zone, zone), get(User, staff), "Wandelpaden", "Wat mist er?", "", "", None, False
    )
    round_.phase = Phase.GATHER
    services.invite_to_round(round_, group, RoundPart.INPUT, get(User, staff))
    services.give_input(round_, group, get(User, an), "Bankjes langs de paden")
    assert "Annemarie Verborgen" not in [p.name for p in participants_of_round(round_)]
