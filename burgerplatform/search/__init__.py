"""One search across the platform: every module contributes a search source."""

from flask import Blueprint

bp = Blueprint("search", __name__)
