"""Zones: listing, lookup and appointing roles."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from burgerplatform.accounts.models import User, ZoneRole
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.zones.models import Cluster, ClusterKind, Municipality, Role, Zone

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


def update_settings(
    zone: Zone, description: str, support_threshold: int, response_days: int
) -> dict[str, list[Any]]:
    """Change what the zone promises and says about itself; returns what changed as
    {field: [old, new]} (for the audit log). The promise applies from now on: answers
    already due keep their date."""
    if not 1 <= support_threshold <= 100_000:
        raise DomainError(_l("Choose a number from 1."), field="support_threshold")
    if not 1 <= response_days <= 365:
        raise DomainError(_l("Choose between 1 and 365 days."), field="response_days")
    wanted = {
        "description": description.strip(),
        "support_threshold": support_threshold,
        "response_days": response_days,
    }
    changes = {k: [getattr(zone, k), v] for k, v in wanted.items() if getattr(zone, k) != v}
    for key, (_old, new) in changes.items():
        setattr(zone, key, new)
    db.session.flush()
    return changes


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
