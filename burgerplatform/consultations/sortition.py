"""Fair, stratified sortition as pure functions: no database, no clock, no I/O.

Maximin (Flanigan et al., Nature 2021) gives a probability distribution over panels
that meet the quotas and maximises the lowest chance any eligible person has; leximin
then raises the next lowest, and so on (see `compute_distribution`). We solve
it on answer profiles (see `maximin`): a distribution over compositions (seats per
profile), then a uniform pick within each profile. The distribution is stored in a
canonical order and the pick made with our own `random.Random(seed)`, so replaying a
draw is picking again from the stored profiles and distribution with the stored seed.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import version

from flask_babel import LazyString

from burgerplatform.consultations import clashes, leximin, maximin
from burgerplatform.consultations.clashes import N_, Message

# The method, as the draw record names it (in English: see DrawRecord.algorithm_text).
ALGORITHM = "maximin over answer profiles"  # every draw until 2026-12-06
LEXIMIN = "leximin over answer profiles"
PARTIAL_LEXIMIN = "partial leximin over answer profiles"
# Within maximin.NEAR of the best, or as near as MAXIMIN_BUDGET got: the record's name
# then says how near (see `algorithm_name`).
NEAR_MAXIMIN = "near maximin over answer profiles"
# Leximin raises the chances above the lowest one level after the other (see `leximin`).
# Each level costs more the more profiles there are; its work after the lowest chance
# is bounded by this many solves (a count, so a pool always stops at the same level:
# bench/draw.py, unique pool of 300, 7 s of CPU time). Above LEXIMIN_PROFILES answer
# profiles even the first levels take minutes, and the draw stays maximin.
LEXIMIN_BUDGET = 100
LEXIMIN_PROFILES = 1000
# Above that, maximin stops once the solves of its master, each counted by the groups it
# holds, add up to this (a count, for the same reason), with the best distribution found
# by then, and the record says how near the best it is (see `algorithm_name`). A solve
# of a large master costs far more: at 10,000 unique people (7,741 profiles) one of 5,400
# groups took 33 s, and the draw had not ended after 16 minutes. The unique pool of 3,000
# ends near maximin at 58,804 (39 solves, 49 s of CPU time).
MAXIMIN_BUDGET = 100_000
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
    # A health, care, gender or language answer: staff's checks never read it (see
    # `check_rules`), and a draw that fails with it says only `SENSITIVE_CLASH`.
    sensitive: bool = False


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
    # Recently seated people the quotas needed (rotation's fallback): see `bring_back`.
    brought_back: list[str] = field(default_factory=list)


class DrawError(Exception):
    """The quotas cannot be met; the message says which and by how much."""

    def __init__(self, message: Message) -> None:
        super().__init__(clashes.render(*message, translate=False))
        self.text, self.params = message
        self.message = LazyString(clashes.render, self.text, self.params)


METHODS = {
    "maximin": ALGORITHM,
    "near maximin": NEAR_MAXIMIN,
    "leximin": LEXIMIN,
    "partial leximin": PARTIAL_LEXIMIN,
}


def algorithm_name(method: str = "maximin", share: float | None = None) -> str:
    """The record's name of the method (`maximin.Solution.method`) and the software.

    Near maximin names its `share` too (`maximin.Solution.share`: the lowest chance over the
    proven bound on it), rounded down to a hundredth of a percent so that the pages
    never claim more than it is (see `near_share`)."""
    name = METHODS[method]
    if method == "near maximin" and share is not None:
        name += f", {math.floor(share * 10000) / 100:.2f}%"
    return f"{name} (Flanigan et al. 2021), HiGHS {version('highspy')}"


_SHARE = re.compile(re.escape(NEAR_MAXIMIN) + r", (\d{1,3}\.\d\d)%")


def near_share(algorithm: str) -> tuple[float, str] | None:
    """The share a near-maximin record's name holds (see `algorithm_name`), and the name
    without it; None for any other name, or a near-maximin record of before it said."""
    found = _SHARE.match(algorithm)
    if not found:
        return None
    return float(found.group(1)) / 100, NEAR_MAXIMIN + algorithm[found.end() :]


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


# Why a draw with a quota on a sensitive answer failed, and all it says: which of those
# quotas clashed, and with how many people, would tell something of the real pool's
# sensitive answers, and quotas tried at the draw can be steered to where that hangs on
# one person. A failed draw is public (the round's page lists it with its quotas).
SENSITIVE_CLASH = N_(
    "The pool cannot meet these quotas together. We do not say which quotas on sensitive "
    "answers (health, care, gender, languages) are too strict, or how many people have "
    "those answers: that could give away one person's answer. Make those quotas wider or "
    "invite more people to the pool. The table of the quotas shows their numbers rounded."
)


def check_rules(rows: list[PoolRow], quotas: list[QuotaRule], size: int) -> None:
    """Catch the quotas no draw can meet, with a message a person can act on: every
    clash, each as small as it can be, with the numbers (see `clashes`). This is what
    staff hear before the draw (saving the rules, the group page), as often as they
    like: it reads nobody's sensitive answer (`clashes.without_sensitive_answers`).

    The messages are stored untranslated and read in each reader's language later."""
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
    plain = [q for q in quotas if not q.sensitive]
    answers = [[has_value(r, q) for q in plain] for r in rows]
    found = clashes.without_sensitive_answers(answers, quotas, size)
    if found:
        raise DrawError(clash_message(found))


def check_room(rows: list[PoolRow], quotas: list[QuotaRule], size: int) -> None:
    """Refuse a mix with a quota that limits a sensitive answer when the other quotas
    leave fewer than the group plus 5 people who can be drawn (`clashes.too_few_left`):
    the draw would hang on one of a few known people. Reads no sensitive answer, so it
    says the same before the draw as in it; `rows` are the people drawn first (not
    those the rotation's fallback may bring back: whether it does hangs on the
    sensitive quotas)."""
    plain = [q for q in quotas if not q.sensitive]
    answers = [[has_value(r, q) for q in plain] for r in rows]
    found = clashes.too_few_left(answers, quotas, size)
    if found is not None:
        raise DrawError(found)


def check_feasible(rows: list[PoolRow], quotas: list[QuotaRule], size: int) -> None:
    """The draw's own check, on the real pool: first what staff heard before
    (`check_rules`), then whether the pool meets every quota. When it does not and a
    quota is on a sensitive answer, the message is `SENSITIVE_CLASH` and no more."""
    check_rules(rows, quotas, size)
    failure = real_pool_clash(rows, quotas, size)
    if failure is not None:
        raise DrawError(failure)


def real_pool_clash(rows: list[PoolRow], quotas: list[QuotaRule], size: int) -> Message | None:
    """Why the real pool cannot meet the quotas (None when it can): every clash with its
    numbers, or `SENSITIVE_CLASH` when a quota is on a sensitive answer."""
    found = search(rows, quotas, size)
    if any(q.sensitive for q in quotas):
        return None if found.feasible(range(len(quotas))) else SENSITIVE_CLASH
    clashed = found.clashes()
    return clash_message(clashed) if clashed else None


def search(rows: list[PoolRow], quotas: list[QuotaRule], size: int) -> clashes.Search:
    answers = [[has_value(r, q) for q in quotas] for r in rows]
    return clashes.Search(answers, quotas, size)


def clash_message(found: list[clashes.Clash]) -> Message:
    if len(found) == 1:
        return N_("Not every quota can be met. %(clash)s", clash=found[0].why)
    # Built before the message: extraction reads no marker nested in another one's call.
    numbered = [
        clashes.msg_part("Clash %(num)d: %(why)s", num=n, why=c.why) for n, c in enumerate(found, 1)
    ]
    return N_(
        "Not every quota can be met: there are %(num)d separate clashes. Change one quota in "
        "each. %(clashes)s",
        num=len(found),
        clashes=numbered,
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
) -> tuple[list[list[str]], list[tuple[list[list[int]], float]], str, float]:
    """The profiles, the distribution over compositions, the method that found it and how
    near the best lowest chance it is: leximin (or as much of it as `LEXIMIN_BUDGET`
    allows) up to `LEXIMIN_PROFILES` profiles, maximin (within its own budget) above
    (`maximin.Solution.method` and `share`).

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
        if len(groups) <= LEXIMIN_PROFILES:
            solution = leximin.solve(sizes, limits, size, progress, budget=LEXIMIN_BUDGET)
        else:
            solution = maximin.solve(sizes, limits, size, progress, budget=MAXIMIN_BUDGET)
    except maximin.Infeasible as error:
        # check_feasible catches this first; kept for a caller that skipped it.
        raise DrawError(
            real_pool_clash(rows, quotas, size) or N_("Not every quota can be met.")
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
    return groups, distribution, solution.method, solution.share


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
    recently_seated: Mapping[str, str] | set[str] | None = None,
    fallback: bool = False,
    progress: Callable[[int], None] | None = None,
) -> DrawResult:
    """Draw a group of `size` from `rows`, leaving out the recently seated (rotation).

    `recently_seated` maps each of them to when they last sat (any text that sorts by
    time, such as an ISO date), or is a set when that is unknown. With `fallback`, when
    the quotas on answers that are not sensitive cannot be met without them, the fewest
    of them those quotas need come back (see `bring_back`): they alone get a chance, and
    it is certain. A sensitive quota brings nobody back.
    """
    recent = (
        recently_seated
        if isinstance(recently_seated, Mapping)
        else {pid: "" for pid in recently_seated or ()}
    )
    eligible = [r for r in rows if r.pid not in recent]
    # The last check of what staff heard before the draw (the pool may have changed).
    if len(rows) >= size >= 1:
        check_rules(rows if fallback else eligible, quotas, size)
        check_room(eligible, quotas, size)
    back: list[PoolRow] = []
    if fallback and recent and len(rows) >= size >= 1:
        # Who comes back is decided by the quotas on answers that are not sensitive only:
        # brought back for a sensitive quota, one recently seated person's answer would
        # decide whether the draw works and who is certain of a seat (outside review).
        plain = [q for q in quotas if not q.sensitive]
        needed = bring_back(
            eligible, [r for r in rows if r.pid in recent], recent, plain, size, seed
        )
        if needed is None:
            check_feasible(rows, quotas, size)  # names what clashes even with them all
        back = needed or []
        if back:
            eligible = sorted([*eligible, *back], key=lambda r: r.pid)
    check_feasible(eligible, quotas, size)
    returned = {r.pid for r in back}
    left_out = sorted(r.pid for r in rows if r.pid in recent and r.pid not in returned)
    groups, distribution, method, share = compute_distribution(eligible, quotas, size, progress)
    return DrawResult(
        selected=sorted(pick(groups, distribution, seed)),
        probabilities=person_probabilities(groups, distribution),
        profiles=groups,
        distribution=distribution,
        algorithm=algorithm_name(method, share),
        pool_hash=pool_hash(eligible),
        left_out=left_out,
        brought_back=sorted(r.pid for r in back),
    )


def bring_back(
    eligible: list[PoolRow],
    recent: list[PoolRow],
    last_seated: Mapping[str, str],
    quotas: list[QuotaRule],
    size: int,
    seed: int,
) -> list[PoolRow] | None:
    """The recently seated who come back because the quotas cannot be met without them:
    none when they can; else as few as the quotas need, those who sat longest ago first
    (a tie broken by the draw's seed). Every group that meets the quotas then needs each
    of them, so each of them is drawn: they are as few as can be. None when even all of
    them do not help."""
    if len(eligible) >= size and search(eligible, quotas, size).feasible(range(len(quotas))):
        return []
    ties = random.Random(seed)
    order = sorted(
        sorted(recent, key=lambda r: r.pid),
        key=lambda r: (last_seated.get(r.pid, ""), ties.random()),
    )
    chosen = search(eligible, quotas, size).bring_back(
        [[has_value(r, q) for q in quotas] for r in order]
    )
    return None if chosen is None else [order[i] for i in chosen]


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
