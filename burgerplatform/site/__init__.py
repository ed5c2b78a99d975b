"""Platform-wide pages: home, privacy notice, language switch, health check."""

from flask import Blueprint

bp = Blueprint("site", __name__)
