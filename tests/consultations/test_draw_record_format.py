"""The public record of format /5 as a reader of it notices: every field known when
the list was published is fixed by the fingerprint published then (a field added later
too); a change of the platform's time zone breaks no record; the list comes before the
moment its number can be known; and the check program answers damage of any kind with
a sentence and exit 2, never a traceback."""

from __future__ import annotations

import copy
import io
import json
import random
from contextlib import nullcontext, redirect_stdout

import pytest

from tests.conftest import Client
from tests.consultations.conftest import draw_form, number_is_known, run_jobs
from tests.consultations.test_check_program import _published, _run, _save, source_rule
from tests.consultations.test_lottery import _script
from tests.consultations.test_published_draw import SOURCE, _records, _seats, pick, set_aside

FORMAT = "burgerplatform-draw/5"


@pytest.fixture
def with_history(app, pool_zone, make_round, tmp_path):
    """A round whose first list was set aside, then a second list published and picked
    by its number: the record of the second, as downloaded."""
    setup = pool_zone(12)
    quotas = {("municipality", 0): (2, 2), ("municipality", 1): (1, 2)}
    round_id = make_round(setup, size=4, quotas=quotas)
    staff, base, first = _published(app, setup, round_id)
    assert set_aside(staff, base, first.id, "De pool was fout.").status_code == 302
    assert staff.post(f"{base}/draw", draw_form(SOURCE)).status_code == 302
    run_jobs(app)
    second = max(_records(app), key=lambda r: r.id)
    assert pick(staff, base, second.id, "3 12 25").status_code == 302
    record = _save(tmp_path, app, base)
    assert record["format"] == FORMAT and record["discarded_lists"], record
    return base, record


def _check(tmp_path, record: object, lang: str = "nl") -> tuple[int, str]:
    """The program run as a citizen runs it (in this process, to try many records): its
    exit code and what it wrote. An exception out of `main` is the traceback a citizen
    would see: the test fails with it."""
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(record))
    out = io.StringIO()
    with redirect_stdout(out):
        code = SCRIPT.main(["check_draw.py", "--taal", lang, str(path)])
    return code, out.getvalue()


SCRIPT = _script()


def _places(value, path=()):
    """Every place in the record: each key of every object, and of each list its first
    and last item (a group of 1,000 is checked at both ends, not 4,000 times)."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for n in sorted({0, len(value) - 1} if value else set()):
            yield from _places(value[n], (*path, n))


def _get(record, path):
    for step in path:
        record = record[step]
    return record


def _set(record, path, value):
    changed = copy.deepcopy(record)
    if not path:
        return value
    _get(changed, path[:-1])[path[-1]] = value
    return changed


def _other(value, path):
    """Another value of the same kind, as someone changing the record would write it."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value / 2 + 0.001
    if path and path[-1] == "time_zone":
        return "Europe/Paris"
    if path and path[-1] == "format":
        return "burgerplatform-draw/4"
    if isinstance(value, str) and value[:2] == "20" and "T" in value:
        return "2000-01-01T00:00:00+01:00"  # another time (the number's: before the list)
    if isinstance(value, str):
        return value + "x"
    if value is None:
        return "2000-01-01T00:00:00+01:00" if str(path[-1]).endswith("_at") else "x"
    if isinstance(value, list):  # its order (a list of one: its item is changed instead)
        return value[::-1] if value[::-1] != value else SAME
    return {**value, "extra": next(iter(value.values()), 1)}  # one more of its kind


SAME = object()  # no other value of this kind: the place is changed deeper down


# The fields no fingerprint published before the pick can fix, and how the program still
# notices a change of each (None: it cannot, and says so for replacements; a reason is
# told as written).
AFTER_PUBLICATION = {
    "list_sha256": "the fingerprint itself",
    "number": "the pick",
    "index": "the pick",
    "selected": "the pick",
    "number_entered_at": "the order of list and number",
    "discarded_at": "a list set aside that names a pick",
    "discard_reason": None,
    "replacements": None,
}


def test_every_field_of_the_record_is_fixed_by_the_fingerprint_or_checked_after_it(
    app, with_history, tmp_path
):
    """Generated from the record itself: a field added to the record later is in this
    test without a word here, and must be covered by the fingerprint (or be named in
    AFTER_PUBLICATION, by the program and the platform alike)."""
    from burgerplatform.consultations import draw_check

    _base, record = with_history
    assert set(AFTER_PUBLICATION) == SCRIPT.AFTER_PUBLICATION == draw_check.AFTER_PUBLICATION
    assert _check(tmp_path, record)[0] == 0
    tried = []
    for path in _places(record):
        if path and AFTER_PUBLICATION.get(path[0], "") is None:
            continue
        other = _other(_get(record, path), path)
        if other is SAME:
            continue
        changed = _set(record, path, other)
        code, said = _check(tmp_path, changed)
        assert code == 1, (path, said)
        assert "De loting klopt NIET." in said, (path, said)
        tried.append(path)
    # Among them the ones the reviewer found uncovered by format /4.
    for path in (
        ("quotas", 0, "label"),
        ("discarded_lists", 0, "reason"),
        ("discarded_lists", 0, "record"),
        ("round",),
        ("zone",),
        ("algorithm",),
        ("left_out_recently_seated",),
    ):
        assert path in tried, path
    # Two quotas' labels swapped: the record would say which group kept which quota wrongly.
    changed = copy.deepcopy(record)
    first, second = changed["quotas"]
    first["label"], second["label"] = second["label"], first["label"]
    assert _check(tmp_path, changed)[0] == 1
    # A field added to the record is covered too.
    assert _check(tmp_path, dict(record, note="gecontroleerd door het personeel"))[0] == 1


def test_a_change_of_the_platform_time_zone_breaks_no_record_made_before(
    app, pool_zone, make_round, tmp_path, monkeypatch
):
    """A record of format /5 and one of format /4, published under Europe/Brussels,
    still check out (and the pages still call them fingerprinted) after the setting
    changes to another time zone."""
    downloaded = {}
    for rule in ("/5", "/4"):
        setup = pool_zone(12)
        round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
        staff = Client(app, language="nl")
        staff.login(setup.staff_email)
        base = f"/{setup.slug}/rounds/{round_id}"
        with source_rule(monkeypatch) if rule == "/4" else nullcontext():
            assert staff.post(f"{base}/draw", draw_form(SOURCE)).status_code == 302
            run_jobs(app)
            latest = max(_records(app), key=lambda r: r.id)
            assert pick(staff, base, latest.id, "3 12 25").status_code == 302
        downloaded[rule] = (base, _save(tmp_path, app, base))
        assert downloaded[rule][1]["format"] == "burgerplatform-draw" + rule
        assert downloaded[rule][1]["time_zone"] == "Europe/Brussels"
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "America/New_York")
    for rule, (base, before) in downloaded.items():
        now = _save(tmp_path, app, base)
        assert now["format"] == before["format"] and now["time_zone"] == "Europe/Brussels"
        assert now["published_at"] == before["published_at"], rule
        checked = _run(tmp_path, "--vingerafdruk", before["list_sha256"], "draw-record.json")
        assert checked.returncode == 0, (rule, checked.stdout)
        page = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
        assert "de bron van het getal, wanneer het bekend is" in page, rule


def _refingerprinted(record: dict, **changes) -> dict:
    """The record with `changes`, fingerprint and pick made to agree (as a server that
    let it through, or someone who knows the rule, would make it)."""
    made = dict(record, **changes)
    made["list_sha256"] = SCRIPT.record_fingerprint(made)
    made["index"] = SCRIPT.pick_index(made["list_sha256"], made["number"], len(made["groups"]))
    made["selected"] = sorted(made["groups"][made["index"]])
    return made


@pytest.mark.parametrize("after", [0, 1, 3600], ids=["at the moment", "a second after", "later"])
def test_a_list_published_once_its_number_could_be_known_does_not_check_out(
    app, with_history, tmp_path, after
):
    from datetime import datetime, timedelta

    _base, record = with_history
    known = datetime.fromisoformat(record["number_known_from"])
    late = _refingerprinted(record, published_at=(known + timedelta(seconds=after)).isoformat())
    for lang, says in (
        ("nl", "NIET voor het getal bekend was"),
        ("en", "NOT before the number was known"),
    ):
        code, said = _check(tmp_path, late, lang)
        assert code == 1, said
        assert says in said, said
    # The real record says the list came first.
    code, said = _check(tmp_path, record)
    assert code == 0 and "voor het getal bekend was (vanaf" in said, said


def test_a_list_ready_only_after_its_number_is_known_is_not_used_and_staff_publish_again(
    app, pool_zone, make_round
):
    """The queue was slow: the list was made after the moment the number is known. No
    list is published, nobody is invited, and staff read why and what to do."""
    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    base = f"/{setup.slug}/rounds/{round_id}"
    assert staff.post(f"{base}/draw", draw_form(SOURCE)).status_code == 302
    number_is_known()  # the job starts only once the number is known
    run_jobs(app)
    (record,) = _records(app)
    assert record.status.value == "failed" and not record.list_hash
    page = staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)
    assert "De lijst van mogelijke groepen was pas klaar nadat het getal van de bron" in page
    assert "Publiceer de lijst opnieuw, met een later moment" in page
    assert Client(app).get(f"{base}/draw/record.json").status_code == 404
    assert _seats(app, round_id) == []
    # Published again with a later moment: the list is made and can be picked from.
    assert staff.post(f"{base}/draw", draw_form(SOURCE)).status_code == 302
    run_jobs(app)
    latest = max(_records(app), key=lambda r: r.id)
    assert latest.status.value == "published"
    assert pick(staff, base, latest.id, "7").status_code == 302


def test_a_day_that_has_begun_cannot_be_the_day_the_number_is_known_without_a_time(
    app, pool_zone, make_round
):
    from tests.consultations.conftest import today

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    base = f"/{setup.slug}/rounds/{round_id}"
    refused = staff.post(f"{base}/draw", draw_form(SOURCE, today().isoformat()))
    assert refused.status_code == 400
    assert "Vandaag is al begonnen" in refused.get_data(as_text=True)
    assert _records(app) == []


# Values json.loads accepts that no draw record holds, written into the file as text.
RAW = {
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
    "1e999": "1e999",
    "lone surrogate": '"\\ud800"',
    "huge whole number": "1" + "0" * 40,
}


def _raw(record: dict, path, text: str) -> str:
    marker = "@@RAW@@"
    return json.dumps(_set(record, path, marker)).replace(f'"{marker}"', text)


@pytest.mark.parametrize("name", list(RAW))
@pytest.mark.parametrize(
    "path",
    [
        ("lowest_chance",),
        ("group_size",),
        ("quotas", 0, "min"),
        ("number_source",),
        ("groups", 0, 0),
    ],
    ids=lambda p: ".".join(map(str, p)),
)
def test_a_value_no_record_holds_is_damage_with_a_sentence(app, with_history, tmp_path, name, path):
    _base, record = with_history
    (tmp_path / "draw-record.json").write_text(_raw(record, path, RAW[name]))
    checked = _run(tmp_path, "draw-record.json")
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert "Traceback" not in checked.stdout + checked.stderr
    assert "onvolledig of beschadigd" in checked.stdout, checked.stdout


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("published_at", "2026-12-06T09:39:00"),
        ("number_known_from", "2026-12-07T00:00:00"),
        ("number_entered_at", "2026-12-08T10:00:00"),
        ("time_zone", "Mars/Olympus_Mons"),
        ("time_zone", "../../etc/passwd"),
        ("time_zone", ""),
        ("published_at", "0001-01-01T00:00:00+01:00"),
    ],
)
def test_a_time_without_offset_or_an_unknown_time_zone_is_damage_not_a_mismatch(
    app, with_history, tmp_path, field, value
):
    _base, record = with_history
    code, said = _check(tmp_path, dict(record, **{field: value}))
    assert code == 2, said
    assert f"„{field}”" in said, said


MUTATIONS = [
    float("nan"),
    float("inf"),
    10**30,
    -1,
    0,
    1.5,
    True,
    None,
    "",
    "x",
    "\ud800",
    [],
    {},
    [[["P0001"]]],
    {"a": [1, {"b": None}]},
    "2026-12-06T09:39:00",
]


def test_no_change_of_a_record_gives_a_traceback_or_another_exit_code(app, with_history, tmp_path):
    """Fuzzing: every place of the record (and a surrogate key) replaced by values of
    other kinds, NaN, infinity, huge numbers, surrogates and nested structures. The
    program answers 0, 1 or 2, always with a last line, never with an exception."""
    _base, record = with_history
    places = list(_places(record))
    rng = random.Random(7)
    cases = [(path, value) for path in places for value in MUTATIONS]
    rng.shuffle(cases)
    seen = set()
    for path, value in cases[:1500]:
        code, said = _check(tmp_path, _set(record, path, value))
        assert code in (0, 1, 2), (path, value, said)
        assert said.strip(), (path, value)
        seen.add(code)
    code, said = _check(tmp_path, {**record, "\ud800": 1})
    assert code == 2, said
    assert {1, 2} <= seen, seen
