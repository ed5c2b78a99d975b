from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from burgerplatform.core.forms import ButtonForm
from burgerplatform.core.http import safe_next
from burgerplatform.core.pagination import cursors_from
from burgerplatform.core.permissions import LOGGED_IN, requires
from burgerplatform.extensions import db
from burgerplatform.notifications import bp, services
from burgerplatform.notifications.kinds import html_for
from burgerplatform.notifications.models import Notification


@bp.route("/")
@requires(LOGGED_IN)
def index():
    # Pages go by cursor (`before`: older, `after`: newer); an old link's page number
    # out of range stays a 404, any other shows the newest.
    page = request.args.get("page", 1, type=int)
    if page < 1 or page > 10_000:
        abort(404)
    notes = services.page_for(
        current_user, cursors_from(request.args, after="before", before="after")
    )
    items = [(n, html_for(n.kind, n.params)) for n in notes]
    return render_template("notifications/index.html", items=items, notes=notes)


@bp.route("/read", methods=["POST"])
@requires(LOGGED_IN)
def mark_all_read():
    if ButtonForm().validate_on_submit():
        services.mark_read(current_user)
    return redirect(url_for("notifications.index"))


@bp.route("/<int:notification_id>", methods=["POST"])
@requires(LOGGED_IN)
def open_one(notification_id: int):
    """Mark one as read and go to what it is about."""
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != current_user.id:
        abort(404)
    if ButtonForm().validate_on_submit():
        services.mark_read(current_user, note.id)
    return redirect(safe_next(note.url) or url_for("notifications.index"))
