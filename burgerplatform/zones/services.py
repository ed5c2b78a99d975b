"""Zones: listing, lookup and appointing roles."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from burgerplatform.accounts.models import User, ZoneRole
from burgerplatform.core.domain import DomainError
from burgerplatform.core.pagination import FIRST_PAGE, Cursors, Keyset, Page, keyset_page
from burgerplatform.extensions import db
from burgerplatform.notifications import kinds
from burgerplatform.notifications.services import notify
from burgerplatform.zones.models import (
    AccessibilityReport,
    Cluster,
    ClusterKind,
    Municipality,
    Role,
    Zone,
)

kinds.register(
    "accessibility.reported",
    _l("Someone reported an accessibility problem on the platform of %(zone)s."),
)

# First path segments that belong to the platform, never to a zone.
RESERVED_SLUGS = {
    "moderation",
    "meetings",
    "favicon.ico",
    "robots.txt",
    "account",
    "admin",
    "api",
    "static",
    "healthz",
    "metrics",
    "language",
    "privacy",
    "login",
    "logout",
    "register",
    "confirm",
    "password",
    "about",
    "notifications",
    "proeftuinen",
    "coach",
    "woordenlijst",
    "toegankelijkheid",
}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def list_zones() -> list[Zone]:
    return list(
        db.session.scalars(
            select(Zone).options(selectinload(Zone.municipalities)).order_by(Zone.name)
        )
    )


def zone_choices(empty_label: object) -> list[SelectChoice]:
    return [SelectChoice(0, empty_label)] + [SelectChoice(z.id, z.name) for z in list_zones()]


def create_zone(
    slug: str,
    name: str,
    municipalities: list[str],
    response_days: int = 60,
    support_threshold: int = 25,
    description: str = "",
) -> Zone:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug) or slug in RESERVED_SLUGS:
        raise DomainError(
            _l("Use only lowercase letters, digits and hyphens, and not a reserved word."),
            field="slug",
        )
    if db.session.scalar(select(Zone.id).where(Zone.slug == slug)):
        raise DomainError(_l("Another zone already uses this short name."), field="slug")
    zone = Zone(
        slug=slug,
        name=name.strip(),
        response_days=response_days,
        support_threshold=support_threshold,
        description=description,
    )
    for m in dict.fromkeys(m.strip() for m in municipalities if m.strip()):
        zone.municipalities.append(Municipality(name=m))
    # Every zorgraad has these clusters; the PZON cluster is the citizens' own.
    for kind in ClusterKind:
        if kind is not ClusterKind.OTHER:
            zone.clusters.append(Cluster(kind=kind, name=str(kind.label)))
    db.session.add(zone)
    db.session.flush()
    return zone


@dataclass(frozen=True)
class Contact:
    """The real person a citizen can reach at the zone, and where and when."""

    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    contact_address: str = ""
    opening_hours: str = ""


# A phone number as people write it: digits, spaces, +, /, dots, dashes and brackets.
PHONE_RE = re.compile(r"^\+?[0-9 ./()-]+$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _checked_contact(contact: Contact) -> dict[str, str | None]:
    """The contact as stored (stripped; an empty phone or e-mail is None), or a
    DomainError naming the field that is wrong."""
    fields = {k: v.strip() for k, v in asdict(contact).items()}
    phone = fields["contact_phone"]
    if phone and (not PHONE_RE.match(phone) or not 6 <= sum(c.isdigit() for c in phone) <= 15):
        raise DomainError(
            _l("Write a phone number with 6 to 15 digits, for example 09 123 45 67."),
            field="contact_phone",
        )
    email = fields["contact_email"]
    if email and (len(email) > 254 or not EMAIL_RE.match(email)):
        raise DomainError(
            _l("Write an e-mail address such as info@example.be."), field="contact_email"
        )
    limits = {"contact_name": 120, "contact_address": 300, "opening_hours": 500}
    for name, limit in limits.items():
        if len(fields[name]) > limit:
            raise DomainError(_l("This text is too long."), field=name)
    return {**fields, "contact_phone": phone or None, "contact_email": email or None}


def update_settings(
    zone: Zone,
    description: str,
    support_threshold: int,
    response_days: int,
    contact: Contact | None = None,
) -> dict[str, list[Any]]:
    """Change what the zone promises and says about itself (and, given `contact`, who
    citizens can reach); returns what changed as {field: [old, new]} (for the audit log).
    The promise applies from now on: answers already due keep their date."""
    if not 1 <= support_threshold <= 100_000:
        raise DomainError(_l("Choose a number from 1."), field="support_threshold")
    if not 1 <= response_days <= 365:
        raise DomainError(_l("Choose between 1 and 365 days."), field="response_days")
    wanted: dict[str, Any] = {
        "description": description.strip(),
        "support_threshold": support_threshold,
        "response_days": response_days,
    }
    if contact is not None:
        wanted.update(_checked_contact(contact))
    changes = {k: [getattr(zone, k), v] for k, v in wanted.items() if getattr(zone, k) != v}
    for key, (_old, new) in changes.items():
        setattr(zone, key, new)
    db.session.flush()
    return changes


def has_contact(zone: Zone) -> bool:
    """Whether the zone named a way to reach a person (phone, e-mail or address)."""
    return bool(zone.contact_phone or zone.contact_email or zone.contact_address)


def zone_staff(zone_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(ZoneRole, ZoneRole.user_id == User.id)
            .where(ZoneRole.zone_id == zone_id, ZoneRole.role == Role.STAFF)
            .order_by(User.id)
        )
    )


def report_problem(
    zone: Zone, reporter: User | None, page: str, problem: str, reply_to: str, url: str
) -> AccessibilityReport:
    """Store an accessibility problem for the zone's staff and tell each of them (in the
    app, and by mail as they chose). `url` is the staff's list of reports."""
    problem = problem.strip()
    if not problem:
        raise DomainError(_l("Tell us what went wrong."), field="problem")
    if len(problem) > 4000:
        raise DomainError(
            _l("This text is too long: at most %(max)d characters.", max=4000), field="problem"
        )
    if len(page.strip()) > 500 or len(reply_to.strip()) > 254:
        raise DomainError(_l("This text is too long."), field="page")
    report = AccessibilityReport(
        zone_id=zone.id,
        user_id=reporter.id if reporter is not None else None,
        page=page.strip(),
        problem=problem,
        reply_to=reply_to.strip(),
    )
    db.session.add(report)
    db.session.flush()
    notify(zone_staff(zone.id), "accessibility.reported", {"zone": zone.name}, url, zone.id)
    return report


def reports_page(zone: Zone, at: Cursors = FIRST_PAGE) -> Page[AccessibilityReport]:
    """The zone's accessibility reports, newest first (only this zone's)."""
    return keyset_page(
        select(AccessibilityReport).where(AccessibilityReport.zone_id == zone.id),
        Keyset.by_id(AccessibilityReport.id),
        at,
        per_page=20,
    )


def appoint(user: User, zone: Zone, role: Role, cluster: Cluster | None = None) -> ZoneRole:
    if cluster is not None and (role is not Role.ZORGRAAD_MEMBER or cluster.zone_id != zone.id):
        raise DomainError(_l("Only zorgraad members sit in a cluster."), field="cluster")
    existing = next((r for r in user.roles if r.zone_id == zone.id and r.role == role), None)
    if existing:
        if cluster is not None:
            existing.cluster = cluster  # e.g. a zorgraad member now seated for PZON
            db.session.flush()
        return existing
    zone_role = ZoneRole(user=user, zone=zone, role=role, cluster=cluster)
    db.session.add(zone_role)
    db.session.flush()
    return zone_role


def dismiss(zone_role: ZoneRole) -> None:
    db.session.delete(zone_role)
    db.session.flush()


def pzon_cluster(zone: Zone) -> Cluster | None:
    return next((c for c in zone.clusters if c.kind is ClusterKind.PZON), None)
