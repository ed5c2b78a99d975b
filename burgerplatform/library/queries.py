"""Reading the library: the published cases, filtered by theme, topic and zone.

`published_cases` is the one way to list what the public may read; the site search
reuses it as a source."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from burgerplatform.core.pagination import FIRST_PAGE, Cursors, Keyset, Page, keyset_page
from burgerplatform.extensions import db
from burgerplatform.library.models import Case, CaseTheme, CaseTopic, Theme
from burgerplatform.zones.models import Zone

NEWEST_FIRST = Keyset.by_id(Case.id)
SLUG = re.compile(r"[a-z0-9-]{1,64}")


@dataclass(frozen=True)
class CaseFilters:
    theme: Theme | None = None
    topic: CaseTopic | None = None
    zone: Zone | None = None

    @property
    def args(self) -> dict[str, str]:
        """The filters as query arguments, for the links to other pages."""
        found = {}
        if self.theme is not None:
            found["theme"] = self.theme.value
        if self.topic is not None:
            found["topic"] = self.topic.value
        if self.zone is not None:
            found["zone"] = self.zone.slug
        return found


def _member(enum_cls, value: str | None):
    try:
        return enum_cls(value) if value else None
    except ValueError:
        return None


def filters_from(args: Mapping[str, str]) -> CaseFilters:
    """The filters of a list page; an unknown value is no filter."""
    slug = args.get("zone") or ""
    zone = None
    if SLUG.fullmatch(slug):
        zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
    return CaseFilters(
        theme=_member(Theme, args.get("theme")),
        topic=_member(CaseTopic, args.get("topic")),
        zone=zone,
    )


def _filtered(filters: CaseFilters):
    query = select(Case)
    if filters.theme is not None:
        query = query.where(
            Case.id.in_(select(CaseTheme.case_id).where(CaseTheme.theme == filters.theme))
        )
    if filters.topic is not None:
        query = query.where(Case.topic == filters.topic)
    if filters.zone is not None:
        query = query.where(Case.zone_id == filters.zone.id)
    return query


def published_cases(
    filters: CaseFilters = CaseFilters(),  # noqa: B008 - frozen, so safe to share
    at: Cursors = FIRST_PAGE,
    per_page: int = 20,
    with_total: bool = False,
) -> Page[Case]:
    """One page of the library, newest first, with each case's texts, themes and zone
    loaded (a fixed number of queries whatever the page holds)."""
    query = _filtered(filters).options(
        selectinload(Case.texts), selectinload(Case.themes), selectinload(Case.zone)
    )
    total = None
    if with_total:
        total = db.session.scalar(select(func.count()).select_from(_filtered(filters).subquery()))
    return keyset_page(query, NEWEST_FIRST, at, per_page=per_page, total=total)


def published_case(case_id: int) -> Case | None:
    return db.session.scalar(
        select(Case)
        .where(Case.id == case_id)
        .options(selectinload(Case.texts), selectinload(Case.themes), selectinload(Case.zone))
    )


def zones_with_cases() -> list[Zone]:
    """The zones to filter by: those with a case in the library."""
    return list(
        db.session.scalars(
            select(Zone).where(Zone.id.in_(select(Case.zone_id))).order_by(Zone.name)
        )
    )


def feed_entries(limit: int = 50) -> list[Case]:
    return published_cases(per_page=limit).items
