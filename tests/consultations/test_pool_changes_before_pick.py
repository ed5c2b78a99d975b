"""Between the published list and its number the pool moves on: people leave, change
answers, join. Staff see it before they enter the number; a picked person who is gone
is replaced as when someone says no, and every page says so; the group's rules stay the
ones the list was made with; the number is shown back before it picks anything."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db
from tests.conftest import Client
from tests.consultations.conftest import draw_form, run_jobs
from tests.consultations.test_draw_check import _change_one_age
from tests.consultations.test_published_draw import _prepare, _records, _seats, pick, set_aside

NUMBER = "7 42"


def _picked(app, record_id, number=NUMBER):
    """The people the number will pick from the list (pseudonyms)."""
    from burgerplatform.consultations import lottery
    from burgerplatform.consultations.models import DrawRecord

    with app.app_context():
        record = db.session.get(DrawRecord, record_id)
        index = lottery.pick_index(record.list_hash, number, len(record.panels))
        return sorted(record.panels[index])


def _member(pid):
    from burgerplatform.consultations.models import PoolMember

    return db.session.scalar(select(PoolMember).where(PoolMember.pseudonym == pid))


def _municipalities(zone_id):
    from burgerplatform.consultations import pool

    cats = pool.categories_by_id(zone_id).values()
    return next(c for c in cats if c.key == "municipality").values


def _municipality(zone_id):
    return _municipalities(zone_id)[0].id


def _in_first_municipality(app, zone_id, pids):
    with app.app_context():
        first = _municipality(zone_id)
        return [pid for pid in pids if first in {a.value_id for a in _member(pid).answers}]


def _invited(app, round_id):
    """The invited people: pseudonyms and whether each lives in the first municipality."""
    from burgerplatform.consultations.models import PoolMember, Round, Seat

    with app.app_context():
        zone_id = db.session.get(Round, round_id).zone_id
        first = _municipality(zone_id)
        seats = db.session.scalars(select(Seat).where(Seat.round_id == round_id)).all()
        members = [db.session.get(PoolMember, s.member_id) for s in seats]
        return {m.pseudonym: first in {a.value_id for a in m.answers} for m in members}


def _make_gone(app, pids, how):
    """These people leave the pool, or can no longer be drawn (an old consent)."""
    from burgerplatform.consultations import pool

    with app.app_context():
        for pid in pids:
            if how == "left":
                pool.leave(_member(pid))
            else:
                _member(pid).consent_version = "2000-01"
        db.session.commit()


@pytest.mark.parametrize("how", ["left", "consent"])
def test_picked_people_gone_before_the_pick_are_replaced_keeping_the_mix_and_pages_say_so(
    app, pool_zone, make_round, how
):

    setup = pool_zone(16)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    picked = _picked(app, record.id)
    # Both picked people of the first municipality go: each replacement must come from
    # there too, which it can only do knowing the other seat is still to fill.
    gone = _in_first_municipality(app, setup.zone_id, picked)
    assert len(gone) == 2
    _make_gone(app, gone, how)

    # Before the pick the staff page warns, with the count and what will happen.
    warned = staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)
    assert 'id="pool-changed"' in warned
    if how == "left":
        assert "2 van de 16 mensen waarmee de lijst gemaakt is, hebben de pool verlaten" in warned
    else:
        assert "2 mensen van de lijst kunnen niet meer geloot worden" in warned
    assert "In de plaats wordt iemand anders geloot" in warned

    assert pick(staff, base, record.id, NUMBER).status_code == 302
    invited = _invited(app, round_id)
    assert len(invited) == 4 and not set(gone) & set(invited)
    assert sum(invited.values()) == 2  # the quota holds with the replacements
    (record,) = _records(app)
    assert record.selected == picked  # the public pick stays the list's group
    reasons = [(e["reason"], bool(e["chosen"])) for e in record.replacements]
    assert reasons == [("left" if how == "left" else "not_eligible", True)] * 2

    said = "2 mensen in de gekozen groep konden niet uitgenodigd worden"
    replaced = "In de plaats werden 2 andere mensen geloot"
    done = staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)
    assert "De groep is geloot: 4 mensen zijn uitgenodigd." in done
    assert said in done and replaced in done
    for page in (f"{base}/draw", base):
        public = Client(app, language="nl").get(page).get_data(as_text=True)
        assert said in public and replaced in public, page
        assert "opnieuw geloot om mensen te vervangen die nee zeiden" not in public


def test_a_replacement_keeps_the_mix_as_drawn_when_a_picked_person_also_changed_answers(
    app, pool_zone, make_round
):
    """The reviewer's pool moved both ways: one picked person of the first municipality
    moved away (changed answer), the other left. The replacement completes the group as
    the list made it, with someone of the first municipality."""
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import PoolAnswer

    setup = pool_zone(16)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    moved, leaving = _in_first_municipality(app, setup.zone_id, _picked(app, record.id))
    with app.app_context():
        first, second = (v.id for v in _municipalities(setup.zone_id)[:2])
        member = _member(moved)
        member.answers.remove(next(a for a in member.answers if a.value_id == first))
        db.session.flush()
        member.answers.append(PoolAnswer(value_id=second))
        pool.leave(_member(leaving))
        db.session.commit()
    assert pick(staff, base, record.id, NUMBER).status_code == 302
    invited = _invited(app, round_id)
    assert len(invited) == 4 and moved in invited and leaving not in invited
    newcomer = next(pid for pid in invited if pid not in _picked(app, record.id))
    assert invited[newcomer]  # of the first municipality, as the seat it fills


def test_a_seat_nobody_can_fill_is_said_to_stay_empty(app, pool_zone, make_round):
    from burgerplatform.consultations import pool

    setup = pool_zone(8)
    # Half the pool lives in the first municipality: 4 of them, all needed.
    round_id = make_round(setup, size=6, quotas={("municipality", 0): (3, 3)})
    staff, base, record = _prepare(app, setup, round_id)
    picked = _picked(app, record.id)
    first = _in_first_municipality(app, setup.zone_id, picked)
    with app.app_context():
        all_first = _in_first_municipality(
            app, setup.zone_id, [p for g in _records(app)[0].profiles for p in g]
        )
        # Everyone of the first municipality who is not picked leaves, and one picked.
        for pid in [p for p in all_first if p not in first] + first[:1]:
            pool.leave(_member(pid))
        db.session.commit()
    assert pick(staff, base, record.id, NUMBER).status_code == 302
    assert len(_invited(app, round_id)) == 5
    done = staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)
    assert "De groep is geloot: 5 mensen zijn uitgenodigd." in done
    assert "Voor 1 plaats werd niemand gevonden die in de mix past" in done


def test_before_the_pick_staff_see_who_changed_answers_left_or_joined_since_the_list(
    app, pool_zone, make_round, make_user
):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import pool, pool_changes
    from burgerplatform.consultations.models import DrawRecord, PoolMember
    from burgerplatform.zones.models import Zone

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("age_band", 0): (0, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    quiet = staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)
    assert 'id="pool-changed"' not in quiet

    _change_one_age(app, record.id)  # the first person of the first profile
    newcomer = make_user(zone_id=setup.zone_id)
    with app.app_context():
        stored = db.session.get(DrawRecord, record.id)
        leaving = db.session.scalar(
            select(PoolMember).where(PoolMember.pseudonym == stored.profiles[-1][-1])
        )
        pool.leave(leaving)
        zone = db.session.get(Zone, setup.zone_id)
        ages = next(c for c in pool.categories(zone) if c.key == "age_band")
        user = db.session.get(User, newcomer.id)
        pool.join_or_update(zone, user, {ages.values[1].id}, consent=True)
        db.session.commit()
        changes = pool_changes.since_published(db.session.get(DrawRecord, record.id))
    assert (changes.total, changes.left, changes.changed, changes.joined) == (12, 1, 1, 1)
    assert changes.not_eligible == 0 and changes.any

    page = staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)
    assert "De pool is veranderd sinds de lijst gepubliceerd is" in page
    assert "1 van de 12 mensen waarmee de lijst gemaakt is, heeft de pool verlaten" in page
    assert "1 persoon van de lijst heeft de antwoorden op niet-gevoelige vragen van de mix" in page
    assert "1 persoon kan nu geloot worden maar staat niet in de lijst" in page
    # Both ways on: set the list aside (the existing form), or go ahead with the number.
    assert 'href="#discard-title"' in page and 'id="discard-title"' in page
    assert 'id="enter-number"' in page


def test_an_answer_outside_the_mix_is_said_not_to_count(app, pool_zone, make_round):
    from burgerplatform.consultations import pool, pool_changes
    from burgerplatform.consultations.models import DrawRecord, PoolAnswer

    setup = pool_zone(10)
    round_id = make_round(setup, size=3, quotas={("municipality", 0): (1, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    with app.app_context():
        stored = db.session.get(DrawRecord, record.id)
        support = next(
            c for c in pool.categories_by_id(setup.zone_id).values() if c.key == "support"
        )
        member = _member(stored.profiles[0][0])
        member.answers.append(PoolAnswer(value_id=support.values[0].id))
        db.session.commit()
        changes = pool_changes.since_published(db.session.get(DrawRecord, record.id))
    assert changes.other_answers and not changes.changed and not changes.gone
    page = staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)
    assert "Mensen van de lijst hebben andere antwoorden veranderd" in page


def test_the_rules_are_locked_while_a_list_waits_for_its_number(app, pool_zone, make_round):
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import Round
    from burgerplatform.core.domain import PhaseError

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _prepare(app, setup, round_id)

    page = staff.get(f"{base}/group").get_data(as_text=True)
    assert 'id="rules-locked"' in page and "Je kunt deze regels nu niet veranderen" in page
    assert f"/draws/{record.id}#discard-title" in page
    assert 'id="group-form"' not in page and "Regels opslaan" not in page
    shown = page[page.index('id="rules-read-only"') :]
    assert "Aantal plaatsen" in shown and "2 tot 2" in shown

    # The service refuses, in words, and nothing is saved.
    with app.test_request_context():
        round_ = db.session.get(Round, round_id)
        with pytest.raises(PhaseError) as refused:
            draws.set_group(round_, 6, 0, 0, True, 10, {})
        assert str(refused.value.message) == str(draws.RULES_LOCKED)
        db.session.rollback()
    with app.app_context():
        municipality = _municipality(setup.zone_id)
    posted = staff.post(
        f"{base}/group",
        {
            "group_size": "6",
            "reply_days": "10",
            "rotation_rounds": "0",
            "rotation_months": "0",
            f"min_{municipality}": "3",
        },
    )
    assert posted.status_code == 400
    assert "Leg dan eerst de lijst weg" in posted.get_data(as_text=True)
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        assert round_.group_size == 4
        assert [(q.min, q.max) for q in round_.quotas] == [(2, 2)]

    # Set aside, the rules can change again.
    assert set_aside(staff, base, record.id, "Nieuwe regels").status_code == 302
    assert 'id="rules-locked"' not in staff.get(f"{base}/group").get_data(as_text=True)
    with app.test_request_context():
        round_ = db.session.get(Round, round_id)
        draws.set_group(round_, 5, 0, 0, True, 10, {})
        assert round_.group_size == 5


def test_after_the_pick_the_round_shows_the_rules_the_draw_used(app, pool_zone, make_round):
    """A list published before the lock whose rules changed while it waited: the pick
    follows the list, and the round, its pages and the API give the list's rules."""
    from burgerplatform.consultations.models import Quota, Round

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    with app.app_context():  # changed behind the lock's back, as before it existed
        round_ = db.session.get(Round, round_id)
        round_.group_size = 6
        round_.quotas[0].min = 3
        round_.quotas.append(Quota(value_id=_municipality(setup.zone_id) + 1, min=1, max=6))
        db.session.commit()
    assert pick(staff, base, record.id, NUMBER).status_code == 302
    assert len(_invited(app, round_id)) == 4
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        assert round_.group_size == 4
        assert [(q.min, q.max) for q in round_.quotas] == [(2, 2)]
    items = Client(app).get(f"/api/v1/zones/{setup.slug}/rounds").get_json()["items"]
    api = next(r for r in items if r["id"] == round_id)
    assert api["group_size"] == 4 and len(api["quotas"]) == 1
    round_page = Client(app, language="nl").get(base).get_data(as_text=True)
    assert "2 tot 2" in round_page and "3 tot 4" not in round_page


def test_the_number_is_shown_back_and_picks_only_once_confirmed(app, pool_zone, make_round):
    from burgerplatform.consultations import lottery
    from burgerplatform.consultations.models import DrawStatus

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    staff, base, record = _prepare(app, setup, round_id)
    url = f"{base}/draws/{record.id}/number"

    # The first send only shows the number back, as the draw will use it.
    shown = staff.post(url, {"number": "007  42"}, follow_redirects=True)
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert "Je vulde het getal 7 42 in." in html
    assert "Zonder nullen vooraan en zonder extra spaties" in html
    assert "Dat kun je niet ongedaan maken" in html
    assert "Ja, kies de groep met het getal 7 42" in html and 'id="change-number"' in html
    assert _records(app)[0].status is DrawStatus.PUBLISHED and not _seats(app, round_id)
    # A number typed as it will be used gets no note about zeros.
    plain = staff.post(url, {"number": "7 42"}, follow_redirects=True).get_data(as_text=True)
    assert "Je vulde het getal 7 42 in." in plain and "Zonder nullen vooraan" not in plain
    # Not a number: refused at once, nothing to confirm.
    assert staff.post(url, {"number": "7,42"}).status_code == 400

    confirmed = staff.post(url, {"number": "7 42", "confirmed": "yes"})
    assert confirmed.status_code == 302
    (record,) = _records(app)
    assert record.public_number == "7 42"
    assert record.pick_index == lottery.pick_index(record.list_hash, "7 42", 1000)
    assert len(_seats(app, round_id)) == 4
    # The double send of the confirmation picks nothing more.
    again = staff.post(url, {"number": "7 42", "confirmed": "yes"})
    assert again.status_code == 400 and len(_seats(app, round_id)) == 4
    public = Client(app).get(f"{base}/draw/record.json").get_json()
    assert public["number"] == "7 42"


def test_a_number_with_leading_zeros_picks_the_group_of_the_number_without_them(
    app, pool_zone, make_round
):
    from burgerplatform.consultations import draw_check, draws
    from burgerplatform.consultations.models import DrawRecord

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    _staff, _base, record = _prepare(app, setup, round_id)
    with app.test_request_context():
        stored = db.session.get(DrawRecord, record.id)
        draws.enter_number(stored, " 007  042 ")
        db.session.commit()
        stored = db.session.get(DrawRecord, record.id)
        assert stored.public_number == "7 42"
        assert stored.selected == _picked(app, record.id, "7 42")
        # A record stored before zeros were dropped keeps its number, and replays with it.
        stored.public_number = "007 42"
        assert draw_check.replay(stored) == _picked(app, record.id, "007 42")
        db.session.rollback()


def test_the_published_composition_stays_the_draws_when_members_change_answers_later(
    app, pool_zone, make_round
):
    from burgerplatform.consultations import draws, queries
    from burgerplatform.consultations.models import DrawRecord, PoolAnswer, Round, SeatStatus

    setup = pool_zone(16)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    assert pick(staff, base, record.id, NUMBER).status_code == 302

    def first_count():
        with app.test_request_context():
            round_ = db.session.get(Round, round_id)
            (row,) = queries.composition(round_)
            return row["count"]

    with app.test_request_context():
        round_ = db.session.get(Round, round_id)
        first, second = (v.id for v in _municipalities(setup.zone_id)[:2])
        seats = sorted(round_.seats, key=lambda s: s.id)
        # One says no: the replacement is drawn and its answers are kept with the draw.
        draws.answer(seats[0], accept=False)
        for seat in round_.seats:
            if seat.status is SeatStatus.INVITED:
                draws.answer(seat, accept=True)
        db.session.commit()
        (entry,) = db.session.get(DrawRecord, record.id).replacements
        assert entry["chosen"] and len(entry["answers"]) == 1
    assert first_count() == 2
    # The staff's audit record never gives the answers a replacement was drawn with.
    audit = staff.get(f"{base}/draws/{record.id}/audit.json").get_json()
    assert audit["replacements"] and all("answers" not in e for e in audit["replacements"])

    # Every seated member moves to the other municipality: the draw's figure stays.
    with app.test_request_context():
        round_ = db.session.get(Round, round_id)
        for seat in round_.seats:
            if seat.status is SeatStatus.ACCEPTED:
                member = seat.member
                for answer in [a for a in member.answers if a.value_id in (first, second)]:
                    member.answers.remove(answer)
                db.session.flush()
                member.answers.append(PoolAnswer(value_id=second))
        db.session.commit()
    assert first_count() == 2
    items = Client(app).get(f"/api/v1/zones/{setup.slug}/rounds").get_json()["items"]
    (row,) = next(r for r in items if r["id"] == round_id)["composition"]
    assert row["count"] == 2 and row["met"]


def test_people_waiting_to_answer_another_rounds_invitation_are_not_taken_for_newcomers(
    app, pool_zone, make_round
):
    """A list published while 4 people of the pool are invited to another round leaves
    them out, rightly; the page then said "4 people can be drawn now who are not in the
    list" and pushed staff to set a good list aside."""
    from burgerplatform.consultations import pool_changes
    from burgerplatform.consultations.models import DrawRecord

    setup = pool_zone(12)
    first = make_round(setup, size=4)
    staff, base, record = _prepare(app, setup, first)
    assert pick(staff, base, record.id, NUMBER).status_code == 302
    second = make_round(setup, size=4, title="Tweede ronde")
    second_base = f"/{setup.slug}/rounds/{second}"
    assert staff.post(f"{second_base}/draw", draw_form("de zorgraad")).status_code == 302
    run_jobs(app)
    with app.app_context():
        listed = db.session.scalar(select(DrawRecord).where(DrawRecord.round_id == second))
        changes = pool_changes.since_published(listed)
        assert (changes.total, changes.joined, changes.any) == (8, 0, False)
        draw_id = listed.id
    page = staff.get(f"{second_base}/draws/{draw_id}").get_data(as_text=True)
    assert 'id="pool-changed"' not in page


@pytest.mark.parametrize("how", ["left", "consent", "declined"])
def test_the_staff_group_page_counts_every_kind_of_replacement_as_the_other_pages_do(
    app, pool_zone, make_round, how
):
    """Whoever was replaced, for whatever reason (left the pool, can no longer be drawn,
    said no), the staff's group page says it in the same words as the round page and
    the public check page."""
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import Seat

    setup = pool_zone(16)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    gone = _in_first_municipality(app, setup.zone_id, _picked(app, record.id))[:1]
    if how != "declined":
        _make_gone(app, gone, how)
    assert pick(staff, base, record.id, NUMBER).status_code == 302
    if how == "declined":
        with app.test_request_context():
            seat = db.session.scalar(select(Seat).where(Seat.round_id == round_id))
            draws.answer(seat, accept=False)
            db.session.commit()
        said = ["1 lid werd opnieuw geloot om iemand te vervangen die nee zei."]
    else:
        said = [
            "1 persoon in de gekozen groep kon niet uitgenodigd worden",
            "In de plaats werd 1 ander persoon geloot",
        ]
    pages = {
        "group": staff.get(f"{base}/group").get_data(as_text=True),
        "round": Client(app, language="nl").get(base).get_data(as_text=True),
    }
    for name, html in pages.items():
        for words in said:
            assert words in html, (name, words)


@pytest.mark.parametrize("also", ["nothing", "a mix answer"])
def test_a_changed_answer_outside_the_mix_such_as_gender_is_said_without_a_name_or_count(
    app, pool_zone, make_round, also
):
    """Someone of the list says their gender (not a question of this mix): the box says
    people changed other answers (outside the mix or sensitive), also when someone else
    changed an answer of the mix at the same time. Nobody is named; it is not counted."""
    from burgerplatform.consultations import pool, pool_changes
    from burgerplatform.consultations.models import DrawRecord, PoolAnswer

    setup = pool_zone(10)
    round_id = make_round(setup, size=3, quotas={("municipality", 0): (1, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    with app.app_context():
        stored = db.session.get(DrawRecord, record.id)
        cats = {c.key: c for c in pool.categories_by_id(setup.zone_id).values()}
        said_gender = _member(stored.profiles[0][0])
        said_gender.answers.append(PoolAnswer(value_id=cats["gender"].values[2].id))
        email = said_gender.user.email
        if also == "a mix answer":
            moved = _member(stored.profiles[-1][-1])
            first, second = (v.id for v in cats["municipality"].values[:2])
            old = next(a for a in moved.answers if a.value_id in (first, second))
            new = second if old.value_id == first else first
            moved.answers.remove(old)
            db.session.flush()
            moved.answers.append(PoolAnswer(value_id=new))
        db.session.commit()
        changes = pool_changes.since_published(db.session.get(DrawRecord, record.id))
    assert changes.other_answers and not changes.gone
    assert changes.changed == (1 if also == "a mix answer" else 0)
    page = staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)
    start = page.index('id="pool-changed"')
    box = page[start : page.index("</div>", start)]
    assert "Mensen van de lijst hebben andere antwoorden veranderd" in box
    assert ("1 persoon van de lijst heeft de antwoorden" in box) == (also == "a mix answer")
    assert email not in page and "@" not in box


def _flip(app, pid, category_key, index=0):
    """This person now has the answer if they had not, or not if they had."""
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import PoolAnswer

    with app.app_context():
        member = _member(pid)
        zone_id = member.zone_id
        value = next(c for c in pool.categories_by_id(zone_id).values() if c.key == category_key)
        value_id = value.values[index].id
        had = next((a for a in member.answers if a.value_id == value_id), None)
        if had is not None:
            member.answers.remove(had)
        else:
            member.answers.append(PoolAnswer(value_id=value_id))
        db.session.commit()


@pytest.mark.parametrize(
    "who_changed",
    [
        [("first", "lived_experience")],
        [("first", "lived_experience"), ("last", "lived_experience")],
        [("first", "gender")],
        [("last", "lived_experience"), ("first", "gender")],
    ],
)
def test_changed_sensitive_answers_are_neither_counted_nor_told_apart_on_the_staff_draw_page(
    app, pool_zone, make_round, who_changed
):
    """Outside review: "1 person changed their answers to the questions of the mix" moved
    as one known person changed their chronic-illness answer (a quota of the mix). Any
    change of a sensitive answer, of the mix or not, by one person or more, now gives the
    same box: one sentence without a name or a count; a mix answer that is not sensitive
    is still counted."""
    from burgerplatform.consultations import pool_changes
    from burgerplatform.consultations.models import DrawRecord

    setup = pool_zone(10)
    quotas = {("municipality", 0): (1, 2), ("lived_experience", 0): (0, 2)}
    round_id = make_round(setup, size=3, quotas=quotas)
    staff, base, record = _prepare(app, setup, round_id)
    with app.app_context():
        stored = db.session.get(DrawRecord, record.id)
        people = {"first": stored.profiles[0][0], "last": stored.profiles[-1][-1]}
    for who, key in who_changed:
        _flip(app, people[who], key)
    with app.app_context():
        changes = pool_changes.since_published(db.session.get(DrawRecord, record.id))
    assert changes.other_answers and not changes.changed and not changes.gone
    page = staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)
    start = page.index('id="pool-changed"')
    box = page[start : page.index("</div>", start)]
    assert 'id="changed-answers"' not in box
    assert "Mensen van de lijst hebben andere antwoorden veranderd" in box
    assert "zegt deze pagina niet welke of hoeveel" in box
    assert box == _SAME_BOX.setdefault("box", box)

    # A change of the mix's answer that is not sensitive is counted, beside it.
    _flip(app, people["first"], "municipality", 0)
    _flip(app, people["first"], "municipality", 1)
    with app.app_context():
        changes = pool_changes.since_published(db.session.get(DrawRecord, record.id))
    assert changes.changed == 1 and changes.other_answers


_SAME_BOX: dict[str, str] = {}
