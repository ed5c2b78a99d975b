"""/api/v1/zones/<slug>/rounds: phases, aggregate composition against quotas, outcomes."""

from __future__ import annotations

from flask import abort, jsonify, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from burgerplatform.accountability import bp as api_bp
from burgerplatform.accountability import sections
from burgerplatform.accountability.openapi import EASY_READ, errors, page_of, register_paths
from burgerplatform.accountability.params import (
    MAX_PAGE,
    SLUG_PATH,
    Param,
    openapi_parameters,
    parse,
)
from burgerplatform.consultations import queries
from burgerplatform.consultations.models import (
    DrawRecord,
    DrawStatus,
    PoolMember,
    PoolValue,
    Quota,
    Recommendation,
    Round,
    Seat,
)
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.pagination import FIRST_PAGE, Cursors, Keyset, encode_key, keyset_page
from burgerplatform.core.permissions import PUBLIC, requires
from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone

PER_PAGE = 20

ROUNDS_QUERY = [
    Param(
        "after",
        "Cursor from `next`: the id of the last round seen; the list goes on with older ones",
        kind="integer",
    ),
    Param(
        "page",
        "Page number (offset paging, for old links; `next` uses `after`)",
        kind="integer",
        maximum=MAX_PAGE,
        default=1,
    ),
]


def round_json(round_: Round, recs: list[Recommendation], record: DrawRecord | None) -> dict:
    return {
        "id": round_.id,
        "title": round_.title,
        "phase": round_.phase.value,
        "question": round_.question,
        "question_easy_read": round_.question_easy or None,
        "co_defined": round_.co_defined,
        "asked_by": round_.asked_by,
        "deadline": round_.deadline.isoformat() if round_.deadline else None,
        "group_size": round_.group_size,
        "cancelled": round_.cancelled_at is not None,
        "cancelled_at": round_.cancelled_at.isoformat() if round_.cancelled_at else None,
        "cancel_reason": round_.cancel_reason or None,
        # Stable codes to script against, and labels in the reader's language.
        "quotas": [
            {
                "category": q.value.category.key,
                "category_label": q.value.category.display_label,
                "value": q.value.code,
                "value_label": q.value.display_label,
                "min": q.min,
                "max": q.max,
            }
            for q in round_.quotas
        ],
        "composition": queries.composition(round_, record),
        "recommendations": [
            {
                "id": r.id,
                "title": r.title,
                "body": r.body,
                "body_easy_read": r.body_easy or None,
                "outcome": r.outcome.value if r.outcome else None,
                "reasons": r.outcome_reason or None,
                "answered_at": r.answered_at.isoformat() if r.answered_at else None,
                # A published answer changed later: when, and what it was before.
                "changed_at": r.outcome_changed_at.isoformat() if r.outcome_changed_at else None,
                "previous_outcome": r.outcome_previous.value if r.outcome_previous else None,
                "updates": [
                    {
                        "date": u.created_at.isoformat(),
                        "text": u.body,
                        "text_easy_read": u.body_easy or None,
                    }
                    for u in r.updates
                ],
            }
            for r in recs
        ],
    }


@api_bp.route("/zones/<slug>/rounds")
@requires(PUBLIC)
@cached_page
def zone_rounds(slug: str):
    query_args = parse(ROUNDS_QUERY)
    zone = db.session.scalar(select(Zone).where(Zone.slug == slug)) or abort(404)
    page = query_args["page"]
    # Keyset: `after` is the id of the last round seen (newest first, so: older ones).
    after = query_args["after"]
    total = db.session.scalar(select(func.count(Round.id)).where(Round.zone_id == zone.id)) or 0
    found = keyset_page(
        select(Round)
        .where(Round.zone_id == zone.id)
        .options(
            selectinload(Round.quotas).selectinload(Quota.value).selectinload(PoolValue.category),
            selectinload(Round.seats).selectinload(Seat.member).selectinload(PoolMember.answers),
        ),
        Keyset.by_id(Round.id),
        Cursors(after=encode_key((after,))) if after is not None else FIRST_PAGE,
        per_page=PER_PAGE,
        page=page,  # documented offset paging for old links; `next` uses `after`
    )
    rounds = found.items
    recs: dict[int, list[Recommendation]] = {r.id: [] for r in rounds}
    for rec in db.session.scalars(
        select(Recommendation)
        .where(Recommendation.round_id.in_(recs))
        .options(selectinload(Recommendation.updates))
        .order_by(Recommendation.id)
    ):
        recs[rec.round_id].append(rec)
    # Each round's finished draw, whose answers its composition counts: one query.
    done: dict[int, DrawRecord] = {}
    for record in db.session.scalars(
        select(DrawRecord)
        .where(DrawRecord.round_id.in_(recs), DrawRecord.status == DrawStatus.DONE)
        .order_by(DrawRecord.id)
    ):
        done[record.round_id] = record
    return jsonify(
        {
            "items": [round_json(r, recs[r.id], done.get(r.id)) for r in rounds],
            "page": page,
            "per_page": PER_PAGE,
            "total": total,
            "next": url_for("api.zone_rounds", slug=slug, after=rounds[-1].id)
            if found.has_more
            else None,
        }
    )


register_paths(
    {
        "/zones/{slug}/rounds": {
            "get": {
                "summary": "Consultation rounds of a zone",
                "parameters": [SLUG_PATH, *openapi_parameters(ROUNDS_QUERY)],
                "responses": {
                    "200": {
                        "description": "Rounds, newest first, with their phase, the aggregate "
                        "composition of the klankbordgroep against its quotas, and the "
                        "recommendations with the zorgraad's answer",
                        "content": {"application/json": {"schema": page_of("Round")}},
                    },
                    **errors("400", "404", not_found="No zone with this slug"),
                },
            }
        }
    },
    schemas={
        "Round": {
            "type": "object",
            "required": ["id", "title", "phase", "composition", "quotas", "recommendations"],
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "phase": {
                    "type": "string",
                    "enum": ["co_define", "gather", "co_draft", "review", "submitted", "follow_up"],
                },
                "question": {"type": "string"},
                "question_easy_read": EASY_READ,
                "co_defined": {"type": "boolean"},
                "asked_by": {"type": "string"},
                "deadline": {"type": ["string", "null"], "format": "date"},
                "group_size": {"type": "integer"},
                "cancelled": {
                    "type": "boolean",
                    "description": "The round was cancelled: `phase` is where it stopped",
                },
                "cancelled_at": {
                    "type": ["string", "null"],
                    "format": "date-time",
                    "description": "When staff cancelled the round (before its draw)",
                },
                "cancel_reason": {"type": ["string", "null"]},
                "quotas": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "category": {
                                "type": "string",
                                "description": "Stable code of the question, e.g. age_band",
                            },
                            "category_label": {
                                "type": "string",
                                "description": "The question in the reader's language",
                            },
                            "value": {
                                "type": "string",
                                "description": "Stable code of the answer, e.g. none_of_these",
                            },
                            "value_label": {
                                "type": "string",
                                "description": "The answer in the reader's language",
                            },
                            "min": {"type": "integer"},
                            "max": {"type": "integer"},
                        },
                    },
                },
                "composition": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "description": "Sensitive answers (health, care, disability) are "
                        "published only once the group is final (the round left its first "
                        "phase) and then as a band where a count would single people out: "
                        "`fewer_than` when fewer than 5 seated people have the answer, "
                        "`at_least` when fewer than 5 do not (with 5 to 8 seated, where both "
                        "can hold, split at half: no band is one count), `count` only in "
                        "between; "
                        "`met` only when the band decides it. No figure moves when one "
                        "person accepts or declines a seat.",
                        "required": ["label", "sensitive", "min", "max", "published", "met"],
                        "properties": {
                            "label": {"type": "string"},
                            "sensitive": {"type": "boolean"},
                            "published": {
                                "type": "boolean",
                                "description": "False for a sensitive answer while the group "
                                "is not final: then `count` and `met` are null",
                            },
                            "count": {
                                "type": ["integer", "null"],
                                "description": "Accepted seats with this answer; null where "
                                "only a band (or nothing yet) is published",
                            },
                            "fewer_than": {"type": ["integer", "null"]},
                            "at_least": {"type": ["integer", "null"]},
                            "min": {"type": "integer"},
                            "max": {"type": "integer"},
                            "met": {"type": ["boolean", "null"]},
                        },
                    },
                },
                "recommendations": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Recommendation"},
                },
            },
        },
        "Recommendation": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string"},
                "body": {"type": "string", "description": "Markdown"},
                "body_easy_read": EASY_READ,
                "outcome": {
                    "type": ["string", "null"],
                    "enum": ["adopted", "adapted", "referred", "declined", None],
                },
                "reasons": {"type": ["string", "null"]},
                "answered_at": {"type": ["string", "null"], "format": "date-time"},
                "changed_at": {"type": ["string", "null"], "format": "date-time"},
                "previous_outcome": {
                    "type": ["string", "null"],
                    "enum": ["adopted", "adapted", "referred", "declined", None],
                },
                "updates": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "date": {"type": "string", "format": "date-time"},
                            "text": {"type": "string"},
                            "text_easy_read": EASY_READ,
                        },
                    },
                },
            },
        },
    },
)


def input_section(zone: Zone) -> tuple[str, dict]:
    """Our part of the zone's "What happened with your input?" page."""
    rounds = list(
        db.session.scalars(
            select(Round).where(Round.zone_id == zone.id).order_by(Round.id.desc()).limit(50)
        )
    )
    recs: dict[int, list[Recommendation]] = {r.id: [] for r in rounds}
    if recs:
        for rec in db.session.scalars(
            select(Recommendation)
            .where(Recommendation.round_id.in_(recs))
            .order_by(Recommendation.id)
        ):
            recs[rec.round_id].append(rec)
    return "consultations/_input_section.html", {"rounds": rounds, "round_recs": recs, "zone": zone}


sections.register(input_section, order=20)
