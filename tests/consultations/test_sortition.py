"""The fair draw as pure functions: quotas, infeasible quotas, replay, rotation."""

from __future__ import annotations

import random
import statistics

import pytest

from burgerplatform.consultations import sortition
from burgerplatform.consultations.sortition import DrawError, PoolRow, QuotaRule

TOWNS = ["Eeklo", "Maldegem", "Aalter"]
LIVED = ["chronic", "carer", "disability"]


def make_pool(n: int, seed: int = 7) -> list[PoolRow]:
    rng = random.Random(seed)
    return [
        PoolRow(
            f"p{i:03d}",
            {
                "town": frozenset([rng.choice(TOWNS)]),
                "lived": frozenset(rng.sample(LIVED, rng.randint(0, 2))),
            },
        )
        for i in range(n)
    ]


QUOTAS = [
    QuotaRule("town", "Eeklo", False, 1, 3, "Eeklo"),
    QuotaRule("town", "Maldegem", False, 1, 3, "Maldegem"),
    QuotaRule("town", "Aalter", False, 1, 3, "Aalter"),
    QuotaRule("lived", "carer", True, 2, 4, "carer"),
]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_every_drawn_group_meets_every_quota(seed):
    rows = make_pool(24, seed)
    result = sortition.draw(rows, QUOTAS, 5, seed)
    group = [r for r in rows if r.pid in result.selected]
    assert len(group) == 5
    assert sortition.meets_quotas(group, QUOTAS)
    # Every composition the lottery could have picked meets the quotas, whoever of each
    # profile it seats.
    by_id = {r.pid: r for r in rows}
    for composition, _p in result.distribution:
        for pick in (lambda g, n: g[:n], lambda g, n: g[-n:]):
            panel = [by_id[p] for t, n in composition for p in pick(result.profiles[t], n)]
            assert len(panel) == 5 and sortition.meets_quotas(panel, QUOTAS)
    # Everyone eligible has a real chance; the chances add up to the group size.
    assert min(result.probabilities.values()) > 0
    assert sum(result.probabilities.values()) == pytest.approx(5, abs=1e-4)


def test_a_quota_asking_more_people_than_the_pool_has_says_which_and_how_many_short():
    rows = make_pool(12)
    carers = sum(1 for r in rows if "carer" in r.features["lived"])
    quota = QuotaRule("lived", "carer", True, carers + 2, 5, "Informal carer")
    with pytest.raises(DrawError) as caught:
        sortition.draw(rows, [quota], 5, 1)
    message = str(caught.value.message)
    assert "Informal carer" in message and "(2 short)" in message


def test_minimums_that_need_more_seats_than_the_group_has_are_refused_clearly():
    rows = make_pool(30)
    quotas = [QuotaRule("town", t, False, 2, 5, t) for t in TOWNS]
    with pytest.raises(DrawError) as caught:
        sortition.check_feasible(rows, quotas, 5)
    assert "6" in str(caught.value.message) and "(1 too many)" in str(caught.value.message)


def test_a_group_larger_than_the_pool_is_refused():
    with pytest.raises(DrawError, match="3 short"):
        sortition.check_feasible(make_pool(4), [], 7)


def test_the_same_seed_replays_the_same_group_from_the_stored_distribution():
    rows = make_pool(24, 1)
    first = sortition.draw(rows, QUOTAS, 5, seed=20261127)
    # Replaying needs only the stored distribution and seed, not the solver (whose own
    # runs differ between processes): stored as JSON and read back, it picks the same group.
    import json

    profiles = json.loads(json.dumps(first.profiles))
    stored = json.loads(json.dumps(first.distribution))
    for _ in range(3):
        assert sorted(sortition.pick(profiles, stored, 20261127)) == first.selected
    assert sortition.pool_hash(rows) == first.pool_hash


def test_the_pool_fingerprint_changes_when_an_answer_changes():
    rows = make_pool(10)
    changed = [*rows[:-1], PoolRow(rows[-1].pid, {"town": frozenset(["Elsewhere"])})]
    assert sortition.pool_hash(rows) != sortition.pool_hash(changed)
    assert sortition.pool_hash(rows) == sortition.pool_hash(list(reversed(rows)))


def test_a_replacement_keeps_the_quotas_whenever_someone_fits():
    rows = make_pool(24)
    result = sortition.draw(rows, QUOTAS, 5, 3)
    by_id = {r.pid: r for r in rows}
    group = [by_id[p] for p in result.selected]
    others = [r for r in rows if r.pid not in result.selected]
    for leaver in group:
        staying = [r for r in group if r is not leaver]
        new = sortition.replacement(staying, others, QUOTAS, seed=9)
        fitting = [c for c in others if sortition.meets_quotas([*staying, c], QUOTAS)]
        if fitting:
            assert new in fitting
        else:
            assert new is None
    # Someone with the leaver's own answers always fits.
    twin = PoolRow("twin", dict(group[0].features))
    new = sortition.replacement(group[1:], [twin], QUOTAS, seed=1)
    assert new == twin


def _seat_spread(rows, rounds: int, last_rounds: int) -> tuple[list[int], dict[str, list[int]]]:
    history: dict[str, list[int]] = {r.pid: [] for r in rows}
    for n in range(rounds):
        recent = sortition.rotation_exclusions(history, n, last_rounds) if last_rounds else set()
        result = sortition.draw(rows, [], 3, seed=1000 + n, recently_seated=recent, fallback=True)
        for pid in result.selected:
            history[pid].append(n)
    return [len(seats) for seats in history.values()], history


def test_rotation_leaves_out_recent_members_and_spreads_seats_more_evenly(capsys):
    rows = make_pool(9)
    with_rotation, history = _seat_spread(rows, 20, last_rounds=2)
    without, _ = _seat_spread(rows, 20, last_rounds=0)
    # Nobody is drawn within 2 rounds of a seat.
    for seats in history.values():
        assert all(b - a > 2 for a, b in zip(seats, seats[1:], strict=False))
    spread_with, spread_without = statistics.pstdev(with_rotation), statistics.pstdev(without)
    with capsys.disabled():
        print(
            f"\nseats per person over 20 rounds, with rotation: {sorted(with_rotation)} "
            f"(sd {spread_with:.2f}); without: {sorted(without)} (sd {spread_without:.2f})"
        )
    assert spread_with < spread_without
    assert max(with_rotation) - min(with_rotation) <= 1


def test_a_draw_recorded_before_profiles_replays_the_same_group_after_the_upgrade():
    import importlib.util
    from pathlib import Path

    import burgerplatform

    path = next(Path(burgerplatform.__file__).parent.glob("migrations/versions/*_draw_profiles.py"))
    spec = importlib.util.spec_from_file_location("draw_profiles", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)

    def old_pick(panels, seed):  # the pick of records made before profiles
        point = random.Random(seed).random() * sum(p for _panel, p in panels)
        for panel, p in panels:
            point -= p
            if point < 0:
                return panel
        return panels[-1][0]

    panels = [[["p01", "p02", "p07"], 0.25], [["p02", "p05", "p09"], 0.5], [["p03", "p04"], 0.25]]
    profiles, distribution = migration.as_profiles(panels)
    for seed in range(50):
        assert sorted(sortition.pick(profiles, distribution, seed)) == old_pick(panels, seed)
