"""Roles a person can hold in a zone. Here, not in zones/, because the permission
mechanism needs them before any module is imported."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Role(enum.Enum):
    STAFF = "staff"
    ZORGRAAD_MEMBER = "zorgraad_member"
    COACH = "coach"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.STAFF: _l("Zone staff"),
    Role.ZORGRAAD_MEMBER: _l("Zorgraad member"),
    Role.COACH: _l("BurgersAanZet coach"),
}
