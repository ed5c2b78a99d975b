"""Our maximin on answer profiles is as fair as maximin on people.

Checked two ways on pools small enough to check: against every feasible panel listed
one by one, and against the Sortition Foundation's `sortition-algorithms`, which solves
maximin person by person (and only to within its tolerance of 0.0005).
"""

from __future__ import annotations

import itertools
import logging
import random

import pytest

from burgerplatform.consultations import maximin, sortition
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


def _library_input(rows: list[PoolRow], quotas: list[QuotaRule], size: int):
    """Features and people in the library's shape: one value per person per feature."""
    from sortition_algorithms import Settings, read_in_features, read_in_people

    columns: dict[str, list[QuotaRule]] = {}
    for q in quotas:
        columns.setdefault(f"{q.category}:{q.value}" if q.multiple else q.category, []).append(q)
    people_rows, values_of = [], {}
    for row in rows:
        person = {"id": row.pid}
        for column, qs in columns.items():
            if qs[0].multiple:
                value = "yes" if sortition.has_value(row, qs[0]) else "no"
            else:
                value = next(iter(sorted(row.features.get(qs[0].category, ()))), "-")
            person[column] = value
            values_of.setdefault(column, set()).add(value)
        people_rows.append(person)
    feature_rows = []
    for column, qs in columns.items():
        limits = {("yes" if q.multiple else q.value): (q.min, q.max) for q in qs}
        for value in sorted(values_of[column] | set(limits)):
            low, high = limits.get(value, (0, size))
            feature_rows.append({"feature": column, "value": value, "min": low, "max": high})
    feature_rows = [{k: str(v) for k, v in f.items()} for f in feature_rows]
    features, _, _ = read_in_features(["feature", "value", "min", "max"], feature_rows)
    settings = Settings(id_column="id", columns_to_keep=[], selection_algorithm="maximin")
    people, _ = read_in_people(["id", *columns], people_rows, features, settings)
    return features, people


@pytest.mark.parametrize("seed", [4, 5])
def test_the_lowest_chance_matches_the_sortition_foundations_maximin(seed):
    from sortition_algorithms.committee_generation.common import EPS
    from sortition_algorithms.committee_generation.maximin import find_distribution_maximin

    rows = make_pool(60, seed)
    features, people = _library_input(rows, QUOTAS, 8)
    panels, probabilities, _ = find_distribution_maximin(features, people, 8, [])
    chance = dict.fromkeys((r.pid for r in rows), 0.0)
    for panel, p in zip(panels, probabilities, strict=True):
        for pid in panel:
            chance[pid] += p
    theirs = min(chance.values())
    ours = min(sortition.draw(rows, QUOTAS, 8, seed).probabilities.values())
    # Theirs is a lottery too, so it cannot beat ours; it stops within EPS of the best.
    assert theirs - 1e-6 <= ours <= theirs + EPS + 1e-6
    print(f"pool of 60, group of 8: lowest chance ours {ours:.6f}, theirs {theirs:.6f}")


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
