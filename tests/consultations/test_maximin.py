"""Our maximin and leximin on answer profiles are as fair as on people.

Checked against every feasible panel listed one by one on small pools, against the
Sortition Foundation's `sortition-algorithms` (which solves maximin person by person, and
only to within its tolerance of 0.0005) on pools of 60 to 200 where nearly everyone has a
profile of their own, and against the same pool with its quotas and people reordered.
"""

from __future__ import annotations

import importlib.util
import itertools
import logging
import os
import random
from pathlib import Path

import pytest

from burgerplatform.consultations import leximin, maximin, sortition
from burgerplatform.consultations.sortition import PoolRow, QuotaRule

logging.getLogger("sortition_algorithms").setLevel(logging.WARNING)

TOWNS = ["Eeklo", "Maldegem", "Aalter"]
AGES = ["18-29", "30-64", "65+"]


def make_pool(n: int, seed: int) -> list[PoolRow]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        lived = {v for v, p in (("chronic", 0.3), ("carer", 0.25)) if rng.random() < p}
        rows.append(
            PoolRow(
                f"p{i:03d}",
                {
                    "town": frozenset([rng.choices(TOWNS, weights=[5, 3, 1])[0]]),
                    "age": frozenset([rng.choice(AGES)]),
                    "lived": frozenset(lived),
                },
            )
        )
    return rows


QUOTAS = [
    QuotaRule("town", "Aalter", False, 1, 2, "Aalter"),
    QuotaRule("town", "Eeklo", False, 1, 3, "Eeklo"),
    QuotaRule("age", "65+", False, 2, 3, "65+"),
    QuotaRule("lived", "carer", True, 1, 3, "carer"),
    QuotaRule("lived", "chronic", True, 2, 4, "chronic"),
]


def _bench():
    """bench/draw.py: its pools and its adapter to the library's input."""
    path = Path(__file__).resolve().parents[2] / "bench" / "draw.py"
    spec = importlib.util.spec_from_file_location("bench_draw", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_over_every_panel(rows: list[PoolRow], quotas: list[QuotaRule], size: int) -> float:
    """Maximin by brute force: one-person profiles and every feasible panel as a column."""
    panels = [
        tuple(1 if r in panel else 0 for r in rows)
        for panel in itertools.combinations(rows, size)
        if sortition.meets_quotas(list(panel), quotas)
    ]
    covered = [i for i in range(len(rows)) if any(panel[i] for panel in panels)]
    probabilities = maximin._primal(panels, [1] * len(rows), covered)
    return min(
        sum(p for panel, p in zip(panels, probabilities, strict=True) if panel[i]) for i in covered
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_lowest_chance_is_the_best_any_lottery_over_panels_can_give(seed):
    rows = make_pool(14, seed)
    result = sortition.draw(rows, QUOTAS, 5, seed)
    assert min(result.probabilities.values()) == pytest.approx(
        best_over_every_panel(rows, QUOTAS, 5), abs=1e-6
    )


def test_everyone_of_a_profile_has_the_same_chance_and_the_chances_add_up_to_the_seats():
    rows = make_pool(80, 6)
    result = sortition.draw(rows, QUOTAS, 9, 1)
    for group in result.profiles:
        assert len({result.probabilities[pid] for pid in group}) == 1
    assert sum(result.probabilities.values()) == pytest.approx(9, abs=1e-4)
    assert sum(p for _c, p in result.distribution) == pytest.approx(1, abs=1e-9)


def test_a_profile_the_quotas_keep_out_has_no_chance_and_the_others_still_do():
    rows = make_pool(40, 7)
    # Nobody from Maldegem may sit: they can never be drawn, everyone else can.
    quotas = [*QUOTAS, QuotaRule("town", "Maldegem", False, 0, 0, "Maldegem")]
    result = sortition.draw(rows, quotas, 5, 2)
    for row in rows:
        chance = result.probabilities[row.pid]
        assert (chance == 0) == ("Maldegem" in row.features["town"])


def test_quotas_that_only_clash_together_are_named_and_the_others_are_not():
    # Here no over-65 cares for someone: at least 4 over-65s and at least 3 carers
    # cannot share a group of 6, though each quota alone can be met. The town quota
    # plays no part and is not named.
    rows = [
        PoolRow(f"o{i}", {"age": frozenset(["65+"]), "lived": frozenset(), "town": {"Eeklo"}})
        for i in range(5)
    ] + [
        PoolRow(f"c{i}", {"age": frozenset(["30-64"]), "lived": {"carer"}, "town": {"Eeklo"}})
        for i in range(5)
    ]
    quotas = [
        QuotaRule("town", "Eeklo", False, 1, 6, "Eeklo"),
        QuotaRule("age", "65+", False, 4, 6, "65+"),
        QuotaRule("lived", "carer", True, 3, 6, "carer"),
    ]
    with pytest.raises(sortition.DrawError) as caught:
        sortition.draw(rows, quotas, 6, 1)
    message = str(caught.value.message)
    assert "the group has 6" in message
    assert "“65+”: at least 4" in message and "“carer”: at least 3" in message
    assert "Eeklo" not in message


def test_the_pick_takes_the_seats_of_the_composition_from_each_profile():
    profiles = [["a", "b", "c"], ["d"], ["e", "f"]]
    distribution = [([[0, 2], [2, 1]], 0.5), ([[0, 1], [1, 1], [2, 1]], 0.5)]
    for seed in range(20):
        group = sortition.pick(profiles, distribution, seed)
        assert len(group) == 3 == len(set(group))
        counts = [sum(1 for pid in group if pid in p) for p in profiles]
        assert counts in ([2, 0, 1], [1, 1, 1])


def _limits(rows: list[PoolRow], quotas: list[QuotaRule]):
    groups = sortition.profiles(rows, quotas)
    by_pid = {row.pid: row for row in rows}
    first_of = [by_pid[pids[0]] for pids in groups]
    limits = [
        maximin.Limit(
            tuple(t for t, row in enumerate(first_of) if sortition.has_value(row, q)), q.min, q.max
        )
        for q in quotas
    ]
    return groups, [len(pids) for pids in groups], limits


def per_person(rows, quotas, size, solver=leximin.solve) -> dict[str, float]:
    groups, sizes, limits = _limits(rows, quotas)
    solution = solver(sizes, limits, size)
    return {pid: solution.chances[t] for t, pids in enumerate(groups) for pid in pids}


def leximin_over_every_panel(rows, quotas, size) -> dict[str, float]:
    """Leximin by brute force, differently from ours: every feasible panel is a column, and
    a person is fixed once the most *they alone* can get, with everyone open at the
    stage's value, is that value."""
    import highspy

    panels = [
        {r.pid for r in panel}
        for panel in itertools.combinations(rows, size)
        if sortition.meets_quotas(list(panel), quotas)
    ]
    pids = [r.pid for r in rows]
    fixed = {pid: 0.0 for pid in pids if not any(pid in p for p in panels)}

    def best(objective_pid: str | None, floor: float | None) -> float:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        m = len(panels)
        for _ in panels:
            h.addVar(0.0, 1.0)
        h.addVar(0.0, 1.0)  # z
        h.addRow(1.0, 1.0, m, list(range(m)), [1.0] * m)
        for pid in pids:
            used = [c for c, p in enumerate(panels) if pid in p]
            if pid in fixed:
                h.addRow(fixed[pid] - 1e-9, 1.0, len(used), used, [1.0] * len(used))
            elif floor is None:
                h.addRow(0.0, 1.0, len(used) + 1, [*used, m], [1.0] * len(used) + [-1.0])
            else:
                h.addRow(floor - 1e-9, 1.0, len(used), used, [1.0] * len(used))
        if objective_pid is None:
            h.changeColCost(m, 1.0)
        else:
            for c, p in enumerate(panels):
                if objective_pid in p:
                    h.changeColCost(c, 1.0)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        h.run()
        assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        return h.getInfo().objective_function_value

    while len(fixed) < len(pids):
        level = best(None, None)
        open_ = [pid for pid in pids if pid not in fixed]
        stuck = [pid for pid in open_ if best(pid, level) <= level + 1e-7]
        for pid in stuck:
            fixed[pid] = level
    return fixed


@pytest.mark.parametrize("seed", [1, 2])
def test_leximin_gives_everyone_the_chance_the_fairest_lottery_over_every_panel_gives(seed):
    rows = make_pool(14, seed)
    ours = per_person(rows, QUOTAS, 5)
    exact = leximin_over_every_panel(rows, QUOTAS, 5)
    for pid, chance in exact.items():
        assert ours[pid] == pytest.approx(chance, abs=1e-6)


def test_leximin_keeps_the_maximin_lowest_chance_and_lifts_the_others():
    rows = make_pool(80, 8)
    lexi = sorted(per_person(rows, QUOTAS, 9).values())
    maxi = sorted(per_person(rows, QUOTAS, 9, maximin.solve).values())
    assert lexi[0] == pytest.approx(maxi[0], abs=1e-7)
    assert sum(lexi) == pytest.approx(9, abs=1e-6)
    # Sorted, leximin's chances come first at the first place they differ.
    differing = next((a, b) for a, b in zip(lexi, maxi, strict=True) if abs(a - b) > 1e-7)
    assert differing[0] > differing[1]


def unique_pool(n: int, seed: int) -> list[PoolRow]:
    """Nearly everyone a profile of their own: eight yes/no features on top."""
    rng = random.Random(seed)
    rows = make_pool(n, seed)
    flags = [f"f{i}" for i in range(8)]
    return [
        PoolRow(
            row.pid,
            {**row.features, "flags": frozenset(f for f in flags if rng.random() < 0.35)},
        )
        for row in rows
    ]


UNIQUE_QUOTAS = [
    *QUOTAS,
    *(QuotaRule("flags", f"f{i}", True, 3, 6, f"f{i}") for i in range(4)),
    *(QuotaRule("flags", f"f{i}", True, 2, 5, f"f{i}") for i in range(4, 8)),
]


@pytest.mark.parametrize("n", [60, 200])
def test_nearly_unique_profiles_get_the_libraries_lowest_chance_or_better(n):
    from sortition_algorithms.committee_generation.common import EPS

    rows = unique_pool(n, n)
    assert len(sortition.profiles(rows, UNIQUE_QUOTAS)) >= 0.9 * n
    # The library takes most of a minute at 60 on a shared machine: compared there only.
    theirs = min(_bench().library_chances(rows, UNIQUE_QUOTAS, 12).values()) if n <= 60 else None
    groups, sizes, limits = _limits(rows, UNIQUE_QUOTAS)
    solution = maximin.solve(sizes, limits, 12)
    # Proven: no lottery gives a higher lowest chance than the bound the pricing found.
    assert solution.lowest <= solution.upper <= solution.lowest * (1 + 1e-6) + 1e-12
    if theirs is not None:
        # Theirs is a lottery too, so it cannot beat ours; it stops within EPS of the best.
        assert theirs - 1e-6 <= solution.lowest <= theirs + EPS + 1e-6
        print(f"pool of {n}: lowest chance ours {solution.lowest:.6f}, theirs {theirs:.6f}")
    lexi = leximin.solve(sizes, limits, 12)
    assert lexi.lowest == pytest.approx(solution.lowest, abs=1e-7)


def test_leximin_chances_do_not_depend_on_the_order_of_quotas_or_people():
    rows = unique_pool(70, 9)
    before = per_person(rows, UNIQUE_QUOTAS, 10)
    shuffled = list(rows)
    random.Random(3).shuffle(shuffled)
    renamed = {row.pid: f"x{i:03d}" for i, row in enumerate(reversed(shuffled))}
    after = per_person(
        [PoolRow(renamed[r.pid], r.features) for r in shuffled], list(reversed(UNIQUE_QUOTAS)), 10
    )
    for pid, chance in before.items():
        assert after[renamed[pid]] == pytest.approx(chance, abs=1e-6)


@pytest.mark.parametrize("step", ["composition", "weights", "distribution"])
def test_a_leximin_solver_step_that_is_not_optimal_fails_the_draw(monkeypatch, step):
    real = maximin._check_optimal

    def stopped(solver, highspy, name):
        if name == step:
            raise maximin.SolverFailed(f"{name}: Time limit reached")
        real(solver, highspy, name)

    monkeypatch.setattr(maximin, "_check_optimal", stopped)
    groups, sizes, limits = _limits(make_pool(30, 4), QUOTAS)
    with pytest.raises(maximin.SolverFailed, match="Time limit reached"):
        leximin.solve(sizes, limits, 6)


def test_every_solver_is_made_in_one_place_with_the_same_threads():
    """HiGHS keeps one thread pool per process: a solver asking for another number of
    threads than the first one made fails to run ("Not Set"), so a draw failed after
    the quota form's clash search had made a solver with the default threads."""
    from pathlib import Path

    import burgerplatform

    makers = [
        path.relative_to(Path(burgerplatform.__file__).parent).as_posix()
        for path in Path(burgerplatform.__file__).parent.rglob("*.py")
        if "highspy.Highs(" in path.read_text()
    ]
    assert makers == ["consultations/maximin.py"]


def test_the_draw_benchmark_skips_larger_pools_for_a_method_stopped_at_a_smaller_one(
    monkeypatch, capsys
):
    """A method stopped at its CPU limit would only spend the limit again on a larger
    pool: the benchmark says so instead of running it, and runs the others."""
    bench = _bench()
    ran = []

    def fake_run(scenario, size, method, limit):
        ran.append((size, method))
        if method == "library maximin" and size >= 1000:
            return {"scenario": scenario, "pool": size, "method": method, "finished": False,
                    "note": "stopped"}  # fmt: skip
        return {"scenario": scenario, "pool": size, "method": method, "finished": True,
                "cpu_seconds": 1.0, "profiles": 1, "lowest": 0.1, "second_lowest_level": None,
                "median": 0.1, "at_lowest": 1}  # fmt: skip

    monkeypatch.setattr(bench, "run", fake_run)
    monkeypatch.setattr(bench.Path, "write_text", lambda self, text: None)
    bench.main(["--scenarios", "few", "--methods", "maximin,library", "3000", "300", "1000"])
    assert ran == [
        (300, "our maximin"), (300, "library maximin"),
        (1000, "our maximin"), (1000, "library maximin"),
        (3000, "our maximin"),
    ]  # fmt: skip
    assert "not run: stopped at 1,000 people already" in capsys.readouterr().out


def test_the_draw_benchmark_takes_earlier_rows_instead_of_running_them_and_says_where_from(
    monkeypatch, capsys, tmp_path
):
    """The library's half hour per pool is not spent again for figures that do not change
    with our code: `--reuse` takes a file's rows, marked with the file, a later file wins,
    and a reused stop keeps the larger pools of that method from running."""
    import json

    bench = _bench()
    ran = []

    def fake_run(scenario, size, method, limit):
        ran.append((size, method))
        return {"scenario": scenario, "pool": size, "method": method, "finished": True,
                "cpu_seconds": 1.0, "profiles": 1, "lowest": 0.1, "second_lowest_level": None,
                "median": 0.1, "at_lowest": 1}  # fmt: skip

    def row(size, finished, cpu):
        return {"scenario": "few", "pool": size, "method": "library maximin",
                "finished": finished, "cpu_seconds": cpu, "lowest": 0.2,
                "second_lowest_level": None, "median": 0.2, "at_lowest": 1,
                "note": "" if finished else "stopped after 1800 s of CPU time"}  # fmt: skip

    older, newer = tmp_path / "older.json", tmp_path / "newer.json"
    older.write_text(json.dumps({"results": [row(300, True, 9.0), row(1000, True, 99.0)]}))
    newer.write_text(json.dumps({"results": [row(300, True, 7.0), row(3000, False, None)]}))
    results = []
    monkeypatch.setattr(bench, "run", fake_run)
    monkeypatch.setattr(
        bench.Path, "write_text", lambda self, text: results.append(json.loads(text))
    )
    bench.main(["--scenarios", "few", "--methods", "maximin,library", "--reuse",
                f"{older},{newer}", "300", "1000", "3000", "10000"])  # fmt: skip
    assert ran == [(300, "our maximin"), (1000, "our maximin"), (3000, "our maximin"),
                   (10000, "our maximin")]  # fmt: skip
    library = {r["pool"]: r for r in results[-1]["results"] if r["method"] == "library maximin"}
    assert library[300]["cpu_seconds"] == 7.0 and library[300]["from"] == "newer.json"
    assert library[1000]["from"] == "older.json"
    assert not library[3000]["finished"] and library[3000]["from"] == "newer.json"
    assert library[10000]["note"] == "not run: stopped at 3,000 people already"
    assert "(from newer.json)" in capsys.readouterr().out
    # Assembling a report only: what no file holds is said, not run.
    ran.clear()
    bench.main(["--scenarios", "few", "--methods", "maximin,library", "--reuse", str(newer),
                "--only-reuse", "no machine time", "300", "1000"])  # fmt: skip
    assert ran == []
    rows = {(r["pool"], r["method"]): r for r in results[-1]["results"]}
    assert rows[(300, "library maximin")]["from"] == "newer.json"
    assert rows[(1000, "our maximin")]["note"] == "not run: no machine time"


def test_the_first_groups_cover_a_pool_of_unique_profiles_without_an_integer_program_each(
    monkeypatch,
):
    """The covering seats everyone by local search from the groups found; integer
    programs only start it and prove nobody is left (one per group was minutes at
    3,000 people)."""
    rows = unique_pool(400, 4)
    groups, sizes, limits = _limits(rows, UNIQUE_QUOTAS)
    assert len(groups) >= 350
    calls = []
    real = maximin.Compositions.best

    def counted(self, values, gap=0.0, start=None, nodes=None):
        calls.append(gap)
        return real(self, values, gap, start, nodes)

    monkeypatch.setattr(maximin.Compositions, "best", counted)
    columns = maximin.Columns(sizes, limits, 12)
    seated = {t for composition in columns.found for t, x in enumerate(composition) if x}
    assert seated == set(columns.coverable) and len(columns.coverable) == len(groups)
    assert len(calls) <= 5 < len(groups) // 12


def test_a_pricing_stopped_by_its_node_limit_still_gives_a_proven_bound(monkeypatch):
    """Pricing programs stop after a fixed number of nodes (the same on every machine);
    what they found and their bound still count, and the result keeps its proof."""
    rows = unique_pool(120, 6)
    groups, sizes, limits = _limits(rows, UNIQUE_QUOTAS)
    exact = maximin.solve(sizes, limits, 12)
    monkeypatch.setattr(maximin, "PRICING_NODES", 1)
    monkeypatch.setattr(maximin, "PROOF_NODES", 1)
    monkeypatch.setattr(maximin, "SEARCHES", 0)  # every round asks the integer program
    limited = maximin.solve(sizes, limits, 12)
    assert limited.lowest <= exact.upper + 1e-9
    assert exact.lowest <= limited.upper + 1e-9
    assert limited.lowest == pytest.approx(exact.lowest, rel=1e-3)
    assert sum(p for _, p in limited.distribution) == pytest.approx(1.0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_bound_from_splitting_seats_is_never_below_the_fairest_lottery(seed):
    """The linear relaxation (seats split into fractions, quotas met on expected seats)
    bounds the lowest chance from above: every lottery over real groups is one such split."""
    rows = make_pool(14, seed)
    groups, sizes, limits = _limits(rows, QUOTAS)
    columns = maximin.Columns(sizes, limits, 5)
    assert columns.relaxed >= best_over_every_panel(rows, QUOTAS, 5) - 1e-9
    assert columns.relaxed_weights.sum() == pytest.approx(1.0)


def test_the_draw_benchmark_reports_a_failed_run_as_failed_not_as_out_of_time(monkeypatch):
    bench = _bench()

    def failing(*args, **kwargs):
        raise maximin.SolverFailed("weights: Unknown")

    monkeypatch.setattr(bench, "our_chances", failing)  # the child is forked: it sees this
    row = bench.run("few", 20, "our leximin", 60)
    assert row["finished"] is False
    assert row["note"] == "failed: SolverFailed: weights: Unknown"


@pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")),
    reason="no database in it, and half a minute of solving: it runs in the SQLite pass",
)
def test_leximin_finishes_on_the_benchmarks_pool_of_100_unique_profiles():
    """The interior-point weights ended "Unknown" on this pool and the draw failed; the
    stage now falls back to crossover and keeps the maximin lowest chance."""
    bench = _bench()
    make, quotas, group = bench.SCENARIOS["unique"]
    groups, sizes, limits = _limits(make(100), list(quotas))
    lexi = leximin.solve(sizes, limits, group)
    maxi = maximin.solve(sizes, limits, group)
    assert lexi.lowest == pytest.approx(maxi.lowest, abs=1e-7)
    assert sum(p for _, p in lexi.distribution) == pytest.approx(1.0)
    assert sorted(lexi.chances)[len(lexi.chances) // 2] >= maxi.lowest - 1e-9


def test_when_everyone_can_have_the_same_chance_leximin_takes_no_longer_than_maximin():
    """Chances add up to the seats: at the lowest for everyone, nobody can be raised,
    so leximin stops after the first stage (it used to run a stage per new group)."""
    rows = [PoolRow(f"p{i:02d}", {"town": frozenset([TOWNS[i % 3]])}) for i in range(30)]
    quotas = [QuotaRule("town", t, False, 1, 3, t) for t in TOWNS]
    groups, sizes, limits = _limits(rows, quotas)
    solution = leximin.solve(sizes, limits, 6)
    assert solution.method == "leximin" and solution.levels == 1
    assert solution.chances == pytest.approx([6 / 30] * len(sizes))


def test_leximin_stopped_by_its_budget_keeps_the_lowest_chances_and_stops_the_same_way_each_time():
    rows = unique_pool(70, 9)
    groups, sizes, limits = _limits(rows, UNIQUE_QUOTAS)
    full = leximin.solve(sizes, limits, 10)
    maxi = maximin.solve(sizes, limits, 10)
    assert full.method == "leximin" and full.levels > 2
    stopped = leximin.solve(sizes, limits, 10, budget=3)
    again = leximin.solve(sizes, limits, 10, budget=3)
    assert stopped.method == "partial leximin" and 1 <= stopped.levels < full.levels
    # A count of solves, not a time: the same pool stops at the same place.
    assert stopped.chances == again.chances and stopped.distribution == again.distribution
    assert stopped.lowest == pytest.approx(maxi.lowest, abs=1e-7)
    assert sum(p for _, p in stopped.distribution) == pytest.approx(1.0)
    # Everyone keeps at least the maximin lowest chance; the levels leximin fixed before it
    # stopped are leximin's own.
    assert min(stopped.chances) >= maxi.lowest - 1e-7
    for level in sorted(set(round(c, 7) for c in full.chances))[: stopped.levels - 1]:
        assert [t for t, c in enumerate(stopped.chances) if abs(c - level) < 1e-6] == [
            t for t, c in enumerate(full.chances) if abs(c - level) < 1e-6
        ]


def test_a_draw_uses_leximin_within_its_budget_and_maximin_beyond_its_profiles(monkeypatch):
    rows = unique_pool(70, 9)
    _groups, distribution, method, _share = sortition.compute_distribution(rows, UNIQUE_QUOTAS, 10)
    assert method in ("leximin", "partial leximin")
    assert sortition.algorithm_name(method).startswith(sortition.METHODS[method])
    monkeypatch.setattr(sortition, "LEXIMIN_PROFILES", 10)
    _groups, distribution, method, share = sortition.compute_distribution(rows, UNIQUE_QUOTAS, 10)
    assert method == "maximin" and share == pytest.approx(1.0)
    # Maximin within its own budget: stopped by it, the record's name says how near.
    monkeypatch.setattr(sortition, "MAXIMIN_BUDGET", 1)
    _groups, distribution, method, share = sortition.compute_distribution(rows, UNIQUE_QUOTAS, 10)
    assert method == "near maximin" and share < 1 - maximin.NEAR
    name = sortition.algorithm_name(method, share)
    near, rest = sortition.near_share(name) or (None, "")
    assert near is not None and share - 1e-4 <= near <= share
    assert rest == sortition.algorithm_name(method)


@pytest.mark.parametrize(("n", "seed"), [(120, 6), (200, 200)])
def test_weights_from_the_middle_of_a_large_master_keep_the_proven_lowest_chance(
    monkeypatch, n, seed
):
    """On large pools the master is solved by the interior-point method without crossover
    while the local search finds groups (weights from the middle, larger batches); the
    end stays exact: the same lowest chance, within the same proven bound."""
    rows = unique_pool(n, seed)
    groups, sizes, limits = _limits(rows, UNIQUE_QUOTAS)
    exact = maximin.solve(sizes, limits, 12)
    monkeypatch.setattr(maximin, "CENTRAL_ROWS", 1)  # central from the first solve
    monkeypatch.setattr(maximin, "NEAR", 0.0)  # to the end (the stop near it: below)
    solves = []
    real_solve = maximin.Weights.solve

    def counted(self, central=False):
        answer = real_solve(self, central)
        solves.append(self.central)
        return answer

    monkeypatch.setattr(maximin.Weights, "solve", counted)
    central = maximin.solve(sizes, limits, 12)
    assert any(solves) and not solves[-1]  # central solves, then an exact one at the end
    assert central.lowest <= central.upper <= central.lowest * (1 + 1e-6) + 1e-12
    assert central.lowest == pytest.approx(exact.lowest, rel=1e-6)
    assert sum(p for _, p in central.distribution) == pytest.approx(1.0)
    assert sum(central.chances[t] * s for t, s in enumerate(sizes)) == pytest.approx(12)


def test_a_large_master_stops_near_the_proven_bound_and_the_draw_says_how_near(monkeypatch):
    """At thousands of profiles the last 0.05 % took as long as the rest: maximin stops
    once its lowest chance is within `NEAR` of a proven upper bound, and names itself
    "near maximin" so that the draw's pages say so."""
    rows = unique_pool(200, 200)
    groups, sizes, limits = _limits(rows, UNIQUE_QUOTAS)
    exact = maximin.solve(sizes, limits, 12)
    assert exact.method == "maximin"
    monkeypatch.setattr(maximin, "CENTRAL_ROWS", 1)
    monkeypatch.setattr(maximin, "NEAR", 0.05)  # 5 %: far enough to stop before the end
    solves = []
    real_solve = maximin.Weights.solve
    monkeypatch.setattr(
        maximin.Weights,
        "solve",
        lambda self, central=False: solves.append(1) or real_solve(self, central),
    )
    near = maximin.solve(sizes, limits, 12)
    assert near.method == "near maximin"
    # Within NEAR of a bound no lottery beats, so within NEAR of the best one.
    assert exact.lowest * (1 - 1e-9) <= near.upper
    assert exact.lowest * (1 - 0.05) <= near.upper * (1 - 0.05) <= near.lowest
    assert near.lowest < exact.lowest * (1 - maximin.GAP)
    # The distribution is a lottery that gives those chances.
    assert sum(p for _, p in near.distribution) == pytest.approx(1.0)
    assert near.chances == pytest.approx(maximin.chances_of(near.distribution, sizes))
    assert min(near.chances) == near.lowest
    assert sum(near.chances[t] * s for t, s in enumerate(sizes)) == pytest.approx(12)
    near_solves = len(solves)
    monkeypatch.setattr(maximin, "NEAR", 0.0)
    solves.clear()
    full = maximin.solve(sizes, limits, 12)
    assert full.method == "maximin" and full.lowest == pytest.approx(exact.lowest, rel=1e-6)
    assert near_solves < len(solves)  # it did stop early


@pytest.mark.parametrize("central", [False, True])
def test_a_maximin_its_budget_stops_gives_a_lottery_within_the_gap_it_reports(monkeypatch, central):
    """At 10,000 nearly unique profiles maximin had not ended after 16 minutes: a draw
    stops after a count of master solves with the best lottery found by then, and says how
    near the proven bound its lowest chance is. The same pool stops at the same point."""
    rows = unique_pool(200, 200)
    groups, sizes, limits = _limits(rows, UNIQUE_QUOTAS)
    exact = maximin.solve(sizes, limits, 12)
    assert exact.method == "maximin" and not exact.spent
    if central:  # the last solve from the middle of the master's face (see CENTRAL_ROWS)
        monkeypatch.setattr(maximin, "CENTRAL_ROWS", 1)
    solves = []  # the groups in the master at each solve
    real_solve = maximin.Weights.solve
    monkeypatch.setattr(
        maximin.Weights,
        "solve",
        lambda self, central=False: solves.append(self.rows - 1) or real_solve(self, central),
    )
    maximin.solve(sizes, limits, 12, budget=1)
    assert len(solves) == 1
    # The budget counts each solve by the groups it holds: this one allows two.
    budget = solves[0] + 1
    solves.clear()
    said = []
    stopped = maximin.solve(sizes, limits, 12, budget=budget, progress=said.append)
    # No solve beyond it, not even for the distribution.
    assert len(solves) == 2 and sum(solves) >= budget > solves[0]
    # The draw's job hears from it after every solve (one takes a minute at thousands of
    # profiles, and a silent job looks abandoned), the budget spent as its progress.
    assert said[-2:] == [20 + 75 * solves[0] // budget, 95]
    again = maximin.solve(sizes, limits, 12, budget=budget)
    assert stopped.spent and stopped.method == "near maximin"
    assert stopped.distribution == again.distribution and stopped.chances == again.chances
    # A lottery over groups that meet every quota, giving the chances it reports.
    assert sum(p for _, p in stopped.distribution) == pytest.approx(1.0)
    for composition, p in stopped.distribution:
        assert p > 0 and sum(composition) == 12
        assert all(lim.min <= sum(composition[t] for t in lim.members) <= lim.max for lim in limits)
        assert all(0 <= x <= sizes[t] for t, x in enumerate(composition))
    assert stopped.chances == pytest.approx(maximin.chances_of(stopped.distribution, sizes))
    assert min(stopped.chances) == stopped.lowest
    # Its gap is proven: the bound is at least the best lowest chance, so the best is at
    # most its lowest over its share.
    assert stopped.lowest == pytest.approx(stopped.share * stopped.upper, rel=1e-12)
    assert exact.lowest <= stopped.upper * (1 + 1e-9)
    assert stopped.lowest <= exact.lowest * (1 + 1e-9)
    assert 0.5 < stopped.share < 1 - maximin.NEAR  # stopped well before the end
    # With a budget it does not reach, nothing changes.
    solves.clear()
    roomy = maximin.solve(sizes, limits, 12, budget=10**9)
    assert not roomy.spent and roomy.lowest == pytest.approx(exact.lowest, rel=1e-9)


def test_a_master_solve_that_stalls_in_the_simplex_is_finished_by_the_interior_point(
    monkeypatch,
):
    """A warm-started simplex once ran for over 20 minutes on leximin's master after a
    fix (1,000 unique profiles); a solve stops after SIMPLEX_ITERATIONS and the interior
    point with crossover finishes it: the same chances, and no draw that never ends."""
    rows = unique_pool(120, 6)
    groups, sizes, limits = _limits(rows, UNIQUE_QUOTAS)
    before = leximin.solve(sizes, limits, 12)
    monkeypatch.setattr(maximin, "SIMPLEX_ITERATIONS", 1)  # every simplex solve "stalls"
    fallbacks = []
    real_method = maximin.Weights._method

    def method(self, name, crossover):
        fallbacks.append(name)
        return real_method(self, name, crossover)

    monkeypatch.setattr(maximin.Weights, "_method", method)
    after = leximin.solve(sizes, limits, 12)
    assert "ipm" in fallbacks
    assert after.method == before.method == "leximin"
    assert after.chances == pytest.approx(before.chances, abs=1e-6)


@pytest.mark.parametrize("seed", [8, 49])
def test_weights_from_the_middle_reach_the_best_lottery_below_the_split_seats_bound(
    monkeypatch, seed
):
    """Pools where splitting seats promises more than any lottery over real groups gives:
    the central phase does not stop at that bound, the exact end finds the best lottery."""
    rows = unique_pool(14, seed)
    quotas = UNIQUE_QUOTAS[:7]
    groups, sizes, limits = _limits(rows, quotas)
    monkeypatch.setattr(maximin, "CENTRAL_ROWS", 1)
    solution = maximin.solve(sizes, limits, 5)
    best = best_over_every_panel(rows, quotas, 5)
    assert solution.relaxed > best * (1 + 1e-3)
    assert solution.lowest == pytest.approx(best, abs=1e-9)
    assert solution.upper == pytest.approx(best, abs=1e-9)


@pytest.mark.parametrize(("short", "own_program"), [(0.3, False), (30.0, True)])
def test_a_distribution_short_by_a_rounding_is_kept_and_a_larger_shortfall_is_solved_again(
    monkeypatch, short, own_program
):
    """The master's dual values are the distribution unless they leave someone short of
    the lowest chance by more than the bounds may be apart (`GAP`): then a linear program
    of its own gives it (at 3,000 unique profiles that took longer than all the rest)."""
    rows = unique_pool(60, 3)
    groups, sizes, limits = _limits(rows, UNIQUE_QUOTAS)
    exact = maximin.solve(sizes, limits, 12)
    real_distribution = maximin.Weights.distribution

    def rounded(self):
        # Move a little probability from the likeliest group to a group nobody needs:
        # the lowest chance drops by about `short` times GAP (relative).
        p = real_distribution(self)
        top = max(range(len(p)), key=p.__getitem__)
        p[top] -= short * maximin.GAP * exact.lowest
        p[min(range(len(p)), key=p.__getitem__)] += short * maximin.GAP * exact.lowest
        return p

    programs = []
    real_primal = maximin._primal
    monkeypatch.setattr(maximin.Weights, "distribution", rounded)
    monkeypatch.setattr(maximin, "_primal", lambda *a: programs.append(1) or real_primal(*a))
    solution = maximin.solve(sizes, limits, 12)
    assert bool(programs) == own_program
    assert solution.upper == pytest.approx(exact.upper, rel=1e-9)
    assert solution.lowest >= solution.upper * (1 - maximin.GAP) - 1e-12
    assert sum(p for _, p in solution.distribution) == pytest.approx(1.0)
