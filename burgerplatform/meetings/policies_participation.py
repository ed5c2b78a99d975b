"""Meetings' part of "My participation": the way to "My meetings" (no query here)."""

from __future__ import annotations

from burgerplatform.core import signals


@signals.collect_participation.connect
def meetings_section(user, **_extra) -> tuple[int, str, dict]:
    return 5, "meetings/_mine_link.html", {}
