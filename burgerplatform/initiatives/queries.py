"""Reading initiatives: the public list with filters, the staff work list, the figures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import (
    PUBLIC_STATUSES,
    Initiative,
    InitiativeEvent,
    Status,
    initiative_municipality_links,
    initiative_theme_links,
)
from burgerplatform.zones.models import Zone

SORTS = ("newest", "supported", "waiting")
PER_PAGE = 20


@dataclass
class Filters:
    status: str = ""
    theme: int | None = None
    municipality: int | None = None
    q: str = ""
    sort: str = "newest"
    page: int = 1


@dataclass
class Page:
    items: list[Initiative]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _public(zone: Zone, filters: Filters) -> Select:
    query = select(Initiative).where(
        Initiative.zone_id == zone.id, Initiative.status.in_(PUBLIC_STATUSES)
    )
    if filters.status:
        try:
            query = query.where(Initiative.status == Status(filters.status))
        except ValueError:
            pass  # an unknown status filters nothing rather than failing
    if filters.theme:
        query = query.where(
            Initiative.id.in_(
                select(initiative_theme_links.c.initiative_id).where(
                    initiative_theme_links.c.theme_id == filters.theme
                )
            )
        )
    if filters.municipality:
        query = query.where(
            Initiative.id.in_(
                select(initiative_municipality_links.c.initiative_id).where(
                    initiative_municipality_links.c.municipality_id == filters.municipality
                )
            )
        )
    words = filters.q.strip()[:100]
    if words:
        # LIKE on title, summary and text: works the same on SQLite and PostgreSQL.
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                Initiative.title.ilike(pattern, escape="\\"),
                Initiative.summary.ilike(pattern, escape="\\"),
                Initiative.body.ilike(pattern, escape="\\"),
            )
        )
    return query


def public_page(zone: Zone, filters: Filters, per_page: int = PER_PAGE) -> Page:
    query = _public(zone, filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if filters.sort == "supported":
        order = (Initiative.supports_count.desc(), Initiative.id.desc())
    elif filters.sort == "waiting":
        # Longest waiting for an answer first; answered ones after, newest first.
        order = (
            func.coalesce(Initiative.agenda_at, Initiative.published_at).asc().nulls_last(),
            Initiative.id,
        )
        query = query.where(Initiative.status.in_((Status.PUBLISHED, Status.ON_AGENDA)))
        total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    else:
        order = (Initiative.published_at.desc(), Initiative.id.desc())
    items = list(
        db.session.scalars(
            query.options(selectinload(Initiative.themes), selectinload(Initiative.municipalities))
            .order_by(*order)
            .offset((filters.page - 1) * per_page)
            .limit(per_page)
        )
    )
    return Page(items, filters.page, per_page, total)


def status_counts(zone: Zone) -> dict[Status, int]:
    rows = db.session.execute(
        select(Initiative.status, func.count(Initiative.id))
        .where(Initiative.zone_id == zone.id, Initiative.status.in_(PUBLIC_STATUSES))
        .group_by(Initiative.status)
    ).all()
    found = dict(rows)
    return {status: found.get(status, 0) for status in PUBLIC_STATUSES}


@dataclass
class Promise:
    on_time: int
    late: int
    overdue: int  # waiting for an answer past the due date

    @property
    def answered(self) -> int:
        return self.on_time + self.late

    @property
    def due(self) -> int:
        """Answers that were due: given, or still missing past their date (those count as
        a promise broken, so waiting longer never improves the figure)."""
        return self.answered + self.overdue

    @property
    def percent_kept(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None


def promise(zone: Zone) -> Promise:
    answered = select(Initiative).where(
        Initiative.zone_id == zone.id,
        Initiative.answered_at.is_not(None),
        Initiative.answer_due_at.is_not(None),
    )
    on_time = db.session.scalar(
        select(func.count()).select_from(
            answered.where(Initiative.answered_at <= Initiative.answer_due_at).subquery()
        )
    )
    late = db.session.scalar(
        select(func.count()).select_from(
            answered.where(Initiative.answered_at > Initiative.answer_due_at).subquery()
        )
    )
    overdue = db.session.scalar(
        select(func.count(Initiative.id)).where(
            Initiative.zone_id == zone.id,
            Initiative.status == Status.ON_AGENDA,
            Initiative.answer_due_at < utcnow(),
        )
    )
    return Promise(on_time or 0, late or 0, overdue or 0)


@dataclass
class WorkList:
    to_review: list[Initiative]
    overdue: list[Initiative]
    waiting: list[Initiative]  # on the agenda, not answered, not overdue yet
    to_follow_up: list[Initiative]  # answered, no final word yet


def work_list(zone: Zone) -> WorkList:
    rows = list(
        db.session.scalars(
            select(Initiative)
            .where(
                Initiative.zone_id == zone.id,
                Initiative.status.in_((Status.IN_REVIEW, Status.ON_AGENDA, Status.ANSWERED)),
            )
            .options(selectinload(Initiative.meeting))
            .order_by(Initiative.answer_due_at.asc().nulls_last(), Initiative.submitted_at)
        )
    )
    now = utcnow()
    return WorkList(
        to_review=[i for i in rows if i.status is Status.IN_REVIEW],
        overdue=[i for i in rows if i.is_overdue(now)],
        waiting=[i for i in rows if i.status is Status.ON_AGENDA and not i.is_overdue(now)],
        to_follow_up=[i for i in rows if i.status is Status.ANSWERED],
    )


def my_drafts(zone: Zone, user) -> list[Initiative]:
    from burgerplatform.initiatives.models import Coauthor

    return list(
        db.session.scalars(
            select(Initiative)
            .where(
                Initiative.zone_id == zone.id,
                Initiative.status.in_((Status.DRAFT, Status.IN_REVIEW, Status.SENT_BACK)),
                or_(
                    Initiative.author_id == user.id,
                    Initiative.id.in_(
                        select(Coauthor.initiative_id).where(
                            Coauthor.user_id == user.id, Coauthor.accepted_at.is_not(None)
                        )
                    ),
                ),
            )
            .order_by(Initiative.updated_at.desc())
        )
    )


def all_for_export(zone: Zone) -> list[Initiative]:
    return list(
        db.session.scalars(
            select(Initiative)
            .where(Initiative.zone_id == zone.id)
            .options(selectinload(Initiative.themes), selectinload(Initiative.municipalities))
            .order_by(Initiative.id)
        )
    )


def feed_entries(zone: Zone, limit: int = 50) -> list[InitiativeEvent]:
    """New initiatives and answers (and final words), newest first, for the Atom feed."""
    return list(
        db.session.scalars(
            select(InitiativeEvent)
            .join(Initiative)
            .where(
                Initiative.zone_id == zone.id,
                InitiativeEvent.public.is_(True),
                InitiativeEvent.kind.in_(("published", "answered", "realised", "closed")),
            )
            .options(selectinload(InitiativeEvent.initiative))
            .order_by(InitiativeEvent.created_at.desc(), InitiativeEvent.id.desc())
            .limit(limit)
        )
    )


def public_detail(zone: Zone, initiative_id: int) -> Initiative | None:
    return db.session.scalar(
        select(Initiative)
        .where(
            Initiative.id == initiative_id,
            Initiative.zone_id == zone.id,
            Initiative.status.in_(PUBLIC_STATUSES),
        )
        .options(
            selectinload(Initiative.events),
            selectinload(Initiative.themes),
            selectinload(Initiative.municipalities),
            selectinload(Initiative.answer_meeting),
        )
    )
