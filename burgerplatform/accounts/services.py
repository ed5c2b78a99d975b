"""Accounts: registration, the three kinds of e-mailed link, profile, export, deletion."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    ColumnElement,
    String,
    Table,
    Text,
    cast,
    delete,
    false,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from burgerplatform.accounts.models import (
    AuthToken,
    Consent,
    MailPreference,
    RecoveryCode,
    TokenPurpose,
    User,
    ZoneRole,
)
from burgerplatform.core import jobs, limits, signals
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.core.http import parse_id
from burgerplatform.core.mail import queue_mail
from burgerplatform.core.roles import Role
from burgerplatform.core.urls import absolute_url
from burgerplatform.extensions import db

PRIVACY = "privacy"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def load_user(session_id: str) -> User | None:
    """Flask-Login loader. The id carries a version, so bumping it ends old sessions."""
    user_id, _, version = (parse_id(part) for part in session_id.partition(":"))
    if user_id is None or version is None:
        return None
    # Every page's menu shows the person's zone and, for staff, their work list (roles
    # and their zones): one statement with the person instead of three.
    user = db.session.get(
        User,
        user_id,
        options=(joinedload(User.zone), joinedload(User.roles).joinedload(ZoneRole.zone)),
    )
    if user is None or user.deleted_at is not None or user.session_version != version:
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
) -> User | None:
    """A new account, or None if the address is taken: then its owner is told by mail
    instead, and the caller answers exactly as for a new account, so the form cannot be
    used to find out who has an account (the same hashing work is spent, too)."""
    existing = get_by_email(email)
    password_hash = generate_password_hash(password) if password else None
    if existing is not None:
        queue_mail(
            existing.email,
            _l("Someone tried to create an account with your address"),
            "already_registered",
            locale=existing.locale,
            user=existing,
            login_link=absolute_url("accounts.request_login_link"),
            reset_link=absolute_url("accounts.forgot_password"),
        )
        return None
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip(),
        password_hash=password_hash,
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
    """Mail a single-use link. Older unused login and reset links stop working; older
    confirmation links keep working until their end (anyone can make us send a new one by
    trying to log in with the address, and that must not kill the owner's link). Using
    any link ends every other link of its kind (see use_link)."""
    now = utcnow()
    if purpose != TokenPurpose.CONFIRM:
        _end_links(user, purpose, now)
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
        _end_links(found.user, purpose, utcnow())
    return found.user


def _end_links(user: User, purpose: TokenPurpose, now: datetime) -> None:
    db.session.execute(
        update(AuthToken)
        .where(
            AuthToken.user_id == user.id, AuthToken.purpose == purpose, AuthToken.used_at.is_(None)
        )
        .values(used_at=now)
    )


def prove_address(user: User, same_browser: bool = False) -> tuple[bool, bool]:
    """A link mailed to the address was opened: the address is the person's. The first
    time, whatever was set up before by whoever typed the address is dropped, so an
    account registered in someone else's name cannot be taken over (account
    pre-hijacking): every session, and, unless the link is opened in the browser that
    registered, everything the registrant chose: the password, the consents (the owner
    agrees to the privacy notice themselves) and the profile (name, zone and language
    are kept but must be checked by the owner, see needs_profile_check).
    Returns (password dropped, registrant's choices set aside)."""
    if user.email_confirmed_at is not None:
        return False, False
    user.email_confirmed_at = utcnow()
    end_sessions(user)
    if same_browser:
        return False, False
    dropped = bool(user.password_hash)
    user.password_hash = None
    user.consents.clear()
    return dropped, True


def needs_profile_check(user: User) -> bool:
    """The owner has not yet agreed to the privacy notice themselves: what was typed at
    registration (by someone else, perhaps) waits for their check."""
    return not any(c.kind == PRIVACY for c in user.consents)


def check_profile(
    user: User, display_name: str, locale: str, zone_id: int | None, privacy_version: str
) -> None:
    """The owner checked their name, zone and language and agreed to the privacy notice."""
    user.display_name = display_name.strip()
    user.locale = locale
    user.zone_id = zone_id
    give_consent(user, privacy_version)


def link_owner(token: str) -> int | None:
    """The account id a link was made for (whether or not it still works)."""
    return db.session.scalar(
        select(AuthToken.user_id).where(AuthToken.token_hash == hash_token(token))
    )


def confirm_email(token: str, same_browser: bool = False) -> tuple[User, bool]:
    """The account of a confirmation link, and whether a password was dropped."""
    user = use_link(token, TokenPurpose.CONFIRM)
    return user, prove_address(user, same_browser)[0]


def login_with_link(token: str, same_browser: bool = False) -> tuple[User, bool]:
    """Opening a login link proves the address, like a confirmation."""
    user = use_link(token, TokenPurpose.LOGIN)
    return user, prove_address(user, same_browser)[0]


def expire_unconfirmed(now: datetime | None = None) -> int:
    """Remove accounts whose address was never confirmed within the allowed days, so
    an address someone else typed is free again. Returns how many were removed."""
    days = current_app.config["UNCONFIRMED_ACCOUNT_DAYS"]
    cutoff = (now or utcnow()) - timedelta(days=days)
    stale = db.session.scalars(
        select(User).where(
            User.email_confirmed_at.is_(None),
            User.deleted_at.is_(None),
            User.created_at < cutoff,
        )
    ).all()
    for user in stale:
        delete_account(user)
    return len(stale)


@jobs.handler("expire_unconfirmed_accounts")
def expire_unconfirmed_job(job: jobs.Job) -> dict[str, Any]:
    removed = expire_unconfirmed()
    schedule_next_expiry()
    return {"removed": removed}


def schedule_next_expiry() -> None:
    """Unconfirmed accounts are removed by a nightly job (scheduled by the worker)."""
    jobs.ensure_scheduled("expire_unconfirmed_accounts", utcnow() + timedelta(days=1))


_DUMMY_HASH: list[str] = []


def _dummy_hash() -> str:
    """A hash of nothing, made like a real one: checked for unknown addresses so a wrong
    password takes as long whether or not the account exists."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(generate_password_hash(secrets.token_urlsafe(16)))
    return _DUMMY_HASH[0]


def check_password(email: str, password: str) -> User:
    user = get_by_email(email)
    usable = user is not None and user.deleted_at is None and bool(user.password_hash)
    stored = user.password_hash if usable and user is not None else _dummy_hash()
    matches = check_password_hash(stored or "", password)
    if user is None or not usable or not matches:
        raise DomainError(
            _l(
                "The e-mail address or password is not correct. You can also ask for a login "
                "link by e-mail."
            )
        )
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()


def end_sessions(user: User) -> None:
    """Every session and "keep me logged in" cookie of this account stops working: the
    version in them no longer matches (checked by load_user on each request). Used by
    logout, a password change, two-step login on or off, confirmation and deletion."""
    user.session_version += 1


def set_password(user: User, password: str) -> None:
    user.password_hash = generate_password_hash(password)
    end_sessions(user)


def change_password(user: User, current: str | None, new: str) -> None:
    """Change (or, for an account without one, set) the password while logged in. The
    current password must be given if there is one. Every other session ends, and the
    owner is told by mail, with a way back if it was not them."""
    if user.password_hash and not check_password_hash(user.password_hash, current or ""):
        raise DomainError(_l("Your current password is not correct."))
    set_password(user, new)
    queue_mail(
        user.email,
        _l("Your password was changed"),
        "password_changed",
        locale=user.locale,
        user=user,
        reset_link=absolute_url("accounts.forgot_password"),
    )


def reset_password(token: str, password: str) -> User:
    user = use_link(token, TokenPurpose.RESET)
    prove_address(user)
    set_password(user, password)
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


# Tables where the platform itself keeps a copy of a name or an address (queued mails,
# notifications about someone, the public timeline, the audit log). What people wrote
# themselves stays, shown as by a "former participant".
SYSTEM_COPIES = ("jobs", "notifications", "initiative_events", "audit_events")


def delete_account(user: User) -> None:
    """Remove personal data; contributions stay, shown as by a "former participant".

    The address and display name are erased everywhere the platform copied them: links
    and invitations sent to the address, queued mails to it (and their text elsewhere),
    notifications and timeline entries naming the person, the audit log's actor name.
    """
    signals.account_deleting.send(user)
    address, name = user.email, user.display_name
    placeholder = f"deleted-{user.id}-{secrets.token_hex(4)}@invalid.invalid"
    db.session.execute(delete(AuthToken).where(AuthToken.user_id == user.id))
    _erase_address_columns(address, placeholder)
    _drop_pending_mail_to(address)
    _erase_copies(user, address, placeholder, name, str(_l("Former participant")))
    user.email = placeholder
    user.display_name = ""
    user.password_hash = None
    user.zone_id = None
    user.deleted_at = utcnow()
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    end_sessions(user)
    user.roles.clear()
    user.consents.clear()
    db.session.flush()


def _erase_address_columns(address: str, placeholder: str) -> None:
    """Every column holding an e-mail address (invitations to write along or to a
    proeftuin, ...) forgets this one: it then points nowhere and no link to it works."""
    for table in db.metadata.sorted_tables:
        if table.name in ("users", "zones"):
            continue
        for column in table.columns:
            if isinstance(column.type, String) and (
                column.name == "email" or column.name.endswith("_email")
            ):
                db.session.execute(
                    table.update()
                    .where(func.lower(column) == address.lower())
                    .values({column.name: placeholder})
                )


def _drop_pending_mail_to(address: str) -> None:
    """Mails not yet sent to the address are never sent."""
    pending = db.session.scalars(
        select(jobs.Job).where(
            jobs.Job.kind == "send_mail",
            jobs.Job.status.in_((jobs.JobStatus.PENDING, jobs.JobStatus.FAILED)),
        )
    ).all()
    for job in pending:
        if str((job.payload or {}).get("to", "")).lower() == address.lower():
            db.session.delete(job)
    db.session.flush()


def _needles(text: str) -> list[str]:
    """The text as stored: JSON columns may hold non-ASCII letters as \\u escapes."""
    escaped = json.dumps(text)[1:-1]
    return [text] if escaped == text else [text, escaped]


def _replace(value: Any, pattern: re.Pattern[str], replacement: str) -> Any:
    if isinstance(value, str):
        return pattern.sub(lambda _m: replacement, value)
    if isinstance(value, dict):
        return {k: _replace(v, pattern, replacement) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, pattern, replacement) for v in value]
    return value


def _erase_copies(user: User, address: str, placeholder: str, name: str, former: str) -> None:
    """The address is replaced wherever the platform copied it (it is unique, so this
    touches nobody else). The name is replaced only where the copy is known to be this
    person's: queued mails, notifications about what they did, their audit entries
    (modules erase their own copies on `account_deleting`, e.g. the timeline)."""
    passes: list[tuple[str, re.Pattern[str], str, User | None]] = [
        (address, re.compile(re.escape(address), re.IGNORECASE), placeholder, None)
    ]
    if name.strip():
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        passes.append((name, pattern, former, user))
    for table in db.metadata.sorted_tables:
        if table.name not in SYSTEM_COPIES:
            continue
        key = list(table.primary_key.columns)[0]
        for column in table.columns:
            if not isinstance(column.type, (String, Text, JSON)):
                continue
            for needle, pattern, replacement, owner in passes:
                text = cast(column, Text)
                query = select(key, column).where(
                    or_(*(text.contains(n, autoescape=True) for n in _needles(needle)))
                )
                if owner is not None:
                    query = query.where(_owned_by(table, owner))
                for row_id, value in db.session.execute(query).all():
                    if isinstance(value, dict) and owner is not None and "actor_id" in value:
                        if value["actor_id"] != owner.id:  # "actor_id": 12 matched 123
                            continue
                    db.session.execute(
                        table.update()
                        .where(key == row_id)
                        .values({column.name: _replace(value, pattern, replacement)})
                    )


def _owned_by(table: Table, user: User) -> ColumnElement[bool]:
    """Rows of `table` that copy this person's name (see _erase_copies)."""
    if "actor_id" in table.columns:
        return table.c.actor_id == user.id
    if table.name == "notifications":  # who acted is kept in the params
        return cast(table.c.params, Text).contains(f'"actor_id": {user.id}', autoescape=True)
    if table.name == "jobs":  # queued mails: sent (and then forgotten) within seconds
        return true()
    return false()


def remember_for(user: User) -> timedelta:
    """How long "keep me logged in" lasts for `user`: shorter the more the account can
    do, as a forgotten login on a shared computer is worth more to someone else."""
    config = current_app.config
    if user.is_admin:
        duration: timedelta = config["REMEMBER_ADMIN_DURATION"]
    elif any(r.role in (Role.STAFF, Role.COACH) for r in user.roles):
        duration = config["REMEMBER_STAFF_DURATION"]
    else:
        duration = config["REMEMBER_COOKIE_DURATION"]
    return duration


# Failed logins per account (the typed address, known or not), from any address. Only
# failures count, and a successful login forgets them: logging in often never pauses.
ACCOUNT_LIMIT = "10 per 15 minutes"
FAILED_LOGINS = "login-failures"


def unlock_logins(email: str) -> None:
    """End the pause on an account after many failed logins (`flask unlock-account`)."""
    limits.forget_failures(ACCOUNT_LIMIT, FAILED_LOGINS, "account:" + email.strip().lower())
