"""The zone's public "What happened with your input?" page and its Atom feed.

The initiatives part is drawn here; other modules (rounds) add their sections through
accountability.sections, rendered below it.
"""

from __future__ import annotations

from flask import Response, g, render_template, request
from markupsafe import Markup

from burgerplatform.accountability import sections
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.permissions import PUBLIC, requires
from burgerplatform.core.urls import base_url
from burgerplatform.initiatives import queries
from burgerplatform.initiatives.models import PUBLIC_STATUSES
from burgerplatform.initiatives.themes import themes_for
from burgerplatform.zones import zone_blueprint

bp = zone_blueprint("accountability", __name__)


def chart_bars(counts: dict, width: int = 100) -> list[dict]:
    """Bars of a horizontal bar chart, in % of the track, the largest value full."""
    top = max(counts.values(), default=0) or 1
    return [
        {"label": label, "value": value, "width": round(width * value / top), "y": i * 36}
        for i, (label, value) in enumerate(counts.items())
    ]


@bp.route("/what-happened")
@requires(PUBLIC)
@cached_page
def what_happened():
    filters = queries.filters_from(request.args)
    page = queries.public_page(g.zone, filters)
    figures = queries.figures(g.zone)
    counts, promise = figures.by_status, figures.promise
    others = []
    for section in sections.sections():
        template, context = section(g.zone)
        html = render_template(template, **{"zone": g.zone, **context})
        others.append(Markup(html))  # noqa: S704 - our own rendered template
    # The filters, kept in the links to the next and previous page.
    args = {k: v for k, v in request.args.items() if k not in queries.PAGING and v}
    return render_template(
        "initiatives/what_happened.html",
        zone=g.zone,
        filters=filters,
        page=page,
        args=args,
        statuses=PUBLIC_STATUSES,
        themes=themes_for(g.zone),
        status_bars=chart_bars({s.label: counts[s] for s in counts}),
        promise=promise,
        promise_bars=chart_bars(
            {"on_time": promise.on_time, "late": promise.late, "overdue": promise.overdue}
        ),
        other_sections=others,
    )


@bp.route("/what-happened/feed.xml")
@requires(PUBLIC)
@cached_page
def feed():
    body = render_template(
        "initiatives/feed.xml",
        zone=g.zone,
        entries=queries.feed_entries(g.zone),
        base=base_url(),
    )
    return Response(body, mimetype="application/atom+xml")
