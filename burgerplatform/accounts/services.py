"""Accounts: registration, the three kinds of e-mailed link, profile, export, deletion."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from burgerplatform.accounts.models import (
    AuthToken,
    Consent,
    MailPreference,
    RecoveryCode,
    TokenPurpose,
    User,
)
from burgerplatform.core import signals
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.core.mail import queue_mail
from burgerplatform.core.urls import absolute_url
from burgerplatform.extensions import db

PRIVACY = "privacy"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def load_user(session_id: str) -> User | None:
    """Flask-Login loader. The id carries a version, so bumping it ends old sessions."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.deleted_at is not None or user.session_version != int(version):
        return None
    return user


def get_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def register(
    email: str,
    display_name: str,
    password: str | None,
    locale: str,
    zone_id: int | None,
    privacy_version: str,
) -> User:
    if get_by_email(email) is not None:
        raise DomainError(
            _l(
                "There is already an account with this e-mail address. Log in, or ask for a "
                "login link."
            ),
            field="email",
        )
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=generate_password_hash(password) if password else None,
        locale=locale,
        zone_id=zone_id,
    )
    user.consents.append(Consent(kind=PRIVACY, version=privacy_version))
    db.session.add(user)
    db.session.flush()
    send_link(user, TokenPurpose.CONFIRM)
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


LINK_LIFETIME = {
    TokenPurpose.CONFIRM: lambda c: timedelta(hours=c["CONFIRM_LINK_HOURS"]),
    TokenPurpose.LOGIN: lambda c: timedelta(minutes=c["LOGIN_LINK_MINUTES"]),
    TokenPurpose.RESET: lambda c: timedelta(minutes=c["RESET_LINK_MINUTES"]),
}

LINK_MAILS = {
    TokenPurpose.CONFIRM: ("confirm", _l("Confirm your e-mail address"), "accounts.confirm"),
    TokenPurpose.LOGIN: ("login_link", _l("Your link to log in"), "accounts.login_with_link"),
    TokenPurpose.RESET: ("reset", _l("Choose a new password"), "accounts.reset_password"),
}


def send_link(user: User, purpose: TokenPurpose) -> None:
    """Mail a single-use link. Older unused links of the same kind stop working."""
    now = utcnow()
    db.session.execute(
        update(AuthToken)
        .where(
            AuthToken.user_id == user.id, AuthToken.purpose == purpose, AuthToken.used_at.is_(None)
        )
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    lifetime = LINK_LIFETIME[purpose](current_app.config)
    db.session.add(
        AuthToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(token),
            email=user.email,
            expires_at=now + lifetime,
        )
    )
    template, subject, endpoint = LINK_MAILS[purpose]
    queue_mail(
        user.email,
        subject,
        template,
        locale=user.locale,
        user=user,
        link=absolute_url(endpoint, token=token),
        minutes=int(lifetime.total_seconds() // 60),
    )
    db.session.flush()


def use_link(token: str, purpose: TokenPurpose, consume: bool = True) -> User:
    """The user a link belongs to; the link is then spent. Refuses expired, spent, or
    links to an address the account no longer has."""
    found = db.session.scalar(
        select(AuthToken).where(
            AuthToken.token_hash == hash_token(token), AuthToken.purpose == purpose
        )
    )
    if (
        found is None
        or found.used_at is not None
        or found.expires_at < utcnow()
        or found.user.deleted_at is not None
        or found.user.email != found.email
    ):
        raise DomainError(
            _l(
                "This link no longer works. It may have been used already or be too old. "
                "Ask for a new one."
            )
        )
    if consume:
        found.used_at = utcnow()
    return found.user


def confirm_email(token: str) -> User:
    user = use_link(token, TokenPurpose.CONFIRM)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user


def login_with_link(token: str) -> User:
    user = use_link(token, TokenPurpose.LOGIN)
    # Opening the link proves the address, like a confirmation.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user


def check_password(email: str, password: str) -> User:
    user = get_by_email(email)
    if (
        user is None
        or user.deleted_at is not None
        or not user.password_hash
        or not check_password_hash(user.password_hash, password)
    ):
        raise DomainError(
            _l(
                "The e-mail address or password is not correct. You can also ask for a login "
                "link by e-mail."
            )
        )
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()


def set_password(user: User, password: str) -> None:
    user.password_hash = generate_password_hash(password)
    user.session_version += 1  # other sessions end


def reset_password(token: str, password: str) -> User:
    user = use_link(token, TokenPurpose.RESET)
    set_password(user, password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user


def request_link(email: str, purpose: TokenPurpose) -> None:
    """Send a login or reset link if the address is known; say nothing either way, so
    the form cannot be used to find out who has an account."""
    user = get_by_email(email)
    if user is not None and user.deleted_at is None:
        send_link(user, purpose)


def update_profile(
    user: User,
    display_name: str,
    locale: str,
    zone_id: int | None,
    mail_preference: MailPreference,
) -> None:
    user.display_name = display_name.strip()
    user.locale = locale
    user.zone_id = zone_id
    user.mail_preference = mail_preference


def give_consent(user: User, version: str) -> None:
    if not any(c.kind == PRIVACY and c.version == version for c in user.consents):
        user.consents.append(Consent(kind=PRIVACY, version=version))


def export_data(user: User) -> dict[str, Any]:
    """Everything we hold about a person, as JSON. Modules add their part by answering
    the `collect_personal_data` signal."""
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "language": user.locale,
            "zone": user.zone.slug if user.zone else None,
            "created_at": user.created_at.isoformat(),
            "email_confirmed_at": user.email_confirmed_at.isoformat()
            if user.email_confirmed_at
            else None,
            "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
            "mail_preference": user.mail_preference.value,
        },
        "consents": [
            {"kind": c.kind, "version": c.version, "given_at": c.given_at.isoformat()}
            for c in user.consents
        ],
        "roles": [{"zone": r.zone.slug, "role": r.role.value} for r in user.roles],
    }
    for _receiver, part in signals.collect_personal_data.send(user):
        if part:
            data.update(part)
    return data


def delete_account(user: User) -> None:
    """Remove personal data; contributions stay, shown as by a "former participant"."""
    signals.account_deleting.send(user)
    user.email = f"deleted-{user.id}-{secrets.token_hex(4)}@invalid.invalid"
    user.display_name = ""
    user.password_hash = None
    user.zone_id = None
    user.deleted_at = utcnow()
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.session_version += 1
    user.roles.clear()
    user.consents.clear()
    db.session.execute(
        update(AuthToken).where(AuthToken.user_id == user.id).values(used_at=utcnow())
    )
    db.session.flush()
