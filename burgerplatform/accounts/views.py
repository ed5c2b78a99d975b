from __future__ import annotations

import json
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
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from markupsafe import Markup

from burgerplatform.accounts import bp, services, two_factor
from burgerplatform.accounts.forms import (
    NO_ZONE,
    ChangePasswordForm,
    CheckDetailsForm,
    DeleteAccountForm,
    EmailForm,
    LoginForm,
    NewPasswordForm,
    ProfileForm,
    RegisterForm,
)
from burgerplatform.accounts.models import MailPreference, TokenPurpose
from burgerplatform.audit import services as audit
from burgerplatform.core import limits
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import KEPT_FORM, ButtonForm, form_error, form_status
from burgerplatform.core.http import safe_next
from burgerplatform.core.limits import mail_asked, mail_limit
from burgerplatform.core.permissions import LOGGED_IN, PUBLIC, requires
from burgerplatform.extensions import limiter
from burgerplatform.zones.services import zone_choices

PENDING_USER = "two_step_user"
PENDING_SINCE = "two_step_since"
PENDING_REMEMBER = "two_step_remember"
PENDING_NEXT = "two_step_next"
REGISTERED_HERE = "registered_with_password"

SEND_LIMIT = "5 per minute;20 per hour"  # logged in: asking for a new confirmation


# Per address: high, because a community centre, a library or a care home puts many
# people behind one address. Guessing one person's password is slowed per account.
def LOGIN_LIMIT() -> str:  # noqa: N802 - used like the constants around it
    return current_app.config["LOGIN_RATE_LIMIT"]


# Failed logins per account (the typed address, known or not), from any address. Only
# failures count, and a successful login forgets them: logging in often never pauses.
ACCOUNT_LIMIT = "10 per 15 minutes"
FAILED_LOGINS = "login-failures"
TOO_MANY_LOGINS = _l(
    "There were many attempts to log in to this account in a short time, so we paused it "
    "for a moment. Wait a few minutes, then try again, or ask for a login link by e-mail."
)


def submitted_email() -> str:
    """Throttle key per account: guessing one person's password from many addresses
    is slowed down as much as from one."""
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def start_session(user, remember: bool = False) -> None:
    # A fresh session at login: nothing from before (e.g. a planted id) survives.
    lang, kept = session.get("lang"), session.get(KEPT_FORM)
    session.clear()
    if lang:
        session["lang"] = lang
    if kept:  # what was typed before logging in, until it is back in its form
        session[KEPT_FORM] = kept
    login_user(user, remember=remember, duration=services.remember_for(user))
    services.record_login(user)


def keep_this_session(user) -> None:
    """After end_sessions: this browser stays logged in (with "keep me logged in" if it
    had it); every other session and copied cookie has ended."""
    remember = request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    user = getattr(user, "_get_current_object", lambda: user)()
    login_user(user, remember=bool(remember), duration=services.remember_for(user))


def finish_login(user, remember: bool = False, next_url: str | None = None, message=None):
    """After the password or an e-mailed link: log in, or, with two-step login on, ask
    for the code first. Until then the person is not logged in: the session only holds
    who is waiting, for a few minutes."""
    next_url = safe_next(next_url) or url_for("site.home")
    if user.two_factor_enabled:
        lang, kept = session.get("lang"), session.get(KEPT_FORM)
        session.clear()
        if lang:
            session["lang"] = lang
        if kept:
            session[KEPT_FORM] = kept
        session[PENDING_USER] = user.get_id()
        session[PENDING_SINCE] = int(time.time())
        session[PENDING_REMEMBER] = bool(remember)
        session[PENDING_NEXT] = next_url
        return redirect(url_for("accounts.two_step_login"))
    start_session(user, remember=remember)
    if user.is_admin or user.roles:
        audit.record("account.logged_in", actor=user)
    flash(message or _l("You are logged in."), "success")
    return redirect(next_url)


@bp.route("/register", methods=["GET", "POST"])
@requires(PUBLIC)
@mail_limit("LOGIN_MAIL_RATE_LIMIT")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()
    form.zone.choices = zone_choices(NO_ZONE)
    if request.method == "GET":
        form.locale.data = (
            session.get("lang")
            or request.accept_languages.best_match(current_app.config["LANGUAGES"])
            or "nl"
        )
    if form.validate_on_submit():
        mail_asked()
        try:
            user = services.register(
                email=form.email.data,
                display_name=form.display_name.data,
                password=form.password.data or None,
                locale=form.locale.data,
                zone_id=form.zone.data or None,
                privacy_version=current_app.config["PRIVACY_NOTICE_VERSION"],
            )
        except DomainError as error:
            form_error(form, error, field="email")
        else:
            # The same answer whether the address was new or taken (then its owner
            # got a mail instead): nobody learns here who has an account.
            session["lang"] = form.locale.data
            if user is not None:
                # What was chosen here (password, consent, profile) is kept at
                # confirmation only in this browser.
                session[REGISTERED_HERE] = user.id
            return redirect(url_for("accounts.check_mail", reason="confirm"))
    return render_template("accounts/register.html", form=form), form_status(form)


@bp.route("/register/check-your-mail")
@requires(PUBLIC)
def check_mail():
    reason = request.args.get("reason", "confirm")
    return render_template("accounts/check_mail.html", reason=reason)


@bp.route("/confirm/<token>")
@requires(PUBLIC)
def confirm(token: str):
    # Opening the link proves the address: the person lands logged in, also when the
    # account has no password (there is no password form to fill).
    try:
        user, dropped = services.confirm_email(token, same_browser=_registered_here(token))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("accounts.request_login_link"))
    session.pop(REGISTERED_HERE, None)
    return finish_login(
        user, next_url=_landing(user, url_for("accounts.account")), message=_confirmed(dropped)
    )


def _landing(user, next_url: str | None) -> str | None:
    """After a confirmation in another browser, the owner first checks their details."""
    if services.needs_profile_check(user):
        return url_for("accounts.check_details")
    return next_url


def _registered_here(token: str) -> bool:
    """The link belongs to the account registered in this browser."""
    registered = session.get(REGISTERED_HERE)
    return registered is not None and services.link_owner(token) == registered


def _confirmed(dropped: bool):
    if dropped:
        # Short sentences, and what to do: a link to choose a new password.
        link = Markup('<a href="{}">{}</a>').format(
            url_for("accounts.forgot_password"), _("Choose a new password.")
        )
        return Markup("{} {} {}").format(
            _(
                "Thank you. Your e-mail address is confirmed and you are logged in. The "
                "password that was chosen before no longer works. It was chosen in another "
                "browser. This keeps your account safe."
            ),
            link,
            _("Or log in each time with a link by e-mail."),
        )
    return _l("Thank you, your e-mail address is confirmed. You are logged in.")


def login_paused(_limit):
    """A refused login shows the login form again, with the address as typed."""
    form = LoginForm(formdata=None)
    form.email.data = (request.form.get("email") or "")[:254]
    form.messages.append(str(TOO_MANY_LOGINS))
    response = make_response(render_template("accounts/login.html", form=form))
    response.status_code = 429
    return response


@bp.route("/login", methods=["GET", "POST"])
@requires(PUBLIC)
@mail_limit("LOGIN_MAIL_RATE_LIMIT", side_effect=True)
@limiter.limit(LOGIN_LIMIT, methods=["POST"], on_breach=login_paused)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("site.home"))
    form = LoginForm()
    if request.method == "GET" and request.args.get("email"):
        form.email.data = request.args["email"]
    if form.validate_on_submit():
        account = submitted_email()
        if limits.paused(ACCOUNT_LIMIT, FAILED_LOGINS, account):
            # Also with the right password: otherwise guessing would go on, unseen.
            return login_paused(None)
        try:
            user = services.check_password(form.email.data, form.password.data)
        except DomainError as error:
            limits.count_failure(ACCOUNT_LIMIT, FAILED_LOGINS, account)
            form_error(form, error)
        else:
            limits.forget_failures(ACCOUNT_LIMIT, FAILED_LOGINS, account)
            if user.email_confirmed_at is None:
                mail_asked()
                services.send_link(user, TokenPurpose.CONFIRM)
                flash(_l("Confirm your e-mail address first. We have sent you a new link."), "info")
                return redirect(url_for("accounts.check_mail", reason="confirm"))
            else:
                return finish_login(user, form.remember.data, request.args.get("next"))
    return render_template("accounts/login.html", form=form), form_status(form)


@bp.route("/login/link", methods=["GET", "POST"])
@requires(PUBLIC)
@mail_limit("LOGIN_MAIL_RATE_LIMIT")
def request_login_link():
    form = EmailForm()
    if form.validate_on_submit():
        mail_asked()
        services.request_link(form.email.data, TokenPurpose.LOGIN)
        return redirect(url_for("accounts.check_mail", reason="login"))
    return render_template("accounts/login_link.html", form=form), form_status(form)


@bp.route("/login/link/<token>", methods=["GET", "POST"])
@requires(PUBLIC)
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login_with_link(token: str):
    # Opening the link shows a button; only pressing it logs in. Mail scanners that
    # open links would otherwise spend the single-use link before the person does.
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            user, dropped = services.login_with_link(token, same_browser=_registered_here(token))
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for("accounts.request_login_link"))
        session.pop(REGISTERED_HERE, None)
        return finish_login(
            user, next_url=_landing(user, None), message=_confirmed(True) if dropped else None
        )
    try:
        services.use_link(token, TokenPurpose.LOGIN, consume=False)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("accounts.request_login_link"))
    return render_template("accounts/login_with_link.html", form=form)


@bp.route("/logout", methods=["POST"])
@requires(PUBLIC)
def logout():
    form = ButtonForm()
    if form.validate_on_submit():
        lang = session.get("lang") or (
            current_user.locale if current_user.is_authenticated else None
        )
        if current_user.is_authenticated:
            # On the server too: a copy of this session's cookie stops working.
            services.end_sessions(current_user)
        logout_user()
        session.clear()
        if lang:
            session["lang"] = lang
        flash(_l("You are logged out. See you soon."), "success")
        # E.g. an invitation for another address: log in again with that one and return.
        next_url = safe_next(request.form.get("next"))
        if next_url:
            return redirect(url_for("accounts.login", next=next_url))
    return redirect(url_for("site.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@requires(PUBLIC)
@mail_limit("LOGIN_MAIL_RATE_LIMIT")
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        mail_asked()
        services.request_link(form.email.data, TokenPurpose.RESET)
        return redirect(url_for("accounts.check_mail", reason="reset"))
    return (
        render_template("accounts/forgot_password.html", form=form),
        form_status(form),
    )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@requires(PUBLIC)
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def reset_password(token: str):
    form = NewPasswordForm()
    try:
        services.use_link(token, TokenPurpose.RESET, consume=False)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("accounts.forgot_password"))
    if form.validate_on_submit():
        user = services.reset_password(token, form.password.data)
        # A reset link is no way around the second step either.
        return finish_login(
            user,
            next_url=_landing(user, url_for("accounts.account")),
            message=_l("Your new password is saved and you are logged in."),
        )
    return (
        render_template("accounts/reset_password.html", form=form),
        form_status(form),
    )


@bp.route("/account", methods=["GET", "POST"])
@requires(LOGGED_IN)
def account():
    form = ProfileForm(obj=None)
    form.zone.choices = zone_choices(NO_ZONE)
    if request.method == "GET":
        form.display_name.data = current_user.display_name
        form.zone.data = current_user.zone_id or 0
        form.locale.data = current_user.locale
        form.mail_preference.data = current_user.mail_preference.value
    if form.validate_on_submit():
        services.update_profile(
            current_user,
            display_name=form.display_name.data,
            locale=form.locale.data,
            zone_id=form.zone.data or None,
            mail_preference=MailPreference(form.mail_preference.data),
        )
        session["lang"] = form.locale.data
        flash(_l("Your changes are saved."), "success")
        return redirect(url_for("accounts.account"))
    return render_template(
        "accounts/account.html",
        form=form,
        can_use_two_step=two_factor.may_use(current_user),
        needs_check=services.needs_profile_check(current_user),
    ), (form_status(form))


def _this_account() -> str:
    return f"user:{current_user.get_id()}"


@bp.route("/account/password", methods=["GET", "POST"])
@requires(LOGGED_IN)
@mail_limit("LOGIN_MAIL_RATE_LIMIT")
@limiter.limit(ACCOUNT_LIMIT, methods=["POST"], key_func=_this_account)
def change_password():
    """Change the password (or set one) while logged in: this browser stays logged in,
    every other session ends, the owner gets a mail."""
    form = ChangePasswordForm()
    has_password = bool(current_user.password_hash)
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except DomainError as error:
            form_error(form, error, field="current")
        else:
            if current_user.is_admin or current_user.roles:
                audit.record("account.password_changed", actor=current_user)
            keep_this_session(current_user)
            flash(_l("Your new password is saved. Other devices are logged out."), "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/change_password.html", form=form, has_password=has_password), (
        form_status(form)
    )


@bp.route("/account/check", methods=["GET", "POST"])
@requires(LOGGED_IN)
def check_details():
    """After the address was confirmed in a browser other than the one that registered:
    the details typed at registration may be someone else's, so the owner checks them
    and agrees to the privacy notice themselves."""
    if not services.needs_profile_check(current_user):
        return redirect(url_for("accounts.account"))
    form = CheckDetailsForm()
    form.zone.choices = zone_choices(NO_ZONE)
    if request.method == "GET":
        form.display_name.data = current_user.display_name
        form.zone.data = current_user.zone_id or 0
        form.locale.data = current_user.locale
    if form.validate_on_submit():
        services.check_profile(
            current_user,
            display_name=form.display_name.data,
            locale=form.locale.data,
            zone_id=form.zone.data or None,
            privacy_version=current_app.config["PRIVACY_NOTICE_VERSION"],
        )
        session["lang"] = form.locale.data
        flash(_l("Thank you. Your details are saved."), "success")
        return redirect(url_for("accounts.account"))
    return render_template("accounts/check_details.html", form=form), (form_status(form))


@bp.route("/account/confirm", methods=["POST"])
@requires(LOGGED_IN)
@mail_limit("LOGIN_MAIL_RATE_LIMIT")
@limiter.limit(SEND_LIMIT)
def resend_confirmation():
    form = ButtonForm()
    if form.validate_on_submit() and current_user.email_confirmed_at is None:
        services.send_link(current_user, TokenPurpose.CONFIRM)
        flash(_l("We have sent you a new confirmation link."), "success")
    return redirect(url_for("accounts.account"))


@bp.route("/account/export.json")
@requires(LOGGED_IN)
def export():
    data = services.export_data(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-burgerplatform-data.json"'},
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@requires(LOGGED_IN)
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        services.delete_account(current_user)
        logout_user()
        session.clear()
        flash(
            _l(
                "Your account and personal data are deleted. What you wrote stays, shown as "
                "by a former participant."
            ),
            "success",
        )
        return redirect(url_for("site.home"))
    return (render_template("accounts/delete.html", form=form), form_status(form))
