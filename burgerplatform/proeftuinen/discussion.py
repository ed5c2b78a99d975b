"""Topics and posts of a proeftuin: writing, quoting, mentions, following, and the
coach's pin / lock / close-with-an-outcome."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, delete, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from burgerplatform.accounts.models import User
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.core.pagination import (
    FIRST_PAGE,
    Cursors,
    Keyset,
    Page,
    keyset_page,
    newest_first_window,
)
from burgerplatform.extensions import db
from burgerplatform.moderation.models import ModerationActionKind
from burgerplatform.moderation.services import log_action
from burgerplatform.notifications.services import notify
from burgerplatform.proeftuinen.models import Membership, Post, Proeftuin, Topic, TopicFollow
from burgerplatform.proeftuinen.services import is_member, mark_guidelines_seen

TOPIC_LOG = "proeftuin_topic"


def topic_url(topic: Topic, post: Post | None = None) -> str:
    """The topic page; for a post, the page that shows it (a reply shows with its thread,
    which may be an earlier page than the newest)."""
    anchor = f"post-{post.id}" if post is not None else None
    extra: dict[str, Any] = {}
    if post is not None and post.parent_id is not None:
        extra["before"] = post.parent_id + 1
    return url_for(
        "proeftuinen.topic",
        proeftuin_id=topic.proeftuin_id,
        topic_id=topic.id,
        _anchor=anchor,
        **extra,
    )


# --- Lists ---------------------------------------------------------------------------


# Pinned topics first (1 before 0), then the most recently active.
BY_ACTIVITY = Keyset(
    (case((Topic.pinned_at.is_(None), 0), else_=1), Topic.last_post_at, Topic.id),
    (int, datetime, int),
    lambda t: (0 if t.pinned_at is None else 1, t.last_post_at, t.id),
)


def topics(proeftuin: Proeftuin, at: Cursors = FIRST_PAGE, per_page: int = 25) -> Page[Topic]:
    """Pinned topics first, then the most recently active; one page by cursor."""
    return keyset_page(
        select(Topic).where(Topic.proeftuin_id == proeftuin.id).options(selectinload(Topic.author)),
        BY_ACTIVITY,
        at,
        per_page=per_page,
    )


def posts_of(topic: Topic) -> list[Post]:
    return list(
        db.session.scalars(
            select(Post)
            .where(Post.topic_id == topic.id)
            .options(selectinload(Post.author))
            .order_by(Post.id)
        )
    )


POSTS_PER_PAGE = 50


@dataclass
class PostWindow:
    """The opening post and a window of the newest threads (oldest first), with cursors."""

    thread: list[tuple[Post, list[Post]]]
    older: int | None = None  # show threads before this id
    newer: int | None = None  # show threads after this id


def post_page(
    topic: Topic,
    before: int | None = None,
    after: int | None = None,
    per_page: int = POSTS_PER_PAGE,
) -> PostWindow:
    """The opening post, then the newest threads (or those before/after a post id: keyset,
    so an old page costs what the newest does), replies and authors in the same query."""
    top_level = and_(Post.topic_id == topic.id, Post.parent_id.is_(None))
    opening = select(func.min(Post.id)).where(top_level).scalar_subquery()
    threads_query = select(Post.id).where(top_level, Post.id > opening)
    window = newest_first_window(threads_query, Post.id, before, after, per_page)
    posts = list(
        db.session.scalars(
            select(Post)
            .where(
                Post.topic_id == topic.id,
                or_(
                    Post.id == opening,
                    Post.parent_id == opening,
                    Post.id.in_(window),
                    Post.parent_id.in_(window),
                ),
            )
            # Of the authors, the public name the posts show, not whole user rows.
            .options(joinedload(Post.author).load_only(User.id, User.display_name, User.deleted_at))
            .order_by(Post.id)
        )
    )
    threads = thread(posts)
    head, rest = threads[:1], threads[1:]
    more = len(rest) > per_page
    if after is not None:
        rest = rest[:per_page]
        return PostWindow(
            head + rest,
            older=rest[0][0].id if rest else after + 1,
            newer=rest[-1][0].id if more and rest else None,
        )
    rest = rest[-per_page:] if more else rest
    return PostWindow(
        head + rest,
        older=rest[0][0].id if more and rest else None,
        newer=rest[-1][0].id if before is not None and rest else None,
    )


def thread(posts: list[Post]) -> list[tuple[Post, list[Post]]]:
    """Top-level posts with their replies (one level of nesting)."""
    children: dict[int, list[Post]] = {}
    for post in posts:
        if post.parent_id is not None:
            children.setdefault(post.parent_id, []).append(post)
    return [(p, children.get(p.id, [])) for p in posts if p.parent_id is None]


def unanswered(proeftuin_ids: list[int]) -> list[Topic]:
    if not proeftuin_ids:
        return []
    return list(
        db.session.scalars(
            select(Topic)
            .where(
                Topic.proeftuin_id.in_(proeftuin_ids),
                Topic.reply_count == 0,
                Topic.closed_at.is_(None),
            )
            .order_by(Topic.created_at)
            .limit(50)
        )
    )


# --- Writing -------------------------------------------------------------------------


def _check_can_write(proeftuin: Proeftuin, user: User) -> None:
    if not is_member(user, proeftuin):
        raise DomainError(_l("Only members of this proeftuin can write here."))


def start_topic(proeftuin: Proeftuin, author: User, title: str, body: str) -> Topic:
    _check_can_write(proeftuin, author)
    if not body.strip():
        raise DomainError(_l("Write your message."), field="body")
    topic = Topic(proeftuin_id=proeftuin.id, title=title.strip(), author_id=author.id)
    db.session.add(topic)
    db.session.flush()
    post = Post(topic_id=topic.id, author_id=author.id, body=body)
    db.session.add(post)
    db.session.flush()
    follow(topic, author)
    mark_guidelines_seen(proeftuin, author)
    _notify_mentions(proeftuin, topic, post, author)
    return topic


def reply(topic: Topic, author: User, body: str, parent: Post | None = None) -> Post:
    proeftuin = topic.proeftuin
    _check_can_write(proeftuin, author)
    if topic.closed_at is not None:
        raise DomainError(_l("This topic is closed."))
    if topic.locked_at is not None:
        raise DomainError(_l("This topic is locked: nobody can reply for now."))
    if not body.strip():
        raise DomainError(_l("Write your message."), field="body")
    if parent is not None:
        if parent.topic_id != topic.id:
            raise DomainError(_l("You can only reply to a post in this topic."))
        # One level of nesting: a reply to a reply joins the same thread.
        if parent.parent_id is not None:
            parent = db.session.get(Post, parent.parent_id)
    post = Post(
        topic_id=topic.id,
        author_id=author.id,
        body=body,
        parent_id=parent.id if parent is not None else None,
    )
    db.session.add(post)
    topic.reply_count += 1
    topic.last_post_at = utcnow()
    db.session.flush()
    mark_guidelines_seen(proeftuin, author)
    mentioned = _notify_mentions(proeftuin, topic, post, author)
    followers = [u for u in followers_of(topic) if u.id not in mentioned]
    notify(
        followers,
        "proeftuin.reply",
        {"author": author.public_name, "title": topic.title},
        topic_url(topic, post),
        zone_id=proeftuin.zone_id,
        actor=author,
    )
    follow(topic, author)
    return post


def edit_post(post: Post, editor: User, body: str) -> None:
    if post.author_id != editor.id:
        raise DomainError(_l("You can only change your own posts."))
    if post.is_hidden:
        raise DomainError(_l("A hidden post cannot be changed. Ask the moderator to look again."))
    if post.topic.locked_at is not None or post.topic.closed_at is not None:
        raise DomainError(_l("This topic is locked or closed: posts can no longer be changed."))
    if not body.strip():
        raise DomainError(_l("Write your message."), field="body")
    if body != post.body:
        post.body = body
        post.edited_at = utcnow()
    db.session.flush()


def quote(post: Post) -> str:
    """The post as a Markdown quote, to start a reply with."""
    lines = (post.body or "").strip().splitlines() if not post.is_hidden else []
    name = post.author.public_name if post.author else ""
    quoted = "\n".join(f"> {line}" for line in lines)
    return f"> **{name}:**\n{quoted}\n\n" if name else f"{quoted}\n\n"


# --- Mentions ------------------------------------------------------------------------

MENTION_START = re.compile(r"(?<![\w@])@")


def mentioned_members(proeftuin: Proeftuin, body: str) -> list[User]:
    """Members whose display name follows an @ exactly as shown (case does not matter);
    the longest name wins, so "@An Peeters" is not read as "@An"."""
    members = sorted(
        (m.user for m in proeftuin.active_memberships),
        key=lambda u: len(u.display_name),
        reverse=True,
    )
    lowered = body.lower()
    found: dict[int, User] = {}
    for match in MENTION_START.finditer(lowered):
        rest = lowered[match.end() :]
        for user in members:
            name = user.display_name.lower()
            after = rest[len(name) : len(name) + 1]
            if rest.startswith(name) and not (after.isalnum() or after == "_"):
                found.setdefault(user.id, user)
                break
    return list(found.values())


def _notify_mentions(proeftuin: Proeftuin, topic: Topic, post: Post, author: User) -> set[int]:
    users = mentioned_members(proeftuin, post.body)
    notify(
        users,
        "proeftuin.mentioned",
        {"author": author.public_name, "title": topic.title},
        topic_url(topic, post),
        zone_id=proeftuin.zone_id,
        actor=author,
    )
    return {u.id for u in users}


# --- Following -----------------------------------------------------------------------


def is_following(topic: Topic, user: User) -> bool:
    return (
        db.session.scalar(
            select(TopicFollow.id).where(
                TopicFollow.topic_id == topic.id, TopicFollow.user_id == user.id
            )
        )
        is not None
    )


def follow(topic: Topic, user: User) -> None:
    if not is_following(topic, user):
        db.session.add(TopicFollow(topic_id=topic.id, user_id=user.id))
        db.session.flush()


def unfollow(topic: Topic, user: User) -> None:
    db.session.execute(
        delete(TopicFollow).where(TopicFollow.topic_id == topic.id, TopicFollow.user_id == user.id)
    )


def followers_of(topic: Topic) -> list[User]:
    """Followers who are still members (someone who left hears nothing more)."""
    return list(
        db.session.scalars(
            select(User)
            .join(TopicFollow, TopicFollow.user_id == User.id)
            .join(
                Membership,
                (Membership.user_id == User.id)
                & (Membership.proeftuin_id == topic.proeftuin_id)
                & Membership.left_at.is_(None),
            )
            .where(TopicFollow.topic_id == topic.id)
        )
    )


# --- Coach actions (each one in the moderation log) ----------------------------------


def _log(topic: Topic, coach: User, action: ModerationActionKind, note: str = "") -> None:
    log_action(TOPIC_LOG, topic, coach, action, note=note, space=topic.proeftuin.space)


def set_pinned(topic: Topic, coach: User, pinned: bool) -> None:
    if pinned == (topic.pinned_at is not None):
        raise DomainError(_l("Nothing to change."))
    topic.pinned_at = utcnow() if pinned else None
    _log(topic, coach, ModerationActionKind.PIN if pinned else ModerationActionKind.UNPIN)


def lock(topic: Topic, coach: User, reason: str) -> None:
    if topic.locked_at is not None:
        raise DomainError(_l("This topic is already locked."))
    if not reason.strip():
        raise DomainError(_l("Write why you lock the topic."), field="reason")
    topic.locked_at = utcnow()
    topic.lock_reason = reason.strip()
    _log(topic, coach, ModerationActionKind.LOCK, topic.lock_reason)


def unlock(topic: Topic, coach: User) -> None:
    if topic.locked_at is None:
        raise DomainError(_l("This topic is not locked."))
    topic.locked_at = None
    topic.lock_reason = None
    _log(topic, coach, ModerationActionKind.UNLOCK)


def close(topic: Topic, coach: User, outcome: str, easy: str = "") -> None:
    if topic.closed_at is not None:
        raise DomainError(_l("This topic is already closed."))
    if not outcome.strip():
        raise DomainError(_l("Write what the group concluded."), field="outcome")
    topic.closed_at = utcnow()
    topic.outcome = outcome
    topic.outcome_easy = easy.strip()
    _log(topic, coach, ModerationActionKind.CLOSE)
    notify(
        followers_of(topic),
        "proeftuin.closed",
        {"title": topic.title},
        topic_url(topic),
        zone_id=topic.proeftuin.zone_id,
        actor=coach,
    )


def reopen(topic: Topic, coach: User) -> None:
    if topic.closed_at is None:
        raise DomainError(_l("This topic is not closed."))
    topic.closed_at = None
    _log(topic, coach, ModerationActionKind.REOPEN)


def post_count(proeftuin_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(Topic.proeftuin_id, func.count(Topic.id))
        .where(Topic.proeftuin_id.in_(proeftuin_ids))
        .group_by(Topic.proeftuin_id)
    )
    return dict(rows.tuples().all())
