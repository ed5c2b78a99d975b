"""Benchmark of the klankbordgroep draw: CPU time and chances per pool size and method.

    .venv/bin/python bench/draw.py                  # 300, 1,000, 3,000 and 10,000 people
    .venv/bin/python bench/draw.py 300 1000         # chosen sizes
    .venv/bin/python bench/draw.py --quick          # 300 and 1,000, library limit 10 min
    .venv/bin/python bench/draw.py --limit 600 --methods ours 3000
    .venv/bin/python bench/draw.py --reuse bench/results/draw-A.json,draw-B.json

`--reuse` takes the rows of earlier result files instead of running them again (the
library's maximin spends up to half an hour per pool; its figures do not change with our
code): a row from a file is marked with that file's name, and a later file's row for the
same pool and method wins.

Two pool shapes:

- `few`: five categories (municipality, age band, gender, two lived-experience yes/no
  features), a group of 15; a few hundred answer profiles whatever the pool size.
- `unique`: twelve yes/no features plus municipality, age band and gender, a group of 20,
  a pool that leans older and female against quotas that do not; nearly everyone has a
  profile of their own.

Methods: our maximin, our leximin and `sortition-algorithms` 0.12.15's maximin (HiGHS),
each in a child process stopped after `--limit` seconds of CPU time (default 30 minutes). Reported:
CPU time of that process (the machine may be shared, so not wall time), the lowest chance,
the second-lowest *level* (the lowest chance above the lowest, 1e-6 apart), the median
chance and how many people have the lowest. JSON goes to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import platform
import queue
import random
import resource
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from burgerplatform.consultations import leximin, maximin, sortition  # noqa: E402
from burgerplatform.consultations.sortition import PoolRow, QuotaRule  # noqa: E402

TOWNS = ["Aalter", "Assenede", "Eeklo", "Kaprijke", "Lievegem", "Maldegem", "Sint-Laureins",
         "Zelzate"]  # fmt: skip
AGES = ["18-29", "30-44", "45-64", "65-79", "80+"]
GENDERS = ["woman", "man", "other"]
LIVED = (("chronic", 0.25), ("carer", 0.3))
FLAGS = tuple(
    (f"experience {i + 1}", p)
    for i, p in enumerate([0.5, 0.45, 0.4, 0.35, 0.3, 0.3, 0.25, 0.2, 0.15, 0.12, 0.1, 0.08])
)


def few_pool(size: int, seed: int = 1) -> list[PoolRow]:
    rng = random.Random(seed)
    return [
        PoolRow(
            f"p{i:05d}",
            {
                "town": frozenset([rng.choice(TOWNS)]),
                "age": frozenset([rng.choices(AGES, weights=[2, 3, 4, 3, 1])[0]]),
                "gender": frozenset([rng.choices(GENDERS, weights=[10, 9, 1])[0]]),
                "lived": frozenset(v for v, p in LIVED if rng.random() < p),
            },
        )
        for i in range(size)
    ]


FEW_GROUP = 15
FEW_QUOTAS = (
    [QuotaRule("town", t, False, 1, 3, t) for t in TOWNS]
    + [
        QuotaRule("age", "65-79", False, 2, 5, "65-79"),
        QuotaRule("age", "18-29", False, 2, 5, "18-29"),
    ]
    + [QuotaRule("gender", g, False, 6, 9, g) for g in ("woman", "man")]
    + [
        QuotaRule("lived", "chronic", True, 3, 8, "chronic"),
        QuotaRule("lived", "carer", True, 3, 8, "carer"),
    ]
)


def unique_pool(size: int, seed: int = 1) -> list[PoolRow]:
    """Leaning older and female, against quotas that follow the population."""
    rng = random.Random(seed)
    return [
        PoolRow(
            f"p{i:05d}",
            {
                "town": frozenset([rng.choices(TOWNS, weights=[4, 2, 3, 1, 4, 3, 1, 2])[0]]),
                "age": frozenset([rng.choices(AGES, weights=[1, 2, 4, 5, 2])[0]]),
                "gender": frozenset([rng.choices(GENDERS, weights=[12, 7, 1])[0]]),
                "lived": frozenset(v for v, p in FLAGS if rng.random() < p),
            },
        )
        for i in range(size)
    ]


UNIQUE_GROUP = 20
UNIQUE_QUOTAS = (
    [QuotaRule("town", t, False, low, low + 2, t)
     for t, low in zip(TOWNS, [2, 1, 2, 1, 2, 2, 1, 1], strict=True)]
    + [QuotaRule("age", a, False, low, high, a)
       for a, low, high in zip(AGES, [3, 4, 5, 3, 1], [5, 6, 7, 5, 2], strict=True)]
    + [QuotaRule("gender", "woman", False, 9, 11, "woman"),
       QuotaRule("gender", "man", False, 9, 11, "man"),
       QuotaRule("gender", "other", False, 0, 1, "other")]
    + [QuotaRule("lived", v, True, max(1, round(p * 20)), round(p * 30) + 1, v) for v, p in FLAGS]
)  # fmt: skip

SCENARIOS = {
    "few": (few_pool, FEW_QUOTAS, FEW_GROUP),
    "unique": (unique_pool, UNIQUE_QUOTAS, UNIQUE_GROUP),
}


def library_input(rows: list[PoolRow], quotas: list[QuotaRule], size: int) -> tuple[Any, Any]:
    """Features and people in `sortition-algorithms`' shape: one value per feature."""
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


def library_chances(rows: list[PoolRow], quotas: list[QuotaRule], size: int) -> dict[str, float]:
    from sortition_algorithms.committee_generation.maximin import find_distribution_maximin

    features, people = library_input(rows, quotas, size)
    panels, probabilities, _ = find_distribution_maximin(features, people, size, [])
    # It starts HiGHS's thread scheduler with every core; ours asks for one thread (the
    # same answer on every machine), which HiGHS then refuses ("Not Set") in this process.
    import highspy

    highspy.Highs.resetGlobalScheduler(True)
    chance = dict.fromkeys((r.pid for r in rows), 0.0)
    for panel, p in zip(panels, probabilities, strict=True):
        for pid in panel:
            chance[pid] += p
    return chance


def our_chances(
    rows: list[PoolRow], quotas: list[QuotaRule], size: int, method: str
) -> tuple[dict[str, float], dict[str, Any]]:
    groups = sortition.profiles(rows, quotas)
    by_pid = {row.pid: row for row in rows}
    first_of = [by_pid[pids[0]] for pids in groups]
    limits = [
        maximin.Limit(
            tuple(t for t, row in enumerate(first_of) if sortition.has_value(row, q)), q.min, q.max
        )
        for q in quotas
    ]
    sizes = [len(g) for g in groups]
    if method == "leximin":
        # As a draw runs it: its work after the lowest chance bounded by the draw's budget.
        solution = leximin.solve(sizes, limits, size, budget=sortition.LEXIMIN_BUDGET)
    else:
        solution = maximin.solve(sizes, limits, size, budget=sortition.MAXIMIN_BUDGET)
    chances = {pid: solution.chances[t] for t, pids in enumerate(groups) for pid in pids}
    return chances, {
        "profiles": len(groups),
        "solved_as": solution.method,
        "levels": solution.levels,
        "compositions": len(solution.distribution),
        "pricing_rounds": solution.rounds,
        "upper_bound": solution.upper,
        "relaxation_bound": solution.relaxed,
        # How far the lowest chance is from the proven bound (0 at maximin), and whether
        # maximin's budget stopped it (see sortition.MAXIMIN_BUDGET).
        "gap_to_bound": 1 - solution.share,
        "budget_spent": solution.spent,
    }


def _child(scenario: str, size: int, method: str, limit: float, out: Any) -> None:
    # The limit is on CPU time: on a shared machine a wall-clock limit would stop a run
    # for what the others do.
    resource.setrlimit(resource.RLIMIT_CPU, (int(limit), int(limit) + 5))
    logging.disable(logging.INFO)
    make, quotas, group = SCENARIOS[scenario]
    rows = make(size)
    started = time.process_time()
    extra: dict[str, Any] = {}
    try:
        if method == "library maximin":
            chances = library_chances(rows, quotas, group)
        else:
            chances, extra = our_chances(rows, quotas, group, method.removeprefix("our "))
    except Exception as error:  # reported as a failure, not as a run out of time
        out.put({"error": f"{type(error).__name__}: {error}"})
        return
    out.put({"cpu_seconds": round(time.process_time() - started, 2), "chances": chances, **extra})


def summary(chances: dict[str, float]) -> dict[str, Any]:
    values = sorted(chances.values())
    lowest = values[0]
    above = [v for v in values if v > lowest + 1e-6]
    return {
        "lowest": round(lowest, 6),
        "second_lowest_level": round(above[0], 6) if above else None,
        "median": round(statistics.median(values), 6),
        "at_lowest": len(values) - len(above),
    }


def run(scenario: str, size: int, method: str, limit: float) -> dict[str, Any]:
    """One method on one pool in a child process, stopped after `limit` CPU seconds."""
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=_child, args=(scenario, size, method, limit, out))
    child.start()
    row: dict[str, Any] = {"scenario": scenario, "pool": size, "method": method}
    result = None
    while result is None:
        try:
            result = out.get(timeout=5)
        except queue.Empty:
            if not child.is_alive():
                row["finished"] = False
                row["note"] = f"stopped after {limit:.0f} s of CPU time"
                return row
    child.join()
    if "error" in result:
        row["finished"] = False
        row["note"] = f"failed: {result['error']}"
        return row
    chances = result.pop("chances")
    row.update({"finished": True, **result, **summary(chances)})
    return row


def reused_rows(files: str) -> dict[tuple[str, int, str], dict[str, Any]]:
    """The rows of earlier result files, by (scenario, pool, method), each marked with its
    file; a later file wins. A row that was not run is no figure: left out, so that this
    run decides afresh what to say (or to run) there."""
    rows: dict[tuple[str, int, str], dict[str, Any]] = {}
    for name in filter(None, files.split(",")):
        path = Path(name)
        if not path.exists():
            path = Path(__file__).parent / "results" / name
        for row in json.loads(path.read_text())["results"]:
            if row.get("note", "").startswith("not run"):
                continue
            rows[(row["scenario"], row["pool"], row["method"])] = {**row, "from": path.name}
    return rows


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--quick", action="store_true", help="300 and 1,000; limit 10 min")
    parser.add_argument("--limit", type=float, help="CPU seconds per run (default 1800)")
    parser.add_argument("--scenarios", default="few,unique")
    parser.add_argument(
        "--methods", default="ours,library", help="comma-separated: ours, maximin, leximin, library"
    )
    parser.add_argument(
        "--reuse",
        default="",
        help="comma-separated earlier result files whose rows are taken instead of run",
    )
    parser.add_argument(
        "--only-reuse",
        default="",
        help="with --reuse: a row no file holds is not run but says this (why it is missing)",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or ([300, 1000] if args.quick else [300, 1000, 3000, 10000])
    limit = args.limit or (600.0 if args.quick else 1800.0)
    asked = set(args.methods.split(","))
    methods = []
    if asked & {"ours", "maximin"}:
        methods.append("our maximin")
    if asked & {"ours", "leximin"}:
        methods.append("our leximin")
    if "library" in asked:
        methods.append("library maximin")
    reused = reused_rows(args.reuse)
    results = []
    print(
        f"{'scenario':>8} {'pool':>6} {'method':>16} {'cpu s':>8} {'profiles':>8} "
        f"{'lowest':>8} {'2nd level':>9} {'median':>8} {'at lowest':>9}"
    )
    out = Path(__file__).parent / "results" / f"draw-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    for scenario in args.scenarios.split(","):
        # A method stopped at a size is not run at the larger sizes of the same pool shape
        # (every method takes longer on a larger pool): it would only spend the limit again.
        stopped: dict[str, int] = {}
        for size in sorted(sizes):
            for method in methods:
                if (scenario, size, method) in reused:
                    r = reused[(scenario, size, method)]
                    if not r["finished"] and not r.get("note", "").startswith("not run"):
                        stopped[method] = size
                elif method in stopped:
                    r = {
                        "scenario": scenario,
                        "pool": size,
                        "method": method,
                        "finished": False,
                        "note": f"not run: stopped at {stopped[method]:,} people already",
                    }
                elif args.only_reuse:
                    r = {
                        "scenario": scenario,
                        "pool": size,
                        "method": method,
                        "finished": False,
                        "note": f"not run: {args.only_reuse}",
                    }
                else:
                    r = run(scenario, size, method, limit)
                    if not r["finished"]:
                        stopped[method] = size
                results.append(r)
                if r["finished"]:
                    second = r["second_lowest_level"]
                    print(
                        f"{scenario:>8} {size:>6} {method:>16} {r['cpu_seconds']:>8} "
                        f"{r.get('profiles', '-'):>8} {r['lowest']:>8.5f} "
                        f"{second if second is not None else '-':>9} {r['median']:>8.5f} "
                        f"{r['at_lowest']:>9}",
                        flush=True,
                    )
                else:
                    print(f"{scenario:>8} {size:>6} {method:>16} {r['note']}", flush=True)
                if "from" in r:
                    print(f"{'':>8} {'':>6} {'':>16} (from {r['from']})", flush=True)
                # Written after every run: a long benchmark stopped midway keeps its figures.
                out.write_text(
                    json.dumps(
                        {
                            "machine": platform.platform(),
                            "python": platform.python_version(),
                            "limit_seconds": limit,
                            "results": results,
                        },
                        indent=2,
                    )
                )
    print(f"written to {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
