"""A draw anyone can check: the replay reads the pool and compares it with the draw's
fingerprint, the solver's status is checked, and a draw runs once however slow it is."""

from __future__ import annotations

import json
import re

import pytest

from burgerplatform.extensions import db
from tests.consultations.test_draws import _draw


def _change_one_age(app, record_id: int) -> None:
    """One person the draw chose from now gives another age band."""
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import DrawRecord, PoolAnswer, PoolMember, Round

    with app.app_context():
        record = db.session.get(DrawRecord, record_id)
        zone_id = db.session.get(Round, record.round_id).zone_id
        ages = next(c for c in pool.categories_by_id(zone_id).values() if c.key == "age_band")
        member = db.session.scalar(
            db.select(PoolMember).where(PoolMember.pseudonym == record.profiles[0][0])
        )
        answer = next(a for a in member.answers if a.value.category_id == ages.id)
        other = next(v for v in ages.values if v.id != answer.value_id)
        member.answers.remove(answer)
        db.session.flush()
        member.answers.append(PoolAnswer(value_id=other.id))
        db.session.commit()


def test_replaying_a_draw_after_someone_changed_their_age_is_refused(app, pool_zone, make_round):
    from burgerplatform.consultations import draw_check, draws
    from burgerplatform.consultations.models import DrawRecord

    setup = pool_zone(12)
    record_id = _draw(app, make_round(setup, size=4, quotas={("municipality", 0): (2, 2)}))
    with app.test_request_context():
        record = db.session.get(DrawRecord, record_id)
        assert draws.replay(record) == sorted(record.selected)  # the pool is as drawn
    _change_one_age(app, record_id)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        record = db.session.get(DrawRecord, record_id)
        with pytest.raises(draw_check.PoolChanged) as refused:
            draws.replay(record)
        assert "The pool has changed since this draw" in str(refused.value.message)


def test_the_staff_audit_says_the_replay_is_refused_when_the_pool_changed(
    app, pool_zone, make_round, make_client
):
    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    record_id = _draw(app, round_id)
    client = make_client()
    client.login(setup.staff_email)
    url = f"/{setup.slug}/rounds/{round_id}/draws/{record_id}/audit.json"
    before = client.get(url).get_json()
    assert before["pool_matches_snapshot"] is True and before["replay"] == before["selected"]
    _change_one_age(app, record_id)
    after = client.get(url).get_json()
    assert after["pool_matches_snapshot"] is False and after["replay"] is None
    assert after["replay_refused"]


def test_a_solver_that_stops_early_fails_the_draw_with_a_plain_message(monkeypatch):
    """HiGHS hitting a limit must not give a wrong distribution silently."""
    from burgerplatform.consultations import maximin, sortition
    from burgerplatform.consultations.sortition import PoolRow

    rows = [PoolRow(f"p{i}", {"town": frozenset(["a" if i % 2 else "b"])}) for i in range(8)]
    quotas = [sortition.QuotaRule("town", "a", False, 1, 3, "Town: a")]
    real = maximin._check_optimal
    calls = []

    def stopped_on_the_weights(solver, highspy, step):
        calls.append(step)
        if step == "weights":
            raise maximin.SolverFailed("weights: Time limit reached")
        real(solver, highspy, step)

    monkeypatch.setattr(maximin, "_check_optimal", stopped_on_the_weights)
    with pytest.raises(sortition.DrawError) as failed:
        sortition.draw(rows, quotas, 4, seed=1)
    assert "did not finish properly" in str(failed.value)
    assert "Time limit reached" in str(failed.value)


@pytest.mark.parametrize("step", ["composition", "weights", "distribution"])
def test_every_solver_step_checks_that_its_answer_is_optimal(monkeypatch, step):
    """The class: each of the three HiGHS models checks its model status."""
    from burgerplatform.consultations import maximin

    seen = []
    real = maximin._check_optimal
    monkeypatch.setattr(
        maximin, "_check_optimal", lambda s, h, name: (seen.append(name), real(s, h, name))
    )
    maximin.solve([3, 5, 2], [maximin.Limit((0,), 1, 2)], 4)
    if step == "distribution":
        # Its own program runs only when the master's dual values leave someone short.
        maximin._primal([(1, 3, 0), (2, 2, 0)], [3, 5, 2], [0, 1])
    assert step in seen


def test_the_first_step_of_a_long_draw_keeps_saying_it_is_alive():
    """Thousands of profiles: the first step alone takes minutes; it reports progress
    (and so renews the job's lock) while it works, not only after."""
    from burgerplatform.consultations import maximin

    reported = []
    sizes = [1] * 40
    maximin.solve(sizes, [maximin.Limit(tuple(range(20)), 2, 3)], 5, reported.append)
    before_second_step = [p for p in reported if p < 20]
    assert len(before_second_step) >= 40


def test_a_draw_taken_over_by_a_second_worker_invites_the_group_once(
    app, pool_zone, make_round, monkeypatch
):
    """A worker whose draw looked abandoned stops at its next heartbeat once a second
    worker claimed the job; only the second worker's group is invited."""
    from burgerplatform.consultations import draws, sortition
    from burgerplatform.consultations.models import DrawRecord, Round, Seat
    from burgerplatform.core import jobs
    from burgerplatform.core.db import utcnow
    from burgerplatform.core.jobs import Job, JobStatus

    real_draw = sortition.draw
    taken_over = []

    def draw_overtaken(*args):
        if not taken_over:
            # What a second worker's `_requeue_stale` and `_claim` do, in their own
            # transaction: the job is claimed again.
            job = db.session.scalar(db.select(Job).where(Job.status == JobStatus.RUNNING))
            db.session.execute(
                db.update(Job)
                .where(Job.id == job.id)
                .values(attempts=Job.attempts + 1, locked_at=utcnow())
            )
            db.session.commit()
            taken_over.append(job.id)
            args[6](99)  # the first worker's next heartbeat
        return real_draw(*args)

    monkeypatch.setattr(draws.sortition, "draw", draw_overtaken)
    setup = pool_zone(8)
    round_id = make_round(setup, size=3)
    record_id = _draw(app, round_id)
    with app.app_context():
        job = db.session.get(Job, taken_over[0])
        assert job.status is JobStatus.RUNNING and job.attempts == 2  # the second worker's
        assert db.session.scalar(db.select(db.func.count(Seat.id))) == 0
    # The second worker runs it to the end.
    with app.test_request_context():
        jobs.run_job(db.session.get(Job, taken_over[0]))
        record = db.session.get(DrawRecord, record_id)
        assert record.status.value == "done"
        round_ = db.session.get(Round, round_id)
        assert len(round_.seats) == 3
        assert db.session.get(Job, taken_over[0]).status is JobStatus.DONE


def _public_files(app, make_client, setup, round_id, tmp_path):
    visitor = make_client()
    record = visitor.get(f"/{setup.slug}/rounds/{round_id}/draw/record.json")
    assert record.status_code == 200
    assert "attachment" in record.headers["Content-Disposition"]
    script = visitor.get("/static/check_draw.py")
    assert script.status_code == 200
    (tmp_path / "record.json").write_bytes(record.get_data())
    (tmp_path / "check_draw.py").write_bytes(script.get_data())
    return record.get_json()


def _run_check(tmp_path, lang: str | None = "en", env=None):
    """The downloaded script run on the downloaded record, in `lang` (None: the script's
    own choice, from `env`)."""
    import subprocess
    import sys

    options = ("--taal", lang) if lang else ()
    return subprocess.run(
        [
            sys.executable,
            "-I",
            str(tmp_path / "check_draw.py"),
            *options,
            str(tmp_path / "record.json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
    )


def test_anyone_can_download_the_record_and_the_script_reproduces_the_group(
    app, pool_zone, make_round, make_client, tmp_path
):
    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    _draw(app, round_id, seed=2026)
    public = _public_files(app, make_client, setup, round_id, tmp_path)
    checked = _run_check(tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "The draw checks out." in checked.stdout
    assert ", ".join(public["selected"]) in checked.stdout
    assert len(public["selected"]) == 4 and public["number"] == "2026"
    assert "keeps the agreed mix" in checked.stdout
    # The page shows the fingerprint the script recomputes.
    page = make_client().get(f"/{setup.slug}/rounds/{round_id}").get_data(as_text=True)
    assert public["list_sha256"] in page and public["list_sha256"] in checked.stdout

    # One person moved from one group of the list to another: the script says so and fails.
    (tmp_path / "record.json").write_text(json.dumps(_one_person_moved(public)))
    refused = _run_check(tmp_path)
    assert refused.returncode == 1 and "does NOT check out" in refused.stdout


def _one_person_moved(public: dict) -> dict:
    """The record with one person moved from the first group of the list to another."""
    groups = [list(group) for group in public["groups"]]
    # Two people who are not already in each other's group (else the swap changes nothing).
    j, a, b = next(
        (j, a, b)
        for j in range(1, len(groups))
        for a in range(len(groups[0]))
        for b in range(len(groups[j]))
        if groups[j][b] not in groups[0] and groups[0][a] not in groups[j]
    )
    groups[0][a], groups[j][b] = groups[j][b], groups[0][a]
    return dict(public, groups=groups)


# What the check program says at the end and about the pick, in each of its languages.
CHECKS_OUT = {
    "nl": "De loting klopt.",
    "fr": "Le tirage est correct.",
    "en": "The draw checks out.",
}
DOES_NOT = {"nl": "De loting klopt NIET.", "fr": "Le tirage n’est PAS correct.", "en": "NOT check"}
INVITED = {
    "nl": "(de groep die uitgenodigd werd)",
    "fr": "(le groupe qui a été invité)",
    "en": "(the group that was invited)",
}


def test_the_check_program_tells_in_dutch_french_or_english_that_the_invited_group_matches(
    app, pool_zone, make_round, make_client, tmp_path
):
    import os

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    _draw(app, round_id, seed=77)
    public = _public_files(app, make_client, setup, round_id, tmp_path)
    group = ", ".join(sorted(public["selected"]))
    outputs = {}
    for lang in ("nl", "fr", "en"):
        checked = _run_check(tmp_path, lang)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert CHECKS_OUT[lang] in checked.stdout and INVITED[lang] in checked.stdout
        assert group in checked.stdout and public["list_sha256"] in checked.stdout
        outputs[lang] = checked.stdout
    # Not English under another name: no English sentence in the Dutch or French output.
    for lang in ("nl", "fr"):
        assert not re.findall(r"checks out|picks group|Fingerprint|people", outputs[lang])
    # Without --taal: the computer's language when it is one of the three, else Dutch.
    bare = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    for env, lang in (({}, "nl"), ({"LANG": "fr_BE.UTF-8"}, "fr"), ({"LANG": "de_DE"}, "nl")):
        checked = _run_check(tmp_path, None, env=bare | env)
        assert CHECKS_OUT[lang] in checked.stdout, (env, checked.stdout)

    (tmp_path / "record.json").write_text(json.dumps(_one_person_moved(public)))
    for lang in ("nl", "fr", "en"):
        refused = _run_check(tmp_path, lang)
        assert refused.returncode == 1 and DOES_NOT[lang] in refused.stdout, refused.stdout


def test_the_public_record_names_nobody_and_its_codes_change_from_draw_to_draw(
    app, pool_zone, make_round, make_client, tmp_path
):
    from burgerplatform.consultations.models import DrawRecord, PoolMember

    setup = pool_zone(12)
    first = make_round(setup, size=4, quotas={("municipality", 0): (1, 3)})
    second = make_round(setup, size=4, quotas={("municipality", 0): (1, 3)}, title="Tweede")
    records = [_draw(app, first), _draw(app, second)]
    public = _public_files(app, make_client, setup, first, tmp_path)
    text = json.dumps(public)
    with app.app_context():
        pseudonyms = db.session.scalars(db.select(PoolMember.pseudonym)).all()
        assert not [p for p in pseudonyms if p in text]
        assert not [e for e in setup.members if e in text]
        from burgerplatform.consultations import draw_check

        codes = [
            {p: draw_check.alias_for(db.session.get(DrawRecord, r))(p) for p in pseudonyms}
            for r in records
        ]
    assert codes[0] != codes[1]
    (quota,) = public["quotas"]
    assert not quota["sensitive"]


def test_a_draw_whose_mix_includes_health_or_care_answers_publishes_only_codes(
    app, pool_zone, make_round, make_client, tmp_path
):
    """An outside review recovered every profile's hidden health and carer answer from
    the old record (profile sizes, chances and groups). The list of groups gives no
    answer, no chance and no lasting id: only per-draw codes, which the script checks."""
    from burgerplatform.consultations.models import PoolMember
    from tests.conftest import Client

    for quotas in (
        {("lived_experience", 0): (1, 2)},
        {("municipality", 0): (1, 3), ("lived_experience", 1): (1, 3)},
    ):
        # A pool of its own per draw: people invited by the first draw are not drawable
        # for the second, and which ones the first picks is left to chance. 30 people: 5
        # or more in each class with a health or care answer, so the rules can be saved.
        setup = pool_zone(30)
        round_id = make_round(setup, size=4, quotas=quotas)
        _draw(app, round_id)
        public = _public_files(app, make_client, setup, round_id, tmp_path)
        assert public["answers"] is None and public["chances"] is None
        text = json.dumps(public)
        with app.app_context():
            pseudonyms = db.session.scalars(db.select(PoolMember.pseudonym)).all()
        assert not [p for p in pseudonyms if p in text]
        # Nothing but codes in the groups; no answer label next to a code.
        codes = {code for group in public["groups"] for code in group}
        assert all(re.fullmatch(r"P\d{4}", code) for code in codes)
        assert set(public) >= {"groups", "list_sha256", "number", "selected"}
        for key in ("profiles", "distribution", "profile_answers", "probabilities"):
            assert key not in public
        checked = _run_check(tmp_path)
        assert checked.returncode == 0, checked.stdout
        assert "no answers per code" in checked.stdout
        page = Client(app, language="nl").get(f"/{setup.slug}/rounds/{round_id}/draw")
        html = page.get_data(as_text=True)
        assert "record.json" in html and "geen antwoorden" in html


def test_the_check_page_explains_the_draw_in_plain_dutch_before_the_technical_terms(
    app, pool_zone, make_round, make_client
):
    from tests.conftest import Client

    setup = pool_zone(9)
    round_id = make_round(setup, size=3)
    _draw(app, round_id)
    page = Client(app, language="nl").get(f"/{setup.slug}/rounds/{round_id}/draw")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    main = html.split("<main", 1)[1]
    plain, _, technical = main.partition('id="for-checking"')
    assert "Hoe kan ik deze loting nakijken?" in plain
    assert "33,3%" in plain  # everyone had a known chance of at least a third
    for word in ("Maximin", "Leximin", "HiGHS", "SHA-256", "Flanigan", "seed", "JSON", "modulo"):
        assert word not in plain, word
    for word in ("leximin", "HiGHS", "SHA-256", "Flanigan"):
        assert word in technical, word


def test_the_check_page_tells_in_each_language_how_to_run_the_program_and_what_it_answers(
    app, pool_zone, make_round
):
    """The command on the page asks for the page's language, and the words the page says
    the program writes are the ones it writes in that language."""
    import html as html_lib

    from tests.conftest import Client
    from tests.consultations.test_lottery import _script

    texts = _script().TEXTS
    setup = pool_zone(9)
    round_id = make_round(setup, size=3)
    _draw(app, round_id)
    for lang, steps in (
        ("nl", ("map Downloads", "druk op Enter", "Op Windows typ je py")),
        ("fr", ("Téléchargements", "appuyez sur Entrée", "tapez py")),
        ("en", ("Downloads folder", "press Enter", "type py")),
    ):
        page = Client(app, language=lang).get(f"/{setup.slug}/rounds/{round_id}/draw")
        text = html_lib.unescape(page.get_data(as_text=True)).replace("‘", "“").replace("’", "”")
        how = text.split('id="check-steps"', 1)[1].split("</ol>", 1)[0]
        # The command checks against this page's own fingerprint.
        assert re.search(
            rf"python3 check_draw.py --taal {lang} --vingerafdruk [0-9a-f]{{64}} draw-record.json",
            how,
        ), how
        for words in steps:
            assert words in how, (lang, words)
        assert texts[lang]["wrong"].strip() in how and texts[lang]["ok"].strip() in how
        good = texts[lang]["good"]
        assert f"“{good}”" in how or f"« {good} »" in how, (lang, how)


def test_a_round_without_a_finished_draw_has_no_check_page(app, pool_zone, make_round, client):
    setup = pool_zone(6)
    round_id = make_round(setup, size=2)
    assert client.get(f"/{setup.slug}/rounds/{round_id}/draw").status_code == 404
    assert client.get(f"/{setup.slug}/rounds/{round_id}/draw/record.json").status_code == 404


def _save_rules(client, setup, round_id, size, limits):
    """Post the group form with {(category key, value index): (min, max)}."""
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    with client.app.app_context():
        zone = db.session.get(Zone, setup.zone_id)
        cats = {c.key: c for c in pool.categories(zone)}
        fields = {}
        for (key, i), (low, high) in limits.items():
            value = cats[key].values[i]
            fields[f"min_{value.id}"] = "" if low is None else str(low)
            fields[f"max_{value.id}"] = "" if high is None else str(high)
    data = {
        "group_size": str(size),
        "rotation_rounds": "0",
        "rotation_months": "0",
        "reply_days": "10",
        **fields,
    }
    return client.post(f"/{setup.slug}/rounds/{round_id}/group", data)


@pytest.mark.parametrize(
    "size, limits, numbers",
    [
        # Both municipalities (everyone answered) at most 2, a group of 5: 4 seats at most.
        (
            5,
            {("municipality", 0): (None, 2), ("municipality", 1): (None, 2)},
            ("4", "5"),
        ),
        # At most 1 in the first town: the other 7 seats need 7 of the 6 in the second.
        (8, {("municipality", 0): (None, 1)}, ("1", "6", "7")),
        # More than the pool has with the answer.
        (8, {("municipality", 0): (7, None)}, ("7", "6")),
    ],
)
def test_quotas_that_can_never_be_met_are_refused_in_the_form_with_the_numbers(
    app, pool_zone, make_round, make_client, size, limits, numbers
):
    setup = pool_zone(12)
    round_id = make_round(setup, size=3)
    client = make_client()
    client.login(setup.staff_email)
    page = _save_rules(client, setup, round_id, size, limits)
    assert page.status_code == 400
    errors = re.findall(r'class="error">(.*?)<', page.get_data(as_text=True))
    assert any(all(re.search(rf"\b{n}\b", e) for n in numbers) for e in errors), errors


def test_a_maximum_below_what_everyone_in_the_pool_shares_is_refused(app, pool_zone, make_round):
    """Everyone in the pool gave one answer; a maximum on it below the group size leaves
    seats nobody can fill."""
    from burgerplatform.consultations import draws, pool
    from burgerplatform.consultations.models import PoolAnswer, PoolMember, Round

    setup = pool_zone(12)
    round_id = make_round(setup, size=3)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        round_ = db.session.get(Round, round_id)
        cats = {c.key: c for c in pool.categories_by_id(round_.zone_id).values()}
        town = cats["municipality"].values[0]
        for member in db.session.scalars(db.select(PoolMember)):
            if not any(a.value_id == town.id for a in member.answers):
                member.answers.append(PoolAnswer(value_id=town.id))  # now everyone lives there
        db.session.flush()
        town_id = town.id
        problems = draws.quota_problems(round_, 4, {town_id: (0, 3)})
    assert problems and problems[0][0] == f"max_{town_id}"
    assert "At most 3" in problems[0][1]
    assert "but 0 people in the pool do not have this answer" in problems[0][1]


def test_an_empty_pool_offers_no_draw_button_but_says_why(app, make_zone, make_user, make_client):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import draws, services
    from burgerplatform.consultations.models import Round
    from burgerplatform.core.domain import DomainError
    from burgerplatform.zones.models import Role, Zone

    zone = make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    with app.test_request_context():
        round_ = services.create_round(
            db.session.get(Zone, zone.id),
            db.session.get(User, staff.id),
            "Vervoer",
            "Hoe geraken mensen bij de huisarts?",
            "",
            "PZON-cluster",
            None,
            False,
        )
        db.session.commit()
        round_id = round_.id
    client = make_client()
    client.login(staff.email)
    html = client.get(f"/{zone.slug}/rounds/{round_id}/group").get_data(as_text=True)
    assert 'id="draw-blocked"' in html and 'id="start-draw"' not in html
    assert "Nodig eerst burgers uit om lid te worden van de pool" in html  # Dutch first
    with app.test_request_context(), pytest.raises(DomainError):
        draws.start_draw(db.session.get(Round, round_id))


def test_a_pool_smaller_than_the_group_says_how_many_are_missing(
    app, pool_zone, make_round, make_client
):
    setup = pool_zone(4)
    round_id = make_round(setup, size=6)
    client = make_client()
    client.login(setup.staff_email)
    html = client.get(f"/{setup.slug}/rounds/{round_id}/group").get_data(as_text=True)
    assert 'id="start-draw"' not in html
    assert "De groep heeft 6 mensen nodig, maar slechts 4 mensen in de pool kunnen" in html


def test_answers_about_gender_or_languages_count_as_sensitive(
    app, pool_zone, make_round, make_client
):
    """An outside review saw a public count move from 0 to 1 as one person accepted: their
    gender ("in another way") or sign language (a disability) was then known."""
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    setup = pool_zone(12)
    with app.app_context():
        sensitive = {
            c.key for c in pool.categories(db.session.get(Zone, setup.zone_id)) if c.sensitive
        }
    assert {"gender", "languages", "lived_experience"} <= sensitive
    round_id = make_round(setup, size=4, quotas={("gender", 0): (0, 3)})
    _draw(app, round_id)
    public = make_client().get(f"/{setup.slug}/rounds/{round_id}/draw/record.json").get_json()
    assert public["quotas"][0]["sensitive"] and public["answers"] is None


def test_a_draw_record_explains_the_method_it_was_made_with_old_records_included(app):
    from flask_babel import force_locale

    from burgerplatform.consultations import sortition
    from burgerplatform.consultations.models import DrawRecord

    with app.test_request_context(), force_locale("nl"):
        seen = {}
        for method in sortition.METHODS:  # every method a draw can record
            record = DrawRecord(algorithm=sortition.algorithm_name(method))
            seen[method] = (record.algorithm_text, record.method_explained)
            # Each has a name and an explanation of its own, not the fallback's.
            assert record.algorithm_text.startswith(
                sortition.METHODS[method]
                .replace("partial leximin", "gedeeltelijke leximin")
                .replace("near maximin", "bijna-maximin")
                .replace("over answer profiles", "over antwoordprofielen")
            ), method
        assert seen["maximin"][0].startswith("maximin over antwoordprofielen (Flanigan")
        assert seen["leximin"][0].startswith("leximin over antwoordprofielen (Flanigan")
        assert seen["partial leximin"][0].startswith("gedeeltelijke leximin over antwoordprofielen")
        # Plain words first, the technical name last.
        for method, (_software, explained) in seen.items():
            assert explained.startswith("Iedereen krijgt een zo groot mogelijke kans"), method
        assert seen["maximin"][1].endswith("Vakterm: maximin.")
        assert seen["leximin"][1].endswith("en zo verder. Vakterm: leximin.")
        assert seen["partial leximin"][1].endswith("Vakterm: gedeeltelijke leximin.")
        # Stopped near the best (a record of before it said how near: within maximin.NEAR):
        # says how near, in the reader's number format.
        assert "minstens 99,95% van wat die kleinste kans" in seen["near maximin"][1]
        assert seen["near maximin"][1].endswith("Vakterm: maximin, gestopt binnen 0,05%.")
        # A record of before this change names maximin and the HiGHS of then.
        old = DrawRecord(algorithm=f"{sortition.ALGORITHM} (Flanigan et al. 2021), HiGHS 1.11.0")
        assert old.method_explained.endswith("Vakterm: maximin.")


def test_a_near_maximin_draw_says_how_near_the_best_it_got_in_each_language(app):
    """Maximin stopped by its budget (thousands of nearly unique profiles) may be a few
    percent from the best lowest chance: the record keeps how near, rounded down, and the
    pages say it in the reader's language and number format."""
    from flask_babel import force_locale

    from burgerplatform.consultations import sortition
    from burgerplatform.consultations.models import DrawRecord

    stored = sortition.algorithm_name("near maximin", 0.992187)
    # Fits the record's column whatever the share (two decimals, rounded down).
    assert len(sortition.algorithm_name("near maximin", 0.99999)) <= 80
    assert "99.99%" in sortition.algorithm_name("near maximin", 0.99999)
    record = DrawRecord(algorithm=stored)
    expected = {
        "nl": ("minstens 99,21% van wat", "Vakterm: maximin, gestopt binnen 0,79%.",
               "bijna-maximin over antwoordprofielen (Flanigan"),
        "fr": ("au moins 99,21% de la meilleure", "maximin, arrêté à moins de 0,79%.",
               None),
        "en": ("at least 99.21% of the biggest smallest chance", "stopped within 0.79%.",
               "near maximin over answer profiles (Flanigan"),
    }  # fmt: skip
    for lang, (share, technical, name) in expected.items():
        with app.test_request_context(), force_locale(lang):
            explained = record.method_explained
            assert share in explained, (lang, explained)
            assert explained.endswith(technical), (lang, explained)
            # The name is the method's and the software's; the share is said in words.
            assert "99" not in record.algorithm_text, (lang, record.algorithm_text)
            if name:
                assert record.algorithm_text.startswith(name), (lang, record.algorithm_text)


# The jargon a citizen should not meet before the plain words that explain it.
JARGON = re.compile(r"leximin|maximin|HiGHS|profiel|profil|Flanigan", re.IGNORECASE)
PLAIN = {
    "nl": "Iedereen krijgt een zo groot mogelijke kans",
    "fr": "Chacun reçoit une chance aussi grande que possible",
    "en": "Everyone gets as big a chance as possible",
}
SOFTWARE = {
    "nl": "Vrije computerprogramma’s berekenden de kansen.",
    "fr": "Des logiciels libres ont calculé les chances.",
    "en": "Free computer programs worked out the chances.",
}


def test_the_method_of_the_draw_reads_in_plain_words_before_its_technical_name(
    app, pool_zone, make_round
):
    import html as html_lib

    from tests.conftest import Client

    setup = pool_zone(9)
    round_id = make_round(setup, size=3)
    _draw(app, round_id)
    for lang in ("nl", "fr", "en"):
        visitor = Client(app, language=lang)
        for url in (f"/{setup.slug}/rounds/{round_id}", f"/{setup.slug}/rounds/{round_id}/draw"):
            page = html_lib.unescape(visitor.get(url).get_data(as_text=True))
            method = re.search(r'<dd class="method">(.*?)</dd>', page, re.S).group(1).strip()
            software = re.search(r'<dd class="software">(.*?)</dd>', page, re.S).group(1)
            assert method.startswith(PLAIN[lang]), (lang, url, method)
            assert software.strip().startswith(SOFTWARE[lang]), (lang, url, software)
            # The technical names stay, for checkers, after the plain words.
            first = JARGON.search(method)
            assert first and method.index(PLAIN[lang]) < first.start(), method
            assert "leximin" in software.lower()
