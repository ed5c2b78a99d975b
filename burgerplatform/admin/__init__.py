"""Platform administration: zones and who holds a role in them."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
