"""Roles a person can hold in a zone. Here, not in zones/, because the permission
mechanism needs them before any module is imported."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from burgerplatform.core.enums import LabelledEnum


class Role(LabelledEnum):
    STAFF = "staff"
    ZORGRAAD_MEMBER = "zorgraad_member"
    COACH = "coach"
    __labels__ = {
        "staff": _l("Zone staff"),
        "zorgraad_member": _l("Zorgraad member"),
        "coach": _l("BurgersAanZet coach"),
    }
