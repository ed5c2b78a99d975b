"""A meeting's attendance register (for whoever ran it) and its allowances (for the
staff of the meeting's zone). Every look at amounts or bank details is in the audit log."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.accounts.models import User
from burgerplatform.allowances import bp, services
from burgerplatform.allowances.forms import PaymentForm, RegisterForm, register_form
from burgerplatform.allowances.models import Presence
from burgerplatform.allowances.money import parse_cents
from burgerplatform.allowances.policies import MEETING_PAYER, REGISTER_KEEPER, load_meeting
from burgerplatform.audit.services import look
from burgerplatform.core.forms import handle
from burgerplatform.core.permissions import requires
from burgerplatform.extensions import db

# --- The register ------------------------------------------------------------------------


def _register_page(form: RegisterForm, status: int = 200):
    meeting = load_meeting()
    return render_template(
        "allowances/register.html",
        meeting=meeting,
        form=form,
        begun=services.has_begun(meeting),
        may_pay=MEETING_PAYER.allows(current_user),
    ), status


@bp.route("/meetings/<uid>/register", methods=["GET", "POST"])
@requires(REGISTER_KEEPER)
def register(uid: str):
    meeting = load_meeting()
    form = register_form(services.invited(meeting), services.register_of(meeting))

    def save() -> int:
        return services.record_register(
            meeting,
            current_user,
            {
                person.id: Presence(field.data) if field.data else None
                for person, field in form.member_fields
            },
        )

    return handle(
        form,
        save,
        done=_l("The attendance register is saved."),
        then=url_for("allowances.register", uid=meeting.uid),
        page=lambda status: _register_page(form, status),
        top=True,
    )


# --- The allowances of one meeting --------------------------------------------------------


def _allowances_page(failed: tuple[int, PaymentForm] | None = None, status: int = 200):
    meeting = load_meeting()
    look("meeting_allowances", target_type="meeting", target_id=meeting.id)
    register = services.register_of(meeting)
    payments = services.payments_of_meeting(meeting)
    day = services.meeting_day(meeting)
    rows = []
    for person in services.invited(meeting):
        if register.get(person.id) is not Presence.PRESENT:
            continue
        payment = payments.get(person.id)
        if failed is not None and failed[0] == person.id:
            form = failed[1]
        else:
            form = PaymentForm(
                formdata=None,
                prefix=f"m{person.id}",
                data={
                    "flat": services.money_input(payment.flat_cents) if payment else "",
                    "travel": services.money_input(payment.travel_cents) if payment else "",
                },
            )
        details = services.payee_of(person)
        rows.append(
            {
                "person": person,
                "form": form,
                "payment": payment,
                "may_be_paid": services.may_be_paid(details),
                "iban": services.pretty_iban(details.iban) if details else "",
                "room": services.room_left(meeting, person.id),
            }
        )
    return render_template(
        "allowances/meeting.html",
        meeting=meeting,
        rows=rows,
        day=day,
        ceiling=services.ceiling_for(meeting.zone_id, day.year) if meeting.zone_id else None,
        begun=services.has_begun(meeting),
        failed_form=failed[1] if failed else None,
        zone_url=_zone_url(meeting.zone_id),
        money=services.money,
    ), status


def _zone_url(zone_id: int | None) -> str | None:
    from burgerplatform.zones.models import Zone

    zone = db.session.get(Zone, zone_id) if zone_id else None
    return url_for("zone_allowances.overview", zone_slug=zone.slug) if zone else None


@bp.route("/meetings/<uid>/allowances")
@requires(MEETING_PAYER)
def allowances(uid: str):
    return _allowances_page()


@bp.route("/meetings/<uid>/allowances/<int:user_id>", methods=["POST"])
@requires(MEETING_PAYER)
def pay(uid: str, user_id: int):
    meeting = load_meeting()
    member = db.session.get(User, user_id)
    if member is None or member.id not in {u.id for u in services.invited(meeting)}:
        abort(404)
    form = PaymentForm(prefix=f"m{member.id}")
    name = member.public_name
    return handle(
        form,
        lambda: services.record_payment(
            meeting,
            member,
            parse_cents(form.flat.data, "flat"),
            parse_cents(form.travel.data, "travel"),
            current_user,
        ),
        done=lambda payment: (
            _l("The allowance for %(name)s is saved.", name=name)
            if payment is not None
            else _l("The allowance for %(name)s is removed.", name=name)
        ),
        then=url_for("allowances.allowances", uid=meeting.uid),
        page=lambda status: _allowances_page((member.id, form), status),
    )
