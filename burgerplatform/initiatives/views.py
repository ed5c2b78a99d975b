"""Initiative pages for citizens: start, write with co-authors, send, read, support, discuss."""

from __future__ import annotations

import secrets
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import ButtonForm, form_error, form_status, handle, press
from burgerplatform.core.http import parse_id
from burgerplatform.core.limits import mail_limit, per_account
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.permissions import (
    LOGGED_IN,
    PUBLIC,
    ZONE_ZORGRAAD,
    can,
    is_zone_staff,
    requires,
)
from burgerplatform.extensions import db
from burgerplatform.initiatives import (
    bp,
    participation,
    queries,
    services,
    workflow,
)
from burgerplatform.initiatives.forms import CommentForm, DraftForm, InviteForm
from burgerplatform.initiatives.models import PUBLIC_STATUSES, InitiativeComment
from burgerplatform.initiatives.rules import AUTHOR, CREATOR, EDITOR, PARTICIPANT, VIEWER, current
from burgerplatform.initiatives.services import DraftData
from burgerplatform.initiatives.themes import themes_for


def _draft_data(form: DraftForm) -> DraftData:
    return DraftData(
        title=form.title.data or "",
        summary=form.summary.data or "",
        body=form.body.data or "",
        affected=form.affected.data or "",
        request=form.ask.data or "",
        theme_ids=list(form.themes.data or []),
        municipality_ids=list(form.municipalities.data or []),
    )


@bp.route("/")
@requires(PUBLIC)
@cached_page
def index():
    """The zone's proposals, newest first, with filters and search; the visitor's own
    drafts above them."""
    filters = queries.filters_from(request.args)
    filters.sort, filters.municipality = "newest", None  # this list: newest first only
    mine = queries.my_drafts(g.zone, current_user) if current_user.is_authenticated else []
    can_start = services.can_create_in(current_user, g.zone)
    return render_template(
        "initiatives/index.html",
        zone=g.zone,
        mine=mine,
        can_start=can_start,
        can_work=can(ZONE_ZORGRAAD),
        filters=filters,
        page=queries.public_page(g.zone, filters),
        args={k: v for k, v in request.args.items() if k in ("status", "theme", "q") and v},
        statuses=PUBLIC_STATUSES,
        themes=themes_for(g.zone),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(CREATOR)
def new():
    form = DraftForm()
    form.set_options(themes_for(g.zone), g.zone.municipalities)
    if not form.draft_key.data:
        form.draft_key.data = secrets.token_urlsafe(24)
    return handle(
        form,
        lambda: services.save_draft(
            g.zone, current_user, _draft_data(form), draft_key=form.draft_key.data[:64]
        ),
        done=_l("Your draft is saved. Only you and your co-authors can see it."),
        then=lambda initiative: url_for(".edit", initiative_id=initiative.id),
        page=lambda status: _editor(form, None),
    )


def _editor(form, initiative, invite_form=None, preview=False):
    status = form_status(form, invite_form)
    return (
        render_template(
            "initiatives/edit.html",
            zone=g.zone,
            form=form,
            initiative=initiative,
            invite_form=invite_form or InviteForm(formdata=None),
            preview=preview,
        ),
        status,
    )


def _stored_form(initiative) -> DraftForm:
    return DraftForm(
        formdata=None,
        data={
            "title": initiative.title,
            "summary": initiative.summary,
            "body": initiative.body,
            "affected": initiative.affected,
            "ask": initiative.request,
            "themes": [t.id for t in initiative.themes],
            "municipalities": [m.id for m in initiative.municipalities],
        },
    )


@bp.route("/<int:initiative_id>/edit", methods=["GET", "POST"])
@requires(AUTHOR)
def edit(initiative_id: int):
    initiative = current()
    if not services.can_edit(current_user, initiative):
        # E.g. a second click on "send": it was sent already, so show where it stands.
        flash(_l("This initiative was sent already, so it cannot be changed now."), "info")
        return redirect(url_for(".show", initiative_id=initiative.id))
    if request.method == "GET":
        form = _stored_form(initiative)
    else:
        form = DraftForm()
    form.set_options(themes_for(g.zone), g.zone.municipalities)
    action = request.form.get("action", "save")
    if form.validate_on_submit():
        try:
            services.save_draft(g.zone, current_user, _draft_data(form), initiative)
            if action == "submit":
                workflow.submit(initiative, current_user)
        except DomainError as error:
            form_error(form, error)
        else:
            if action == "submit":
                flash(_l("Sent. Staff check it and publish it, or ask you a question."), "success")
                return redirect(url_for(".show", initiative_id=initiative.id))
            if action == "preview":
                return _editor(form, initiative, preview=True)
            flash(_l("Your draft is saved."), "success")
            return redirect(url_for(".edit", initiative_id=initiative.id))
    return _editor(form, initiative)


@bp.route("/<int:initiative_id>/submit", methods=["POST"])
@requires(AUTHOR)
def submit(initiative_id: int):
    """Sending twice (double click, back button) is harmless: the second does nothing."""
    initiative = current()
    return press(
        lambda: workflow.submit(initiative, current_user),
        then=url_for(".show", initiative_id=initiative.id),
        failed=url_for(".edit", initiative_id=initiative.id),
    )


@bp.route("/<int:initiative_id>/delete", methods=["POST"])
@requires(EDITOR)
def delete(initiative_id: int):
    initiative = current()
    return press(
        lambda: services.delete_draft(initiative),
        then=url_for(".index"),
        done=_l("The draft is deleted."),
        failed=url_for(".edit", initiative_id=initiative.id),
    )


@bp.route("/<int:initiative_id>/coauthors", methods=["POST"])
@requires(EDITOR)
@mail_limit("COAUTHOR_INVITE_RATE_LIMIT")
def invite(initiative_id: int):
    initiative = current()
    invite_form = InviteForm()

    def page(status: int):
        form = _stored_form(initiative)
        form.set_options(themes_for(g.zone), g.zone.municipalities)
        return _editor(form, initiative, invite_form=invite_form)

    return handle(
        invite_form,
        lambda: services.invite_coauthor(initiative, current_user, invite_form.email.data),
        done=_l("The invitation is sent by e-mail."),
        then=url_for(".edit", initiative_id=initiative.id),
        page=page,
    )


@bp.route("/<int:initiative_id>/coauthors/<int:coauthor_id>/remove", methods=["POST"])
@requires(EDITOR)
def remove_coauthor(initiative_id: int, coauthor_id: int):
    initiative = current()
    invitation = next((c for c in initiative.coauthors if c.id == coauthor_id), None)
    if invitation is None:
        abort(404)
    if ButtonForm().validate_on_submit():
        services.remove_coauthor(invitation)
        flash(_l("The co-author is removed."), "success")
    return redirect(url_for(".edit", initiative_id=initiative.id))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@requires(LOGGED_IN)
def invitation(token: str):
    found = services.find_invitation(g.zone, token[:100])
    if found is None:
        return render_template("initiatives/invitation.html", zone=g.zone, invitation=None), 404
    if not services.is_invited_address(found, current_user):
        # Nothing changes; the page says which address to log in with (masked).
        return render_template(
            "initiatives/invitation.html",
            zone=g.zone,
            invitation=found,
            other_address=services.masked_email(found.email),
        ), 403
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            initiative = services.accept_invitation(found, current_user)
        except DomainError as error:
            # Nothing to write together (sent meanwhile): say so here, no "welcome".
            return render_template(
                "initiatives/invitation.html", zone=g.zone, invitation=found, refused=error
            ), 409
        flash(_l("Welcome! You can now write this initiative together."), "success")
        return redirect(url_for(".edit", initiative_id=initiative.id))
    return render_template("initiatives/invitation.html", zone=g.zone, invitation=found, form=form)


@bp.route("/<int:initiative_id>")
@cached_page  # above: see cached_page on rules that read data
@requires(VIEWER)
def show(initiative_id: int):
    initiative = current()
    return _show_page(initiative)


def _comment_cursor(name: str) -> int | None:
    value = request.args.get(name, type=int)
    if value is not None and value < 1:
        abort(404)
    return value


def _replying_to(initiative, form: CommentForm, window):
    """The thread a "Reply" link (or a reply sent with errors) answers, if any."""
    wanted = form.parent_id.data or request.args.get("reply_to", "")
    wanted = parse_id(str(wanted))
    if wanted is None:
        return None
    thread = next((t for t in window.threads if t.id == wanted), None)
    if thread is None:
        thread = db.session.get(InitiativeComment, wanted)
        if thread is None or thread.initiative_id != initiative.id:
            return None
    form.parent_id.data = str(thread.parent_id or thread.id)
    return thread


def _show_page(initiative, comment_form=None, status=200):
    window = participation.comment_page(
        initiative, before=_comment_cursor("before"), after=_comment_cursor("after")
    )
    is_author = services.is_author(current_user, initiative)
    is_staff = is_zone_staff(current_user, initiative.zone_id)
    events = [e for e in initiative.events if e.public or is_author or is_staff]
    supported, following = participation.viewer_state(initiative, current_user)
    form = comment_form or CommentForm(formdata=None)
    replying_to = _replying_to(initiative, form, window)
    return (
        render_template(
            "initiatives/show.html",
            zone=g.zone,
            initiative=initiative,
            events=events,
            threads=window.threads,
            window=window,
            comment_form=form,
            replying_to=replying_to,
            is_author=is_author,
            is_staff=is_staff,
            can_manage=can(ZONE_ZORGRAAD),
            supported=supported,
            following=following,
            can_support=initiative.status in participation.SUPPORTABLE,
            is_citizen=current_user.is_authenticated and current_user.zone_id == g.zone.id,
        ),
        status,
    )


@bp.route("/<int:initiative_id>/support", methods=["POST"])
@requires(PARTICIPANT)
@per_account("SUPPORT_RATE_LIMIT")
def support(initiative_id: int):
    initiative = current()

    def support_or_withdraw() -> None:
        if request.form.get("withdraw"):
            participation.withdraw_support(initiative, current_user)
            flash(_l("Your support is withdrawn."), "success")
        elif participation.support(initiative, current_user):
            flash(_l("Thank you for your support."), "success")

    return press(support_or_withdraw, then=url_for(".show", initiative_id=initiative.id))


@bp.route("/<int:initiative_id>/follow", methods=["POST"])
@requires(PARTICIPANT)
def follow(initiative_id: int):
    initiative = current()

    def follow_or_stop() -> None:
        if request.form.get("stop"):
            participation.unfollow(initiative, current_user)
            if participation.has_supported(initiative, current_user):
                flash(_l("Your support stays; you get no more messages about it."), "success")
            else:
                flash(_l("You no longer follow this initiative."), "success")
        else:
            participation.follow(initiative, current_user)
            flash(_l("You follow this initiative. We tell you each step."), "success")

    return press(follow_or_stop, then=url_for(".show", initiative_id=initiative.id))


def _comment_kept(message: str):
    """The page again, with the comment as typed and why it was not posted yet."""
    form = CommentForm()
    form.messages.append(message)
    return _show_page(current(), comment_form=form, status=429)


@bp.route("/<int:initiative_id>/comments", methods=["POST"])
@requires(PARTICIPANT)
@per_account("COMMENT_RATE_LIMIT", _comment_kept)
def comment(initiative_id: int):
    initiative = current()
    form = CommentForm()
    return handle(
        form,
        lambda: participation.add_comment(
            initiative, current_user, form.body.data, parse_id(form.parent_id.data)
        ),
        done=_l("Your comment is posted."),
        then=_comment_url,
        page=lambda status: _show_page(initiative, comment_form=form, status=status),
        once=True,
    )


def _comment_url(added: InitiativeComment) -> str:
    # A reply shows with its thread, which may be older than the newest page.
    extra: dict[str, Any] = {"before": added.parent_id + 1} if added.parent_id else {}
    return url_for(
        ".show", initiative_id=added.initiative_id, _anchor=f"comment-{added.id}", **extra
    )
