"""How anyone checks a round's draw: a page in plain words, the public record to
download, and the script that reproduces the group from it (static/check_draw.py)."""

from __future__ import annotations

from flask import abort, g, jsonify, render_template
from flask_login import current_user

from burgerplatform.consultations import bp, draw_check, pool, queries
from burgerplatform.consultations.models import DrawRecord, DrawStatus
from burgerplatform.consultations.rules import load_round
from burgerplatform.core.permissions import PUBLIC, requires
from burgerplatform.extensions import db


@bp.route("/<int:round_id>/draw")
@requires(PUBLIC)
def draw_check_page(round_id: int):
    round_ = load_round()
    record = draw_check.public_draw(round_)
    # Lists discarded before their pick stay public, whatever came after them.
    discarded = draw_check.discarded_draws(round_)
    # So do draws that could not be made (with their quotas, never why).
    failed = draw_check.failed_draws(round_)
    if record is None and not discarded and not failed:
        abort(404)
    # Without a list (a draw made before lists were published), the page still says
    # what was drawn and why there is no record to download.
    public = (
        draw_check.public_record(record, round_)
        if record is not None and draw_check.has_list(record)
        else None
    )
    # A pool member sees their own code, chance and place (never shown to anyone else),
    # so that they can find themselves in the list and in the group.
    own = None
    if current_user.is_authenticated:
        seat = queries.seat_for(round_, current_user)
        member = seat.member if seat else pool.membership(g.zone, current_user)
        if member is not None:
            own = draw_check.own_part(record, member.pseudonym, seat)
    return render_template(
        "consultations/draw_check.html",
        zone=g.zone,
        round=round_,
        record=record,
        public=public,
        own=own,
        discarded=discarded,
        failed_draws=failed,
    )


@bp.route("/<int:round_id>/draw/record.json")
@requires(PUBLIC)
def draw_public_record(round_id: int):
    round_ = load_round()
    record = draw_check.public_draw(round_)
    if record is None or not draw_check.has_list(record):
        abort(404)
    response = jsonify(draw_check.public_record(record, round_))
    # The name the page's command uses.
    response.headers["Content-Disposition"] = 'attachment; filename="draw-record.json"'
    return response


@bp.route("/<int:round_id>/draw/discarded/<int:draw_id>/record.json")
@requires(PUBLIC)
def discarded_draw_record(round_id: int, draw_id: int):
    """The public record of a list discarded before its pick: its groups and fingerprint,
    so anyone can check which group its number would have picked."""
    round_ = load_round()
    record = db.session.get(DrawRecord, draw_id)
    if record is None or record.round_id != round_.id or record.status is not DrawStatus.DISCARDED:
        abort(404)
    try:
        response = jsonify(draw_check.public_record(record, round_))
    except draw_check.NoPublicRecord:  # discarded before its list was published
        abort(404)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="draw-record-discarded-{record.id}.json"'
    )
    return response
