"""Questionnaires in a round: built by staff (or the klankbordgroep while it shapes the
question), answered online or typed in from paper, and their results."""

from burgerplatform.zones import zone_blueprint

bp = zone_blueprint("questionnaires", __name__, "/rounds/<int:round_id>/questionnaire")
