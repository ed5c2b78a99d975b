"""The published list of equally likely groups and the pick by a public number, as pure
functions, and the standard-library script that checks them (static/check_draw.py)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from burgerplatform.consultations import lottery, sortition
from tests.consultations.test_published_draw import NOT_NUMBERS
from tests.consultations.test_sortition import QUOTAS, make_pool

SCRIPT = Path(__file__).parents[2] / "burgerplatform" / "static" / "check_draw.py"


def _script():
    spec = importlib.util.spec_from_file_location("check_draw", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def computed():
    rows = make_pool(60)
    profiles, distribution, _method, _share = sortition.compute_distribution(rows, QUOTAS, 6)
    return rows, profiles, distribution


def test_every_person_is_in_the_list_as_often_as_their_chance_within_the_stated_difference(
    computed,
):
    rows, profiles, distribution = computed
    rounded = lottery.round_to_panels(profiles, distribution, 1000, "key")
    assert len(rounded.groups) == 1000
    chances = lottery.chances(profiles, distribution)
    shares = lottery.shares(rounded.groups)
    largest = max(abs(shares.get(pid, 0.0) - c) for pid, c in chances.items())
    assert rounded.deviation == pytest.approx(largest)
    # Rounding to 1,000 groups moves nobody's chance by more than half a percentage point.
    assert rounded.deviation < 0.005
    # More groups, smaller difference.
    assert lottery.round_to_panels(profiles, distribution, 10000, "key").deviation <= (
        rounded.deviation
    )


def test_every_group_of_the_list_has_the_size_and_keeps_every_quota(computed):
    rows, profiles, distribution = computed
    by_pid = {row.pid: row for row in rows}
    for group in lottery.round_to_panels(profiles, distribution, 500, "key").groups:
        assert len(set(group)) == 6
        assert sortition.meets_quotas([by_pid[pid] for pid in group], QUOTAS)


def test_people_the_quotas_treat_alike_are_in_the_list_equally_often_give_or_take_one(computed):
    _rows, profiles, distribution = computed
    seen = Counter(
        pid for g in lottery.round_to_panels(profiles, distribution, 1000, "k").groups for pid in g
    )
    for people in profiles:
        counts = [seen[pid] for pid in people]
        assert max(counts) - min(counts) <= 1


def test_a_distribution_that_fits_the_list_exactly_is_rounded_without_any_difference():
    profiles = [["a", "b"], ["c"]]
    # Half the time both a and b; half the time one of them with c.
    distribution = [([[0, 2]], 0.5), ([[0, 1], [1, 1]], 0.5)]
    rounded = lottery.round_to_panels(profiles, distribution, 4, "k")
    assert rounded.deviation == 0
    assert Counter(tuple(g) for g in rounded.groups) == Counter(
        {("a", "b"): 2, ("a", "c"): 1, ("b", "c"): 1}
    )


def test_the_list_is_the_same_for_the_same_key_and_its_order_changes_with_the_key(computed):
    _rows, profiles, distribution = computed
    first = lottery.round_to_panels(profiles, distribution, 300, "one")
    assert lottery.round_to_panels(profiles, distribution, 300, "one") == first
    other = lottery.round_to_panels(profiles, distribution, 300, "two")
    assert other.groups != first.groups
    assert Counter(len(g) for g in other.groups) == Counter(len(g) for g in first.groups)


def test_fewer_groups_than_compositions_still_gives_a_full_list():
    profiles = [[f"p{i}"] for i in range(6)]
    distribution = [([[i, 1], [(i + 1) % 6, 1]], 1 / 6) for i in range(6)]
    rounded = lottery.round_to_panels(profiles, distribution, 4, "k")
    assert len(rounded.groups) == 4 and all(len(g) == 2 for g in rounded.groups)


def test_the_picked_position_is_the_documented_hash_of_list_code_and_number():
    code = "ab" * 32
    expected = int(hashlib.sha256(f"{code}:4821".encode()).hexdigest(), 16) % 1000
    assert lottery.pick_index(code, "4821", 1000) == expected
    assert 0 <= expected < 1000
    assert _script().pick_index(code, "4821", 1000) == expected
    # Another number or another list points elsewhere (for these values).
    assert lottery.pick_index(code, "4822", 1000) != expected
    assert lottery.pick_index("cd" * 32, "4821", 1000) != expected


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("4821", "4821"),
        ("  3 12  25 ", "3 12 25"),
        ("3 12 25", "3 12 25"),
        ("0", "0"),
        ("000", "0"),
        ("007 42", "7 42"),
        ("  0 09  100 ", "0 9 100"),
        ("", None),
        ("   ", None),
        ("vier", None),
        ("12a", None),
        ("---", None),
        ("1" * 81, None),
    ],
)
def test_a_number_is_read_the_same_however_many_spaces_or_leading_zeros_it_has(typed, number):
    assert lottery.normalise_number(typed) == number


@pytest.mark.parametrize("typed", NOT_NUMBERS)
def test_a_number_with_anything_but_digits_and_spaces_is_not_a_number(typed):
    """A sign, a decimal point or comma, a letter or a digit of another script would be
    read as another number than the source gave: refused, never read as its digits."""
    assert lottery.normalise_number(typed) is None


def test_the_list_code_is_the_sha256_of_the_list_as_compact_json():
    groups = [["P0001", "P0002"], ["P0001", "P0003"]]
    text = json.dumps(groups, separators=(",", ":"), sort_keys=True)
    assert lottery.list_hash(groups) == hashlib.sha256(text.encode()).hexdigest()
    assert _script().fingerprint(groups) == lottery.list_hash(groups)
    assert lottery.list_hash([["P0001", "P0003"], ["P0001", "P0002"]]) != lottery.list_hash(groups)


def _record(groups, number="4821", answers=None):
    code = lottery.list_hash(groups)
    index = lottery.pick_index(code, number, len(groups))
    return {
        "format": "burgerplatform-draw/2",
        "group_size": 2,
        "quotas": [{"label": "Eeklo", "min": 1, "max": 1, "sensitive": False}],
        "groups": groups,
        "list_sha256": code,
        "published_at": "2026-12-05T10:00:00+00:00",
        "number_entered_at": "2026-12-05T11:00:00+00:00",
        "number_source": "de zorgraad",
        "number": number,
        "index": index,
        "selected": groups[index],
        "answers": answers,
        "chances": None,
        "largest_deviation": 0.0,
    }


GROUPS = [["P0001", "P0002"], ["P0001", "P0003"], ["P0002", "P0004"], ["P0003", "P0004"]]
ANSWERS = {"P0001": [True], "P0002": [False], "P0003": [False], "P0004": [True]}


def test_the_script_agrees_with_a_true_record_and_refuses_a_changed_list_or_number():
    script = _script()
    record = _record(GROUPS, answers=ANSWERS)
    assert all(ok for ok, _text in script.check(record))

    moved = json.loads(json.dumps(record))
    moved["groups"][0][1], moved["groups"][1][1] = moved["groups"][1][1], moved["groups"][0][1]
    assert not all(ok for ok, _text in script.check(moved))

    for other in ("4822", "4820", "48 21"):
        if lottery.pick_index(record["list_sha256"], other, 4) != record["index"]:
            changed = dict(record, number=other)
            results = script.check(changed)
            assert not results[-1][0], results[-1][1]
            break
    else:  # pragma: no cover - four positions, three numbers all landing alike
        pytest.fail("no other number found")

    wrong_group = dict(record, selected=GROUPS[(record["index"] + 1) % 4])
    assert not script.check(wrong_group)[-1][0]


def test_the_script_catches_a_group_that_breaks_the_published_mix():
    script = _script()
    broken = [["P0001", "P0004"], *GROUPS[1:]]  # two people from Eeklo
    results = script.check(_record(broken, answers=ANSWERS))
    assert not all(ok for ok, _text in results)
    assert any("Eeklo: 2" in text for _ok, text in results)


def test_the_script_checks_a_list_before_its_number_is_known():
    script = _script()
    record = dict(_record(GROUPS), number=None, index=None, selected=None)
    record["quotas"] = [dict(record["quotas"][0], sensitive=True)]  # hence no answers
    results = script.check(record, "en")
    assert all(ok for ok, _text in results)
    assert "not known yet" in results[-1][1]


@pytest.mark.parametrize(
    ("argv", "environ", "lang"),
    [
        (["--taal", "fr"], {"LANG": "nl_BE.UTF-8"}, "fr"),
        (["--taal=en"], {}, "en"),
        (["--langue", "NL"], {"LANG": "fr_BE"}, "nl"),
        ([], {}, "nl"),
        ([], {"LANG": "C.UTF-8"}, "nl"),
        ([], {"LANG": "en_GB.UTF-8"}, "en"),
        ([], {"LANG": "nl_BE", "LC_ALL": "fr_BE"}, "fr"),
    ],
)
def test_the_check_program_speaks_the_language_asked_for_else_the_computers_else_dutch(
    argv, environ, lang
):
    chosen, rest, options = _script().choose_language([*argv, "draw-record.json"], environ)
    assert chosen == lang and rest == ["draw-record.json"] and options == {}


def test_the_check_program_says_every_sentence_in_dutch_french_and_english(tmp_path, capsys):
    script = _script()
    assert set(script.TEXTS) == {"nl", "fr", "en"}
    assert all(set(texts) == set(script.TEXTS["en"]) for texts in script.TEXTS.values())
    path = tmp_path / "draw-record.json"
    path.write_text(json.dumps(_record(GROUPS, answers=ANSWERS)))
    assert script.main(["check_draw.py", str(path)], {}) == 0
    out = capsys.readouterr().out
    assert "De loting klopt." in out and "Elke groep (4 groepen) heeft 2 mensen" in out
    # A language it does not know: said in all three, and nothing checked.
    assert script.main(["check_draw.py", "--taal", "de", str(path)], {}) == 2
    out = capsys.readouterr().out
    assert "Kies nl, fr of en" in out and "Choisissez" in out and "Choose" in out
