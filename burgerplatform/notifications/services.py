"""Telling people what happened: in-app always, by e-mail as they chose.

`notify` is the one entry point for every module. It is called inside the transaction of
the change, so notifications and their mails exist exactly when the change does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from burgerplatform.accounts.models import MailPreference, User
from burgerplatform.core import jobs
from burgerplatform.core.db import utcnow
from burgerplatform.core.mail import queue_mail
from burgerplatform.core.pagination import FIRST_PAGE, Cursors, Keyset, Page, keyset_page
from burgerplatform.core.urls import absolute
from burgerplatform.extensions import db
from burgerplatform.notifications.kinds import html_for, text_for
from burgerplatform.notifications.models import Notification


def notify(
    users: Iterable[User],
    kind: str,
    params: dict[str, Any],
    url: str,
    zone_id: int | None = None,
    actor: User | None = None,
) -> list[Notification]:
    """Notify each user once (the actor is left out: nobody is told of their own act).

    `url` is a path on this site (url_for); mails make it absolute on BASE_URL.
    """
    created = []
    seen: set[int] = set()
    for user in users:
        if user is None or user.id in seen or user.deleted_at is not None:
            continue
        if actor is not None and user.id == actor.id:
            continue
        seen.add(user.id)
        # Who acted is kept, so their name can be erased if they delete their account.
        stored = {**params, "actor_id": actor.id} if actor is not None else params
        note = Notification(user_id=user.id, zone_id=zone_id, kind=kind, params=stored, url=url)
        db.session.add(note)
        created.append(note)
        if user.mail_preference is MailPreference.IMMEDIATE and user.email_confirmed_at:
            # The HTML part quotes what people wrote marked Dutch, as the page does.
            with force_locale(user.locale):
                text = text_for(kind, params)
                html = html_for(kind, params)
            queue_mail(
                user.email,
                text,
                "notification",
                locale=user.locale,
                user=user,
                text=text,
                html=html,
                link=_absolute(url),
            )
            note.emailed_at = utcnow()
    db.session.flush()
    return created


def _absolute(path: str) -> str:
    return absolute(path)


def unread_count(user: User) -> int:
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def page_for(user: User, at: Cursors = FIRST_PAGE, per_page: int = 20) -> Page[Notification]:
    """One page of notifications, newest first (`at.after`: older ones)."""
    return keyset_page(
        select(Notification).where(Notification.user_id == user.id),
        Keyset.by_id(Notification.id),
        at,
        per_page=per_page,
    )


def mark_read(user: User, notification_id: int | None = None) -> None:
    query = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    db.session.execute(query.values(read_at=utcnow()))


DIGEST_HOUR = 7  # local-ish morning; the digest is one mail a day at most


@jobs.handler("send_digests")
def send_digests(job: jobs.Job) -> dict[str, Any]:
    """One mail per person who chose a daily digest and has news not mailed yet."""
    pending = db.session.execute(
        select(Notification, User)
        .join(User, User.id == Notification.user_id)
        .where(
            Notification.emailed_at.is_(None),
            Notification.read_at.is_(None),
            User.mail_preference == MailPreference.DAILY,
            User.deleted_at.is_(None),
            User.email_confirmed_at.is_not(None),
        )
        .order_by(User.id, Notification.id)
    ).all()
    by_user: dict[int, tuple[User, list[Notification]]] = {}
    for note, user in pending:
        by_user.setdefault(user.id, (user, []))[1].append(note)
    now = utcnow()
    for user, notes in by_user.values():
        with force_locale(user.locale):
            items = [
                {
                    "text": text_for(n.kind, n.params),
                    "html": html_for(n.kind, n.params),
                    "link": _absolute(n.url),
                }
                for n in notes
            ]
            subject = _l("Your news of the day on Burgerplatform")
        queue_mail(user.email, subject, "digest", locale=user.locale, user=user, items=items)
        for note in notes:
            note.emailed_at = now
    schedule_next_digest()
    return {"digests": len(by_user)}


def next_digest_time(now: datetime | None = None) -> datetime:
    now = now or utcnow()
    today = datetime.combine(now.date(), time(DIGEST_HOUR), tzinfo=now.tzinfo)
    return today if today > now else today + timedelta(days=1)


def schedule_next_digest() -> None:
    """Keep exactly one future digest job in the queue."""
    jobs.ensure_scheduled("send_digests", next_digest_time())
