"""Reading rounds, their group and their work: eager-loaded, one query per list."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from burgerplatform.accounts.models import User
from burgerplatform.consultations.models import (
    MODERATED_COMMENT,
    MODERATED_CONTRIBUTION,
    Contribution,
    DrawRecord,
    DrawStatus,
    Phase,
    PoolMember,
    PoolValue,
    Quota,
    Recommendation,
    RecommendationComment,
    RecommendationVersion,
    ReviewResponse,
    Round,
    Seat,
    SeatStatus,
    Suggestion,
)
from burgerplatform.consultations.pool import question_names, sensitive_figure
from burgerplatform.consultations.pool_changes import quota_answers_at_draw
from burgerplatform.core.pagination import FIRST_PAGE, Cursors, Keyset, Page, keyset_page
from burgerplatform.extensions import db
from burgerplatform.moderation.models import Report
from burgerplatform.zones.models import Zone


def seat_for(round_: Round, user: User) -> Seat | None:
    return db.session.scalar(
        select(Seat)
        .join(PoolMember)
        .where(Seat.round_id == round_.id, PoolMember.user_id == user.id)
    )


def latest_draw(round_: Round) -> DrawRecord | None:
    return db.session.scalar(
        select(DrawRecord).where(DrawRecord.round_id == round_.id).order_by(DrawRecord.id.desc())
    )


def accepted_seats(round_: Round) -> list[Seat]:
    """The klankbordgroep as it stands: seats whose invitation was accepted."""
    return [s for s in round_.seats if s.status is SeatStatus.ACCEPTED]


def members_of(round_: Round) -> list[User]:
    return [s.member.user for s in accepted_seats(round_)]


def is_member(round_: Round, user: User) -> bool:
    return user.is_authenticated and any(
        s.member.user_id == user.id for s in accepted_seats(round_)
    )


def group_is_final(round_: Round) -> bool:
    """The klankbordgroep is final once the round left its first phase (shaping the
    question): from then on no invitation can be answered and nobody is drawn to replace
    anyone, so the group, and every figure about it, no longer moves."""
    return round_.phase is not Phase.CO_DEFINE


def drawn(round_: Round) -> DrawRecord | None:
    """The draw whose group the round has (None before a group is picked)."""
    return db.session.scalar(
        select(DrawRecord)
        .where(DrawRecord.round_id == round_.id, DrawRecord.status == DrawStatus.DONE)
        .order_by(DrawRecord.id.desc())
    )


def composition(round_: Round, record: DrawRecord | None = None) -> list[dict]:
    """Accepted seats per quota value, against the quota: aggregate, never per person.

    Each seated person counts with the answers the draw saw (`record`, the round's
    finished draw, looked up when not given): a published composition is the draw's,
    and does not move when a member changes an answer later. Someone the draw did not
    see (a group seated without a draw) counts with today's answers.

    Non-sensitive answers are counted live. Sensitive ones (lived experience) follow
    pool.sensitive_figure: nothing until the group is final, then bands, never a figure
    that one named person's accept or decline could move.
    """
    accepted = [s.member for s in accepted_seats(round_)]
    if record is None and accepted:
        record = drawn(round_)
    then = quota_answers_at_draw(record) if record is not None else {}
    known = {int(q["value"]) for q in record.quotas} if record is not None else set()
    answered = []
    for m in accepted:
        now = {a.value_id for a in m.answers}
        answered.append(then[m.pseudonym] | (now - known) if m.pseudonym in then else now)
    final = group_is_final(round_)
    rows = []
    for q in round_.quotas:
        count = sum(1 for values in answered if q.value_id in values)
        row = {
            "label": f"{q.value.category.display_label}: {q.value.display_label}",
            "sensitive": bool(q.value.category.sensitive),
            "min": q.min,
            "max": q.max,
        }
        if row["sensitive"]:
            row |= sensitive_figure(count, len(accepted), final, q.min, q.max)
        else:
            row |= {"published": True, "count": count, "met": q.min <= count <= q.max}
        rows.append(row)
    return rows


def sensitive_questions(round_: Round) -> str:
    """The sensitive questions the round's quotas are about, by their own labels ("" when
    none): what the pages name when they explain why those answers are shown later."""
    return question_names(
        q.value.category.display_label for q in round_.quotas if q.value.category.sensitive
    )


def _round_query(*entities):
    return select(Round, *entities).options(
        selectinload(Round.seats).joinedload(Seat.member).joinedload(PoolMember.answers),
        # A handful of quotas: joined to the round, with what composition() reads.
        joinedload(Round.quotas).joinedload(Quota.value).joinedload(PoolValue.category),
    )


def load_round_for_group(round_id: int, zone_id: int | None = None) -> Round | None:
    """The round with its seats, their members and answers, and its quotas (members are
    joined to their seats: one query less than a chain of selects)."""
    query = _round_query().where(Round.id == round_id)
    if zone_id is not None:
        query = query.where(Round.zone_id == zone_id)
    return db.session.scalars(query).unique().first()


def load_round_page(
    round_id: int, zone_id: int
) -> tuple[Round, DrawRecord | None, list[DrawRecord]] | None:
    """The round as load_round_for_group() loads it, its latest draw and the draws that
    could not be made (the page lists them: see draw_check.failed_draws), in one query."""
    earlier = aliased(DrawRecord)
    latest = (
        select(func.max(earlier.id))
        .where(earlier.round_id == Round.id)
        .correlate(Round)
        .scalar_subquery()
    )
    rows = (
        db.session.execute(
            _round_query(DrawRecord)
            .outerjoin(
                DrawRecord,
                and_(
                    DrawRecord.round_id == Round.id,
                    or_(DrawRecord.id == latest, DrawRecord.status == DrawStatus.FAILED),
                ),
            )
            .where(Round.id == round_id, Round.zone_id == zone_id)
        )
        .unique()
        .all()
    )
    if not rows:
        return None
    draws = sorted({row[1] for row in rows if row[1] is not None}, key=lambda d: d.id)
    failed = [d for d in draws if d.status is DrawStatus.FAILED]
    return rows[0][0], (draws[-1] if draws else None), failed


def seat_in_loaded(round_: Round, user: User) -> Seat | None:
    """seat_for() on a round loaded with its seats and members: no query."""
    if not user.is_authenticated:
        return None
    return next((s for s in round_.seats if s.member.user_id == user.id), None)


def rounds_of(zone: Zone, at: Cursors = FIRST_PAGE, per_page: int = 20) -> Page[Round]:
    """The zone's rounds, newest first, one page by cursor."""
    return keyset_page(
        select(Round)
        .where(Round.zone_id == zone.id)
        .options(selectinload(Round.quotas), selectinload(Round.seats)),
        Keyset.by_id(Round.id),
        at,
        per_page=per_page,
    )


def contributions(round_: Round) -> list[Contribution]:
    # Of the author, only what the page shows (the public name): a round has hundreds of
    # inputs, and a whole user row each (hashes, dates) was a tenth of the page's time.
    author = joinedload(Contribution.author).load_only(User.id, User.display_name, User.deleted_at)
    return list(
        db.session.scalars(
            select(Contribution)
            .where(Contribution.round_id == round_.id)
            .options(author, joinedload(Contribution.group))
            .order_by(Contribution.id)
        )
    )


def recommendations(round_: Round, with_updates: bool = True) -> list[Recommendation]:
    """The round's recommendations with their sources (and progress updates), each with
    `version_count` read in the same query."""
    versions = (
        select(func.count(RecommendationVersion.id))
        .where(RecommendationVersion.recommendation_id == Recommendation.id)
        .scalar_subquery()
    )
    # Sources joined (a few per recommendation), updates by a second query.
    options = [joinedload(Recommendation.sources)]
    if with_updates:
        options.append(selectinload(Recommendation.updates))
    rows = (
        db.session.execute(
            select(Recommendation, versions)
            .where(Recommendation.round_id == round_.id)
            .options(*options)
            .order_by(Recommendation.id)
        )
        .unique()
        .all()
    )
    for rec, count in rows:
        rec.version_count = count
    return [rec for rec, _count in rows]


def suggestions(round_: Round) -> list[Suggestion]:
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(Suggestion.round_id == round_.id)
            .options(joinedload(Suggestion.group))
            .order_by(Suggestion.id)
        )
    )


def reviews(round_: Round) -> list[ReviewResponse]:
    return list(
        db.session.scalars(
            select(ReviewResponse)
            .where(ReviewResponse.round_id == round_.id)
            .options(joinedload(ReviewResponse.user))
            .order_by(ReviewResponse.id)
        )
    )


def open_reports(round_: Round) -> list[Report]:
    """Reports on this round's input and comments that no moderator handled yet: the
    staff's queue on the round page (one query)."""
    inputs = select(Contribution.id).where(Contribution.round_id == round_.id)
    comments = (
        select(RecommendationComment.id)
        .join(Recommendation, Recommendation.id == RecommendationComment.recommendation_id)
        .where(Recommendation.round_id == round_.id)
    )
    return list(
        db.session.scalars(
            select(Report)
            .where(
                Report.resolved_at.is_(None),
                or_(
                    and_(
                        Report.target_type == MODERATED_CONTRIBUTION, Report.target_id.in_(inputs)
                    ),
                    and_(Report.target_type == MODERATED_COMMENT, Report.target_id.in_(comments)),
                ),
            )
            .order_by(Report.id)
        )
    )
