"""Benchmark of Markdown rendering: CPU time per text, before and after (issue 12).

    .venv/bin/python bench/markdown.py              # 1 KB, 10 KB, 20,000 and 50,000 chars
    .venv/bin/python bench/markdown.py 1000 20000   # chosen sizes
    BEFORE_TIMEOUT=5 .venv/bin/python bench/markdown.py

"before" is the renderer we left (Python-Markdown with sane_lists and tables, then nh3,
as in burgerplatform/core/markdown.py until December 2026), each text in a child process
stopped after BEFORE_TIMEOUT seconds (default 10); once a shape times out, its larger
sizes are not tried. "after" is core.markdown.render (cmark-gfm, then nh3). Both are
CPU time of the render alone (time.process_time), the best of three, and after it the
size of the HTML as a multiple of the text's. The bounds we promise: 100 ms per 10 KB,
and HTML at most MAX_GROWTH (8) times the text (plus SLACK for a short one).
20,000 characters is the limit of initiative bodies, proeftuin posts and round input;
50,000 that of meeting agendas and minutes.
Prints a Markdown table and writes JSON to bench/results/markdown-<timestamp>.json.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from burgerplatform.core.markdown import MAX_GROWTH, SLACK, render  # noqa: E402

NORMAL = """## Vervoer naar het ziekenhuis

Veel mensen in **Eeklo** en *Kaprijke* geraken moeilijk bij het ziekenhuis. De bus
rijdt maar om het uur, en een taxi kost te veel.

- een buurtbus op dinsdag en donderdag
- vrijwilligers die rijden, met een [vergoeding](https://example.org/vergoeding)
- een `belnummer` voor wie geen smartphone heeft

> "Ik heb mijn afspraak twee keer gemist." (bewoner, 78)

1. eerst navragen bij de mutualiteit
2. dan de gemeente

"""

SHAPES = {
    "normal text": NORMAL,
    'open brackets "["': "[",
    'emphasis run "*"': "*",
    'nested quotes "> "': "> ",
    'unclosed links "]("': "](",
    'backticks "`"': "`",
    'angle brackets "<"': "<",
    'image openers "!["': "![",
    'links without end "[a]("': "[a](",
    'unclosed tags "<a "': "<a ",
    'punctuation "*_[]()<>!"': "*_[]()<>!",
    "nested lists (indent)": "".join("  " * d + "- a\n" for d in range(200)),
    'nested lists "- > 1. "': "- > 1. ",
    "reference chain": "".join(f"[r{i}]: /u/{i}\n[a][r{i + 1}] " for i in range(3000)),
    # The review's wide table: a 300-column header over lines of "a", each padded to 300
    # cells (5,000 characters gave 520,000 cells, 5.3 MB). Its size column shows growth.
    "wide table (300 columns)": "|a" * 300 + "\n" + "|-" * 300 + "\n" + "a\n" * 25_000,
}
SIZES = [1_000, 10_000, 20_000, 50_000]

BEFORE = """
import sys, time
import markdown, nh3
sys.path.insert(0, {root!r})
from burgerplatform.core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES
text = sys.stdin.read()
converter = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")
best = None
for _ in range({repeat}):
    start = time.process_time()
    html = converter.reset().convert(text)
    nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
              link_rel="nofollow noopener ugc", strip_comments=True)
    spent = time.process_time() - start
    best = spent if best is None else min(best, spent)
print(best)
"""


def text_of(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def after_ms(text: str) -> tuple[float, int]:
    best, size = None, 0
    for _ in range(3):
        start = time.process_time()
        size = len(render(text))
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    return best * 1000, size


def before_ms(text: str, timeout: float) -> float | None:
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", BEFORE.format(root=str(ROOT), repeat=1)],
            input=text,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:  # Python-Markdown is not installed, or it crashed
        return float("nan")
    return float(done.stdout) * 1000


def fmt(ms: float | None, timeout: float) -> str:
    if ms is None:
        return f"> {timeout:.0f} s"
    if ms != ms:
        return "error"
    return f"{ms:,.1f}" if ms < 10_000 else f"{ms / 1000:,.1f} s"


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or SIZES
    timeout = float(os.environ.get("BEFORE_TIMEOUT", "10"))
    rows = []
    print(f"CPU ms per render, best of 3 after / one run before (timeout {timeout:.0f} s)\n")
    header = "| text | " + " | ".join(f"{s:,} chars: before → after" for s in sizes) + " |"
    print(header)
    print("|---|" + "---:|" * len(sizes))
    for name, unit in SHAPES.items():
        cells, timed_out = [], False
        for size in sizes:
            text = text_of(unit, size)
            before = None if timed_out else before_ms(text, timeout)
            timed_out = timed_out or before is None
            after, html_chars = after_ms(text)
            bound = 100 * max(1.0, size / 10_000)
            rows.append(
                {
                    "text": name,
                    "chars": size,
                    "before_ms": before,
                    "after_ms": after,
                    "bound_ms": bound,
                    "html_chars": html_chars,
                    "growth": html_chars / size,
                    "within_bound": after <= bound and html_chars <= MAX_GROWTH * size + SLACK,
                }
            )
            cells.append(f"{fmt(before, timeout)} → {after:,.1f} ({html_chars / size:.1f}×)")
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = out / f"markdown-{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "machine": platform.processor() or platform.machine(),
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "before_timeout_s": timeout,
                "rows": rows,
            },
            indent=1,
        )
    )
    slow = [r for r in rows if not r["within_bound"]]
    print(
        f"\n{len(rows) - len(slow)}/{len(rows)} within 100 ms per 10 KB and {MAX_GROWTH}× the"
        f" source in HTML; written to {path}"
    )
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
