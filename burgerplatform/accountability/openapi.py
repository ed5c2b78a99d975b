"""The OpenAPI description of /api/v1, assembled from what each module registers.

register_paths({"/zones/{slug}/initiatives": {...}}, schemas={"Initiative": {...}})
"""

from __future__ import annotations

from typing import Any

from burgerplatform.core.health import version

_PATHS: dict[str, Any] = {}
_SCHEMAS: dict[str, Any] = {}

# The easy-read version (Klare Taal, CEFR A2–B1) of the text beside it, as staff wrote it.
EASY_READ: dict[str, Any] = {
    "type": ["string", "null"],
    "description": "Easy-read version (plain language, Markdown) of the text beside it; "
    "null when none was written",
}


def page_of(schema: str, numbered: bool = True) -> dict[str, Any]:
    """The schema of one page of a list of `schema`: items, paging fields and `next`."""
    properties: dict[str, Any] = {
        "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}}
    }
    if numbered:
        properties |= {"page": {"type": "integer"}, "per_page": {"type": "integer"}}
    properties |= {
        "total": {"type": "integer"},
        "next": {
            "type": ["string", "null"],
            "description": "URL of the next page; null on the last page",
        },
    }
    return {"type": "object", "properties": properties}


_ERROR_TEXT = {
    "400": "The query string is not valid here: an unknown, repeated, malformed or "
    "out-of-range parameter (`details` names each)",
    "404": "Not found",
}


def errors(*codes: str, not_found: str | None = None) -> dict[str, Any]:
    """The documented error answers of an operation: JSON with the `Error` schema."""
    return {
        code: {
            "description": (not_found if code == "404" and not_found else _ERROR_TEXT[code]),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code in codes
    }


_SCHEMAS["Error"] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "integer"},
                "message": {"type": "string"},
                "details": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "What is wrong, one entry per parameter",
                },
            },
        }
    },
}


def register_paths(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> None:
    _PATHS.update(paths)
    _SCHEMAS.update(schemas or {})


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Burgerplatform open data",
            "version": "1.0.0",
            "description": "Public, read-only data of the citizen platforms of Flemish "
            "primary-care zones: initiatives with their timeline, consultation rounds with "
            'their composition and outcomes. Lists are wrapped as {"items": [...]} with '
            "paging fields; `next` is the URL of the following page (a cursor, so every "
            "page is as fast as the first), null on the last. Query parameters are "
            "strict: an unknown, repeated, malformed or out-of-range one is refused with "
            "400 and a JSON `Error` that names it.",
            "license": {"name": "AGPL-3.0-or-later"},
            # The software's release (the API's own version is above).
            "x-burgerplatform-version": version(),
        },
        "servers": [{"url": "/api/v1"}],
        "paths": dict(sorted(_PATHS.items())),
        "components": {"schemas": dict(sorted(_SCHEMAS.items()))},
    }
