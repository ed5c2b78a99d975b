from __future__ import annotations

from flask import g, render_template

from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.permissions import PUBLIC, requires
from burgerplatform.zones import bp


@bp.route("/")
@requires(PUBLIC)
@cached_page
def show():
    return render_template("zones/show.html", zone=g.zone)
