#!/usr/bin/env python3
"""Check a klankbordgroep draw of Burgerplatform on your own computer.

Usage:  python3 check_draw.py record.json

`record.json` is the public record of the draw (the link "Download the record" on the
page "How can I check this draw?"). This script needs Python 3.9 or newer and nothing
else. The draw works like this: before the pick, the platform publishes a list of
equally likely groups and its SHA-256 code (the fingerprint), with the time. Then a
number nobody could know in advance (from a public source named beforehand) picks one
group: its position in the list (counting from 0) is

    int(sha256("<fingerprint>:<number>"), 16) modulo <the number of groups>

where <fingerprint> is the list's SHA-256 code in lowercase hexadecimal and <number>
the number as the record gives it (its digit groups separated by one space). The
script checks, and says in plain words:

1. the fingerprint: the SHA-256 code of the list (as JSON without spaces, keys sorted)
   is the one in the record; compare it with the code on the web page, published
   before the number was known;
2. the groups: every group has the right size and nobody twice; when the record gives
   the answers per code, every group keeps every quota of the mix, and each person's
   share of the groups is within the published rounding difference of their chance;
3. the pick: the number and the fingerprint point to the group that was invited.

It exits with 0 when everything agrees, and 1 otherwise.
"""

from __future__ import annotations

import hashlib
import json
import sys

FORMAT = "burgerplatform-draw/2"


def fingerprint(groups: list) -> str:
    data = json.dumps(groups, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(data.encode()).hexdigest()


def pick_index(list_hash: str, number: str, count: int) -> int:
    return int(hashlib.sha256(f"{list_hash}:{number}".encode()).hexdigest(), 16) % count


def check_groups(record: dict) -> list[tuple[bool, str]]:
    groups = record["groups"]
    size = record["group_size"]
    broken = [
        f"group {n} has {len(set(group))} different people"
        for n, group in enumerate(groups, 1)
        if len(group) != size or len(set(group)) != size
    ]
    answers = record.get("answers")
    if answers is not None:
        for n, group in enumerate(groups, 1):
            for i, quota in enumerate(record["quotas"]):
                count = sum(1 for code in group if answers[code][i])
                if not quota["min"] <= count <= quota["max"]:
                    broken.append(
                        f"group {n}, {quota['label']}: {count} "
                        f"(allowed {quota['min']}-{quota['max']})"
                    )
    results = [
        (
            not broken,
            f"All {len(groups)} groups have {size} different people"
            + (" and keep the agreed mix" if answers is not None else "")
            + (f"; not: {'; '.join(broken[:5])}" if broken else "."),
        )
    ]
    if answers is None:
        results.append(
            (True, "The mix includes sensitive answers: the record gives no answers per code.")
        )
    chances = record.get("chances")
    if chances is not None and groups:
        seen: dict = {}
        for group in groups:
            for code in group:
                seen[code] = seen.get(code, 0) + 1
        allowed = record["largest_deviation"] + 1e-6
        off = [
            code
            for code, c in chances.items()
            if abs(seen.get(code, 0) / len(groups) - c) > allowed
        ]
        results.append(
            (
                not off,
                f"Everyone's share of the groups is within {record['largest_deviation']:.4%} "
                "of their chance" + (f"; not for {', '.join(off[:5])}" if off else "."),
            )
        )
    return results


def check(record: dict) -> list[tuple[bool, str]]:
    if record.get("format") != FORMAT:
        return [(False, f"This is not a draw record this script knows ({FORMAT}).")]
    groups = record["groups"]
    code = fingerprint(groups)
    same = code == record["list_sha256"]
    results = [
        (
            same,
            f"Fingerprint of the list: {code} "
            + ("(the same as in the record)." if same else
               f"(the record says {record['list_sha256']}).")
            + f" Published at {record['published_at']}.",
        )
    ]  # fmt: skip
    results.extend(check_groups(record))
    number = record.get("number")
    if number is None:
        results.append(
            (True, "The number is not known yet: check again after the group is picked.")
        )
        return results
    index = pick_index(record["list_sha256"], number, len(groups))
    group = sorted(groups[index])
    agrees = index == record["index"] and group == sorted(record["selected"])
    results.append(
        (
            agrees,
            f"The number {number} ({record['number_source']}) picks group {index + 1} of "
            f"{len(groups)}: {', '.join(group)}"
            + (" (the group that was invited)." if agrees else
               f" (the record says group {record['index'] + 1}: {', '.join(record['selected'])}).")
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
