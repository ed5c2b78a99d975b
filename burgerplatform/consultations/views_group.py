"""The klankbordgroep: rules and quotas, the draw and its progress, invitations."""

from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.audit import services as audit
from burgerplatform.consultations import (
    audit_record,
    bp,
    draw_check,
    draw_confirmations,
    draws,
    forms,
    pool,
    pool_changes,
    queries,
    seat_terms,
)
from burgerplatform.consultations.models import DrawRecord, DrawStatus, SeatStatus
from burgerplatform.consultations.rules import load_round
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import form_error, form_status, handle
from burgerplatform.core.jobs import Job
from burgerplatform.core.permissions import LOGGED_IN, ZONE_STAFF, requires
from burgerplatform.extensions import db


def _render_group(round_, form, draw_form, status=200):
    total = pool.member_count(g.zone)
    drawable, counts = draws.drawable_counts(round_)
    records = db.session.scalars(
        db.select(DrawRecord).where(DrawRecord.round_id == round_.id).order_by(DrawRecord.id.desc())
    ).all()
    accepted = queries.accepted_seats(round_)
    # The page names the members of the group with their e-mail addresses.
    audit.look("group", target_type="round", target_id=round_.id)
    return render_template(
        "consultations/group.html",
        zone=g.zone,
        round=round_,
        form=form,
        draw_form=draw_form,
        pool_total=total,
        drawable=drawable,
        counts=counts,
        records=records,
        draw_blocked=None if round_.seats else draws.draw_blocked(round_),
        # A list being made or waiting for its number holds the rules: shown read-only.
        pending=None if round_.seats else draws.pending_draw(round_),
        accepted=accepted,
        composition=queries.composition(round_),
        waiting=sum(1 for s in round_.seats if s.status is SeatStatus.INVITED),
        declined=sum(
            1 for s in round_.seats if s.status in (SeatStatus.DECLINED, SeatStatus.EXPIRED)
        ),
        withdrawn=sum(1 for s in round_.seats if s.status is SeatStatus.WITHDRAWN),
        # The draw whose group sits: its replacements of people gone before the pick are
        # said as on the round page and the public check page (_gone_before_pick.html).
        record=queries.latest_draw(round_) if round_.seats else None,
    ), status


@bp.route("/<int:round_id>/group", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def group(round_id: int):
    round_ = queries.load_round_for_group(load_round().id)
    if round_ is None:  # deleted since load_round()
        abort(404)
    categories = pool.categories(g.zone)
    form = forms.group_form(round_, categories)
    if form.validate_on_submit():
        try:
            draws.set_group(
                round_,
                form.group_size.data,
                form.rotation_rounds.data,
                form.rotation_months.data,
                form.rotation_fallback.data,
                form.reply_days.data,
                forms.quotas_from(form, categories),
            )
        except draws.QuotaError as error:
            for name, message in error.problems:
                getattr(form, name).errors.append(message)
        except DomainError as error:
            form_error(form, error)
        else:
            too_few = draws.too_few_to_draw(round_)
            if too_few:
                # Saved all the same: a warning, not an error.
                flash(too_few, "warning")
            else:
                flash(_l("The rules of the group are saved."), "success")
            return redirect(url_for("consultations.group", round_id=round_.id))
    return _render_group(round_, form, forms.DrawForm(formdata=None), form_status(form))


@bp.route("/<int:round_id>/draw", methods=["POST"])
@requires(ZONE_STAFF)
def start_draw(round_id: int):
    round_ = queries.load_round_for_group(load_round().id)
    if round_ is None:  # deleted since load_round()
        abort(404)
    draw_form = forms.DrawForm()
    return handle(
        draw_form,
        lambda: draws.start_draw(
            round_,
            source=draw_form.source.data,
            known_on=draw_form.known_on.data,
            known_at=draw_form.known_at.data,
        ),
        then=lambda record: url_for(
            "consultations.draw_status", round_id=round_.id, draw_id=record.id
        ),
        page=lambda status: _render_group(
            round_,
            forms.group_form(round_, pool.categories(g.zone), formdata=None),
            draw_form,
            status,
        ),
    )


def _record(round_id: int, draw_id: int) -> DrawRecord:
    round_ = load_round()
    record = db.session.get(DrawRecord, draw_id)
    if record is None or record.round_id != round_.id:
        abort(404)
    return record


def _render_draw(
    record: DrawRecord,
    number_form: forms.NumberForm,
    status: int = 200,
    discard_form: forms.DiscardListForm | None = None,
    confirm: str | None = None,
    confirm_discard: str | None = None,
):
    job = db.session.get(Job, record.job_id) if record.job_id else None
    busy = record.status in (DrawStatus.QUEUED, DrawStatus.RUNNING)
    return render_template(
        "consultations/draw_status.html",
        zone=g.zone,
        round=load_round(),
        record=record,
        progress=job.progress if job else 0,
        busy=busy,
        number_form=number_form,
        discard_form=discard_form or forms.DiscardListForm(formdata=None),
        # Before the pick: who left or changed answers since the list was published.
        changes=(
            pool_changes.since_published(record) if record.status is DrawStatus.PUBLISHED else None
        ),
        confirm=confirm,
        confirm_discard=confirm_discard,
    ), status


# Said when a confirmation comes without its page having shown exactly that to this
# person (a page of before, another tab, a hand-made POST): the page is shown again.
CONFIRM_AGAIN = _l("Nothing was done yet. Check what is shown below, then confirm it.")


def _ask_to_confirm(record: DrawRecord, step: str, typed: str, again: bool = False):
    """Post/redirect/get: the confirmation is a page of its own (GET), so that Back from
    the page after it shows a page, never a browser's "resubmit the form?". What was
    typed waits on the server for that page (`draw_confirmations`), whatever its length."""
    draw_confirmations.ask(record, current_user, step, typed)
    if again:
        flash(CONFIRM_AGAIN, "info")
    return redirect(
        url_for(
            "consultations.draw_status", round_id=record.round_id, draw_id=record.id, confirm=step
        ),
        303,
    )


def _confirmed(record: DrawRecord, step: str, form, sent: str) -> bool:
    """Whether this POST confirms what the page that asks to confirm showed this person."""
    return bool(form.confirmed.data) and draw_confirmations.confirms(
        record, current_user, step, sent
    )


@bp.route("/<int:round_id>/draws/<int:draw_id>")
@requires(ZONE_STAFF)
def draw_status(round_id: int, draw_id: int):
    record = _record(round_id, draw_id)
    step = request.args.get("confirm", "")
    typed = draw_confirmations.pending(record, current_user, step)
    if typed is not None:
        try:
            if step == draw_confirmations.NUMBER:
                form = forms.NumberForm(formdata=None, number=typed)
                page = _render_draw(record, form, confirm=draws.read_number(record, typed))
            else:
                page = _render_draw(
                    record,
                    forms.NumberForm(formdata=None),
                    discard_form=forms.DiscardListForm(formdata=None, reason=typed),
                    confirm_discard=draws.discard_reason(record, typed),
                )
        except DomainError:
            pass  # no longer confirmable (checked again when confirmed): the plain page
        else:
            draw_confirmations.shown(record, current_user, step)
            return page
    return _render_draw(record, forms.NumberForm(formdata=None))


@bp.route("/<int:round_id>/draws/<int:draw_id>/number", methods=["POST"])
@requires(ZONE_STAFF)
def enter_draw_number(round_id: int, draw_id: int):
    """Step 2: the public number picks the group from the published list, once the
    staff confirmed it on a page that shows the number back (a typo cannot be undone)."""
    record = _record(round_id, draw_id)
    form = forms.NumberForm()
    step = draw_confirmations.NUMBER
    if form.validate_on_submit() and not _confirmed(record, step, form, form.number.data):
        try:
            draws.read_number(record, form.number.data)
        except DomainError as error:
            form_error(form, error, "number")
            return _render_draw(record, form, form_status(form))
        return _ask_to_confirm(record, step, form.number.data, again=bool(form.confirmed.data))
    return handle(
        form,
        lambda: draws.enter_number(record, form.number.data),
        then=lambda r: url_for("consultations.draw_status", round_id=round_id, draw_id=r.id),
        page=lambda status: _render_draw(record, form, status),
        done=_l("The group is picked and invited."),
        field="number",
    )


@bp.route("/<int:round_id>/draws/<int:draw_id>/discard", methods=["POST"])
@requires(ZONE_STAFF)
def discard_draw_list(round_id: int, draw_id: int):
    """Before the pick: set the published list aside (it stays public), with a reason,
    once the staff confirmed it on a page that says what that does."""
    record = _record(round_id, draw_id)
    form = forms.DiscardListForm()
    step = draw_confirmations.DISCARD
    if form.validate_on_submit() and not _confirmed(record, step, form, form.reason.data):
        # First a page that says what setting the list aside does, with the reason.
        try:
            draws.discard_reason(record, form.reason.data)
        except DomainError as error:
            form_error(form, error, "reason")
            return _render_draw(
                record, forms.NumberForm(formdata=None), form_status(form), discard_form=form
            )
        return _ask_to_confirm(record, step, form.reason.data, again=bool(form.confirmed.data))
    return handle(
        form,
        lambda: draws.discard(record, form.reason.data, current_user),
        then=lambda r: url_for("consultations.group", round_id=round_id),
        page=lambda status: _render_draw(
            record, forms.NumberForm(formdata=None), status, discard_form=form
        ),
        done=_l("The list is discarded. It stays on the public page; you can publish a new one."),
        field="reason",
    )


@bp.route("/<int:round_id>/draws/<int:draw_id>/audit.json")
@requires(ZONE_STAFF)
def draw_audit(round_id: int, draw_id: int):
    """The audit record: aliases for this draw only, never anyone's answers."""
    r = _record(round_id, draw_id)
    audit.look("draw_audit", target_type="draw", target_id=r.id)
    return jsonify(audit_record.staff_record(r))


@bp.route("/<int:round_id>/invitation", methods=["GET", "POST"])
@requires(LOGGED_IN)
def invitation(round_id: int):
    round_ = load_round()
    seat = queries.seat_for(round_, current_user)
    if seat is None:
        abort(404)
    form = forms.InvitationForm()
    if form.validate_on_submit():
        try:
            draws.answer(seat, form.decision.data == "accept")
        except DomainError as error:
            form_error(form, error)
        else:
            if seat.status is SeatStatus.ACCEPTED:
                flash(_l("Welcome to the klankbordgroep!"), "success")
                return redirect(url_for("consultations.show", round_id=round_.id))
            flash(_l("Thank you for letting us know. Someone else will be invited."), "success")
            return redirect(url_for("consultations.invitation", round_id=round_.id))
    return render_template(
        "consultations/invitation.html",
        zone=g.zone,
        round=round_,
        seat=seat,
        form=form,
        seats_open=draws.seats_open(round_),
        group_final=queries.group_is_final(round_),
        own_alias=draw_check.own_alias(queries.latest_draw(round_), seat.member.pseudonym),
        # What saying yes means: meetings, allowance, support (what the platform knows).
        terms=seat_terms.seat_terms(seat),
    ), form_status(form)
