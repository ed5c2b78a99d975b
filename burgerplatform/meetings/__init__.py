"""Meetings of the zorgraad, of rounds' groups and of proeftuinen: agendas, attendance,
iCal, and minutes participants may correct."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
