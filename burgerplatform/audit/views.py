"""Admin pages of the audit log: a filtered list (keyset pages) and a CSV export."""

from __future__ import annotations

import json

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from burgerplatform.audit import bp, services
from burgerplatform.audit.forms import AuditFilterForm
from burgerplatform.core.db import utcnow
from burgerplatform.core.forms import form_status
from burgerplatform.core.pagination import cursors_from
from burgerplatform.core.permissions import ADMIN, requires
from burgerplatform.core.spreadsheet import csv_response
from burgerplatform.zones.services import list_zones, zone_choices

CSV_COLUMNS = [
    "id",
    "created_at",
    "actor_id",
    "actor",
    "actor_roles",
    "zone",
    "action",
    "method",
    "path",
    "target_type",
    "target_id",
    "detail",
    "ip",
]


def _filter_form() -> tuple[AuditFilterForm, services.Filters]:
    form = AuditFilterForm(formdata=request.args)
    form.zone.choices = zone_choices(_l("All zones"))
    if request.args and not form.validate():
        return form, services.Filters()
    return form, services.Filters(
        zone_id=form.zone.data or None,
        actor=(form.actor.data or "").strip(),
        action=(form.action.data or "").strip(),
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )


def _query_args(form: AuditFilterForm) -> dict[str, str]:
    """The current filters, to carry over to the next page and the export link."""
    keys = ("zone", "actor", "action", "date_from", "date_to")
    return {k: request.args[k] for k in keys if request.args.get(k) not in (None, "", "0")}


@bp.route("/")
@requires(ADMIN)
def index():
    form, filters = _filter_form()
    events = services.page(filters, cursors_from(request.args, after="before", before="after"))
    zones = {z.id: z for z in list_zones()}
    return (
        render_template(
            "audit/index.html",
            form=form,
            events=events,
            zones=zones,
            args=_query_args(form),
        ),
        form_status(form),
    )


@bp.route("/export.csv")
@requires(ADMIN)
def export_csv():
    form, filters = _filter_form()
    slugs: dict[int | None, str] = {z.id: z.slug for z in list_zones()}
    # Exporting the log is itself a look at who did what: logged before the rows are read.
    services.record("audit.exported", detail={"filters": _query_args(form)})

    rows = (
        (
            event.id,
            event.created_at.isoformat(),
            event.actor_id,
            event.actor_name,
            event.actor_roles,
            slugs.get(event.zone_id, ""),
            event.action,
            event.method,
            event.path,
            event.target_type,
            event.target_id,
            json.dumps(event.detail or {}, ensure_ascii=False, sort_keys=True),
            event.ip,
        )
        for event in services.for_export(filters)
    )
    return csv_response(
        f"audit-log-{utcnow():%Y-%m-%d}.csv", CSV_COLUMNS, rows, stream=True, no_store=True
    )
