"""The two steps staff confirm on a draw's page, the number that picks the group and
setting the list aside, after an outside review:

- every page that asks to confirm is a GET after a redirect, whatever the length of the
  reason (up to 2,000 characters); what was typed waits on the server, never in the
  session cookie, per staff member, and never becomes public;
- only a confirmation of exactly what that page showed that person counts: a hand-made
  POST with `confirmed` set, or one for other text, leads to the page (again);
- a list already set aside or picked says so, in the reader's language, with a 4xx,
  whichever of the two steps comes too late.
"""

from __future__ import annotations

import random
import re
from html import unescape

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db
from tests.conftest import Client
from tests.consultations.conftest import draw_form, number_is_known, run_jobs
from tests.consultations.test_published_draw import SOURCE, _records, _seats, pick, set_aside

DISCARD, NUMBER = "discard", "number"
_rng = random.Random(7)  # letters that do not compress (the cookie is zlib-compressed)
SCATTERED = "".join(chr(_rng.randrange(0x4E00, 0x9FFF)) for _ in range(2000))
REASONS = {
    "short": "Twee mensen waren verhuisd.",
    "over the cookie's share, on lines": (
        "Twee mensen waren verhuisd.\r\nEén persoon is overleden.\r\n" * 40
    ).strip()[:2000],
    "2,000 letters of 3 bytes": SCATTERED,
    "2,000 letters of 2 bytes, spaces around": "  " + "é" * 1996 + "  ",
}


def _published(app, setup, round_id, language="nl"):
    staff = Client(app, language=language)
    staff.login(setup.staff_email)
    base = f"/{setup.slug}/rounds/{round_id}"
    assert staff.post(f"{base}/draw", draw_form(SOURCE)).status_code == 302
    run_jobs(app)
    record = max(_records(app), key=lambda r: r.id)
    number_is_known()
    return staff, base, record


def _session(app, client) -> dict:
    cookie = client.raw.get_cookie("session")
    if cookie is None:
        return {}
    return dict(app.session_interface.get_signing_serializer(app).loads(cookie.value))


def _hidden(html: str, name: str) -> str:
    return unescape(re.search(rf'name="{name}" value="([^"]*)"', html).group(1))


def _waiting(app) -> list:
    from burgerplatform.consultations.models import DrawConfirmation

    with app.app_context():
        return db.session.scalars(select(DrawConfirmation)).all()


@pytest.mark.parametrize("reason", list(REASONS.values()), ids=list(REASONS))
def test_the_page_that_asks_to_set_a_list_aside_comes_after_a_redirect_whatever_the_reason(
    app, pool_zone, make_round, reason
):
    """Before, a reason over 1,000 bytes was asked on the answer to the form itself, so
    Back after confirming showed the browser's "Confirm form resubmission"."""
    from burgerplatform.consultations.models import DrawStatus

    setup = pool_zone(12)
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 2)})
    staff, base, record = _published(app, setup, round_id)
    asked = staff.post(f"{base}/draws/{record.id}/discard", {"reason": reason})
    assert asked.status_code == 303
    assert asked.headers["Location"].endswith(f"/draws/{record.id}?confirm=discard")
    # Not in the cookie (a browser drops one over 4 KB, and the reason with it).
    assert len(asked.headers.get("Set-Cookie", "").encode()) < 4000
    assert not any(reason.strip()[:40] in str(v) for v in _session(app, staff).values())
    page = staff.get(asked.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="confirm-discard"' in html
    # Shown back whole, and sent back whole by the button.
    shown = unescape(html.split('id="confirm-discard-reason">', 1)[1].split("</blockquote>")[0])
    assert shown == reason.strip()
    assert _hidden(html, "reason") == reason.strip()
    assert _records(app)[0].status is DrawStatus.PUBLISHED  # nothing done yet
    done = staff.post(
        f"{base}/draws/{record.id}/discard", {"reason": _hidden(html, "reason"), "confirmed": "y"}
    )
    assert done.status_code == 302
    (record,) = _records(app)
    assert record.status is DrawStatus.DISCARDED and record.discard_reason == reason.strip()
    assert _waiting(app) == []  # nothing of it waits any more


def test_the_page_that_shows_the_number_back_comes_after_a_redirect(app, pool_zone, make_round):
    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    staff, base, record = _published(app, setup, round_id)
    asked = staff.post(f"{base}/draws/{record.id}/number", {"number": "007  42"})
    assert asked.status_code == 303
    assert asked.headers["Location"].endswith(f"/draws/{record.id}?confirm=number")
    html = staff.get(asked.headers["Location"]).get_data(as_text=True)
    assert "Je vulde het getal 7 42 in." in html and _hidden(html, "number") == "7 42"
    assert (
        staff.post(
            f"{base}/draws/{record.id}/number", {"number": "7 42", "confirmed": "y"}
        ).status_code
        == 302
    )
    assert len(_seats(app, round_id)) == 4 and _waiting(app) == []


@pytest.mark.parametrize("step", [DISCARD, NUMBER])
def test_a_confirmation_counts_only_for_what_its_page_showed_that_person(
    app, pool_zone, make_round, make_user, step
):
    """A hand-made POST with `confirmed`, one whose page was never shown, one for other
    text than the page showed, and one for what another staff member was shown: each
    leads to the page that asks to confirm what it sent, and nothing is done until it
    is confirmed there."""
    from burgerplatform.consultations.models import DrawStatus
    from burgerplatform.zones.models import Role

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    staff, base, record = _published(app, setup, round_id)
    field, typed, other = (
        ("reason", "De pool was fout.", "Nieuwe regels.")
        if step == DISCARD
        else ("number", "7 42", "3 12")
    )
    url = f"{base}/draws/{record.id}/{step}"

    def untouched() -> None:
        (now,) = _records(app)
        assert now.status is DrawStatus.PUBLISHED and not _seats(app, round_id)

    def asks_again(answer, sent: str) -> None:
        assert answer.status_code == 303, answer.status_code
        assert answer.headers["Location"].endswith(f"?confirm={step}")
        html = staff.get(answer.headers["Location"]).get_data(as_text=True)
        assert "Er is nog niets gebeurd. Kijk na wat hieronder staat" in html
        assert _hidden(html, field) == sent
        untouched()

    # Never asked: straight to the page.
    asks_again(staff.post(url, {field: typed, "confirmed": "yes"}), typed)
    # Asked, but the page not shown yet (no GET of it).
    assert staff.post(url, {field: other}).status_code == 303
    answer = staff.post(url, {field: other, "confirmed": "yes"})
    assert answer.status_code == 303
    untouched()
    # Shown for one text, confirmed for another: the page for what was sent.
    staff.get(f"{base}/draws/{record.id}?confirm={step}")
    asks_again(staff.post(url, {field: typed, "confirmed": "yes"}), typed)
    # Shown to a colleague: it is theirs to confirm, not ours.
    colleague = Client(app, language="nl")
    colleague.login(make_user(roles=[(setup.zone_id, Role.STAFF)]).email)
    assert 'id="confirm-' in colleague.post(url, {field: other}, follow_redirects=True).get_data(
        as_text=True
    )
    staff.post(url, {field: typed}, follow_redirects=True)  # our own page, for our text
    asks_again(staff.post(url, {field: other, "confirmed": "yes"}), other)
    # Confirmed on the page that showed it: done, with what was sent.
    assert staff.post(url, {field: other, "confirmed": "yes"}).status_code == 302
    (done,) = _records(app)
    if step == DISCARD:
        assert done.status is DrawStatus.DISCARDED and done.discard_reason == other
    else:
        assert done.public_number == other and len(_seats(app, round_id)) == 4


def test_two_staff_members_on_one_list_each_confirm_their_own_reason_and_no_draft_is_public(
    app, pool_zone, make_round, make_user
):
    from burgerplatform.audit.models import AuditEvent
    from burgerplatform.consultations.models import DrawStatus
    from burgerplatform.zones.models import Role

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    an, base, record = _published(app, setup, round_id)
    bert = Client(app, language="nl")
    bert.login(make_user(roles=[(setup.zone_id, Role.STAFF)]).email)
    url = f"{base}/draws/{record.id}/discard"
    ours, draft = "De pool was fout: twee mensen verhuisden.", "Klad van Bert, nog niet af"
    page = an.post(url, {"reason": ours}, follow_redirects=True).get_data(as_text=True)
    assert _hidden(page, "reason") == ours
    theirs = bert.post(url, {"reason": draft}, follow_redirects=True).get_data(as_text=True)
    assert _hidden(theirs, "reason") == draft
    # Each sees their own text on the page, whoever asked last.
    again = an.get(f"{base}/draws/{record.id}?confirm=discard").get_data(as_text=True)
    assert _hidden(again, "reason") == ours and draft not in again

    def public() -> str:
        visitor = Client(app, language="nl")
        texts = [
            visitor.get(f"{base}/draw").get_data(as_text=True),
            visitor.get(base).get_data(as_text=True),
        ]
        for path in ("/draw/record.json", f"/draw/discarded/{record.id}/record.json"):
            answer = visitor.get(base + path)
            texts.append(answer.get_data(as_text=True) if answer.status_code == 200 else "")
        return unescape("\n".join(texts))

    assert draft not in public() and ours not in public()
    assert an.post(url, {"reason": ours, "confirmed": "yes"}).status_code == 302
    # Bert confirms his own page a moment later: told what happened, nothing changes.
    late = bert.post(url, {"reason": draft, "confirmed": "yes"})
    html = unescape(late.get_data(as_text=True))
    assert late.status_code == 400
    assert "Deze lijst werd al weggelegd op " in html and "Er is dus niets veranderd." in html
    assert "Je kunt een nieuwe lijst publiceren op de pagina van de klankbordgroep." in html
    (record,) = _records(app)
    assert record.status is DrawStatus.DISCARDED and record.discard_reason == ours
    assert ours in public() and draft not in public()
    assert _waiting(app) == []
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "round.draw_list_discarded")
        ).all()
        assert [e.detail["reason"] for e in events] == [ours]


# What each step that comes too late says, per language: the list was set aside (when, and
# what staff can do now), or its group was picked (with which number, when).
TOO_LATE = {
    "nl": {
        "set aside, discard": ("Deze lijst werd al weggelegd op ", "Er is dus niets veranderd."),
        "set aside, number": (
            "Deze lijst werd weggelegd op ",
            "Geen enkel getal kan er dus nog een groep uit kiezen, en niemand werd uitgenodigd.",
        ),
        "publish": ("Je kunt een nieuwe lijst publiceren op de pagina van de klankbordgroep.",),
        "newer": ("Er werd intussen een nieuwere lijst gemaakt",),
        "picked since": ("De groep werd intussen gekozen uit een nieuwere lijst.",),
        "picked, discard": (
            "De groep is al gekozen uit deze lijst, met het getal 7 op ",
            "Je kunt de lijst dus niet meer wegleggen.",
        ),
        "picked, number": (
            "De groep is al gekozen uit deze lijst, met het getal 7 op ",
            "Er is niets veranderd: niemand anders werd uitgenodigd.",
        ),
    },
    "fr": {
        "set aside, discard": ("Cette liste a déjà été écartée le ", "rien n’a donc changé."),
        "set aside, number": (
            "Cette liste a été écartée le ",
            "aucun nombre ne peut donc plus y choisir de groupe, et personne n’a été invité.",
        ),
        "publish": ("Vous pouvez publier une nouvelle liste sur la page du groupe de résonance.",),
        "newer": ("Une liste plus récente a été faite depuis",),
        "picked since": ("Le groupe a été choisi depuis, dans une liste plus récente.",),
        "picked, discard": (
            "Le groupe a déjà été choisi dans cette liste, avec le nombre 7 le ",
            "la liste ne peut donc plus être écartée.",
        ),
        "picked, number": (
            "Le groupe a déjà été choisi dans cette liste, avec le nombre 7 le ",
            "Rien n’a changé : personne d’autre n’a été invité.",
        ),
    },
    "en": {
        "set aside, discard": ("This list was already set aside on ", "so nothing changed."),
        "set aside, number": (
            "This list was set aside on ",
            "so no number can pick a group from it and nobody was invited.",
        ),
        "publish": ("You can publish a new list on the page of the klankbordgroep.",),
        "newer": ("A newer list was made since",),
        "picked since": ("The group was picked since, from a newer list.",),
        "picked, discard": (
            "The group is already picked from this list, with the number 7 on ",
            "so the list can no longer be set aside.",
        ),
        "picked, number": (
            "The group is already picked from this list, with the number 7 on ",
            "Nothing changed: nobody else was invited.",
        ),
    },
}
MISLEADING = (
    "Only a published list whose group is not picked yet can be discarded.",
    "Je kunt alleen een gepubliceerde lijst wegleggen",
    "Seule une liste publiée",
)


@pytest.mark.parametrize("lang", list(TOO_LATE))
def test_a_step_that_comes_too_late_says_what_happened_to_the_list(
    app, pool_zone, make_round, make_user, lang
):
    """Setting a list aside, or entering its number, once the list was set aside (Back
    and send again, or a colleague was first) or once its group was picked: each, asked
    or confirmed, says plainly what happened and what can be done, with a 400, and
    changes nothing."""
    from burgerplatform.consultations.models import DrawStatus
    from burgerplatform.zones.models import Role

    said = TOO_LATE[lang]
    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    colleague, base, first = _published(app, setup, round_id)
    staff = Client(app, language=lang)
    staff.login(make_user(roles=[(setup.zone_id, Role.STAFF)], locale=lang).email)
    # Both have the page that asks to confirm open; the colleague confirms first.
    for client in (staff, colleague):
        client.post(f"{base}/draws/{first.id}/discard", {"reason": "De pool was fout."})
        client.get(f"{base}/draws/{first.id}?confirm=discard")
    assert set_aside(colleague, base, first.id, "De pool was fout.").status_code == 302

    def too_late(record, step: str, *expected: str) -> None:
        field, text = ("reason", "De pool was fout.") if step == DISCARD else ("number", "7")
        url = f"{base}/draws/{record.id}/{step}"
        for sent in ({field: text}, {field: text, "confirmed": "yes"}):
            answer = staff.post(url, sent)
            html = unescape(answer.get_data(as_text=True))
            assert answer.status_code == 400, (step, sent, answer.status_code)
            for words in expected:
                assert words in html, (lang, step, words)
            assert not any(m in html for m in MISLEADING)

    # Set aside, nothing newer: it says so, and that a new list can be published.
    too_late(first, DISCARD, *said["set aside, discard"], *said["publish"])
    too_late(first, NUMBER, *said["set aside, number"], *said["publish"])
    # A newer list waits for its number: it says where it is.
    assert colleague.post(f"{base}/draw", draw_form(SOURCE + " (2)")).status_code == 302
    run_jobs(app)
    number_is_known()
    second = max(_records(app), key=lambda r: r.id)
    too_late(first, DISCARD, *said["set aside, discard"], *said["newer"])
    too_late(first, NUMBER, *said["set aside, number"], *said["newer"])
    # Its group picked (our page still open): both steps say with which number.
    staff.post(f"{base}/draws/{second.id}/discard", {"reason": "De pool was fout."})
    staff.get(f"{base}/draws/{second.id}?confirm=discard")
    assert pick(colleague, base, second.id, "7").status_code == 302
    invited = len(_seats(app, round_id))
    too_late(second, DISCARD, *said["picked, discard"])
    too_late(second, NUMBER, *said["picked, number"])
    too_late(first, NUMBER, *said["set aside, number"], *said["picked since"])
    assert len(_seats(app, round_id)) == invited == 4
    statuses = {r.id: r.status for r in _records(app)}
    assert statuses == {first.id: DrawStatus.DISCARDED, second.id: DrawStatus.DONE}
    assert max(_records(app), key=lambda r: r.id).discard_reason is None


def test_setting_aside_in_the_moment_another_request_changed_the_list_keeps_the_first(
    app, pool_zone, make_round
):
    """Two confirmations in the same moment (or a number confirmed in it): only the one
    whose update finds the list still waiting sets it aside; the other is told, and the
    first reason, time and audit event stay the only ones."""
    from datetime import UTC, datetime

    from sqlalchemy import update

    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import DrawRecord, DrawStatus
    from burgerplatform.core.domain import PhaseError

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    _staff, _base, record = _published(app, setup, round_id)
    first = datetime(2026, 12, 6, 13, 5, tzinfo=UTC)
    changes = {
        "set aside": {
            "status": DrawStatus.DISCARDED,
            "discard_reason": "Eerste reden",
            "discarded_at": first,
        },
        "a number being entered": {"number_entered_at": first},
    }
    for change, values in changes.items():
        with app.test_request_context():
            loaded = db.session.get(DrawRecord, record.id)
            assert loaded.status is DrawStatus.PUBLISHED
            db.session.execute(  # another request, between reading and setting aside
                update(DrawRecord)
                .where(DrawRecord.id == record.id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            with pytest.raises(PhaseError) as refused:
                draws.discard(loaded, "Tweede reden")
            if change == "set aside":
                assert "al weggelegd op 6 december 2026 om 14:05" in str(refused.value.message)
            stored = db.session.get(DrawRecord, record.id)
            assert stored.discard_reason in (None, "Eerste reden"), change
            db.session.rollback()


def test_what_a_deleted_account_typed_and_never_confirmed_goes_with_it(
    app, pool_zone, make_round, make_user
):
    from burgerplatform.accounts import services as accounts
    from burgerplatform.accounts.models import User
    from burgerplatform.zones.models import Role

    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    _staff, base, record = _published(app, setup, round_id)
    leaving = make_user(roles=[(setup.zone_id, Role.STAFF)])
    client = Client(app, language="nl")
    client.login(leaving.email)
    client.post(f"{base}/draws/{record.id}/discard", {"reason": "Nog niet af"})
    assert [w.typed for w in _waiting(app)] == ["Nog niet af"]
    with app.test_request_context():
        accounts.delete_account(db.session.get(User, leaving.id))
        db.session.commit()
    assert _waiting(app) == []
