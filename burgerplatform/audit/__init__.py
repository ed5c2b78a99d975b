"""Audit log: who did what, when, in a staff, coach or admin capacity, and every look at
personal pool data. Readable and exportable by platform admins only."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
