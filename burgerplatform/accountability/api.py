"""/api/v1: public, read-only JSON. Modules add their endpoints to this blueprint."""

from __future__ import annotations

from flask import abort, jsonify, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from burgerplatform.accountability import bp
from burgerplatform.accountability.openapi import document, errors, page_of, register_paths
from burgerplatform.accountability.params import BadQuery, Param, openapi_parameters, parse
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.pagination import Cursors, Keyset, encode_key, keyset_page
from burgerplatform.core.permissions import PUBLIC, requires
from burgerplatform.extensions import csrf, db
from burgerplatform.zones.models import Zone

csrf.exempt(bp)  # read-only GETs; nothing here changes data


@bp.errorhandler(BadQuery)
def refuse_query(error: BadQuery):
    return error.json_response()


ZONES_QUERY = [
    Param(
        "after",
        "Cursor from `next`: the id of the last zone seen (zones are listed by name)",
        kind="integer",
    )
]

register_paths(
    {
        "/zones": {
            "get": {
                "summary": "All zones",
                "parameters": openapi_parameters(ZONES_QUERY),
                "responses": {
                    "200": {
                        "description": "The zones using the platform",
                        "content": {
                            "application/json": {"schema": page_of("Zone", numbered=False)}
                        },
                    },
                    **errors("400", "404", not_found="No zone with the id in `after`"),
                },
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "This description of the API (OpenAPI 3.1)",
                "responses": {
                    "200": {
                        "description": "The OpenAPI document",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    **errors("400"),
                },
            }
        },
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
BY_NAME = Keyset((Zone.name, Zone.id), (str, int), lambda z: (z.name, z.id), descending=False)


@bp.route("/zones")
@requires(PUBLIC)
@cached_page
def zones():
    after = parse(ZONES_QUERY)["after"]
    cursor = None
    if after is not None:
        name = db.session.scalar(select(Zone.name).where(Zone.id == after))
        if name is None:
            abort(404)
        cursor = encode_key((name, after))
    found = keyset_page(
        select(Zone).options(selectinload(Zone.municipalities)),
        BY_NAME,
        Cursors(after=cursor),
        per_page=ZONES_PER_PAGE,
    )
    rows = found.items
    following = url_for("api.zones", after=rows[-1].id) if found.has_more else None
    total = db.session.scalar(select(func.count(Zone.id)))
    return jsonify({"items": [zone_json(z) for z in rows], "total": total, "next": following})


@bp.route("/openapi.json")
@requires(PUBLIC)
def openapi():
    parse([])
    return jsonify(document())
