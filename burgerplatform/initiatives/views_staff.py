"""Staff and zorgraad pages: the work list, checking, the agenda, the answer, the follow-up.

Every route checks the role in the zone of the URL (zone_role) and loads the initiative
within that zone (404 for another zone's id): one zone's staff never act in another.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import flash, g, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import ButtonForm, choices, handle
from burgerplatform.core.i18n import format_moment
from burgerplatform.core.permissions import ZONE_STAFF, ZONE_ZORGRAAD, is_zone_staff, requires
from burgerplatform.core.spreadsheet import csv_response
from burgerplatform.extensions import db
from burgerplatform.initiatives import bp, queries, workflow
from burgerplatform.initiatives.forms import (
    AgendaForm,
    AnswerForm,
    FinishForm,
    ProgressForm,
    ScheduleForm,
    SendBackForm,
)
from burgerplatform.initiatives.models import AnswerKind
from burgerplatform.initiatives.rules import MANAGER, current
from burgerplatform.meetings import services as meetings
from burgerplatform.meetings.models import Meeting


@bp.route("/work")
@requires(ZONE_ZORGRAAD)
def work():
    # Zorgraad members see what is on their table; drafts being checked are staff's only.
    is_staff = is_zone_staff(current_user)
    work_list = queries.work_list(g.zone)
    if not is_staff:
        work_list.to_review = []
    return render_template("initiatives/work.html", zone=g.zone, work=work_list, is_staff=is_staff)


def _meeting_choices(held: bool = False):
    """Upcoming meetings (to schedule), or those that took place (to record a decision
    of: an answer cannot come from a meeting that has not been held)."""
    space = f"zone:{g.zone.id}"
    if held:
        from sqlalchemy import select

        found = list(
            db.session.scalars(
                select(Meeting)
                .where(
                    Meeting.space == space,
                    Meeting.starts_at <= utcnow(),
                    Meeting.cancelled_at.is_(None),
                )
                .order_by(Meeting.starts_at.desc())
                .limit(10)
            )
        )
    else:
        found = meetings.upcoming(space)
    return choices(
        [("", _l("Choose a meeting"))]
        + [(m.uid, f"{m.title} ({format_moment(m.starts_at)})") for m in found]
    )


def _forms(initiative, **given):
    forms = {
        "send_back_form": SendBackForm(formdata=None),
        "agenda_form": AgendaForm(formdata=None),
        "schedule_form": ScheduleForm(formdata=None),
        "answer_form": AnswerForm(formdata=None),
        "progress_form": ProgressForm(formdata=None, data={"on": utcnow().date()}),
        "finish_form": FinishForm(formdata=None),
    }
    forms.update(given)
    forms["schedule_form"].next_meeting.choices = _meeting_choices()
    forms["answer_form"].meeting.choices = _meeting_choices(held=True)
    return forms


def _manage_page(initiative, status=200, **given):
    forms = _forms(initiative, **given)
    return (
        render_template(
            "initiatives/manage.html",
            zone=g.zone,
            initiative=initiative,
            agenda_items=meetings.items_about("initiative", initiative.id),
            **forms,
        ),
        status,
    )


def _meeting_by_uid(uid: str | None) -> Meeting | None:
    from sqlalchemy import select

    if not uid:
        return None
    return db.session.scalar(
        select(Meeting).where(Meeting.uid == uid, Meeting.space == f"zone:{g.zone.id}")
    )


def _done(message):
    flash(message, "success")
    return redirect(url_for(".manage", initiative_id=g.initiative.id))


@bp.route("/<int:initiative_id>/manage")
@requires(MANAGER)
def manage(initiative_id: int):
    return _manage_page(current())


@bp.route("/<int:initiative_id>/approve", methods=["POST"])
@requires(ZONE_STAFF)
def approve(initiative_id: int):
    initiative = current()
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            workflow.approve(initiative, current_user)
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for(".manage", initiative_id=initiative.id))
        return _done(_l("Published. Citizens can support it now."))
    return _manage_page(initiative, 400)


def _handle(form, name: str, action, done, once: bool = False):
    """`core.forms.handle` for a form on the manage page: back to it when done, else the
    manage page again with this form as typed (`once` for a form that creates)."""
    initiative = current()
    return handle(
        form,
        action,
        done=done,
        then=url_for(".manage", initiative_id=initiative.id),
        page=lambda status: _manage_page(initiative, status, **{name: form}),
        once=once,
    )


@bp.route("/<int:initiative_id>/send-back", methods=["POST"])
@requires(ZONE_STAFF)
def send_back(initiative_id: int):
    form = SendBackForm()
    return _handle(
        form,
        "send_back_form",
        lambda: workflow.send_back(current(), current_user, form.message.data),
        _l("Sent back to the authors with your message."),
    )


@bp.route("/<int:initiative_id>/agenda", methods=["POST"])
@requires(ZONE_STAFF)
def agenda(initiative_id: int):
    form = AgendaForm()
    return _handle(
        form,
        "agenda_form",
        lambda: workflow.put_on_agenda(current(), current_user, form.reason.data or ""),
        _l("It is on the agenda now. Choose the meeting."),
    )


@bp.route("/<int:initiative_id>/schedule", methods=["POST"])
@requires(ZONE_STAFF)
def schedule(initiative_id: int):
    form = ScheduleForm()
    form.next_meeting.choices = _meeting_choices()

    def act():
        meeting = _meeting_by_uid(form.next_meeting.data)
        if meeting is None:
            raise DomainError(_l("Choose an upcoming meeting of this zone's zorgraad."))
        workflow.schedule(current(), current_user, meeting, form.invite_author.data)

    return _handle(form, "schedule_form", act, _l("It is on the meeting's agenda."))


@bp.route("/<int:initiative_id>/answer", methods=["POST"])
@requires(ZONE_ZORGRAAD)
def answer(initiative_id: int):
    form = AnswerForm()
    form.meeting.choices = _meeting_choices(held=True)
    return _handle(
        form,
        "answer_form",
        lambda: workflow.answer(
            current(),
            current_user,
            AnswerKind(form.kind.data),
            form.reason.data,
            _meeting_by_uid(form.meeting.data),
            form.referred_to.data or "",
            form.answer_easy.data or "",
        ),
        _l("The answer is published. Everyone involved is told."),
    )


@bp.route("/<int:initiative_id>/progress", methods=["POST"])
@requires(ZONE_ZORGRAAD)
def progress(initiative_id: int):
    form = ProgressForm()

    def act():
        now = utcnow()
        on = datetime.combine(form.on.data, time(12), tzinfo=UTC)
        if form.on.data == now.date():
            on = now
        workflow.add_progress(
            current(),
            current_user,
            form.text.data,
            on,
            form.percent.data,
            form.text_easy.data or "",
        )

    return _handle(
        form, "progress_form", act, _l("The progress update is on the timeline."), once=True
    )


@bp.route("/<int:initiative_id>/finish", methods=["POST"])
@requires(ZONE_ZORGRAAD)
def finish(initiative_id: int):
    form = FinishForm()
    return _handle(
        form,
        "finish_form",
        lambda: workflow.finish(
            current(), current_user, form.outcome.data == "realised", form.final_word.data
        ),
        _l("The final word is published."),
    )


EXPORT_COLUMNS = [
    "id",
    "title",
    "status",
    "supports",
    "themes",
    "municipalities",
    "created_at",
    "published_at",
    "agenda_at",
    "answer_due_at",
    "answered_at",
    "answer",
    "referred_to",
    "closed_at",
]


@bp.route("/export.csv")
@requires(ZONE_STAFF)
def export_csv():
    rows = [
        (
            i.id,
            i.title,
            i.status.value,
            i.supports_count,
            "; ".join(t.name for t in i.themes),
            "; ".join(m.name for m in i.municipalities),
            i.created_at.isoformat(),
            i.published_at.isoformat() if i.published_at else "",
            i.agenda_at.isoformat() if i.agenda_at else "",
            i.answer_due_at.isoformat() if i.answer_due_at else "",
            i.answered_at.isoformat() if i.answered_at else "",
            i.answer_kind.value if i.answer_kind else "",
            i.referred_to,
            i.closed_at.isoformat() if i.closed_at else "",
        )
        for i in queries.all_for_export(g.zone)
    ]
    return csv_response(f"initiatives-{g.zone.slug}-{utcnow():%Y-%m-%d}.csv", EXPORT_COLUMNS, rows)
