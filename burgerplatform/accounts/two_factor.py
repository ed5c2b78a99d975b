"""Two-step login with a time-based code (TOTP, RFC 6238) and single-use recovery codes.

Admins must use it; staff and coaches may. The secret is shown once, during setup;
after that no page or export reveals it.
"""

from __future__ import annotations

import hmac
import io
import secrets
import time
from typing import Any, cast

import pyotp
import segno
from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, delete, or_, select, update

from burgerplatform.accounts.models import RecoveryCode, User
from burgerplatform.accounts.services import end_sessions, hash_token
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.core.roles import Role
from burgerplatform.extensions import db

ISSUER = "Burgerplatform"
STEP_SECONDS = 30
RECOVERY_CODES = 10
# No 0/O, 1/I/L: codes are read from paper and typed in by hand.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

WRONG_CODE = _l(
    "This code is not correct. Type the 6 digits your app shows now, or one of your recovery codes."
)
CODE_REUSED = _l(
    "This code was just used. Wait until your app shows a new code (at most 30 seconds) "
    "and type that one."
)


def may_use(user: User) -> bool:
    """Admins, staff and coaches can turn it on; whoever has it on can manage it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        user.is_admin
        or user.two_factor_enabled
        or any(r.role in (Role.STAFF, Role.COACH) for r in user.roles)
    )


def must_use(user: User) -> bool:
    return bool(user.is_admin)


def start_setup(user: User) -> str:
    """The secret being set up: the same one on every reload until it is confirmed."""
    if user.two_factor_enabled:
        raise DomainError(_l("Two-step login is already on."))
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        db.session.flush()
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret or "").provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(user: User) -> bytes:
    """The setup QR code as an SVG document (no script, no style: fine under the CSP)."""
    out = io.BytesIO()
    segno.make(provisioning_uri(user), error="m").save(
        out, kind="svg", scale=5, border=4, dark="#000", light="#fff", xmldecl=False
    )
    return out.getvalue()


def _matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code is `code`, allowing one step of clock drift either way."""
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def normalise(code: str) -> str:
    """Letters and digits as typed, without spaces or dashes. Only ASCII: other digits
    ("١٢٣٤٥٦") make the code wrong, never a server error."""
    return "".join(c for c in (code or "").upper() if c.isascii() and c.isalnum())


def _check_totp(user: User, code: str, now: float | None = None) -> bool:
    """True for a fresh code; a code of a step already used (replay) is refused."""
    step = _matching_step(user.totp_secret or "", code, now)
    if step is None:
        return False
    # A conditional update, so two requests racing with one code cannot both pass.
    claimed = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(User)
            .where(
                User.id == user.id,
                or_(User.totp_last_step.is_(None), User.totp_last_step < step),
            )
            .values(totp_last_step=step)
            .execution_options(synchronize_session=False)
        ),
    ).rowcount
    if not claimed:
        raise DomainError(CODE_REUSED, field="code")
    user.totp_last_step = step
    return True


def _use_recovery_code(user: User, code: str) -> bool:
    found = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == hash_token(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if found is None:
        return False
    used = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(RecoveryCode)
            .where(RecoveryCode.id == found.id, RecoveryCode.used_at.is_(None))
            .values(used_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    )
    return bool(used.rowcount)


def verify(user: User, code: str, now: float | None = None) -> str:
    """Check a 6-digit code or a recovery code; returns which kind was used. Raises a
    DomainError with an explanation otherwise."""
    code = normalise(code)
    if not user.two_factor_enabled:
        raise DomainError(WRONG_CODE, field="code")
    if len(code) == 6 and code.isdigit():
        if _check_totp(user, code, now):
            db.session.flush()
            return "totp"
    elif len(code) == 10 and _use_recovery_code(user, code):
        db.session.flush()
        return "recovery"
    raise DomainError(WRONG_CODE, field="code")


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh codes (older ones stop working). Shown once; only hashes are kept."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10)) for _ in range(10)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_token(c)) for c in codes)
    db.session.flush()
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def confirm_setup(user: User, code: str, now: float | None = None) -> list[str]:
    """Turn it on once the app shows the right code; returns the recovery codes."""
    if user.two_factor_enabled:
        raise DomainError(_l("Two-step login is already on."))
    code = normalise(code)
    if not user.totp_secret or len(code) != 6 or not code.isdigit():
        raise DomainError(WRONG_CODE, field="code")
    if not _check_totp(user, code, now):
        raise DomainError(
            _l(
                "This code is not correct. Check that your app shows the code for "
                "Burgerplatform, and that the time on your phone is right."
            ),
            field="code",
        )
    user.totp_enabled_at = utcnow()
    end_sessions(user)  # a session started before the second step does not carry on
    return new_recovery_codes(user)


def regenerate_codes(user: User, code: str, now: float | None = None) -> list[str]:
    verify(user, code, now)
    return new_recovery_codes(user)


def disable(user: User, code: str, now: float | None = None) -> None:
    if must_use(user):
        raise DomainError(_l("As a platform admin you must keep two-step login on."))
    verify(user, code, now)
    reset(user)


def reset(user: User) -> None:
    """Off, with the secret and the codes gone (also used by the admin CLI). Every
    session ends: one opened with the second step should not outlive it."""
    end_sessions(user)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()


def enrol(user: User, secret: str) -> None:
    """Turn it on with a given secret, without confirmation (the demo admin, tests)."""
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = None
    db.session.flush()


def recovery_codes_left(user: User) -> int:
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )
