"""The citizen pool: join, update or leave; staff see it only in aggregate."""

from __future__ import annotations

from flask import (
    abort,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.audit import services as audit
from burgerplatform.consultations import forms, pool, pool_bp
from burgerplatform.consultations.models import PoolCategory
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import (
    ButtonForm,
    create_once,
    flash_created,
    form_error,
    form_status,
    handle,
)
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
                # Each refusal next to its question (and linked from the summary).
                form_error(form, error, fields=forms.pool_field_names(categories))
            else:
                flash(_l("Thank you. Your answers are saved."), "success")
                return redirect(url_for("pool.join"))
        elif not form.has_errors:
            form.messages.append(str(_l("Please check the form.")))
    return _pool_page(member, form, forms.RenewConsentForm(formdata=None), categories)


def _pool_page(member, form, renew_form, categories):
    in_pool = member is not None and member.left_at is None
    return render_template(
        "consultations/pool.html",
        zone=g.zone,
        form=form,
        renew_form=renew_form,
        in_pool=in_pool,
        consent_outdated=in_pool and not pool.consent_is_current(member),
        # Already agreed to this text: changing answers asks no new consent.
        consent_kept=member if pool.consent_kept(member) else None,
        consent_version=pool.current_consent_version(),
        categories=categories,
    ), form_status(form, renew_form)


@pool_bp.route("/consent", methods=["POST"])
@requires(LOGGED_IN)
def renew_consent():
    """Agree to the new consent text (asked by the banner and the mail)."""
    member = pool.membership(g.zone, current_user)
    if member is None or member.left_at is not None:
        abort(404)
    renew_form = forms.RenewConsentForm()
    if renew_form.validate_on_submit():
        try:
            pool.renew_consent(member, renew_form.agree.data)
        except DomainError as error:
            form_error(renew_form, error, field="agree")
        else:
            flash(_l("Thank you. You agreed to the new text and stay in the pool."), "success")
            return redirect(url_for("pool.join"))
    categories = pool.categories(g.zone)
    form = forms.pool_form(categories, member, formdata=None)
    return _pool_page(member, form, renew_form, categories)


# The session remembers "no consent due for version V", checked at login: pages then run
# no query for it. A member with a due consent is checked on each page until they agree
# or leave; a raised version no longer matches and is checked once.
CONSENT_CHECKED = "pool_consent_ok"


def _checked_mark(user) -> str:
    return f"{user.id}:{pool.current_consent_version()}"  # this person, this version


def _remember_consent_state(user) -> None:
    if pool.consent_due(user) is None:
        session[CONSENT_CHECKED] = _checked_mark(user)
    else:
        session.pop(CONSENT_CHECKED, None)


def check_consent_at_login(_app, user=None, **_extra) -> None:
    if user is not None and has_request_context():
        _remember_consent_state(user)


@pool_bp.app_context_processor
def pool_consent_banner() -> dict:
    """The pool membership whose consent is older than the current text, for the banner
    every page shows its member until they agree again or leave."""
    if not request.endpoint or not current_user.is_authenticated:
        return {"pool_consent_due": None}
    if session.get(CONSENT_CHECKED) == _checked_mark(current_user):
        return {"pool_consent_due": None}
    due = pool.consent_due(current_user)
    if due is None:
        session[CONSENT_CHECKED] = _checked_mark(current_user)
    return {"pool_consent_due": due}


@pool_bp.route("/leave", methods=["GET", "POST"])
@requires(LOGGED_IN)
def leave():
    """Leaving erases every answer: the pool page's link leads to this page, which asks
    to confirm first (a plain form, no script needed)."""
    member = pool.membership(g.zone, current_user)
    if member is None or member.left_at is not None:
        # Back after leaving comes here again (and so does a second click on the
        # button): the pool page shows how things are now, not an error.
        if request.method == "POST":
            flash(_l("You are not in the pool."), "info")
        return redirect(url_for("pool.join"), 303)
    if request.method == "GET":
        return render_template("consultations/pool_leave.html", zone=g.zone)
    if ButtonForm().validate_on_submit():
        pool.leave(member)
        flash(_l("You left the pool. Your answers are erased."), "success")
    return redirect(url_for("pool.join"))


@pool_bp.route("/overview", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def overview():
    """Counts per answer, a sensitive answer's blurred; never a list of people."""
    form = forms.CategoryForm()

    def page(status: int):
        total, counts = pool.aggregate(g.zone)
        value_forms = {
            c.id: forms.ValueForm(prefix=f"v{c.id}", formdata=None) for c, _rows in counts
        }
        # Counts only, but of sensitive answers: every look is logged.
        audit.look("overview", target_type="zone", target_id=g.zone.id)
        return render_template(
            "consultations/pool_overview.html",
            zone=g.zone,
            total=total,
            counts=counts,
            form=form,
            value_forms=value_forms,
        ), status

    return handle(
        form,
        lambda: pool.add_category(
            g.zone,
            form.label.data,
            form.multiple.data,
            form.sensitive.data,
            form.values.data.splitlines(),
        ),
        done=_l("The question is added to the pool form."),
        then=url_for("pool.overview"),
        page=page,
        field="values",
        once=True,
    )


def _add_value(category, form) -> str:
    pool.add_value(category, form.label.data)
    return url_for("pool.overview")


@pool_bp.route("/categories/<int:category_id>/values", methods=["POST"])
@requires(ZONE_STAFF)
def add_value(category_id: int):
    category = db.session.get(PoolCategory, category_id)
    if category is None or category.zone_id != g.zone.id:
        abort(404)
    form = forms.ValueForm(prefix=f"v{category.id}")
    if form.validate_on_submit():
        try:
            _url, fresh = create_once(form, lambda: _add_value(category, form))
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash_created(fresh, _l("The answer is added."))
    else:
        flash(_l("Fill in the new answer (at most 120 characters)."), "error")
    return redirect(url_for("pool.overview"))
