"""Notifications: in-app, and by e-mail per the person's preference (or a daily digest)."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
