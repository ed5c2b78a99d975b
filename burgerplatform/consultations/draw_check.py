"""Checking a draw: today's pool against the fingerprint taken at the draw, aliases that
hold for one draw only, and the public record with which anyone can reproduce the group
(`static/check_draw.py` is the script that does it, with Python's standard library only).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from burgerplatform.consultations import lottery, pool, sortition
from burgerplatform.consultations.models import (
    DrawRecord,
    DrawStatus,
    PoolCategory,
    PoolMember,
    Round,
    Seat,
    SeatStatus,
)
from burgerplatform.core.domain import DomainError
from burgerplatform.core.i18n import platform_time_zone
from burgerplatform.core.urls import absolute_url
from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone

# The public record's format: /5's fingerprint covers every field of the record known
# at its publication, as stored then (`published_facts`): only the pick, a set-aside and
# the replacements come after it (`AFTER_PUBLICATION`). /4's covers everything the check
# relies on and everything it shows as fact (`covered`): the source of the number, from
# when it is known, the publication time, the round, the zone and the time zone too.
# /3's (lists published before 7 December 2026, second half) covers the groups and the
# mix; /2's, of lists published before that, the list of groups alone.
PUBLIC_FORMAT = "burgerplatform-draw/5"
SOURCE_FORMAT = "burgerplatform-draw/4"
MIX_FORMAT = "burgerplatform-draw/3"
LIST_ONLY_FORMAT = "burgerplatform-draw/2"
# The fields of a /5 record that come after its publication (static/check_draw.py has
# the same list): the fingerprint leaves them out, and covers every other field.
AFTER_PUBLICATION = frozenset(
    {
        "list_sha256",
        "number",
        "number_entered_at",
        "index",
        "selected",
        "discarded_at",
        "discard_reason",
        "replacements",
    }
)


class PoolChanged(DomainError):
    """The pool in the database is no longer the pool the draw chose from."""


class NoPublicRecord(DomainError):
    """The draw did not finish, or was made before public records were kept."""


def withheld(record: DrawRecord) -> bool:
    """Whether the record stays with staff: a draw made before lists were published,
    whose mix had a sensitive answer (its old record gave answers away; the rule is the
    record's own, so the round page and this module agree)."""
    return record.record_withheld


def pool_rows(
    members: list[PoolMember], categories: dict[int, PoolCategory]
) -> list[sortition.PoolRow]:
    """Each member as the draw sees them: a pseudonym and the answers per category."""
    value_category = {v.id: c.id for c in categories.values() for v in c.values}
    rows = []
    for m in members:
        features: dict[str, set[str]] = {}
        for a in m.answers:
            features.setdefault(str(value_category[a.value_id]), set()).add(str(a.value_id))
        rows.append(sortition.PoolRow(m.pseudonym, {k: frozenset(v) for k, v in features.items()}))
    return rows


def pool_snapshot(record: DrawRecord) -> tuple[list[sortition.PoolRow], int]:
    """The people the draw chose from, rebuilt from the pool as it is stored now, and how
    many of them are no longer in the pool's table at all."""
    round_ = db.session.get_one(Round, record.round_id)
    pids = {pid for group in record.profiles for pid in group}
    members = [
        m
        for m in db.session.scalars(
            select(PoolMember)
            .where(PoolMember.zone_id == round_.zone_id)
            .options(selectinload(PoolMember.answers))
        )
        if m.pseudonym in pids
    ]
    return pool_rows(members, pool.categories_by_id(round_.zone_id)), len(pids) - len(members)


def check_pool(record: DrawRecord) -> None:
    """Refuse, in plain words, when the stored pool no longer gives the draw's fingerprint:
    a replay would otherwise only show that the stored pick agrees with itself."""
    rows, missing = pool_snapshot(record)
    if missing:
        raise PoolChanged(
            _nl(
                "The pool has changed since this draw: %(num)d of the %(total)d people it chose "
                "from is no longer in it. The draw cannot be replayed from today's pool.",
                "The pool has changed since this draw: %(num)d of the %(total)d people it chose "
                "from are no longer in it. The draw cannot be replayed from today's pool.",
                missing,
                total=len(rows) + missing,
            )
        )
    if sortition.pool_hash(rows) != record.pool_hash:
        raise PoolChanged(
            _l(
                "The pool has changed since this draw: its fingerprint is no longer %(hash)s "
                "(someone changed their answers or left the pool). The draw cannot be "
                "replayed from today's pool.",
                hash=record.pool_hash[:12] + "…",
            )
        )


def replay(record: DrawRecord) -> list[str]:
    """The group the stored pool, list and number give: the same as drawn, every time;
    refused (`PoolChanged`) when the pool is no longer the one the draw saw, or the list
    no longer the one published."""
    check_pool(record)
    rows, _missing = pool_snapshot(record)
    rules = [
        sortition.QuotaRule(q["category"], q["value"], False, q["min"], q["max"], q["label"])
        for q in record.quotas
    ]
    if sortition.profiles(rows, rules) != record.profiles:
        raise PoolChanged(_l("The stored profiles do not follow from the pool the draw saw."))
    if not record.panels:  # a draw made before lists were published
        return sorted(sortition.pick(record.profiles, record.distribution, record.seed))
    if record_format(record) is None:
        raise PoolChanged(_l("The stored list of groups is not the list that was published."))
    if record.public_number is None:
        return []
    index = lottery.pick_index(record.list_hash, record.public_number, len(record.panels))
    return sorted(record.panels[index])


def alias_for(record: DrawRecord) -> Callable[[str], str]:
    """Per-draw aliases (P0001, …) for the pool's pseudonyms, in an order only this draw's
    key gives: the same person has unrelated aliases in two draws, so no record lets
    anyone follow someone from draw to draw. Someone outside the draw's pool (a
    replacement who joined later) gets an alias from the same key."""
    key = (record.alias_salt or f"draw-{record.id}").encode()

    def mac(pid: str) -> str:
        return hmac.new(key, pid.encode(), hashlib.sha256).hexdigest()

    pids = {pid for group in record.profiles for pid in group} | set(record.left_out)
    width = max(4, len(str(len(pids))))
    known = {pid: f"P{i:0{width}d}" for i, pid in enumerate(sorted(pids, key=mac), 1)}
    return lambda pid: known.get(pid) or f"R{mac(pid)[:8]}"


def profile_answers(groups: list[list[str]], rows: list[sortition.PoolRow], rules) -> list:
    """Per profile, whether its people have each quota's answer (they all do or none)."""
    by_pid = {row.pid: row for row in rows}
    return [[sortition.has_value(by_pid[group[0]], q) for q in rules] for group in groups]


def sensitive_quotas(record: DrawRecord) -> list[bool]:
    """Per quota of the record: about a sensitive answer (as recorded at the draw)."""
    return [q.get("sensitive", True) for q in record.quotas]


def sensitive_questions(record: DrawRecord) -> str:
    """The sensitive questions of the record's mix, by their own labels ("" when none)."""
    round_ = db.session.get_one(Round, record.round_id)
    categories = pool.categories_by_id(round_.zone_id)
    labels = []
    for quota in record.quotas:
        if not quota.get("sensitive", True):
            continue
        category = categories.get(int(quota["category"]))
        # A question removed since the draw: the label stored with the draw names it.
        labels.append(category.display_label if category else quota["label"].split(": ")[0])
    return pool.question_names(labels)


def public_panels(record: DrawRecord) -> list[list[str]]:
    """The published list: each group's people under this draw's aliases, sorted."""
    alias = alias_for(record)
    return [sorted(alias(pid) for pid in group) for group in record.panels]


def has_list(record: DrawRecord) -> bool:
    """Whether the draw published a list of groups (draws made before did not)."""
    return bool(record.panels) and record.status in (
        DrawStatus.PUBLISHED,
        DrawStatus.DONE,
        DrawStatus.DISCARDED,
    )


def _answers(record: DrawRecord) -> dict[str, list[bool]] | None:
    """Each person's answer to each quota, under this draw's alias, so that anyone can
    check that every group keeps the quotas; None when a quota is sensitive: then no
    answer at all is published (not even municipality or age, which would narrow down
    who an alias is)."""
    if any(sensitive_quotas(record)) or len(record.profile_answers) != len(record.profiles):
        return None
    alias = alias_for(record)
    return {
        alias(pid): [bool(a) for a in answers]
        for group, answers in zip(record.profiles, record.profile_answers, strict=True)
        for pid in group
    }


def _labels(zone_id: int) -> dict[int, str]:
    """Each answer's label in the reader's language (the record keeps the worker's)."""
    return {
        v.id: f"{c.display_label}: {v.display_label}"
        for c in pool.categories_by_id(zone_id).values()
        for v in c.values
    }


def time_zone_of(record: DrawRecord) -> ZoneInfo:
    """The time zone the record writes its times in: the platform's at its publication
    (kept with it, so that a later change of the setting changes no fingerprint). A name
    this machine does not know (its time-zone data, or a damaged row) falls back to the
    platform's: the page then shows, and the check finds, that the fingerprint differs,
    instead of an error page."""
    if record.time_zone:
        try:
            return ZoneInfo(record.time_zone)
        except (ValueError, ZoneInfoNotFoundError):
            pass
    return platform_time_zone()


def record_time(moment, zone: ZoneInfo | None = None) -> str | None:
    """A time as the page shows it: in the record's time zone, with its offset, so
    that the script writes the page's "09:39", not UTC's "08:39"."""
    if not moment:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return str(moment.astimezone(zone or platform_time_zone()).isoformat())


def _utc(moment) -> str | None:
    """A time as the fingerprint covers it: in UTC (the record writes it
    in the platform's time zone; the check program converts it back the same way)."""
    if not moment:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return str(moment.astimezone(UTC).isoformat())


def covered(record: DrawRecord, rule: str = SOURCE_FORMAT) -> dict:
    """What the fingerprint published before the pick covers: everything the check
    relies on, so that changing a group, the group size, a quota's limits, whether an
    answer is sensitive, an answer or a chance in the record changes the fingerprint
    (static/check_draw.py computes the same from the public record). Format /4 also
    covers what the check shows as fact: the source of the number and from when it is
    known (the commitment that decides which number counts), the publication time, the
    round, the zone and the time zone the times are written in."""
    answers = _answers(record)
    alias = alias_for(record)
    fixed = {
        "groups": public_panels(record),
        "group_size": record.group_size,
        "quotas": [
            {"min": q["min"], "max": q["max"], "sensitive": hidden}
            for q, hidden in zip(record.quotas, sensitive_quotas(record), strict=True)
        ],
        "answers": answers,
        "chances": (
            {alias(pid): p for pid, p in sorted(record.probabilities.items())}
            if answers is not None
            else None
        ),
        "lowest_chance": record.min_probability,
        "largest_deviation": record.max_deviation,
    }
    if announced_in_advance(record):
        # Known before the list was made: the fingerprint fixes it too.
        fixed["announced_number"] = record.public_number
    if rule == SOURCE_FORMAT:
        round_ = db.session.get_one(Round, record.round_id)
        fixed |= {
            "round_id": record.round_id,
            "zone_slug": db.session.get_one(Zone, round_.zone_id).slug,
            "time_zone": time_zone_of(record).key,
            "published_at": _utc(record.published_at),
            "number_source": record.number_source,
            "number_known_from": _utc(record.number_known_from),
        }
    return fixed


def announced_in_advance(record: DrawRecord) -> bool:
    """The number was announced before the list was made (`start_draw`'s seed), not
    entered after its publication."""
    return record.public_number is not None and record.number_entered_at is None


def list_fingerprint(record: DrawRecord, rule: str = PUBLIC_FORMAT) -> str:
    """The fingerprint published with the list: SHA-256 of the facts stored at its
    publication (format /5), or of `covered` (/4 and /3, older lists)."""
    if rule == PUBLIC_FORMAT:
        return hashlib.sha256(lottery.canonical(record.published_facts or {})).hexdigest()
    return hashlib.sha256(lottery.canonical(covered(record, rule))).hexdigest()


def published_facts(record: DrawRecord, round_: Round) -> dict:
    """Every field of the public record known when the list is published, as it is
    published (format /5): stored with the draw and never computed again, so that renaming
    the round or the zone, changing an answer's label, the platform's time zone or its
    address, or a reader's language changes no fingerprint. Its SHA-256 is the fingerprint."""
    facts = {
        "format": PUBLIC_FORMAT,
        # The labels as the draw stored them; the lists set aside before this one.
        **_record_fields(record, round_, lambda q: q["label"], lambda d: d.id < record.id),
    }
    if facts["number_announced"]:
        # Announced before the list was made: known at its publication, so covered too.
        facts["number"] = record.public_number
    return facts


def _record_fields(
    record: DrawRecord,
    round_: Round,
    label: Callable[[dict], str],
    listed: Callable[[DrawRecord], bool],
) -> dict:
    """The public record's fields known at the publication, with each quota's `label`
    and the round's lists set aside that are `listed`."""
    zone = db.session.get_one(Zone, round_.zone_id)
    time_zone = time_zone_of(record)
    fingerprinted = covered(record, MIX_FORMAT)
    return {
        "zone": zone.name,
        # The page's address ends in /<zone_slug>/rounds/<round_id>/draw.
        "zone_slug": zone.slug,
        "round_id": round_.id,
        "time_zone": time_zone.key,
        "round": round_.title,
        "group_size": record.group_size,
        "quotas": [
            {"label": label(q), "min": q["min"], "max": q["max"], "sensitive": hidden}
            for q, hidden in zip(record.quotas, sensitive_quotas(record), strict=True)
        ],
        "groups": fingerprinted["groups"],
        "published_at": record_time(record.published_at, time_zone),
        "number_source": record.number_source,
        # From when the source's number is known: no number is accepted before it.
        "number_known_from": record_time(record.number_known_from, time_zone),
        "number_announced": announced_in_advance(record),
        "answers": fingerprinted["answers"],
        "chances": fingerprinted["chances"],
        "lowest_chance": record.min_probability,
        "largest_deviation": record.max_deviation,
        "left_out_recently_seated": len(record.left_out),
        "algorithm": record.method,
        # Nothing is ever hidden, so anyone can see whether a list was set aside once its
        # number was known.
        "discarded_lists": [
            discarded_summary(d, zone.slug) for d in discarded_draws(round_) if listed(d)
        ],
    }


def record_format(record: DrawRecord) -> str | None:
    """The rule the draw's fingerprint was made with: /5 for lists published since it
    covers every field known at publication, /4 for those that covered the source and
    the times, /3 for those that covered the quotas, /2 for older ones (the groups
    alone); None when the stored list gives none of them (it is not the list that was
    published)."""
    if record.published_facts:
        facts = record.published_facts
        same_list = facts.get("groups") == public_panels(record)
        if same_list and record.list_hash == list_fingerprint(record):
            return PUBLIC_FORMAT
        return None
    # The older rules first: they need no query (the pages ask outside a request too).
    if record.list_hash == lottery.list_hash(public_panels(record)):
        return LIST_ONLY_FORMAT
    if record.list_hash == list_fingerprint(record, MIX_FORMAT):
        return MIX_FORMAT
    if record.list_hash == list_fingerprint(record, SOURCE_FORMAT):
        return SOURCE_FORMAT
    return None


def public_record(record: DrawRecord, round_: Round) -> dict:
    """What anyone may download to check the draw: the published list of groups under
    per-draw aliases, its hash, the public number and the group it picks. No names, no
    lasting ids; for a mix with a sensitive answer no answers and no chances per person
    (see the README, "A draw anyone can check")."""
    if not has_list(record):
        raise NoPublicRecord(_l("This draw has no public record."))
    alias = alias_for(record)
    picked = record.status is DrawStatus.DONE
    zone_ = time_zone_of(record)
    after = {
        "list_sha256": record.list_hash,
        "number": record.public_number if picked else None,
        "number_entered_at": record_time(record.number_entered_at, zone_) if picked else None,
        "index": record.pick_index if picked else None,
        "selected": sorted(alias(pid) for pid in record.selected) if picked else None,
        # Set when this list itself was discarded before its pick (see draws.discard).
        "discarded_at": record_time(record.discarded_at, zone_),
        "discard_reason": record.discard_reason,
        # Who was replaced after the pick, in order (not in the fingerprint: they come
        # after it); a replacement cannot be re-done from public data (see the page).
        "replacements": public_replacements(record) if picked else [],
    }
    if record.published_facts:
        # Format /5: the facts as published (a number announced in advance among them).
        return {**after, **record.published_facts}
    return older_public_record(record, round_, after)


def older_public_record(record: DrawRecord, round_: Round, after: dict) -> dict:
    """The public record of a list published before format /5, computed as it was then
    (its fingerprint covers only part of it, see `covered`): the labels in the reader's
    language, every other list of the round set aside."""
    labels = _labels(round_.zone_id)
    return {
        "format": record_format(record) or SOURCE_FORMAT,
        **_record_fields(
            record,
            round_,
            lambda q: labels.get(int(q["value"]), q["label"]),
            lambda d: d.id != record.id,
        ),
        **after,
    }


def public_replacements(record: DrawRecord) -> list[dict]:
    """Each replacement under this draw's aliases: who left the group, why (declined,
    expired, ...), when, and who took the seat (None: nobody fitted the mix)."""
    alias = alias_for(record)
    return [
        {
            "for": alias(entry["for"]),
            "reason": entry.get("reason"),
            "at": (
                record_time(datetime.fromisoformat(entry["at"]), time_zone_of(record))
                if entry.get("at")
                else None
            ),
            "chosen": alias(entry["chosen"]) if entry.get("chosen") else None,
            # How it was drawn: at random among this many people of the pool who were
            # free to be asked (then only those who keep the mix); who they were is not
            # public, so it cannot be redone from the record.
            "method": "random among the free pool members who keep the quotas",
            "candidates": entry.get("candidates"),
        }
        for entry in record.replacements
    ]


def discarded_summary(record: DrawRecord, zone_slug: str) -> dict:
    """A discarded list in the public record: its fingerprint, source, times, reason."""
    return {
        "list_sha256": record.list_hash,
        "groups": len(record.panels),
        "number_source": record.number_source,
        "published_at": record_time(record.published_at, time_zone_of(record)),
        "discarded_at": record_time(record.discarded_at, time_zone_of(record)),
        "reason": record.discard_reason,
        "record": absolute_url(
            "consultations.discarded_draw_record",
            zone_slug=zone_slug,
            round_id=record.round_id,
            draw_id=record.id,
        ),
    }


def discarded_draws(round_: Round) -> list[DrawRecord]:
    """The round's lists discarded before their pick, oldest first (all public)."""
    return _draws(round_, DrawStatus.DISCARDED)


def failed_draws(round_: Round) -> list[DrawRecord]:
    """The round's draws that could not be made, oldest first. Public, each with its
    time and quotas (never why, nor a count): quotas tried at the draw to learn about
    one person's sensitive answer leave a lasting trace on the round's page."""
    return _draws(round_, DrawStatus.FAILED)


def _draws(round_: Round, status: DrawStatus) -> list[DrawRecord]:
    return list(
        db.session.scalars(
            select(DrawRecord)
            .where(DrawRecord.round_id == round_.id, DrawRecord.status == status)
            .order_by(DrawRecord.id)
        )
    )


def fingerprint(record: DrawRecord) -> str | None:
    """The published list's SHA-256, shown on the round page; None without a list."""
    return record.list_hash if has_list(record) else None


def own_alias(record: DrawRecord | None, pseudonym: str) -> str | None:
    """A person's own code in the draw's public list, shown to them alone."""
    if record is None or not has_list(record):
        return None
    return alias_for(record)(pseudonym)


@dataclass(frozen=True)
class OwnPart:
    """What the check page tells one logged-in pool member about themselves, and no one
    else: their code, whether they were in the list, their chance, and whether they are
    in the group (and came in as a replacement)."""

    code: str
    in_list: bool
    chance: float | None
    recently_seated: bool
    in_group: bool
    replacement: bool


def own_part(record: DrawRecord | None, pseudonym: str, seat: Seat | None) -> OwnPart | None:
    """The person's own part in the draw (see `OwnPart`); None without a public list."""
    if record is None or not has_list(record):
        return None
    in_list = any(pseudonym in group for group in record.profiles)
    holding = seat is not None and seat.status in (SeatStatus.INVITED, SeatStatus.ACCEPTED)
    return OwnPart(
        code=alias_for(record)(pseudonym),
        in_list=in_list,
        chance=record.probabilities.get(pseudonym) if in_list else None,
        recently_seated=pseudonym in record.left_out,
        in_group=holding or (record.status is DrawStatus.DONE and pseudonym in record.selected),
        replacement=holding and bool(seat and seat.replacement),
    )


def public_draw(round_: Round) -> DrawRecord | None:
    """The draw the public pages explain: the round's latest one with a published list
    or a group."""
    return db.session.scalar(
        select(DrawRecord)
        .where(
            DrawRecord.round_id == round_.id,
            DrawRecord.status.in_([DrawStatus.PUBLISHED, DrawStatus.DONE]),
        )
        .order_by(DrawRecord.id.desc())
    )
