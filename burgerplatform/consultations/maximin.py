"""The fairest lottery over groups that meet the quotas, computed on kinds of people.

Maximin (Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 2021) looks for the probability
distribution over groups that meet the quotas which maximises the lowest chance any
eligible person has; leximin (see `leximin`) then raises the second lowest, and so on.

Two people with the same answer to every quota question (their *profile*) can swap
seats in any group without breaking a quota. So a group is, for the quotas, only its
*composition*: how many seats go to each profile. Averaging a fair distribution over the
swaps within profiles keeps it feasible and can only raise the lowest chance, so some
best distribution gives everyone of one profile the same chance:

    chance of a person of profile t = E[seats of t] / (people of t)

and the lottery becomes: pick a composition, then that many people uniformly within
each profile. When every person has a profile of their own this is the problem on
people; when profiles are few it is much smaller. The integer programs below are the
same in both cases (a variable per profile, at most its number of people), so one code
path serves both and the smaller model is always the one solved.

It is solved by column generation, as in the paper's supplementary methods:

1. *Covering*: a few compositions that together seat every profile that can be seated at
   all. Each is the composition seating the most profiles not seated yet (an integer
   program that may stop within 30 % of its best: only coverage matters here), so about
   pool / group size programs instead of one per profile.
2. *Restricted master*: a linear program over the compositions found so far gives the
   best lowest chance they allow (a lower bound) and, through its dual, a weight per
   profile.
3. *Pricing*: an integer program finds the composition the weights value most. Its
   bound, under any weights summing to 1, is an upper bound on the lowest chance (weak
   duality). Weights are smoothed towards the best ones seen so far (Wentges), which
   keeps them from jumping between rounds and makes far fewer rounds.
   Before any of this, the linear relaxation (seats split into fractions) gives an upper
   bound at once (0.3 s at 3,000 profiles); on the bench's pools the lowest chance
   reaches it, so it also ends the search there.
4. Stop when the two bounds meet: `GAP` apart, relative; on a large master (thousands of
   profiles) as soon as the lowest chance is within `NEAR` (0.05 %) of the upper bound;
   with a `budget` (a draw's: `sortition.MAXIMIN_BUDGET`), after that much work, with
   the best distribution found and how near the bound it is (`Solution.share`).

Every HiGHS answer is checked to be optimal (`SolverFailed` otherwise). The functions
here are pure: no database, no clock, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

# The lowest chance is found when the upper and lower bounds are this close (relative).
GAP = 1e-7
# A profile weight below this counts as zero (weights sum to 1 over the profiles).
ZERO = 1e-9
# A safety net only: the bounds meet long before.
MAX_ROUNDS = 20000
# Smoothing of the pricing weights towards the best ones seen (Wentges): 0 is none.
SMOOTHING = 0.5
# Branch-and-bound nodes a pricing integer program may use before it answers with the best
# composition it found and its bound (which still bounds the lowest chance); the one
# that proves the master optimal may use more. On thousands of nearly unique profiles
# closing the last gap took minutes where the limit costs a few rounds more.
PRICING_NODES = 500
PROOF_NODES = 5000
# Covering compositions may stop this far (relative) from the best cover.
COVER_GAP = 0.3
# Groups found last from which the covering tries a local search before an integer program.
COVER_STARTS = 3
# Local searches for new compositions per solve of the master.
SEARCHES = 100
# Profiles looked at per local search (the ones worth most).
CANDIDATES = 200
# From this many compositions on, the master is solved by the interior-point method without
# crossover while the local search still finds compositions: weights from the middle of the
# master's optimal face, not from a vertex, move less from one solve to the next and make
# fewer rounds (the primal-dual column generation of Gondzio, González-Brevis and Munari,
# "New developments in the primal-dual column generation technique", EJOR 2013). The
# solves that give a bound or end the search stay exact (crossover, then simplex).
CENTRAL_ROWS = 1200
# In that phase: local searches per solve, and how many may find nothing before it stops
# (more and more varied compositions per solve: fewer solves of a large master, whose
# every solve from scratch costs seconds at thousands of profiles, where a search costs
# a millisecond). When a solve brings fewer new compositions than CENTRAL_FEWEST, the
# rest is exact: each solve then starts from the last basis, and costs far less than
# one from scratch for the few compositions the end needs.
CENTRAL_SEARCHES = 1500
CENTRAL_MISSES = 150
CENTRAL_FEWEST = 50
# Simplex iterations one exact solve of the master may take before the interior-point
# method (with crossover) solves it instead: a re-solve takes 1,200 to 1,600 at 3,000
# profiles; a stalled one took millions (see `Weights.solve`).
SIMPLEX_ITERATIONS = 20000
# The interior-point method's optimality tolerance there (HiGHS's default is 1e-8).
CENTRAL_TOLERANCE = 1e-10
# Maximin on a large master (see `CENTRAL_ROWS`) stops once its lowest chance is within
# this of the proven upper bound, relative: the last 0.05 % took as long as the first
# 99.95 % at 3,000 unique profiles (bench/draw.py). The record then says so ("near
# maximin": everyone gets at least 99.95 % of the best lowest chance the mix allows).
NEAR = 5e-4

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
    rounds: int  # pricing rounds (integer programs after the covering)
    upper: float = 1.0  # the proven upper bound on the lowest chance (maximin)
    relaxed: float = 1.0  # the linear relaxation's bound (see `Columns._relaxation`)
    levels: int = 1  # the chance levels fixed one after the other (leximin)
    # "maximin", "near maximin" when it stopped within `NEAR` of the bound or its budget
    # stopped it (see `share`), "leximin", or "partial leximin" when its budget stopped it
    # (see `leximin`)
    method: str = "maximin"
    spent: bool = False  # maximin's budget stopped it (see `solve`)

    @property
    def share(self) -> float:
        """The lowest chance over the proven bound on it: how near the best it is (1 at
        the best)."""
        return min(1.0, self.lowest / self.upper) if self.upper > 0 else 1.0


class Infeasible(Exception):
    """No composition meets all limits together."""


class Spent(Exception):
    """The restricted master was solved as often as `Weights.limit` allows."""


class SolverFailed(Exception):
    """HiGHS stopped without an optimal solution (a time or iteration limit, a numerical
    trouble): any distribution taken from it could be wrong, so there is none."""


def _check_optimal(solver: Any, highspy: ModuleType, step: str) -> None:
    status = solver.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise SolverFailed(f"{step}: {solver.modelStatusToString(status)}")


def check_optimal(solver: Any, highspy: ModuleType, step: str) -> None:
    """`_check_optimal`, for the other modules (tests replace `_check_optimal`)."""
    _check_optimal(solver, highspy, step)


def highs() -> tuple[Any, ModuleType]:
    return _highs()


def _highs() -> tuple[Any, ModuleType]:
    import highspy

    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("random_seed", 0)
    # One thread: the same answer on every machine, and CPU time that means something.
    solver.setOptionValue("threads", 1)
    return solver, highspy


@dataclass
class Priced:
    composition: Composition
    value: float  # its value under the weights
    bound: float  # no composition is worth more than this


class Compositions:
    """The integer program whose solutions are exactly the compositions meeting the quotas."""

    def __init__(self, sizes: Sequence[int], limits: Sequence[Limit], seats: int) -> None:
        self.solver, self.highspy = _highs()
        self.solver.setOptionValue("mip_abs_gap", 0.0)
        self.n = len(sizes)
        self.indices = list(range(self.n))
        for size in sizes:
            self.solver.addVar(0, float(size))
        self.solver.changeColsIntegrality(
            self.n, self.indices, [self.highspy.HighsVarType.kInteger] * self.n
        )
        self.solver.addRow(seats, seats, self.n, self.indices, [1.0] * self.n)
        for limit in limits:
            self.solver.addRow(
                limit.min, limit.max, len(limit.members), list(limit.members),
                [1.0] * len(limit.members),
            )  # fmt: skip
        self.solver.changeObjectiveSense(self.highspy.ObjSense.kMaximize)

    def best(
        self,
        values: Sequence[float],
        gap: float = 0.0,
        start: Composition | None = None,
        nodes: int | None = None,
    ) -> Priced:
        """The composition with the highest total value of its seats (within `gap`,
        relative: the bound says how far it can be from the best).

        With `nodes`, the search stops after that many branch-and-bound nodes (a limit
        that gives the same answer on every machine, unlike a time limit) with the best
        composition found and a bound that still holds."""
        top = max(values, default=0.0)
        # Values near 1 for HiGHS's absolute tolerances; scaled back below.
        scale = 1.0 / top if top > 0 else 1.0
        self.solver.changeColsCost(self.n, self.indices, [v * scale for v in values])
        self.solver.setOptionValue("mip_rel_gap", gap)
        self.solver.setOptionValue("mip_max_nodes", nodes if nodes is not None else 2**31 - 1)
        if start is not None:
            # A known good composition lets HiGHS cut off the poorer ones at once.
            self.solver.setSolution(_solution(self.highspy, [float(x) for x in start]))
        self.solver.run()
        status = self.solver.getModelStatus()
        if status == self.highspy.HighsModelStatus.kInfeasible:
            raise Infeasible
        stopped = (
            nodes is not None
            and status == self.highspy.HighsModelStatus.kSolutionLimit
            and self.solver.getInfo().primal_solution_status == 2  # a feasible composition
        )
        if not stopped:
            _check_optimal(self.solver, self.highspy, "composition")
        composition = tuple(round(x) for x in self.solver.getSolution().col_value)
        value = sum(values[t] * x for t, x in enumerate(composition) if x)
        bound = max(value, self.solver.getInfo().mip_dual_bound / scale)
        return Priced(composition, value, bound)


def _solution(highspy: ModuleType, values: list[float]) -> Any:
    solution = highspy.HighsSolution()
    solution.col_value = values
    solution.value_valid = True
    return solution


class Weights:
    """The restricted dual: profile weights y that keep the best composition found so far
    as poor as possible. With nothing fixed its value is the lowest chance the
    compositions found so far can give everyone (linear-programming duality):

        minimise  z - sum_{t fixed} f_t y_t
        such that sum_t y_t x_t / n_t <= z    for every composition x found
                  sum_{t not fixed} y_t = 1,  y >= 0

    Leximin fixes profiles one stage after the other (`fix`)."""

    def __init__(self, sizes: Sequence[int], coverable: Sequence[int]) -> None:
        self.solver, self.highspy = _highs()
        self.solver.setOptionValue("simplex_iteration_limit", SIMPLEX_ITERATIONS)
        self.sizes = sizes
        self.coverable = list(coverable)
        self.n = len(sizes)
        self.bound = self.n  # the column of z, after one column per profile
        weighed = set(coverable)
        for t in range(self.n):
            self.solver.addVar(0.0, 1.0 if t in weighed else 0.0)
        self.solver.addVar(0.0, self.highspy.kHighsInf)
        self.solver.changeColCost(self.bound, 1.0)  # minimise z
        self.solver.addRow(1.0, 1.0, len(self.coverable), self.coverable, [1.0] * len(coverable))
        self.fixed: dict[int, float] = {}
        self.rows = 1
        self.solves = 0  # the work done, counted (leximin's budget)
        # The same, each solve counted by the groups in the master then (maximin's budget:
        # a solve of a large master costs far more than one of a small one).
        self.work = 0
        self.limit: int | None = None  # solves after which `solve` raises `Spent`
        self.last: float | None = None  # the value of the last solve
        self.central = False  # the last solve was central (see `solve`)
        self.stale = False  # no simplex basis since a central solve
        self.method: str | None = None  # HiGHS's choice until a central solve

    def add(self, composition: Composition) -> None:
        # sum_t y_t * x_t / n_t <= z
        used = [t for t, x in enumerate(composition) if x]
        self.solver.addRow(
            -self.highspy.kHighsInf, 0.0, len(used) + 1, [*used, self.bound],
            [*(composition[t] / self.sizes[t] for t in used), -1.0],
        )  # fmt: skip
        self.rows += 1

    def fix(self, chances: dict[int, float]) -> None:
        """Keep these profiles at (at least) these chances from now on."""
        for t, chance in chances.items():
            self.fixed[t] = chance
            self.solver.changeCoeff(0, t, 0.0)
            self.solver.changeColBounds(t, 0.0, self.highspy.kHighsInf)
            self.solver.changeColCost(t, -chance)

    def solve(self, central: bool = False) -> tuple[list[float], float]:
        """The weights and the value of the restricted dual (its objective).

        `central`: by the interior-point method without crossover (see `CENTRAL_ROWS`), if
        it ends optimal; `self.central` says whether it did. Otherwise exact: a vertex."""
        if self.limit is not None and self.solves >= self.limit:
            raise Spent
        self.solves += 1
        self.work += self.rows - 1
        self.central = False
        if central:
            self._method("ipm", crossover=False)
            self.solver.run()
            # The simplex basis is gone: the next exact solve starts with crossover.
            self.stale = True
            if self.solver.getModelStatus() == self.highspy.HighsModelStatus.kOptimal:
                self.central = True
                return self._answer()
        if self.stale:
            self._method("ipm", crossover=True)
        elif self.method is not None:
            self._method("simplex", crossover=True)
        self.solver.run()
        if self.solver.getModelStatus() != self.highspy.HighsModelStatus.kOptimal:
            # The other method once: the interior point ends unsure now and then, and a
            # warm-started simplex can stall on this degenerate master (after leximin
            # fixes profiles, one solve of 1,300 groups ran for over 20 minutes): it
            # stops at SIMPLEX_ITERATIONS, a count, so the same on every machine.
            self._method("simplex" if self.method == "ipm" else "ipm", crossover=True)
            # Without the limit: crossover's own simplex needs its iterations.
            self.solver.setOptionValue("simplex_iteration_limit", 2**31 - 1)
            self.solver.run()
            self.solver.setOptionValue("simplex_iteration_limit", SIMPLEX_ITERATIONS)
        self.stale = False
        _check_optimal(self.solver, self.highspy, "weights")
        return self._answer()

    def distribution(self) -> list[float]:
        """Per composition (in the order added), its probability in a best distribution
        over them: the dual value of its row after the last exact solve."""
        duals = self.solver.getSolution().row_dual
        return [-d for d in duals[1 : self.rows]]

    def _method(self, method: str, crossover: bool) -> None:
        self.method = method
        self.solver.setOptionValue("solver", method)
        self.solver.setOptionValue("run_crossover", "on" if crossover else "off")
        self.solver.setOptionValue("ipm_optimality_tolerance", CENTRAL_TOLERANCE)

    def _answer(self) -> tuple[list[float], float]:
        values = self.solver.getSolution().col_value
        self.last = self.solver.getInfo().objective_function_value
        return list(values[: self.n]), self.last


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
            Compositions(sizes, [limits[j] for j in trial], seats).best([0.0] * len(sizes))
        except Infeasible:
            kept = trial
    return kept


class Columns:
    """The compositions found so far, the pricing programs and the restricted master."""

    def __init__(
        self,
        sizes: Sequence[int],
        limits: Sequence[Limit],
        seats: int,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        import numpy as np

        self.np = np
        self.sizes = list(sizes)
        self.size_array = np.array(sizes, dtype=float)
        self.n = len(sizes)
        # Which limits each profile counts for, and their bounds, for the quick search.
        self.member = np.zeros((len(limits), self.n), dtype=bool)
        for r, limit in enumerate(limits):
            self.member[r, list(limit.members)] = True
        self.member_int = self.member.astype(int)
        self.inside = self.member.astype(np.float32)
        self.outside = (~self.member).astype(np.float32)
        self.low = np.array([limit.min for limit in limits], dtype=int)
        self.high = np.array([limit.max for limit in limits], dtype=int)
        self.pricing = Compositions(sizes, limits, seats)
        self.limits = list(limits)
        self.seats = seats
        self.found: list[Composition] = []
        self.seen: set[Composition] = set()
        # Flat (profile, seats/people) pairs of every composition, to value them all at once.
        self.flat_t: list[int] = []
        self.flat_share: list[float] = []
        self.starts: list[int] = []
        self.progress = progress
        self.rounds = 0
        self.spent = False  # the budget stopped `stage`
        self.weights: Weights | None = None
        self.coverable = self._cover()
        self.weights = Weights(sizes, self.coverable)
        for composition in self.found:
            self.weights.add(composition)
        self.relaxed, self.relaxed_weights = self._relaxation()

    def _relaxation(self) -> tuple[float, Any]:
        """The best lowest chance if seats could be split (the linear relaxation: chances
        per profile between 0 and 1, the quotas met on expected seats) and its weights.

        Every lottery over compositions gives expected seats that meet the quotas, so this
        bounds the lowest chance from above; on every pool of the bench measured (few and
        unique profiles, 300 to 3,000 people) it is the lowest chance itself. Its weights
        are where the pricing weights start (see `stage`)."""
        np = self.np
        solver, highspy = _highs()
        n = self.n
        reach = set(self.coverable)
        for t, size in enumerate(self.sizes):
            solver.addVar(0.0, float(size) if t in reach else 0.0)
        solver.addVar(0.0, 1.0)  # z, the lowest chance
        solver.changeColCost(n, 1.0)
        solver.changeObjectiveSense(highspy.ObjSense.kMaximize)
        solver.addRow(self.seats, self.seats, n, list(range(n)), [1.0] * n)
        for limit in self.limits:
            solver.addRow(
                limit.min, limit.max, len(limit.members), list(limit.members),
                [1.0] * len(limit.members),
            )  # fmt: skip
        first = 1 + len(self.limits)
        for t in self.coverable:
            # expected seats of t >= z * people of t
            solver.addRow(0.0, highspy.kHighsInf, 2, [t, n], [1.0, -float(self.sizes[t])])
        solver.run()
        _check_optimal(solver, highspy, "relaxation")
        duals = np.abs(np.array(solver.getSolution().row_dual[first:]))
        y = np.zeros(n)
        y[self.coverable] = duals * self.size_array[self.coverable]
        total = y.sum()
        y = y / total if total > 0 else y
        return float(solver.getInfo().objective_function_value), y

    def keep(self, composition: Composition) -> bool:
        if composition in self.seen:
            return False
        self.seen.add(composition)
        self.found.append(composition)
        self.starts.append(len(self.flat_t))
        for t, x in enumerate(composition):
            if x:
                self.flat_t.append(t)
                self.flat_share.append(x / self.sizes[t])
        if self.weights is not None:
            self.weights.add(composition)
        return True

    def values(self, y: Any) -> Any:
        """The value of every composition found under the weights y (a numpy array)."""
        np = self.np
        products = y[np.array(self.flat_t)] * np.array(self.flat_share)
        return np.add.reduceat(products, np.array(self.starts))

    def _cover(self) -> list[int]:
        """Compositions that together seat every profile that can be seated; a profile
        no composition can seat (a quota keeps it out) has chance 0 and no weight."""
        n = self.n
        covered = [False] * n
        count = 0
        while True:
            if self.progress:
                self.progress(5 + 15 * count // n)
            # Seating someone of a profile not seated yet is worth 1 (over its seats),
            # anyone else a little, so that the composition also spreads the others.
            values = [1e-3 / self.sizes[t] if covered[t] else 1.0 / self.sizes[t] for t in range(n)]
            # First a local search from the groups found (swap seats to people not seated
            # yet, keeping every quota): milliseconds, where an integer program on
            # thousands of profiles takes seconds. The integer program only when it fails,
            # and always last, to prove nobody who can be seated is left.
            composition, new = self._cover_locally(values, covered)
            if not new:
                priced = self.pricing.best(values, gap=COVER_GAP)
                composition = priced.composition
                new = [t for t, x in enumerate(composition) if x and not covered[t]]
                if not new and priced.bound >= 1.0 / max(self.sizes):
                    # Stopped early: ask again for the best, to be sure nobody is left.
                    priced = self.pricing.best(values)
                    composition = priced.composition
                    new = [t for t, x in enumerate(composition) if x and not covered[t]]
            if not new:
                break
            self.keep(composition)
            for t in new:
                covered[t] = True
                count += 1
                if self.progress:
                    # With thousands of profiles this step takes a while; a silent job
                    # looks abandoned to the other workers.
                    self.progress(5 + 15 * count // n)
            if count == n:
                break
        return [t for t in range(n) if covered[t]]

    def _cover_locally(
        self, values: list[float], covered: list[bool]
    ) -> tuple[Composition, list[int]]:
        """A composition that seats profiles not seated yet, by local search from the
        latest groups found (`COVER_STARTS` of them); no new profile if none does."""
        worth = self.np.array(values)
        for start in reversed(self.found[-COVER_STARTS:]):
            composition = self.improve(start, worth)
            new = [t for t, x in enumerate(composition) if x and not covered[t]]
            if new:
                return composition, new
        return (), []

    def improve(self, composition: Composition, worth: Any) -> Composition:
        """Swap one seat at a time to a profile worth more, keeping every limit met (a
        local search: cheap, and often enough to find a composition the master lacks).

        Only the `CANDIDATES` profiles worth most are looked at as receivers."""
        np = self.np
        x = np.array(composition, dtype=int)
        counts = self.member_int @ x
        if self.n > CANDIDATES:
            pool = np.argpartition(-worth, CANDIDATES)[:CANDIDATES]
        else:
            pool = np.arange(self.n)
        inside = self.member_int[:, pool]
        outside = 1 - inside
        pool_worth = worth[pool]
        for _ in range(2 * int(x.sum()) + 4):
            seated = np.flatnonzero(x)
            # After taking a seat from profile i (a column), which limits would then
            # need one more (need) or take no more (full)?
            after = counts[:, None] - self.member_int[:, seated]
            need = (after < self.low[:, None]).astype(int)
            full = (after >= self.high[:, None]).astype(int)
            # Profile j may get that seat when it is in every needing limit and no full one.
            broken = need.T @ outside + full.T @ inside
            gains = pool_worth[None, :] - worth[seated][:, None]
            gains[broken > 0] = -np.inf
            gains[:, x[pool] >= self.size_array[pool]] = -np.inf
            k = int(gains.argmax())
            row, col = divmod(k, len(pool))
            if not gains[row, col] > 1e-12:
                break
            i, j = int(seated[row]), int(pool[col])
            x[i] -= 1
            x[j] += 1
            counts += self.member_int[:, j] - self.member_int[:, i]
        return tuple(int(v) for v in x)

    def search(self, y: Any, z: float, searches: int = SEARCHES, misses: int = 1) -> int:
        """Add compositions that beat the master's bound z under the weights y, found by
        local search from the best ones known; after each, the weights of the profiles it
        seats are lowered so that the next one seats others (as the library's heuristic
        does with integer programs). Returns how many were added."""
        np = self.np
        worth = y / self.size_array
        values = self.values(y)
        order = np.argsort(-values, kind="stable")
        added = 0
        for attempt in range(searches):
            composition = self.improve(self.found[int(order[attempt % len(order)])], worth)
            x = np.array(composition)
            value = float(worth @ x)
            if value <= z * (1 + 1e-9) + ZERO:
                misses -= 1
                if misses <= 0:
                    break
                continue
            if self.keep(composition):
                added += 1
            # The seated profiles are worth less, so that the next search seats others.
            seated = x > 0
            worth = worth.copy()
            worth[seated] *= z / value
            total = float(worth @ self.size_array)
            worth /= total
            z /= total
        return added

    def stage(
        self, gap: float | None = None, value_only: bool = False, budget: int | None = None
    ) -> tuple[float, list[float], float]:
        """Column generation until the restricted master is optimal for every composition:
        returns its value (the lower bound), its weights and the proven upper bound.

        `value_only` (maximin): only the value and the master's distribution count, not
        whether its weights are optimal beyond the compositions found (leximin fixes
        profiles by them). Then the master is solved central once it is large (see
        `CENTRAL_ROWS`), and the search ends as soon as the exact master meets the bound.

        `budget`: once the solves of the master, each counted by the groups it holds, add
        up to this, it ends with the last one (`spent` then says so), wherever the bounds
        are (see `solve`)."""
        np = self.np
        gap = GAP if gap is None else gap
        assert self.weights is not None
        fixed = self.weights.fixed
        center: Any = None
        upper = math.inf
        if not fixed:
            # The relaxation bounds this stage too, and its weights are a good first center.
            upper, center = self.relaxed, self.relaxed_weights
        first_gap: float | None = None
        exact_next = False
        # Central weights in the first stage only, until the local search finds nothing.
        searching = value_only and not fixed
        while self.rounds < MAX_ROUNDS:
            y_list, lower = self.weights.solve(searching and self.weights.rows >= CENTRAL_ROWS)
            central = self.weights.central
            if self.progress and value_only:
                # After every solve: at thousands of profiles one takes a minute, and a
                # silent job looks abandoned to the other workers (see `_cover`).
                spent = min(1.0, self.weights.work / budget) if budget else 0.0
                self.progress(20 + int(75 * spent))
            y = np.array(y_list)
            z = lower + sum(f * y[t] for t, f in fixed.items())  # the master's own bound
            # Maximin on a large master stops near the bound (see `NEAR`).
            stop = NEAR if value_only and self.weights.rows >= CENTRAL_ROWS else gap
            if value_only and upper - z <= stop * max(abs(upper), 1e-12):
                # A central solve's dual values are a distribution over the compositions
                # found too (`solve` checks that it is as near).
                return z, y_list, upper
            if budget is not None and self.weights.work >= budget:
                # The master's last solve is the best distribution found; `upper` still
                # bounds every other.
                self.spent = True
                return z, y_list, upper
            if central:
                if self.search(y, z, CENTRAL_SEARCHES, CENTRAL_MISSES) < CENTRAL_FEWEST:
                    searching = False  # then exact, warm-started
                continue
            if not exact_next and self.search(y, z):
                continue
            trial = y if center is None or exact_next else SMOOTHING * center + (1 - SMOOTHING) * y
            self.rounds += 1
            start = self.found[int(self.values(trial).argmax())]
            priced = self.pricing.best(
                list(trial / self.size_array),
                gap=0.0 if exact_next else 1e-4,
                start=start,
                nodes=PROOF_NODES if exact_next else PRICING_NODES,
            )
            # Weak duality: any weights give an upper bound.
            bound = priced.bound - sum(f * trial[t] for t, f in fixed.items())
            if bound < upper:
                upper, center = bound, trial
            if upper - lower <= stop * max(abs(upper), 1e-12):
                return lower, y_list, upper
            first_gap = first_gap or (upper - lower)
            if self.progress:
                done = math.log(first_gap / max(upper - lower, 1e-15)) / math.log(
                    first_gap / max(gap * abs(upper), 1e-15) + 1.0
                )
                self.progress(20 + int(75 * min(1.0, max(0.0, done))))
            worth = y / self.size_array
            value = float(sum(worth[t] * x for t, x in enumerate(priced.composition) if x))
            if value > z * (1 + 1e-9) + ZERO and self.keep(priced.composition):
                exact_next = False
                continue
            if exact_next:
                # The exact price at the master's own weights adds nothing: the master is
                # optimal, and only rounding keeps the bounds apart.
                return lower, y_list, max(lower, min(upper, bound))
            exact_next = True
        raise SolverFailed("composition: too many rounds")


def _lowest_of(probabilities: list[float], columns: Columns) -> float:
    """The lowest chance of a coverable profile under these (unnormalised) probabilities."""
    np = columns.np
    p = np.maximum(np.array(probabilities, dtype=float), 0.0)
    if p.sum() <= 0:
        return 0.0
    p /= p.sum()
    counts = np.diff(np.append(columns.starts, len(columns.flat_t)))
    chances = np.zeros(columns.n)
    shares = np.repeat(p, counts) * np.array(columns.flat_share)
    np.add.at(chances, np.array(columns.flat_t), shares)
    return float(chances[columns.coverable].min()) if columns.coverable else 0.0


def chances_of(distribution: list[tuple[Composition, float]], sizes: Sequence[int]) -> list[float]:
    return [
        sum(p * comp[t] for comp, p in distribution) / sizes[t] if sizes[t] else 0.0
        for t in range(len(sizes))
    ]


def solve(
    sizes: Sequence[int],
    limits: Sequence[Limit],
    seats: int,
    progress: Callable[[int], None] | None = None,
    budget: int | None = None,
) -> Solution:
    """The maximin distribution over compositions for profiles of `sizes` people.

    With `budget`, it stops once the solves of the restricted master, each counted by the
    groups (compositions) in it, add up to that, with the best distribution found by then
    (`Solution.spent`): "near maximin", with its `share` of the proven bound. A count, not a
    time, so that the same pool always stops at the same point on every machine.

    Raises `Infeasible` when no composition meets the limits.
    """
    columns = Columns(sizes, limits, seats, progress)
    lower, _y, upper = columns.stage(value_only=True, budget=budget)
    assert columns.weights is not None
    # The master's dual values are a best distribution over the compositions found; a
    # linear program of its own (`_primal`) only if rounding left someone short by more
    # than the bounds may be apart (`GAP`): at thousands of profiles it takes longer than
    # all the rest, for a difference in the ninth digit.
    probabilities = columns.weights.distribution()
    # Stopped near (see `NEAR`): the central solve's distribution is kept if it is near too.
    floor = upper * (1 - NEAR) if columns.weights.central else lower * (1 - GAP)
    # Stopped by the budget: no linear program more (it costs as much as a solve of the
    # master); the distribution gives what it gives, and the record says how near that is.
    if not columns.spent and _lowest_of(probabilities, columns) < floor - 1e-12:
        probabilities = _primal(columns.found, columns.sizes, columns.coverable)
    probabilities = [max(0.0, p) for p in probabilities]
    total = sum(probabilities)
    distribution = [
        (comp, p / total)
        for comp, p in zip(columns.found, probabilities, strict=True)
        if p / total > 1e-12
    ]
    chances = chances_of(distribution, sizes)
    lowest = min(chances) if chances else 0.0
    return Solution(
        distribution=distribution,
        chances=chances,
        lowest=lowest,
        rounds=columns.rounds,
        # The dual values may put the lowest a rounding error above the proven bound.
        upper=max(upper, lowest),
        relaxed=columns.relaxed,
        method="maximin" if lowest >= upper * (1 - GAP) - 1e-12 else "near maximin",
        spent=columns.spent,
    )
