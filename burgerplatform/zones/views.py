from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.audit import services as audit
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import form_error, form_status, handle
from burgerplatform.core.limits import per_account
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.pagination import cursors_from
from burgerplatform.core.permissions import PUBLIC, ZONE_STAFF, can, requires
from burgerplatform.zones import bp, services
from burgerplatform.zones.forms import AccessibilityReportForm, ZoneSettingsForm


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
                services.Contact(
                    contact_name=form.contact_name.data or "",
                    contact_phone=form.contact_phone.data or "",
                    contact_email=form.contact_email.data or "",
                    contact_address=form.contact_address.data or "",
                    opening_hours=form.opening_hours.data or "",
                ),
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


@bp.route("/help")
@requires(PUBLIC)
@cached_page
def help():
    """A real person to reach: phone, e-mail, address and opening hours."""
    return render_template(
        "zones/help.html",
        zone=g.zone,
        has_contact=services.has_contact(g.zone),
        can_edit=can(ZONE_STAFF),
    )


def _report_page(form: AccessibilityReportForm, status: int = 200):
    return render_template("zones/report_problem.html", zone=g.zone, form=form), status


def _report_kept(message: str):
    """The form again, with what was typed and why it was not sent yet (rate limit)."""
    form = AccessibilityReportForm()
    form.messages.append(message)
    return _report_page(form)[0]


@bp.route("/help/report-a-problem", methods=["GET", "POST"])
@requires(PUBLIC)
@per_account("ACCESSIBILITY_REPORT_RATE_LIMIT", _report_kept)
def report_problem():
    """Anyone, logged in or not, reports an accessibility problem to the zone's staff: a
    person the site fails may well be unable to log in."""
    form = AccessibilityReportForm()
    if request.method == "GET" and not form.page.data:
        form.page.data = request.args.get("page", "")[:500]
    return handle(
        form,
        lambda: services.report_problem(
            g.zone,
            current_user if current_user.is_authenticated else None,
            form.page.data or "",
            form.problem.data or "",
            form.reply_to.data or "",
            url_for(".problem_reports"),
        ),
        then=url_for(".help"),
        done=_l("Thank you. The staff of the zone will look at the problem."),
        page=lambda status: _report_page(form, status),
        once=True,
    )


@bp.route("/help/reported-problems")
@requires(ZONE_STAFF)
def problem_reports():
    """The accessibility problems reported to this zone (its staff only)."""
    reports = services.reports_page(
        g.zone, cursors_from(request.args, after="before", before="after")
    )
    return render_template("zones/problem_reports.html", zone=g.zone, reports=reports)
