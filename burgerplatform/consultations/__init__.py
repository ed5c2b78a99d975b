"""Consultation rounds with a klankbordgroep drawn by lot from the zone's citizen pool."""

from burgerplatform.zones import zone_blueprint

bp = zone_blueprint("consultations", __name__, "/rounds")

from burgerplatform.consultations import views  # noqa: E402,F401
