"""Fair, stratified sortition as pure functions: no database, no clock, no I/O.

The maximin algorithm of `sortition-algorithms` (Flanigan et al., Nature 2021) gives a
probability distribution over feasible panels that maximises the lowest chance any
eligible person has. Its own seeded pick is not reproducible across processes (set
order depends on PYTHONHASHSEED), so we keep the distribution, put it in a canonical
order and make the final pick with our own `random.Random(seed)`: replaying a draw is
picking again from the stored distribution with the stored seed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import version

from flask_babel import lazy_gettext as _l

log = logging.getLogger("burgerplatform.sortition")

ALGORITHM = "maximin"
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
    distribution: list[tuple[list[str], float]]
    algorithm: str
    pool_hash: str
    left_out: list[str] = field(default_factory=list)


class DrawError(Exception):
    """The quotas cannot be met; `message` is translatable and says which and by how much."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def algorithm_name() -> str:
    return f"sortition-algorithms {version('sortition-algorithms')} ({ALGORITHM})"


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
    """Catch the impossible quotas up front, with a message a person can act on."""
    if size < 1:
        raise DrawError(_l("The group needs at least one seat."))
    if len(rows) < size:
        raise DrawError(
            _l(
                "The group needs %(size)d people, but only %(count)d people in the pool can be "
                "drawn (%(short)d short).",
                size=size,
                count=len(rows),
                short=size - len(rows),
            )
        )
    for q in quotas:
        if q.min > q.max:
            raise DrawError(
                _l(
                    "The quota “%(label)s” asks for at least %(min)d but at most %(max)d.",
                    label=q.label,
                    min=q.min,
                    max=q.max,
                )
            )
        count = sum(1 for r in rows if has_value(r, q))
        if q.min > count:
            raise DrawError(
                _l(
                    "The quota “%(label)s” asks for at least %(min)d people, but only %(count)d "
                    "people in the pool who can be drawn have this answer (%(short)d short).",
                    label=q.label,
                    min=q.min,
                    count=count,
                    short=q.min - count,
                )
            )
        if q.min > size:
            raise DrawError(
                _l(
                    "The quota “%(label)s” asks for %(min)d people, more than the %(size)d seats.",
                    label=q.label,
                    min=q.min,
                    size=size,
                )
            )
        without = len(rows) - count
        if size - q.max > without:
            raise DrawError(
                _l(
                    "The quota “%(label)s” allows at most %(max)d people, but then the other "
                    "seats cannot be filled (%(short)d short).",
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
                _l(
                    "Together, the minimums for “%(labels)s” need %(total)d seats, but the group "
                    "has %(size)d (%(short)d too many).",
                    labels=", ".join(q.label for q in qs),
                    total=total,
                    size=size,
                    short=total - size,
                )
            )


def meets_quotas(group: list[PoolRow], quotas: list[QuotaRule]) -> bool:
    return all(q.min <= sum(1 for r in group if has_value(r, q)) <= q.max for q in quotas)


def _library_input(rows: list[PoolRow], quotas: list[QuotaRule], size: int):
    """Features and people in the library's shape: one value per person per feature."""
    from sortition_algorithms import Settings, read_in_features, read_in_people

    columns: dict[str, list[QuotaRule]] = {}
    for q in quotas:
        column = f"{q.category}:{q.value}" if q.multiple else q.category
        columns.setdefault(column, []).append(q)
    if not columns:
        # No quotas: one constant feature, so every panel of `size` is feasible.
        columns = {"all": []}
    feature_rows: list[dict[str, str]] = []
    people_rows: list[dict[str, str]] = []
    values_of: dict[str, set[str]] = {}
    for row in rows:
        person = {"id": row.pid}
        for column, qs in columns.items():
            if column == "all":
                value = "yes"
            elif qs[0].multiple:
                value = "yes" if has_value(row, qs[0]) else "no"
            else:
                chosen = row.features.get(qs[0].category, frozenset())
                value = next(iter(sorted(chosen)), UNKNOWN)
            person[column] = value
            values_of.setdefault(column, set()).add(value)
        people_rows.append(person)
    for column, qs in columns.items():
        limits = {("yes" if q.multiple else q.value): (q.min, q.max) for q in qs}
        for value in sorted(values_of[column] | set(limits)):
            low, high = limits.get(value, (0, size))
            feature_rows.append(
                {"feature": column, "value": value, "min": str(low), "max": str(high)}
            )
    features, _, _ = read_in_features(["feature", "value", "min", "max"], feature_rows)
    settings = Settings(id_column="id", columns_to_keep=[], selection_algorithm=ALGORITHM)
    people, _ = read_in_people(["id", *columns], people_rows, features, settings)
    return features, people


class _Progress:
    """Adapts the library's progress reports to a 0-100 callback."""

    def __init__(self, callback: Callable[[int], None] | None) -> None:
        self.callback = callback
        self.total: int | None = None

    def start_phase(self, name, total=None, *, message=None) -> None:
        self.total = total

    def update(self, current, *, message=None) -> None:
        if self.callback and self.total:
            self.callback(min(95, 10 + int(85 * current / self.total)))

    def end_phase(self) -> None:
        pass


def compute_distribution(
    rows: list[PoolRow],
    quotas: list[QuotaRule],
    size: int,
    progress: Callable[[int], None] | None = None,
) -> list[tuple[list[str], float]]:
    """The maximin distribution over panels, in a canonical order (sorted panels)."""
    from sortition_algorithms.committee_generation import standardize_distribution
    from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
    from sortition_algorithms.errors import InfeasibleQuotasError, SelectionError

    features, people = _library_input(rows, quotas, size)
    try:
        panels, probs, _report = find_distribution_maximin(
            features, people, size, [], progress_reporter=_Progress(progress)
        )
    except (InfeasibleQuotasError, SelectionError) as error:
        raise DrawError(
            _l("These quotas cannot all be met together: %(detail)s", detail=str(error))
        ) from error
    panels, probs = standardize_distribution(panels, probs)
    return sorted(
        ((sorted(panel), round(float(p), 12)) for panel, p in zip(panels, probs, strict=True)),
        key=lambda pair: pair[0],
    )


def person_probabilities(distribution: list[tuple[list[str], float]], ids: Iterable[str]) -> dict:
    chances = dict.fromkeys(ids, 0.0)
    for panel, p in distribution:
        for pid in panel:
            chances[pid] = chances.get(pid, 0.0) + p
    return {pid: round(c, 6) for pid, c in sorted(chances.items())}


def pick(distribution: list[tuple[list[str], float]], seed: int) -> list[str]:
    """Pick one panel from the stored distribution with our own seeded generator."""
    rng = random.Random(seed)
    point = rng.random() * sum(p for _panel, p in distribution)
    for panel, p in distribution:
        point -= p
        if point < 0:
            return list(panel)
    return list(distribution[-1][0])


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
    distribution = compute_distribution(eligible, quotas, size, progress)
    return DrawResult(
        selected=sorted(pick(distribution, seed)),
        probabilities=person_probabilities(distribution, (r.pid for r in eligible)),
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
