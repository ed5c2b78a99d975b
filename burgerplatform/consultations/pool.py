"""The zone's citizen pool: joining with consent, answers, leaving, aggregate counts."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable
from typing import Any, cast

from babel.lists import format_list
from flask import current_app, url_for
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, CursorResult, func, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from burgerplatform.accounts.models import Consent, User
from burgerplatform.consultations.models import PoolAnswer, PoolCategory, PoolMember, PoolValue
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError, refuse
from burgerplatform.core.mail import queue_mail
from burgerplatform.core.urls import absolute
from burgerplatform.extensions import db
from burgerplatform.notifications.kinds import register, text_for
from burgerplatform.notifications.services import notify
from burgerplatform.zones.models import Zone

# Bump when the consent text (templates/consultations/_pool_consent.html, in any of its
# languages) lets anyone see more, keeps answers longer or uses them for more; then run
# `flask pool-consent-changed`: members with an older consent are left out of draws
# until they agree again, see a banner at their next visit and get one mail. A change
# that only promises more protection (staff see a count rounded that they saw exact)
# keeps the version: nobody loses what they agreed to. tests/consultations/
# test_pool_consent_text.py pins the text per version, so neither happens unnoticed.
# The setting POOL_CONSENT_VERSION overrides it (for a zone that adapted the text).
POOL_CONSENT_VERSION = "2026-11"
POOL_CONSENT = "pool"  # the kind of its rows in the account's consent history

register(
    "pool.consent_changed",
    _l(
        "The text about how we use your answers in the citizen pool of %(zone)s has "
        "changed. Read it and agree again to stay in the draws, or leave the pool."
    ),
)
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
    # Sensitive: a count that one person's answer moves shows who answers "in another way".
    ("gender", _l("Gender"), False, True, True, [_l("Woman"), _l("Man"), _l("In another way")]),
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
    # Sensitive: a language can tell someone's origin, sign language a disability.
    (
        "languages",
        _l("Languages I speak"),
        True,
        True,
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
    # Sensitive: an interpreter or an accessible venue can point to sign language or a
    # disability, and an exact count moved from 6 to 7 as one known person joined.
    (
        "support",
        _l("What helps me take part"),
        True,
        True,
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


# Answers meaning "none of these": chosen, they are the only answer in their category
# (by label, the English msgid the defaults are seeded with).
EXCLUSIVE_VALUES = {"None of these"}


def _exclusive_problems(cats: list[PoolCategory], value_ids: set[int]) -> list[DomainError]:
    problems = []
    for category in cats:
        chosen = [v for v in category.values if v.id in value_ids]
        alone = next((v for v in chosen if v.label in EXCLUSIVE_VALUES), None)
        if alone is not None and len(chosen) > 1:
            problems.append(
                DomainError(
                    _l(
                        "For “%(category)s”, “%(none)s” cannot go together with another "
                        "answer. Untick one of them.",
                        category=category.display_label,
                        none=alone.display_label,
                    ),
                    field=category.key,
                )
            )
    return problems


def _single_problems(cats: list[PoolCategory], value_ids: set[int]) -> list[DomainError]:
    """A question with one answer gets at most one (a tampered form could send two)."""
    return [
        DomainError(
            _l(
                "For “%(category)s” you can choose only one answer.",
                category=category.display_label,
            ),
            field=category.key,
        )
        for category in cats
        if not category.multiple and sum(v.id in value_ids for v in category.values) > 1
    ]


def current_consent_version() -> str:
    return current_app.config.get("POOL_CONSENT_VERSION") or POOL_CONSENT_VERSION


def consent_is_current(member: PoolMember) -> bool:
    return member.consent_version == current_consent_version()


def consent_kept(member: PoolMember | None) -> bool:
    """Whether the person is in the pool with a consent to the current text: changing
    answers then needs no new consent."""
    return member is not None and member.left_at is None and consent_is_current(member)


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


def check_answers(
    zone: Zone, member: PoolMember | None, value_ids: set[int], consent: bool
) -> None:
    """Everything that stops `join_or_update`, refused all at once (`DomainErrors`): the
    person fixes the form in one go, not one refusal per send."""
    problems: list[DomainError] = []
    if not consent and not consent_kept(member):
        if member is not None and member.left_at is None:
            message = _l("To stay in the pool, tick the box to agree.")
        else:
            message = _l("To join the pool, tick the box to agree.")
        problems.append(DomainError(message, field="consent"))
    cats = categories(zone)
    if not value_ids <= {v.id for c in cats for v in c.values}:
        problems.append(DomainError(_l("One of the answers is not a choice of this zone.")))
    problems += _single_problems(cats, value_ids)
    problems += _exclusive_problems(cats, value_ids)
    refuse(problems)


def join_or_update(zone: Zone, user: User, value_ids: set[int], consent: bool) -> PoolMember:
    """Join the pool (or update one's answers). Consent is required and recorded by version
    to join, and to stay after the text changed; a member who agreed to the current text
    keeps that consent when changing answers (the page does not ask it again)."""
    member = membership(zone, user)
    check_answers(zone, member, value_ids, consent)
    keeps_consent = consent_kept(member)
    if member is None:
        member = PoolMember(
            zone_id=zone.id,
            user_id=user.id,
            pseudonym=secrets.token_hex(8),
            consent_version=current_consent_version(),
        )
        db.session.add(member)
    member.left_at = None
    if not keeps_consent:
        _record_consent(member, user)
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


def _record_consent(member: PoolMember, user: User) -> None:
    """The member agrees to the current text: on the membership, and as a new row in the
    account's consent history (never overwritten: it shows who agreed to what, when)."""
    version = current_consent_version()
    member.consent_version = version
    member.consent_given_at = utcnow()
    if not any(c.kind == POOL_CONSENT and c.version == version for c in user.consents):
        user.consents.append(Consent(kind=POOL_CONSENT, version=version))


def renew_consent(member: PoolMember, agree: bool) -> None:
    """A member whose consent is older agrees to the current text: drawn again from now."""
    if member.left_at is not None:
        raise DomainError(_l("You are not in the pool."))
    if not agree:
        raise DomainError(_l("To stay in the pool, tick the box to agree."), field="agree")
    _record_consent(member, member.user)
    db.session.flush()


def consent_due(user: User) -> PoolMember | None:
    """A pool membership of `user` whose consent is older than the current text."""
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        select(PoolMember)
        .where(
            PoolMember.user_id == user.id,
            PoolMember.left_at.is_(None),
            PoolMember.consent_version != current_consent_version(),
        )
        .options(joinedload(PoolMember.zone))
        .order_by(PoolMember.id)
        .limit(1)
    )


def _not_asked(version: str) -> ColumnElement[bool]:
    return or_(
        PoolMember.consent_asked_version.is_(None), PoolMember.consent_asked_version != version
    )


def announce_consent_change() -> int:
    """Tell every member with an older consent, once per version: a notification and an
    e-mail whatever their mail preference (it is about their own data). Safe to run
    again, and from several processes: each member is claimed with a conditional update
    before anything is sent. Returns how many were told."""
    version = current_consent_version()
    due = list(
        db.session.scalars(
            select(PoolMember)
            .where(
                PoolMember.left_at.is_(None),
                PoolMember.consent_version != version,
                _not_asked(version),
            )
            .options(joinedload(PoolMember.user), joinedload(PoolMember.zone))
            .order_by(PoolMember.id)
        )
    )
    told = 0
    for member in due:
        claimed = cast(
            "CursorResult[Any]",
            db.session.execute(
                update(PoolMember)
                .where(PoolMember.id == member.id, _not_asked(version))
                .values(consent_asked_version=version)
                .execution_options(synchronize_session=False)
            ),
        )
        if claimed.rowcount != 1:
            continue  # another process told this member
        user, zone = member.user, member.zone
        params = {"zone": zone.name}
        path = url_for("pool.join", zone_slug=zone.slug)
        notes = notify([user], "pool.consent_changed", params, path, zone.id)
        told += 1
        if notes and notes[0].emailed_at is None and user.email_confirmed_at:
            # notify() mails only those who chose mail at once: this one goes to all.
            with force_locale(user.locale):
                text = text_for("pool.consent_changed", params)
            queue_mail(
                user.email,
                text,
                "notification",
                locale=user.locale,
                user=user,
                text=text,
                link=absolute(path),
            )
            notes[0].emailed_at = utcnow()
    db.session.flush()
    return told


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


def member_count(zone: Zone) -> int:
    """How many people are in the zone's pool."""
    return (
        db.session.scalar(
            select(func.count(PoolMember.id)).where(
                PoolMember.zone_id == zone.id, PoolMember.left_at.is_(None)
            )
        )
        or 0
    )


def aggregate(zone: Zone) -> tuple[int, list[tuple[PoolCategory, list[tuple[PoolValue, str]]]]]:
    """Counts per category value: what staff may see of the pool. A sensitive answer's
    count is blurred (`sensitive_count`); any other is exact, as in the quota table and
    the clash messages (blurring it here alone would hide nothing, outside review)."""
    total = member_count(zone)
    counts = Counter(
        dict(
            db.session.execute(
                select(PoolAnswer.value_id, func.count(PoolAnswer.id))
                .join(PoolMember, PoolMember.id == PoolAnswer.member_id)
                .where(PoolMember.zone_id == zone.id, PoolMember.left_at.is_(None))
                .group_by(PoolAnswer.value_id)
            )
            .tuples()
            .all()
        )
    )
    # "None of these: 0" says nothing and reads as an error: that row shows only when
    # someone chose it. Not for a sensitive question: there the row's presence would
    # tell that someone chose it, so it always shows (as "fewer than 5" when small).
    return total, [
        (
            c,
            [
                (
                    v,
                    sensitive_count(counts.get(v.id, 0), total)
                    if c.sensitive
                    else str(counts.get(v.id, 0)),
                )
                for v in c.values
                if counts.get(v.id, 0) or v.label not in EXCLUSIVE_VALUES or c.sensitive
            ],
        )
        for c in categories(zone)
    ]


def counts_among(
    zone: Zone, members: list[PoolMember]
) -> list[tuple[PoolCategory, list[tuple[PoolValue, str]]]]:
    """Per quota question, how many of `members` gave each answer, as staff see it next to
    the quotas: exact for an answer that is not sensitive (the clash messages give such
    counts too), blurred against how many `members` there are for a sensitive one (see
    `sensitive_count`: the page shows that number). The rows shown follow `aggregate`."""
    counts = Counter(a.value_id for m in members for a in m.answers)
    return [
        (
            c,
            [
                (
                    v,
                    sensitive_count(counts.get(v.id, 0), len(members))
                    if c.sensitive
                    else str(counts.get(v.id, 0)),
                )
                for v in c.values
                if counts.get(v.id, 0) or v.label not in EXCLUSIVE_VALUES or c.sensitive
            ],
        )
        for c in categories(zone)
        if c.for_quotas
    ]


def question_names(labels: Iterable[str]) -> str:
    """Questions by their own labels, each once, quoted and joined as a list in the
    reader's language ("“Gender” and “Languages I speak”"): a sensitive question is named
    by what it is about, never all called "health"."""
    names = [str(_l("“%(label)s”", label=label)) for label in dict.fromkeys(labels)]
    return format_list(names, locale=get_locale()) if names else ""


def blurred(count: int) -> str:
    """A count of an answer that is not sensitive, as shown: 1 to 4 read "fewer than 5",
    0 and 5 on as they are."""
    if 0 < count < SMALL_COUNT:
        return str(_l("fewer than %(num)d", num=SMALL_COUNT))
    return str(count)


def side(count: int, total: int) -> str:
    """Where a count of people with a sensitive answer falls among `total` people: "few"
    (fewer than 5 have it), "most" (fewer than 5 do not) or "between". Said of the
    smaller side, so that neither "nobody" nor "everyone" is ever certain: with a total
    below 5 every count is "few", which says nothing the total does not; from 5 to 8,
    where both sides can be small, the split is at half, so each side keeps at least two
    counts (of 5: 0-2 "few", 3-5 "most")."""
    few, most = count < SMALL_COUNT, total - count < SMALL_COUNT
    if total < SMALL_COUNT or (few and (not most or 2 * count <= total)):
        return "few"
    return "most" if most else "between"


def sensitive_count(count: int, total: int) -> str:
    """A count of people with a sensitive answer (health, care, disability, language, …)
    among `total` people, for staff, who see `total` on the same page. Never exact: a
    count that moved from 6 to 7 as one known person joined would tell that person's
    answer, and "0" would tell that nobody has it. Fewer than 5 read "fewer than 5";
    fewer than 5 without it read "everyone but fewer than 5" (with 40 people, "40 to 44"
    would say all 40 have it); in between, a band of five ("35 to 39"). Each text stands
    for at least two counts the total allows (outside review), see `side`."""
    where = side(count, total)
    low = count - count % SMALL_COUNT
    # A last band that only its first count could reach (of 40: 35, as 36-39 are "most")
    # would pin it: that band takes the next count too ("35 to 39" for 35 and 36).
    if where == "most" and total % SMALL_COUNT == 0 and count == total - SMALL_COUNT + 1:
        where = "between" if total >= 2 * SMALL_COUNT else where
    if where == "few":
        return str(_l("fewer than %(num)d", num=SMALL_COUNT))
    if where == "most":
        return str(_l("everyone but fewer than %(num)d", num=SMALL_COUNT))
    return str(_l("%(min)d to %(max)d", min=low, max=low + SMALL_COUNT - 1))


def sensitive_figure(
    count: int, seated: int, group_final: bool, low: int, high: int
) -> dict[str, Any]:
    """What may be published about the seats held by people with one sensitive answer
    (lived experience: health, care, disability). The one rule, for the public round
    page, the staff's group page and /api/v1:

    - Nothing while the group is not final (the round is still in its first phase, when
      invitations are answered): staff see who accepts, so a figure that moved as one
      named person accepted or declined would give away that person's answer.
    - Once final, a band rather than a count where a count would single people out:
      "fewer than 5" when fewer than 5 seated people have the answer, "at least n" when
      fewer than 5 do not have it (a count of all 12 would tell it of each of the 12),
      and the exact count only in between. Which side a count is on follows `side`, so
      neither band is ever one count (of 5 seated: "at least 3" for 3 to 5, never "at
      least 5", which would say all 5 have it).
    - Whether the quota is met is published only when the band decides it (every count
      in the band meets it, or none does); otherwise it stays unsaid.

    Returns {"published", "count", "fewer_than", "at_least", "met"}; the unused are None.
    """
    figure: dict[str, Any] = {
        "published": group_final,
        "count": None,
        "fewer_than": None,
        "at_least": None,
        "met": None,
    }
    if not group_final:
        return figure
    where = side(count, seated)
    band = [n for n in range(seated + 1) if side(n, seated) == where]
    if where == "few":
        figure["fewer_than"] = SMALL_COUNT
    elif where == "most":
        figure["at_least"] = band[0]
    else:
        band = [count]
        figure["count"] = count
    meets = {low <= n <= high for n in band}
    figure["met"] = meets.pop() if len(meets) == 1 else None
    return figure


def eligible_members_of(zone_id: int) -> tuple[list[PoolMember], int]:
    """The members a draw may pick (in the pool, agreed to the current consent text), and
    how many were left out because their consent is older."""
    members = active_members_of(zone_id)
    current = [m for m in members if consent_is_current(m)]
    return current, len(members) - len(current)


def categories_by_id(zone_id: int) -> dict[int, PoolCategory]:
    return {c.id: c for c in categories(db.session.get_one(Zone, zone_id))}


def active_members_of(zone_id: int) -> list[PoolMember]:
    return active_members(db.session.get_one(Zone, zone_id))
