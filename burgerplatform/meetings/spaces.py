"""Who may manage, see and attend meetings in a space ("zone:<id>", "proeftuin:<id>").

Modules register a space kind once:

    register("proeftuin", SpacePolicy(can_manage=..., can_view=..., can_take_part=...,
                                      label=..., url=...))

Each callable takes (user, space_id: int). The meetings views and their permission rules
ask this registry, so the zorgraad, rounds and proeftuinen share one meetings module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort
from sqlalchemy import ColumnElement, Select, String, cast, false, literal, or_, select

from burgerplatform.core.http import parse_id


@dataclass(frozen=True)
class SpacePolicy:
    can_manage: Callable[[Any, int], bool]
    can_view: Callable[[Any, int], bool]
    can_take_part: Callable[[Any, int], bool]
    # A short name for the space (e.g. the zone's or proeftuin's name) and its page.
    label: Callable[[int], str]
    url: Callable[[int], str]
    # `can_view` as SQL, for lists across spaces (the search): the ids of the spaces of
    # this kind the user may view, or None for every one. By default none: a kind that
    # does not say it stays out of such lists.
    viewable: Callable[[Any], Select[tuple[int]] | None] = lambda user: select(literal(0)).where(
        false()
    )


_POLICIES: dict[str, SpacePolicy] = {}


def register(prefix: str, policy: SpacePolicy) -> None:
    _POLICIES[prefix] = policy


def parse(space: str) -> tuple[SpacePolicy, int]:
    prefix, _, raw_id = space.partition(":")
    policy = _POLICIES.get(prefix)
    space_id = parse_id(raw_id)
    if policy is None or space_id is None:
        abort(404)
    return policy, space_id


def can_manage(user: Any, space: str) -> bool:
    policy, space_id = parse(space)
    return user.is_authenticated and (user.is_admin or policy.can_manage(user, space_id))


def can_view(user: Any, space: str) -> bool:
    policy, space_id = parse(space)
    return policy.can_view(user, space_id) or can_manage(user, space)


def is_public(space: str) -> bool:
    """Whether someone who is not logged in may see the space's meetings. Only such a
    space's calendar feed can be followed by a calendar app, which fetches it without
    anyone's login; any other feed is a file to download."""
    from burgerplatform.extensions import login_manager

    return can_view(login_manager.anonymous_user(), space)


def can_take_part(user: Any, space: str) -> bool:
    policy, space_id = parse(space)
    return user.is_authenticated and (
        policy.can_take_part(user, space_id) or can_manage(user, space)
    )


def viewable(user: Any, space_column: Any) -> ColumnElement[bool] | None:
    """`can_view` as a condition on a column holding spaces ("proeftuin:7"), for lists
    across spaces; None when the user may view every space (platform admins)."""
    if user.is_authenticated and user.is_admin:
        return None
    clauses = []
    for prefix, policy in _POLICIES.items():
        ids = policy.viewable(user)
        if ids is None:
            clauses.append(space_column.startswith(f"{prefix}:", autoescape=True))
            continue
        found = ids.subquery()
        column = next(iter(found.c))
        clauses.append(
            space_column.in_(select(literal(f"{prefix}:", String) + cast(column, String)))
        )
    return or_(*clauses) if clauses else false()
