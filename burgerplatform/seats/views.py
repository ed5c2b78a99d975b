"""Staff record the zone's citizen seats; the holder chooses to be named or not."""

from __future__ import annotations

from flask import abort, g, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from burgerplatform.core.forms import handle, press
from burgerplatform.core.permissions import LOGGED_IN, ZONE_STAFF, requires
from burgerplatform.extensions import db
from burgerplatform.seats import bp, mine_bp, services
from burgerplatform.seats.forms import NewSeatForm, SeatForm
from burgerplatform.seats.models import Body, ChosenBy, CitizenSeat
from burgerplatform.zones import get_zoned_or_404


def _rounds() -> list[tuple[int, str]]:
    from burgerplatform.consultations.models import Round

    rows = db.session.execute(
        select(Round.id, Round.title).where(Round.zone_id == g.zone.id).order_by(Round.id.desc())
    )
    return [(rid, title) for rid, title in rows]


def _details(form: SeatForm) -> services.SeatDetails:
    return services.SeatDetails(
        email=form.email.data,
        body=Body(form.body.data),
        body_name=form.body_name.data or "",
        chosen_by=ChosenBy(form.chosen_by.data),
        round_id=form.chosen_round(),
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
    )


@bp.route("/")
@requires(ZONE_STAFF)
def index():
    return render_template("seats/index.html", zone=g.zone, seats=services.seats_of_zone(g.zone.id))


def _form_page(form: SeatForm, seat: CitizenSeat | None):
    return lambda status: (
        render_template("seats/form.html", zone=g.zone, form=form, seat=seat),
        status,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def new():
    form = NewSeatForm()
    form.set_rounds(_rounds())
    return handle(
        form,
        lambda: services.add_seat(g.zone.id, _details(form)),
        done=_l(
            "The seat is recorded. The citizen chooses in their account whether their "
            "name is shown."
        ),
        then=url_for(".index"),
        page=_form_page(form, None),
        once=True,
    )


@bp.route("/<int:seat_id>/edit", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def edit(seat_id: int):
    seat = get_zoned_or_404(CitizenSeat, seat_id)
    details = services.details_of(seat)
    form = SeatForm(
        data={
            "email": details.email,
            "body": details.body.value,
            "body_name": details.body_name,
            "chosen_by": details.chosen_by.value,
            "round_id": str(details.round_id or ""),
            "starts_on": details.starts_on,
            "ends_on": details.ends_on,
        }
    )
    form.set_rounds(_rounds())
    return handle(
        form,
        lambda: services.update_seat(seat, _details(form)),
        done=_l("The seat is saved."),
        then=url_for(".index"),
        page=_form_page(form, seat),
    )


@bp.route("/<int:seat_id>/remove", methods=["POST"])
@requires(ZONE_STAFF)
def remove(seat_id: int):
    seat = get_zoned_or_404(CitizenSeat, seat_id)
    return press(
        lambda: services.remove_seat(seat, current_user),
        then=url_for(".index"),
        done=_l("The seat is removed."),
    )


def _my_seat(seat_id: int) -> CitizenSeat:
    seat = db.session.get(CitizenSeat, seat_id)
    if seat is None or seat.user_id != current_user.id:
        abort(404)
    return seat


@mine_bp.route("/<int:seat_id>/show-my-name", methods=["POST"])
@requires(LOGGED_IN)
def show_name(seat_id: int):
    seat = _my_seat(seat_id)
    return press(
        lambda: services.set_consent(seat, current_user, True),
        then=url_for("site.participation", _anchor="my-seats"),
        done=_l("Your name is now shown with this seat on the zone's page."),
    )


@mine_bp.route("/<int:seat_id>/hide-my-name", methods=["POST"])
@requires(LOGGED_IN)
def hide_name(seat_id: int):
    seat = _my_seat(seat_id)
    return press(
        lambda: services.set_consent(seat, current_user, False),
        then=url_for("site.participation", _anchor="my-seats"),
        done=_l("Your name is no longer shown with this seat."),
    )
