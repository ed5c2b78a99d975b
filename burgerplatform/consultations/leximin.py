"""Leximin on HiGHS: after the lowest chance, raise the second lowest, and so on.

The Nature paper's headline algorithm (Flanigan et al. 2021; the `sortition-algorithms`
library offers it only with the commercial Gurobi). Stage after stage, column generation
(see `maximin.Columns`) finds the highest chance z that every profile not fixed yet can
get while the fixed ones keep theirs. Every profile whose weight in the dual is positive
cannot get more than z in any best distribution (complementary slackness), so its chance
is fixed at z; at least one is fixed per stage. The leximin chances are unique (the best
under a strict order on a convex set), so they do not depend on the order in which
quotas or people are listed, up to the solver's tolerances.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from burgerplatform.consultations import maximin
from burgerplatform.consultations.maximin import Limit, Solution

# A dual weight above this marks a profile whose chance cannot rise.
POSITIVE = 1e-9
# The same, for weights from the interior-point method (less exact than the simplex's).
INTERIOR = 1e-6
# Fixed chances are lowered by this much so that rounding never makes the next stage
# infeasible.
SLACK = 1e-10


def solve(
    sizes: Sequence[int],
    limits: Sequence[Limit],
    seats: int,
    progress: Callable[[int], None] | None = None,
    budget: int | None = None,
) -> Solution:
    """The leximin distribution over compositions for profiles of `sizes` people.

    With `budget`, the work after the lowest chance is bounded: each solve of the
    restricted master and each check of a stage's weights counts one. When it is spent,
    the levels fixed so far keep their chances and every other profile gets at least
    what the compositions found by then give them all (`Solution.method` is then
    "partial leximin"): still leximin for the lowest levels, maximin above them. A count,
    not a time, so that the same pool always stops at the same level on every machine.

    Raises `maximin.Infeasible` when no composition meets the limits."""
    columns = maximin.Columns(sizes, limits, seats, progress)
    weights = columns.weights
    assert weights is not None
    open_ = set(columns.coverable)
    # The value of the stage: the chance every open profile can get at least.
    chance, y, _upper = columns.stage()
    lowest = chance
    if _everyone_equal(columns, chance):
        # Chances add up to the seats: at the lowest, nobody can be raised.
        _fix(weights, open_, sorted(open_), chance)
        return _solution(columns, sizes, lowest, levels=1, complete=True)
    levels = 0
    if budget is not None:
        weights.limit = weights.solves + budget
    try:
        while open_:
            interior = _interior_weights(columns)
            while interior is None:
                chance, y, _upper = columns.stage()
                interior = _interior_weights(columns)
            fixing = [t for t in sorted(open_) if y[t] > POSITIVE or interior[t] > INTERIOR]
            if not fixing:  # rounding hid every weight: the heaviest open one binds
                fixing = [max(sorted(open_), key=lambda t: y[t])]
            _fix(weights, open_, fixing, chance)
            levels += 1
            weights.last = None
            if progress:
                done = len(columns.coverable) - len(open_)
                progress(20 + 75 * done // len(columns.coverable))
            if open_:
                chance, y, _upper = columns.stage()
    except maximin.Spent:
        # What the master last gave every open profile (after the last fix), or else the
        # last stage's value: either is within reach of all of them together.
        floor = max(chance, weights.last if weights.last is not None else chance)
        weights.limit = None
        _fix(weights, open_, sorted(open_), floor)
        return _solution(columns, sizes, lowest, levels + 1, complete=False)
    return _solution(columns, sizes, lowest, levels, complete=True)


def _solution(
    columns: maximin.Columns, sizes: Sequence[int], lowest: float, levels: int, complete: bool
) -> Solution:
    assert columns.weights is not None
    distribution = _distribution(columns, columns.weights.fixed)
    chances = maximin.chances_of(distribution, sizes)
    return Solution(
        distribution=distribution,
        chances=chances,
        lowest=min(chances) if chances else 0.0,
        rounds=columns.rounds,
        upper=lowest,
        relaxed=columns.relaxed,
        levels=levels,
        method="leximin" if complete else "partial leximin",
    )


def _everyone_equal(columns: maximin.Columns, chance: float) -> bool:
    """Every profile that can be seated has the lowest chance: chances add up to the
    seats, so when the lowest times the people who can be seated is the seats, nobody
    can be raised without lowering someone (the leximin distribution is the maximin one)."""
    people = sum(columns.sizes[t] for t in columns.coverable)
    return chance * people >= columns.seats * (1 - 1e-9)


def _fix(weights: maximin.Weights, open_: set[int], fixing: list[int], chance: float) -> None:
    fixed = {t: max(0.0, chance - SLACK) for t in fixing}
    open_.difference_update(fixing)
    if open_:
        weights.fix(fixed)
    else:
        weights.fixed.update(fixed)


def _interior_weights(columns: maximin.Columns) -> list[float] | None:
    """Optimal weights of the stage from the middle of the optimal face (interior-point
    method without crossover): then every profile that must stay at the stage's value
    has a positive weight (strict complementarity), not only those of one vertex, and
    many are fixed per stage instead of one or two.

    The middle of the *restricted* master's face may still be beaten by a composition not
    found yet; an exact price checks it. If one is found it is kept and the answer is
    None (run the stage again). Solved on a copy: the master keeps its simplex basis."""
    weights = columns.weights
    assert weights is not None
    if weights.limit is not None and weights.solves >= weights.limit:
        raise maximin.Spent
    weights.solves += 1  # as much work as a solve of the master, or more
    solver, highspy = maximin.highs()
    solver.passModel(weights.solver.getLp())
    solver.setOptionValue("solver", "ipm")
    solver.setOptionValue("run_crossover", "off")
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        # Without crossover the interior-point method may end unsure ("Unknown": seen on
        # the bench's unique pool of 100); crossover then gives a vertex, optimal and
        # checked, which fixes fewer profiles per stage but the same ones in the end.
        solver.setOptionValue("run_crossover", "on")
        solver.run()
    maximin.check_optimal(solver, highspy, "weights")
    values = list(solver.getSolution().col_value)
    y, bound = values[: weights.n], values[weights.n]
    priced = columns.pricing.best([w / s for w, s in zip(y, columns.sizes, strict=True)])
    if priced.value > bound * (1 + 1e-7) + maximin.ZERO and columns.keep(priced.composition):
        return None
    return y


def _distribution(
    columns: maximin.Columns, fixed: dict[int, float]
) -> list[tuple[maximin.Composition, float]]:
    """Probabilities over the compositions found that give every profile its fixed chance
    (formally: that fall short of them by as little as possible)."""
    solver, highspy = maximin.highs()
    found = columns.found
    m = len(found)
    for _ in found:
        solver.addVar(0.0, 1.0)
    short = m
    solver.addVar(0.0, highspy.kHighsInf)
    solver.changeColCost(short, 1.0)  # minimise the shortfall
    solver.addRow(1.0, 1.0, m, list(range(m)), [1.0] * m)
    using: dict[int, list[int]] = {}
    for c, composition in enumerate(found):
        for t, x in enumerate(composition):
            if x:
                using.setdefault(t, []).append(c)
    for t, chance in sorted(fixed.items()):
        used = using.get(t, [])
        # sum_c p_c x_ct / n_t + short >= chance
        solver.addRow(
            chance, highspy.kHighsInf, len(used) + 1, [*used, short],
            [*(found[c][t] / columns.sizes[t] for c in used), 1.0],
        )  # fmt: skip
    solver.run()
    maximin.check_optimal(solver, highspy, "distribution")
    probabilities = [max(0.0, p) for p in solver.getSolution().col_value[:m]]
    total = sum(probabilities)
    return [
        (composition, p / total)
        for composition, p in zip(found, probabilities, strict=True)
        if p / total > 1e-12
    ]
