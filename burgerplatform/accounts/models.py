"""People and how they prove who they are."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.core.crypto import Encrypted
from burgerplatform.core.db import TimestampMixin, enum_column, utcnow
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.extensions import Model
from burgerplatform.zones.models import Cluster, Role, Zone


class MailPreference(LabelledEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    NONE = "none"
    __labels__ = {
        "immediate": _l("Send me an e-mail each time"),
        "daily": _l("Send me one e-mail a day at most (digest)"),
        "none": _l("No e-mails, only on the website"),
    }


class User(UserMixin, TimestampMixin, Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Always stored lowercased (services normalise it), so unique means case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    zone_id: Mapped[int | None] = mapped_column(
        ForeignKey("zones.id", ondelete="SET NULL"), index=True
    )
    email_confirmed_at: Mapped[datetime | None]
    mail_preference: Mapped[MailPreference] = mapped_column(
        enum_column(MailPreference, "mail_preference"), default=MailPreference.IMMEDIATE
    )
    is_admin: Mapped[bool] = mapped_column(default=False)
    last_login_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    # Bumped on password change, logout-everywhere and deletion: old sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    # Two-step login (TOTP). The secret is set when setup starts and only counts once
    # confirmed with a code (totp_enabled_at); totp_last_step refuses a code used twice.
    # Encrypted at rest with a key outside the database (core/crypto.py).
    totp_secret: Mapped[str | None] = mapped_column(Encrypted())
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]

    zone: Mapped[Zone | None] = relationship()
    roles: Mapped[list[ZoneRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Consent.given_at"
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.deleted_at is None

    @property
    def public_name(self) -> str:
        if self.deleted_at is not None:
            return str(_l("Former participant"))
        return self.display_name

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None and self.totp_secret is not None

    def has_role(self, zone_id: int | None, *roles: Role) -> bool:
        return any(r.zone_id == zone_id and r.role in roles for r in self.roles)

    def zones_with_role(self, *roles: Role) -> list[Zone]:
        return [r.zone for r in self.roles if r.role in roles]

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class Consent(Model):
    """A consent given to one version of a notice. Never overwritten: a new version is a
    new row, so we can show what someone agreed to and when."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    version: Mapped[str] = mapped_column(String(16))
    given_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="consents")


class TokenPurpose(enum.Enum):
    CONFIRM = "confirm"
    LOGIN = "login"
    RESET = "reset"


class AuthToken(Model):
    """A single-use link sent by e-mail. Only a hash is stored: a leaked database gives
    no working links. Bound to the address it was sent to."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose, "token_purpose"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class RecoveryCode(Model):
    """A single-use code for logging in when the phone is lost. Only a hash is stored,
    as for e-mailed links: the codes are random enough that a plain SHA-256 suffices."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class ZoneRole(TimestampMixin, Model):
    """A user's role in one zone. Roles are per zone: staff of one zone are citizens elsewhere."""

    __tablename__ = "zone_roles"
    __table_args__ = (UniqueConstraint("user_id", "zone_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    # Zorgraad members sit in a cluster.
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(back_populates="roles")
    zone: Mapped[Zone] = relationship()
    cluster: Mapped[Cluster | None] = relationship()


# Whom a request acts for: a User, or Flask-Login's anonymous visitor (which has no types).
Visitor = User | AnonymousUserMixin
