"""Supporting, following and discussing a published initiative."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, and_, delete, exists, or_, select, update
from sqlalchemy.orm import load_only
from sqlalchemy.orm.attributes import set_committed_value

from burgerplatform.accounts.models import User, Visitor
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.core.pagination import newest_first_window
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
COMMENTS_PER_PAGE = 50
MAX_COMMENT = 5000


def has_supported(initiative: Initiative, user: Visitor) -> bool:
    if not user.is_authenticated:
        return False
    return bool(
        db.session.scalar(
            select(Support.id).where(
                Support.initiative_id == initiative.id, Support.user_id == user.id
            )
        )
    )


def is_following(initiative: Initiative, user: Visitor) -> bool:
    if not user.is_authenticated:
        return False
    return bool(
        db.session.scalar(
            select(Follow.id).where(
                Follow.initiative_id == initiative.id, Follow.user_id == user.id
            )
        )
    )


def viewer_state(initiative: Initiative, user: Visitor) -> tuple[bool, bool]:
    """(supported, following) for the person reading the page, in one query."""
    if not user.is_authenticated:
        return False, False
    mine = and_(Support.initiative_id == initiative.id, Support.user_id == user.id)
    follows = and_(Follow.initiative_id == initiative.id, Follow.user_id == user.id)
    row = db.session.execute(select(exists().where(mine), exists().where(follows))).one()
    return bool(row[0]), bool(row[1])


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
    # Supporters follow by default; they can stop following and keep their support.
    if not is_following(initiative, user):
        db.session.add(Follow(initiative_id=initiative.id, user_id=user.id))
    # Counted in the database, in the same transaction: two supports at once both count.
    db.session.execute(
        update(Initiative)
        .where(Initiative.id == initiative.id)
        .values(supports_count=Initiative.supports_count + 1)
    )
    db.session.flush()
    db.session.refresh(initiative, ["supports_count"])
    zone = db.session.get_one(Zone, initiative.zone_id)
    if (
        initiative.status is Status.PUBLISHED
        and initiative.supports_count >= zone.support_threshold
    ):
        from burgerplatform.initiatives.workflow import put_on_agenda

        put_on_agenda(initiative, None)
    return True


def withdraw_support(initiative: Initiative, user: User) -> bool:
    removed = cast(
        "CursorResult[Any]",
        db.session.execute(
            delete(Support).where(
                Support.initiative_id == initiative.id, Support.user_id == user.id
            )
        ),
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
    """Get a message at each step (supporters do from the start; this is to follow
    without supporting, or again after stopping)."""
    if not initiative.status.is_public:
        raise DomainError(_l("Only published initiatives can be followed."))
    if not is_following(initiative, user):
        db.session.add(Follow(initiative_id=initiative.id, user_id=user.id))
        db.session.flush()


def unfollow(initiative: Initiative, user: User) -> None:
    """No more messages about it; a support stays counted."""
    db.session.execute(
        delete(Follow).where(Follow.initiative_id == initiative.id, Follow.user_id == user.id)
    )
    db.session.flush()


# --- comments --------------------------------------------------------------------------


def comment_path(initiative: Initiative, comment: InitiativeComment) -> str:
    """The initiative page that shows this comment (a reply shows with its thread)."""
    query = f"?before={comment.parent_id + 1}" if comment.parent_id else ""
    return initiative_path(initiative) + query + f"#comment-{comment.id}"


def count_comments(initiative_id: int, change: int) -> None:
    """Keep `comments_count` (visible comments) in step, in the database and in the same
    transaction as the change: two comments at once both count."""
    db.session.execute(
        update(Initiative)
        .where(Initiative.id == initiative_id)
        .values(comments_count=Initiative.comments_count + change)
        .execution_options(synchronize_session=False)
    )
    loaded = db.session.identity_map.get(db.session.identity_key(Initiative, initiative_id))
    if loaded is not None:
        db.session.expire(loaded, ["comments_count"])


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
    same = _same_comment_just_posted(initiative, user, body.strip(), parent)
    if same is not None:
        return same  # a double click or a resent form: the words are there once
    comment = InitiativeComment(
        zone_id=initiative.zone_id,
        initiative_id=initiative.id,
        parent_id=parent.id if parent else None,
        author_id=user.id,
        body=body.strip(),
    )
    db.session.add(comment)
    count_comments(initiative.id, +1)
    db.session.flush()
    people = authors(initiative) + ([parent.author] if parent and parent.author else [])
    notify(
        people,
        "initiative.commented",
        {"title": initiative.title, "name": user.public_name},
        comment_path(initiative, comment),
        zone_id=initiative.zone_id,
        actor=user,
    )
    return comment


def _same_comment_just_posted(
    initiative: Initiative, user: User, body: str, parent: InitiativeComment | None
) -> InitiativeComment | None:
    """The same words by the same person under the same comment in the last hour.
    Locking the author's row first makes two simultaneous posts (a double click reaching
    two app processes) wait for each other, so the second one finds the first. FOR NO KEY
    UPDATE, not FOR UPDATE: another person's comment that notifies this author needs a key
    share lock on the same row (the foreign key), and FOR UPDATE would deadlock with it."""
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update(key_share=True))
    return db.session.scalar(
        select(InitiativeComment)
        .where(
            InitiativeComment.initiative_id == initiative.id,
            InitiativeComment.author_id == user.id,
            InitiativeComment.parent_id == (parent.id if parent else None),
            InitiativeComment.body == body,
            InitiativeComment.created_at > utcnow() - timedelta(hours=1),
        )
        .limit(1)
    )


@dataclass
class CommentWindow:
    """Threads shown on the initiative page, oldest first, with cursors to either side."""

    threads: list[InitiativeComment]
    older: int | None = None  # show threads before this id
    newer: int | None = None  # show threads after this id
    # The authors, held while the page renders (the session holds objects only weakly).
    people: list[User] = field(default_factory=list)


def comment_page(
    initiative: Initiative,
    before: int | None = None,
    after: int | None = None,
    per_page: int = COMMENTS_PER_PAGE,
) -> CommentWindow:
    """The newest threads (or those before/after a thread id: keyset, so old pages cost
    what the first does), with their replies in the same query and every author in one
    more."""
    threads_query = select(InitiativeComment.id).where(
        InitiativeComment.initiative_id == initiative.id,
        InitiativeComment.parent_id.is_(None),
    )
    top = newest_first_window(threads_query, InitiativeComment.id, before, after, per_page)
    rows = list(
        db.session.scalars(
            select(InitiativeComment)
            .where(
                InitiativeComment.initiative_id == initiative.id,
                or_(InitiativeComment.id.in_(top), InitiativeComment.parent_id.in_(top)),
            )
            .order_by(InitiativeComment.id)
        )
    )
    threads = [c for c in rows if c.parent_id is None]
    replies: dict[int, list[InitiativeComment]] = {t.id: [] for t in threads}
    for comment in rows:
        if comment.parent_id is not None and comment.parent_id in replies:
            replies[comment.parent_id].append(comment)
    more = len(threads) > per_page
    if after is not None:
        threads = threads[:per_page]
    else:
        threads = threads[-per_page:] if more else threads
    for thread in threads:
        set_committed_value(thread, "replies", replies[thread.id])
    people = _load_authors(rows)
    if after is not None:
        return CommentWindow(
            threads,
            older=threads[0].id if threads else after + 1,
            newer=threads[-1].id if more else None,
            people=people,
        )
    return CommentWindow(
        threads,
        older=threads[0].id if more else None,
        newer=threads[-1].id if before is not None and threads else None,
        people=people,
    )


def _load_authors(comments: list[InitiativeComment]) -> list[User]:
    """Every author in one query; `comment.author` then reads the session. Only what a
    comment shows of its author (the public name), not the whole row (password hash,
    encrypted two-step secret, ...) for each of a hundred authors."""
    ids = {c.author_id for c in comments if c.author_id is not None}
    if not ids:
        return []
    only_name = load_only(User.id, User.display_name, User.deleted_at)
    people = list(db.session.scalars(select(User).where(User.id.in_(ids)).options(only_name)))
    # Each comment's `author` set at once: read through the lazy loader it was an
    # identity-map look-up per comment, a tenth of a comment's rendering.
    by_id = {person.id: person for person in people}
    for comment in comments:
        if comment.author_id is not None:
            set_committed_value(comment, "author", by_id.get(comment.author_id))
    return people
