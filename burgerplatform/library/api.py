"""/api/v1/cases: the library of good practice as open data, on the API's blueprint."""

from __future__ import annotations

from flask import abort, jsonify, url_for
from flask_babel import force_locale

from burgerplatform.accountability import bp
from burgerplatform.accountability.openapi import errors, page_of, register_paths
from burgerplatform.accountability.params import Param, openapi_parameters, parse
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.pagination import ID_MAX, Cursors, encode_key
from burgerplatform.core.permissions import PUBLIC, requires
from burgerplatform.core.urls import absolute_url
from burgerplatform.library import queries
from burgerplatform.library.models import LANGUAGES, Case, CaseTopic, Theme

MAX_PER_PAGE = 100

CASES_QUERY = [
    Param(
        "after",
        "Cursor from `next`: the id of the last case seen (cases are listed newest first)",
        kind="integer",
    ),
    Param("per_page", "Items per page", kind="integer", maximum=MAX_PER_PAGE, default=20),
    Param("theme", "Only cases with this theme", choices=tuple(t.value for t in Theme)),
    Param("topic", "Only cases on this topic", choices=tuple(t.value for t in CaseTopic)),
    Param("zone", "Only cases of the zone with this slug", max_length=64),
]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def case_json(case: Case) -> dict:
    return {
        "id": case.id,
        "zone": case.zone.slug if case.zone else None,
        "source": case.source.value,
        "topic": case.topic.value,
        "topic_label": case.topic.label,
        "themes": [t.value for t in case.theme_list],
        "participant_count": case.participant_count,
        "contact": case.contact,
        "published_at": _iso(case.published_at),
        "url": absolute_url("library.show", case_id=case.id),
        # Dutch always; French and English where the case was written in them.
        "texts": {
            t.lang: {
                "title": t.title,
                "asked": t.asked,
                "who_took_part": t.who,
                "done": t.done,
                "changed": t.changed,
                "would_do_differently": t.differently,
                "easy_read_summary": t.summary_easy or None,
            }
            for t in case.texts
        },
    }


@bp.route("/cases")
@requires(PUBLIC)
@cached_page
def cases():
    query = parse(CASES_QUERY)
    filters = queries.filters_from({k: query[k] or "" for k in ("theme", "topic", "zone")})
    if query["zone"] and filters.zone is None:
        abort(404)
    at = Cursors(after=encode_key((query["after"],))) if query["after"] else Cursors()
    found = queries.published_cases(filters, at, per_page=query["per_page"], with_total=True)
    with force_locale("nl"):
        items = [case_json(c) for c in found.items]
    following = None
    if found.next_cursor and found.items:
        args = {**filters.args, "per_page": query["per_page"], "after": found.items[-1].id}
        following = url_for("api.cases", **args)
    return jsonify({"items": items, "total": found.total, "next": following})


@bp.route("/cases/<int:case_id>")
@requires(PUBLIC)
@cached_page
def case(case_id: int):
    parse([])
    if not 1 <= case_id <= ID_MAX:
        abort(404)
    found = queries.published_case(case_id)
    if found is None:
        abort(404)
    with force_locale("nl"):
        return jsonify(case_json(found))


_TEXT = {
    "type": "object",
    "required": ["title", "asked", "done", "changed"],
    "properties": {
        "title": {"type": "string"},
        "asked": {"type": "string", "description": "Markdown"},
        "who_took_part": {"type": "string", "description": "Without names"},
        "done": {"type": "string", "description": "Markdown"},
        "changed": {"type": "string", "description": "Markdown"},
        "would_do_differently": {"type": "string", "description": "Markdown"},
        "easy_read_summary": {"type": ["string", "null"], "description": "Markdown"},
    },
}

register_paths(
    {
        "/cases": {
            "get": {
                "summary": "The library of good practice: cases of all zones, newest first",
                "description": "Cases written when a proeftuin closed with an outcome or a "
                "round reached its follow-up. Follow `next` for the following page.",
                "parameters": openapi_parameters(CASES_QUERY),
                "responses": {
                    "200": {
                        "description": "One page of cases",
                        "content": {"application/json": {"schema": page_of("Case", False)}},
                    },
                    **errors("400", "404", not_found="No zone with the slug in `zone`"),
                },
            }
        },
        "/cases/{id}": {
            "get": {
                "summary": "One case of the library",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": ID_MAX},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The case",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Case"}}
                        },
                    },
                    **errors("400", "404", not_found="No case with this id"),
                },
            }
        },
    },
    schemas={
        "Case": {
            "type": "object",
            "required": ["id", "source", "topic", "themes", "participant_count", "texts"],
            "properties": {
                "id": {"type": "integer"},
                "zone": {"type": ["string", "null"], "description": "The zone's slug"},
                "source": {"type": "string", "enum": ["proeftuin", "round"]},
                "topic": {"type": "string", "enum": [t.value for t in CaseTopic]},
                "topic_label": {"type": "string"},
                "themes": {
                    "type": "array",
                    "items": {"type": "string", "enum": [t.value for t in Theme]},
                },
                "participant_count": {"type": "integer"},
                "contact": {"type": "string"},
                "published_at": {"type": "string", "format": "date-time"},
                "url": {"type": "string", "format": "uri"},
                "texts": {
                    "type": "object",
                    "description": "The case by language: always `nl`, `fr` and `en` when written",
                    "required": ["nl"],
                    "properties": {lang: _TEXT for lang in LANGUAGES},
                },
            },
        }
    },
)
