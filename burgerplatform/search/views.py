"""The search page: /zoeken?q=… (a GET form, so it works without JavaScript and a search
can be bookmarked or shared)."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from burgerplatform.core.domain import DomainError
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.permissions import PUBLIC, requires
from burgerplatform.search import bp, registry, services
from burgerplatform.search.registry import Terms


@bp.route("/zoeken")
@requires(PUBLIC)
@cached_page
def index():
    query = request.args.get("q", "")
    kind = request.args.get("kind", "")[:20]
    kind = kind if registry.get(kind) is not None else ""
    zones = services.zones()
    zone = next((z for z in zones if z.slug == request.args.get("zone", "")), None)
    page = request.args.get("page", 1, type=int) or 1
    error, results = None, None
    if "q" in request.args:
        try:
            words = services.parse(query)
        except DomainError as refused:
            error = refused.message
        else:
            terms = Terms(words, zone.id if zone else None)
            results = services.search(terms, current_user, kind, page)
    return render_template(
        "search/index.html",
        query=query[: services.MAX_CHARACTERS],
        too_long=len(query) > services.MAX_CHARACTERS,
        kind=kind,
        zone=zone,
        zones=zones,
        sources=registry.sources(),
        # Translated once here, not again for every hit of the kind.
        labels={s.kind: str(s.label) for s in registry.sources()},
        error=error,
        results=results,
    ), services.status_of(error is not None, query)
