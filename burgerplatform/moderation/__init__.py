"""Moderation shared by initiative comments and proeftuin discussions."""

from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")
