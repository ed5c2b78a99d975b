from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from burgerplatform.accounts.models import ZoneRole
from burgerplatform.accounts.services import get_by_email
from burgerplatform.admin import bp
from burgerplatform.admin.forms import AppointForm, ZoneForm
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import ButtonForm, choices, form_error, form_status, handle
from burgerplatform.core.permissions import ADMIN, requires
from burgerplatform.extensions import db
from burgerplatform.zones import services as zone_services
from burgerplatform.zones.models import Role, Zone


@bp.route("/", methods=["GET", "POST"])
@requires(ADMIN)
def index():
    form = ZoneForm()
    return handle(
        form,
        lambda: zone_services.create_zone(
            slug=form.slug.data,
            name=form.name.data,
            municipalities=(form.municipalities.data or "").splitlines(),
            response_days=form.response_days.data,
            support_threshold=form.support_threshold.data,
        ),
        done=_l("The zone is created."),
        then=lambda zone: url_for("admin.zone", zone_id=zone.id),
        page=lambda status: (
            render_template("admin/index.html", zones=zone_services.list_zones(), form=form),
            status,
        ),
        field="slug",
    )


@bp.route("/zones/<int:zone_id>", methods=["GET", "POST"])
@requires(ADMIN)
def zone(zone_id: int):
    zone = db.get_or_404(Zone, zone_id)
    form = AppointForm()
    form.cluster.choices = choices(
        [(0, _l("No cluster"))] + [(c.id, c.kind.label) for c in zone.clusters]
    )
    if form.validate_on_submit():
        user = get_by_email(form.email.data)
        if user is None or user.deleted_at is not None:
            form.email.errors.append(
                str(
                    _l(
                        "Nobody has an account with this e-mail address. "
                        "Ask the person to register first."
                    )
                )
            )
        else:
            cluster = next((c for c in zone.clusters if c.id == form.cluster.data), None)
            try:
                zone_services.appoint(user, zone, Role(form.role.data), cluster)
            except DomainError as error:
                form_error(form, error, field="cluster")
            else:
                flash(_l("The role is given."), "success")
                return redirect(url_for("admin.zone", zone_id=zone.id))
    roles = sorted(
        db.session.scalars(db.select(ZoneRole).where(ZoneRole.zone_id == zone.id)),
        key=lambda r: (r.role.value, r.user.display_name.lower()),
    )
    return (
        render_template("admin/zone.html", zone=zone, form=form, roles=roles),
        form_status(form),
    )


@bp.route("/zones/<int:zone_id>/roles/<int:role_id>/dismiss", methods=["POST"])
@requires(ADMIN)
def dismiss(zone_id: int, role_id: int):
    zone_role = db.get_or_404(ZoneRole, role_id)
    if zone_role.zone_id != zone_id:
        abort(404)
    if ButtonForm().validate_on_submit():
        zone_services.dismiss(zone_role)
        flash(_l("The role is taken away."), "success")
    return redirect(url_for("admin.zone", zone_id=zone_id))
