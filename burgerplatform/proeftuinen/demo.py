"""Demo proeftuinen: a zorgzame buurt in Eeklo and the PZON cluster of Klein-Brabant
Vaartland, with topics, a reported and a hidden post, and minutes under review."""

from __future__ import annotations

from datetime import timedelta

from burgerplatform.core.db import utcnow
from burgerplatform.meetings import planning
from burgerplatform.meetings import services as meetings
from burgerplatform.moderation import registry
from burgerplatform.moderation import services as moderation
from burgerplatform.moderation.models import HideReason, ReportReason
from burgerplatform.proeftuinen import discussion, services
from burgerplatform.proeftuinen.models import Visibility


def _at(days: int, hour: int):
    """A day relative to today, at `hour` Belgian winter time (UTC+1)."""
    base = utcnow().replace(hour=hour - 1, minute=0, second=0, microsecond=0)
    return base + timedelta(days=days)


def seed(ctx) -> None:
    coach = ctx.users["coach@example.org"]
    an, jef = ctx.users["an@example.org"], ctx.users["jef@example.org"]
    fatima = ctx.users["fatima@example.org"]
    kind = registry.get_type("proeftuin_post")

    buurt = services.create_proeftuin(
        coach,
        "Zorgzame buurt Sint-Jozef, Eeklo",
        "In de wijk Sint-Jozef zoeken buren samen hoe ze beter voor elkaar kunnen zorgen: "
        "een boodschappendienst, een soepmoment en een aanspreekpunt voor wie alleen "
        "woont.\n\n**Coach:** Ilse van BurgersAanZet.",
        ctx.zones["meetjesland"].id,
        Visibility.PUBLIC,
    )
    services.join(buurt, an)
    services.join(buurt, jef)
    soup = discussion.start_topic(
        buurt,
        an,
        "Soepmoment op zaterdag in het buurthuis",
        "Zouden we elke eerste zaterdag van de maand soep kunnen maken voor de buren die "
        "alleen wonen? Het buurthuis heeft een keuken.",
    )
    opening = discussion.posts_of(soup)[0]
    discussion.reply(
        soup,
        jef,
        "Goed idee, @An. Ik kook graag mee. Wie zorgt voor de groenten?",
        parent=opening,
    )
    discussion.reply(
        soup,
        coach,
        "Mooi! De kringwinkel wil misschien groenten schenken. Ik vraag het na.",
    )
    nurse = discussion.start_topic(
        buurt,
        jef,
        "Wie kent de thuisverpleging in de wijk?",
        "Mijn buurvrouw komt net uit het ziekenhuis. Wie weet hoe je thuisverpleging regelt?",
    )
    reported = discussion.reply(
        nurse,
        an,
        "Bel zeker haar dochter, die woont in de Stationsstraat 12 en heeft haar medicatielijst.",
    )
    moderation.report(kind, reported, jef, ReportReason.PERSONAL_DATA, "Dit adres hoort hier niet.")
    hidden = discussion.reply(nurse, jef, "Die van de overkant weet er toch niets van, die sukkel.")
    moderation.hide(
        kind,
        hidden,
        coach,
        HideReason.OFFENSIVE,
        "We spreken hier met respect over buren. Vertel gerust wat je bedoelt, zonder "
        "scheldwoorden.",
    )
    shopping = discussion.start_topic(
        buurt,
        an,
        "Boodschappendienst: hoe spreken we af?",
        "Hoe laten mensen weten dat ze hulp nodig hebben met boodschappen?",
    )
    discussion.reply(shopping, jef, "Een briefje in de bakkerij en een nummer om te sms'en.")
    discussion.close(
        shopping,
        coach,
        "We hangen een **affiche** op in de bakkerij en de apotheek, met één "
        "telefoonnummer. An en Jef wisselen elke week af.",
        easy="Hulp nodig met boodschappen? Bel het nummer op de affiche in de bakkerij.",
    )
    services.add_note(
        buurt,
        coach,
        "Jef is erg enthousiast maar soms wat kort door de bocht. Volgende keer even "
        "bellen na het overleg.",
    )
    planning.plan_meeting(
        buurt.space,
        coach,
        title="Buurtoverleg: start van het soepmoment",
        starts_at=_at(12, 19),
        ends_at=_at(12, 21),
        location="Buurthuis Sint-Jozef, Eeklo",
        agenda="1. Welkom\n2. Soepmoment: wie doet wat?\n3. Boodschappendienst: eerste ervaringen",
    )

    pzon = services.create_proeftuin(
        coach,
        "PZON-cluster Klein-Brabant Vaartland: onze plaats in de zorgraad",
        "De PZON-cluster denkt na over hoe burgers met een zorgnood, mantelzorgers en "
        "buren hun stem laten horen in de zorgraad.",
        ctx.zones["klein-brabant-vaartland"].id,
        Visibility.MEMBERS_ONLY,
    )
    services.join(pzon, fatima)
    services.join(pzon, jef)
    role = discussion.start_topic(
        pzon,
        fatima,
        "Wat willen we als eerste op de agenda van de zorgraad?",
        "Voor mij: vervoer naar het ziekenhuis in Bornem. Zonder auto is dat een probleem.",
    )
    discussion.reply(
        role, jef, "Eens. En vervangzorg voor mantelzorgers, zodat zij ook eens op adem komen."
    )
    meeting = planning.plan_meeting(
        pzon.space,
        coach,
        title="Tweede overleg PZON-cluster",
        starts_at=_at(-6, 14),
        ends_at=_at(-6, 16),
        location="Gemeentehuis Puurs-Sint-Amands, zaal 2",
        agenda="1. Terugblik\n2. Prioriteiten voor de zorgraad\n3. Wie vertegenwoordigt ons?",
    )
    minutes = meetings.save_minutes(
        meeting,
        coach,
        "## Aanwezig\nFatima, Jef, Ilse (coach)\n\n## Besluiten\n- De cluster kiest vervoer "
        "als eerste prioriteit.\n- Jef vertegenwoordigt de cluster in de zorgraad.",
    )
    planning.open_review_and_tell(minutes, _at(5, 23), coach)
    planning.propose_and_tell(
        minutes,
        fatima,
        "Jef en Fatima vertegenwoordigen samen de cluster in de zorgraad.",
        "We spraken af dat we met twee gaan, zodat er altijd iemand is.",
        passage="Jef vertegenwoordigt de cluster in de zorgraad.",
    )
