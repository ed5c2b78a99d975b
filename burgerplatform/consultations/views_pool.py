"""The citizen pool: join, update or leave; staff see it only in aggregate."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.audit import services as audit
from burgerplatform.consultations import forms, pool, pool_bp
from burgerplatform.consultations.models import PoolCategory
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import ButtonForm
from burgerplatform.core.permissions import LOGGED_IN, PUBLIC, ZONE_STAFF, requires
from burgerplatform.extensions import db


@pool_bp.route("/", methods=["GET", "POST"])
@requires(PUBLIC)
def join():
    categories = pool.categories(g.zone)
    member = pool.membership(g.zone, current_user) if current_user.is_authenticated else None
    if member is not None and member.left_at is not None:
        member_answers = None
    else:
        member_answers = member
    form = forms.pool_form(
        categories, member_answers, formdata=request.form if request.method == "POST" else None
    )
    if request.method == "POST":
        if not current_user.is_authenticated:
            abort(403)
        if form.validate_on_submit():
            try:
                pool.join_or_update(
                    g.zone, current_user, forms.chosen_values(form, categories), form.consent.data
                )
            except DomainError as error:
                form.messages.append(str(error.message))
            else:
                flash(_l("Thank you. Your answers are saved."), "success")
                return redirect(url_for("pool.join"))
        elif not form.has_errors:
            form.messages.append(str(_l("Please check the form.")))
    in_pool = member is not None and member.left_at is None
    return render_template(
        "consultations/pool.html",
        zone=g.zone,
        form=form,
        in_pool=in_pool,
        consent_version=pool.POOL_CONSENT_VERSION,
        categories=categories,
    ), 400 if form.has_errors else 200


@pool_bp.route("/leave", methods=["POST"])
@requires(LOGGED_IN)
def leave():
    member = pool.membership(g.zone, current_user)
    if member is None or member.left_at is not None:
        abort(404)
    if ButtonForm().validate_on_submit():
        pool.leave(member)
        flash(_l("You left the pool. Your answers are erased."), "success")
    return redirect(url_for("pool.join"))


@pool_bp.route("/overview", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def overview():
    """Counts per answer, small ones blurred; never a list of people."""
    form = forms.CategoryForm()
    if form.validate_on_submit():
        try:
            pool.add_category(
                g.zone,
                form.label.data,
                form.multiple.data,
                form.sensitive.data,
                form.values.data.splitlines(),
            )
        except DomainError as error:
            form.values.errors = [*form.values.errors, str(error.message)]
        else:
            flash(_l("The question is added to the pool form."), "success")
            return redirect(url_for("pool.overview"))
    total, counts = pool.aggregate(g.zone)
    value_forms = {c.id: forms.ValueForm(prefix=f"v{c.id}", formdata=None) for c, _rows in counts}
    # Counts only, but of sensitive answers: every look is logged.
    audit.look("overview", target_type="zone", target_id=g.zone.id)
    return render_template(
        "consultations/pool_overview.html",
        zone=g.zone,
        total=total,
        counts=counts,
        form=form,
        value_forms=value_forms,
    ), (400 if form.has_errors else 200)


@pool_bp.route("/categories/<int:category_id>/values", methods=["POST"])
@requires(ZONE_STAFF)
def add_value(category_id: int):
    category = db.session.get(PoolCategory, category_id)
    if category is None or category.zone_id != g.zone.id:
        abort(404)
    form = forms.ValueForm(prefix=f"v{category.id}")
    if form.validate_on_submit():
        try:
            pool.add_value(category, form.label.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_l("The answer is added."), "success")
    else:
        flash(_l("Fill in the new answer (at most 120 characters)."), "error")
    return redirect(url_for("pool.overview"))
