"""Fair, stratified sortition as pure functions: no database, no clock, no I/O.

Maximin (Flanigan et al., Nature 2021) gives a probability distribution over panels
that meet the quotas and maximises the lowest chance any eligible person has. We solve
it on answer profiles (see `maximin`): a distribution over compositions (seats per
profile), then a uniform pick within each profile. The distribution is stored in a
canonical order and the pick made with our own `random.Random(seed)`, so replaying a
draw is picking again from the stored profiles and distribution with the stored seed.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import Any, NamedTuple

from flask_babel import lazy_gettext as _l

from burgerplatform.consultations import maximin

ALGORITHM = "maximin over answer profiles"
UNKNOWN = "-"  # the value of a person who did not answer (or rather not say)


@dataclass(frozen=True)
class PoolRow:
    """One eligible pool member: a pseudonymous id and their value per category.

    `features` maps a category key to a set of value keys (one for a single-answer
    category, any number for a multiple-answer one).
    """

    pid: str
    features: dict[str, frozenset[str]]


@dataclass(frozen=True)
class QuotaRule:
    category: str
    value: str
    multiple: bool
    min: int
    max: int
    label: str = ""


@dataclass
class DrawResult:
    selected: list[str]
    probabilities: dict[str, float]
    # People per answer profile, and the distribution over compositions (seats per
    # profile) the group was picked from: with the seed, enough to replay the draw.
    profiles: list[list[str]]
    distribution: list[tuple[list[list[int]], float]]
    algorithm: str
    pool_hash: str
    left_out: list[str] = field(default_factory=list)


class Message(NamedTuple):
    """A message kept untranslated (English text and its values), so that it can be
    stored and shown later in each reader's own language."""

    text: str
    params: dict[str, Any]


def N_(text: str, **params: Any) -> Message:  # noqa: N802 - Babel's marker for extraction
    return Message(text, params)


class DrawError(Exception):
    """The quotas cannot be met; the message says which and by how much."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text % message.params)
        self.text, self.params = message
        self.message = _l(self.text, **self.params)


def algorithm_name() -> str:
    return f"{ALGORITHM} (Flanigan et al. 2021), HiGHS {version('highspy')}"


def pool_hash(rows: Iterable[PoolRow]) -> str:
    """sha256 of a canonical JSON of pseudonymous ids and their features."""
    canonical = [
        [row.pid, {k: sorted(v) for k, v in sorted(row.features.items())}]
        for row in sorted(rows, key=lambda r: r.pid)
    ]
    data = json.dumps(canonical, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def has_value(row: PoolRow, quota: QuotaRule) -> bool:
    return quota.value in row.features.get(quota.category, frozenset())


def check_feasible(rows: list[PoolRow], quotas: list[QuotaRule], size: int) -> None:
    """Catch the impossible quotas up front, with a message a person can act on.

    The messages are stored untranslated and read in each reader's language later, so
    they carry no plural forms: they are worded so that any number reads right ("Seats
    in the group: 1", never "1 seats"). The catalogues keep the older wordings, for
    draws that failed before."""
    if size < 1:
        raise DrawError(N_("The group needs at least one seat."))
    if len(rows) < size:
        raise DrawError(
            N_(
                "Seats in the group: %(size)d. People in the pool who can be drawn: %(count)d "
                "(%(short)d short).",
                size=size,
                count=len(rows),
                short=size - len(rows),
            )
        )
    for q in quotas:
        if q.min > q.max:
            raise DrawError(
                N_(
                    "The quota “%(label)s” asks for at least %(min)d but at most %(max)d.",
                    label=q.label,
                    min=q.min,
                    max=q.max,
                )
            )
        count = sum(1 for r in rows if has_value(r, q))
        if q.min > count:
            raise DrawError(
                N_(
                    "The quota “%(label)s” asks for at least %(min)d. People in the pool who can "
                    "be drawn with this answer: %(count)d (%(short)d short).",
                    label=q.label,
                    min=q.min,
                    count=count,
                    short=q.min - count,
                )
            )
        if q.min > size:
            raise DrawError(
                N_(
                    "The quota “%(label)s” asks for at least %(min)d, but the group has only "
                    "%(size)d in all.",
                    label=q.label,
                    min=q.min,
                    size=size,
                )
            )
        without = len(rows) - count
        if size - q.max > without:
            raise DrawError(
                N_(
                    "The quota “%(label)s” allows at most %(max)d, but then the rest of the group "
                    "cannot be filled (%(short)d short).",
                    label=q.label,
                    max=q.max,
                    short=size - q.max - without,
                )
            )
    by_category: dict[str, list[QuotaRule]] = {}
    for q in quotas:
        if not q.multiple:
            by_category.setdefault(q.category, []).append(q)
    for qs in by_category.values():
        total = sum(q.min for q in qs)
        if total > size:
            raise DrawError(
                N_(
                    "Together, the minimums for “%(labels)s” add up to %(total)d, but the group "
                    "has only %(size)d in all (%(short)d too many).",
                    labels=", ".join(q.label for q in qs),
                    total=total,
                    size=size,
                    short=total - size,
                )
            )


def meets_quotas(group: list[PoolRow], quotas: list[QuotaRule]) -> bool:
    return all(q.min <= sum(1 for r in group if has_value(r, q)) <= q.max for q in quotas)


def profiles(rows: list[PoolRow], quotas: list[QuotaRule]) -> list[list[str]]:
    """People grouped by their answers to the quota questions, in a canonical order.

    People of one profile are interchangeable for the quotas (see `maximin`).
    """
    grouped: dict[tuple[bool, ...], list[str]] = {}
    for row in rows:
        grouped.setdefault(tuple(has_value(row, q) for q in quotas), []).append(row.pid)
    return sorted((sorted(pids) for pids in grouped.values()), key=lambda pids: pids[0])


def compute_distribution(
    rows: list[PoolRow],
    quotas: list[QuotaRule],
    size: int,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[list[str]], list[tuple[list[list[int]], float]]]:
    """The profiles and the maximin distribution over compositions.

    A composition is stored as [[profile index, seats], ...] for the profiles with seats.
    """
    groups = profiles(rows, quotas)
    by_pid = {row.pid: row for row in rows}
    first_of = [by_pid[pids[0]] for pids in groups]
    limits = [
        maximin.Limit(tuple(t for t, row in enumerate(first_of) if has_value(row, q)), q.min, q.max)
        for q in quotas
    ]
    sizes = [len(pids) for pids in groups]
    try:
        solution = maximin.solve(sizes, limits, size, progress)
    except maximin.Infeasible as error:
        clash = [quotas[i] for i in maximin.conflicting(sizes, limits, size)]
        raise DrawError(
            N_(
                "In a group of %(size)d, these quotas cannot all be met together: %(detail)s. "
                "Lower one of their minimums, raise one of their maximums, or change the "
                "group size.",
                size=size,
                detail="; ".join(f"{q.label} ({q.min}–{q.max})" for q in clash),
            )
        ) from error
    except maximin.SolverFailed as error:
        raise DrawError(
            N_(
                "The calculation of everyone's chance did not finish properly (%(detail)s), so "
                "nobody was drawn. Try the draw again; if this keeps happening, tell the "
                "platform's administrators.",
                detail=str(error),
            )
        ) from error
    distribution = sorted(
        (
            [[t, seats] for t, seats in enumerate(composition) if seats],
            round(p, 12),
        )
        for composition, p in solution.distribution
    )
    return groups, distribution


def person_probabilities(
    groups: list[list[str]], distribution: list[tuple[list[list[int]], float]]
) -> dict[str, float]:
    """Each person's chance: the expected seats of their profile over its size."""
    seats = [0.0] * len(groups)
    for composition, p in distribution:
        for t, count in composition:
            seats[t] += p * count
    chances = {pid: seats[t] / len(pids) for t, pids in enumerate(groups) for pid in pids}
    return {pid: round(c, 6) for pid, c in sorted(chances.items())}


def pick(
    groups: list[list[str]], distribution: list[tuple[list[list[int]], float]], seed: int
) -> list[str]:
    """Pick a composition from the stored distribution, then that many people within each
    profile, with our own seeded generator: the same inputs give the same group."""
    rng = random.Random(seed)
    point = rng.random() * sum(p for _composition, p in distribution)
    chosen = distribution[-1][0]
    for composition, p in distribution:
        point -= p
        if point < 0:
            chosen = composition
            break
    group: list[str] = []
    for t, count in chosen:
        group.extend(rng.sample(groups[t], count))
    return group


def draw(
    rows: list[PoolRow],
    quotas: list[QuotaRule],
    size: int,
    seed: int,
    recently_seated: set[str] | None = None,
    fallback: bool = False,
    progress: Callable[[int], None] | None = None,
) -> DrawResult:
    """Draw a group of `size` from `rows`, leaving out the recently seated (rotation).

    With `fallback`, the recently seated come back only when the quotas cannot be met
    without them.
    """
    recently_seated = recently_seated or set()
    eligible = [r for r in rows if r.pid not in recently_seated]
    left_out = sorted(r.pid for r in rows if r.pid in recently_seated)
    try:
        check_feasible(eligible, quotas, size)
    except DrawError:
        if not (fallback and left_out):
            raise
        check_feasible(rows, quotas, size)
        eligible, left_out = list(rows), []
    groups, distribution = compute_distribution(eligible, quotas, size, progress)
    return DrawResult(
        selected=sorted(pick(groups, distribution, seed)),
        probabilities=person_probabilities(groups, distribution),
        profiles=groups,
        distribution=distribution,
        algorithm=algorithm_name(),
        pool_hash=pool_hash(eligible),
        left_out=left_out,
    )


def replacement(
    seated: list[PoolRow],
    candidates: list[PoolRow],
    quotas: list[QuotaRule],
    seed: int,
) -> PoolRow | None:
    """One person from `candidates` such that the group still meets every quota.

    Uniform among those who fit, with a seeded generator so the audit can replay it.
    """
    fitting = [
        c for c in sorted(candidates, key=lambda r: r.pid) if meets_quotas([*seated, c], quotas)
    ]
    if not fitting:
        return None
    return random.Random(seed).choice(fitting)


def rotation_exclusions(history: dict[str, list[int]], current: int, last_rounds: int) -> set[str]:
    """People seated in one of the `last_rounds` rounds before round number `current`."""
    return {
        pid
        for pid, seated in history.items()
        if any(current - last_rounds <= n < current for n in seated)
    }
