"""The draw in two steps, through the pages: staff name a public source, the list of
equally likely groups is published with its fingerprint and time, then the number
picks the group and it is invited; the public page and record before and after."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from markupsafe import escape

from burgerplatform.extensions import db
from tests.conftest import Client
from tests.consultations.conftest import draw_form, number_is_known, run_jobs
from tests.consultations.test_draw_check import _change_one_age, _run_check

SOURCE = "het getal dat luidop getrokken wordt op de zorgraad van 12 maart"


def _records(app):
    from burgerplatform.consultations.models import DrawRecord

    with app.app_context():
        return db.session.scalars(db.select(DrawRecord)).all()


def _seats(app, round_id):
    from burgerplatform.consultations.models import Seat

    with app.app_context():
        return db.session.scalars(db.select(Seat).where(Seat.round_id == round_id)).all()


def _prepare(app, setup, round_id):
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    base = f"/{setup.slug}/rounds/{round_id}"
    page = staff.get(f"{base}/group").get_data(as_text=True)
    assert "De loting gebeurt in twee stappen" in page
    posted = staff.post(f"{base}/draw", draw_form(SOURCE))
    assert posted.status_code == 302
    run_jobs(app)
    (record,) = _records(app)
    number_is_known()  # the number can be entered
    return staff, base, record


def pick(staff, base, draw_id, number):
    """Enter the number, then confirm it on the page that shows it back, as staff do:
    the answer of the confirmation (a redirect once the group is picked)."""
    url = f"{base}/draws/{draw_id}/number"
    number_is_known()
    shown = staff.post(url, {"number": number}, follow_redirects=True)
    assert shown.status_code == 200, shown.get_data(as_text=True)[:2000]
    html = shown.get_data(as_text=True)
    assert 'id="confirm-number"' in html
    canonical = re.search(r'name="number" value="([^"]*)"', html).group(1)
    return staff.post(url, {"number": canonical, "confirmed": "yes"})


def set_aside(staff, base, draw_id, reason):
    """Set the list aside as staff do: the reason, then the page that asks to confirm
    it, then its button (which sends the reason that page shows). The answer of the
    confirmation (a redirect once the list is set aside)."""
    url = f"{base}/draws/{draw_id}/discard"
    shown = staff.post(url, {"reason": reason}, follow_redirects=True)
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200 and 'id="confirm-discard"' in html, html[:2000]
    sent = unescape(re.search(r'name="reason" value="([^"]*)"', html).group(1))
    return staff.post(url, {"reason": sent, "confirmed": "yes"})


NOT_NUMBERS = [
    "-5",
    "+5",
    "5-",
    "5.0",
    "5,0",
    "3, 12, 25",
    "3-12-25",
    "3;12",
    "3/12",
    "1e3",
    "0x1F",
    "vier",
    "12a",
    "5!",
    "5 #",
    "٣",  # Arabic-Indic digit three
    "５",  # fullwidth digit five
    "²",
]

# Spaces of any kind between the digit groups, as a copy from a website may bring: a
# no-break space, a thin space, a narrow no-break space, a tab.
OTHER_SPACES = ["12\u00a034", "12\u2009 34", "\u202f12\u202f34", "12\t34"]


def test_a_number_with_anything_but_digits_and_spaces_is_refused_and_nothing_is_picked(
    app, pool_zone, make_round
):
    from burgerplatform.consultations.models import DrawStatus

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    for typed in NOT_NUMBERS:
        refused = staff.post(f"{base}/draws/{record.id}/number", {"number": typed})
        assert refused.status_code == 400, typed
        html = refused.get_data(as_text=True)
        error = unescape(re.search(r'id="number-error">(.*?)</p>', html, re.S).group(1))
        # The error says what is wrong, not the hint again word for word.
        assert "is geen cijfer" in error, (typed, error)
        assert "Geen punten, komma's of streepjes" not in error, typed
        field = re.search(r'<input[^>]*name="number"[^>]*>', html)
        assert field is not None and f'value="{escape(typed)}"' in field.group(0), typed
        (stored,) = _records(app)
        assert stored.status is DrawStatus.PUBLISHED and stored.public_number is None, typed
        assert not _seats(app, round_id), typed


EXAMPLE_WORDS = {"nl": "bijvoorbeeld", "fr": "par exemple", "en": "for example"}


def test_the_number_fields_error_says_what_is_wrong_and_the_hints_examples_are_accepted(
    app, pool_zone, make_round
):
    """In each language: the hint next to the field gives the rule, the error of a
    refused number says what is wrong in it (not the hint again), and every example the
    hint gives is a number the draw accepts; the example with spaces, typed in the field,
    picks the group."""
    from html import unescape

    from burgerplatform.consultations import lottery

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    examples = set()
    for lang in ("nl", "fr", "en"):
        assert staff.post("/language", {"lang": lang}).status_code == 302
        page = unescape(staff.get(f"{base}/draws/{record.id}").get_data(as_text=True))
        field = re.search(r'<input[^>]*name="number"[^>]*>', page).group(0)
        field = re.search(r'aria-describedby="([^"]+)"', field)
        hint_id = next(i for i in field.group(1).split() if "hint" in i)
        hint = re.search(rf'id="{hint_id}"[^>]*>(.*?)</', page, re.S).group(1).strip()
        refused = staff.post(f"{base}/draws/{record.id}/number", {"number": "3-12-25"})
        assert refused.status_code == 400
        error = unescape(
            re.search(r'id="number-error">(.*?)</p>', refused.get_data(as_text=True)).group(1)
        )
        # The error names the sign that is wrong and does not repeat the hint.
        assert "“-”" in error or "« - »" in error, (lang, error)
        assert hint not in error and error not in hint, (lang, error)
        said = hint.split(EXAMPLE_WORDS[lang], 1)[1].split(".")[0]
        found = re.findall(r"\d[\d ]*\d|\d", said)
        assert len(found) == 2 and any(" " in e for e in found), (lang, said)
        for example in found:
            assert lottery.normalise_number(example) == example, (lang, example)
        examples |= set(found)
    assert examples == {"4821", "3 12 25 33"}
    picked = pick(staff, base, record.id, "3 12 25 33")
    assert picked.status_code == 302
    assert _records(app)[0].public_number == "3 12 25 33" and _seats(app, round_id)


def _script():
    from tests.consultations.test_lottery import _script as script

    return script()


def test_staff_publish_the_list_first_and_the_number_then_picks_and_invites_the_group(
    app, pool_zone, make_round, make_client, tmp_path
):
    from burgerplatform.consultations import lottery
    from burgerplatform.consultations.models import DrawStatus

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    base = f"/{setup.slug}/rounds/{round_id}"

    # Without a source: the form says what is missing, and nothing is queued.
    refused = staff.post(f"{base}/draw", draw_form("  "))
    assert refused.status_code == 400
    assert not _records(app)

    staff, base, record = _prepare(app, setup, round_id)
    assert record.status is DrawStatus.PUBLISHED and record.published_at is not None
    assert not _seats(app, round_id)
    status_page = staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)
    assert "Stap 2: vul het getal in" in status_page and record.list_hash in status_page

    # Before the pick: anyone sees the list, its fingerprint, the time and the source.
    visitor = make_client()
    before = visitor.get(f"{base}/draw/record.json").get_json()
    assert before["number"] is None and before["selected"] is None
    assert len(before["groups"]) == 1000
    # The fingerprint covers the groups, the size and the mix (the script's rule).
    fingerprint = _script().record_fingerprint(before)
    assert before["list_sha256"] == record.list_hash == fingerprint
    assert before["number_source"] == SOURCE
    public_page = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
    assert record.list_hash in public_page and SOURCE in public_page
    assert "Het getal is nog niet bekend." in public_page
    round_page = Client(app, language="nl").get(base).get_data(as_text=True)
    assert "De groep wordt binnenkort gekozen" in round_page

    # Not a number: a plain Dutch error, what was typed kept, nothing picked.
    wrong = staff.post(f"{base}/draws/{record.id}/number", {"number": "vier 8"})
    assert wrong.status_code == 400
    html = wrong.get_data(as_text=True)
    assert "alleen de cijfers 0 tot 9" in html and 'value="vier 8"' in html
    assert _records(app)[0].status is DrawStatus.PUBLISHED and not _seats(app, round_id)

    picked = pick(staff, base, record.id, " 3 12  25")
    assert picked.status_code == 302
    (record,) = _records(app)
    assert record.status is DrawStatus.DONE and record.public_number == "3 12 25"
    assert record.list_hash == before["list_sha256"]  # the list did not change
    index = lottery.pick_index(record.list_hash, "3 12 25", 1000)
    assert record.pick_index == index and record.selected == sorted(record.panels[index])
    assert len(_seats(app, round_id)) == 4
    done_page = staff.get(f"{base}/draws/{record.id}").get_data(as_text=True)
    assert "Het getal 3 12 25 koos groep" in done_page

    # A second number is refused: the group stays the one the first number picked.
    again = staff.post(f"{base}/draws/{record.id}/number", {"number": "7"})
    assert again.status_code == 400 and _records(app)[0].public_number == "3 12 25"
    assert len(_seats(app, round_id)) == 4

    # After the pick: the record gives the number and the group, and the script agrees.
    after = visitor.get(f"{base}/draw/record.json")
    public = after.get_json()
    assert public["groups"] == before["groups"] and public["index"] == index
    assert public["selected"] == before["groups"][index]
    (tmp_path / "record.json").write_bytes(after.get_data())
    (tmp_path / "check_draw.py").write_bytes(visitor.get("/static/check_draw.py").get_data())
    checked = _run_check(tmp_path)
    assert checked.returncode == 0, checked.stdout
    # Another number does not give the invited group.
    (tmp_path / "record.json").write_text(json.dumps(dict(public, number="3 12 26")))
    if lottery.pick_index(public["list_sha256"], "3 12 26", 1000) != index:
        assert _run_check(tmp_path).returncode == 1


def test_an_invited_person_sees_their_own_code_and_a_visitor_does_not(app, pool_zone, make_round):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import PoolMember

    setup = pool_zone(10)
    round_id = make_round(setup, size=3)
    staff, base, record = _prepare(app, setup, round_id)
    pick(staff, base, record.id, "2026")
    seats = _seats(app, round_id)
    with app.app_context():
        invited_emails = [
            db.session.get(User, db.session.get(PoolMember, s.member_id).user_id).email
            for s in seats
        ]
    email = invited_emails[0]
    public = Client(app).get(f"{base}/draw/record.json").get_json()
    invited = Client(app, language="nl")
    invited.login(email)
    invitation = invited.get(f"{base}/invitation").get_data(as_text=True)
    assert "In de openbare lijst van deze loting is jouw code" in invitation
    page = invited.get(f"{base}/draw").get_data(as_text=True)
    own = page.split('id="own-code"', 1)[1].split("</p>", 1)[0]
    code = next(c for c in public["selected"] if c in own)
    assert "Jouw code staat in de gekozen groep." in own
    assert code in public["selected"]
    # Another pool member sees their own code and chance, never the invited person's.
    other = next(e for e in setup.members if e not in invited_emails)
    member = Client(app, language="nl")
    member.login(other)
    theirs = member.get(f"{base}/draw").get_data(as_text=True)
    theirs = theirs.split('id="own-code"', 1)[1].split("</p>", 1)[0]
    assert code not in theirs and "Deze keer werd je niet gekozen." in theirs
    assert "Je kans om gekozen te worden was" in theirs
    visitor = Client(app, language="nl")
    assert 'id="own-code"' not in visitor.get(f"{base}/draw").get_data(as_text=True)


def test_replaying_is_refused_when_the_pool_or_the_stored_list_changed(app, pool_zone, make_round):
    import pytest

    from burgerplatform.consultations import draw_check, draws
    from burgerplatform.consultations.models import DrawRecord

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    pick(staff, base, record.id, "99")
    with app.test_request_context():
        record = db.session.get(DrawRecord, record.id)
        assert draws.replay(record) == record.selected
        # Someone swaps a person in the stored list: the list is no longer the one published.
        panels = [list(p) for p in record.panels]
        outsider = next(
            pid for g in record.profiles for pid in g if pid not in panels[record.pick_index]
        )
        panels[record.pick_index][0] = outsider
        original, record.panels = record.panels, panels
        with pytest.raises(draw_check.PoolChanged) as refused:
            draws.replay(record)
        assert "niet de lijst die gepubliceerd werd" in str(refused.value.message)
        record.panels = original
        db.session.commit()
        record_id, list_hash = record.id, record.list_hash
    _change_one_age(app, record_id)
    audit = staff.get(f"{base}/draws/{record_id}/audit.json").get_json()
    assert audit["pool_matches_snapshot"] is False and audit["replay"] is None
    # The refusal names no number (a hash in it may hold the digits 99 by chance).
    assert not re.search(r"\b99\b", audit["replay_refused"]) and audit["replay_refused"]
    assert audit["published_list_sha256"] == list_hash and audit["number"] == "99"


def test_a_list_for_a_mix_with_health_answers_gives_codes_only(
    app, pool_zone, make_round, make_client
):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import PoolMember

    # 20 people: 5 with a chronic illness, enough to be counted when the rules are saved.
    setup = pool_zone(20)
    round_id = make_round(
        setup, size=4, quotas={("lived_experience", 0): (1, 2), ("municipality", 0): (1, 3)}
    )
    staff, base, record = _prepare(app, setup, round_id)
    pick(staff, base, record.id, "5")
    text = make_client().get(f"{base}/draw/record.json").get_data(as_text=True)
    public = json.loads(text)
    assert public["answers"] is None and public["chances"] is None
    with app.app_context():
        stable = db.session.scalars(db.select(PoolMember.pseudonym)).all()
        users = db.session.scalars(db.select(User)).all()
        labels = [
            v.label
            for m in db.session.scalars(db.select(PoolMember)).all()
            for a in m.answers
            for v in [a.value]
        ]
    assert not [p for p in stable if p in text]
    assert not [u.email for u in users if u.email in text]
    assert not [u.display_name for u in users if u.display_name and u.display_name in text]
    # No answer appears next to a code: the only labels are the quotas' own.
    quota_labels = " ".join(q["label"] for q in public["quotas"])
    groups_and_codes = json.dumps(
        {k: public[k] for k in ("groups", "selected", "answers", "chances")}
    )
    assert not [label for label in set(labels) if label in groups_and_codes]
    assert quota_labels


def test_before_the_pick_the_draw_page_speaks_of_the_draw_still_to_come(app, pool_zone, make_round):
    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    past = ("Wat werd er geloot", "Hoe er geloot werd", "Iedereen die geloot kon worden")
    coming = ("Wat er geloot wordt", "Hoe er geloot wordt", "Iedereen die geloot kan worden")

    before = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
    assert "Het getal is nog niet bekend." in before
    assert all(words in before for words in coming), before
    assert not any(words in before for words in past)

    assert pick(staff, base, record.id, "5").status_code == 302
    after = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
    assert all(words in after for words in past)
    assert not any(words in after for words in coming)


def test_a_pool_member_reads_their_chance_and_what_they_can_check_as_the_moment_is(
    app, pool_zone, make_round
):
    """Before the pick nobody has been chosen: the member's chance *is*, and the page
    offers to check the list (not to pick "the same group" again); after, it *was*."""
    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    member = Client(app, language="nl")
    member.login(setup.members[0])

    def own_and_intro() -> tuple[str, str]:
        page = member.get(f"{base}/draw").get_data(as_text=True)
        own = page.split('id="own-code"', 1)[1].split("</p>", 1)[0]
        intro = page.split('id="check-intro">', 1)[1].split("</p>", 1)[0]
        return own, intro

    own, intro = own_and_intro()
    assert "Je kans om gekozen te worden is" in own and " was " not in own
    assert "waaruit deze loting kiest" in own and "waaruit deze loting koos" not in own
    assert "dezelfde groep" not in intro and "Je kunt de lijst nu al controleren" in intro
    from flask_babel import force_locale, gettext

    with app.test_request_context():
        for lang, says in (
            ("fr", "Votre chance d’être choisi(e) est de 5 %"),
            ("en", "Your chance to be picked is 5 %"),
        ):
            with force_locale(lang):
                assert gettext("Your chance to be picked is %(percent)s.", percent="5 %") == (
                    says + "."
                )

    assert pick(staff, base, record.id, "5").status_code == 302
    own, intro = own_and_intro()
    assert "Je kans om gekozen te worden was" in own or "Jouw code staat in" in own
    assert "Je kans om gekozen te worden is" not in own
    assert "zien dat het dezelfde groep is" in intro


def _tomorrow() -> str:
    from datetime import timedelta

    from tests.consultations.conftest import today

    return (today() + timedelta(days=1)).isoformat()


def test_the_number_cannot_be_entered_before_the_source_can_have_given_it(
    app, pool_zone, make_round
):
    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    base = f"/{setup.slug}/rounds/{round_id}"
    assert staff.post(f"{base}/draw", draw_form(SOURCE, _tomorrow(), "20:15")).status_code == 302
    run_jobs(app)
    (record,) = _records(app)
    # The page and the record say from when the number is known.
    page = Client(app, language="nl").get(f"{base}/draw").get_data(as_text=True)
    known = page.split('id="known-from">', 1)[1].split("</dd>", 1)[0]
    assert "om 20:15" in known and "Het getal is bekend vanaf" in page
    public = Client(app).get(f"{base}/draw/record.json").get_json()
    assert public["number_known_from"].endswith("T20:15:00+01:00")
    # Typed now: refused, saying from when it can be entered; nothing is picked.
    refused = staff.post(f"{base}/draws/{record.id}/number", {"number": "3 12 25"})
    assert refused.status_code == 400
    said = refused.get_data(as_text=True)
    assert "Het getal van deze bron is pas bekend vanaf" in said and "om 20:15" in said
    refused = staff.post(
        f"{base}/draws/{record.id}/number", {"number": "3 12 25", "confirmed": "yes"}
    )
    assert refused.status_code == 400 and _seats(app, round_id) == []
    (stored,) = _records(app)
    assert stored.public_number is None and stored.number_entered_at is None


@pytest.mark.parametrize(
    ("known_on", "known_at", "says"),
    [
        ("", "", "Zeg vanaf welke dag het getal van de bron bekend is."),
        ("2020-01-09", "", "Die dag is voorbij"),
        ("today", "00:01", "Dat uur is voorbij"),
    ],
    ids=["no day", "a day past", "a time past"],
)
def test_publishing_needs_a_day_not_past_from_which_the_number_is_known(
    app, pool_zone, make_round, known_on, known_at, says
):
    from tests.consultations.conftest import today

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    base = f"/{setup.slug}/rounds/{round_id}"
    form = {"source": SOURCE, "known_on": known_on, "known_at": known_at}
    if known_on == "today":
        form["known_on"] = today().isoformat()
    refused = staff.post(f"{base}/draw", form)
    assert refused.status_code == 400
    assert says in refused.get_data(as_text=True)
    assert _records(app) == []


@pytest.mark.parametrize("typed", OTHER_SPACES)
def test_a_number_copied_with_another_kind_of_space_is_read_with_one_plain_space(
    app, pool_zone, make_round, typed
):
    """ "12 34" copied from a website often has a no-break space: it was refused with
    "No dots, commas or dashes", which does not say what is wrong. Any Unicode space
    between the digit groups is a space; the number is kept with one ASCII space."""
    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _prepare(app, setup, round_id)
    shown = staff.post(f"{base}/draws/{record.id}/number", {"number": typed}, follow_redirects=True)
    assert shown.status_code == 200, unescape(shown.get_data(as_text=True))[:300]
    assert "12 34" in unescape(shown.get_data(as_text=True))
    pick(staff, base, record.id, typed)
    (stored,) = _records(app)
    assert stored.public_number == "12 34"
