"""A draw anyone can check, as pure functions: no database, no clock, no I/O.

After Flanigan, Kehne and Procaccia, "Fair sortition made transparent" (NeurIPS 2021):
the distribution the solver computes (over compositions: seats per answer profile) is
rounded to a list of M concrete groups that are all equally likely. The list is
published with its SHA-256 hash before anyone knows the number that picks from it;
the group is then the one at position `pick_index(list hash, number, M)`. Anyone with
the list and the number can recompute the pick (static/check_draw.py does it with
Python's standard library), and nobody could choose the number knowing the list's
effect on the outcome, or change the list once the number was known.

Rounding costs a little fairness: a person's share of the M groups differs from their
computed chance by at most `Rounded.deviation`, which is measured and published.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from dataclasses import dataclass

DEFAULT_GROUPS = 1000

# A number from a public source: ASCII digits, in one or more groups separated by spaces
# ("4821", "3 12 25 33"). Nothing else: a sign, a decimal point, a comma or a digit of
# another script would be read as some other number than the source gave, and the pick
# cannot be undone.
_NUMBER = re.compile(r"[0-9]+(?: +[0-9]+)*")
MAX_LENGTH = 80  # the longest number the pick reads (the form and its message say the same)


@dataclass(frozen=True)
class Rounded:
    # M groups of pseudonymous ids, each a sorted list; equally likely.
    groups: list[list[str]]
    # The largest difference, over everyone who could be drawn, between their share of
    # the M groups and their computed chance.
    deviation: float


def composition_counts(
    distribution: list[tuple[list[list[int]], float]], m: int, sizes: list[int]
) -> list[int]:
    """How many of the M groups follow each composition: each count is M times its
    probability rounded down or up, and the units rounded up go, one at a time, where
    they bring the profiles' expected seats closest to the computed ones (least squares,
    per person)."""
    total = sum(p for _c, p in distribution) or 1.0
    shares = [m * p / total for _c, p in distribution]
    counts = [math.floor(s) for s in shares]
    left = m - sum(counts)
    # Per profile: seats wanted minus seats given so far, per person of the profile.
    gap: dict[int, float] = {}
    for (composition, _p), share, count in zip(distribution, shares, counts, strict=True):
        for t, seats in composition:
            gap[t] = gap.get(t, 0.0) + (share - count) * seats / sizes[t]
    candidates = sorted(
        (k for k, s in enumerate(shares) if s > counts[k]), key=lambda k: counts[k] - shares[k]
    )
    while left > 0 and candidates:
        # The composition whose extra group shrinks the squared gaps the most.
        best = min(
            candidates,
            key=lambda k: sum(
                (seats / sizes[t]) ** 2 - 2 * gap[t] * seats / sizes[t]
                for t, seats in distribution[k][0]
            ),
        )
        candidates.remove(best)
        counts[best] += 1
        left -= 1
        for t, seats in distribution[best][0]:
            gap[t] -= seats / sizes[t]
    # Only when M is smaller than the number of compositions with a chance (rare).
    k = 0
    while left > 0:
        counts[k % len(counts)] += 1
        left -= 1
        k += 1
    return counts


def round_to_panels(
    profiles: list[list[str]],
    distribution: list[tuple[list[list[int]], float]],
    m: int = DEFAULT_GROUPS,
    order_key: str = "",
) -> Rounded:
    """The M equally likely groups: each composition as often as `composition_counts`
    says, and within a profile always the people who are in the fewest groups so far,
    so everyone of a profile is in the same number of groups give or take one.

    Deterministic for a given `order_key` (the draw's secret alias key), which breaks the
    ties at random and shuffles the list: neither who sits together with whom nor the
    order of the list then follows the profiles (a fixed rotation would show, group after
    group, which people the quotas treat alike)."""
    counts = composition_counts(distribution, m, [len(people) for people in profiles])
    rng = random.Random(f"burgerplatform-draw:{order_key}")
    seen = {pid: 0 for people in profiles for pid in people}
    groups: list[list[str]] = []
    for (composition, _p), count in zip(distribution, counts, strict=True):
        for _ in range(count):
            group: list[str] = []
            for t, seats in composition:
                ties = {pid: rng.random() for pid in profiles[t]}
                chosen = sorted(profiles[t], key=lambda pid: (seen[pid], ties[pid]))[:seats]
                for pid in chosen:
                    seen[pid] += 1
                group.extend(chosen)
            groups.append(sorted(group))
    rng.shuffle(groups)
    return Rounded(groups, deviation(profiles, distribution, groups))


def chances(
    profiles: list[list[str]], distribution: list[tuple[list[list[int]], float]]
) -> dict[str, float]:
    """Each person's computed chance: their profile's expected seats over its size."""
    total = sum(p for _c, p in distribution) or 1.0
    seats = [0.0] * len(profiles)
    for composition, p in distribution:
        for t, count in composition:
            seats[t] += p / total * count
    return {pid: seats[t] / len(people) for t, people in enumerate(profiles) for pid in people}


def shares(groups: list[list[str]]) -> dict[str, float]:
    """Each person's share of the published groups: their chance in the pick."""
    seen: dict[str, int] = {}
    for group in groups:
        for pid in group:
            seen[pid] = seen.get(pid, 0) + 1
    return {pid: n / len(groups) for pid, n in seen.items()}


def deviation(
    profiles: list[list[str]],
    distribution: list[tuple[list[list[int]], float]],
    groups: list[list[str]],
) -> float:
    got = shares(groups)
    wanted = chances(profiles, distribution)
    return max((abs(got.get(pid, 0.0) - chance) for pid, chance in wanted.items()), default=0.0)


def canonical(data: object) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def list_hash(groups: list[list[str]]) -> str:
    """SHA-256 of the published list (as JSON without spaces): what the number picks from."""
    return hashlib.sha256(canonical(groups)).hexdigest()


def normalise_number(text: str) -> str | None:
    """The number as the pick uses it: its digit groups without leading zeros, separated
    by one space, so that "3 12 25", " 3  12 25 " and "03 12 025" pick the same group
    (a source's "07" is the number 7); None when it is anything but ASCII digits
    separated by spaces ("-5", "+5", "5.0", "3, 12", "٣" are refused, not read as
    another number). Stored and shown as it is hashed; numbers stored before zeros were
    dropped stay as they are."""
    text = plain_spaces(text).strip(" ")
    if len(text) > MAX_LENGTH or not _NUMBER.fullmatch(text):
        return None
    return " ".join(group.lstrip("0") or "0" for group in text.split())


# Line breaks stay what they are in a form: a one-line field refuses them.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def plain_spaces(text: str, keep_line_breaks: bool = False) -> str:
    """Any Unicode space (a no-break or thin space copied from a website, a tab) as an
    ASCII space: it only separates digit groups, so it cannot change the number."""
    return "".join(
        " " if c.isspace() and not (keep_line_breaks and c in LINE_BREAKS) else c for c in text
    )


def number_problem(text: str) -> tuple[str, str] | None:
    """What makes `text` not a number the pick can read, for the message: ("char", the
    first character that is no digit or space, written "U+200B" when it cannot be seen),
    ("long", ""), ("empty", ""); None when it is a number."""
    if normalise_number(text) is not None:
        return None
    plain = plain_spaces(text).strip(" ")
    for c in plain:
        if not ("0" <= c <= "9" or c == " "):
            return "char", c if c.isprintable() else f"U+{ord(c):04X}"
    if not plain:
        return "empty", ""
    return "long", ""


def pick_index(list_hash_hex: str, number: str, m: int) -> int:
    """The position of the picked group: SHA-256 of "<list hash>:<number>" read as a
    whole number, modulo M (0 is the first group). Documented in check_draw.py."""
    digest = hashlib.sha256(f"{list_hash_hex}:{number}".encode()).hexdigest()
    return int(digest, 16) % m
