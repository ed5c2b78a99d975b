"""Two-step login: the code after the password or link, and setting it up on the
account page. Admins without it are sent to the setup page first."""

from __future__ import annotations

import time

from flask import (
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.accounts import bp, two_factor
from burgerplatform.accounts.forms import TwoStepCodeForm, TwoStepSetupForm
from burgerplatform.accounts.models import User
from burgerplatform.accounts.services import load_user
from burgerplatform.accounts.views import (
    LOGIN_LIMIT,
    PENDING_NEXT,
    PENDING_REMEMBER,
    PENDING_SINCE,
    PENDING_USER,
    keep_this_session,
    start_session,
)
from burgerplatform.audit import services as audit
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import form_error, form_status
from burgerplatform.core.permissions import PUBLIC, Rule, requires
from burgerplatform.extensions import limiter

PENDING_MINUTES = 10
# Per account, whatever the address: 6 digits cannot be guessed at this pace.
TWO_STEP_LIMIT = "5 per 5 minutes;20 per hour"
TWO_STEP_USER = Rule("two_step_user", two_factor.may_use)
# What an admin without two-step login may still open: the setup itself and the way out.
OPEN_DURING_SETUP = {
    "accounts.two_step_setup",
    "accounts.two_step_qr",
    "accounts.logout",
    "site.set_language",
    "site.privacy",
    "site.healthz",
    "site.healthz_ready",
    "site.healthz_live",
    "site.metrics_page",
    "static",
}


def _pending_user() -> User | None:
    pending = session.get(PENDING_USER)
    since = session.get(PENDING_SINCE, 0)
    if not pending or time.time() - since > PENDING_MINUTES * 60:
        return None
    return load_user(pending)


def pending_account_key() -> str:
    return "two-step:" + str(session.get(PENDING_USER) or "").partition(":")[0]


def _no_store(response):
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.before_app_request
def admins_set_up_two_step_login():
    if request.endpoint is None or request.endpoint in OPEN_DURING_SETUP:
        return None
    if not current_app.config.get("TWO_FACTOR_REQUIRED_FOR_ADMINS", True):
        return None
    if not current_user.is_authenticated or not two_factor.must_use(current_user):
        return None
    if current_user.two_factor_enabled:
        return None
    flash(
        _l(
            "As a platform admin you must turn on two-step login before you continue. "
            "It takes two minutes."
        ),
        "info",
    )
    return redirect(url_for("accounts.two_step_setup"))


@bp.route("/login/two-step", methods=["GET", "POST"])
@requires(PUBLIC)
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@limiter.limit(TWO_STEP_LIMIT, methods=["POST"], key_func=pending_account_key)
def two_step_login():
    if current_user.is_authenticated:
        return redirect(url_for("site.home"))
    user = _pending_user()
    if user is None:
        for key in (PENDING_USER, PENDING_SINCE, PENDING_REMEMBER, PENDING_NEXT):
            session.pop(key, None)
        flash(_l("Logging in took too long. Please start again."), "info")
        return redirect(url_for("accounts.login"))
    form = TwoStepCodeForm()
    if form.validate_on_submit():
        try:
            kind = two_factor.verify(user, form.code.data)
        except DomainError as error:
            form_error(form, error, field="code")
        else:
            remember = bool(session.get(PENDING_REMEMBER))
            next_url = session.get(PENDING_NEXT) or url_for("site.home")
            start_session(user, remember=remember)  # clears the pending state too
            audit.record("account.logged_in", actor=user, detail={"second_step": kind})
            if kind == "recovery":
                left = two_factor.recovery_codes_left(user)
                flash(
                    _l(
                        "You used a recovery code; it no longer works. You have "
                        "%(count)d left. Make new ones on your account page if you run low.",
                        count=left,
                    ),
                    "info",
                )
            flash(_l("You are logged in."), "success")
            return redirect(next_url)
    return (
        render_template("accounts/two_step_login.html", form=form),
        form_status(form),
    )


@bp.route("/account/two-step")
@requires(TWO_STEP_USER)
def two_step():
    return render_template(
        "accounts/two_step.html",
        disable_form=TwoStepCodeForm(prefix="off"),
        codes_form=TwoStepCodeForm(prefix="codes"),
        codes_left=two_factor.recovery_codes_left(current_user)
        if current_user.two_factor_enabled
        else 0,
        required=two_factor.must_use(current_user),
    )


@bp.route("/account/two-step/setup", methods=["GET", "POST"])
@requires(TWO_STEP_USER)
def two_step_setup():
    if current_user.two_factor_enabled:
        return redirect(url_for("accounts.two_step"))
    secret = two_factor.start_setup(current_user)
    form = TwoStepSetupForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm_setup(current_user, form.code.data)
        except DomainError as error:
            form_error(form, error, field="code")
        else:
            keep_this_session(current_user)
            flash(_l("Two-step login is on."), "success")
            return _no_store(render_template("accounts/recovery_codes.html", codes=codes))
    return _no_store(
        (
            render_template(
                "accounts/two_step_setup.html",
                form=form,
                secret_groups=[secret[i : i + 4] for i in range(0, len(secret), 4)],
                required=two_factor.must_use(current_user),
            ),
            form_status(form),
        )
    )


@bp.route("/account/two-step/qr.svg")
@requires(TWO_STEP_USER)
def two_step_qr():
    # Only while setting up: once it is on, the secret is never shown again.
    if current_user.two_factor_enabled or not current_user.totp_secret:
        return redirect(url_for("accounts.two_step"))
    return _no_store(Response(two_factor.qr_svg(current_user), mimetype="image/svg+xml"))


@bp.route("/account/two-step/recovery-codes", methods=["POST"])
@requires(TWO_STEP_USER)
@limiter.limit(TWO_STEP_LIMIT)
def two_step_new_codes():
    form = TwoStepCodeForm(prefix="codes")
    if form.validate_on_submit():
        try:
            codes = two_factor.regenerate_codes(current_user, form.code.data)
        except DomainError as error:
            form_error(form, error, field="code")
        else:
            return _no_store(render_template("accounts/recovery_codes.html", codes=codes))
    return _two_step_page_with_error(codes_form=form)


@bp.route("/account/two-step/off", methods=["POST"])
@requires(TWO_STEP_USER)
@limiter.limit(TWO_STEP_LIMIT)
def two_step_off():
    form = TwoStepCodeForm(prefix="off")
    if form.validate_on_submit():
        try:
            two_factor.disable(current_user, form.code.data)
        except DomainError as error:
            form_error(form, error, field="code")
        else:
            keep_this_session(current_user)
            flash(_l("Two-step login is off."), "success")
            return redirect(url_for("accounts.account"))
    return _two_step_page_with_error(disable_form=form)


def _two_step_page_with_error(**forms):
    values = {
        "disable_form": TwoStepCodeForm(prefix="off", formdata=None),
        "codes_form": TwoStepCodeForm(prefix="codes", formdata=None),
    }
    values.update(forms)
    return (
        render_template(
            "accounts/two_step.html",
            codes_left=two_factor.recovery_codes_left(current_user),
            required=two_factor.must_use(current_user),
            **values,
        ),
        400,
    )
