"""Proeftuin pages: the list, one proeftuin, members and invitations, coach pages."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from burgerplatform.accounts.views import start_session
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import choices, form_error, form_status, handle, press
from burgerplatform.core.limits import mail_limit
from burgerplatform.core.pagination import cursors_from
from burgerplatform.core.permissions import PUBLIC, Rule, requires
from burgerplatform.documents import services as document_services
from burgerplatform.extensions import db
from burgerplatform.initiatives.services import masked_email
from burgerplatform.meetings import services as meetings
from burgerplatform.moderation.models import HideReason, ReportReason
from burgerplatform.moderation.services import log_for, open_reports
from burgerplatform.proeftuinen import bp, discussion, services
from burgerplatform.proeftuinen.forms import (
    InviteForm,
    JoinWithAccountForm,
    NoteForm,
    ProeftuinForm,
    RemoveMemberForm,
)
from burgerplatform.proeftuinen.models import MemberRole, Membership, Visibility
from burgerplatform.proeftuinen.policies import (
    CAN_CREATE,
    PROEFTUIN_COACH,
    PROEFTUIN_MEMBER,
    PROEFTUIN_VISIBLE,
    load_proeftuin,
)
from burgerplatform.zones.models import Zone

COACH_ANYWHERE = Rule(
    "coach_anywhere",
    lambda u: services.may_create(u) or bool(services.mine(u, MemberRole.COACH)),
)


@bp.context_processor
def proeftuin_context() -> dict:
    """For the sub-navigation: is the current user a coach of the proeftuin shown?"""
    proeftuin = g.get("proeftuin")
    is_coach_here = proeftuin is not None and services.is_coach(current_user, proeftuin)
    return {"is_coach_here": is_coach_here}


def _zone_choices(form: ProeftuinForm) -> None:
    zones = db.session.scalars(select(Zone).order_by(Zone.name))
    form.zone.choices = choices([(0, _l("No zone"))] + [(z.id, z.name) for z in zones])


@bp.route("/")
@requires(PUBLIC)
def index():
    rows = services.visible_list(current_user, cursors_from(request.args))
    return render_template(
        "proeftuinen/index.html",
        proeftuinen=rows,
        mine=services.mine(current_user) if current_user.is_authenticated else [],
        may_create=services.may_create(current_user),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(CAN_CREATE)
def new():
    form = ProeftuinForm()
    _zone_choices(form)
    return handle(
        form,
        lambda: services.create_proeftuin(
            current_user,
            form.name.data,
            form.description.data or "",
            form.zone.data or None,
            Visibility(form.visibility.data),
        ),
        done=_l("The proeftuin is open. Invite the first members."),
        then=lambda proeftuin: url_for("proeftuinen.members", proeftuin_id=proeftuin.id),
        page=_form_page(form, None),
        once=True,
    )


def _form_page(form, proeftuin):
    return lambda status: (
        render_template("proeftuinen/form.html", form=form, proeftuin=proeftuin),
        status,
    )


@bp.route("/<int:proeftuin_id>/edit", methods=["GET", "POST"])
@requires(PROEFTUIN_COACH)
def edit(proeftuin_id: int):
    proeftuin = load_proeftuin()
    form = ProeftuinForm(
        data={
            "name": proeftuin.name,
            "description": proeftuin.description,
            "zone": proeftuin.zone_id or 0,
            "visibility": proeftuin.visibility.value,
        }
    )
    _zone_choices(form)
    return handle(
        form,
        lambda: services.update_proeftuin(
            proeftuin,
            form.name.data,
            form.description.data or "",
            form.zone.data or None,
            Visibility(form.visibility.data),
        ),
        done=_l("Saved."),
        then=url_for("proeftuinen.show", proeftuin_id=proeftuin.id),
        page=_form_page(form, proeftuin),
    )


@bp.route("/<int:proeftuin_id>/")
@requires(PROEFTUIN_VISIBLE)
def show(proeftuin_id: int):
    proeftuin = load_proeftuin()
    topics = discussion.topics(proeftuin, cursors_from(request.args))
    return render_template(
        "proeftuinen/show.html",
        proeftuin=proeftuin,
        topics=topics,
        meetings=meetings.upcoming(proeftuin.space, limit=5),
        is_member=services.is_member(current_user, proeftuin),
        is_coach=services.is_coach(current_user, proeftuin),
        membership=proeftuin.membership_of(current_user),
        **document_services.page_context(f"proeftuin:{proeftuin.id}", current_user),
    )


# --- Members and invitations ---------------------------------------------------------


@bp.route("/<int:proeftuin_id>/members")
@requires(PROEFTUIN_MEMBER)
def members(proeftuin_id: int, invite_form: InviteForm | None = None, status: int = 200):
    proeftuin = load_proeftuin()
    is_coach = services.is_coach(current_user, proeftuin)
    return (
        render_template(
            "proeftuinen/members.html",
            proeftuin=proeftuin,
            memberships=services.members_by_role(proeftuin),
            invitations=services.pending_invitations(proeftuin) if is_coach else [],
            invite_form=invite_form or InviteForm(formdata=None),
            is_coach=is_coach,
        ),
        status,
    )


@bp.route("/<int:proeftuin_id>/invitations", methods=["POST"])
@requires(PROEFTUIN_COACH)
@mail_limit("PROEFTUIN_INVITE_RATE_LIMIT")
def invite(proeftuin_id: int):
    proeftuin = load_proeftuin()
    form = InviteForm()
    return handle(
        form,
        lambda: services.invite(proeftuin, current_user, form.email.data),
        done=lambda _: _l("The invitation is sent to %(email)s.", email=form.email.data),
        then=url_for("proeftuinen.members", proeftuin_id=proeftuin.id),
        page=lambda status: members(proeftuin_id, invite_form=form, status=status),
        field="email",
        once=True,
    )


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@requires(PUBLIC)
def invitation(token: str):
    """Anyone with the link: log in and accept, or create an account here and join."""
    found = services.find_invitation(token)
    if found is None:
        return render_template("proeftuinen/invitation_invalid.html"), 404
    if current_user.is_authenticated and not services.is_invited_address(found, current_user):
        # Nothing changes; the page says which address to log in with (masked).
        return render_template(
            "proeftuinen/invitation.html",
            invitation=found,
            token=token,
            other_address=masked_email(found.email),
        ), 403
    if services.is_used(found) and not (
        current_user.is_authenticated and found.proeftuin.membership_of(current_user)
    ):
        return render_template("proeftuinen/invitation_invalid.html", used=True), 410
    form = JoinWithAccountForm()
    if request.method == "GET":
        form.locale.data = (
            request.accept_languages.best_match(current_app.config["LANGUAGES"]) or "nl"
        )
    if request.method == "POST" and current_user.is_authenticated:
        # (CSRFProtect refuses a POST without a valid token before this view runs.)
        return press(
            lambda: services.accept_invitation(found, current_user),
            then=url_for("proeftuinen.show", proeftuin_id=found.proeftuin_id),
            done=_l("Welcome to the proeftuin."),
            failed=url_for("proeftuinen.invitation", token=token),
        )
    elif request.method == "POST" and form.validate_on_submit():
        try:
            user = services.create_invited_account(
                found,
                form.display_name.data,
                form.password.data or None,
                form.locale.data,
                current_app.config["PRIVACY_NOTICE_VERSION"],
            )
            services.accept_invitation(found, user)
        except DomainError as error:
            form_error(form, error)
        else:
            start_session(user)
            flash(_l("Your account is ready. Welcome to the proeftuin."), "success")
            return redirect(url_for("proeftuinen.show", proeftuin_id=found.proeftuin_id))
    return (
        render_template("proeftuinen/invitation.html", invitation=found, token=token, form=form),
        form_status(form),
    )


@bp.route("/<int:proeftuin_id>/leave", methods=["POST"])
@requires(PROEFTUIN_MEMBER)
def leave(proeftuin_id: int):
    proeftuin = load_proeftuin()
    return press(
        lambda: services.leave(proeftuin, current_user),
        then=url_for("proeftuinen.index"),
        done=_l("You left the proeftuin."),
        failed=url_for("proeftuinen.members", proeftuin_id=proeftuin.id),
    )


@bp.route("/<int:proeftuin_id>/members/<int:membership_id>/remove", methods=["GET", "POST"])
@requires(PROEFTUIN_COACH)
def remove_member(proeftuin_id: int, membership_id: int):
    proeftuin = load_proeftuin()
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.proeftuin_id != proeftuin.id:
        abort(404)
    form = RemoveMemberForm()
    return handle(
        form,
        lambda: services.remove_member(proeftuin, membership, current_user, form.reason.data),
        done=_l("The member is removed."),
        then=url_for("proeftuinen.members", proeftuin_id=proeftuin.id),
        page=lambda status: (
            render_template(
                "proeftuinen/remove_member.html",
                proeftuin=proeftuin,
                membership=membership,
                form=form,
            ),
            status,
        ),
        top=True,
    )


# --- Coach pages ---------------------------------------------------------------------


@bp.route("/<int:proeftuin_id>/notes", methods=["GET", "POST"])
@requires(PROEFTUIN_COACH)
def notes(proeftuin_id: int):
    proeftuin = load_proeftuin()
    form = NoteForm()
    return handle(
        form,
        # E.g. only blanks: the form passes, the rule not (the error is on the field).
        lambda: services.add_note(proeftuin, current_user, form.body.data),
        done=_l("The note is saved."),
        then=url_for("proeftuinen.notes", proeftuin_id=proeftuin.id),
        page=lambda status: (
            render_template(
                "proeftuinen/notes.html",
                proeftuin=proeftuin,
                notes=services.notes(proeftuin),
                form=form,
            ),
            status,
        ),
        field="body",
        once=True,
    )


@bp.route("/<int:proeftuin_id>/moderation-log")
@requires(PROEFTUIN_VISIBLE)
def log(proeftuin_id: int):
    """Everyone who can see the proeftuin sees the log; private notes only coaches."""
    proeftuin = load_proeftuin()
    return render_template(
        "proeftuinen/log.html",
        proeftuin=proeftuin,
        entries=log_for(proeftuin.space),
        reason_labels={r.value: r.label for r in (*HideReason, *ReportReason)},
        is_coach=services.is_coach(current_user, proeftuin),
        reports=open_reports([proeftuin.space])
        if services.is_coach(current_user, proeftuin)
        else [],
    )


@bp.route("/coach")
@requires(COACH_ANYWHERE)
def dashboard():
    coached = services.mine(current_user, MemberRole.COACH)
    spaces = [p.space for p in coached]
    reports = open_reports(spaces)
    unanswered = discussion.unanswered([p.id for p in coached])
    upcoming = meetings.upcoming(spaces, limit=50) if spaces else []
    by_space: dict[str, dict] = {
        p.space: {"proeftuin": p, "reports": [], "unanswered": [], "meetings": []} for p in coached
    }
    for entry in reports:
        by_space[entry.space]["reports"].append(entry)
    for topic in unanswered:
        by_space[f"proeftuin:{topic.proeftuin_id}"]["unanswered"].append(topic)
    for meeting in upcoming:
        by_space[meeting.space]["meetings"].append(meeting)
    return render_template("proeftuinen/dashboard.html", rows=list(by_space.values()))
