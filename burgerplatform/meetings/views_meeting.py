"""The meeting page of every space: agenda, attendance, minutes and their corrections,
and the iCal export. Who may do what comes from the space's policy (meetings.spaces)."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.routing import BuildError

from burgerplatform.core import signals
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import form_error, handle, press
from burgerplatform.core.permissions import Rule, requires
from burgerplatform.core.urls import absolute_url
from burgerplatform.documents import services as document_services
from burgerplatform.extensions import db
from burgerplatform.meetings import bp, planning, services, spaces
from burgerplatform.meetings.forms import (
    AcceptForm,
    AnswerForm,
    AttendanceForm,
    CorrectionForm,
    MeetingForm,
    MinutesForm,
    ReviewForm,
    end_of_day_utc,
    to_local,
    to_utc,
)
from burgerplatform.meetings.models import (
    AttendanceAnswer,
    Meeting,
    MinutesCorrection,
)
from burgerplatform.meetings.views_space import meeting_form_page


def load_meeting() -> Meeting:
    """The meeting named by the URL; a meeting one may not see does not exist (404)."""
    if "meeting" not in g:
        uid = (request.view_args or {}).get("uid")
        meeting = db.session.scalar(db.select(Meeting).where(Meeting.uid == uid))
        if meeting is None or not spaces.can_view(current_user, meeting.space):
            abort(404)
        g.meeting = meeting
    return g.meeting


MEETING_VISIBLE = Rule("meeting_visible", lambda u: bool(load_meeting()), needs_login=False)
MEETING_PARTICIPANT = Rule(
    "meeting_participant", lambda u: spaces.can_take_part(u, load_meeting().space)
)
MEETING_MANAGER = Rule("meeting_manager", lambda u: spaces.can_manage(u, load_meeting().space))


def agenda_link(item) -> str | None:
    """A link to what an agenda item is about, when that module has a page for it."""
    if item.subject_type != "initiative" or item.subject_id is None:
        return None
    meeting = item.meeting
    if meeting.zone_id is None:
        return None
    from burgerplatform.zones.models import Zone

    zone = db.session.get_one(Zone, meeting.zone_id)
    try:
        return url_for("initiatives.show", zone_slug=zone.slug, initiative_id=item.subject_id)
    except BuildError:  # a build without the initiatives pages: show the title only
        return None


def meeting_page(status: int = 200, **forms):
    meeting = load_meeting()
    minutes = meeting.minutes
    may_manage = spaces.can_manage(current_user, meeting.space)
    may_take_part = spaces.can_take_part(current_user, meeting.space)
    show_minutes = planning.minutes_readable(minutes, may_manage, may_take_part)
    attendance = planning.attendance_of(meeting, current_user) if may_take_part else None
    defaults = {
        "attendance_form": AttendanceForm(
            formdata=None, data={"answer": attendance.answer.value if attendance else None}
        ),
        "minutes_form": MinutesForm(formdata=None, data={"body": minutes.body if minutes else ""}),
        "review_form": ReviewForm(formdata=None),
        "correction_form": CorrectionForm(formdata=None),
        "accept_form": AcceptForm(formdata=None),
        "answer_form": AnswerForm(formdata=None),
    }
    defaults.update(forms)
    policy, space_id = spaces.parse(meeting.space)
    # Other modules' parts of the page (the attendance register), asked by signal.
    sent = signals.collect_meeting_sections.send(meeting, user=current_user)
    sections = sorted((part for _receiver, part in sent if part), key=lambda part: part[0])
    return (
        render_template(
            "meetings/show.html",
            meeting=meeting,
            minutes=minutes,
            show_minutes=show_minutes,
            may_manage=may_manage,
            may_take_part=may_take_part,
            takes_answers=services.takes_answers(meeting),
            counts={a.value: n for a, n in services.attendance_counts(meeting).items()},
            items=[(item, agenda_link(item)) for item in meeting.items],
            space_label=policy.label(space_id),
            space_url=policy.url(space_id),
            failed_correction=(request.view_args or {}).get("correction_id"),
            sections=sections,
            **document_services.page_context(f"meeting:{meeting.id}", current_user),
            **defaults,
        ),
        status,
    )


@bp.route("/<uid>")
@requires(MEETING_VISIBLE)
def show(uid: str):
    return meeting_page()


@bp.route("/<uid>/calendar.ics")
@requires(MEETING_VISIBLE)
def ical(uid: str):
    meeting = load_meeting()
    body = services.to_ical(
        [meeting], meeting.title, lambda m: absolute_url("meetings.show", uid=m.uid)
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="meeting-{meeting.uid}.ics"'},
    )


@bp.route("/<uid>/attendance", methods=["POST"])
@requires(MEETING_PARTICIPANT)
def attendance(uid: str):
    meeting = load_meeting()
    form = AttendanceForm()
    if form.validate_on_submit():
        try:
            services.set_attendance(meeting, current_user, AttendanceAnswer(form.answer.data))
        except DomainError as error:
            form_error(form, error)
        else:
            flash(_l("Thank you, your answer is saved."), "success")
            return redirect(url_for("meetings.show", uid=meeting.uid, _anchor="attendance"))
    return meeting_page(400, attendance_form=form)


@bp.route("/<uid>/edit", methods=["GET", "POST"])
@requires(MEETING_MANAGER)
def edit(uid: str):
    meeting = load_meeting()
    form = MeetingForm(
        data={
            "title": meeting.title,
            "starts_at": to_local(meeting.starts_at),
            "ends_at": to_local(meeting.ends_at),
            "location": meeting.location,
            "online_url": meeting.online_url,
            "agenda": meeting.agenda,
        }
    )
    return handle(
        form,
        lambda: services.update_meeting(
            meeting,
            title=form.title.data.strip(),
            starts_at=to_utc(form.starts_at.data),
            ends_at=to_utc(form.ends_at.data),
            location=(form.location.data or "").strip(),
            online_url=(form.online_url.data or "").strip(),
            agenda=form.agenda.data or "",
        ),
        done=_l("The meeting is saved."),
        then=url_for("meetings.show", uid=meeting.uid),
        page=meeting_form_page(meeting.space, form, meeting),
    )


@bp.route("/<uid>/cancel", methods=["POST"])
@requires(MEETING_MANAGER)
def cancel(uid: str):
    meeting = load_meeting()
    return press(
        lambda: planning.cancel_and_tell(meeting, current_user),
        then=url_for("meetings.show", uid=meeting.uid),
        done=_l("The meeting is cancelled. Its members are told."),
    )


# --- Minutes -------------------------------------------------------------------------


def _on_minutes(form, name: str, action, done, once: bool = False):
    """`core.forms.handle` for a form about the minutes: back to them when done, else the
    meeting page again with this form as typed (`once` for a form that creates)."""
    return handle(
        form,
        action,
        done=done,
        then=url_for("meetings.show", uid=load_meeting().uid, _anchor="minutes"),
        page=lambda status: meeting_page(status, **{name: form}),
        once=once,
    )


def _back_to_minutes(meeting: Meeting):
    return redirect(url_for("meetings.show", uid=meeting.uid, _anchor="minutes"))


def _minutes_of(meeting: Meeting, missing: str):
    if meeting.minutes is None:
        raise DomainError(missing)
    return meeting.minutes


@bp.route("/<uid>/minutes", methods=["POST"])
@requires(MEETING_MANAGER)
def save_minutes(uid: str):
    form = MinutesForm()
    return _on_minutes(
        form,
        "minutes_form",
        lambda: services.save_minutes(load_meeting(), current_user, form.body.data),
        _l("The minutes are saved."),
    )


@bp.route("/<uid>/minutes/review", methods=["POST"])
@requires(MEETING_MANAGER)
def open_review(uid: str):
    form = ReviewForm()
    return _on_minutes(
        form,
        "review_form",
        lambda: planning.open_review_and_tell(
            _minutes_of(load_meeting(), _l("Write the minutes first.")),
            end_of_day_utc(form.review_until.data),
            current_user,
        ),
        _l("The minutes are open for corrections. The members are told."),
    )


@bp.route("/<uid>/minutes/corrections", methods=["POST"])
@requires(MEETING_PARTICIPANT)
def propose(uid: str):
    form = CorrectionForm()
    return _on_minutes(
        form,
        "correction_form",
        lambda: planning.propose_and_tell(
            _minutes_of(load_meeting(), _l("There are no minutes yet.")),
            current_user,
            form.suggestion.data,
            form.reason.data,
            form.passage.data or "",
        ),
        _l("Thank you. The writer of the minutes will answer."),
        once=True,
    )


def _correction(meeting: Meeting, correction_id: int) -> MinutesCorrection:
    correction = db.session.get(MinutesCorrection, correction_id)
    if correction is None or meeting.minutes is None or correction.minutes_id != meeting.minutes.id:
        abort(404)
    return correction


@bp.route("/<uid>/corrections/<int:correction_id>/accept", methods=["POST"])
@requires(MEETING_MANAGER)
def accept(uid: str, correction_id: int):
    correction = _correction(load_meeting(), correction_id)
    form = AcceptForm()
    return _on_minutes(
        form,
        "accept_form",
        lambda: services.accept_correction(correction, current_user, form.body.data or None),
        _l("The correction is taken over in the minutes."),
    )


@bp.route("/<uid>/corrections/<int:correction_id>/answer", methods=["POST"])
@requires(MEETING_MANAGER)
def answer(uid: str, correction_id: int):
    correction = _correction(load_meeting(), correction_id)
    form = AnswerForm()
    return _on_minutes(
        form,
        "answer_form",
        lambda: services.answer_correction(correction, current_user, form.answer.data),
        _l("Your answer is saved."),
    )


@bp.route("/<uid>/minutes/final", methods=["POST"])
@requires(MEETING_MANAGER)
def finalise(uid: str):
    meeting = load_meeting()

    def finalise_them() -> None:
        if meeting.minutes is None:
            raise DomainError(_l("Write the minutes first."))
        planning.finalise_and_tell(meeting.minutes, current_user)

    return press(
        finalise_them,
        then=url_for("meetings.show", uid=meeting.uid, _anchor="minutes"),
        done=_l("The minutes are final. The members are told."),
    )
