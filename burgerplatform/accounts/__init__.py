"""Accounts: registration, logging in (password or e-mailed link), the account page."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
