"""Eerstelijnszones, their municipalities and their zorgraad's clusters (who holds a role
in a zone: accounts.models.ZoneRole)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.core.db import TimestampMixin, enum_column, utcnow  # noqa: F401
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.core.roles import Role  # noqa: F401 - re-exported
from burgerplatform.extensions import Model


class Zone(TimestampMixin, Model):
    """An eerstelijnszone (ELZ): the tenant every zone-owned record belongs to."""

    __tablename__ = "zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(default="")
    # Days the zorgraad promises between an item reaching its agenda and its answer.
    response_days: Mapped[int] = mapped_column(default=60)
    # Supports an initiative needs to be put on the zorgraad's agenda.
    support_threshold: Mapped[int] = mapped_column(default=25)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # Printed on follow-up letters, for people who gave their input on paper.
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    # The real person a citizen reaches on the zone's help page (and on every form: "I'd
    # rather say it by phone or on paper"), with where and when.
    contact_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    contact_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    opening_hours: Mapped[str] = mapped_column(String(500), default="", server_default="")

    municipalities: Mapped[list[Municipality]] = relationship(
        back_populates="zone", order_by="Municipality.name", cascade="all, delete-orphan"
    )
    clusters: Mapped[list[Cluster]] = relationship(
        back_populates="zone", order_by="Cluster.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Zone {self.slug}>"


class Municipality(Model):
    __tablename__ = "municipalities"
    __table_args__ = (UniqueConstraint("zone_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    postcode: Mapped[str | None] = mapped_column(String(8))

    zone: Mapped[Zone] = relationship(back_populates="municipalities")


class ClusterKind(LabelledEnum):
    LOCAL_GOVERNMENT = "local_government"
    CARE_PROVIDERS = "care_providers"
    WELFARE = "welfare"
    PZON = "pzon"
    OTHER = "other"
    __labels__ = {
        "local_government": _l("Local governments"),
        "care_providers": _l("Care providers"),
        "welfare": _l("Welfare organisations"),
        "pzon": _l("People with a care or support need (PZON)"),
        "other": _l("Other"),
    }


class Cluster(Model):
    """A cluster of the zone's zorgraad (care council); one of them is the PZON cluster."""

    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ClusterKind] = mapped_column(enum_column(ClusterKind, "cluster_kind"))
    name: Mapped[str] = mapped_column(String(200))

    zone: Mapped[Zone] = relationship(back_populates="clusters")


class AccessibilityReport(Model):
    """A problem with the site's accessibility, reported to a zone's staff (the
    accessibility statement's feedback route). A visitor who cannot log in must be able
    to report too, so the reporter is optional."""

    __tablename__ = "accessibility_reports"
    __table_args__ = (Index("ix_accessibility_reports_zone_id_id", "zone_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Where the problem is (an address or a page's name, as the person wrote it).
    page: Mapped[str] = mapped_column(String(500), default="")
    problem: Mapped[str] = mapped_column(Text)
    # How to answer: an e-mail address or phone number, optional.
    reply_to: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
