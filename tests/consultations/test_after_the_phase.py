"""Every button that changes a round, pressed after the phase it belongs to has passed
(a page left open, the back button, a stale link): a clear refusal, and nothing changes.

To add a button: add a `Press` to PRESSES with the phases that own it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from burgerplatform.extensions import db
from tests.consultations.conftest import draw_form

PHASES = ["co_define", "gather", "co_draft", "review", "submitted", "follow_up"]


@dataclass
class Press:
    name: str
    owners: list[str]  # the phases in which the button may be pressed
    who: str  # "staff", "member" (the first seated member), "invited", "zorgraad"
    path: str  # under the round, with {rec}, {item}, {correction}, {suggestion}
    data: Callable[[object], dict] = field(default=lambda s: {})


PRESSES = [
    Press("save the rules of the group", ["co_define"], "staff", "/group",
          lambda s: {"group_size": "3", "rotation_rounds": "0", "rotation_months": "0",
                       "reply_days": "10"}),
    Press("draw the group", ["co_define"], "staff", "/draw", lambda s: draw_form("de zorgraad")),
    Press("change the round", ["co_define"], "staff", "/edit",
          lambda s: {"title": "Andere titel", "question": "Andere vraag?"}),
    Press("cancel the round", ["co_define"], "staff", "/cancel", lambda s: {"reason": "Niet meer"}),
    Press("accept a seat", ["co_define", "gather", "co_draft"], "invited", "/invitation",
          lambda s: {"decision": "accept"}),
    Press("suggest a better question", ["co_define"], "member", "/suggestions",
          lambda s: {"proposal": "Een betere vraag?"}),
    Press("answer a suggestion", ["co_define"], "staff", "/suggestions/{suggestion}",
          lambda s: {f"s{s.suggestion}-decision": "accept"}),
    Press("start gathering input", ["co_define"], "staff", "/phase", lambda s: {"to": "gather"}),
    Press("give input", ["gather"], "member", "/contributions", lambda s: {"body": "Idee"}),
    Press("add offline input", ["gather"], "staff", "/offline",
          lambda s: {"body": "Op papier", "source_event": "Markt", "contact_method": "none"}),
    Press("start writing the advice", ["gather"], "staff", "/phase", lambda s: {"to": "co_draft"}),
    Press("propose a recommendation", ["co_draft"], "member", "/recommendations",
          lambda s: {"title": "Nog een", "body": "Tekst"}),
    Press("edit a recommendation", ["co_draft", "review"], "member", "/recommendations/{rec}/edit",
          lambda s: {"title": "Buurtauto", "body": "Andere tekst"}),
    Press("comment on a recommendation", ["co_draft", "review"], "member",
          "/recommendations/{rec}/comments", lambda s: {"comment-body": "Goed"}),
    Press("say why input is not used", ["co_draft", "review"], "staff",
          "/contributions/{item}/unused", lambda s: {f"u{s.offline_id}-reason": "Buiten"}),
    Press("ask the group to check", ["co_draft"], "staff", "/phase", lambda s: {"to": "review"}),
    Press("confirm the advice", ["review"], "member", "/review", lambda s: {"decision": "confirm"}),
    Press("answer a correction", ["review"], "staff", "/review/{correction}",
          lambda s: {f"r{s.correction_id}-resolution": "kept",
                       f"r{s.correction_id}-answer": "Blijft"}),
    Press("send the advice to the zorgraad", ["review"], "staff", "/phase",
          lambda s: {"to": "submitted"}),
    Press("publish the zorgraad's answer", ["submitted"], "zorgraad", "/publish"),
]  # fmt: skip


def _cases():
    for press in PRESSES:
        last = max(PHASES.index(p) for p in press.owners)
        for phase in PHASES[last + 1 :]:
            yield pytest.param(press, phase, id=f"{press.name} in {phase}")


def _snapshot(app, round_id: int) -> dict:
    """Everything a press could change, counted."""
    from burgerplatform.consultations import models as m

    with app.app_context():
        count = lambda model: db.session.scalar(  # noqa: E731
            select(func.count()).select_from(model).where(model.round_id == round_id)
        )
        round_ = db.session.get(m.Round, round_id)
        return {
            "phase": round_.phase.value,
            "texts": (round_.title, round_.question_draft, round_.cancelled_at),
            "size": round_.group_size,
            "seats": sorted((s.member_id, s.status.value) for s in round_.seats),
            "draws": count(m.DrawRecord),
            "suggestions": sorted(
                (s.id, s.status.value)
                for s in db.session.scalars(
                    select(m.Suggestion).where(m.Suggestion.round_id == round_id)
                )
            ),
            "input": count(m.Contribution),
            "unused": sorted(
                db.session.scalars(
                    select(m.Contribution.unused_reason).where(m.Contribution.round_id == round_id)
                )
            ),
            "recommendations": count(m.Recommendation),
            "versions": db.session.scalar(
                select(func.count(m.RecommendationVersion.id))
                .join(m.Recommendation)
                .where(m.Recommendation.round_id == round_id)
            ),
            "comments": db.session.scalar(
                select(func.count(m.RecommendationComment.id))
                .join(m.Recommendation)
                .where(m.Recommendation.round_id == round_id)
            ),
            "reviews": sorted(
                (r.id, r.kind.value, r.answered_at is not None)
                for r in db.session.scalars(
                    select(m.ReviewResponse).where(m.ReviewResponse.round_id == round_id)
                )
            ),
        }


@pytest.mark.parametrize(("press", "phase"), list(_cases()))
def test_a_button_pressed_after_its_phase_is_refused_clearly_and_changes_nothing(
    app, make_client, staged_round, press, phase
):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import PoolMember, Round, Suggestion

    staged = staged_round(phase)
    with app.test_request_context():
        round_ = db.session.get(Round, staged.round_id)
        first = db.session.scalar(select(User).where(User.email == staged.members[0]))
        suggestion = Suggestion(round_id=round_.id, author_id=first.id, proposal="Beter?")
        db.session.add(suggestion)
        invited_email = staged.setup.members[2]
        invited_user = db.session.scalar(select(User).where(User.email == invited_email))
        member = db.session.scalar(select(PoolMember).where(PoolMember.user_id == invited_user.id))
        # An invitation still open (as if the draw's last replacement never answered).
        phase_now = round_.phase
        from burgerplatform.consultations.models import Phase

        round_.phase = Phase.CO_DEFINE
        draws.invite(round_, member, replacement=True)
        round_.phase = phase_now
        db.session.commit()
        staged.suggestion = suggestion.id
    who = {
        "staff": staged.setup.staff_email,
        "member": staged.members[0],
        "invited": invited_email,
        "zorgraad": staged.zorgraad_email,
    }[press.who]
    client = make_client()
    client.login(who)
    path = press.path.format(
        rec=staged.rec_id,
        item=staged.offline_id,
        correction=staged.correction_id,
        suggestion=staged.suggestion,
    )
    before = _snapshot(app, staged.round_id)
    response = client.post(f"{staged.base}{path}", press.data(staged))
    html = response.get_data(as_text=True)
    main = html[html.find("<main") : html.find("</main>")]
    assert response.status_code == 400, (press.name, phase, response.status_code, main[:2000])
    assert 'class="error-summary"' in html or "flash-error" in html or 'role="alert"' in html, (
        press.name,
        phase,
    )
    assert _snapshot(app, staged.round_id) == before, (press.name, phase)


def test_an_invitation_left_open_is_not_replaced_once_the_group_has_finished(app, staged_round):
    from datetime import timedelta

    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import Phase, PoolMember, Round, SeatStatus

    staged = staged_round("co_draft")
    with app.test_request_context():
        round_ = db.session.get(Round, staged.round_id)
        user = db.session.scalar(select(User).where(User.email == staged.setup.members[2]))
        member = db.session.scalar(select(PoolMember).where(PoolMember.user_id == user.id))
        seat = draws.invite(round_, member, replacement=True)
        round_.phase = Phase.REVIEW
        db.session.flush()
        assert draws.expire(seat, now=seat.reply_by + timedelta(seconds=1)) is None
        assert seat.status is SeatStatus.EXPIRED
        assert len(round_.seats) == 3  # two members and the expired invitation: no new one
        db.session.rollback()


# Pages that show a form of one phase (a stale link, a bookmark): after that phase, the
# form is not offered; a clear message says why.
FORM_PAGES = [
    ("edit a recommendation", ["co_draft", "review"], "member", "/recommendations/{rec}/edit"),
    ("change or cancel the round", ["co_define"], "staff", "/edit"),
]


def _page_cases():
    for name, owners, who, path in FORM_PAGES:
        last = max(PHASES.index(p) for p in owners)
        for phase in PHASES[last + 1 :]:
            yield pytest.param(name, who, path, phase, id=f"{name} in {phase}")


@pytest.mark.parametrize(("name", "who", "path", "phase"), list(_page_cases()))
def test_a_form_page_opened_after_its_phase_says_why_and_shows_no_form(
    app, make_client, staged_round, name, who, path, phase
):
    staged = staged_round(phase)
    client = make_client()
    client.login(staged.setup.staff_email if who == "staff" else staged.members[0])
    response = client.get(f"{staged.base}{path.format(rec=staged.rec_id)}")
    assert response.status_code == 302, (name, phase, response.status_code)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "flash-error" in html, (name, phase)
    main = html[html.find("<main") : html.find("</main>")]
    assert f'action="{staged.base}{path.format(rec=staged.rec_id)}"' not in main
