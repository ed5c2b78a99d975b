"""A library of good practice: short cases written when a proeftuin closes with an
outcome or a round reaches its follow-up, published for every zone to learn from."""

from flask import Blueprint

from burgerplatform.zones import zone_blueprint

bp = Blueprint("library", __name__, url_prefix="/library")
# Publishing a case of a round: the round belongs to the zone of the URL.
zone_bp = zone_blueprint("zone_library", __name__, "/library")
