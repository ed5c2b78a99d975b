"""Seats' part of "download my data"."""

from __future__ import annotations

from burgerplatform.core import signals
from burgerplatform.seats.services import seats_of


@signals.collect_personal_data.connect
def export_seats(user, **_extra) -> dict:
    return {
        "citizen_seats": [
            {
                "body": s.body.value,
                "body_name": s.body_name,
                "chosen_by": s.chosen_by.value,
                "starts_on": s.starts_on.isoformat(),
                "ends_on": s.ends_on.isoformat() if s.ends_on else None,
                "name_shown_publicly": s.public_consent,
            }
            for s in seats
        ]
        if (seats := seats_of(user))
        else []
    }
