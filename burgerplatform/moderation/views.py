"""Shared moderation pages, for any registered kind of content."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from burgerplatform.core.forms import handle
from burgerplatform.core.permissions import Rule, requires
from burgerplatform.extensions import db
from burgerplatform.moderation import bp, services
from burgerplatform.moderation.forms import (
    HideForm,
    RedactForm,
    ReportForm,
    RestoreForm,
    ReviewRequestForm,
)
from burgerplatform.moderation.models import HideReason, Report, ReportReason
from burgerplatform.moderation.registry import ModeratedType, load_target


def _visible_target():
    """The target, or 404 for someone who may not even see it (a members-only space must
    not reveal that a post exists)."""
    kind, obj = load_target()
    if not kind.can_view(current_user, obj):
        abort(404)
    return kind, obj


CAN_SEE_TARGET = Rule("can_view_target", lambda u: bool(_visible_target()))
MODERATOR_OF_TARGET = Rule(
    "moderator_of_target", lambda u: _visible_target()[0].can_moderate(u, load_target()[1])
)


def _is_author(user) -> bool:
    """The person the content type names as its author (a group's contact person)."""
    kind, obj = _visible_target()
    author = kind.author(obj)
    return author is not None and author.id == user.id


AUTHOR_OF_TARGET = Rule("author_of_target", _is_author)

TARGET = "/<target_type>/<int:target_id>"


@bp.route(TARGET + "/report", methods=["GET", "POST"])
@requires(CAN_SEE_TARGET)
def report(target_type: str, target_id: int):
    kind, obj = load_target()
    if obj.is_hidden:
        abort(404)  # already handled; the report page must not show hidden words
    form = ReportForm()
    form.reason.label.text = str(kind.wording.what_is_wrong)
    return handle(
        form,
        lambda: services.report(
            kind, obj, current_user, ReportReason(form.reason.data), form.text.data or ""
        ),
        done=_l("Thank you. A moderator will look at it."),
        then=lambda _: kind.url(obj),
        page=lambda status: (
            render_template("moderation/report.html", form=form, kind=kind, obj=obj),
            status,
        ),
        top=True,
    )


@bp.route(TARGET, methods=["GET"])
@requires(MODERATOR_OF_TARGET)
def moderate(target_type: str, target_id: int):
    kind, obj = load_target()
    return _moderate_page(kind, obj)


def _moderate_page(kind, obj, hide_form=None, restore_form=None, redact_form=None, status=200):
    reports = list(
        db.session.scalars(
            select(Report)
            .where(Report.target_type == kind.name, Report.target_id == obj.id)
            .order_by(Report.id.desc())
        )
    )
    if kind.redactable:
        redact_form = redact_form or RedactForm(formdata=None, data={"body": obj.body})
    return (
        render_template(
            "moderation/moderate.html",
            kind=kind,
            obj=obj,
            reports=reports,
            hide_form=_worded(hide_form or HideForm(formdata=None), kind),
            restore_form=restore_form or RestoreForm(formdata=None),
            redact_form=redact_form,
        ),
        status,
    )


def _worded(form: HideForm, kind: ModeratedType) -> HideForm:
    """The hide form in the kind's own words (a group's listing is no post)."""
    form.reason.label.text = str(kind.wording.hide_reason)
    form.reason.choices = kind.wording.hide_choices()
    form.note.label.text = str(kind.wording.hide_note)
    form.note.description = str(kind.wording.hide_note_hint)
    return form


@bp.route(TARGET + "/hide", methods=["POST"])
@requires(MODERATOR_OF_TARGET)
def hide(target_type: str, target_id: int):
    kind, obj = load_target()
    form = _worded(HideForm(), kind)
    return handle(
        form,
        lambda: services.hide(
            kind, obj, current_user, HideReason(form.reason.data), form.note.data
        ),
        done=kind.wording.hidden_done,
        then=lambda _: kind.url(obj),
        page=lambda status: _moderate_page(kind, obj, hide_form=form, status=status),
    )


@bp.route(TARGET + "/restore", methods=["POST"])
@requires(MODERATOR_OF_TARGET)
def restore(target_type: str, target_id: int):
    kind, obj = load_target()
    form = RestoreForm()
    return handle(
        form,
        lambda: services.restore(kind, obj, current_user, form.note.data or ""),
        done=kind.wording.restored_done,
        then=lambda _: kind.url(obj),
        page=lambda status: _moderate_page(kind, obj, restore_form=form, status=status),
    )


@bp.route(TARGET + "/redact", methods=["POST"])
@requires(MODERATOR_OF_TARGET)
def redact(target_type: str, target_id: int):
    kind, obj = load_target()
    if not kind.redactable:
        abort(404)
    form = RedactForm()
    return handle(
        form,
        lambda: services.redact(kind, obj, current_user, form.body.data, form.note.data or ""),
        done=_l("The personal data is removed."),
        then=lambda _: kind.url(obj),
        page=lambda status: _moderate_page(kind, obj, redact_form=form, status=status),
        field="body",
    )


@bp.route(TARGET + "/reports/<int:report_id>/dismiss", methods=["POST"])
@requires(MODERATOR_OF_TARGET)
def dismiss(target_type: str, target_id: int, report_id: int):
    kind, obj = load_target()
    entry = db.session.get(Report, report_id)
    if entry is None or entry.target_type != kind.name or entry.target_id != obj.id:
        abort(404)
    form = RestoreForm()
    if form.validate_on_submit() and entry.resolved_at is None:
        services.dismiss_report(entry, current_user, form.note.data or "")
        flash(_l("The report is handled."), "success")
    return redirect(kind.url(obj))


@bp.route(TARGET + "/review", methods=["GET", "POST"])
@requires(AUTHOR_OF_TARGET)
def request_review(target_type: str, target_id: int):
    kind, obj = load_target()
    form = ReviewRequestForm()
    return handle(
        form,
        lambda: services.request_review(kind, obj, current_user, form.text.data),
        done=_l("Your request is sent to the moderators."),
        then=lambda _: kind.url(obj),
        page=lambda status: (
            render_template("moderation/review.html", form=form, kind=kind, obj=obj),
            status,
        ),
    )
