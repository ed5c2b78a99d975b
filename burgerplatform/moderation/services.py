"""Moderation rules: report, hide with a visible reason, restore, redact, and the log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, select, update

from burgerplatform.accounts.models import User
from burgerplatform.core import jobs
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.moderation.models import (
    HideReason,
    ModeratedMixin,
    ModerationAction,
    ModerationActionKind,
    Report,
    ReportReason,
)
from burgerplatform.moderation.registry import (
    POST_WORDING,
    ModeratedType,
    ModerationWording,
    find_type,
    registered,
)
from burgerplatform.notifications import kinds
from burgerplatform.notifications.services import notify


def _reason_label(enum_cls: type[HideReason] | type[ReportReason], code: str) -> str:
    try:
        return str(enum_cls(code).label)
    except ValueError:
        return code


def _wording(payload: dict[str, Any]) -> ModerationWording:
    # Notifications stored before the kind was, or of a kind no longer registered, read
    # as a post's.
    kind = find_type(payload.get("item"))
    return kind.wording if kind is not None else POST_WORDING


def _told(payload: dict[str, Any], plain: Any, named: Any, **params: str) -> str:
    """`named` with the item's stored name (%(name)s), else `plain`: a notification
    stored before names were, or about an item known by no name."""
    name = payload.get("name")
    if named is not None and isinstance(name, str) and name:
        return str(named) % {**params, "name": name}
    return str(plain) % params


def _hidden_text(payload: dict[str, Any]) -> str:
    wording = _wording(payload)
    reason = _reason_label(HideReason, payload["reason"])
    return _told(payload, wording.told_hidden, wording.told_hidden_named, reason=reason)


def _restored_text(payload: dict[str, Any]) -> str:
    wording = _wording(payload)
    return _told(payload, wording.told_restored, wording.told_restored_named)


# The item's kind is stored with the notification, so a group's contact reads about
# their group's listing and not about "your post".
kinds.register("moderation.hidden", _hidden_text)
kinds.register("moderation.restored", _restored_text)
kinds.register("moderation.redacted", _l("A moderator removed personal data from your post."))


def _reported_text(payload: dict[str, Any]) -> str:
    wording = _wording(payload)
    reason = wording.report_reason(payload["reason"])
    return _told(payload, wording.told_reported, wording.told_reported_named, reason=reason)


def _about(kind: ModeratedType, obj: Any) -> dict[str, str]:
    """What a notification stores about the item: its kind, and its name if it has one
    (quoted in the reader's sentence, marked Dutch on a French or English page)."""
    name = kind.name_of(obj)
    return {"item": kind.name, "name": name} if name else {"item": kind.name}


kinds.register("moderation.reported", _reported_text)

REDACTION_RETENTION_DAYS = 30


def log_action(
    kind: ModeratedType | str,
    obj: Any,
    moderator: User | None,
    action: ModerationActionKind,
    reason: str | None = None,
    note: str = "",
    space: str | None = None,
) -> ModerationAction:
    """Write one line to the moderation log (modules use it for lock, pin, close, …)."""
    name = kind if isinstance(kind, str) else kind.name
    entry = ModerationAction(
        space=space or (kind.space(obj) if not isinstance(kind, str) else ""),
        target_type=name,
        target_id=obj.id,
        moderator_id=moderator.id if moderator else None,
        action=action,
        reason=reason,
        note=note,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def report(
    kind: ModeratedType, obj: Any, reporter: User, reason: ReportReason, text: str = ""
) -> Report:
    if reason is ReportReason.REVIEW_REQUEST:
        raise DomainError(_l("Choose a reason."), field="reason")
    already = db.session.scalar(
        select(Report.id).where(
            Report.target_type == kind.name,
            Report.target_id == obj.id,
            Report.reporter_id == reporter.id,
            Report.resolved_at.is_(None),
        )
    )
    if already:
        raise DomainError(_l("You have already reported this. A moderator will look at it."))
    entry = Report(
        target_type=kind.name,
        target_id=obj.id,
        space=kind.space(obj),
        reporter_id=reporter.id,
        reason=reason,
        text=text.strip(),
    )
    db.session.add(entry)
    db.session.flush()
    _tell_moderators(kind, obj, entry, reporter)
    return entry


def request_review(kind: ModeratedType, obj: Any, author: User, text: str) -> Report:
    """The author of a hidden post asks the moderators to look again."""
    if not obj.is_hidden:
        raise DomainError(_l("This is not hidden."))
    entry = Report(
        target_type=kind.name,
        target_id=obj.id,
        space=kind.space(obj),
        reporter_id=author.id,
        reason=ReportReason.REVIEW_REQUEST,
        text=text.strip(),
    )
    db.session.add(entry)
    db.session.flush()
    _tell_moderators(kind, obj, entry, author)
    return entry


def _tell_moderators(kind: ModeratedType, obj: Any, entry: Report, actor: User) -> None:
    """Reports must reach someone: the moderators the content type names."""
    from flask import url_for

    notify(
        kind.moderators(obj),
        "moderation.reported",
        {"reason": entry.reason.value, **_about(kind, obj)},
        url_for("moderation.moderate", target_type=kind.name, target_id=obj.id),
        actor=actor,
    )


def _resolve_reports(kind: ModeratedType, obj: Any, moderator: User) -> None:
    db.session.execute(
        update(Report)
        .where(
            Report.target_type == kind.name,
            Report.target_id == obj.id,
            Report.resolved_at.is_(None),
        )
        .values(resolved_at=utcnow(), resolved_by_id=moderator.id)
    )


def hide(kind: ModeratedType, obj: Any, moderator: User, reason: HideReason, note: str) -> None:
    if obj.is_hidden:
        raise DomainError(_l("This is already hidden."))
    obj.hidden_at = utcnow()
    obj.hidden_by_id = moderator.id
    obj.hidden_reason = reason
    obj.hidden_note = note.strip()
    kind.on_hidden(obj, True)
    _resolve_reports(kind, obj, moderator)
    log_action(kind, obj, moderator, ModerationActionKind.HIDE, reason.value, note)
    author = kind.author(obj)
    if author is not None:
        # The code is stored; the text is translated when read (see kinds above).
        notify(
            [author],
            "moderation.hidden",
            {"reason": reason.value, **_about(kind, obj)},
            kind.url(obj),
            actor=moderator,
        )


def restore(kind: ModeratedType, obj: Any, moderator: User, note: str = "") -> None:
    if not obj.is_hidden:
        raise DomainError(_l("This is not hidden."))
    obj.hidden_at = None
    obj.hidden_by_id = None
    obj.hidden_reason = None
    obj.hidden_note = None
    kind.on_hidden(obj, False)
    _resolve_reports(kind, obj, moderator)
    log_action(kind, obj, moderator, ModerationActionKind.RESTORE, None, note)
    author = kind.author(obj)
    if author is not None:
        notify([author], "moderation.restored", _about(kind, obj), kind.url(obj), actor=moderator)


def redact(kind: ModeratedType, obj: Any, moderator: User, new_body: str, note: str) -> None:
    """Replace only the part with personal data; the original is purged after retention."""
    if not kind.redactable:
        raise DomainError(_l("This cannot be changed by a moderator. Hide it instead."))
    if not new_body.strip():
        raise DomainError(_l("The text cannot be empty. Hide the post instead."), field="body")
    if new_body == obj.body:
        raise DomainError(_l("Nothing was changed."), field="body")
    if obj.redacted_original is None:
        obj.redacted_original = obj.body
    obj.body = new_body
    obj.redacted_at = utcnow()
    _resolve_reports(kind, obj, moderator)
    log_action(
        kind, obj, moderator, ModerationActionKind.REDACT, HideReason.PERSONAL_DATA.value, note
    )
    author = kind.author(obj)
    if author is not None:
        notify([author], "moderation.redacted", {}, kind.url(obj), actor=moderator)


def dismiss_report(entry: Report, moderator: User, note: str = "") -> None:
    entry.resolved_at = utcnow()
    entry.resolved_by_id = moderator.id
    db.session.add(
        ModerationAction(
            space=entry.space,
            target_type=entry.target_type,
            target_id=entry.target_id,
            moderator_id=moderator.id,
            action=ModerationActionKind.DISMISS_REPORT,
            reason=entry.reason.value,
            note=note,
        )
    )
    db.session.flush()


def open_reports(spaces: list[str]) -> list[Report]:
    if not spaces:
        return []
    return list(
        db.session.scalars(
            select(Report)
            .where(Report.space.in_(spaces), Report.resolved_at.is_(None))
            .order_by(Report.id)
        )
    )


def log_for(space: str, limit: int = 200) -> list[ModerationAction]:
    return list(
        db.session.scalars(
            select(ModerationAction)
            .where(ModerationAction.space == space)
            .order_by(ModerationAction.id.desc())
            .limit(limit)
        )
    )


def purge_redactions(models: list[type[ModeratedMixin]]) -> int:
    """Forget redacted originals older than the retention period."""
    cutoff = utcnow() - timedelta(
        days=current_app.config.get("REDACTION_RETENTION_DAYS", REDACTION_RETENTION_DAYS)
    )
    purged = 0
    for model in models:
        result = cast(
            "CursorResult[Any]",
            db.session.execute(
                update(model)
                .where(model.redacted_at < cutoff, model.redacted_original.is_not(None))
                .values(redacted_original=None)
            ),
        )
        purged += result.rowcount or 0
    return purged


@jobs.handler("purge_redactions")
def purge_job(job: jobs.Job) -> dict[str, Any]:
    purged = purge_redactions([t.model for t in registered() if t.redactable])
    schedule_next_purge()
    return {"purged": purged}


def schedule_next_purge() -> None:
    """Redacted originals are forgotten by a nightly job (scheduled by the worker)."""
    jobs.ensure_scheduled("purge_redactions", utcnow() + timedelta(days=1))
