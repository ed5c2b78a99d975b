"""Reading initiatives: the public list with filters, the staff work list, the figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import abort, g
from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, load_only, selectinload

from burgerplatform.core import fulltext
from burgerplatform.core.db import utcnow
from burgerplatform.core.pagination import ID_MAX, Cursors, Keyset, Page, keyset_page
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import (
    PUBLIC_STATUSES,
    SEARCH_COLUMNS,
    SEARCH_DOCUMENT,
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
    page: int = 1  # offset paging, for old links; the pages link with cursors
    after: str = ""  # cursor: the items after this one (next page)
    before: str = ""  # cursor: the items before this one (previous page)

    @property
    def narrowed(self) -> bool:
        """Whether the list is narrower than "by status" (so its total needs a COUNT)."""
        return bool(self.theme or self.municipality or self.q.strip())


PAGING = ("page", "after", "before")


def _id_arg(args, name: str) -> int | None:
    """An id from the query string; one no row can have (a number too large for the
    database was a 500) filters nothing."""
    value = args.get(name, type=int)
    return value if value is not None and 1 <= value <= ID_MAX else None


def filters_from(args) -> Filters:
    """The list's filters from a query string, cut to size; a page number out of range
    is a 404 (no list has that page)."""
    page = args.get("page", 1, type=int)
    if page < 1 or page > 10_000:
        abort(404)
    sort = args.get("sort", "newest")
    return Filters(
        status=args.get("status", "")[:20],
        theme=_id_arg(args, "theme"),
        municipality=_id_arg(args, "municipality"),
        q=args.get("q", "")[:100],
        sort=sort if sort in SORTS else "newest",
        page=page,
        after=args.get("after", "")[:200],
        before=args.get("before", "")[:200],
    )


def _search(query: Select, words: str) -> Select:
    # The database's own full-text search on PostgreSQL: Dutch and French stemming
    # ("bussen" finds "bus"), served by the GIN index on the same expression. SQLite:
    # every word must be in the title, summary or text (in any order), as
    # plainto_tsquery ANDs the words on PostgreSQL.
    return query.where(fulltext.matches(SEARCH_DOCUMENT, words, SEARCH_COLUMNS))


def _public(zone: Zone, filters: Filters) -> Select:
    query = select(Initiative).where(Initiative.zone_id == zone.id)
    status = _status(filters.status)
    if status is not None:
        query = query.where(Initiative.status == status)
    else:
        query = query.where(Initiative.status.in_(PUBLIC_STATUSES))
    if filters.sort == "waiting":
        query = query.where(Initiative.status.in_(WAITING))
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
        query = _search(query, words)
    return query


WAITING = (Status.PUBLISHED, Status.ON_AGENDA)


def _status(value: str) -> Status | None:
    try:
        status = Status(value)
    except ValueError:
        return None  # an unknown status filters nothing rather than failing
    return status if status in PUBLIC_STATUSES else None


@dataclass(frozen=True)
class _Sort:
    """A stable order (a key, then id) and how to read the key from a loaded row."""

    key: ColumnElement[Any] | InstrumentedAttribute[Any]
    descending: bool
    read: Callable[[Initiative], Any]
    numeric: bool = False  # the key is a number (else a datetime)


def _sort(name: str) -> _Sort:
    if name == "supported":
        return _Sort(Initiative.supports_count, True, lambda i: i.supports_count, numeric=True)
    if name == "waiting":
        # Longest waiting first. The same expression as ix_initiatives_zone_waiting.
        return _Sort(
            func.coalesce(Initiative.agenda_at, Initiative.published_at, Initiative.created_at),
            False,
            lambda i: i.agenda_at or i.published_at or i.created_at,
        )
    return _Sort(Initiative.published_at, True, lambda i: i.published_at)


def public_page(zone: Zone, filters: Filters, per_page: int = PER_PAGE) -> Page[Initiative]:
    """One page of the public list, by keyset (`after`/`before` cursors): a deep page
    costs what the first does. `page` (offset) still works for old links."""
    query = _public(zone, filters)
    sort = _sort(filters.sort)
    if filters.narrowed:
        total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    else:
        # Filtered by status at most: the status counts (one grouped query) give it.
        counts = figures(zone).by_status
        status = _status(filters.status)
        wanted = (status,) if status else WAITING if filters.sort == "waiting" else PUBLIC_STATUSES
        total = sum(counts[s] for s in wanted if s in counts)
    order = Keyset(
        (sort.key, Initiative.id),
        (int if sort.numeric else datetime, int),
        lambda i: (sort.read(i), i.id),
        sort.descending,
    )
    query = query.options(selectinload(Initiative.themes), selectinload(Initiative.municipalities))
    return keyset_page(
        query,
        order,
        Cursors(filters.after or None, filters.before or None),
        per_page=per_page,
        total=total,
        page=filters.page,
    )


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


@dataclass
class Figures:
    by_status: dict[Status, int]
    promise: Promise


def figures(zone: Zone) -> Figures:
    """The zone's public initiatives by status and the promise figures, from the counters
    (initiatives.figures) in one query; memoised per request, the list's total reads it."""
    from burgerplatform.initiatives import figures as counters

    cache = g.setdefault("initiative_figures", {})
    if zone.id in cache:
        return cache[zone.id]
    values, overdue = counters.stored(zone.id)
    result = Figures(
        by_status={s: values.get(f"status:{s.value}", 0) for s in PUBLIC_STATUSES},
        promise=Promise(
            on_time=values.get("on_time", 0), late=values.get("late", 0), overdue=overdue
        ),
    )
    cache[zone.id] = result
    return result


def promise(zone: Zone) -> Promise:
    return figures(zone).promise


# A work list is a to-do list: each part shows its most urgent items and how many there
# are in all (the CSV export has every one); a zone with thousands waiting gets the same
# page as one with ten, and the same two statements.
WORK_SHOWN = 50


# What a row of the work list shows (templates/initiatives/work.html): 200 rows of whole
# initiatives were 580 KB of texts and their HTML read, decoded and loaded per request.
WORK_COLUMNS = (
    Initiative.id,
    Initiative.title,
    Initiative.status,
    Initiative.answer_due_at,
    Initiative.meeting_id,
)


@dataclass
class WorkList:
    to_review: list[Initiative]
    overdue: list[Initiative]
    waiting: list[Initiative]  # on the agenda, not answered, not overdue yet
    to_follow_up: list[Initiative]  # answered, no final word yet
    totals: dict[str, int]  # per part (the names above): how many there are in all
    shown: int = WORK_SHOWN


def work_list(zone: Zone, shown: int | None = None) -> WorkList:
    shown = WORK_SHOWN if shown is None else shown
    now = utcnow()
    part = case(
        (Initiative.status == Status.IN_REVIEW, literal("to_review")),
        (Initiative.status == Status.ANSWERED, literal("to_follow_up")),
        (
            and_(Initiative.answer_due_at.is_not(None), Initiative.answer_due_at < now),
            literal("overdue"),
        ),
        else_=literal("waiting"),
    )
    in_zone = (
        Initiative.zone_id == zone.id,
        Initiative.status.in_((Status.IN_REVIEW, Status.ON_AGENDA, Status.ANSWERED)),
    )
    urgent = (Initiative.answer_due_at.asc().nulls_last(), Initiative.submitted_at, Initiative.id)
    # Each part's first `shown`, each read with its own LIMIT along
    # ix_initiatives_zone_status_due: the same rows read with a backlog of 60 or of
    # 6,000 (ranking the whole backlog in one window read all of it: 12 ms at 642).
    each = {
        "to_review": (Initiative.status == Status.IN_REVIEW,),
        "overdue": (Initiative.status == Status.ON_AGENDA, Initiative.answer_due_at < now),
        "waiting": (
            Initiative.status == Status.ON_AGENDA,
            or_(Initiative.answer_due_at.is_(None), Initiative.answer_due_at >= now),
        ),
        "to_follow_up": (Initiative.status == Status.ANSWERED,),
    }
    firsts = union_all(
        *(
            _first_of_part(name, (Initiative.zone_id == zone.id, *where), urgent, shown)
            for name, where in each.items()
        )
    ).subquery()
    rows = db.session.execute(
        select(Initiative, firsts.c.part)
        .join(firsts, firsts.c.id == Initiative.id)
        .options(load_only(*WORK_COLUMNS), selectinload(Initiative.meeting))
        .order_by(firsts.c.part, *urgent)
    ).all()
    parts: dict[str, list[Initiative]] = {name: [] for name in each}
    for initiative, name in rows:
        parts[name].append(initiative)
    # Grouped on a subquery's column: PostgreSQL would not see the CASE with its bound
    # moment in GROUP BY as the same expression as in the select list.
    named = select(part.label("part")).where(*in_zone).subquery()
    totals = dict.fromkeys(parts, 0)
    totals.update(
        (name, count)
        for name, count in db.session.execute(
            select(named.c.part, func.count()).group_by(named.c.part)
        ).all()
    )
    return WorkList(**parts, totals=totals, shown=shown)


def _first_of_part(
    name: str, where: tuple[ColumnElement[bool], ...], order: tuple[Any, ...], shown: int
) -> Select[Any]:
    """The ids of the first `shown` of a part of the work list, with the part's name (the
    LIMIT in a subquery: SQLite takes none on a member of a UNION)."""
    first = select(Initiative.id).where(*where).order_by(*order).limit(shown).subquery()
    return select(literal(name, String).label("part"), first.c.id)


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
