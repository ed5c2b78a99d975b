"""What changed in the pool since a draw's list was published: who left, who can no
longer be drawn, who changed their answers to the mix's questions, who joined. Staff
see it before they enter the number; the pick itself replaces whoever is gone."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from burgerplatform.consultations import pool, rotation, sortition
from burgerplatform.consultations.draw_check import pool_rows
from burgerplatform.consultations.models import DrawRecord, PoolCategory, PoolMember, Round
from burgerplatform.extensions import db


@dataclass(frozen=True)
class PoolSinceList:
    """Counts only: the staff page never names who left or changed answers."""

    total: int  # the people the list was made from
    left: int  # left the pool since
    not_eligible: int  # still in it, but not drawn now (not agreed to the new text)
    changed: int  # changed their answers to the mix's questions that are not sensitive
    # Someone of the list changed an answer outside the mix, or a sensitive answer of the
    # mix: a yes or no, never a count (the list keeps only the mix's answers; unknown once
    # someone left). A count of changed sensitive answers that moved by one as a known
    # person updated their answers would tell that they changed one (outside review).
    other_answers: bool
    joined: int  # can be drawn now but were not in the list's pool

    @property
    def gone(self) -> int:
        return self.left + self.not_eligible

    @property
    def any(self) -> bool:
        return bool(self.gone or self.changed or self.other_answers or self.joined)


def rules_of(record: DrawRecord) -> list[sortition.QuotaRule]:
    """The quotas as the draw recorded them (in the order of its profile answers)."""
    return [
        sortition.QuotaRule(
            q["category"],
            q["value"],
            False,
            q["min"],
            q["max"],
            q["label"],
            # A quota recorded before the flag existed counts as sensitive.
            sensitive=q.get("sensitive", True),
        )
        for q in record.quotas
    ]


def answers_at_draw(record: DrawRecord) -> dict[str, list[bool]]:
    """Each person of the list's pool: their answer to each quota when the list was made
    (empty for records made before profile answers were kept)."""
    if len(record.profile_answers) != len(record.profiles):
        return {}
    return {
        pid: [bool(a) for a in answers]
        for group, answers in zip(record.profiles, record.profile_answers, strict=True)
        for pid in group
    }


def quota_answers_at_draw(record: DrawRecord) -> dict[str, set[int]]:
    """Per person the draw chose from or drew later as a replacement: the answers (value
    ids) among the draw's quotas as the draw saw them. The group's composition is counted
    with these, so that a published figure does not move when someone changes an answer
    later (records made before answers were kept give fewer people)."""
    values = [int(q["value"]) for q in record.quotas]
    seen = {
        pid: {v for v, has in zip(values, answers, strict=True) if has}
        for pid, answers in answers_at_draw(record).items()
    }
    for entry in record.replacements:
        if entry.get("chosen") and "answers" in entry:
            seen[entry["chosen"]] = {
                v for v, has in zip(values, entry["answers"], strict=True) if has
            }
    return seen


def rows_as_drawn(
    record: DrawRecord | None, members: list[PoolMember], categories: dict[int, PoolCategory]
) -> list[sortition.PoolRow]:
    """`members` as the draw saw them for its quotas; today's answers for anyone it did
    not see (and for every answer outside its quotas)."""
    rows = pool_rows(members, categories)
    seen = quota_answers_at_draw(record) if record is not None else {}
    if not seen:
        return rows
    value_category = {v.id: str(c.id) for c in categories.values() for v in c.values}
    known = {int(q["value"]) for q in record.quotas} if record is not None else set()
    as_drawn = []
    for row in rows:
        if row.pid in seen:
            features = {k: {v for v in vs if int(v) not in known} for k, vs in row.features.items()}
            for value in seen[row.pid]:
                if value in value_category:
                    features.setdefault(value_category[value], set()).add(str(value))
            row = sortition.PoolRow(row.pid, {k: frozenset(v) for k, v in features.items() if v})
        as_drawn.append(row)
    return as_drawn


def row_at_draw(record: DrawRecord, pid: str) -> sortition.PoolRow | None:
    """A person as the quotas saw them at the draw (who left has no answers any more)."""
    answers = answers_at_draw(record).get(pid)
    if answers is None:
        return None
    features: dict[str, set[str]] = {}
    for rule, has in zip(rules_of(record), answers, strict=True):
        if has:
            features.setdefault(rule.category, set()).add(rule.value)
    return sortition.PoolRow(pid, {k: frozenset(v) for k, v in features.items()})


def since_published(record: DrawRecord) -> PoolSinceList:
    round_ = db.session.get_one(Round, record.round_id)
    pids = {pid for group in record.profiles for pid in group}
    members = {
        m.pseudonym: m
        for m in db.session.scalars(
            select(PoolMember)
            .where(PoolMember.zone_id == round_.zone_id)
            .options(selectinload(PoolMember.answers))
        )
    }
    eligible = {m.pseudonym for m in pool.eligible_members_of(round_.zone_id)[0]}
    left = {pid for pid in pids if pid not in members or members[pid].left_at is not None}
    not_eligible = {pid for pid in pids - left if pid not in eligible}
    categories = pool.categories_by_id(round_.zone_id)
    rules, then = rules_of(record), answers_at_draw(record)
    plain = [not _sensitive(q, categories) for q in rules]
    changed, sensitive_changed = 0, False
    for row in pool_rows([members[pid] for pid in sorted(pids - left)], categories):
        if row.pid not in then:
            continue
        moved_answers = [
            sortition.has_value(row, q) != had for q, had in zip(rules, then[row.pid], strict=True)
        ]
        changed += any(m and p for m, p in zip(moved_answers, plain, strict=True))
        sensitive_changed |= any(m and not p for m, p in zip(moved_answers, plain, strict=True))
    # The list's pool with each person's answers to the mix's questions put back as the
    # list saw them: if its fingerprint still moved, someone changed another answer. The
    # list keeps no other answers, so that is a yes or no, not a count; and once someone
    # has left, the fingerprint cannot be rebuilt at all (their answers are gone).
    stored = rows_as_drawn(
        record, [members[pid] for pid in sorted(pids) if pid in members], categories
    )
    moved = bool(record.pool_hash) and sortition.pool_hash(stored) != record.pool_hash
    return PoolSinceList(
        total=len(pids),
        left=len(left),
        not_eligible=len(not_eligible),
        changed=changed,
        other_answers=(moved or sensitive_changed) and not left,
        joined=len(_drawable_now(round_) - pids - set(record.left_out)),
    )


def _sensitive(rule: sortition.QuotaRule, categories: dict[int, PoolCategory]) -> bool:
    # As the draw recorded it, or as the question is now (a question made sensitive since
    # the list is protected too; a category gone counts as sensitive).
    category = categories.get(int(rule.category))
    return rule.sensitive or category is None or category.sensitive


def _drawable_now(round_: Round) -> set[str]:
    # Who a draw could pick today: people waiting to answer another round's invitation
    # were left out of the list too, and are not "joined".
    return {m.pseudonym for m in rotation.drawable_members(round_)}
