"""Demo initiatives: every status in both zones, with texts as citizens write them.

Built through the real services (so the timelines and notifications are real), then
moved back in time so the dates tell a believable story, one overdue answer included.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select

from burgerplatform.accounts.models import Consent, User
from burgerplatform.core.db import utcnow
from burgerplatform.demo import local_time, meeting_title, next_meeting_day
from burgerplatform.extensions import db
from burgerplatform.initiatives import participation, services, workflow
from burgerplatform.initiatives.models import AnswerKind, Initiative
from burgerplatform.initiatives.themes import themes_for
from burgerplatform.meetings.models import MeetingKind
from burgerplatform.meetings.services import create_meeting
from burgerplatform.notifications.models import Notification

# Citizens who support the demo's initiatives (they cannot log in): enough for each
# zone's threshold, so the demo shows initiatives reaching the agenda by support.
SUPPORTER_NAMES = [
    "Lotte", "Rudi", "Marie-Jeanne", "Bram", "Yasmina", "Luc", "Greet", "Sven", "Hilde",
    "Noor", "Wim", "Els", "Karim", "Nele", "Jan", "Ine", "Tom", "Leen", "Ahmed", "Mieke",
]  # fmt: skip

TEXTS = {
    "transport": (
        "Vervoer naar het ziekenhuis voor wie geen auto heeft",
        "Wie geen auto heeft, geraakt moeilijk op consultatie in het ziekenhuis. De bus rijdt "
        "te weinig en een taxi is te duur.",
        "Mijn buurman is 82 en moet elke maand naar de dagkliniek. De bus rijdt maar één keer "
        "per uur en stopt niet aan de ingang. Hij vraagt telkens aan iemand anders om hem te "
        "brengen en voelt zich een last.\n\nWij stellen voor:\n\n- een vrijwilligersbusje op "
        "vaste dagen;\n- één telefoonnummer om een rit te vragen;\n- een eerlijke prijs per rit.",
        "mobility",
    ),
    "respite": (
        "Respijtzorg voor mantelzorgers: even op adem komen",
        "Mantelzorgers zorgen dag en nacht. Ze hebben nood aan een paar uur per week waarin "
        "iemand anders de zorg overneemt.",
        "Ik zorg al zes jaar voor mijn man met dementie. Een namiddag vrij is voor mij geen "
        "luxe, maar nodig om het vol te houden. De wachtlijst voor het dagcentrum is lang.\n\n"
        "Kan de zorgraad samen met de diensten voor gezinszorg een aanbod van **oppas aan huis** "
        "uitwerken, ook 's avonds?",
        "informal_care",
    ),
    "meeting_point": (
        "Een ontmoetingsplek voor eenzame ouderen in elk dorp",
        "Veel ouderen zien dagenlang niemand. Een vaste plek met koffie en een babbel, elke "
        "week open, zou veel verschil maken.",
        "Sinds de bank en de bakker dicht zijn, is er in ons dorp geen plek meer om elkaar "
        "toevallig tegen te komen. Oudere mensen blijven binnen.\n\nWij vragen een vaste "
        "ontmoetingsplek, bijvoorbeeld in het dienstencentrum of de parochiezaal, met "
        "vrijwilligers die mensen thuis ophalen.",
        "loneliness",
    ),
    "pharmacy": (
        "Medicatie thuis laten leveren",
        "Wie niet mobiel is, kan zijn medicatie moeilijk ophalen.",
        "De apotheek is ver voor wie niet meer met de fiets kan. Kunnen apothekers in de "
        "zone samen een levering aan huis organiseren?",
        "access",
    ),
    "mental": (
        "Sneller hulp bij psychische problemen voor jongeren",
        "Jongeren wachten maanden op een eerste gesprek.",
        "Onze dochter wachtte vier maanden op een eerste gesprek. Een laagdrempelig "
        "aanspreekpunt in de zone zou helpen.",
        "mental_health",
    ),
    "signage": (
        "Duidelijke uitleg over wie je kan helpen",
        "Het is niet duidelijk bij wie je terecht kan voor welke hulp.",
        "Een eenvoudige folder en website per gemeente met alle diensten, in klare taal.",
        "access",
    ),
    "home": (
        "Kleine aanpassingen aan huis om langer thuis te wonen",
        "Een beugel of een traplift maakt het verschil om thuis te blijven wonen.",
        "Er is hulp, maar niemand weet hoe je ze aanvraagt. Een ergotherapeut die aan huis "
        "komt kijken, zou veel mensen helpen.",
        "home_care",
    ),
    "walks": (
        "Wandelgroepen voor mensen met een chronische ziekte",
        "Samen bewegen is gezonder en gezelliger.",
        "Een wekelijkse wandeling op rustig tempo, met een begeleider die weet wat je kan.",
        "prevention",
    ),
    "draft": (
        "Een buddy voor wie net uit het ziekenhuis komt",
        "Na een opname sta je er vaak alleen voor.",
        "Ik schrijf dit nog verder uit.",
        "home_care",
    ),
}


def _extra_citizens(zone, prefix: str, names: list[str]) -> list[User]:
    people = []
    for n, name in enumerate(names, start=1):
        user = User(
            email=f"inwoner{n}.{prefix}@example.org",
            display_name=name,
            password_hash=None,  # cannot log in: only there to support
            locale="nl",
            zone=zone,
            email_confirmed_at=utcnow(),
        )
        user.consents.append(Consent(kind="privacy", version="2026-11"))
        db.session.add(user)
        people.append(user)
    db.session.flush()
    return people


def _shift(initiative: Initiative, days: int) -> None:
    """Move an initiative's story `days` back in time, keeping its order."""
    delta = timedelta(days=days)
    for name in (
        "created_at",
        "submitted_at",
        "published_at",
        "agenda_at",
        "answer_due_at",
        "answered_at",
        "closed_at",
    ):
        value = getattr(initiative, name)
        if value is not None:
            setattr(initiative, name, value - delta)
    for event in initiative.events:
        event.created_at = event.created_at - delta
    # The notifications about it move with its events: a note carries its event's time.
    path = services.initiative_path(initiative)
    notes = db.session.scalars(
        select(Notification).where(
            or_(
                Notification.url == path,
                Notification.url.startswith(path + "#"),
                Notification.url.startswith(path + "?"),
            )
        )
    )
    for note in notes:
        note.created_at = note.created_at - delta
    db.session.flush()


def _progress(initiative, staff, text: str, on, percent: int, easy: str = "") -> None:
    """Progress dated in the past (as staff may record it later); its notifications get
    the same date, as if told on the day."""
    workflow.add_progress(initiative, staff, text, on, percent, easy)
    path = services.initiative_path(initiative)
    for note in db.session.scalars(
        select(Notification).where(
            Notification.url == path, Notification.kind == "initiative.progress"
        )
    ):
        if note.created_at > on:
            note.created_at = on
    db.session.flush()


def _make(zone, author, key, themes, municipalities=()):
    title, summary, body, theme_key = TEXTS[key]
    data = services.DraftData(
        title=title,
        summary=summary,
        body=body,
        theme_ids=[t.id for t in themes if t.key == theme_key],
        municipality_ids=[m.id for m in zone.municipalities if m.name in municipalities],
    )
    return services.save_draft(zone, author, data)


def seed_zone(zone, author, staff, zorgraad, supporters, minute: int = 0) -> None:
    """`supporters` must number at least the zone's threshold; the zone's meetings start
    at 19:`minute` Belgian time (each zone its own evening routine)."""
    themes = themes_for(zone)
    now = utcnow()
    assert len(supporters) >= zone.support_threshold

    def past(answered_days_ago: int):
        # The meeting the answer was decided in: the evening before the answer was
        # written down, named after its month.
        starts = local_time(-answered_days_ago - 1, 19, minute)
        return create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{zone.id}",
            zone_id=zone.id,
            title=meeting_title(starts),
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            created_by=staff,
            location="Dienstencentrum",
        )

    starts = local_time(next_meeting_day(), 19, minute)
    coming = create_meeting(
        kind=MeetingKind.ZORGRAAD,
        space=f"zone:{zone.id}",
        zone_id=zone.id,
        title=meeting_title(starts),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        created_by=staff,
        location="Gemeentehuis, raadzaal",
    )
    threshold = zone.support_threshold
    munis = [m.name for m in zone.municipalities[:2]]

    _make(zone, author, "draft", themes)

    in_review = _make(zone, author, "signage", themes)
    workflow.submit(in_review, author)

    sent_back = _make(zone, author, "walks", themes)
    workflow.submit(sent_back, author)
    workflow.send_back(sent_back, staff, "Mooi voorstel! Kan je de naam van de kinesist weglaten?")

    published = _make(zone, author, "meeting_point", themes, munis)
    workflow.submit(published, author)
    _shift(published, 3)
    workflow.approve(published, staff)
    for person in supporters[:3]:
        participation.support(published, person)
    participation.add_comment(published, supporters[0], "In Kaprijke zou de parochiezaal kunnen.")
    _shift(published, 12)

    scheduled = _make(zone, author, "respite", themes, munis[:1])
    workflow.submit(scheduled, author)
    _shift(scheduled, 5)
    workflow.approve(scheduled, staff)
    _shift(scheduled, 25)
    for person in supporters[:threshold]:  # the last one puts it on the agenda
        participation.support(scheduled, person)
    workflow.schedule(scheduled, staff, coming, invite_authors=True)
    _shift(scheduled, 20)

    overdue = _make(zone, author, "mental", themes)
    workflow.submit(overdue, author)
    _shift(overdue, 6)
    workflow.approve(overdue, staff)
    _shift(overdue, 15)
    participation.support(overdue, supporters[1])
    workflow.put_on_agenda(overdue, staff, "Dringend: lange wachttijden.")
    _shift(overdue, zone.response_days + 10)

    answered = _make(zone, author, "transport", themes, munis)
    workflow.submit(answered, author)
    _shift(answered, 5)
    workflow.approve(answered, staff)
    _shift(answered, 20)
    for person in supporters:  # the threshold puts it on the agenda
        participation.support(answered, person)
    _shift(answered, 30)
    workflow.answer(
        answered,
        zorgraad,
        AnswerKind.ADOPTED_WITH_CHANGES,
        "De zorgraad steunt het voorstel, met een aanpassing: eerst een proef van zes "
        "maanden met het vrijwilligersbusje van het OCMW, op dinsdag en donderdag, voor "
        "ritten naar de huisarts, de kinesist en het ziekenhuis. Na de proef bekijkt de "
        "zorgraad hoeveel mensen meereden en of vaste ritten nodig zijn.",
        past(90),
        easy="De zorgraad zegt ja. Eerst zes maanden proberen. Een busje rijdt op dinsdag "
        "en donderdag.",
    )
    _shift(answered, 90)
    _progress(
        answered, staff, "Vier vrijwillige chauffeurs gevonden.", now - timedelta(days=30), 30
    )
    _progress(
        answered,
        staff,
        "Het busje is besteld bij de leverancier van het OCMW; de eerste ritten naar de "
        "huisarts en het ziekenhuis zijn gepland vanaf volgende maand.",
        now - timedelta(days=5),
        60,
        easy="Het busje komt eraan. Vanaf volgende maand kun je meerijden.",
    )

    realised = _make(zone, author, "home", themes)
    workflow.submit(realised, author)
    _shift(realised, 3)
    workflow.approve(realised, staff)
    _shift(realised, 30)
    for person in supporters[:2]:
        participation.support(realised, person)
    workflow.put_on_agenda(
        realised,
        staff,
        "Beslissing van de medewerkers: het budget voor volgend jaar wordt nu bepaald.",
    )
    _shift(realised, 35)
    workflow.answer(
        realised,
        staff,
        AnswerKind.ADOPTED,
        "Een goed en haalbaar voorstel. Een huisbezoek van een ergotherapeut helpt "
        "ouderen om langer veilig thuis te wonen, en het past binnen het budget dat de "
        "zone volgend jaar voor thuiszorg heeft. De zone betaalt het bezoek vanaf januari.",
        past(210),
        easy="De zorgraad zegt ja. Een ergotherapeut komt gratis bij je thuis kijken.",
    )
    _shift(realised, 60)
    workflow.finish(realised, staff, True, "Een ergotherapeut komt nu gratis aan huis kijken.")
    _shift(realised, 150)

    closed = _make(zone, author, "pharmacy", themes)
    workflow.submit(closed, author)
    _shift(closed, 4)
    workflow.approve(closed, staff)
    _shift(closed, 30)
    workflow.put_on_agenda(
        closed, staff, "Beslissing van de medewerkers: de apothekers vragen erom."
    )
    _shift(closed, 25)
    workflow.answer(
        closed,
        zorgraad,
        AnswerKind.REFERRED,
        "Een leverdienst voor geneesmiddelen valt buiten de opdracht van de zorgraad: de "
        "apothekers organiseren die zelf. We hebben het voorstel doorgegeven aan de "
        "apothekersvereniging van de regio, die het op haar volgende vergadering bespreekt.",
        past(120),
        referred_to="Apothekersvereniging van de regio",
        easy="De apothekers regelen dit zelf. Daarom gaat je voorstel naar hen.",
    )
    workflow.finish(closed, staff, False, "De apothekers starten zelf een leverdienst.")
    _shift(closed, 120)


def seed(ctx) -> None:
    ml = ctx.zones["meetjesland"]
    kbv = ctx.zones["klein-brabant-vaartland"]
    users = ctx.users
    ml_people = [users["jef@example.org"]] + _extra_citizens(
        ml, "meetjesland", SUPPORTER_NAMES[: ml.support_threshold + 1]
    )
    seed_zone(
        ml,
        users["an@example.org"],
        users["staff.meetjesland@example.org"],
        users["zorgraad.meetjesland@example.org"],
        ml_people,
    )
    kbv_people = _extra_citizens(kbv, "kbv", SUPPORTER_NAMES[::-1][: kbv.support_threshold + 2])
    seed_zone(
        kbv,
        users["fatima@example.org"],
        users["staff.kbv@example.org"],
        users["staff.kbv@example.org"],
        kbv_people,
        minute=30,
    )
