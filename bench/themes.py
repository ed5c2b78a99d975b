"""Benchmark of the themes found in open text (burgerplatform/themes/method.py): agreement
with the hand labels and time, at 100, 1,000 and 10,000 contributions.

    .venv/bin/python bench/themes.py              # 100 1000 10000
    .venv/bin/python bench/themes.py 100 1000     # chosen sizes

The texts are the hand-labelled Dutch set (tests/themes/data/nl_contributions.tsv, 200
texts, 10 themes); larger sizes repeat it with typing errors (tests/themes/dataset.py). Agreement
is the adjusted Rand index (0 = as good as chance, 1 = the same groups as the labels), for
the method with k chosen by itself and with k = 10 (the number of hand labels), and for
plain TF-IDF + k-means (k = 10) as a baseline. Time is wall-clock of the whole method
(k chosen by itself), one run, and the CPU time of all its threads. Prints a Markdown
table and writes JSON to bench/results/themes-<timestamp>.json.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.cluster import KMeans  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402

from burgerplatform.themes import method  # noqa: E402
from tests.themes import dataset  # noqa: E402


def measure(size: int) -> dict:
    pairs = dataset.grown(size)
    labels = [label for label, _ in pairs]
    texts = [text for _, text in pairs]
    started, cpu = time.perf_counter(), time.process_time()
    found = method.find_themes(texts)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    fixed = method.find_themes(texts, k=10)
    plain = KMeans(n_clusters=10, n_init=3, random_state=0).fit_predict(
        TfidfVectorizer().fit_transform(texts)
    )
    return {
        "size": size,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "themes": len(set(found.labels)),
        "ari": round(adjusted_rand_score(labels, found.labels), 3),
        "ari_k10": round(adjusted_rand_score(labels, fixed.labels), 3),
        "ari_plain_tfidf": round(adjusted_rand_score(labels, plain), 3),
    }


def main(sizes: list[int]) -> None:
    rows = [measure(size) for size in sizes]
    print("| texts | seconds | CPU seconds | themes found | ARI | ARI (k=10) | ARI plain TF-IDF |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['size']:,} | {r['seconds']} | {r['cpu_seconds']} | {r['themes']} | {r['ari']} "
            f"| {r['ari_k10']} | {r['ari_plain_tfidf']} |"
        )
    out = ROOT / "bench" / "results" / f"themes-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    meta = {"cpus": os.cpu_count(), "python": platform.python_version()}
    out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 10000])
