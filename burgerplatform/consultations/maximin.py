"""Maximin over answer profiles: the fairest lottery, computed on kinds of people.

Maximin (Flanigan et al., Nature 2021) looks for the probability distribution over
panels that meet the quotas which maximises the lowest chance any eligible person has.
The `sortition-algorithms` library solves it person by person: one integer program per
person before it starts, and integer programs with one variable per person after; at
a pool of 3,000 it did not finish in 70 CPU minutes.

Two people with the same answer to every quota question (their *profile*) can swap
seats in any panel without breaking a quota. So a panel is, for the quotas, only its
*composition*: how many seats go to each profile. Averaging any fair distribution over
the swaps within profiles keeps it feasible and can only raise the lowest chance, so
some best distribution gives everyone of one profile the same chance:

    chance of a person of profile t = E[seats of t] / (people of t)

and the lottery becomes: pick a composition from a distribution over compositions, then
pick that many people uniformly within each profile. The numbers of variables is the
number of profiles (at most a few hundred, whatever the pool size), so this runs in
seconds. It is solved by column generation, as the library does: a linear program over
the compositions found so far gives weights per profile, and a small integer program
finds the composition the weights value most, until none is worth more than the
current lowest chance (the two bounds meet).

The functions here are pure: no database, no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

# Two bounds closer than this (in selection probability) are equal.
TOLERANCE = 1e-9
# A safety net only: the bounds meet long before (about one round per profile).
MAX_ROUNDS = 5000
# Compositions looked for per round without solving the linear program again.
EXTRA_PER_ROUND = 10

Composition = tuple[int, ...]  # seats per profile, in the order of the profiles


@dataclass(frozen=True)
class Limit:
    """A quota on the profiles: between `min` and `max` seats go to `members` (indices)."""

    members: tuple[int, ...]
    min: int
    max: int


@dataclass
class Solution:
    distribution: list[tuple[Composition, float]]
    chances: list[float]  # per profile: the chance of each of its people
    lowest: float
    rounds: int


class Infeasible(Exception):
    """No composition meets all limits together."""


class SolverFailed(Exception):
    """HiGHS stopped without an optimal solution (a time or iteration limit, a numerical
    trouble): any distribution taken from it could be wrong, so there is none."""


def _check_optimal(solver: Any, highspy: ModuleType, step: str) -> None:
    status = solver.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise SolverFailed(f"{step}: {solver.modelStatusToString(status)}")


def _highs() -> tuple[Any, ModuleType]:
    import highspy

    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    return solver, highspy


class _Compositions:
    """The integer program whose solutions are exactly the compositions meeting the quotas."""

    def __init__(self, sizes: Sequence[int], limits: Sequence[Limit], seats: int) -> None:
        self.solver, self.highspy = _highs()
        self.solver.setOptionValue("mip_rel_gap", 0.0)
        self.solver.setOptionValue("mip_abs_gap", 0.0)
        self.solver.setOptionValue("random_seed", 0)
        self.n = len(sizes)
        for size in sizes:
            self.solver.addVar(0, float(size))
        indices = list(range(self.n))
        self.solver.changeColsIntegrality(
            self.n, indices, [self.highspy.HighsVarType.kInteger] * self.n
        )
        self.solver.addRow(seats, seats, self.n, indices, [1.0] * self.n)
        for limit in limits:
            self.solver.addRow(
                limit.min, limit.max, len(limit.members), list(limit.members),
                [1.0] * len(limit.members),
            )  # fmt: skip
        self.solver.changeObjectiveSense(self.highspy.ObjSense.kMaximize)

    def best(self, values: Sequence[float]) -> tuple[Composition, float]:
        """The composition with the highest total value of its seats."""
        self.solver.changeColsCost(self.n, list(range(self.n)), list(values))
        self.solver.run()
        status = self.solver.getModelStatus()
        if status == self.highspy.HighsModelStatus.kInfeasible:
            raise Infeasible
        _check_optimal(self.solver, self.highspy, "composition")
        composition = tuple(round(x) for x in self.solver.getSolution().col_value)
        return composition, sum(v * x for v, x in zip(values, composition, strict=True))


class _Weights:
    """The restricted dual: profile weights y (summing to 1) that keep the best composition
    found so far as poor as possible. Its value is the lowest chance the compositions
    found so far can give everyone (linear-programming duality)."""

    def __init__(self, sizes: Sequence[int], coverable: Sequence[int]) -> None:
        self.solver, self.highspy = _highs()
        self.sizes = sizes
        self.coverable = list(coverable)
        self.bound = len(sizes)  # the column of the bound z, after one column per profile
        weighed = set(coverable)
        for t in range(len(sizes)):
            self.solver.addVar(0.0, 1.0 if t in weighed else 0.0)
        self.solver.addVar(0.0, self.highspy.kHighsInf)
        self.solver.changeColCost(self.bound, 1.0)  # minimise z
        self.solver.addRow(1.0, 1.0, len(self.coverable), self.coverable, [1.0] * len(coverable))

    def add(self, composition: Composition) -> None:
        # sum_t y_t * x_t / n_t <= z
        used = [t for t, x in enumerate(composition) if x]
        self.solver.addRow(
            -self.highspy.kHighsInf, 0.0, len(used) + 1, [*used, self.bound],
            [*(composition[t] / self.sizes[t] for t in used), -1.0],
        )  # fmt: skip

    def solve(self) -> tuple[list[float], float]:
        self.solver.run()
        _check_optimal(self.solver, self.highspy, "weights")
        values = self.solver.getSolution().col_value
        return list(values[: self.bound]), values[self.bound]


def _primal(
    compositions: list[Composition], sizes: Sequence[int], coverable: Sequence[int]
) -> list[float]:
    """Probabilities over the compositions that maximise the lowest chance."""
    solver, highspy = _highs()
    for _ in compositions:
        solver.addVar(0.0, 1.0)
    lowest = len(compositions)
    solver.addVar(0.0, 1.0)
    solver.changeColCost(lowest, 1.0)
    solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
    solver.addRow(1.0, 1.0, lowest, list(range(lowest)), [1.0] * lowest)
    for t in coverable:
        used = [c for c, comp in enumerate(compositions) if comp[t]]
        # sum_c p_c * x_ct / n_t >= lowest
        solver.addRow(
            0.0, highspy.kHighsInf, len(used) + 1, [*used, lowest],
            [*(compositions[c][t] / sizes[t] for c in used), -1.0],
        )  # fmt: skip
    solver.run()
    _check_optimal(solver, highspy, "distribution")
    return list(solver.getSolution().col_value[:lowest])


def conflicting(sizes: Sequence[int], limits: Sequence[Limit], seats: int) -> list[int]:
    """A smallest set of limits (their indices) that no composition meets together.

    Leaves out one limit at a time and keeps it out while the rest still clash, so what
    is left clashes and loses that as soon as any one of them goes.
    """
    kept = list(range(len(limits)))
    for i in range(len(limits)):
        trial = [j for j in kept if j != i]
        try:
            _Compositions(sizes, [limits[j] for j in trial], seats).best([0.0] * len(sizes))
        except Infeasible:
            kept = trial
    return kept


def _more_from_same_weights(
    compositions: _Compositions,
    weights: _Weights,
    keep: Callable[[Composition], None],
    found: list[Composition],
    y: Sequence[float],
    lower: float,
    composition: Composition,
    value: float,
) -> None:
    """Find more compositions without solving the linear program again (the heuristic of
    sortition-algorithms): lower the weights of the profiles just seated until that
    composition is worth only `lower`, and look again. Only adds candidates; the main
    loop stays exact."""
    sizes = weights.sizes
    y = list(y)
    for _ in range(EXTRA_PER_ROUND):
        for t, seats in enumerate(composition):
            if seats:
                y[t] *= lower / value
        total = sum(y)
        if total <= 0:
            return
        y = [w / total for w in y]
        lower /= total
        composition, value = compositions.best([y[t] / sizes[t] for t in range(len(sizes))])
        if value <= lower + TOLERANCE or composition in found:
            return
        keep(composition)
        weights.add(composition)


def solve(
    sizes: Sequence[int],
    limits: Sequence[Limit],
    seats: int,
    progress: Callable[[int], None] | None = None,
) -> Solution:
    """The maximin distribution over compositions for profiles of `sizes` people.

    Raises `Infeasible` when no composition meets the limits.
    """
    n = len(sizes)
    compositions = _Compositions(sizes, limits, seats)
    found: list[Composition] = []

    def keep(composition: Composition) -> None:
        if composition not in found:
            found.append(composition)

    # Start with compositions that seat every profile that can be seated at all; a
    # profile no composition can seat (a quota keeps it out) has chance 0 and no weight.
    first, _ = compositions.best([1.0 / s for s in sizes])
    keep(first)
    coverable = set()
    for t in range(n):
        if progress:
            # One small integer program per profile: with thousands of profiles this step
            # alone takes long, and a silent job looks abandoned to the other workers.
            progress(5 + 15 * t // n)
        if any(c[t] for c in found):
            coverable.add(t)
            continue
        unit = [0.0] * n
        unit[t] = 1.0
        best, value = compositions.best(unit)
        if value >= 1:
            keep(best)
            coverable.add(t)
    if progress:
        progress(20)

    weights = _Weights(sizes, sorted(coverable))
    for composition in found:
        weights.add(composition)
    rounds, first_gap = 0, None
    while rounds < MAX_ROUNDS:
        rounds += 1
        y, lower = weights.solve()
        composition, upper = compositions.best([y[t] / sizes[t] for t in range(n)])
        gap = upper - lower
        if gap <= TOLERANCE or composition in found:
            break
        keep(composition)
        weights.add(composition)
        _more_from_same_weights(compositions, weights, keep, found, y, lower, composition, upper)
        first_gap = first_gap or gap
        if progress:
            progress(20 + int(75 * max(0.0, 1 - gap / first_gap)))

    probabilities = [max(0.0, p) for p in _primal(found, sizes, sorted(coverable))]
    total = sum(probabilities)
    distribution = [
        (comp, p / total) for comp, p in zip(found, probabilities, strict=True) if p / total > 1e-12
    ]
    chances = [
        sum(p * comp[t] for comp, p in distribution) / sizes[t] if sizes[t] else 0.0
        for t in range(n)
    ]
    return Solution(
        distribution=distribution,
        chances=chances,
        lowest=min(chances[t] for t in range(n)) if n else 0.0,
        rounds=rounds,
    )
