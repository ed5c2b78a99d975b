"""Names in a list staff work with: two members may choose the same display name (two
"Chloé G."), and a register, a list of allowances or of people to name must still tell
them apart. Only where a name is shown twice in the same list is a detail added: the
day the account was made, and its number when that day is the same too (the number
stays the same on every page, so staff can follow one person from page to page)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.core.i18n import format_day
from burgerplatform.extensions import db


def tell_apart(people: Iterable[tuple[int, str, datetime | None]]) -> dict[int, str]:
    """Each person's name in a list, from (user id, name, account made at): the name as
    it is where no one else in the list has it; with a detail where someone does."""
    people = list({uid: (uid, name, made) for uid, name, made in people}.values())
    by_name: dict[str, list[tuple[int, str, datetime | None]]] = {}
    for person in people:
        by_name.setdefault(_key(person[1]), []).append(person)
    names: dict[int, str] = {}
    for same in by_name.values():
        if len(same) == 1:
            names[same[0][0]] = same[0][1]
            continue
        days = [format_day(made) if made else "" for _uid, _name, made in same]
        for (uid, name, _made), day in zip(same, days, strict=True):
            if day and days.count(day) == 1:
                detail = gettext("account since %(date)s", date=day)
            elif day:
                detail = gettext("account since %(date)s, no. %(num)d", date=day, num=uid)
            else:
                detail = gettext("account no. %(num)d", num=uid)
            names[uid] = f"{name} ({detail})"
    return names


def _key(name: str) -> str:
    # "Chloé G." and "chloé g. " read as the same name to a person.
    return " ".join(name.casefold().split())


def users_told_apart(users: Iterable[User]) -> dict[int, str]:
    """`tell_apart` for loaded users (their public name: "Former participant" too)."""
    return tell_apart((u.id, u.public_name, u.created_at) for u in users)


def ids_told_apart(people: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """(user id, name) pairs with the names told apart, in the same order; the accounts'
    dates are read only for names that are shown twice."""
    people = list(people)
    counts: dict[str, int] = {}
    for _uid, name in people:
        counts[_key(name)] = counts.get(_key(name), 0) + 1
    twice = [uid for uid, name in people if counts[_key(name)] > 1]
    if not twice:
        return people
    rows = db.session.execute(select(User.id, User.created_at).where(User.id.in_(twice)))
    made: dict[int, datetime] = {uid: at for uid, at in rows}
    names = tell_apart((uid, name, made.get(uid)) for uid, name in people)
    return [(uid, names[uid]) for uid, _name in people]
