"""Proeftuinen: coached pilot spaces with moderated discussions."""

from flask import Blueprint

bp = Blueprint("proeftuinen", __name__, url_prefix="/proeftuinen")
