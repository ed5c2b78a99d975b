"""The zone's citizen pool: joining with consent, answers, leaving, aggregate counts."""

from __future__ import annotations

import secrets
from collections import Counter

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from burgerplatform.accounts.models import User
from burgerplatform.consultations.models import PoolAnswer, PoolCategory, PoolMember, PoolValue
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone

# Bump when the consent text changes: members then see and accept the new one.
POOL_CONSENT_VERSION = "2026-11"
# Counts below this are shown as "fewer than 5": small groups could be re-identified.
SMALL_COUNT = 5

# (key, label, multiple, sensitive, for_quotas, values); labels are English msgids.
DEFAULT_CATEGORIES = [
    (
        "age_band",
        _l("Age"),
        False,
        False,
        True,
        [_l("18 to 29"), _l("30 to 44"), _l("45 to 64"), _l("65 to 79"), _l("80 or older")],
    ),
    ("gender", _l("Gender"), False, False, True, [_l("Woman"), _l("Man"), _l("In another way")]),
    (
        "lived_experience",
        _l("Lived experience"),
        True,
        True,
        True,
        [
            _l("I have a chronic illness"),
            _l("I care for someone (informal carer)"),
            _l("I live with a disability"),
            _l("None of these"),
        ],
    ),
    (
        "languages",
        _l("Languages I speak"),
        True,
        False,
        True,
        [
            _l("Dutch"),
            _l("French"),
            _l("English"),
            _l("Arabic"),
            _l("Turkish"),
            _l("Flemish Sign Language"),
            _l("Another language"),
        ],
    ),
    (
        "support",
        _l("What helps me take part"),
        True,
        False,
        False,
        [
            _l("An accessible venue"),
            _l("Transport"),
            _l("An interpreter"),
            _l("Meetings in the evening"),
            _l("Meetings during the day"),
        ],
    ),
]


def categories(zone: Zone) -> list[PoolCategory]:
    """The zone's categories with their values, seeded with the defaults the first time."""
    found = list(
        db.session.scalars(
            select(PoolCategory)
            .where(PoolCategory.zone_id == zone.id)
            .options(selectinload(PoolCategory.values))
            .order_by(PoolCategory.position, PoolCategory.id)
        )
    )
    return found or seed_categories(zone)


def seed_categories(zone: Zone) -> list[PoolCategory]:
    with force_locale("en"):  # store the English msgid, translated when shown
        municipality = PoolCategory(
            zone_id=zone.id,
            key="municipality",
            label=str(_l("Municipality")),
            position=0,
            values=[PoolValue(label=m.name, position=i) for i, m in enumerate(zone.municipalities)],
        )
        made = [municipality]
        for position, (key, label, multiple, sensitive, quotas, values) in enumerate(
            DEFAULT_CATEGORIES, start=1
        ):
            made.append(
                PoolCategory(
                    zone_id=zone.id,
                    key=key,
                    label=str(label),
                    multiple=multiple,
                    sensitive=sensitive,
                    for_quotas=quotas,
                    position=position,
                    values=[PoolValue(label=str(v), position=i) for i, v in enumerate(values)],
                )
            )
    db.session.add_all(made)
    db.session.flush()
    return made


def add_category(
    zone: Zone, label: str, multiple: bool, sensitive: bool, values: list[str]
) -> PoolCategory:
    labels = [v.strip() for v in values if v.strip()]
    if not labels:
        raise DomainError(_l("Give at least one answer people can choose."), field="values")
    existing = categories(zone)
    key = f"c{len(existing) + 1}-{secrets.token_hex(3)}"
    category = PoolCategory(
        zone_id=zone.id,
        key=key,
        label=label.strip(),
        multiple=multiple,
        sensitive=sensitive,
        position=len(existing) + 1,
        values=[PoolValue(label=v, position=i) for i, v in enumerate(labels)],
    )
    db.session.add(category)
    db.session.flush()
    return category


def add_value(category: PoolCategory, label: str) -> PoolValue:
    if any(v.label.lower() == label.strip().lower() for v in category.values):
        raise DomainError(_l("This answer exists already."), field="label")
    value = PoolValue(label=label.strip(), position=len(category.values))
    category.values.append(value)
    db.session.flush()
    return value


def membership(zone: Zone, user: User) -> PoolMember | None:
    return db.session.scalar(
        select(PoolMember)
        .where(PoolMember.zone_id == zone.id, PoolMember.user_id == user.id)
        .options(selectinload(PoolMember.answers))
    )


def join_or_update(zone: Zone, user: User, value_ids: set[int], consent: bool) -> PoolMember:
    """Join the pool (or update one's answers). Consent is required and recorded by version."""
    if not consent:
        raise DomainError(_l("To join the pool, tick the box to agree."), field="consent")
    allowed = {v.id for c in categories(zone) for v in c.values}
    if not value_ids <= allowed:
        raise DomainError(_l("One of the answers is not a choice of this zone."))
    member = membership(zone, user)
    if member is None:
        member = PoolMember(
            zone_id=zone.id,
            user_id=user.id,
            pseudonym=secrets.token_hex(8),
            consent_version=POOL_CONSENT_VERSION,
        )
        db.session.add(member)
    member.left_at = None
    member.consent_version = POOL_CONSENT_VERSION
    member.consent_given_at = utcnow()
    # Keep the answers that stay: replacing them all would insert before it deletes and
    # break the unique (member, value) when an answer is given again.
    for answer in list(member.answers):
        if answer.value_id not in value_ids:
            member.answers.remove(answer)
    db.session.flush()
    kept = {a.value_id for a in member.answers}
    member.answers.extend(PoolAnswer(value_id=v) for v in sorted(value_ids - kept))
    db.session.flush()
    return member


def leave(member: PoolMember) -> None:
    """Leaving erases every answer; the row stays only to keep past seats' history."""
    member.answers = []
    member.left_at = utcnow()
    db.session.flush()


def active_members(zone: Zone) -> list[PoolMember]:
    return list(
        db.session.scalars(
            select(PoolMember)
            .where(PoolMember.zone_id == zone.id, PoolMember.left_at.is_(None))
            .options(selectinload(PoolMember.answers))
            .order_by(PoolMember.id)
        )
    )


def aggregate(zone: Zone) -> tuple[int, list[tuple[PoolCategory, list[tuple[PoolValue, str]]]]]:
    """Counts per category value, small ones blurred: what staff may see of the pool."""
    total = (
        db.session.scalar(
            select(func.count(PoolMember.id)).where(
                PoolMember.zone_id == zone.id, PoolMember.left_at.is_(None)
            )
        )
        or 0
    )
    counts = Counter(
        dict(
            db.session.execute(
                select(PoolAnswer.value_id, func.count(PoolAnswer.id))
                .join(PoolMember, PoolMember.id == PoolAnswer.member_id)
                .where(PoolMember.zone_id == zone.id, PoolMember.left_at.is_(None))
                .group_by(PoolAnswer.value_id)
            ).all()
        )
    )
    return total, [
        (c, [(v, blurred(counts.get(v.id, 0))) for v in c.values]) for c in categories(zone)
    ]


def blurred(count: int) -> str:
    if 0 < count < SMALL_COUNT:
        return str(_l("fewer than %(num)d", num=SMALL_COUNT))
    return str(count)


def categories_by_id(zone_id: int) -> dict[int, PoolCategory]:
    return {c.id: c for c in categories(db.session.get(Zone, zone_id))}


def active_members_of(zone_id: int) -> list[PoolMember]:
    return active_members(db.session.get(Zone, zone_id))
