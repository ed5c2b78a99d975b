"""The citizen pool: per zone, its questions (categories), answers and members."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.accounts.models import User
from burgerplatform.core.db import TimestampMixin, utcnow
from burgerplatform.extensions import Model
from burgerplatform.zones.models import Zone


class PoolCategory(Model):
    """A question of the pool's profile (municipality, age band, …), defined per zone."""

    __tablename__ = "pool_categories"
    __table_args__ = (UniqueConstraint("zone_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(120))
    # Several answers allowed (languages, lived experience): each value is then a yes/no
    # feature for the draw, since the algorithm takes one value per person per category.
    multiple: Mapped[bool] = mapped_column(default=False)
    # Health-related (GDPR art. 9): never shown per person, not even to staff.
    sensitive: Mapped[bool] = mapped_column(default=False)
    # Only for arranging participation (transport, interpreter): never used for quotas.
    for_quotas: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    values: Mapped[list[PoolValue]] = relationship(
        back_populates="category", order_by="PoolValue.position", cascade="all, delete-orphan"
    )

    @property
    def display_label(self) -> str:
        # Seeded labels are English msgids and translate; labels typed by staff pass through.
        return gettext(self.label)


class PoolValue(Model):
    __tablename__ = "pool_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("pool_categories.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)

    category: Mapped[PoolCategory] = relationship(back_populates="values")

    @property
    def display_label(self) -> str:
        return gettext(self.label)


class PoolMember(TimestampMixin, Model):
    __tablename__ = "pool_members"
    __table_args__ = (UniqueConstraint("zone_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The id used in draw records: audits can be replayed without naming anyone.
    pseudonym: Mapped[str] = mapped_column(String(32), unique=True)
    consent_version: Mapped[str] = mapped_column(String(16))
    consent_given_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The consent version this member was last asked (by mail) to agree to: one mail
    # per version, however often the announcement runs.
    consent_asked_version: Mapped[str | None] = mapped_column(String(16))
    left_at: Mapped[datetime | None]
    last_seated_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    zone: Mapped[Zone] = relationship()
    answers: Mapped[list[PoolAnswer]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )


class PoolAnswer(Model):
    __tablename__ = "pool_answers"
    __table_args__ = (UniqueConstraint("member_id", "value_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("pool_members.id", ondelete="CASCADE"), index=True
    )
    value_id: Mapped[int] = mapped_column(ForeignKey("pool_values.id", ondelete="CASCADE"))

    member: Mapped[PoolMember] = relationship(back_populates="answers")
    value: Mapped[PoolValue] = relationship()
