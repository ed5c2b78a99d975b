"""/api/v1: public, read-only JSON. Modules add their endpoints to this blueprint."""

from __future__ import annotations

from flask import jsonify, request, url_for
from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import selectinload

from burgerplatform.accountability import bp
from burgerplatform.accountability.openapi import document, page_of, register_paths
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.pagination import decode_cursor, encode_cursor
from burgerplatform.core.permissions import PUBLIC, requires
from burgerplatform.extensions import csrf, db
from burgerplatform.zones.models import Zone

csrf.exempt(bp)  # read-only GETs; nothing here changes data

register_paths(
    {
        "/zones": {
            "get": {
                "summary": "All zones",
                "parameters": [
                    {
                        "name": "after",
                        "in": "query",
                        "description": "Cursor from `next`",
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The zones using the platform",
                        "content": {
                            "application/json": {"schema": page_of("Zone", numbered=False)}
                        },
                    }
                },
            }
        }
    },
    schemas={
        "Zone": {
            "type": "object",
            "required": ["slug", "name"],
            "properties": {
                "slug": {"type": "string"},
                "name": {"type": "string"},
                "municipalities": {"type": "array", "items": {"type": "string"}},
                "response_days": {"type": "integer"},
                "support_threshold": {"type": "integer"},
            },
        }
    },
)


def zone_json(zone: Zone) -> dict:
    return {
        "slug": zone.slug,
        "name": zone.name,
        "municipalities": [m.name for m in zone.municipalities],
        "response_days": zone.response_days,
        "support_threshold": zone.support_threshold,
    }


ZONES_PER_PAGE = 100  # Flanders has about 60 zones: one page, in practice


@bp.route("/zones")
@requires(PUBLIC)
@cached_page
def zones():
    query = select(Zone).options(selectinload(Zone.municipalities)).order_by(Zone.name, Zone.id)
    cursor = decode_cursor(request.args.get("after", "")[:400], str)
    if cursor is not None:
        query = query.where(tuple_(Zone.name, Zone.id) > cursor)
    rows = list(db.session.scalars(query.limit(ZONES_PER_PAGE + 1)))
    more, rows = len(rows) > ZONES_PER_PAGE, rows[:ZONES_PER_PAGE]
    following = (
        url_for("api.zones", after=encode_cursor(rows[-1].name, rows[-1].id)) if more else None
    )
    total = db.session.scalar(select(func.count(Zone.id)))
    return jsonify({"items": [zone_json(z) for z in rows], "total": total, "next": following})


@bp.route("/openapi.json")
@requires(PUBLIC)
def openapi():
    return jsonify(document())
