"""Staff cannot learn one person's sensitive answer by trying quotas (outside reviews).

Saving the group's rules and the group page's check before the draw are a yes or no (and
a message) staff may ask for as often as they like. Any such check that reads the real
sensitive answers can be steered to where one person's answer flips it: the fourth
review carved out 29 people with "45 to 64: at most 0" and added "Flemish Sign Language:
at most 0". So these checks read no sensitive answer at all: the quotas on sensitive
answers are checked only against the group and each other (`clashes.structural`), the
others against the real pool with exact counts. Only the draw reads the real pool; when
it fails with a sensitive quota it says a fixed sentence, and every failed draw is listed
on the round's public page with its quotas."""

from __future__ import annotations

import html as html_lib
import json
import random
import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from burgerplatform.consultations import sortition
from burgerplatform.consultations.sortition import DrawError, PoolRow, QuotaRule
from burgerplatform.extensions import db
from tests.conftest import Client
from tests.consultations.conftest import draw_form, run_jobs

# Two questions staff know exact counts of, and two sensitive ones (gender: one answer
# per person; languages: any number).
PLAIN = {"town": ["Bornem", "Puurs"], "age": ["18 to 44", "45 to 64", "65 or older"]}
SENSITIVE = {"gender": ["woman", "man", "other"], "languages": ["Dutch", "French", "VGT"]}
MULTIPLE = {"languages"}


def _sensitive_answers(rng: random.Random) -> dict[str, frozenset[str]]:
    """Any sensitive answers, none included (the questions are optional)."""
    gender = rng.choice([*SENSITIVE["gender"], None])
    return {
        "gender": frozenset({gender} if gender else set()),
        "languages": frozenset(v for v in SENSITIVE["languages"] if rng.random() < 0.4),
    }


def _person(rng: random.Random, pid: str) -> PoolRow:
    plain = {c: frozenset({rng.choice(values)}) for c, values in PLAIN.items()}
    return PoolRow(pid, {**plain, **_sensitive_answers(rng)})


def _rule(category: str, value: str, low: int, high: int) -> QuotaRule:
    return QuotaRule(
        category,
        value,
        category in MULTIPLE,
        low,
        high,
        f"{category}: {value}",
        category in SENSITIVE,
    )


def _mix(rng: random.Random, size: int) -> list[QuotaRule]:
    """Some quotas, at least one on a sensitive answer; limits that ask something of the
    pool ("at most 0", "at least 1", exact), now and then impossible ones."""
    every = [(c, v) for c, values in {**PLAIN, **SENSITIVE}.items() for v in values]
    chosen = rng.sample(every, rng.randint(1, 5))
    if not any(c in SENSITIVE for c, _v in chosen):
        chosen.append(rng.choice([(c, v) for c, v in every if c in SENSITIVE]))
    rules = []
    for category, value in chosen:
        low = rng.choice([0, 0, 1, rng.randint(0, size + 1)])
        high = rng.choice([0, low, size, rng.randint(0, size)])
        rules.append(_rule(category, value, low, max(high, low) if rng.random() < 0.9 else high))
    return rules


def _said(
    rows: list[PoolRow], rules: list[QuotaRule], size: int, check=sortition.check_rules
) -> str | None:
    """What staff hear before the draw: None, or the message in full (untranslated)."""
    try:
        check(rows, rules, size)
    except DrawError as error:
        return str(error)
    return None


def unchanged_by_sensitive_answers(
    said: Callable[[list[PoolRow], list[QuotaRule], int], str | None],
    seed: int,
    cases: int,
    most: int,
) -> dict[str, int]:
    """For `cases` small pools (3 to `most` people) and mixes with a sensitive quota,
    every person's sensitive answers changed arbitrarily (three times each): `said` says
    exactly the same. How often it said nothing, and something."""
    rng = random.Random(seed)
    heard = {"nothing": 0, "something": 0}
    for case in range(cases):
        rows = [_person(rng, f"p{i}") for i in range(rng.randint(3, most))]
        size = rng.randint(1, min(len(rows), 6))
        rules = _mix(rng, size)
        before = said(rows, rules, size)
        heard["nothing" if before is None else "something"] += 1
        for i, row in enumerate(rows):
            for _change in range(3):
                other = PoolRow(row.pid, {**row.features, **_sensitive_answers(rng)})
                changed = [*rows[:i], other, *rows[i + 1 :]]
                assert said(changed, rules, size) == before, (case, i, rules, before)
    return heard


def test_what_staff_hear_before_the_draw_never_depends_on_anyones_sensitive_answers():
    heard = unchanged_by_sensitive_answers(_said, 20261206, 150, 12)
    # The check is not silent: it still refuses what it can see.
    assert heard["nothing"] > 20 and heard["something"] > 20, heard


def _carve(sign_language: bool) -> list[PoolRow]:
    """The fourth review's pool: 29 people outside "45 to 64" (one of whom may speak
    Flemish Sign Language), 6 inside it."""
    rows = [
        PoolRow(f"o{i}", {"town": {"Bornem"}, "age": {"18 to 44"}, "languages": {"Dutch"}})
        for i in range(28)
    ]
    rows += [PoolRow(f"m{i}", {"town": {"Puurs"}, "age": {"45 to 64"}}) for i in range(6)]
    languages = {"Dutch", "VGT"} if sign_language else {"Dutch"}
    return [
        *rows,
        PoolRow("rita", {"town": {"Bornem"}, "age": {"18 to 44"}, "languages": languages}),
    ]


def test_the_reviewers_carve_says_the_same_with_or_without_one_sign_language_answer():
    carve = [_rule("age", "45 to 64", 0, 0), _rule("languages", "VGT", 0, 0)]
    for size in range(1, 31):
        assert _said(_carve(True), carve, size) == _said(_carve(False), carve, size), size
    # "At most 0" on a sensitive answer alone: 0 or 1 holder, the same answer.
    alone = [_rule("languages", "VGT", 0, 0)]
    for size in (1, 5, 29, 35):
        assert _said(_carve(True), alone, size) == _said(_carve(False), alone, size) is None
    # The draw itself reads the real pool: there, the carve fails with Rita's answer.
    with pytest.raises(DrawError) as caught:
        sortition.check_feasible(_carve(True), carve, 29)
    assert caught.value.text == sortition.SENSITIVE_CLASH.text
    sortition.check_feasible(_carve(False), carve, 29)


def test_quotas_that_are_not_sensitive_are_still_checked_with_exact_counts():
    rows = _carve(False)
    rules = [_rule("age", "45 to 64", 7, 8), _rule("languages", "VGT", 0, 0)]
    said = _said(rows, rules, 10)
    assert said == (
        "Not every quota can be met. At least 7 with “age: 45 to 64”, but the pool has 6 "
        "people with this answer (1 short)."
    )


def test_sensitive_quotas_that_clash_whoever_is_in_the_pool_are_refused_without_a_count():
    rows = _carve(False)
    both = [_rule("gender", "woman", 5, 6), _rule("gender", "man", 4, 6)]
    assert _said(rows, both, 6) == (
        "Not every quota can be met. “gender: woman”: at least 5; “gender: man”: at least 4: "
        "together at least 9 seats, but the group has 6 (3 too many). Each person has only "
        "one answer to this question."
    )
    # Languages: one person can speak several, so these minimums do not clash.
    assert (
        _said(rows, [_rule("languages", "Dutch", 5, 6), _rule("languages", "VGT", 4, 6)], 6) is None
    )
    too_many = _said(rows, [_rule("languages", "VGT", 7, 7)], 6)
    assert too_many is not None and "the group has only 6 seats" in too_many
    upside_down = _said(rows, [_rule("gender", "other", 3, 2)], 6)
    assert upside_down is not None and "at least 3 but at most 2" in upside_down
    # None of them says anything about the pool.
    for said in (too_many, upside_down):
        assert "pool" not in said


# --- through the pages, with a real pool ---------------------------------------------


def _values(app, setup) -> dict[str, dict[str, int]]:
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    with app.test_request_context():
        found = {
            c.key: {v.label: v.id for v in c.values}
            for c in pool.categories(db.session.get(Zone, setup.zone_id))
        }
        db.session.commit()  # a new zone's questions are made on first use
        return found


def _answer(app, setup, email: str, values: set[int]) -> None:
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Zone

    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == email))
        pool.join_or_update(db.session.get(Zone, setup.zone_id), user, values, True)
        db.session.commit()


def _held(app, email: str) -> set[int]:
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import PoolMember

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        member = db.session.scalar(select(PoolMember).where(PoolMember.user_id == user.id))
        return {a.value_id for a in member.answers}


def test_saving_and_the_group_page_say_the_same_whatever_anyone_answered_sensitively(
    app, pool_zone, make_round
):
    """On the real pages' services: for random mixes with a sensitive quota, each person
    of the pool given other sensitive answers in turn, the save's problems and the group
    page's check are the same."""
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import Round

    setup = pool_zone(7)
    round_id = make_round(setup, size=2)
    ids = _values(app, setup)
    sensitive = [
        v for key in ("gender", "lived_experience", "languages") for v in ids[key].values()
    ]
    plain = [v for key in ("municipality", "age_band") for v in ids[key].values()]
    rng = random.Random(9)

    def heard(size: int, quotas: dict[int, tuple[int, int]]):
        with app.test_request_context(headers={"Accept-Language": "nl"}):
            round_ = db.session.get(Round, round_id)
            problems = draws.quota_problems(round_, size, quotas)
            draws._save_quotas(round_, quotas)
            round_.group_size = size
            blocked = draws.draw_blocked(round_)
            db.session.commit()
            return problems, blocked

    originals = {email: _held(app, email) for email in setup.members}
    refused = 0
    for _mix_number in range(6):
        size = rng.randint(1, 5)
        chosen = rng.sample(plain, rng.randint(0, 2)) + rng.sample(sensitive, rng.randint(1, 2))
        quotas = {}
        for value in chosen:
            low = rng.choice([0, 1, rng.randint(0, size)])
            quotas[value] = (low, rng.choice([low, size, rng.randint(low, size)]))
        before = heard(size, quotas)
        refused += bool(before[0])
        for email in setup.members:
            other = {v for v in originals[email] if v in plain}
            other |= {v for v in sensitive if rng.random() < 0.3}
            other -= {ids["lived_experience"]["None of these"]} if len(other) > 2 else set()
            if sum(v in ids["gender"].values() for v in other) > 1:
                other -= set(list(ids["gender"].values())[1:])
            _answer(app, setup, email, other)
            assert heard(size, quotas) == before, (email, quotas, before)
            _answer(app, setup, email, originals[email])


def _group_post(staff: Client, url: str, size: int, quotas: dict[str, int]):
    form = {
        "group_size": str(size),
        "rotation_rounds": "0",
        "rotation_months": "0",
        "reply_days": "10",
        **{k: str(v) for k, v in quotas.items()},
    }
    response = staff.post(url, form)
    text = html_lib.unescape(response.get_data(as_text=True))
    return response.status_code, re.findall(r'class="error"[^>]*>(.*?)<', text)


def test_the_reviewers_probe_on_the_group_form_gives_the_same_answer_with_or_without_sign_language(
    app, make_zone, make_user, make_round
):
    """The probe of the fourth review, through the form: 29 people outside "45 tot 64"
    and "Vlaamse Gebarentaal: at most 0", for every group size around the flip point, as
    a citizen joins with sign language and then changes to without."""
    from burgerplatform.zones.models import Role
    from tests.consultations.conftest import Setup

    zone = make_zone()
    staff_user = make_user(roles=[(zone.id, Role.STAFF)])
    setup = Setup(zone.id, zone.slug, staff_user.email, [])
    ids = _values(app, setup)
    young, middle = ids["age_band"]["18 to 29"], ids["age_band"]["45 to 64"]
    dutch, sign = ids["languages"]["Dutch"], ids["languages"]["Flemish Sign Language"]
    for n in range(34):
        user = make_user(zone_id=zone.id)
        _answer(app, setup, user.email, {middle} if n < 6 else {young, dutch})
    round_id = make_round(setup, size=2)
    url = f"/{setup.slug}/rounds/{round_id}/group"
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    probe = {f"max_{middle}": 0, f"max_{sign}": 0}
    citizen = make_user(zone_id=zone.id)
    heard = {}
    for with_sign in (True, False):
        _answer(app, setup, citizen.email, {young, dutch, sign} if with_sign else {young, dutch})
        heard[with_sign] = [_group_post(staff, url, size, probe) for size in range(24, 31)]
    assert heard[True] == heard[False]
    # 29 people are left: 24 seats save; 25 to 29 leave fewer than the group plus 5 beside
    # the sensitive quota (`test_sensitive_quota_room`); 30 clash on the age quota alone.
    assert [status for status, _errors in heard[True]] == [302] + [400] * 6
    assert all("Nu is dat aantal 29." in str(errors) for _status, errors in heard[True][1:6])
    assert "45 tot 64" in str(heard[True][-1][1]) and "Gebarentaal" not in str(heard[True])
    # Alone, on a pool where nobody or one person speaks it: the same too.
    alone = {f"max_{sign}": 0}
    assert _group_post(staff, url, 3, alone)[0] == 302
    _answer(app, setup, citizen.email, {young, dutch})
    assert _group_post(staff, url, 3, alone)[0] == 302


class _Checker(HTMLParser):
    """Enough of HTML's rules to catch a broken partial: tags closed in order, ids
    unique, a list's children are list items."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.ids: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.open and self.open[-1] in ("ul", "ol") and tag != "li":
            self.problems.append(f"<{tag}> in <{self.open[-1]}>")
        self.ids += [v for k, v in attrs if k == "id"]
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:]}")
        else:
            self.open.pop()


def _html_problems(page: str) -> list[str]:
    checker = _Checker()
    checker.feed(page)
    doubles = {i for i in checker.ids if checker.ids.count(i) > 1}
    return (
        checker.problems
        + [f"id {i} twice" for i in doubles]
        + [f"open {checker.open}"] * bool(checker.open)
    )


def saved_and_drawn(app, staff: Client, setup, round_id: int, size: int, quotas: dict[str, int]):
    """The rules saved through the form (refused: the test fails), then a draw started and
    run; its record."""
    from burgerplatform.consultations.models import DrawRecord

    url = f"/{setup.slug}/rounds/{round_id}"
    assert _group_post(staff, f"{url}/group", size, quotas) == (302, [])
    assert staff.post(f"{url}/draw", draw_form("de zorgraad")).status_code == 302
    run_jobs(app)
    with app.app_context():
        record = db.session.scalar(select(DrawRecord).where(DrawRecord.round_id == round_id))
        db.session.expunge(record)
        return record


def test_a_failed_draw_is_listed_on_the_rounds_public_page_with_its_quotas_and_no_reason(
    app, pool_zone, make_round
):
    from burgerplatform.consultations.models import DrawStatus

    setup = pool_zone(12)
    round_id = make_round(setup, size=3)
    ids = _values(app, setup)
    sign = ids["languages"]["Flemish Sign Language"]
    town = ids["municipality"][next(iter(ids["municipality"]))]
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    # Nobody speaks sign language: the save cannot tell, the draw finds out.
    record = saved_and_drawn(app, staff, setup, round_id, 3, {f"min_{sign}": 1, f"max_{town}": 2})
    assert record.status is DrawStatus.FAILED
    status_page = staff.get(f"/{setup.slug}/rounds/{round_id}/draws/{record.id}")
    assert "De pool kan deze quota niet samen halen." in status_page.get_data(as_text=True)
    public = Client(app, language="nl")
    for page_url in (f"/{setup.slug}/rounds/{round_id}", f"/{setup.slug}/rounds/{round_id}/draw"):
        response = public.get(page_url)
        assert response.status_code == 200, page_url
        page = response.get_data(as_text=True)
        assert not _html_problems(page), (page_url, _html_problems(page))
        assert "Lotingen die niet lukten" in page, page_url
        items = re.findall(r'class="failed-draw">(.*?)</ul>\s*</li>', page, re.S)
        assert len(items) == 1, page_url
        text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", items[0])).split())
        assert "lukte een loting voor een groep van 3 mensen niet." in text
        assert "‘Talen die ik spreek: Vlaamse Gebarentaal’: minstens 1" in text
        assert "‘Gemeente: " in text and "’: hoogstens 2" in text
        # No reason beyond "could not be made", and no count of the pool.
        assert "pool" not in text and "quota niet samen" not in text


def test_failed_draws_stored_before_keep_no_clash_of_a_sensitive_quota_after_the_upgrade():
    """Earlier failed draws named the clashing quotas with counts: the migration leaves
    those with a sensitive quota (or one not marked) with the fixed sentence only."""
    import importlib.util
    from pathlib import Path

    import sqlalchemy as sa
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    import burgerplatform

    path = next(
        Path(burgerplatform.__file__).parent.glob(
            "migrations/versions/*_failed_draws_name_no_sensitive_quota.py"
        )
    )
    spec = importlib.util.spec_from_file_location("failed_draws_migration", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.FIXED == sortition.SENSITIVE_CLASH.text
    engine = sa.create_engine("sqlite://")
    sensitive = [{"label": "Talen: VGT", "min": 0, "max": 0, "sensitive": True}]
    plain = [{"label": "Leeftijd: 45 tot 64", "min": 7, "max": 8, "sensitive": False}]
    old = "At least %(min)d with “%(answer)s”, but the pool has %(count)s people"
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE jobs (id INTEGER PRIMARY KEY, result JSON)"))
        conn.execute(
            sa.text(
                "CREATE TABLE draw_records (id INTEGER PRIMARY KEY, job_id INTEGER, status "
                "VARCHAR, quotas JSON, error TEXT, error_params JSON)"
            )
        )
        for n, quotas in enumerate((sensitive, plain, [{"label": "old", "min": 1, "max": 1}])):
            conn.execute(
                sa.text("INSERT INTO jobs VALUES (:id, :result)"),
                {"id": n, "result": '{"failed": "At least 1 with VGT, but 2 ..."}'},
            )
            conn.execute(
                sa.text("INSERT INTO draw_records VALUES (:id, :id, 'failed', :q, :e, :p)"),
                {"id": n, "q": json.dumps(quotas), "e": old, "p": '{"count": 2}'},
            )
        with Operations.context(MigrationContext.configure(conn)):
            migration.upgrade()
        rows = conn.execute(sa.text("SELECT error, error_params FROM draw_records ORDER BY id"))
        assert [tuple(r) for r in rows] == [
            (migration.FIXED, "{}"),
            (old, '{"count": 2}'),  # no sensitive quota: its exact message stays
            (migration.FIXED, "{}"),  # not marked: counted as sensitive
        ]
        results = conn.execute(sa.text("SELECT result FROM jobs ORDER BY id")).scalars().all()
        assert "2" not in results[0] and "2" not in results[2] and "2" in results[1]
