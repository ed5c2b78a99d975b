"""The life of an initiative, one service function per step.

draft → in_review → published (or sent_back → in_review again) → on_agenda → answered
→ realised / closed. Each step checks the current status, writes a dated event on the
timeline and tells the people involved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.core import jobs
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import EDITABLE_STATUSES, AnswerKind, Initiative, Status
from burgerplatform.initiatives.services import (
    audience,
    authors,
    initiative_path,
    record,
)
from burgerplatform.meetings import services as meetings
from burgerplatform.meetings.models import Meeting
from burgerplatform.notifications.services import notify
from burgerplatform.zones.models import Zone
from burgerplatform.zones.services import zone_staff

REMIND_DAYS_BEFORE = 7


def _require(initiative: Initiative, *allowed: Status) -> None:
    if initiative.status not in allowed:
        raise DomainError(
            _l(
                "This step is not possible now: the initiative is “%(status)s”.",
                status=initiative.status.label,
            )
        )


def _tell(
    initiative: Initiative,
    kind: str,
    actor: User | None,
    people: Iterable[User] | None = None,
    **params: Any,
) -> None:
    notify(
        audience(initiative) if people is None else people,
        kind,
        {"title": initiative.title, **params},
        initiative_path(initiative),
        zone_id=initiative.zone_id,
        actor=actor,
    )


def submit(initiative: Initiative, actor: User) -> bool:
    """Send the draft to staff. Returns False when it was already sent (a double click)."""
    if initiative.status is Status.IN_REVIEW:
        return False
    _require(initiative, *EDITABLE_STATUSES)
    if not initiative.summary.strip() or not initiative.body.strip():
        raise DomainError(_l("Write a short summary and your text before you send it."))
    # Once sent, the text cannot change, so an invitation to write it together has
    # nothing left to offer: open ones end here (the edit page says so before sending,
    # and the link then says the invitation ended). Accepted co-authors stay authors.
    for invitation in [c for c in initiative.coauthors if c.accepted_at is None]:
        initiative.coauthors.remove(invitation)
    initiative.status = Status.IN_REVIEW
    initiative.submitted_at = utcnow()
    record(initiative, "submitted", actor)
    _tell(initiative, "initiative.submitted", actor, people=zone_staff(initiative.zone_id))
    return True


def approve(initiative: Initiative, staff: User) -> None:
    _require(initiative, Status.IN_REVIEW)
    initiative.status = Status.PUBLISHED
    initiative.published_at = utcnow()
    initiative.review_message = ""
    record(initiative, "published", staff)
    _tell(initiative, "initiative.published", staff, people=authors(initiative))


def send_back(initiative: Initiative, staff: User, message: str) -> None:
    _require(initiative, Status.IN_REVIEW)
    if not message.strip():
        raise DomainError(_l("Tell the authors what to change."), field="message")
    initiative.status = Status.SENT_BACK
    initiative.review_message = message.strip()
    # Between staff and authors only: it may quote what had to go (e.g. personal data).
    record(initiative, "sent_back", staff, text=message.strip(), public=False)
    _tell(initiative, "initiative.sent_back", staff, people=authors(initiative))


def put_on_agenda(initiative: Initiative, actor: User | None, reason: str = "") -> None:
    """By reaching the threshold (actor None) or by a staff decision.

    The response promise starts counting now: the answer is due `response_days` later.
    """
    _require(initiative, Status.PUBLISHED)
    zone = db.session.get_one(Zone, initiative.zone_id)
    now = utcnow()
    initiative.status = Status.ON_AGENDA
    initiative.agenda_at = now
    initiative.answer_due_at = now + timedelta(days=zone.response_days)
    params = {"supports": initiative.supports_count, "due": initiative.answer_due_at.isoformat()}
    record(initiative, "threshold" if actor is None else "on_agenda", actor, reason, params)
    _tell(initiative, "initiative.on_agenda", actor)
    _tell(initiative, "initiative.on_agenda_staff", actor, people=zone_staff(zone.id))
    ensure_reminder_job()


def schedule(
    initiative: Initiative, staff: User, meeting: Meeting, invite_authors: bool = False
) -> None:
    """Put it on one meeting of the zone's zorgraad (optionally with the author presenting)."""
    _require(initiative, Status.PUBLISHED, Status.ON_AGENDA)
    if meeting.space != f"zone:{initiative.zone_id}" or meeting.cancelled_at is not None:
        raise DomainError(_l("Choose an upcoming meeting of this zone's zorgraad."), "meeting")
    if initiative.status is Status.PUBLISHED:
        put_on_agenda(initiative, staff)
    presenter = initiative.author if invite_authors else None
    meetings.add_agenda_item(
        meeting,
        initiative.title,
        subject_type="initiative",
        subject_id=initiative.id,
        presenter=presenter,
    )
    initiative.meeting_id = meeting.id
    when = meeting.starts_at.isoformat()
    record(initiative, "scheduled", staff, params={"meeting": meeting.title, "when": when})
    _tell(initiative, "initiative.scheduled", staff, meeting=meeting.title)
    if presenter is not None:
        _tell(
            initiative,
            "initiative.invited_to_present",
            staff,
            people=authors(initiative),
            meeting=meeting.title,
        )


def answer(
    initiative: Initiative,
    actor: User,
    kind: AnswerKind,
    reason: str,
    meeting: Meeting | None,
    referred_to: str = "",
    easy: str = "",
) -> None:
    _require(initiative, Status.ON_AGENDA)
    if not reason.strip():
        raise DomainError(_l("Always give the reason for the answer."), field="reason")
    if kind is AnswerKind.REFERRED and not referred_to.strip():
        raise DomainError(_l("Say to whom it is referred."), field="referred_to")
    if meeting is None or meeting.space != f"zone:{initiative.zone_id}":
        raise DomainError(_l("Choose the meeting in which it was decided."), field="meeting")
    if meeting.starts_at > utcnow():
        # The answer is published as the zorgraad's decision: it cannot come from a
        # meeting that has not been held yet.
        raise DomainError(
            _l(
                "The meeting “%(title)s” has not taken place yet. Record the answer after "
                "the meeting, with the meeting in which the zorgraad decided.",
                title=meeting.title,
            ),
            field="meeting",
        )
    initiative.status = Status.ANSWERED
    initiative.answered_at = utcnow()
    initiative.answer_kind = kind
    initiative.answer_reason = reason.strip()
    initiative.answer_easy = easy.strip()
    initiative.answer_meeting_id = meeting.id
    initiative.referred_to = referred_to.strip() if kind is AnswerKind.REFERRED else ""
    params = {"answer": kind.value, "meeting": meeting.title, "referred_to": initiative.referred_to}
    record(initiative, "answered", actor, reason.strip(), params, easy=easy.strip())
    _tell(initiative, "initiative.answered", actor, answer=kind.label)


def add_progress(
    initiative: Initiative,
    actor: User,
    text: str,
    on: datetime,
    percent: int | None = None,
    easy: str = "",
) -> None:
    _require(initiative, Status.ANSWERED)
    if not text.strip():
        raise DomainError(_l("Describe what happened."), field="text")
    if on > utcnow():
        raise DomainError(_l("The date cannot be in the future."), field="on")
    if percent is not None:
        if not 0 <= percent <= 100:
            raise DomainError(_l("A percentage is between 0 and 100."), field="percent")
        initiative.progress_percent = percent
    params = {"percent": percent} if percent is not None else {}
    record(initiative, "progress", actor, text.strip(), params, at=on, easy=easy.strip())
    _tell(initiative, "initiative.progress", actor)


def finish(initiative: Initiative, actor: User, realised: bool, final_word: str) -> None:
    """The final word: realised, or closed (declined, referred and done, or stopped)."""
    _require(initiative, Status.ANSWERED)
    if not final_word.strip():
        raise DomainError(_l("Write a final word for everyone who followed it."), "final_word")
    initiative.status = Status.REALISED if realised else Status.CLOSED
    initiative.closed_at = utcnow()
    initiative.final_word = final_word.strip()
    if realised:
        initiative.progress_percent = 100
    record(initiative, "realised" if realised else "closed", actor, final_word.strip())
    _tell(initiative, "initiative.realised" if realised else "initiative.closed", actor)


# --- reminders before the answer is due ------------------------------------------------

REMINDER_JOB = "initiatives.remind_due"


def ensure_reminder_job(now: datetime | None = None) -> None:
    """Keep exactly one future reminder check in the job queue."""
    exists = db.session.scalar(
        select(jobs.Job.id).where(
            jobs.Job.kind == REMINDER_JOB, jobs.Job.status == jobs.JobStatus.PENDING
        )
    )
    if not exists:
        jobs.enqueue(REMINDER_JOB, run_after=(now or utcnow()) + timedelta(hours=1))


def send_due_reminders(now: datetime | None = None) -> int:
    """Tell the zone's staff once, REMIND_DAYS_BEFORE days before an answer is due."""
    now = now or utcnow()
    due = list(
        db.session.scalars(
            select(Initiative).where(
                Initiative.status == Status.ON_AGENDA,
                Initiative.reminder_sent_at.is_(None),
                Initiative.answer_due_at <= now + timedelta(days=REMIND_DAYS_BEFORE),
            )
        )
    )
    for initiative in due:
        assert initiative.answer_due_at is not None  # chosen by it
        initiative.reminder_sent_at = now
        _tell(
            initiative,
            "initiative.answer_due",
            None,
            people=zone_staff(initiative.zone_id),
            # The moment, not a UTC date: shown as a date in each reader's time zone.
            due=initiative.answer_due_at.isoformat(),
        )
    db.session.flush()
    return len(due)


@jobs.handler(REMINDER_JOB)
def _run_reminders(job: jobs.Job) -> dict[str, Any]:
    sent = send_due_reminders()
    waiting = db.session.scalar(
        select(Initiative.id).where(
            Initiative.status == Status.ON_AGENDA, Initiative.reminder_sent_at.is_(None)
        )
    )
    if waiting:
        jobs.enqueue(REMINDER_JOB, run_after=utcnow() + timedelta(days=1))
    return {"reminders": sent}
