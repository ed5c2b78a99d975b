"""My allowances: a member's consent to be paid and bank account, their line in each
meeting's register, what they were paid, and their yearly statement (PDF)."""

from __future__ import annotations

from flask import Response, abort, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.allowances import bp, exports, services
from burgerplatform.allowances.forms import PayeeForm
from burgerplatform.audit.services import look
from burgerplatform.core.forms import handle, press
from burgerplatform.core.permissions import LOGGED_IN, requires


def _mine_page(form: PayeeForm | None = None, status: int = 200):
    look("my_allowances", target_type="user", target_id=current_user.id)
    details = services.payee_of(current_user)
    if form is None:
        form = PayeeForm(
            formdata=None,
            data={
                "iban": services.pretty_iban(details.iban) if details else "",
                "consent": services.may_be_paid(details),
            },
        )
    payments = services.payments_of(current_user)
    return render_template(
        "allowances/mine.html",
        form=form,
        details=details,
        may_be_paid=services.may_be_paid(details),
        iban=services.pretty_iban(details.iban) if details else "",
        register=services.register_lines_of(current_user),
        payments=payments,
        years=services.years_paid(current_user),
        money=services.money,
    ), status


@bp.route("/meetings/mine/allowances")
@requires(LOGGED_IN)
def mine():
    return _mine_page()


@bp.route("/meetings/mine/allowances/consent", methods=["POST"])
@requires(LOGGED_IN)
def consent():
    form = PayeeForm()
    return handle(
        form,
        lambda: services.give_consent(current_user, form.iban.data or ""),
        done=_l("Thank you. Your bank account is saved: you can be paid from now on."),
        then=url_for("allowances.mine"),
        page=lambda status: _mine_page(form, status),
    )


@bp.route("/meetings/mine/allowances/withdraw", methods=["POST"])
@requires(LOGGED_IN)
def withdraw():
    return press(
        lambda: services.withdraw_consent(current_user),
        then=url_for("allowances.mine"),
        done=_l("You will not be paid any more. Your bank account is forgotten."),
    )


@bp.route("/meetings/mine/allowances/<int(minimum=2000, maximum=2100):year>.pdf")
@requires(LOGGED_IN)
def statement(year: int):
    look("my_allowances_statement", target_type="user", target_id=current_user.id)
    payments = services.payments_of(current_user, year)
    if not payments:
        abort(404)
    zones = services.zone_names({p.zone_id for p in payments})
    body = exports.statement_pdf(
        current_user,
        year,
        payments,
        zones,
        {zone_id: services.ceiling_for(zone_id, year) for zone_id in zones},
    )
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="allowances-{year}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )
