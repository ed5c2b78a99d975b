"""Citizens' initiatives: a topic for the zorgraad's table, its answer and follow-up."""

from burgerplatform.zones import zone_blueprint

bp = zone_blueprint("initiatives", __name__, "/initiatives")


@bp.app_template_global()
def initiative_event(event):
    """(what, who) of a timeline event, translated."""
    from burgerplatform.initiatives.timeline import describe, who

    return describe(event), who(event)
