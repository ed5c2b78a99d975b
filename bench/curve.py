"""Convergence curve of our maximin on a bench pool: CPU time, master rows, lower bound,
CPU time in master solves and in local searches, per solve of the master.

    .venv/bin/python bench/curve.py 3000 [unique|few]
    .venv/bin/python bench/curve.py CENTRAL_SEARCHES=400 CENTRAL_MISSES=20 3000

NAME=value arguments first set `maximin` constants (to compare settings).
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import draw  # noqa: E402

from burgerplatform.consultations import maximin  # noqa: E402

args = sys.argv[1:]
while args and "=" in args[0]:
    name, value = args.pop(0).split("=")
    setattr(maximin, name, type(getattr(maximin, name))(value))
    print(name, getattr(maximin, name))
size = int(args[0])
scenario = args[1] if len(args) > 1 else "unique"
make, quotas, group = draw.SCENARIOS[scenario]
rows = make(size)
t0 = time.process_time()
spent = {"solve": 0.0, "search": 0.0}
original_solve = maximin.Weights.solve
original_search = maximin.Columns.search


def solve(self, *a, **k):  # type: ignore[no-untyped-def]
    t = time.process_time()
    r = original_solve(self, *a, **k)
    spent["solve"] += time.process_time() - t
    print(
        f"{time.process_time() - t0:7.1f}s rows={self.rows} central={self.central} "
        f"lower={r[1]:.7f} solve={spent['solve']:.1f} search={spent['search']:.1f}",
        flush=True,
    )
    return r


def search(self, *a, **k):  # type: ignore[no-untyped-def]
    t = time.process_time()
    r = original_search(self, *a, **k)
    spent["search"] += time.process_time() - t
    return r


original_primal = maximin._primal


def primal(*a, **k):  # type: ignore[no-untyped-def]
    t = time.process_time()
    r = original_primal(*a, **k)
    print(f"primal {time.process_time() - t:.1f}s", flush=True)
    return r


maximin._primal = primal
original_lowest = maximin._lowest_of


def lowest_of(*a, **k):  # type: ignore[no-untyped-def]
    r = original_lowest(*a, **k)
    print(f"lowest of the master's distribution {r!r}", flush=True)
    return r


maximin._lowest_of = lowest_of
maximin.Weights.solve = solve  # type: ignore[method-assign]
maximin.Columns.search = search  # type: ignore[method-assign]
chances, extra = draw.our_chances(rows, list(quotas), group, "maximin")
print("done", round(time.process_time() - t0, 1), min(chances.values()), extra)
