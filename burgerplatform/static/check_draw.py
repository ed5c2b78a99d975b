#!/usr/bin/env python3
"""Check a klankbordgroep draw of Burgerplatform on your own computer.

Usage:  python3 check_draw.py record.json

`record.json` is the public record of the draw (the link "Download the record" on the
page "How can I check this draw?"). This script needs Python 3.9 or newer and nothing
else. It checks, and says in plain words:

1. the fingerprint: the SHA-256 code of the list of people, compared with the record's
   (and you compare it with the code on the web page, which was published at the draw);
2. the chances: each person's chance follows from the lottery of groups in the record,
   and the lowest chance is the one published;
3. the groups: every group the lottery could give has the right size and keeps every
   published quota (quotas about health or care are not published per person, so they
   are not checked here);
4. the pick: starting the computer's lottery from the record's starting number (seed)
   gives exactly the group that was drawn.

It exits with 0 when everything agrees, and 1 otherwise.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys

FORMAT = "burgerplatform-draw/1"


def fingerprint(profiles: list) -> str:
    data = json.dumps(profiles, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(data.encode()).hexdigest()


def pick(groups: list, distribution: list, seed: int) -> list:
    """The same pick as the platform: a group of profiles by its probability, then that
    many people within each profile, all from one generator started at `seed`."""
    rng = random.Random(seed)
    point = rng.random() * sum(p for _composition, p in distribution)
    chosen = distribution[-1][0]
    for composition, p in distribution:
        point -= p
        if point < 0:
            chosen = composition
            break
    group = []
    for t, count in chosen:
        group.extend(rng.sample(groups[t], count))
    return group


def check(record: dict) -> list[tuple[bool, str]]:
    results = []
    if record.get("format") != FORMAT:
        return [(False, f"This is not a draw record this script knows ({FORMAT}).")]
    profiles = record["profiles"]
    groups = [p["people"] for p in profiles]
    distribution = record["distribution"]

    code = fingerprint(profiles)
    results.append(
        (
            code == record["record_sha256"],
            f"Fingerprint of the list of people: {code} "
            + ("(the same as in the record)" if code == record["record_sha256"] else
               f"(the record says {record['record_sha256']})"),
        )
    )  # fmt: skip

    total = sum(p for _c, p in distribution)
    results.append(
        (abs(total - 1) < 1e-6, f"The chances of all possible groups add up to {total:.6f}.")
    )

    seats = [0.0] * len(groups)
    for composition, p in distribution:
        for t, count in composition:
            seats[t] += p * count
    chances = {pid: seats[t] / len(people) for t, people in enumerate(groups) for pid in people}
    wrong = [pid for pid, c in chances.items() if abs(c - record["chances"].get(pid, -1.0)) > 1e-5]
    results.append(
        (
            not wrong and len(chances) == len(record["chances"]),
            f"Every person's chance follows from the lottery ({len(chances)} people)"
            + (f"; not for {', '.join(wrong[:5])}" if wrong else "."),
        )
    )
    lowest = min(chances.values()) if chances else 0.0
    results.append(
        (
            abs(lowest - record["lowest_chance"]) < 1e-5,
            f"The lowest chance is {lowest:.2%} (the record says {record['lowest_chance']:.2%}).",
        )
    )

    broken = []
    for composition, _p in distribution:
        if sum(count for _t, count in composition) != record["group_size"]:
            broken.append("a group of the wrong size")
        for i, quota in enumerate(record["quotas"]):
            if quota["sensitive"]:
                continue
            n = sum(count for t, count in composition if profiles[t]["answers"][i])
            if not quota["min"] <= n <= quota["max"]:
                broken.append(f"{quota['label']}: {n} (allowed {quota['min']}-{quota['max']})")
    results.append(
        (
            not broken,
            f"All {len(distribution)} possible groups keep the size and the published quotas"
            + (f"; not: {'; '.join(broken[:5])}" if broken else "."),
        )
    )

    group = sorted(pick(groups, distribution, record["seed"]))
    same = group == sorted(record["selected"])
    results.append(
        (
            same,
            f"Starting from seed {record['seed']}, the lottery draws: {', '.join(group)}"
            + (" (the group that was drawn)." if same else
               f" (the record says {', '.join(record['selected'])})."),
        )
    )  # fmt: skip
    return results


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n", 2)[1])
        return 2
    with open(argv[1], encoding="utf-8") as f:
        record = json.load(f)
    results = check(record)
    for ok, text in results:
        print(("OK    " if ok else "WRONG ") + text)
    good = all(ok for ok, _text in results)
    print("The draw checks out." if good else "The draw does NOT check out.")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
