"""The staff's audit record of a draw (`audit.json`), and what the server checks for them
where the record cannot show its data: for a mix with a quota on a sensitive answer the
record gives no more than the public one (see the README, "A mix with sensitive answers")."""

from __future__ import annotations

from typing import Any

from burgerplatform.consultations import sortition
from burgerplatform.consultations.draw_check import (
    PoolChanged,
    alias_for,
    check_pool,
    pool_snapshot,
    record_time,
    replay,
    sensitive_quotas,
)
from burgerplatform.consultations.models import DrawRecord
from burgerplatform.consultations.pool_changes import answers_at_draw, rules_of

# What audit.json keeps for a mix with a sensitive quota: an allow-list, so that a field
# added to the full record later stays out until someone decides it tells nothing about
# a sensitive answer. Left out: the chances per person, the profiles (their sizes are the
# exact counts of each mix of answers, say sign-language users in Bornem) and the
# distribution over them; the server's checks below say what staff needed them for.
SHOWN_FOR_A_SENSITIVE_MIX = (
    "round",
    "status",
    "seed",
    "group_size",
    "pool_snapshot_sha256",
    "pool_matches_snapshot",
    "pool_size",
    "quotas",
    "rotation",
    "algorithm",
    "published_list_sha256",
    "published_at",
    "groups_in_list",
    "largest_deviation",
    "number_source",
    "number",
    "index",
    "selected",
    "left_out_by_rotation",
    "left_out_consent",
    "replacements",
    "error",
    "replay",
    "replay_refused",
)


def staff_record(record: DrawRecord) -> dict[str, Any]:
    """The staff's audit record. People appear under this draw's aliases only (a lasting
    pseudonym would let staff, who see who is invited, follow a person across draws); no
    answer per person is given. Without a sensitive quota it has the profile lists, the
    chances and the distribution, to replay the draw by hand. With one (or a quota
    recorded before the flag existed) it has none of them, and the server says instead
    whether the replay picks the same group and whether every group meets every quota."""
    full = _full_record(record)
    if not any(sensitive_quotas(record)):
        return full
    kept = {key: full[key] for key in SHOWN_FOR_A_SENSITIVE_MIX}
    return kept | {
        "withheld": ["probabilities", "profiles", "distribution"],
        "replay_picks_same_group": (
            None
            if full["replay"] is None or not record.selected
            else full["replay"] == full["selected"]
        ),
        "all_groups_meet_all_quotas": groups_meet_quotas(record),
    }


def _full_record(record: DrawRecord) -> dict[str, Any]:
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
        # The method as the draw's pages name it; None when no chances were worked out.
        "algorithm": record.method,
        "probabilities": {alias(pid): p for pid, p in sorted(record.probabilities.items())},
        "profiles": [[alias(pid) for pid in group] for group in record.profiles],
        "distribution": record.distribution,
        "published_list_sha256": record.list_hash or None,
        "published_at": record_time(record.published_at),
        "groups_in_list": len(record.panels),
        "largest_deviation": record.max_deviation,
        "number_source": record.number_source,
        "number": record.public_number,
        "index": record.pick_index,
        "selected": sorted(alias(pid) for pid in record.selected),
        "left_out_by_rotation": sorted(alias(pid) for pid in record.left_out),
        "left_out_consent": record.left_out_consent,
        "replacements": [
            {
                # Not the answers a replacement was drawn with: no answer per person here.
                **{k: v for k, v in entry.items() if k != "answers"},
                "for": alias(entry["for"]),
                "chosen": alias(entry["chosen"]) if entry.get("chosen") else None,
            }
            for entry in record.replacements
        ],
        "error": record.error_message,
        "replay": replayed,
        "replay_refused": replay_refused,
    }


def groups_meet_quotas(record: DrawRecord) -> bool | None:
    """Whether every group of the published list (for a draw made before lists: the
    picked group) has the group's size in distinct people of the draw's pool and meets
    every quota of the record, a yes or no that never says which group or person. The
    answers are the pool's as stored now when it still gives the draw's fingerprint
    (which proves they are the draw's), else those the record kept at the draw. None
    when there is no group, or the answers are no longer known."""
    groups = record.panels or ([record.selected] if record.selected else [])
    answers = _answers_as_drawn(record)
    if not groups or answers is None:
        return None
    for group in groups:
        if len(group) != record.group_size or len(set(group)) != len(group):
            return False
        if any(pid not in answers for pid in group):
            return False
        for i, quota in enumerate(record.quotas):
            if not quota["min"] <= sum(answers[pid][i] for pid in group) <= quota["max"]:
                return False
    return True


def _answers_as_drawn(record: DrawRecord) -> dict[str, list[bool]] | None:
    try:
        check_pool(record)
    except PoolChanged:
        kept = answers_at_draw(record)
        return kept or None
    rows, _missing = pool_snapshot(record)
    rules = rules_of(record)
    return {row.pid: [sortition.has_value(row, q) for q in rules] for row in rows}
