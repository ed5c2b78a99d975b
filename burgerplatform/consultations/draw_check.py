"""Checking a draw: today's pool against the fingerprint taken at the draw, aliases that
hold for one draw only, and the public record with which anyone can reproduce the group
(`static/check_draw.py` is the script that does it, with Python's standard library only).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from burgerplatform.consultations import pool, sortition
from burgerplatform.consultations.models import (
    DrawRecord,
    DrawStatus,
    PoolCategory,
    PoolMember,
    Round,
)
from burgerplatform.consultations.queries import group_is_final
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone

PUBLIC_FORMAT = "burgerplatform-draw/1"


class PoolChanged(DomainError):
    """The pool in the database is no longer the pool the draw chose from."""


class NoPublicRecord(DomainError):
    """The draw did not finish, or was made before public records were kept."""


class RecordWithheld(NoPublicRecord):
    """The draw followed a quota on a sensitive answer (health, care, disability): its
    record is not published. An outside review showed why: from the profile sizes, the
    chances and the groups, a short search recovers each profile's hidden answer, so
    "null" per person protects nothing. Staff keep the full record (`staff_record`)."""


def withheld(record: DrawRecord) -> bool:
    """Whether the record stays with staff because a quota is about a sensitive answer
    (the rule is the record's own, so the round page and this module agree)."""
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
            _l(
                "The pool has changed since this draw: %(num)d of the %(total)d people it chose "
                "from are no longer in it. The draw cannot be replayed from today's pool.",
                num=missing,
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
    """The group the stored pool, distribution and seed give: the same as drawn, every
    time; refused (`PoolChanged`) when the pool is no longer the one the draw saw."""
    check_pool(record)
    rows, _missing = pool_snapshot(record)
    rules = [
        sortition.QuotaRule(q["category"], q["value"], False, q["min"], q["max"], q["label"])
        for q in record.quotas
    ]
    if sortition.profiles(rows, rules) != record.profiles:
        raise PoolChanged(_l("The stored profiles do not follow from the pool the draw saw."))
    return sorted(sortition.pick(record.profiles, record.distribution, record.seed))


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


def canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def record_hash(profiles: list[dict]) -> str:
    """The fingerprint of the public record's list of people (what check_draw.py checks)."""
    return hashlib.sha256(canonical(profiles)).hexdigest()


def _band(figure: dict) -> dict:
    return {k: figure[k] for k in ("count", "fewer_than", "at_least") if figure[k] is not None}


def public_profiles(record: DrawRecord) -> list[dict]:
    """The people of each profile (aliases, in the draw's order: the pick depends on it)
    and their answers to the quotas; a sensitive answer is never given (null)."""
    if record.status is not DrawStatus.DONE or len(record.profile_answers) != len(record.profiles):
        raise NoPublicRecord(_l("This draw has no public record."))
    if withheld(record):
        raise RecordWithheld(
            _l("This draw has no public record, to protect answers about health and care.")
        )
    alias = alias_for(record)
    hidden = sensitive_quotas(record)
    return [
        {
            "people": [alias(pid) for pid in group],
            "answers": [None if hidden[i] else bool(a) for i, a in enumerate(answers)],
        }
        for group, answers in zip(record.profiles, record.profile_answers, strict=True)
    ]


def _labels(zone_id: int) -> dict[int, str]:
    """Each answer's label in the reader's language (the record keeps the worker's)."""
    return {
        v.id: f"{c.display_label}: {v.display_label}"
        for c in pool.categories_by_id(zone_id).values()
        for v in c.values
    }


def public_record(record: DrawRecord, round_: Round) -> dict:
    """What anyone may download to check the draw: no names, no lasting ids, no sensitive
    answer per person, and sensitive totals only as the pool's rule allows
    (`pool.sensitive_figure`: "fewer than 5" rather than a small count)."""
    profiles = public_profiles(record)
    alias = alias_for(record)
    hidden = sensitive_quotas(record)
    drawn = set(record.selected)
    labels = _labels(round_.zone_id)
    quotas = []
    for i, q in enumerate(record.quotas):
        label = labels.get(int(q["value"]), q["label"])
        entry = {"label": label, "min": q["min"], "max": q["max"], "sensitive": hidden[i]}
        if hidden[i]:
            in_pool = sum(
                len(g) for g, a in zip(record.profiles, record.profile_answers, strict=True) if a[i]
            )
            in_group = sum(
                1
                for g, a in zip(record.profiles, record.profile_answers, strict=True)
                if a[i]
                for pid in g
                if pid in drawn
            )
            size = sum(len(g) for g in record.profiles)
            entry["people_in_pool"] = _band(
                pool.sensitive_figure(in_pool, size, True, q["min"], q["max"])
            )
            # As for the seated group: nothing until the group is final, then a band.
            figure = pool.sensitive_figure(
                in_group, len(drawn), group_is_final(round_), q["min"], q["max"]
            )
            entry["people_drawn"] = _band(figure) if figure["published"] else None
            entry["met"] = figure["met"]
        quotas.append(entry)
    chances = {alias(pid): p for pid, p in record.probabilities.items()}
    return {
        "format": PUBLIC_FORMAT,
        "zone": db.session.get_one(Zone, round_.zone_id).name,
        "round": round_.title,
        "drawn_at": record.finished_at.isoformat() if record.finished_at else None,
        "group_size": record.group_size,
        "quotas": quotas,
        "profiles": profiles,
        "record_sha256": record_hash(profiles),
        "distribution": record.distribution,
        "seed": record.seed,
        "chances": dict(sorted(chances.items())),
        "lowest_chance": record.min_probability,
        "selected": sorted(alias(pid) for pid in record.selected),
        "left_out_recently_seated": len(record.left_out),
        "algorithm": record.algorithm,
    }


def fingerprint(record: DrawRecord) -> str | None:
    """The public record's fingerprint, shown on the round page; None without a record."""
    try:
        return record_hash(public_profiles(record))
    except NoPublicRecord:
        return None


def public_draw(round_: Round) -> DrawRecord | None:
    """The draw the public pages explain: the round's latest one that finished."""
    return db.session.scalar(
        select(DrawRecord)
        .where(DrawRecord.round_id == round_.id, DrawRecord.status == DrawStatus.DONE)
        .order_by(DrawRecord.id.desc())
    )


def staff_record(record: DrawRecord) -> dict:
    """The staff's full audit record. People appear under this draw's aliases only (a
    lasting pseudonym would let staff, who see who is invited, follow a person across
    draws). Exact numbers stay where staff need them: the profile lists (the draw cannot
    be replayed without them) and a failed draw's message (to set a minimum the pool can
    meet, staff must know by how much it fell short); no answer per person is given."""
    alias = alias_for(record)
    replay_refused = None
    replayed: list[str] | None = None
    if record.distribution:
        try:
            replayed = sorted(alias(pid) for pid in replay(record))
        except PoolChanged as error:
            replay_refused = str(error.message)
    return {
        "round": record.round_id,
        "status": record.status.value,
        "seed": record.seed,
        "group_size": record.group_size,
        "pool_snapshot_sha256": record.pool_hash,
        "pool_matches_snapshot": replay_refused is None if record.distribution else None,
        "pool_size": record.pool_size,
        "quotas": record.quotas,
        "rotation": record.rotation,
        "algorithm": record.algorithm,
        "probabilities": {alias(pid): p for pid, p in sorted(record.probabilities.items())},
        "profiles": [[alias(pid) for pid in group] for group in record.profiles],
        "distribution": record.distribution,
        "selected": sorted(alias(pid) for pid in record.selected),
        "left_out_by_rotation": sorted(alias(pid) for pid in record.left_out),
        "left_out_consent": record.left_out_consent,
        "replacements": [
            {
                **entry,
                "for": alias(entry["for"]),
                "chosen": alias(entry["chosen"]) if entry.get("chosen") else None,
            }
            for entry in record.replacements
        ],
        "error": record.error_message,
        "replay": replayed,
        "replay_refused": replay_refused,
    }
