"""Themes in a round's open input: online and offline contributions and open
questionnaire answers, grouped by the job worker (themes.method), confirmed by staff,
linked to recommendations; the round page shows per theme what became of it."""

from burgerplatform.zones import zone_blueprint

bp = zone_blueprint("themes", __name__, "/rounds/<int:round_id>/themes")
