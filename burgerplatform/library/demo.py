"""Demo cases in the library: the Eeklo proeftuin's closed topic (by the coach) and the
finished Meetjesland round (by the zone's staff, also in French)."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.consultations.models import Round
from burgerplatform.extensions import db
from burgerplatform.library import services
from burgerplatform.library.models import CaseTopic, Theme
from burgerplatform.proeftuinen.models import Proeftuin


def seed(ctx) -> None:
    buurt = db.session.scalar(
        select(Proeftuin).where(Proeftuin.name == "Zorgzame buurt Sint-Jozef, Eeklo")
    )
    if buurt is not None and services.proeftuin_ready(buurt):
        services.publish_from_proeftuin(
            buurt,
            ctx.users["coach@example.org"],
            services.CaseDetails(
                texts={
                    "nl": {
                        "title": "Een boodschappendienst van buren in Eeklo",
                        "asked": "Hoe vragen buren die alleen wonen om hulp met boodschappen?",
                        "who": "Buren uit de wijk Sint-Jozef, een bakker en een apotheker.",
                        "done": "De buren spraken af in de proeftuin. Ze maakten een "
                        "**affiche** met één telefoonnummer. Die hangt in de bakkerij en de "
                        "apotheek. Twee buren nemen om beurten de telefoon op.",
                        "changed": "Wie hulp nodig heeft, weet nu wie te bellen. De buren "
                        "kennen elkaar beter.",
                        "differently": "Vroeger de apotheker en de huisarts vragen om mee "
                        "te doen: zij kennen wie alleen woont.",
                        "summary_easy": "Buren helpen elkaar met boodschappen. Op een "
                        "affiche staat één nummer. Bel het als je hulp nodig hebt.",
                    }
                },
                topic=CaseTopic.LONELINESS,
                themes=[Theme.COMMUNITY, Theme.VOLUNTEERING],
                participant_count=14,
                contact="Coach BurgersAanZet, coach@example.org",
                confirmed_no_names=True,
            ),
        )
    finished = db.session.scalar(
        select(Round).where(Round.title == "Wachten bij de huisartsenwachtpost")
    )
    if finished is not None and services.round_ready(finished):
        services.publish_from_round(
            finished,
            ctx.users["staff.meetjesland@example.org"],
            services.CaseDetails(
                texts={
                    "nl": {
                        "title": "Korter wachten bij de huisartsenwachtpost",
                        "asked": "Wat maakt het wachten bij de wachtpost zwaar, en wat helpt?",
                        "who": "Een klankbordgroep geloot uit de burgerpool, met mensen "
                        "met een zorgnood en mantelzorgers.",
                        "done": "De groep verzamelde ervaringen online en op papier. Samen "
                        "schreven ze een advies aan de zorgraad.",
                        "changed": "De zorgraad nam de aanbevelingen over. De wachtpost "
                        "toont nu de wachttijd op een scherm.",
                        "differently": "Meer tijd geven om het advies na te lezen.",
                    },
                    "fr": {
                        "title": "Attendre moins au poste de garde",
                        "asked": "Qu'est-ce qui rend l'attente pénible, et qu'est-ce qui aide ?",
                        "who": "Un groupe tiré au sort dans le pool citoyen.",
                        "done": "Le groupe a recueilli des expériences et a écrit un avis "
                        "pour le conseil de soins.",
                        "changed": "Le poste de garde affiche maintenant le temps d'attente.",
                    },
                },
                topic=CaseTopic.ACCESS,
                themes=[Theme.VOICE],
                participant_count=12,
                contact="ELZ Meetjesland, staff.meetjesland@example.org",
                confirmed_no_names=True,
            ),
        )
