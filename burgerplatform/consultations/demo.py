"""Demo: a pool of 150 citizens in Meetjesland, a finished round and one gathering input;
in Klein-Brabant Vaartland a pool of 40 and a round whose list of groups is published and
waits for the staff to enter the number.

The klankbordgroepen are drawn for real (maximin over the whole pool, the list of equally
likely groups, a public number) through the same services the background job and the
staff's form use, run in-line.
"""

from __future__ import annotations

import random
from datetime import timedelta

from burgerplatform.accounts.models import Consent, User
from burgerplatform.consultations import draws, pool, queries, services
from burgerplatform.consultations.models import ContactMethod, DrawRecord, Outcome, SeatStatus
from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db

FIRST = [
    "An",
    "Bram",
    "Chloé",
    "Dirk",
    "Els",
    "Fien",
    "Gert",
    "Hanne",
    "Ilse",
    "Jonas",
    "Karim",
    "Lotte",
    "Marc",
    "Nora",
    "Omar",
    "Paula",
    "Rik",
    "Sara",
    "Tom",
    "Yasmine",
]
LAST = [
    "Claeys",
    "De Smet",
    "Peeters",
    "Maes",
    "Janssens",
    "Willems",
    "Goossens",
    "Wouters",
    "Yilmaz",
    "El Amrani",
    "Verhoeven",
    "Mertens",
]
POOL_SIZE = 150


def seed(ctx) -> None:
    from werkzeug.security import generate_password_hash

    from burgerplatform.demo import DEMO_PASSWORD

    zone = ctx.zones["meetjesland"]
    staff = ctx.users["staff.meetjesland@example.org"]
    rng = random.Random(2026)
    cats = {c.key: c for c in pool.categories(zone)}
    password_hash = generate_password_hash(DEMO_PASSWORD)  # once: hashing is slow on purpose
    _citizens(zone, cats, rng, password_hash, "burger", POOL_SIZE)
    for email in ("an@example.org", "jef@example.org"):
        if email in ctx.users:
            pool.join_or_update(zone, ctx.users[email], _answers(rng, cats), consent=True)

    _finished_round(zone, staff, ctx, cats, rng)
    _gathering_round(zone, staff, ctx, cats)
    _waiting_round(ctx, rng, password_hash)


def _citizens(zone, cats, rng: random.Random, password_hash: str, prefix: str, count: int):
    citizens = []
    for i in range(1, count + 1):
        user = User(
            email=f"{prefix}{i:03d}@example.org",
            display_name=f"{rng.choice(FIRST)} {rng.choice(LAST)[0]}.",
            password_hash=password_hash,
            locale="nl",
            zone=zone,
            email_confirmed_at=utcnow(),
        )
        user.consents.append(Consent(kind="privacy", version="2026-11"))
        db.session.add(user)
        citizens.append(user)
    db.session.flush()
    for user in citizens:
        pool.join_or_update(zone, user, _answers(rng, cats), consent=True)


def _answers(rng: random.Random, cats) -> set[int]:
    values = {rng.choice(cats["municipality"].values).id}
    if rng.random() < 0.9:
        values.add(rng.choices(cats["age_band"].values, weights=[2, 3, 4, 3, 1])[0].id)
    if rng.random() < 0.9:
        values.add(rng.choices(cats["gender"].values, weights=[10, 9, 1])[0].id)
    lived = cats["lived_experience"].values
    for value, chance in zip(lived[:3], (0.25, 0.3, 0.1), strict=True):
        if rng.random() < chance:
            values.add(value.id)
    languages = cats["languages"].values
    values.add(languages[0].id)
    if rng.random() < 0.15:
        values.add(rng.choice(languages[1:]).id)
    if rng.random() < 0.4:
        values.add(rng.choice(cats["support"].values).id)
    return values


def _care_quotas(cats, size: int) -> dict[int, tuple[int, int]]:
    """A mix with health and care answers: its public list gives codes only."""
    lived, age = cats["lived_experience"].values, cats["age_band"].values
    return {
        lived[1].id: (2, size),
        lived[0].id: (2, size),
        age[3].id: (1, size),
        age[0].id: (1, size),
    }


def _place_and_age_quotas(cats, size: int) -> dict[int, tuple[int, int]]:
    """A mix of municipalities and ages only: anyone can check every group's mix."""
    places, age = cats["municipality"].values, cats["age_band"].values
    return {
        places[0].id: (1, 4),
        places[1].id: (1, 4),
        age[0].id: (1, size),
        age[3].id: (2, size),
    }


def _publish(round_, size: int, quotas, source: str) -> DrawRecord:
    """Step 1 of the draw: the list of groups is published, the number still unknown."""
    draws.set_group(round_, size, 1, 0, True, 10, quotas)
    record = DrawRecord(round_id=round_.id, group_size=size, number_source=source)
    db.session.add(record)
    db.session.flush()
    draws.perform_draw(record)
    return record


def _draw(round_, size: int, quotas, source: str, number: str) -> None:
    draws.enter_number(_publish(round_, size, quotas, source), number)
    seats = list(round_.seats)
    # One person declines: the replacement keeps the quotas.
    draws.answer(seats[0], accept=False)
    for seat in round_.seats:
        if seat.status is SeatStatus.INVITED:
            draws.answer(seat, accept=True)


def _finished_round(zone, staff, ctx, cats, rng) -> None:
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting, upcoming

    round_ = services.create_round(
        zone,
        staff,
        "Wachten bij de huisartsenwachtpost",
        "Hoe maken we het wachten bij de huisartsenwachtpost minder zwaar?",
        "In het weekend wachten mensen soms **twee uur**. De zorgraad wil weten wat helpt.",
        "De zorgraad",
        None,
        False,
    )
    # A round that ran for weeks: its input on tour is dated after it started.
    round_.created_at = utcnow() - timedelta(days=60)
    _draw(
        round_,
        10,
        _care_quotas(cats, 10),
        "het getal dat luidop getrokken werd op de zorgraad van september",
        "41",
    )
    members = queries.members_of(round_)
    suggestion = services.suggest(
        round_,
        members[0],
        "Wat maakt het wachten bij de wachtpost minder zwaar voor jou en je naasten?",
        "Ook wie meegaat, wacht mee.",
    )
    services.answer_suggestion(suggestion, round_, accept=True, answer="Goed punt, overgenomen.")
    services.start_gathering(round_, staff, confirmed=True)
    ideas = [
        "Een scherm met de geschatte wachttijd.",
        "Een rustige hoek voor mensen met dementie.",
        "Water en een stoel voor wie meekomt.",
        "Uitleg in eenvoudige taal over wie voorgaat.",
    ]
    inputs = [
        services.contribute(round_, members[i % len(members)], text, True)
        for i, text in enumerate(ideas)
    ]
    inputs.append(
        services.add_offline(
            round_,
            staff,
            "Ik wist niet dat ik eerst moest bellen naar 1733.",
            "Op tour: markt Eeklo",
            "Eeklo",
            (utcnow() - timedelta(days=40)).date(),
            "Maria",
            ContactMethod.POST,
            "Markt 1, 9900 Eeklo",
            consent=True,
        )
    )
    services.start_drafting(round_, staff)
    recs = [
        services.propose(
            round_,
            members[1],
            "Toon de wachttijd",
            "Plaats in de wachtzaal van de huisartsenwachtpost een scherm dat de geschatte "
            "wachttijd toont, en uitlegt waarom iemand met een dringender probleem soms "
            "voorgaat. Wie weet hoe lang het duurt, wacht rustiger.",
            [inputs[0].id, inputs[3].id],
            easy="Er komt een scherm in de wachtzaal. Je ziet hoe lang je moet wachten.",
        ),
        services.propose(
            round_,
            members[2],
            "Zorg voor wie meekomt",
            "Water, stoelen en een rustige hoek.",
            [inputs[1].id, inputs[2].id],
        ),
        services.propose(
            round_,
            members[0],
            "Maak 1733 bekend",
            "Laat de gemeenten samen een campagne voeren over het nummer 1733, in hun "
            "infoblad, op hun website en bij de apothekers, zodat mensen buiten de "
            "openingsuren van hun huisarts weten wie ze moeten bellen en niet meteen naar de "
            "spoeddienst gaan.",
            [inputs[4].id],
            easy="Is je dokter dicht? Bel dan 1733. De gemeenten maken dat nummer bekend.",
        ),
    ]
    services.edit(
        recs[1],
        members[3],
        "Zorg voor wie meekomt",
        "Water, stoelen en een rustige hoek.\nOok voor mensen met dementie.",
        [inputs[1].id, inputs[2].id],
    )
    services.start_review(round_, staff)
    correction = services.respond(round_, members[4], False, "Noem ook de mantelzorgers.")
    for member in [*members[:4], *members[5:7]]:  # more than half the group confirms
        services.respond(round_, member, True, "")
    services.edit(
        recs[1],
        staff,
        "Zorg voor wie meekomt",
        "Water, stoelen en een rustige hoek voor wie een patiënt naar de wachtpost "
        "begeleidt.\nOok voor mensen met dementie en hun mantelzorgers, voor wie een lange "
        "wachttijd in een drukke, lawaaierige ruimte extra zwaar is.",
        [inputs[1].id, inputs[2].id],
        easy="Wie meekomt, krijgt water, een stoel en een rustige plek.",
    )
    services.answer_review(correction, "Toegevoegd aan aanbeveling 2.", changed=True)
    if not upcoming(f"zone:{zone.id}"):
        from burgerplatform.demo import local_time, meeting_title

        start = local_time(10)  # 19:00 Belgian time, named after its month
        create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{zone.id}",
            zone_id=zone.id,
            title=meeting_title(start),
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=staff,
        )
    services.submit(round_, staff)
    answers = [
        (Outcome.ADOPTED, "De wachtpost plaatst een scherm."),
        (Outcome.ADAPTED, "Water en stoelen: ja. Een rustige hoek kan pas na de verbouwing."),
        (Outcome.REFERRED, "Doorgegeven aan de gemeenten voor hun infoblad."),
    ]
    for rec, (outcome, reason) in zip(recs, answers, strict=True):
        services.record_outcome(rec, outcome, reason)
    services.publish_answer(round_, ctx.users.get("zorgraad.meetjesland@example.org", staff))
    services.add_update(
        recs[0],
        staff,
        "Het scherm hangt sinds deze maand in de wachtzaal. Het toont de geschatte "
        "wachttijd, die de wachtpost elk kwartier bijwerkt.",
        easy="Het scherm hangt er nu.",
    )


def _gathering_round(zone, staff, ctx, cats) -> None:
    round_ = services.create_round(
        zone,
        staff,
        "Mantelzorgers ondersteunen",
        "Wat hebben mantelzorgers in het Meetjesland nodig om het vol te houden?",
        "De PZON-cluster vroeg deze ronde aan.",
        "PZON-cluster",
        None,
        True,
    )
    round_.deadline = (utcnow() + timedelta(days=60)).date()
    _draw(
        round_,
        12,
        _place_and_age_quotas(cats, 12),
        "de eerste twee getallen van de Lotto-trekking van zaterdag",
        "9 27",
    )
    members = queries.members_of(round_)
    suggestion = services.suggest(
        round_,
        members[0],
        "Wat hebben mantelzorgers nodig om het vol te houden, "
        "en wat houdt hen tegen om hulp te vragen?",
        "",
    )
    services.answer_suggestion(suggestion, round_, accept=True, answer="")
    services.start_gathering(round_, staff, confirmed=True)
    services.contribute(round_, members[1], "Een vast aanspreekpunt bij de gemeente.", True)
    services.contribute(round_, members[2], "Respijtzorg in het weekend.", True)
    for text, event, place in [
        (
            "Ik durf geen hulp te vragen, ik wil niemand lastigvallen.",
            "Praatcafé mantelzorg",
            "Maldegem",
        ),
        ("De papieren voor de premie zijn te moeilijk.", "Papieren vragenlijst", "Zelzate"),
        ("Een buddy die af en toe langskomt zou helpen.", "Op tour: bib", "Aalter"),
    ]:
        services.add_offline(
            round_,
            staff,
            text,
            event,
            place,
            services.local_date(utcnow()),
            "",
            ContactMethod.NONE,
            "",
            consent=False,
        )


def _waiting_round(ctx, rng: random.Random, password_hash: str) -> None:
    """Klein-Brabant Vaartland: a round whose list is published; its staff (Koen) enter
    the number on the draw page when the zorgraad has drawn it."""
    zone = ctx.zones["klein-brabant-vaartland"]
    staff = ctx.users["staff.kbv@example.org"]
    cats = {c.key: c for c in pool.categories(zone)}
    _citizens(zone, cats, rng, password_hash, "inwoner", 40)
    round_ = services.create_round(
        zone,
        staff,
        "Langer thuis wonen",
        "Wat helpt ouderen in Klein-Brabant Vaartland om langer thuis te wonen?",
        "De zorgraad wil weten wat ouderen en hun naasten nodig hebben.",
        "De zorgraad",
        None,
        True,
    )
    _publish(
        round_,
        8,
        _place_and_age_quotas(cats, 8),
        "het getal dat luidop getrokken wordt op de volgende zorgraad",
    )
