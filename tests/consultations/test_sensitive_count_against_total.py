"""A blurred count of a sensitive answer never gives itself away next to the total it is
shown with: "Nederlands: 40 tot 44" beside "40 people are in the pool" said that all 40
speak Dutch, and "5 tot 9" of a pool of 5 that all 5 have a chronic illness (outside
review). Checked for every total up to 60 and every count it allows: whoever knows the
rule and the total still cannot tell the count, nor that nobody or everyone has the
answer. The one exception is a total of 0, where the total itself says it all."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from burgerplatform.consultations.pool import SMALL_COUNT, sensitive_count, sensitive_figure

TOTALS = range(0, 61)


def _true_of(text: str, count: int, total: int) -> bool:
    """Whether the English text says something true of `count` among `total`."""
    if text == f"fewer than {SMALL_COUNT}":
        return count < SMALL_COUNT
    if text == f"everyone but fewer than {SMALL_COUNT}":
        return total - count < SMALL_COUNT
    low, high = map(int, re.fullmatch(r"(\d+) to (\d+)", text).groups())
    assert high - low == SMALL_COUNT - 1 and low % SMALL_COUNT == 0, text
    return low <= count <= high


def _readings(shown, total: int) -> dict:
    """What each text shown tells a reader who knows the rule and the total: the counts
    that give it."""
    readings: dict = {}
    for count in range(total + 1):
        readings.setdefault(repr(shown(count, total)), set()).add(count)
    return readings


@pytest.fixture
def english(ctx):
    with force_locale("en"):
        yield


def test_a_sensitive_count_never_tells_the_count_nor_nobody_nor_everyone(english):
    for total in TOTALS:
        for count in range(total + 1):
            assert _true_of(sensitive_count(count, total), count, total), (count, total)
        if total == 0:
            continue
        for text, counts in _readings(sensitive_count, total).items():
            assert len(counts) >= 2, (total, text, counts)
            assert counts not in ({0}, {total}), (total, text)


def test_everyone_or_nearly_everyone_reads_as_everyone_but_fewer_than_five(english):
    assert sensitive_count(40, 40) == "everyone but fewer than 5"
    assert sensitive_count(37, 40) == "everyone but fewer than 5"
    assert sensitive_count(5, 5) == "everyone but fewer than 5"
    # Below 5 people "fewer than 5" says nothing the total does not: always that.
    assert {sensitive_count(n, 3) for n in range(4)} == {"fewer than 5"}
    # The band just below "everyone but …" takes a second count so that it is no pin.
    assert sensitive_count(35, 40) == sensitive_count(36, 40) == "35 to 39"


def test_the_public_figure_of_a_final_group_never_tells_nobody_or_everyone():
    for seated in TOTALS:
        if seated == 0:
            continue

        def shown(count, total):
            figure = sensitive_figure(count, total, True, 0, total)
            return {k: v for k, v in figure.items() if k != "met"}

        for counts in _readings(shown, seated).values():
            # An exact count is published only with 5 or more on either side of it.
            if len(counts) == 1:
                (count,) = counts
                assert SMALL_COUNT <= count <= seated - SMALL_COUNT, (seated, count)
            assert counts not in ({0}, {seated}), (seated, counts)
        for count in range(seated + 1):
            figure = sensitive_figure(count, seated, True, 0, seated)
            if figure["fewer_than"] is not None:
                assert count < figure["fewer_than"]
            if figure["at_least"] is not None:
                assert count >= figure["at_least"]
