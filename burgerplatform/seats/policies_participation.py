"""Seats' part of "My participation": the person's seats and their choice to be named."""

from __future__ import annotations

from burgerplatform.core import signals
from burgerplatform.seats.services import seats_of


@signals.collect_participation.connect
def seats_section(user, **_extra) -> tuple[int, str, dict] | None:
    seats = seats_of(user)
    if not seats:
        return None
    return 4, "seats/_mine.html", {"seats": seats}
