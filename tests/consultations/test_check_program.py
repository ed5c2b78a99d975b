"""The check program (static/check_draw.py) run as a citizen runs it: downloaded, as a
separate process, on records the app made. It answers in the reader's language, never
with a traceback, and refuses a record changed after its fingerprint was published."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from contextlib import contextmanager

import pytest

from burgerplatform.extensions import db
from tests.conftest import Client
from tests.consultations.conftest import draw_form, run_jobs
from tests.consultations.test_published_draw import SOURCE, _records, _seats, pick, set_aside

CHECKS_OUT = {"nl": "De loting klopt.", "en": "The draw checks out."}
NOT_OUT = {"nl": "De loting klopt NIET.", "en": "The draw does NOT check out."}


def _published(app, setup, round_id):
    """A list published by the staff (step 1), its number not entered yet."""
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    base = f"/{setup.slug}/rounds/{round_id}"
    assert staff.post(f"{base}/draw", draw_form(SOURCE)).status_code == 302
    run_jobs(app)
    (record,) = _records(app)
    return staff, base, record


def _picked(app, setup, round_id, number="3 12 25"):
    staff, base, record = _published(app, setup, round_id)
    assert pick(staff, base, record.id, number).status_code == 302
    return staff, base, record


def _save(tmp_path, app, base, record=None, path="/draw/record.json"):
    """The script and a record in `tmp_path` as the page's links name them; the record
    as downloaded unless `record` (a changed one) is given."""
    visitor = Client(app)
    (tmp_path / "check_draw.py").write_bytes(visitor.get("/static/check_draw.py").get_data())
    if record is None:
        record = visitor.get(f"{base}{path}").get_json()
    (tmp_path / "draw-record.json").write_text(json.dumps(record, ensure_ascii=False))
    return record


def _run(tmp_path, *args: str, lang: str | None = "nl"):
    options = ("--taal", lang) if lang else ()
    return subprocess.run(
        [sys.executable, "-I", "check_draw.py", *options, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )


@contextmanager
def source_rule(monkeypatch):
    """Lists published within it are fingerprinted as before format /5 (format /4: the
    source, the times, the round, the zone and the time zone; no facts stored)."""
    from burgerplatform.consultations import draw_check

    made = draw_check.list_fingerprint
    with monkeypatch.context() as old:
        old.setattr(
            draw_check,
            "list_fingerprint",
            lambda record, rule=draw_check.SOURCE_FORMAT: made(record, draw_check.SOURCE_FORMAT),
        )
        old.setattr(draw_check, "published_facts", lambda record, round_: None)
        yield


@pytest.fixture
def picked_source_rule(app, pool_zone, make_round, tmp_path, monkeypatch):
    """As `picked`, its list published with the rule of format /4."""
    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    with source_rule(monkeypatch):
        _staff, base, _record = _picked(app, setup, round_id)
    return setup, base, _save(tmp_path, app, base)


@pytest.fixture
def picked(app, pool_zone, make_round, tmp_path):
    """A draw whose list was published, then picked by a number; its record saved."""
    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    _staff, base, _record = _picked(app, setup, round_id)
    return setup, base, _save(tmp_path, app, base)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_program_checks_a_real_draw_and_writes_its_times_as_the_page_does(
    app, picked, tmp_path, lang
):
    setup, base, record = picked
    checked = _run(tmp_path, "draw-record.json", lang=lang)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert CHECKS_OUT[lang] in checked.stdout and record["list_sha256"] in checked.stdout
    # The page's own "Published on 6 December 2026 at 09:39" (Europe/Brussels), never UTC.
    page = Client(app, language=lang).get(f"{base}/draw").get_data(as_text=True)
    published = {
        "nl": r"Gepubliceerd op (.+? om \d\d:\d\d)\.",
        "en": r"Published on (.+? at \d\d:\d\d)\.",
    }
    shown = re.search(published[lang], page).group(1)
    assert shown in checked.stdout, (shown, checked.stdout)
    assert not re.search(r"\d{4}-\d\d-\d\dT|\+00:00", checked.stdout)


def test_the_program_says_what_it_does_in_the_language_asked_for(tmp_path, app, picked):
    for lang, words in (("nl", "Gebruik: python3 check_draw.py"), ("en", "Usage: python3")):
        helped = _run(tmp_path, "--help", lang=lang)
        assert helped.returncode == 0 and words in helped.stdout and not helped.stderr


def _without(record: dict, key: str) -> dict:
    changed = copy.deepcopy(record)
    del changed[key]
    return changed


# Files the program cannot check: each a plain sentence and exit 2, never a traceback.
BROKEN = [
    ("missing file", None, {"nl": "bestaat niet", "en": "does not exist"}),
    ("broken JSON", "{ not json", {"nl": "beschadigd of onvolledig", "en": "damaged or"}),
    ("cut short", lambda r: json.dumps(r)[:300], {"nl": "regel 1", "en": "line 1"}),
    ("a list, not a record", "[1, 2]", {"nl": "„format”", "en": "“format”"}),
    ("no groups", lambda r: _without(r, "groups"), {"nl": "„groups”", "en": "“groups”"}),
    ("empty list", lambda r: dict(r, groups=[]), {"nl": "„groups”", "en": "“groups”"}),
    ("group size text", lambda r: dict(r, group_size="4"), {"nl": "„group_size”", "en": "“group_"}),
    ("no quotas", lambda r: _without(r, "quotas"), {"nl": "„quotas”", "en": "“quotas”"}),
    (
        "bad time",
        lambda r: dict(r, published_at="gisteren"),
        {"nl": "„published_at”", "en": "“pub"},
    ),
    ("number as int", lambda r: dict(r, number=3122533), {"nl": "„number”", "en": "“number”"}),
    (
        "other format",
        lambda r: dict(r, format="burgerplatform-draw/9"),
        {"nl": "geen verslag", "en": "not a draw"},
    ),
    ("nested 100,000 deep", "[" * 100_000 + "]" * 100_000, {"nl": "te diep", "en": "too deeply"}),
    (
        "a field nested deep",
        lambda r: json.dumps(r)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        {"nl": "te diep", "en": "too deeply"},
    ),
    ("a number of 5,000 digits", '{"format": ' + "9" * 5000 + "}", {"nl": "te", "en": "too"}),
    ("no round", lambda r: _without(r, "round_id"), {"nl": "„round_id”", "en": "“round_id”"}),
]


@pytest.mark.parametrize(("case", "change", "says"), BROKEN, ids=[b[0] for b in BROKEN])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_file_the_program_cannot_check_gets_a_plain_sentence_never_a_traceback(
    tmp_path, picked, case, change, says, lang
):
    _setup, _base, record = picked
    path = tmp_path / "draw-record.json"
    if change is None:
        path.unlink()
    else:
        made = change(record) if callable(change) else change
        path.write_text(made if isinstance(made, str) else json.dumps(made))
    checked = _run(tmp_path, "draw-record.json", lang=lang)
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert "Traceback" not in checked.stdout + checked.stderr
    assert says[lang] in checked.stdout, checked.stdout


def _covered_change(record: dict) -> dict:
    """The first quota's limits widened: what a record would need to hide a group
    that breaks the mix."""
    changed = copy.deepcopy(record)
    changed["quotas"][0]["min"] = 0
    changed["quotas"][0]["max"] = 4
    return changed


# Records changed after publication that the program must refuse (exit 1), each with
# the reason it gives, in Dutch.
TAMPERED = [
    (
        "number removed, group kept",
        lambda r: dict(r, number=None),
        "noemt een gekozen groep, maar geen getal",
    ),
    (
        "published after the number",
        lambda r: dict(r, published_at="2030-01-01T10:00:00+01:00"),
        "NA het getal",
    ),
    (
        "answers removed from a mix without sensitive answers",
        lambda r: dict(r, answers=None, chances=None),
        "geen enkel antwoord van de mix gevoelig",
    ),
    ("quota limits changed", _covered_change, "Het verslag werd veranderd na de publicatie"),
    ("group size changed", lambda r: dict(r, group_size=3), "Het verslag werd veranderd"),
    (
        "marked sensitive",
        lambda r: dict(r, quotas=[dict(q, sensitive=True) for q in r["quotas"]]),
        "Het verslag werd veranderd",
    ),
    (
        "number written with two spaces",
        lambda r: dict(r, number=r["number"].replace(" ", "  ")),
        "niet in het verslag zoals de loting het gebruikt",
    ),
    (
        "time of the number removed",
        lambda r: dict(r, number_entered_at=None),
        "niet wanneer het ingevoerd werd",
    ),
]


@pytest.mark.parametrize(("case", "change", "reason"), TAMPERED, ids=[t[0] for t in TAMPERED])
def test_a_record_changed_after_its_fingerprint_was_published_is_refused_with_a_reason(
    tmp_path, app, picked, case, change, reason
):
    _setup, base, record = picked
    _save(tmp_path, app, base, change(record))
    checked = _run(tmp_path, "draw-record.json")
    assert checked.returncode == 1, checked.stdout
    assert NOT_OUT["nl"] in checked.stdout and reason in checked.stdout, checked.stdout
    # The fingerprint it computed is printed, to compare with the one on the page.
    assert "Vergelijk die met de vingerafdruk op de webpagina" in checked.stdout


def _forged(record: dict) -> dict:
    """A record made up anew: another list (the first group swapped with the last), and
    the fingerprint computed for it, as someone who knows the rule can do."""
    from tests.consultations.test_lottery import _script

    forged = copy.deepcopy(record)
    forged["groups"][0], forged["groups"][-1] = forged["groups"][-1], forged["groups"][0]
    forged["list_sha256"] = _script().record_fingerprint(forged)
    forged["index"] = _script().pick_index(
        forged["list_sha256"], forged["number"], len(forged["groups"])
    )
    forged["selected"] = sorted(forged["groups"][forged["index"]])
    return forged


def test_a_record_made_up_anew_is_refused_when_the_page_fingerprint_is_given(tmp_path, app, picked):
    _setup, base, record = picked
    _save(tmp_path, app, base, _forged(record))
    # Alone, it agrees with itself: only the page's fingerprint tells it apart.
    assert _run(tmp_path, "draw-record.json").returncode == 0
    for option, lang, says in (
        ("--vingerafdruk", "nl", "Dit verslag hoort niet bij de webpagina van de loting."),
        ("--empreinte", "fr", "Ce relevé ne correspond pas à la page web du tirage."),
        ("--fingerprint", "en", "This record does not belong to the draw's web page."),
    ):
        checked = _run(tmp_path, option, record["list_sha256"], "draw-record.json", lang=lang)
        assert checked.returncode == 2, checked.stdout + checked.stderr
        assert says in checked.stdout and record["list_sha256"] in checked.stdout
        assert "Traceback" not in checked.stdout + checked.stderr
    # A fingerprint that cannot be one is a plain sentence too.
    checked = _run(tmp_path, "--vingerafdruk", "abc", "draw-record.json")
    assert checked.returncode == 2 and "64 tekens" in checked.stdout, checked.stdout


def test_the_page_command_holds_the_page_fingerprint_and_checks_the_real_record(
    tmp_path, app, picked
):
    """Copying the page's command checks the record against the page: the real record
    checks out, a record made up anew is refused."""
    _setup, base, record = picked
    page = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
    command = re.search(r'id="check-command">([^<]+)<', page).group(1).split()
    shown = re.search(r'id="list-hash">([0-9a-f]{64})<', page).group(1)
    assert command[command.index("--vingerafdruk") + 1] == shown == record["list_sha256"]
    checked = _run(tmp_path, *command[2:], lang=None)
    assert checked.returncode == 0, checked.stdout
    assert "De vingerafdruk is dezelfde als op de webpagina" in checked.stdout
    _save(tmp_path, app, base, _forged(record))
    assert _run(tmp_path, *command[2:], lang=None).returncode == 2


def test_the_fingerprint_covers_the_groups_the_size_and_the_mix(app, picked):
    """Changing any quota limit, the group size or a sensitivity flag gives another
    fingerprint, so such a record no longer matches the one on the page."""
    from tests.consultations.test_lottery import _script

    _setup, _base, record = picked
    script = _script()
    assert script.record_fingerprint(record) == record["list_sha256"]
    for changed in (
        _covered_change(record),
        dict(record, group_size=5),
        dict(record, quotas=[dict(q, sensitive=not q["sensitive"]) for q in record["quotas"]]),
        dict(record, largest_deviation=0.5),
    ):
        assert script.record_fingerprint(changed) != record["list_sha256"]


def test_a_list_published_with_the_old_rule_still_checks_with_that_rule(
    app, pool_zone, make_round, tmp_path, monkeypatch
):
    from burgerplatform.consultations import draw_check, lottery

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    with monkeypatch.context() as old:
        # How lists were fingerprinted before (format /2): the groups alone.
        old.setattr(
            draw_check,
            "list_fingerprint",
            lambda record: lottery.list_hash(draw_check.public_panels(record)),
        )
        old.setattr(draw_check, "published_facts", lambda record, round_: None)
        _staff, base, _record = _picked(app, setup, round_id)
    record = _save(tmp_path, app, base)
    assert record["format"] == "burgerplatform-draw/2"
    checked = _run(tmp_path, "draw-record.json")
    assert checked.returncode == 0, checked.stdout
    assert "oude regel: alleen de lijst van groepen" in checked.stdout
    page = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
    assert "Een code die berekend is uit de lijst van groepen: " in page
    (stored,) = _records(app)
    assert stored.fingerprint_covers_groups_only


def test_the_pages_say_what_the_fingerprint_covers_as_the_record_knows_it(app, picked):
    """A list published since the fingerprint covers the source and the times: the
    record itself says so (no page compares format names), on the check page and on the
    round page."""
    _setup, base, record = picked
    assert record["format"] == "burgerplatform-draw/5"
    with app.app_context():
        (stored,) = _records(app)
        stored = db.session.merge(stored)
        assert not stored.fingerprint_covers_groups_only and stored.fingerprint_covers_source
    covers = "de afgesproken mix, de bron van het getal, wanneer het bekend is"
    for path in ("/draw", ""):
        page = Client(app, language="nl").get(f"{base}{path}").get_data(as_text=True)
        assert covers in page, path
        assert "Een code die berekend is uit de lijst van groepen: " not in page, path


def test_a_list_published_with_the_mix_rule_still_checks_with_that_rule(
    app, pool_zone, make_round, tmp_path, monkeypatch
):
    """Lists published before the fingerprint covered the source (format /3) keep
    checking, with the rule they were published with."""
    from burgerplatform.consultations import draw_check

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    made = draw_check.list_fingerprint
    with monkeypatch.context() as old:
        old.setattr(
            draw_check,
            "list_fingerprint",
            lambda record, rule=draw_check.MIX_FORMAT: made(record, draw_check.MIX_FORMAT),
        )
        old.setattr(draw_check, "published_facts", lambda record, round_: None)
        _staff, base, _record = _picked(app, setup, round_id)
    record = _save(tmp_path, app, base)
    assert record["format"] == "burgerplatform-draw/3"
    checked = _run(tmp_path, "draw-record.json")
    assert checked.returncode == 0, checked.stdout
    page = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
    assert "de grootte van de groep en de afgesproken mix" in page


# Every fact the program prints from a record of format /4, changed in the record after
# publication: the fingerprint no longer matches, exit 1. (The number, its time, the
# position and the group are checked by the pick; a set-aside and the replacements come
# after the publication, so no fingerprint published before can cover them.)
FACTS = [
    ("source of the number", lambda r: dict(r, number_source="Lotto van zaterdag 16 januari")),
    ("when the number is known", lambda r: dict(r, number_known_from="2026-01-01T00:00:00+01:00")),
    ("when the number is known, removed", lambda r: dict(r, number_known_from=None)),
    ("publication time", lambda r: dict(r, published_at="2026-01-01T09:00:00+01:00")),
    ("round", lambda r: dict(r, round_id=r["round_id"] + 1)),
    ("zone", lambda r: dict(r, zone_slug="een-andere-zone")),
    ("time zone", lambda r: dict(r, time_zone="America/New_York")),
    ("quota limits", _covered_change),
    ("group size", lambda r: dict(r, group_size=3)),
    ("a group", lambda r: dict(r, groups=[list(reversed(r["groups"][0]))[1:] + ["P9999"]]
                                         + r["groups"][1:])),
    ("lowest chance", lambda r: dict(r, lowest_chance=0.9)),
    ("largest difference", lambda r: dict(r, largest_deviation=0.5)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "change"), FACTS, ids=[f[0] for f in FACTS])
def test_every_fact_the_program_prints_is_covered_by_the_fingerprint(
    tmp_path, app, picked_source_rule, case, change
):
    _setup, base, record = picked_source_rule
    assert record["format"] == "burgerplatform-draw/4"
    honest = _run(tmp_path, "--vingerafdruk", record["list_sha256"], "draw-record.json")
    assert honest.returncode == 0, honest.stdout
    # The facts are printed, to compare with the page.
    assert f"/{record['zone_slug']}/rounds/{record['round_id']}/draw" in honest.stdout
    assert f"Het getal komt van deze bron: {SOURCE}. Het is bekend vanaf " in honest.stdout
    _save(tmp_path, app, base, change(record))
    checked = _run(tmp_path, "--vingerafdruk", record["list_sha256"], "draw-record.json")
    assert checked.returncode == 1, checked.stdout
    assert "Het verslag werd veranderd na de publicatie" in checked.stdout
    assert "De vingerafdruk is dezelfde als op de webpagina" in checked.stdout
    assert NOT_OUT["nl"] in checked.stdout


def test_a_number_entered_before_the_source_could_give_it_does_not_check_out(tmp_path, app, picked):
    """A record whose list announced that the number is known only later than it was
    entered (a server that let it in, fingerprint and pick made to agree)."""
    from tests.consultations.test_lottery import _script

    _setup, base, record = picked
    early = copy.deepcopy(record)
    early["number_known_from"] = "2030-01-09T00:00:00+01:00"
    early["list_sha256"] = _script().record_fingerprint(early)
    early["index"] = _script().pick_index(early["list_sha256"], early["number"], 1000)
    early["selected"] = sorted(early["groups"][early["index"]])
    _save(tmp_path, app, base, early)
    for lang, says in (
        ("nl", "VOOR de bron het kon geven (pas bekend vanaf 9 januari 2030 om 00:00)"),
        ("fr", "AVANT que la source ait pu le donner"),
        ("en", "BEFORE the source could give it (only known from 9 January 2030 at 00:00)"),
    ):
        checked = _run(tmp_path, "draw-record.json", lang=lang)
        assert checked.returncode == 1, checked.stdout
        assert says in checked.stdout, checked.stdout
    # The real record: entered after the moment named (today, from its start).
    _save(tmp_path, app, base)
    checked = _run(tmp_path, "draw-record.json")
    assert checked.returncode == 0 and "nadat de bron het kon geven" in checked.stdout


def test_a_list_that_was_set_aside_is_intact_but_never_picked_and_a_number_can_be_tried(
    app, pool_zone, make_round, tmp_path
):
    from tests.consultations.test_lottery import _script

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _published(app, setup, round_id)
    posted = set_aside(staff, base, record.id, "De pool was fout.")
    assert posted.status_code == 302, posted.status_code
    saved = _save(tmp_path, app, base, path=f"/draw/discarded/{record.id}/record.json")
    checked = _run(tmp_path, "draw-record.json")
    assert checked.returncode == 0, checked.stdout
    assert "opzijgelegd (reden: De pool was fout.)" in checked.stdout
    assert "Er wordt nooit een groep uit deze lijst gekozen." in checked.stdout
    assert (
        "De lijst is ongeschonden." in checked.stdout and "De loting klopt." not in checked.stdout
    )
    # Which group a number would have picked: the same rule as the pick.
    tried = _run(tmp_path, "--getal", " 03 12  025", "draw-record.json", lang="en")
    index = _script().pick_index(saved["list_sha256"], "3 12 25", len(saved["groups"]))
    group = ", ".join(sorted(saved["groups"][index]))
    assert f"The number 3 12 25 would pick group {index + 1} of 1000: {group}." in tried.stdout
    assert _run(tmp_path, "--getal", "3,12", "draw-record.json").returncode == 2
    # The page says how to try a number on such a list.
    page = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
    shown = page.replace("&#34;", '"').replace("&quot;", '"')
    assert (
        f'--vingerafdruk {saved["list_sha256"]} --getal "3 12 25" '
        f"draw-record-discarded-{record.id}.json"
    ) in shown


def test_a_replacement_after_a_no_is_listed_and_the_replacement_sees_they_came_in_for_it(
    app, pool_zone, make_round, tmp_path
):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import draws, queries
    from burgerplatform.consultations.models import PoolMember

    setup = pool_zone(12)
    round_id = make_round(setup, size=3)
    _staff, base, record = _picked(app, setup, round_id)
    with app.test_request_context():
        round_ = queries.load_round_for_group(round_id)
        new = draws.answer(round_.seats[0], accept=False)
        db.session.commit()
        assert new is not None
        email = db.session.get(User, db.session.get(PoolMember, new.member_id).user_id).email
    public = _save(tmp_path, app, base)
    (entry,) = public["replacements"]
    assert entry["reason"] == "declined" and entry["for"] in public["selected"]
    for lang, says in (("nl", "1 vervangen nadat iemand nee zei"), ("en", "1 replaced after")):
        checked = _run(tmp_path, "draw-record.json", lang=lang)
        assert checked.returncode == 0 and says in checked.stdout, checked.stdout
        assert entry["chosen"] in checked.stdout
    assert "kan dit programma niet opnieuw doen" in _run(tmp_path, "draw-record.json").stdout
    # The replacement's own line on the check page.
    replacement = Client(app, language="nl")
    replacement.login(email)
    page = replacement.get(f"{base}/draw").get_data(as_text=True)
    own = page.split('id="own-code"', 1)[1].split("</p>", 1)[0]
    assert entry["chosen"] in own and "je kwam erbij in de plaats van iemand" in own
    assert "1 persoon van de groep zei nee" in page
    assert len(_seats(app, round_id)) == 4


def test_the_page_downloads_the_files_under_the_names_its_command_uses(app, picked):
    _setup, base, _record = picked
    for lang in ("nl", "fr", "en"):
        page = Client(app, language=lang).get(f"{base}/draw").get_data(as_text=True)
        command = re.search(r'id="check-command">([^<]+)<', page).group(1)
        names = dict(re.findall(r'download="([^"]+)" id="download-(program|record)"', page))
        assert set(names.values()) == {"program", "record"}, names
        program, record = (n for n, _kind in sorted(names.items(), key=lambda x: x[1]))
        assert command.split()[1] == program == "check_draw.py"
        assert command.split()[-1] == record == "draw-record.json"


def test_the_check_page_says_in_plain_words_which_group_the_number_picks(app, picked):
    _setup, base, record = picked
    page = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
    plain = f"Het getal kiest groep {record['index'] + 1} van de 1000."
    assert plain in page and "Iedereen kan dat narekenen" in page
    # The exact rule stays, folded away for checkers.
    details = page.split('id="picked-group"', 1)[1].split("</dd>", 1)[0]
    assert "<details>" in details and "SHA-256" in details.split("<details>", 1)[1]
    assert "SHA-256" not in details.split("<details>", 1)[0]
    assert (
        "Grootste afrondingsverschil" not in page.split('id="rounding"', 1)[1].split("<details>")[0]
    )
    assert "Hoe goed de lijst de kansen volgt" in page


def test_before_the_pick_the_page_quotes_the_last_line_the_program_writes(
    app, pool_zone, make_round, tmp_path
):
    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    _staff, base, _record = _published(app, setup, round_id)
    _save(tmp_path, app, base)
    for lang in ("nl", "en"):
        checked = _run(tmp_path, "draw-record.json", lang=lang)
        assert checked.returncode == 0, checked.stdout
        last = checked.stdout.strip().splitlines()[-1]
        page = Client(app, language=lang).get(f"{base}/draw").get_data(as_text=True)
        says = page.split('id="program-says">', 1)[1].split("</li>", 1)[0]
        assert last in says.replace("&#39;", "'"), (last, says)
