"""Groups: a zone's register of existing groups, their part in rounds, their requests
for a coach's support."""

from burgerplatform.zones import zone_blueprint

bp = zone_blueprint("groups", __name__, "/groups")
