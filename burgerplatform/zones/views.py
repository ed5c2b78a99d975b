from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from burgerplatform.audit import services as audit
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import form_error, form_status
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.permissions import PUBLIC, ZONE_STAFF, can, requires
from burgerplatform.zones import bp, services
from burgerplatform.zones.forms import ZoneSettingsForm


@bp.route("/")
@requires(PUBLIC)
@cached_page
def show():
    from burgerplatform.proeftuinen.services import public_in_zone
    from burgerplatform.seats.services import public_seats

    return render_template(
        "zones/show.html",
        zone=g.zone,
        proeftuinen=public_in_zone(g.zone.id),
        seats=public_seats(g.zone.id),
        can_edit=can(ZONE_STAFF),
    )


@bp.route("/settings", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def settings():
    """The zone's description, support threshold and response promise (staff, admin)."""
    zone = g.zone
    form = ZoneSettingsForm(obj=zone)
    if form.validate_on_submit():
        try:
            changes = services.update_settings(
                zone,
                form.description.data or "",
                form.support_threshold.data,
                form.response_days.data,
            )
        except DomainError as error:
            form_error(form, error, field="description")
        else:
            if changes:
                audit.record(
                    "zone.settings_changed",
                    target_type="zone",
                    target_id=zone.id,
                    detail={"changes": changes},
                )
            flash(_l("The zone's settings are saved."), "success")
            return redirect(url_for(".settings"))
    return (
        render_template("zones/settings.html", zone=zone, form=form),
        form_status(form),
    )
