"""The attendance register of meetings and volunteer allowances (Belgian volunteer law):
who was present, and what each member is paid within the year's legal ceilings."""

from flask import Blueprint

from burgerplatform.zones import zone_blueprint

bp = Blueprint("allowances", __name__)
# The zone's staff: the year's ceilings, a period's payments and their export.
zone_bp = zone_blueprint("zone_allowances", __name__, "/allowances")
