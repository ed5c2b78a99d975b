"""Who may see and manage the documents of an owner ("meeting:<id>", "round:<id>",
"proeftuin:<id>").

Each module registers its kind of owner once, with the same rules as its own page:

    register("proeftuin", OwnerPolicy(can_view=..., can_manage=..., zone_id=..., ...))

A document one may not see does not exist (404), as the page it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from burgerplatform.core.http import parse_id


@dataclass(frozen=True)
class OwnerPolicy:
    # (user, owner id): may see the owner's page, so its documents; may add and remove.
    can_view: Callable[[Any, int], bool]
    can_manage: Callable[[Any, int], bool]
    # The owner's zone (None when it has none, or when the owner does not exist).
    zone_id: Callable[[int], int | None]
    # Its name and page, for the upload page's heading and the way back.
    label: Callable[[int], str]
    url: Callable[[int], str]
    exists: Callable[[int], bool]


_POLICIES: dict[str, OwnerPolicy] = {}


def register(kind: str, policy: OwnerPolicy) -> None:
    _POLICIES[kind] = policy


def parse(owner: str) -> tuple[OwnerPolicy, int] | None:
    """The policy and id of an owner as written in a URL; None when it is no owner."""
    kind, _, raw_id = owner.partition(":")
    policy = _POLICIES.get(kind)
    owner_id = parse_id(raw_id)
    if policy is None or owner_id is None or not policy.exists(owner_id):
        return None
    return policy, owner_id


def can_view(user: Any, owner: str) -> bool:
    found = parse(owner)
    if found is None:
        return False
    policy, owner_id = found
    return bool(policy.can_view(user, owner_id)) or can_manage(user, owner)


def can_manage(user: Any, owner: str) -> bool:
    found = parse(owner)
    if found is None or not getattr(user, "is_authenticated", False):
        return False
    policy, owner_id = found
    return bool(policy.can_manage(user, owner_id))
