"""Citizens' initiatives: a topic for the zorgraad's table, its answer and follow-up."""

from burgerplatform.zones import zone_blueprint

bp = zone_blueprint("initiatives", __name__, "/initiatives")

from burgerplatform.initiatives import views  # noqa: E402,F401
