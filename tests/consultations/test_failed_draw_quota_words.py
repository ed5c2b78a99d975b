"""The public list of draws that could not be made says each quota in words, as the
clash messages do: "0 to 0 seats" read as a typo (outside review). Checked for every
quota a group of 4 allows, in the three languages."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
from flask import render_template_string
from flask_babel import force_locale

WORDS = {
    "nl": ("geen plaatsen", "precies", "minstens", "hoogstens", "tussen"),
    "fr": ("aucune place", "exactement", "au moins", "au plus", "entre"),
    "en": ("no seats", "exactly", "at least", "at most", "between"),
}


def _said(min_: int, max_: int, size: int) -> str:
    record = SimpleNamespace(
        group_size=size,
        quotas=[{"label": "Leeftijd: 80+", "min": min_, "max": max_}],
        finished_at=None,
        created_at=datetime(2026, 12, 1, 10, 0),
    )
    html = render_template_string(
        '{% include "consultations/_failed_draws.html" %}', failed_draws=[record]
    )
    return html.split("<ul><li>", 1)[1].split("</li>", 1)[0]


@pytest.mark.parametrize("language", sorted(WORDS))
def test_every_quota_of_a_failed_draw_reads_in_words_never_as_0_to_0_seats(ctx, language):
    none, exactly, at_least, at_most, between = WORDS[language]
    size = 4
    with force_locale(language):
        for low in range(size + 1):
            for high in range(low, size + 1):
                text = _said(low, high, size)
                assert "Leeftijd: 80+" in text
                if high == 0:
                    expected = none
                elif low == high:
                    expected = f"{exactly} {low}"
                elif low > 0 and high < size:
                    expected = f"{between} {low}"
                elif low > 0:
                    expected = f"{at_least} {low}"
                else:
                    expected = f"{at_most} {high}"
                assert expected in text, (low, high, text)
                # A range is said as one only when it is one: never "0 to 0 seats".
                assert not any(f"{low} {w} {high}" in text for w in ("to", "tot", "à"))
