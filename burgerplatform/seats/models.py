"""A seat a citizen holds in a body of the zone, from when to when, and how it was given."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.accounts.models import User
from burgerplatform.core.db import enum_column, utcnow
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.core.i18n import in_content_language
from burgerplatform.extensions import Model


class Body(LabelledEnum):
    ZORGRAAD = "zorgraad"
    STEERING_GROUP = "steering_group"
    KLANKBORDGROEP = "klankbordgroep"
    OTHER = "other"
    __labels__ = {
        "zorgraad": _l("Zorgraad"),
        "steering_group": _l("Steering group"),
        "klankbordgroep": _l("Sounding-board group (klankbordgroep)"),
        "other": _l("Another body"),
    }


class ChosenBy(LabelledEnum):
    LOT = "lot"
    ELECTED = "elected"
    INVITED = "invited"
    __labels__ = {
        "lot": _l("Drawn by lot"),
        "elected": _l("Elected"),
        "invited": _l("Invited"),
    }


class CitizenSeat(Model):
    __tablename__ = "citizen_seats"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[Body] = mapped_column(enum_column(Body, "seat_body"))
    # Which one: "Stuurgroep Zorgzame buurt Eeklo" (needed for "another body").
    body_name: Mapped[str] = mapped_column(String(200), default="")
    chosen_by: Mapped[ChosenBy] = mapped_column(enum_column(ChosenBy, "seat_chosen_by"))
    # The round whose draw gave the seat (drawn by lot).
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="SET NULL"))
    starts_on: Mapped[date]
    # When the seat is up for rotation; None while that is not decided.
    ends_on: Mapped[date | None]
    # The holder agreed to be named on the public zone page (they change it themselves).
    public_consent: Mapped[bool] = mapped_column(default=False)
    consent_changed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    holder: Mapped[User] = relationship(lazy="joined")

    @property
    def body_text(self) -> str:
        """The body as the public reads it: its own name, or the kind of body."""
        return self.body_name or self.body.label

    @property
    def body_html(self) -> Markup:
        """`body_text` for a page: the name staff wrote ("Stuurgroep Zorgzame buurt
        Eeklo") marked Dutch on a French or English page; the kind of body is a word of
        the page, in the reader's language."""
        if self.body_name:
            return in_content_language(self.body_name)
        return escape(self.body.label)
