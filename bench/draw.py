"""Benchmark of the klankbordgroep draw: time and lowest selection chance per pool size.

    .venv/bin/python bench/draw.py            # pools of 300, 1,000 and 3,000
    .venv/bin/python bench/draw.py 300 1000   # chosen sizes
    .venv/bin/python bench/draw.py wide 3000  # the demanding case below

Five categories (municipality, age band, gender, and two lived-experience yes/no
features), a group of 15, quotas as a zone would set them. Prints a table and writes
JSON to bench/results/draw-<timestamp>.json. Maximin works on answer profiles, so the
time follows the number of profiles (at most a few hundred), not the pool.

`wide` is a demanding case: three lived-experience features, quotas on every value and a
group of 30, so about 600 profiles.
"""

from __future__ import annotations

import json
import logging
import platform
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from burgerplatform.consultations import sortition  # noqa: E402
from burgerplatform.consultations.sortition import PoolRow, QuotaRule  # noqa: E402

GROUP = 15
TOWNS = [
    "Aalter",
    "Assenede",
    "Eeklo",
    "Kaprijke",
    "Lievegem",
    "Maldegem",
    "Sint-Laureins",
    "Zelzate",
]
AGES = ["18-29", "30-44", "45-64", "65-79", "80+"]
GENDERS = ["woman", "man", "other"]
LIVED = (("chronic", 0.25), ("carer", 0.3))
WIDE_LIVED = (*LIVED, ("disability", 0.15))


def make_pool(size: int, seed: int = 1, lived_features=LIVED) -> list[PoolRow]:
    rng = random.Random(seed)
    rows = []
    for i in range(size):
        lived = {v for v, p in lived_features if rng.random() < p}
        rows.append(
            PoolRow(
                f"p{i:05d}",
                {
                    "town": frozenset([rng.choice(TOWNS)]),
                    "age": frozenset([rng.choices(AGES, weights=[2, 3, 4, 3, 1])[0]]),
                    "gender": frozenset([rng.choices(GENDERS, weights=[10, 9, 1])[0]]),
                    "lived": frozenset(lived),
                },
            )
        )
    return rows


QUOTAS = (
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

WIDE_GROUP = 30
WIDE_QUOTAS = (
    [QuotaRule("town", t, False, 2, 5, t) for t in TOWNS]
    + [QuotaRule("age", a, False, 3, 10, a) for a in AGES[:4]]
    + [QuotaRule("age", "80+", False, 1, 4, "80+")]
    + [QuotaRule("gender", g, False, 10, 16, g) for g in ("woman", "man")]
    + [QuotaRule("gender", "other", False, 0, 2, "other")]
    + [QuotaRule("lived", v, True, 4, 12, v) for v, _p in WIDE_LIVED]
)


def run(size: int, wide: bool = False) -> dict:
    rows = make_pool(size, lived_features=WIDE_LIVED if wide else LIVED)
    group, quotas = (WIDE_GROUP, WIDE_QUOTAS) if wide else (GROUP, QUOTAS)
    started, cpu_started = time.perf_counter(), time.process_time()
    result = sortition.draw(rows, quotas, group, seed=2026)
    seconds = time.perf_counter() - started
    # CPU time too: on a shared 2-core machine wall time depends on what else runs.
    cpu_seconds = time.process_time() - cpu_started
    return {
        "pool": size,
        "group": group,
        "scenario": "wide" if wide else "5 categories",
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu_seconds, 1),
        "min_probability": min(result.probabilities.values()),
        "uniform_share": round(group / size, 6),
        "profiles": len(result.profiles),
        "compositions": len(result.distribution),
        "algorithm": result.algorithm,
    }


def main(argv: list[str]) -> None:
    logging.disable(logging.INFO)
    wide = "wide" in argv
    sizes = [int(a) for a in argv if a != "wide"] or [300, 1000, 3000]
    results = []
    print(
        f"{'pool':>6} {'group':>5} {'seconds':>8} {'cpu s':>8} "
        f"{'min chance':>11} {'k/n':>8} {'profiles':>8} {'compositions':>12}"
    )
    for size in sizes:
        r = run(size, wide)
        results.append(r)
        print(
            f"{r['pool']:>6} {r['group']:>5} {r['seconds']:>8} {r['cpu_seconds']:>8} "
            f"{r['min_probability']:>11.4f} "
            f"{r['uniform_share']:>8.4f} {r['profiles']:>8} {r['compositions']:>12}",
            flush=True,
        )
    out = Path(__file__).parent / "results" / f"draw-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "machine": platform.platform(),
                "python": platform.python_version(),
                "scenario": "wide" if wide else "5 categories",
                "results": results,
            },
            indent=2,
        )
    )
    print(f"written to {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
