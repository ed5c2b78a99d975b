"""Before its klankbordgroep is drawn, staff may still change a round's texts and dates,
or cancel it with a public reason (after the draw, people were invited to it as it is)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.audit import services as audit
from burgerplatform.consultations.models import (
    Contribution,
    DrawRecord,
    DrawStatus,
    Phase,
    Round,
    Suggestion,
)
from burgerplatform.consultations.services import round_url
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError, PhaseError
from burgerplatform.extensions import db
from burgerplatform.notifications.kinds import register
from burgerplatform.notifications.services import notify

register("round.cancelled", _l("The round “%(title)s” is cancelled. The reason: %(reason)s"))


def may_change_round(round_: Round) -> bool:
    """Its texts and dates change, and it may be cancelled, until the group is drawn."""
    return (
        round_.cancelled_at is None
        and round_.phase is Phase.CO_DEFINE
        and not round_.seats
        and not db.session.scalar(
            select(DrawRecord.id)
            .where(
                DrawRecord.round_id == round_.id,
                DrawRecord.status.not_in([DrawStatus.FAILED, DrawStatus.DISCARDED]),
            )
            .limit(1)
        )
    )


def require_before_draw(round_: Round) -> None:
    round_.refuse_if_cancelled()
    if not may_change_round(round_):
        raise PhaseError(
            _l("The klankbordgroep is drawn already: the round can no longer be changed.")
        )


def update_round(
    round_: Round,
    actor: User,
    title: str,
    question: str,
    background: str,
    asked_by: str,
    deadline: date | None,
    open_to_all: bool,
    question_easy: str = "",
) -> bool:
    """Change a round's texts and dates before its draw. Returns whether anything changed."""
    require_before_draw(round_)
    if deadline is not None and deadline != round_.deadline and deadline < utcnow().date():
        raise DomainError(_l("The deadline is in the past."), field="deadline")
    new = {
        "title": title.strip(),
        "question_draft": question.strip(),
        "question_easy": question_easy.strip(),
        "background": background or "",
        "asked_by": (asked_by or "").strip(),
        "deadline": deadline,
        "open_to_all": open_to_all,
    }
    changed = sorted(k for k, v in new.items() if getattr(round_, k) != v)
    if not changed:
        return False
    for key in changed:
        setattr(round_, key, new[key])
    db.session.flush()
    audit.record(
        "round.changed",
        target_type="round",
        target_id=round_.id,
        detail={"fields": changed},
        zone_id=round_.zone_id,
        actor=actor,
    )
    return True


def cancel_round(round_: Round, actor: User, reason: str) -> None:
    """Cancel a round before its draw: the reason is public, and everyone who already
    took part (a suggestion, input, an invitation) is told."""
    require_before_draw(round_)
    if not reason.strip():
        raise DomainError(_l("Say why the round is cancelled."), field="reason")
    round_.cancelled_at, round_.cancel_reason = utcnow(), reason.strip()
    db.session.flush()
    audit.record(
        "round.cancelled",
        target_type="round",
        target_id=round_.id,
        detail={"reason": round_.cancel_reason},
        zone_id=round_.zone_id,
        actor=actor,
    )
    suggested = db.session.scalars(
        select(User)
        .join(Suggestion, Suggestion.author_id == User.id)
        .where(Suggestion.round_id == round_.id)
    )
    gave_input = db.session.scalars(
        select(User)
        .join(Contribution, Contribution.author_id == User.id)
        .where(Contribution.round_id == round_.id)
    )
    invited = [s.member.user for s in round_.seats if s.member.user is not None]
    notify(
        [*suggested, *gave_input, *invited],
        "round.cancelled",
        {"title": round_.title, "reason": round_.cancel_reason},
        round_url(round_),
        round_.zone_id,
        actor=actor,
    )
