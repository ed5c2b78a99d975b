"""Every clash message says "1 person", "1 seat" and "2 people", "2 seats" in Dutch,
French and English: each number that a noun or verb follows picks its own plural form
(outside review of issue 14: "meer dan 1 mensen")."""

from __future__ import annotations

import dataclasses
import random
import re
from typing import NamedTuple

import pytest

from burgerplatform.consultations import clashes, sortition
from tests.consultations.test_clashes import _random_case


class Q(NamedTuple):
    label: str
    min: int
    max: int
    sensitive: bool = False


T, F = True, False

# (answers, quotas, size, which explanation): each kind of clash message, once with its
# numbers at 1 and once at 2 or more.
CASES = [
    # One quota's minimum above the group's size.
    ([(T,)] * 4, [Q("A", 3, 3)], 1, "one"),
    ([(T,)] * 4, [Q("A", 3, 3)], 2, "one"),
    # One quota's minimum above the people who have the answer.
    ([(T,)] + [(F,)] * 5, [Q("A", 2, 3)], 3, "one"),
    ([(T,)] * 2 + [(F,)] * 5, [Q("A", 3, 3)], 3, "one"),
    ([(T,)] * 2 + [(F,)] * 5, [Q("A", 3, 3, True)], 3, "one"),
    # One quota's maximum below what the people without the answer leave over.
    ([(T,)] * 5, [Q("A", 0, 1)], 2, "one"),
    ([(T,)] * 5 + [(F,)], [Q("A", 0, 1)], 3, "one"),
    ([(T,)] * 5 + [(F,)] * 2, [Q("A", 0, 1)], 4, "one"),
    # Two quotas: everyone with one answer also has the other.
    ([(T, T)] + [(F, F)] * 4, [Q("A", 2, 2), Q("B", 0, 1)], 3, "two"),
    ([(T, T)] * 2 + [(F, F)] * 4, [Q("A", 2, 2), Q("B", 0, 1)], 3, "two"),
    # Two quotas: too few with one answer and not the other.
    ([(T, F)] + [(T, T)] * 4 + [(F, F)] * 3, [Q("A", 3, 5), Q("B", 0, 1)], 5, "two"),
    ([(T, F)] * 2 + [(T, T)] * 5 + [(F, F)] * 3, [Q("A", 5, 7), Q("B", 0, 2)], 7, "two"),
    # Two minimums together above the group's size.
    ([(T, F)] * 3 + [(F, T)] * 3 + [(F, F)] * 2, [Q("A", 2, 3, T), Q("B", 2, 3, T)], 3, "two"),
    ([(T, F)] * 3 + [(F, T)] * 3 + [(T, T)], [Q("A", 3, 4), Q("B", 3, 4)], 4, "two"),
    ([(T, F)] * 4 + [(F, T)] * 4 + [(T, T)] * 2, [Q("A", 4, 5), Q("B", 4, 5)], 5, "two"),
    ([(T, F)] * 3 + [(F, T)] * 3, [Q("A", 2, 3), Q("B", 2, 3)], 3, "two"),
    # Two maximums together below the group's size.
    ([(T, F), (F, T)], [Q("A", 0, 0), Q("B", 0, 0)], 1, "two"),
    ([(T, F), (F, T), (F, F)], [Q("A", 0, 0), Q("B", 0, 0)], 2, "two"),
    ([(T, F)] * 2 + [(F, T)] * 2 + [(F, F)] * 2, [Q("A", 0, 1), Q("B", 0, 1)], 5, "two"),
    # More quotas together.
    ([(T, F, F), (F, T, F), (F, F, T)] * 2, [Q("A", 1, 2), Q("B", 1, 2), Q("C", 1, 2)], 2, "many"),
    ([(T, F, F), (F, T, F), (F, F, T)] * 2, [Q("A", 2, 2), Q("B", 2, 2), Q("C", 2, 2)], 5, "many"),
]

# A count followed by a noun (or a verb) of the wrong number, per language.
WRONG = {
    "nl": r"\b1 (mensen|personen|plaatsen|leden|quota|botsingen|groepen)\b"
    r"|\b([02-9]|\d\d+) (persoon|plaats|quotum|botsing|groep)\b"
    r"|\b1 (in de groep )?(zouden|hebben|vragen)\b",
    "fr": r"\b[01] (personnes|places|quotas|conflits|groupes)\b"
    r"|\b([2-9]|\d\d+) (personne|place|quota|conflit|groupe)\b",
    "en": r"\b1 (people|seats|quotas|clashes|groups)\b"
    r"|\b([02-9]|\d\d+) (person|seat|quota|clash|group)\b"
    r"|\b1 seats? need\b(?<!needs)|\bother 1 need\b",
}


def _explanations():
    for answers, quotas, size, kind in CASES:
        search = clashes.Search(answers, quotas, size)
        if kind == "one":
            yield search._explain_one(0).why
        elif kind == "two":
            found = search._explain_two(0, 1)
            assert found is not None, (answers, quotas, size)
            yield found.why
        else:
            yield search._explain_many([0, 1, 2]).why
    # And whatever small random pools give, with a sensitive quota now and then.
    rng = random.Random(14)
    for _ in range(150):
        rows, quotas, size = _random_case(rng)
        quotas = [dataclasses.replace(q, sensitive=rng.random() < 0.3) for q in quotas]
        found = sortition.search(rows, quotas, size).clashes()
        if found:
            message = sortition.clash_message(found)
            yield {"msgid": message.text, "params": message.params}


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_clash_message_says_1_person_and_2_people_never_1_people(app, lang):
    kinds: set[str] = set()
    with app.test_request_context(headers={"Accept-Language": lang}):
        for why in _explanations():
            kinds.add(why["msgid"])
            text = clashes.translated(why)
            assert not re.search(WRONG[lang], text), text
            if lang != "en":  # translated, not the English text
                assert clashes.render(why["msgid"], why["params"], translate=False) != text
    assert len(kinds) >= 10, sorted(kinds)


def test_a_pool_of_one_person_for_a_group_of_two_says_1_person_can_be_drawn(
    app, pool_zone, make_round
):
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import Round
    from burgerplatform.extensions import db

    setup = pool_zone(1)
    round_id = make_round(setup, size=2)
    expected = {
        "nl": "maar slechts 1 persoon in de pool kan geloot worden",
        "fr": "mais seulement 1 personne du vivier peut être tirée au sort",
        "en": "but only 1 person in the pool can be drawn",
    }
    for lang, words in expected.items():
        with app.test_request_context(headers={"Accept-Language": lang}):
            text = draws.draw_blocked(db.session.get(Round, round_id))
            assert words in text and not re.search(WRONG[lang], text), text
