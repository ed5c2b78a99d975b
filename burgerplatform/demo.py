"""Demo data for `flask seed-demo`: realistic zones, people and roles.

Each module adds its part in `burgerplatform/<module>/demo.py` with a function
`seed(ctx: DemoContext) -> None`; they run in the order of MODULE_SEEDERS.
Every demo account uses the password DEMO_PASSWORD; README lists them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from burgerplatform.accounts.models import Consent, User
from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role, Zone
from burgerplatform.zones.services import appoint, create_zone, pzon_cluster

BRUSSELS = ZoneInfo("Europe/Brussels")
DEMO_PASSWORD = "burgerplatform"  # noqa: S105 - public demo password, documented in README
# Admins must use two-step login; the demo admin's key is public too (README), so anyone
# trying the demo can add it to an authenticator app or compute the code with pyotp.
DEMO_ADMIN_TOTP_SECRET = "BURGERPLATFORMDEMOADMINSECRET234"  # noqa: S105

ZONES: list[dict[str, Any]] = [
    {
        "slug": "meetjesland",
        "name": "ELZ Meetjesland",
        "municipalities": [
            "Aalter",
            "Assenede",
            "Eeklo",
            "Kaprijke",
            "Lievegem",
            "Maldegem",
            "Sint-Laureins",
            "Zelzate",
        ],
        "response_days": 60,
        "support_threshold": 15,
        "description": "De eerstelijnszone Meetjesland brengt zorg en welzijn samen in acht "
        "gemeenten. Via het burgerplatform beslissen inwoners mee over de "
        "agenda van de zorgraad.",
    },
    {
        "slug": "klein-brabant-vaartland",
        "name": "ELZ Klein-Brabant Vaartland",
        "municipalities": ["Bornem", "Puurs-Sint-Amands", "Willebroek"],
        "response_days": 45,
        "support_threshold": 10,
        "description": "In Klein-Brabant Vaartland denkt de PZON-cluster mee over de rol van "
        "burgers in de zorgraad.",
    },
]

TREASURER = "penningmeester.meetjesland@example.org"

# (e-mail, display name, zone slug, locale, roles as (zone slug, role))
PEOPLE = [
    ("admin@example.org", "Platformbeheer", None, "nl", [], True),
    (
        "staff.meetjesland@example.org",
        "Sofie (ELZ Meetjesland)",
        "meetjesland",
        "nl",
        [("meetjesland", Role.STAFF)],
        False,
    ),
    # The zone's treasurer: staff of the zone (amounts and bank accounts are for the
    # zone's staff only; there is no role of its own), who keeps the allowances.
    (
        TREASURER,
        "Rik (penningmeester ELZ Meetjesland)",
        "meetjesland",
        "nl",
        [("meetjesland", Role.STAFF)],
        False,
    ),
    (
        "staff.kbv@example.org",
        "Koen (ELZ Klein-Brabant Vaartland)",
        "klein-brabant-vaartland",
        "nl",
        [("klein-brabant-vaartland", Role.STAFF)],
        False,
    ),
    (
        "zorgraad.meetjesland@example.org",
        "Marleen (zorgraad)",
        "meetjesland",
        "nl",
        [("meetjesland", Role.ZORGRAAD_MEMBER)],
        False,
    ),
    (
        "coach@example.org",
        "Ilse (coach BurgersAanZet)",
        None,
        "nl",
        [("meetjesland", Role.COACH), ("klein-brabant-vaartland", Role.COACH)],
        False,
    ),
    ("an@example.org", "An", "meetjesland", "nl", [], False),
    ("jef@example.org", "Jef", "meetjesland", "nl", [], False),
    ("fatima@example.org", "Fatima", "klein-brabant-vaartland", "fr", [], False),
]


MODULE_SEEDERS = [
    "initiatives",
    "consultations",
    "questionnaires",
    "themes",
    "proeftuinen",
    "allowances",
    "documents",
    "seats",
    "library",
    "groups",
]

DUTCH_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def local_time(days: int, hour: int = 19, minute: int = 0) -> datetime:
    """`days` from today (negative: ago) at hour:minute Belgian time, in UTC: meetings
    start at a time people meet, not at the second the demo was seeded."""
    local = datetime.now(BRUSSELS).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return (local + timedelta(days=days)).astimezone(UTC)


# The person citizens reach on each zone's help page and next to every form.
CONTACTS: dict[str, dict[str, str]] = {
    "meetjesland": {
        "contact_name": "Els Van Damme",
        "contact_phone": "09 376 12 34",
        "contact_email": "burgers@elzmeetjesland.example.be",
        "contact_address": "ELZ Meetjesland\nStationsstraat 12\n9900 Eeklo",
        "opening_hours": "Maandag tot donderdag van 9 tot 12 uur.\nDinsdag ook van 13 tot 16 uur.",
    },
    "klein-brabant-vaartland": {
        "contact_name": "Karim El Amrani",
        "contact_phone": "03 899 45 67",
        "contact_email": "burgers@elzkbv.example.be",
        "contact_address": "ELZ Klein-Brabant Vaartland\nKerkstraat 3\n2880 Bornem",
        "opening_hours": "Dinsdag en donderdag van 9 tot 16 uur.",
    },
}


def next_meeting_day(at_least: int = 14, weekday: int = 1) -> int:
    """Days from today to the next `weekday` (Tuesday) at least `at_least` days away,
    outside the Christmas holidays: when a zorgraad would really meet."""
    today = datetime.now(BRUSSELS).date()
    days = at_least + (weekday - (today + timedelta(days=at_least)).weekday()) % 7
    while (day := today + timedelta(days=days)) and (
        (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day <= 3)
    ):
        days += 7
    return days


def meeting_title(starts_at: datetime, body: str = "Zorgraad") -> str:
    """ "Zorgraad — augustusvergadering": the name says the month it is held in."""
    return f"{body} — {DUTCH_MONTHS[starts_at.astimezone(BRUSSELS).month - 1]}vergadering"


@dataclass
class DemoContext:
    zones: dict[str, Zone]  # by slug
    users: dict[str, User]  # by e-mail
    extra: dict = field(default_factory=dict)


def seed() -> bool:
    """Fill the demo once. Returns False when it was already there."""
    if db.session.scalar(select(Zone.id).where(Zone.slug == "meetjesland")):
        return False
    zones = {z["slug"]: create_zone(**z) for z in ZONES}
    for slug, contact in CONTACTS.items():
        for key, value in contact.items():
            setattr(zones[slug], key, value)
    users: dict[str, User] = {}
    password_hash = generate_password_hash(DEMO_PASSWORD)
    now = utcnow()
    for email, name, zone_slug, locale, roles, is_admin in PEOPLE:
        user = User(
            email=email,
            display_name=name,
            password_hash=password_hash,
            locale=locale,
            zone=zones.get(zone_slug),
            email_confirmed_at=now,
            is_admin=is_admin,
            totp_secret=DEMO_ADMIN_TOTP_SECRET if is_admin else None,
            totp_enabled_at=now if is_admin else None,
        )
        user.consents.append(Consent(kind="privacy", version="2026-11"))
        db.session.add(user)
        db.session.flush()
        users[email] = user
        for slug, role in roles:
            cluster = pzon_cluster(zones[slug]) if role is Role.ZORGRAAD_MEMBER else None
            appoint(user, zones[slug], role, cluster)
    db.session.flush()
    ctx = DemoContext(zones=zones, users=users)
    for name in MODULE_SEEDERS:
        try:
            module = importlib.import_module(f"burgerplatform.{name}.demo")
        except ModuleNotFoundError:
            continue
        module.seed(ctx)
        db.session.flush()
    return True


def notes() -> list[str]:
    """Lines for whoever starts the demo, from modules whose demo is drawn by lot (an
    optional `notes() -> list[str]` in their demo.py)."""
    lines: list[str] = []
    for name in MODULE_SEEDERS:
        try:
            module = importlib.import_module(f"burgerplatform.{name}.demo")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "notes"):
            lines.extend(module.notes())
    return lines


def register_command(app: Flask) -> None:
    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Fill the database with the demo zones, people and content (once)."""
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            created = seed()
            db.session.commit()
        click.echo("Demo data created." if created else "Demo data was already there.")
        for line in notes():
            click.echo(line)
