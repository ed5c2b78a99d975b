"""The citizen pool's and the rounds' part of "download my data" and "delete my account".

Pool answers are health-related (GDPR art. 9): they leave with the account, and the
person can see exactly what they gave. What they wrote in rounds is in the download too;
it stays in the round's record without their name when the account goes (the authors'
links are SET NULL), as initiative comments do.
"""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.consultations import draw_confirmations, pool
from burgerplatform.consultations.models import (
    Contribution,
    RecommendationComment,
    ReviewResponse,
    Round,
    Seat,
    Suggestion,
)
from burgerplatform.consultations.pool_models import PoolMember
from burgerplatform.core import signals
from burgerplatform.extensions import db


def _memberships(user) -> list[PoolMember]:
    return list(db.session.scalars(select(PoolMember).where(PoolMember.user_id == user.id)))


@signals.collect_personal_data.connect
def export_pool(user, **_extra) -> dict:
    return {
        "citizen_pool": [
            {
                "zone_id": m.zone_id,
                "consent_version": m.consent_version,
                "consent_given_at": m.consent_given_at.isoformat(),
                "left_at": m.left_at.isoformat() if m.left_at else None,
                "answers": sorted(f"{a.value.category.label}: {a.value.label}" for a in m.answers),
            }
            for m in _memberships(user)
        ]
    }


def _written(model, author_column, user) -> list:
    return list(
        db.session.scalars(select(model).where(author_column == user.id).order_by(model.id))
    )


@signals.collect_personal_data.connect
def export_rounds(user, **_extra) -> dict:
    memberships = [m.id for m in _memberships(user)]
    seats = (
        list(db.session.scalars(select(Seat).where(Seat.member_id.in_(memberships))))
        if memberships
        else []
    )
    contributions = _written(Contribution, Contribution.author_id, user)
    round_ids = {s.round_id for s in seats} | {c.round_id for c in contributions}
    titles = dict(
        db.session.execute(select(Round.id, Round.title).where(Round.id.in_(round_ids)))
        .tuples()
        .all()
    )
    return {
        "klankbordgroep_invitations": [
            {
                "round_id": s.round_id,
                "round": titles.get(s.round_id),
                "status": s.status.value,
                "reply_by": s.reply_by.isoformat() if s.reply_by else None,
            }
            for s in seats
        ],
        "round_input": [
            {
                "round_id": c.round_id,
                "round": titles.get(c.round_id),
                "text": c.body,
                "written_at": c.created_at.isoformat(),
                "hidden_by_a_moderator": c.is_hidden,
            }
            for c in contributions
        ],
        "question_suggestions": [
            {
                "round_id": s.round_id,
                "proposal": s.proposal,
                "reason": s.reason,
                "status": s.status.value,
                "answer": s.answer,
            }
            for s in _written(Suggestion, Suggestion.author_id, user)
        ],
        "recommendation_comments": [
            {
                "recommendation_id": c.recommendation_id,
                "text": c.body,
                "written_at": c.created_at.isoformat(),
                "hidden_by_a_moderator": c.is_hidden,
            }
            for c in _written(RecommendationComment, RecommendationComment.author_id, user)
        ],
        "advice_reviews": [
            {"round_id": r.round_id, "kind": r.kind.value, "text": r.body}
            for r in _written(ReviewResponse, ReviewResponse.user_id, user)
        ],
    }


@signals.account_deleting.connect
def erase_pool_answers(user, **_extra) -> None:
    for member in _memberships(user):
        if member.answers or member.left_at is None:
            pool.leave(member)


@signals.account_deleting.connect
def erase_draws_to_confirm(user, **_extra) -> None:
    """A number or a reason a staff member typed on a draw's page and never confirmed."""
    draw_confirmations.forget_person(user)
