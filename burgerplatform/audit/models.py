"""One row per audited action or look. Rows are only ever added, never changed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import Model


class AuditEvent(Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_zone_id_created_at", "zone_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # SET NULL, with a snapshot of name and roles: the log outlives the account.
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(String(340), default="")
    actor_roles: Mapped[str] = mapped_column(String(500), default="")
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id", ondelete="SET NULL"))
    # The endpoint name for requests ("consultations.advance"), a dotted name for
    # explicit events ("pool.viewed", "account.two_factor_enabled").
    action: Mapped[str] = mapped_column(String(120))
    method: Mapped[str] = mapped_column(String(10), default="")
    path: Mapped[str] = mapped_column(String(500), default="")
    target_type: Mapped[str | None] = mapped_column(String(64))
    target_id: Mapped[int | None]
    # Ids from the URL and what the action says about itself; never form contents.
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Truncated to the network (/24, /48): enough to spot a pattern, not to track a person.
    ip: Mapped[str | None] = mapped_column(String(64))
