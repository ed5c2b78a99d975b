"""The work of a round: suggestions, input (online and offline), recommendations, review,
the zorgraad's answers and follow-up letters."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.audit import services as audit
from burgerplatform.consultations import bp, forms, queries, services
from burgerplatform.consultations.models import (
    ContactMethod,
    Contribution,
    Outcome,
    Phase,
    Recommendation,
    ReviewResponse,
    Suggestion,
)
from burgerplatform.consultations.rules import (
    ROUND_CONTRIBUTOR,
    ROUND_MEMBER,
    ROUND_TEAM,
    load_round,
    may_gather,
)
from burgerplatform.consultations.views import render_round, source_choices
from burgerplatform.core.domain import PhaseError
from burgerplatform.core.forms import handle, press
from burgerplatform.core.limits import per_account
from burgerplatform.core.permissions import (
    PUBLIC,
    ZONE_STAFF,
    ZONE_ZORGRAAD,
    is_zone_staff,
    requires,
)
from burgerplatform.extensions import db


def _child(model, child_id: int):
    obj = db.session.get(model, child_id)
    if obj is None or obj.round_id != load_round().id:
        abort(404)
    return obj


def _handle(form, name: str | None, action, done, anchor: str, **extra):
    """`core.forms.handle` for a form on the round page: back to its section when done,
    else the round page again with this form as typed. A form that creates something
    does it once per one-time key (forms without one are not affected)."""
    return handle(
        form,
        action,
        done=done,
        then=url_for("consultations.show", round_id=load_round().id, _anchor=anchor),
        page=lambda status: render_round(
            load_round(), status, **({name: form} if name else {}), **extra
        ),
        once=True,
    )


@bp.route("/<int:round_id>/suggestions", methods=["POST"])
@requires(ROUND_MEMBER)
def suggest(round_id: int):
    form = forms.SuggestionForm()
    return _handle(
        form,
        "suggestion_form",
        lambda: services.suggest(load_round(), current_user, form.proposal.data, form.reason.data),
        _l("Thank you. The staff will answer your suggestion."),
        "question",
    )


@bp.route("/<int:round_id>/suggestions/<int:suggestion_id>", methods=["POST"])
@requires(ZONE_STAFF)
def answer_suggestion(round_id: int, suggestion_id: int):
    suggestion = _child(Suggestion, suggestion_id)
    form = forms.SuggestionAnswerForm(prefix=f"s{suggestion.id}")
    return _handle(
        form,
        None,
        lambda: services.answer_suggestion(
            suggestion,
            load_round(),
            form.decision.data == "accept",
            form.answer.data,
            form.question_easy.data or "",
        ),
        _l("The suggestion is answered."),
        "question",
        suggestion_answer_forms={suggestion.id: form},
    )


def _input_kept(message: str):
    """The round page again, with the input as typed and why it was not sent yet."""
    form = forms.ContributionForm()
    form.messages.append(message)
    return render_round(load_round(), 429, contribution_form=form)


@bp.route("/<int:round_id>/contributions", methods=["POST"])
@requires(ROUND_CONTRIBUTOR)
@per_account("ROUND_INPUT_RATE_LIMIT", _input_kept)
def contribute(round_id: int):
    form = forms.ContributionForm()
    return _handle(
        form,
        "contribution_form",
        lambda: services.contribute(
            load_round(), current_user, form.body.data, may_gather(load_round(), current_user)
        ),
        _l("Thank you for your input."),
        "input",
    )


@bp.route("/<int:round_id>/offline", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def offline(round_id: int):
    round_ = load_round()
    form = forms.OfflineForm()

    def page(status: int):
        items = [c for c in queries.contributions(round_) if c.offline]
        # The list shows the contact details of people who gave input offline.
        audit.look("offline_contacts", target_type="round", target_id=round_.id)
        return render_template(
            "consultations/offline.html", zone=g.zone, round=round_, form=form, items=items
        ), status

    return handle(
        form,
        lambda: services.add_offline(
            round_,
            current_user,
            form.body.data,
            form.source_event.data,
            form.source_place.data,
            form.source_date.data,
            form.contact_name.data,
            ContactMethod(form.contact_method.data),
            form.contact_detail.data,
            form.consent.data,
        ),
        done=_l("The input is added."),
        then=url_for("consultations.offline", round_id=round_.id),
        page=page,
        once=True,
    )


@bp.route("/<int:round_id>/contributions/<int:contribution_id>/letter")
@requires(ZONE_STAFF)
def letter(round_id: int, contribution_id: int):
    """A printable follow-up letter for someone who gave input on paper or on tour."""
    item = _child(Contribution, contribution_id)
    if not item.gets_letter:
        abort(404)
    audit.look("contact_letter", target_type="contribution", target_id=item.id)
    return render_template("consultations/letter.html", zone=g.zone, round=load_round(), item=item)


@bp.route("/<int:round_id>/follow-up")
@requires(ZONE_STAFF)
def follow_up(round_id: int):
    """Who gave input offline and wants to hear back: by letter, e-mail or phone, and
    whether they were told."""
    return _follow_up_page(load_round())


def _follow_up_page(round_, status: int = 200):
    items = services.follow_ups(round_)
    audit.record(
        "pool.viewed", target_type="round", target_id=round_.id, detail={"view": "follow_up"}
    )
    return render_template(
        "consultations/follow_up.html",
        zone=g.zone,
        round=round_,
        items=items,
        pending=services.pending_follow_ups(items),
    ), status


@bp.route("/<int:round_id>/contributions/<int:contribution_id>/followed-up", methods=["POST"])
@requires(ZONE_STAFF)
def followed_up(round_id: int, contribution_id: int):
    item = _child(Contribution, contribution_id)
    return press(
        lambda: services.mark_followed_up(item, current_user),
        then=url_for("consultations.follow_up", round_id=round_id),
        done=_l("Marked as told."),
        failed=lambda: _follow_up_page(load_round(), 400),
    )


@bp.route("/<int:round_id>/contributions/<int:contribution_id>/unused", methods=["POST"])
@requires(ZONE_STAFF)
def unused(round_id: int, contribution_id: int):
    item = _child(Contribution, contribution_id)
    form = forms.UnusedForm(prefix=f"u{item.id}")
    return _handle(
        form,
        None,
        lambda: services.mark_unused(item, form.reason.data),
        _l("The reason is saved."),
        "unused",
        unused_forms={item.id: form},
    )


@bp.route("/<int:round_id>/recommendations", methods=["POST"])
@requires(ROUND_TEAM)
def propose(round_id: int):
    form = forms.RecommendationForm()
    form.sources.choices = source_choices(queries.contributions(load_round()))
    return _handle(
        form,
        "recommendation_form",
        lambda: services.propose(
            load_round(),
            current_user,
            form.title.data,
            form.body.data,
            [int(s) for s in form.sources.data or []],
            form.body_easy.data or "",
        ),
        _l("The recommendation is added."),
        "advice",
    )


@bp.route("/<int:round_id>/recommendations/<int:rec_id>")
@requires(PUBLIC)
def recommendation(round_id: int, rec_id: int):
    rec = _child(Recommendation, rec_id)
    pairs = zip(rec.versions, rec.versions[1:], strict=False)
    diffs = [(old, new, services.diff(old, new)) for old, new in pairs]
    return render_template(
        "consultations/recommendation.html",
        zone=g.zone,
        round=load_round(),
        rec=rec,
        diffs=diffs,
        staff=is_zone_staff(current_user),
    )


@bp.route("/<int:round_id>/recommendations/<int:rec_id>/edit", methods=["GET", "POST"])
@requires(ROUND_TEAM)
def edit_recommendation(round_id: int, rec_id: int):
    rec = _child(Recommendation, rec_id)
    round_ = load_round()
    if request.method == "GET":
        # A stale link or bookmark: the edit form only while the advice is open (a send
        # from a page left open is refused by the service, with what was typed).
        try:
            services.require_advice_open(round_)
        except PhaseError as error:
            flash(error.message, "error")
            return redirect(
                url_for("consultations.recommendation", round_id=round_.id, rec_id=rec.id)
            )
    form = forms.RecommendationForm(obj=rec)
    form.sources.choices = source_choices(queries.contributions(round_))
    comment_form = forms.CommentForm(prefix="comment", formdata=None)
    if not form.is_submitted():
        form.sources.data = [str(c.id) for c in rec.sources]
    return handle(
        form,
        lambda: services.edit(
            rec,
            current_user,
            form.title.data,
            form.body.data,
            [int(s) for s in form.sources.data or []],
            form.body_easy.data or "",
        ),
        done=_l("Your changes are saved as a new version."),
        then=url_for("consultations.recommendation", round_id=round_.id, rec_id=rec.id),
        page=lambda status: _edit_page(rec, form, comment_form, status),
    )


def _edit_page(rec, form, comment_form, status: int):
    return render_template(
        "consultations/edit_recommendation.html",
        zone=g.zone,
        round=load_round(),
        rec=rec,
        form=form,
        comment_form=comment_form,
        staff=is_zone_staff(current_user),
    ), status


@bp.route("/<int:round_id>/recommendations/<int:rec_id>/comments", methods=["POST"])
@requires(ROUND_TEAM)
def comment(round_id: int, rec_id: int):
    rec = _child(Recommendation, rec_id)
    form = forms.CommentForm(prefix="comment")

    def page(status: int):
        edit_form = forms.RecommendationForm(obj=rec, formdata=None)
        edit_form.sources.choices = source_choices(queries.contributions(load_round()))
        return _edit_page(rec, edit_form, form, status)

    return handle(
        form,
        lambda: services.comment(rec, current_user, form.body.data),
        done=_l("Your comment is added."),
        then=url_for("consultations.edit_recommendation", round_id=round_id, rec_id=rec.id),
        page=page,
        once=True,
    )


@bp.route("/<int:round_id>/review", methods=["POST"])
@requires(ROUND_MEMBER)
def review(round_id: int):
    form = forms.ReviewForm()
    return _handle(
        form,
        "review_form",
        lambda: services.respond(
            load_round(), current_user, form.decision.data == "confirm", form.body.data
        ),
        _l("Thank you for checking the advice."),
        "review",
    )


@bp.route("/<int:round_id>/review/<int:response_id>", methods=["POST"])
@requires(ZONE_STAFF)
def answer_review(round_id: int, response_id: int):
    item = _child(ReviewResponse, response_id)
    form = forms.ReviewAnswerForm(prefix=f"r{item.id}")
    return _handle(
        form,
        None,
        lambda: services.answer_review(
            item, form.answer.data, changed=form.resolution.data == "changed"
        ),
        _l("Your answer is saved."),
        "review",
        review_answer_forms={item.id: form},
    )


@bp.route("/<int:round_id>/recommendations/<int:rec_id>/outcome", methods=["POST"])
@requires(ZONE_ZORGRAAD)
def outcome(round_id: int, rec_id: int):
    rec = _child(Recommendation, rec_id)
    form = forms.OutcomeForm(prefix=f"o{rec.id}")

    def said(changed: bool):
        if not changed:
            return _l("Nothing changed: this is the answer that was saved."), "info"
        if rec.outcome_changed_at is not None and load_round().phase is Phase.FOLLOW_UP:
            return _l(
                "The changed answer is saved. The page shows it was changed, and "
                "everyone who followed this recommendation is told."
            )
        return _l("The answer of the zorgraad is saved.")

    return _handle(
        form,
        None,
        lambda: services.record_outcome(
            rec, Outcome(form.outcome.data), form.reason.data, current_user
        ),
        said,
        "outcomes",
        outcome_forms={rec.id: form},
    )


@bp.route("/<int:round_id>/recommendations/<int:rec_id>/updates", methods=["POST"])
@requires(ZONE_STAFF)
def progress_update(round_id: int, rec_id: int):
    rec = _child(Recommendation, rec_id)
    form = forms.UpdateForm(prefix=f"p{rec.id}")
    return _handle(
        form,
        None,
        lambda: services.add_update(rec, current_user, form.body.data, form.body_easy.data or ""),
        _l("The update is published."),
        "outcomes",
        update_forms={rec.id: form},
    )
