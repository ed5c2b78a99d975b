"""Proeftuinen's part of "download my data": memberships, topics and posts."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.core import signals
from burgerplatform.extensions import db
from burgerplatform.proeftuinen.models import Membership, Post, Topic


@signals.collect_personal_data.connect
def export_posts(user, **_extra) -> dict:
    topics = db.session.scalars(select(Topic).where(Topic.author_id == user.id))
    posts = db.session.scalars(select(Post).where(Post.author_id == user.id))
    memberships = db.session.scalars(
        select(Membership).where(Membership.user_id == user.id).order_by(Membership.id)
    )
    return {
        "proeftuin_memberships": [
            {
                "proeftuin": m.proeftuin.name,
                "role": m.role.value,
                "joined_at": m.joined_at.isoformat(),
                "left_at": m.left_at.isoformat() if m.left_at else None,
                "removed_reason": m.removed_reason,
            }
            for m in memberships
        ],
        "proeftuin_topics": [{"id": t.id, "title": t.title} for t in topics],
        "proeftuin_posts": [
            {"topic_id": p.topic_id, "text": p.body, "created_at": p.created_at.isoformat()}
            for p in posts
        ],
    }
