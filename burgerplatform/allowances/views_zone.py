"""The zone's allowances, for its staff: the legal ceilings per calendar year, a period's
payments, and their export for the bookkeeping (CSV and XLSX)."""

from __future__ import annotations

from datetime import date

from flask import Response, g, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.allowances import exports, services, zone_bp
from burgerplatform.allowances.forms import CeilingForm, ExportForm, PeriodForm
from burgerplatform.allowances.money import parse_cents
from burgerplatform.allowances.policies import ZONE_PAYER
from burgerplatform.audit.services import look
from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import form_error, form_status, handle
from burgerplatform.core.permissions import requires
from burgerplatform.core.spreadsheet import csv_response


def _period(
    form: PeriodForm | None = None,
) -> tuple[PeriodForm, tuple[date, date] | None]:
    """The period asked (?first=&last=, or the posted `form`), else the current quarter
    so far."""
    first, last = services.period_default()
    if form is None and "first" not in request.args and "last" not in request.args:
        return PeriodForm(formdata=None, data={"first": first, "last": last}), (first, last)
    form = form or PeriodForm(formdata=request.args)
    if not form.validate():
        return form, None
    if form.last.data < form.first.data:
        form_error(form, DomainError(_l("The end of the period must be after its start.")), "last")
        return form, None
    return form, (form.first.data, form.last.data)


def _overview(
    ceiling_form: CeilingForm | None = None,
    status: int = 200,
    period_form: PeriodForm | None = None,
):
    look("zone_allowances", target_type="zone", target_id=g.zone.id)
    period_form, period = _period(period_form)
    payments = services.payments_in(g.zone.id, *period) if period else []
    if ceiling_form is None:
        # The figures of this year, to change; else an empty form for this year.
        year = services.period_default()[1].year
        current = services.ceiling_for(g.zone.id, year)
        data: dict[str, object] = {"year": year}
        if current is not None:
            data["daily"] = services.money_input(current.daily_cents)
            data["yearly"] = services.money_input(current.yearly_cents)
        ceiling_form = CeilingForm(formdata=None, data=data)
    return render_template(
        "allowances/zone.html",
        ceilings=services.ceilings_of(g.zone.id),
        ceiling_form=ceiling_form,
        period_form=period_form,
        period=period,
        payments=payments,
        total=sum(p.total_cents for p, _u in payments),
        money=services.money,
    ), max(status, form_status(period_form))


@zone_bp.route("/")
@requires(ZONE_PAYER)
def overview():
    return _overview()


@zone_bp.route("/ceilings", methods=["POST"])
@requires(ZONE_PAYER)
def ceilings():
    form = CeilingForm()
    return handle(
        form,
        lambda: services.set_ceiling(
            g.zone.id,
            form.year.data,
            parse_cents(form.daily.data, "daily"),
            parse_cents(form.yearly.data, "yearly"),
            current_user,
        ),
        done=lambda ceiling: _l("The ceilings for %(year)d are saved.", year=ceiling.year),
        then=url_for("zone_allowances.overview"),
        page=lambda status: _overview(form, status),
    )


def _file(kind: str, payments: list, period: tuple[date, date], suffix: str = "") -> Response:
    name = f"allowances-{g.zone.slug}-{period[0].isoformat()}-{period[1].isoformat()}{suffix}"
    if kind == "csv":
        return csv_response(f"{name}.csv", exports.columns(), exports.rows(payments), no_store=True)
    return Response(
        exports.xlsx_bytes(exports.columns(), payments),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            "Content-Disposition": f'attachment; filename="{name}.xlsx"',
            "Cache-Control": "no-store",
        },
    )


def _download(kind: str) -> Response | tuple[str, int]:
    """A file of the period to check: it locks nothing (a GET changes no data), and its
    name says so; the bookkeeping's file comes from "Export and lock"."""
    look(f"zone_allowances_{kind}", target_type="zone", target_id=g.zone.id)
    _form, period = _period()
    if period is None:
        return _overview(status=400)
    return _file(kind, services.payments_in(g.zone.id, *period), period, "-check")


@zone_bp.route("/export.csv")
@requires(ZONE_PAYER)
def export_csv():
    return _download("csv")


@zone_bp.route("/export.xlsx")
@requires(ZONE_PAYER)
def export_xlsx():
    return _download("xlsx")


@zone_bp.route("/export", methods=["POST"])
@requires(ZONE_PAYER)
def export():
    """Export the period for the bookkeeping: its payments are locked from now on (no
    longer changed here), and the file is downloaded. Pressed twice, the second export
    keeps the first one's date."""
    form = ExportForm()
    _form, period = _period(form)
    if period is None:  # the page again, with the overview's own look
        # The kind is the button pressed, and this page has no buttons (no period yet):
        # what was wrong with it is said on top, not linked to a field it does not show.
        shown = PeriodForm(formdata=request.form)
        shown.messages += [*form.messages, *(str(e) for e in form.kind.errors)]
        return _overview(status=400, period_form=shown)
    look(f"zone_allowances_{form.kind.data}", target_type="zone", target_id=g.zone.id)
    payments = services.payments_in(g.zone.id, *period)
    services.mark_exported(payments)  # from now on in the books: no longer changed here
    return _file(form.kind.data, payments, period)
