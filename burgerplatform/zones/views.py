from __future__ import annotations

from flask import g, render_template

from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.permissions import PUBLIC, requires
from burgerplatform.zones import bp


@bp.route("/")
@requires(PUBLIC)
@cached_page
def show():
    from burgerplatform.proeftuinen.services import public_in_zone

    return render_template("zones/show.html", zone=g.zone, proeftuinen=public_in_zone(g.zone.id))
