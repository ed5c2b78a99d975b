"""/api/v1/zones/<slug>/initiatives: published initiatives with their full timeline."""

from __future__ import annotations

from flask import abort, jsonify, url_for
from flask_babel import force_locale
from sqlalchemy import select

from burgerplatform.accountability import bp
from burgerplatform.accountability.openapi import EASY_READ, errors, page_of, register_paths
from burgerplatform.accountability.params import (
    MAX_PAGE,
    SLUG_PATH,
    Param,
    openapi_parameters,
    parse,
)
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.pagination import ID_MAX, encode_cursor
from burgerplatform.core.permissions import PUBLIC, requires
from burgerplatform.extensions import db
from burgerplatform.initiatives import queries
from burgerplatform.initiatives.models import PUBLIC_STATUSES, Initiative
from burgerplatform.initiatives.timeline import describe, who
from burgerplatform.zones.models import Zone

MAX_PER_PAGE = 100

LIST_QUERY = [
    Param(
        "after",
        "Cursor from `next`: the id of the last initiative seen; the list goes on after it",
        kind="integer",
    ),
    Param(
        "page",
        "Page number (offset paging, for old links; `next` uses `after`)",
        kind="integer",
        maximum=MAX_PAGE,
        default=1,
    ),
    Param("per_page", "Items per page", kind="integer", maximum=MAX_PER_PAGE, default=20),
    Param(
        "status",
        "Only initiatives with this status",
        choices=tuple(s.value for s in PUBLIC_STATUSES),
    ),
]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def item_json(initiative: Initiative) -> dict:
    return {
        "id": initiative.id,
        "title": initiative.title,
        "status": initiative.status.value,
        "summary": initiative.summary,
        "supports": initiative.supports_count,
        "created_at": _iso(initiative.created_at),
        "published_at": _iso(initiative.published_at),
        "answer_due_at": _iso(initiative.answer_due_at),
        "themes": [t.label for t in initiative.themes],
        "municipalities": [m.name for m in initiative.municipalities],
    }


def detail_json(initiative: Initiative) -> dict:
    data = item_json(initiative)
    data.update(
        {
            "body": initiative.body,
            "agenda_at": _iso(initiative.agenda_at),
            "answered_at": _iso(initiative.answered_at),
            "answered_on_time": initiative.answered_on_time,
            "answer": None,
            "progress_percent": initiative.progress_percent,
            "final_word": initiative.final_word or None,
            "timeline": [
                {
                    "at": _iso(e.created_at),
                    "kind": e.kind,
                    "text": e.text or describe(e),
                    "text_easy_read": e.text_easy or None,
                    "summary": describe(e),
                    "by": who(e),
                }
                for e in initiative.events
                if e.public
            ],
        }
    )
    if initiative.answer_kind is not None:
        meeting = initiative.answer_meeting
        data["answer"] = {
            "kind": initiative.answer_kind.value,
            "reason": initiative.answer_reason,
            "reason_easy_read": initiative.answer_easy or None,
            "referred_to": initiative.referred_to or None,
            "meeting": {"title": meeting.title, "starts_at": _iso(meeting.starts_at)}
            if meeting
            else None,
        }
    return data


def _zone(slug: str) -> Zone:
    zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
    if zone is None:
        abort(404)
    return zone


@bp.route("/zones/<slug>/initiatives")
@requires(PUBLIC)
@cached_page
def zone_initiatives(slug: str):
    query = parse(LIST_QUERY)
    zone = _zone(slug)
    page, per_page, status = query["page"], query["per_page"], query["status"] or ""
    after = ""
    if query["after"] is not None:
        # The cursor is the last initiative seen; the list continues after its place.
        seen = queries.public_detail(zone, query["after"])
        if seen is None or seen.published_at is None:
            abort(404)
        after = encode_cursor(seen.published_at, seen.id)
    filters = queries.Filters(status=status, page=page, after=after)
    found = queries.public_page(zone, filters, per_page=per_page)
    # Open data has one language: the zone's (Dutch), whatever the caller's browser says.
    with force_locale("nl"):
        items = [item_json(i) for i in found.items]
    following = None
    if found.next_cursor and found.items:
        args = {"per_page": per_page, "after": found.items[-1].id}
        if status:
            args["status"] = status
        following = url_for("api.zone_initiatives", slug=slug, **args)
    return jsonify(
        {
            "items": items,
            "page": page,
            "per_page": per_page,
            "total": found.total,
            "next": following,
        }
    )


@bp.route("/zones/<slug>/initiatives/<int:initiative_id>")
@requires(PUBLIC)
@cached_page
def zone_initiative(slug: str, initiative_id: int):
    parse([])
    zone = _zone(slug)
    if not 1 <= initiative_id <= ID_MAX:
        abort(404)  # no row has it; a larger number would overflow the database
    initiative = queries.public_detail(zone, initiative_id)
    if initiative is None:
        abort(404)
    with force_locale("nl"):
        return jsonify(detail_json(initiative))


_ITEM_PROPS = {
    "id": {"type": "integer"},
    "title": {"type": "string"},
    "status": {
        "type": "string",
        "enum": ["published", "on_agenda", "answered", "realised", "closed"],
    },
    "summary": {"type": "string"},
    "supports": {"type": "integer"},
    "created_at": {"type": "string", "format": "date-time"},
    "published_at": {"type": ["string", "null"], "format": "date-time"},
    "answer_due_at": {"type": ["string", "null"], "format": "date-time"},
    "themes": {"type": "array", "items": {"type": "string"}},
    "municipalities": {"type": "array", "items": {"type": "string"}},
}

register_paths(
    {
        "/zones/{slug}/initiatives": {
            "get": {
                "summary": "Published initiatives of a zone, newest first",
                "description": "Follow `next` for the following page: it carries an `after` "
                "cursor, so every page is as fast as the first. `page` still works.",
                "parameters": [SLUG_PATH, *openapi_parameters(LIST_QUERY)],
                "responses": {
                    "200": {
                        "description": "One page of initiatives",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/InitiativePage"}
                            }
                        },
                    },
                    **errors(
                        "400",
                        "404",
                        not_found="No zone with this slug, or `after` names no published "
                        "initiative of this zone",
                    ),
                },
            }
        },
        "/zones/{slug}/initiatives/{id}": {
            "get": {
                "summary": "One published initiative with its answer and full timeline",
                "parameters": [
                    SLUG_PATH,
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": ID_MAX},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The initiative",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/InitiativeDetail"}
                            }
                        },
                    },
                    **errors("400", "404", not_found="Not found, or not published"),
                },
            }
        },
    },
    schemas={
        "Initiative": {
            "type": "object",
            "required": ["id", "title", "status", "supports"],
            "properties": _ITEM_PROPS,
        },
        "InitiativePage": {
            **page_of("Initiative"),
            "required": ["items", "page", "per_page", "total"],
        },
        "TimelineEvent": {
            "type": "object",
            "required": ["at", "kind", "text"],
            "properties": {
                "at": {"type": "string", "format": "date-time"},
                "kind": {"type": "string"},
                "text": {"type": "string"},
                "text_easy_read": EASY_READ,
                "summary": {"type": "string"},
                "by": {"type": "string", "description": "A role, or an author's public name"},
            },
        },
        "InitiativeDetail": {
            "allOf": [
                {"$ref": "#/components/schemas/Initiative"},
                {
                    "type": "object",
                    "required": ["timeline"],
                    "properties": {
                        "body": {"type": "string", "description": "Markdown"},
                        "agenda_at": {"type": ["string", "null"], "format": "date-time"},
                        "answered_at": {"type": ["string", "null"], "format": "date-time"},
                        "answered_on_time": {"type": ["boolean", "null"]},
                        "progress_percent": {"type": ["integer", "null"]},
                        "final_word": {"type": ["string", "null"]},
                        "answer": {
                            "type": ["object", "null"],
                            "properties": {
                                "kind": {
                                    "type": "string",
                                    "enum": [
                                        "adopted",
                                        "adopted_with_changes",
                                        "referred",
                                        "declined",
                                    ],
                                },
                                "reason": {"type": "string", "description": "Markdown"},
                                "reason_easy_read": EASY_READ,
                                "referred_to": {"type": ["string", "null"]},
                                "meeting": {"type": ["object", "null"]},
                            },
                        },
                        "timeline": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/TimelineEvent"},
                        },
                    },
                },
            ]
        },
    },
)
