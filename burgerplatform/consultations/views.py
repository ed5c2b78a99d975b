"""Round pages: the list, a round's public page, creating a round, moving it on."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.consultations import (
    bp,
    draw_check,
    draws,
    forms,
    phases,
    queries,
    round_setup,
    services,
)
from burgerplatform.consultations.models import Phase
from burgerplatform.consultations.rules import (
    ROUND_CREATOR,
    load_round,
    may_gather,
    may_propose,
)
from burgerplatform.core.domain import DomainError, PhaseError
from burgerplatform.core.forms import ButtonForm, form_error, form_status, handle, press
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.pagination import cursors_from
from burgerplatform.core.permissions import (
    PUBLIC,
    ZONE_STAFF,
    ZONE_ZORGRAAD,
    can,
    is_zone_staff,
    requires,
)
from burgerplatform.documents import services as document_services
from burgerplatform.groups import queries as group_queries

PER_PAGE = 20
HIDDEN_INPUT = _l("(hidden by the moderator)")


@bp.route("/")
@requires(PUBLIC)
def index():
    rounds = queries.rounds_of(g.zone, cursors_from(request.args), PER_PAGE)
    return render_template(
        "consultations/index.html",
        zone=g.zone,
        rounds=rounds,
        may_create=services.may_create(current_user, g.zone),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(ROUND_CREATOR)
def new():
    form = forms.RoundForm()
    return handle(
        form,
        lambda: services.create_round(
            g.zone,
            current_user,
            form.title.data,
            form.question.data,
            form.background.data,
            form.asked_by.data,
            form.deadline.data,
            form.open_to_all.data,
            form.question_easy.data or "",
        ),
        done=_l("The round is made. Now set up its klankbordgroep."),
        then=lambda round_: url_for(
            "consultations.group" if is_zone_staff(current_user) else "consultations.show",
            round_id=round_.id,
        ),
        page=lambda status: (
            render_template("consultations/new.html", zone=g.zone, form=form),
            status,
        ),
        once=True,
    )


@bp.route("/<int:round_id>/edit", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def edit_round(round_id: int):
    """Staff change a round's texts and dates, or cancel it, until its group is drawn."""
    round_ = load_round()
    if request.method == "GET":
        try:
            round_setup.require_before_draw(round_)
        except PhaseError as error:
            flash(error.message, "error")
            return redirect(url_for("consultations.show", round_id=round_.id))
    form = forms.RoundForm(
        data={
            "title": round_.title,
            "question": round_.question_draft,
            "question_easy": round_.question_easy,
            "background": round_.background,
            "asked_by": round_.asked_by,
            "deadline": round_.deadline,
            "open_to_all": round_.open_to_all,
        }
    )
    return handle(
        form,
        lambda: round_setup.update_round(
            round_,
            current_user,
            form.title.data,
            form.question.data,
            form.background.data,
            form.asked_by.data,
            form.deadline.data,
            form.open_to_all.data,
            form.question_easy.data or "",
        ),
        done=lambda changed: _l("The round is changed.") if changed else _l("Nothing changed."),
        then=url_for("consultations.show", round_id=round_.id),
        page=lambda status: _edit_page(round_, form, forms.CancelRoundForm(formdata=None)),
    )


def _edit_page(round_, form, cancel_form):
    return render_template(
        "consultations/edit_round.html",
        zone=g.zone,
        round=round_,
        form=form,
        cancel_form=cancel_form,
    ), form_status(form, cancel_form)


@bp.route("/<int:round_id>/cancel", methods=["POST"])
@requires(ZONE_STAFF)
def cancel_round(round_id: int):
    round_ = load_round()
    form = forms.CancelRoundForm()

    def page(status: int):
        edit_form = forms.RoundForm(
            formdata=None, data={"title": round_.title, "question": round_.question_draft}
        )
        return _edit_page(round_, edit_form, form)

    return handle(
        form,
        lambda: round_setup.cancel_round(round_, current_user, form.reason.data),
        done=_l("The round is cancelled. Who already took part is told."),
        then=url_for("consultations.show", round_id=round_.id),
        page=page,
    )


_NOT_LOADED = object()


def render_round(
    round_, status: int = 200, draw=_NOT_LOADED, failed_draws=_NOT_LOADED, **overrides
):
    """The round page, with the forms that fit the phase and the viewer. `draw` is the
    latest draw record and `failed_draws` the draws that could not be made, when the
    caller loaded them with the round already.

    `overrides` replace a form (by name) or some of the per-item forms (dicts by id), so
    a form sent with errors comes back with what was typed.
    """
    staff = is_zone_staff(current_user)
    phase_rules = phases.of(round_.phase)
    recs = (
        queries.recommendations(round_, with_updates=phase_rules.shows(phases.UPDATES))
        if phase_rules.shows(phases.ADVICE)
        else []
    )
    contributions = queries.contributions(round_) if phase_rules.shows(phases.INPUT) else []
    suggestions = queries.suggestions(round_)
    reviews = queries.reviews(round_) if phase_rules.shows(phases.REVIEW) else []
    used = {c.id for r in recs for c in r.sources}
    page_forms: dict[str, Any] = {
        "suggestion_form": forms.SuggestionForm(formdata=None),
        "contribution_form": forms.ContributionForm(formdata=None),
        "recommendation_form": forms.RecommendationForm(formdata=None),
        "review_form": forms.ReviewForm(formdata=None),
        "gather_form": forms.StartGatheringForm(formdata=None),
        "suggestion_answer_forms": {
            s.id: forms.SuggestionAnswerForm(prefix=f"s{s.id}", formdata=None)
            for s in suggestions
            if staff
        },
        "unused_forms": {
            c.id: forms.UnusedForm(prefix=f"u{c.id}", formdata=None)
            for c in contributions
            if staff and c.id not in used
        },
        "review_answer_forms": {
            r.id: forms.ReviewAnswerForm(prefix=f"r{r.id}", formdata=None) for r in reviews if staff
        },
        # Filled in with the answer saved so far: a change starts from what is there.
        "outcome_forms": {
            r.id: forms.OutcomeForm(
                prefix=f"o{r.id}",
                formdata=None,
                data={"outcome": r.outcome.value, "reason": r.outcome_reason}
                if r.outcome
                else None,
            )
            for r in recs
            if can(ZONE_ZORGRAAD)
        },
        "update_forms": {
            r.id: forms.UpdateForm(prefix=f"p{r.id}", formdata=None) for r in recs if staff
        },
    }
    member = queries.is_member(round_, current_user)
    proposing = may_propose(round_, member, staff)
    if proposing:
        # Only for those who see the form: an excerpt of every input is not cheap to make.
        page_forms["recommendation_form"].sources.choices = source_choices(contributions)
    for name, value in overrides.items():
        if isinstance(value, dict):
            page_forms[name].update(value)
        else:
            page_forms[name] = value
    context = dict(
        zone=g.zone,
        round=round_,
        phases=list(Phase),
        phase_rules=phase_rules,
        staff=staff,
        may_change_round=staff and round_setup.may_change_round(round_),
        member=member,
        may_propose=proposing,
        may_gather=may_gather(round_, current_user),
        may_answer=can(ZONE_ZORGRAAD),
        suggestions=suggestions,
        contributions=contributions,
        inputs=services.input_window(
            contributions,
            before=request.args.get("input_before", type=int),
            after=request.args.get("input_after", type=int),
        ),
        recommendations=recs,
        used=used,
        reviews=reviews,
        review_state=(
            services.review_state(round_, reviews) if phase_rules.shows(phases.REVIEW) else None
        ),
        composition=queries.composition(round_),
        record=queries.latest_draw(round_) if draw is _NOT_LOADED else draw,
        failed_draws=(
            draw_check.failed_draws(round_) if failed_draws is _NOT_LOADED else failed_draws
        ),
        seats_accepted=len(queries.accepted_seats(round_)),
        my_seat=queries.seat_in_loaded(round_, current_user),
        seats_open=draws.seats_open(round_),
        follow_ups_pending=services.pending_follow_ups(contributions) if staff else 0,
        reports=queries.open_reports(round_) if staff else [],
        # Groups invited as a whole (groups module): who took part, and for whom this
        # visitor may speak.
        groups_took_part=group_queries.groups_among(contributions, suggestions),
        my_round_groups=(
            group_queries.invited_groups_of(round_.id, current_user)
            if round_.phase in (Phase.CO_DEFINE, Phase.GATHER)
            else []
        ),
        open_ends=draws.open_ends(round_) if staff and round_.phase is Phase.CO_DEFINE else None,
        pending_list=draws.list_holding_the_question(round_) if staff else None,
        list_waits_for_number=services.LIST_WAITS_FOR_NUMBER,
        **document_services.page_context(f"round:{round_.id}", current_user),
        **page_forms,
    )
    return render_template("consultations/show.html", **context), status


def source_choices(contributions):
    from burgerplatform.core.forms import choices
    from burgerplatform.core.markdown import stored_excerpt

    # Hidden input can still be linked, but its words stay out of the list.
    return choices(
        (str(c.id), f"#{c.id}: {HIDDEN_INPUT if c.is_hidden else stored_excerpt(c, 'body', 80)}")
        for c in contributions
    )


@bp.route("/<int:round_id>")
@requires(PUBLIC)
@cached_page
def show(round_id: int):
    # One query for the round and its group (load_round() would read the round twice).
    found = queries.load_round_page(round_id, g.zone.id)
    if found is None:
        abort(404)
    g.round, draw, failed = found
    return render_round(g.round, draw=draw, failed_draws=failed)


@bp.route("/<int:round_id>/phase", methods=["POST"])
@requires(ZONE_STAFF)
def advance(round_id: int):
    round_ = load_round()
    # The step is named by the phase it moves to; its service checks the round is ready.
    step = phases.STAFF_STEPS.get(request.form.get("to", ""))
    if step is None or step.moved_by is None:
        abort(400)
    # Leaving co-define asks the staff to confirm what is still open (draws.open_ends).
    form = forms.StartGatheringForm() if step.next is Phase.GATHER else ButtonForm()
    if form.validate_on_submit():
        try:
            move = getattr(services, step.moved_by)
            if isinstance(form, forms.StartGatheringForm):
                move(round_, current_user, confirmed=bool(form.confirm.data))
            else:
                move(round_, current_user)
        except DomainError as error:
            # Said at the top of the page; a missing confirmation also at its checkbox.
            flash(error.message, "error")
            if isinstance(form, forms.StartGatheringForm) and not isinstance(error, PhaseError):
                form_error(form, error)
                return render_round(round_, 400, gather_form=form)
            return render_round(round_, 400)
        flash(_l("The round moved on to: %(phase)s.", phase=round_.phase.label), "success")
    return redirect(url_for("consultations.show", round_id=round_.id))


@bp.route("/<int:round_id>/publish", methods=["POST"])
@requires(ZONE_ZORGRAAD)
def publish(round_id: int):
    round_ = load_round()
    return press(
        lambda: services.publish_answer(round_, current_user),
        then=url_for("consultations.show", round_id=round_.id, _anchor="outcomes"),
        done=_l("The answer is published. Everyone who gave input is told."),
        failed=lambda: render_round(round_, 400),
    )
