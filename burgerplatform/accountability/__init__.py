"""Public accountability: the open JSON API (/api/v1) and its OpenAPI description."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
