"""Supporting, following and discussing a published initiative."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

from burgerplatform.accounts.models import User
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import (
    PUBLIC_STATUSES,
    Follow,
    Initiative,
    InitiativeComment,
    Status,
    Support,
)
from burgerplatform.initiatives.services import authors, initiative_path, is_author
from burgerplatform.notifications.services import notify
from burgerplatform.zones.models import Zone

SUPPORTABLE = (Status.PUBLISHED, Status.ON_AGENDA)
COMMENTS_PER_PAGE = 20
MAX_COMMENT = 5000


def has_supported(initiative: Initiative, user) -> bool:
    if not user.is_authenticated:
        return False
    return bool(
        db.session.scalar(
            select(Support.id).where(
                Support.initiative_id == initiative.id, Support.user_id == user.id
            )
        )
    )


def is_following(initiative: Initiative, user) -> bool:
    if not user.is_authenticated:
        return False
    return bool(
        db.session.scalar(
            select(Follow.id).where(
                Follow.initiative_id == initiative.id, Follow.user_id == user.id
            )
        )
    )


def support(initiative: Initiative, user: User) -> bool:
    """Add one support. Supporting is for citizens of the zone: the threshold says how
    many people *of this zone* want it on their zorgraad's table. Returns False if the
    person had already supported it (a double click)."""
    if initiative.status not in SUPPORTABLE:
        raise DomainError(_l("This initiative is not collecting supports now."))
    if user.zone_id != initiative.zone_id:
        raise DomainError(_l("Only citizens of this zone can support it. You can follow it."))
    if is_author(user, initiative):
        raise DomainError(_l("Authors support their own initiative already."))
    if has_supported(initiative, user):
        return False
    db.session.add(Support(initiative_id=initiative.id, user_id=user.id))
    # Counted in the database, in the same transaction: two supports at once both count.
    db.session.execute(
        update(Initiative)
        .where(Initiative.id == initiative.id)
        .values(supports_count=Initiative.supports_count + 1)
    )
    db.session.flush()
    db.session.refresh(initiative, ["supports_count"])
    zone = db.session.get(Zone, initiative.zone_id)
    if (
        initiative.status is Status.PUBLISHED
        and initiative.supports_count >= zone.support_threshold
    ):
        from burgerplatform.initiatives.workflow import put_on_agenda

        put_on_agenda(initiative, None)
    return True


def withdraw_support(initiative: Initiative, user: User) -> bool:
    removed = db.session.execute(
        delete(Support).where(Support.initiative_id == initiative.id, Support.user_id == user.id)
    ).rowcount
    if removed:
        # Only a deleted row decrements, so the count never drifts below the rows.
        db.session.execute(
            update(Initiative)
            .where(Initiative.id == initiative.id)
            .values(supports_count=Initiative.supports_count - 1)
        )
        db.session.flush()
        db.session.refresh(initiative, ["supports_count"])
    return bool(removed)


def follow(initiative: Initiative, user: User) -> None:
    if not initiative.status.is_public:
        raise DomainError(_l("Only published initiatives can be followed."))
    if not is_following(initiative, user):
        db.session.add(Follow(initiative_id=initiative.id, user_id=user.id))
        db.session.flush()


def unfollow(initiative: Initiative, user: User) -> None:
    db.session.execute(
        delete(Follow).where(Follow.initiative_id == initiative.id, Follow.user_id == user.id)
    )
    db.session.flush()


# --- comments --------------------------------------------------------------------------


def add_comment(
    initiative: Initiative, user: User, body: str, parent_id: int | None = None
) -> InitiativeComment:
    if initiative.status not in PUBLIC_STATUSES:
        raise DomainError(_l("Comments open once the initiative is published."))
    if not body.strip():
        raise DomainError(_l("Write something first."), field="body")
    if len(body) > MAX_COMMENT:
        raise DomainError(_l("A comment can be at most 5000 characters."), field="body")
    parent = None
    if parent_id is not None:
        parent = db.session.get(InitiativeComment, parent_id)
        if parent is None or parent.initiative_id != initiative.id:
            raise DomainError(_l("The comment you reply to does not exist."))
        # One level of replies: a reply to a reply joins the same thread.
        if parent.parent_id is not None:
            parent = db.session.get(InitiativeComment, parent.parent_id)
    comment = InitiativeComment(
        zone_id=initiative.zone_id,
        initiative_id=initiative.id,
        parent_id=parent.id if parent else None,
        author_id=user.id,
        body=body.strip(),
    )
    db.session.add(comment)
    db.session.flush()
    people = authors(initiative) + ([parent.author] if parent and parent.author else [])
    notify(
        people,
        "initiative.commented",
        {"title": initiative.title, "name": user.public_name},
        initiative_path(initiative) + f"#comment-{comment.id}",
        zone_id=initiative.zone_id,
        actor=user,
    )
    return comment


def comment_page(initiative: Initiative, page: int) -> tuple[list[InitiativeComment], int]:
    """One page of threads (oldest first), replies loaded with them; and the thread count."""
    total = (
        db.session.scalar(
            select(func.count(InitiativeComment.id)).where(
                InitiativeComment.initiative_id == initiative.id,
                InitiativeComment.parent_id.is_(None),
            )
        )
        or 0
    )
    threads = list(
        db.session.scalars(
            select(InitiativeComment)
            .where(
                InitiativeComment.initiative_id == initiative.id,
                InitiativeComment.parent_id.is_(None),
            )
            .options(
                selectinload(InitiativeComment.author),
                selectinload(InitiativeComment.replies).selectinload(InitiativeComment.author),
            )
            .order_by(InitiativeComment.id)
            .offset((page - 1) * COMMENTS_PER_PAGE)
            .limit(COMMENTS_PER_PAGE)
        )
    )
    return threads, total
