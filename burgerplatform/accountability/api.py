"""/api/v1: public, read-only JSON. Modules add their endpoints to this blueprint."""

from __future__ import annotations

from flask import jsonify
from sqlalchemy import select

from burgerplatform.accountability import bp
from burgerplatform.accountability.openapi import document, register_paths
from burgerplatform.core.permissions import PUBLIC, requires
from burgerplatform.extensions import csrf, db
from burgerplatform.zones.models import Zone

csrf.exempt(bp)  # read-only GETs; nothing here changes data

register_paths(
    {
        "/zones": {
            "get": {
                "summary": "All zones",
                "responses": {
                    "200": {
                        "description": "The zones using the platform",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "items": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Zone"},
                                        }
                                    },
                                }
                            }
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


@bp.route("/zones")
@requires(PUBLIC)
def zones():
    from sqlalchemy.orm import selectinload

    rows = db.session.scalars(
        select(Zone).options(selectinload(Zone.municipalities)).order_by(Zone.name)
    )
    items = [zone_json(z) for z in rows]
    return jsonify({"items": items, "total": len(items)})


@bp.route("/openapi.json")
@requires(PUBLIC)
def openapi():
    return jsonify(document())
