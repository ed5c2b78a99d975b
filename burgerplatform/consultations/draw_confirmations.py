"""What staff asked to confirm on a draw's page: the number that picks the group, or the
reason to set the list aside. Both cannot be undone, so each is shown back on a page of
its own (reached by a redirect: Back after confirming shows a page, never a browser's
"resubmit the form?") and only a confirmation of exactly what that page showed to that
person counts (`confirms`): a hand-made POST with `confirmed` set leads to the page.

What was typed waits on the server (`DrawConfirmation`), not in the session cookie: a
reason may be 2,000 characters, and the cookie holds 4 KB. It is kept per person, so two
staff members on one list each see and confirm their own text; it is never public, and
the one confirmed is what the confirming POST sends, never the stored copy."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from burgerplatform.consultations import lottery
from burgerplatform.consultations.models import DrawConfirmation, DrawRecord
from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db

NUMBER = "number"
DISCARD = "discard"
STEPS = (NUMBER, DISCARD)


def ask(record: DrawRecord, user: Any, step: str, typed: str) -> None:
    """Keep what `user` typed for `step` until the page shows it (`shown`); it replaces
    what they typed for that step before."""
    _forget(record, user, step)
    db.session.add(DrawConfirmation(draw_id=record.id, user_id=user.id, step=step, typed=typed))
    db.session.flush()


def pending(record: DrawRecord, user: Any, step: str) -> str | None:
    """What `user` last typed for `step` on this draw and has not confirmed; None when
    nothing waits (or `step` is no step)."""
    asked = _latest(record, user, step)
    return asked.typed if asked is not None else None


def shown(record: DrawRecord, user: Any, step: str) -> None:
    """The page that asks to confirm showed `user` what they typed for `step`."""
    asked = _latest(record, user, step)
    if asked is not None and asked.shown_at is None:
        asked.shown_at = utcnow()
        db.session.flush()


def confirms(record: DrawRecord, user: Any, step: str, sent: str) -> bool:
    """Whether `sent`, posted as confirmed, is what the page that asks to confirm showed
    `user` for `step` (the number as the pick uses it, the reason without the spaces
    around it). Otherwise the page is to be shown (again)."""
    asked = _latest(record, user, step)
    if asked is None or asked.shown_at is None:
        return False
    said = as_shown(step, sent)
    return said is not None and said == as_shown(step, asked.typed)


def as_shown(step: str, text: str) -> str | None:
    """`text` as the page that asks to confirm shows it: the number as the pick will use
    it (None: not a number), the reason without the spaces around it and with one kind
    of line break (a browser sends each as CR LF)."""
    if step == NUMBER:
        return lottery.normalise_number(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def forget(record: DrawRecord) -> None:
    """The list was picked from or set aside: nothing of it waits to be confirmed."""
    db.session.execute(delete(DrawConfirmation).where(DrawConfirmation.draw_id == record.id))


def forget_person(user: Any) -> None:
    """An account is deleted: what its owner typed and never confirmed goes too."""
    db.session.execute(delete(DrawConfirmation).where(DrawConfirmation.user_id == user.id))


def _latest(record: DrawRecord, user: Any, step: str) -> DrawConfirmation | None:
    if step not in STEPS or not getattr(user, "id", None):
        return None
    return db.session.scalar(
        select(DrawConfirmation)
        .where(
            DrawConfirmation.draw_id == record.id,
            DrawConfirmation.user_id == user.id,
            DrawConfirmation.step == step,
        )
        .order_by(DrawConfirmation.id.desc())
        .limit(1)
    )


def _forget(record: DrawRecord, user: Any, step: str) -> None:
    db.session.execute(
        delete(DrawConfirmation).where(
            DrawConfirmation.draw_id == record.id,
            DrawConfirmation.user_id == user.id,
            DrawConfirmation.step == step,
        )
    )
