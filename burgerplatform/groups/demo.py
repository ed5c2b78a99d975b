"""Demo groups: a walking club and a mantelzorg café in the Meetjesland (listed), a
language café waiting for its contact to confirm, and one request for a coach."""

from __future__ import annotations

from burgerplatform.groups import services
from burgerplatform.groups.services import Entry


def seed(ctx) -> None:
    zone = ctx.zones["meetjesland"]
    an, jef = ctx.users["an@example.org"], ctx.users["jef@example.org"]
    staff = ctx.users["staff.meetjesland@example.org"]
    places = {m.name: m.id for m in zone.municipalities}

    services.register_group(
        zone,
        an,
        Entry(
            name="Wandelclub De Stappers",
            purpose="We wandelen elke week samen, ongeveer 5 km. Daarna drinken we koffie.",
            audience="Elke dinsdag om 14 uur aan de kerk van Eeklo. Voor iedereen die graag "
            "wandelt, ook met een rollator.",
            how_to_join="Kom gewoon naar de kerk op dinsdag. Je hoeft je niet in te schrijven.",
            reach_phone="0470 12 34 56",
            languages=["nl"],
            accessibility="Vlakke paden. We wachten op elkaar.",
            municipality_ids=[places["Eeklo"]] if "Eeklo" in places else [],
        ),
        consent=True,
    )
    cafe = services.register_group(
        zone,
        jef,
        Entry(
            name="Mantelzorgcafé Maldegem",
            purpose="Mantelzorgers praten met elkaar over hun zorgen en tips.",
            audience="De eerste maandag van de maand in het dienstencentrum. Voor wie zorgt "
            "voor een partner, kind of ouder.",
            how_to_join="Stuur een mail of kom langs.",
            reach_email="mantelzorgcafe@example.org",
            languages=["nl", "fr"],
            other_languages="Arabisch",
            accessibility="Rolstoeltoegankelijk. Een rustige ruimte.",
            municipality_ids=[places["Maldegem"]] if "Maldegem" in places else [],
        ),
        consent=True,
    )
    services.add_for_group(
        zone,
        staff,
        Entry(
            name="Taalcafé Eeklo",
            purpose="Nederlands oefenen in een gesprek, met koffie.",
            audience="Woensdagavond in de bibliotheek.",
            languages=["nl"],
        ),
        "an@example.org",
    )
    services.ask_support(
        cafe,
        jef,
        "We willen een oppasdienst opstarten, zodat mantelzorgers eens vrij hebben.",
        "Vijf mantelzorgers en twee vrijwilligers.",
        "Hulp bij het plannen en bij het vinden van vrijwilligers.",
        "an@example.org",
    )
