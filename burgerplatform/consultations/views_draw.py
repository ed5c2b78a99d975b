"""How anyone checks a round's draw: a page in plain words, the public record to
download, and the script that reproduces the group from it (static/check_draw.py)."""

from __future__ import annotations

from flask import abort, g, jsonify, render_template

from burgerplatform.consultations import bp, draw_check
from burgerplatform.consultations.rules import load_round
from burgerplatform.core.permissions import PUBLIC, requires


def _public(round_):
    record = draw_check.public_draw(round_)
    if record is None:
        abort(404)
    try:
        return record, draw_check.public_record(record, round_)
    except draw_check.NoPublicRecord:
        abort(404)


@bp.route("/<int:round_id>/draw")
@requires(PUBLIC)
def draw_check_page(round_id: int):
    round_ = load_round()
    record = draw_check.public_draw(round_)
    if record is not None and draw_check.withheld(record):
        # The page still says what was drawn and why the record stays with staff.
        return render_template(
            "consultations/draw_check.html", zone=g.zone, round=round_, record=record, public=None
        )
    record, public = _public(round_)
    return render_template(
        "consultations/draw_check.html", zone=g.zone, round=round_, record=record, public=public
    )


@bp.route("/<int:round_id>/draw/record.json")
@requires(PUBLIC)
def draw_public_record(round_id: int):
    round_ = load_round()
    _record, public = _public(round_)
    response = jsonify(public)
    # The name the page's command uses.
    response.headers["Content-Disposition"] = 'attachment; filename="draw-record.json"'

    return response
