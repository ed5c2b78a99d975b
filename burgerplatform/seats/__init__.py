"""Citizens' seats in the bodies where things are decided: the zorgraad, steering groups,
klankbordgroepen. Staff record them; the public zone page names the holders who agreed."""

from flask import Blueprint

from burgerplatform.zones import zone_blueprint

bp = zone_blueprint("seats", __name__, "/seats")
# The seat holder's own choice to be named, from their account.
mine_bp = Blueprint("my_seats", __name__, url_prefix="/my-seats")
