"""Zones (eerstelijnszones): the tenant of every zone-owned record."""

from flask import Blueprint, abort, g
from sqlalchemy import select

from burgerplatform.extensions import db


def zone_blueprint(name: str, import_name: str, url_prefix: str = "") -> Blueprint:
    """A blueprint whose URLs start with /<zone_slug>/ and that loads `g.zone` first.

    Every module that shows a zone's data uses this, so no view can forget to load the
    zone — and permission rules then check roles against that zone.
    """
    bp = Blueprint(name, import_name, url_prefix="/<zone_slug>" + url_prefix)

    @bp.url_value_preprocessor
    def load_zone(endpoint, values):
        from burgerplatform.zones.models import Zone

        slug = values.pop("zone_slug", None) if values else None
        zone = db.session.scalar(select(Zone).where(Zone.slug == slug))
        if zone is None:
            abort(404)
        g.zone = zone

    @bp.url_defaults
    def add_zone(endpoint, values):
        # Once per link of a zone's page: `g` read once (each read of it is a lookup).
        if "zone_slug" not in values:
            zone = g._get_current_object().get("zone")
            if zone is not None:
                values["zone_slug"] = zone.slug

    return bp


def get_zoned_or_404(model, object_id: int, zone_id: int | None = None):
    """Load a zone-owned object by id, refusing (404) one of any other zone."""
    obj = db.session.get(model, object_id)
    wanted = zone_id if zone_id is not None else g.zone.id
    if obj is None or obj.zone_id != wanted:
        abort(404)
    return obj


bp = zone_blueprint("zones", __name__)


@bp.app_template_filter("elz")
def spell_out_elz(name: str):
    """A zone's name with "ELZ" marked as the abbreviation of eerstelijnszone, so a reader
    (and a screen reader) learns what it stands for where it is first used."""
    from flask_babel import gettext
    from markupsafe import Markup, escape

    title = escape(gettext("eerstelijnszone (primary-care zone)"))
    abbr = Markup(f'<abbr title="{title}">ELZ</abbr>')  # noqa: S704 - escaped above
    return escape(name).replace("ELZ", abbr, 1)


@bp.app_template_filter("phone_digits")
def phone_digits(phone: str) -> str:
    """A phone number as a `tel:` link wants it: digits and a leading +, nothing else (a
    number typed with spaces, dots or slashes; never markup)."""
    digits = "".join(c for c in phone if c.isdigit())
    return ("+" + digits) if phone.strip().startswith("+") else digits
