"""Citizens' initiatives: a topic for the zorgraad's table, its answer and follow-up."""

from burgerplatform.zones import zone_blueprint

bp = zone_blueprint("initiatives", __name__, "/initiatives")


@bp.app_template_global()
def initiative_event(event):
    """(what, who) of a timeline event, translated."""
    from burgerplatform.initiatives.timeline import describe_html, who

    return describe_html(event), who(event)


@bp.app_template_global()
def work_list_zone():
    """The zone whose work list the menu links to for staff and zorgraad members: the
    zone of the page when they hold a role there, else the first zone where they do."""
    from flask import g
    from flask_login import current_user

    from burgerplatform.core.roles import Role

    if not current_user.is_authenticated:
        return None
    wanted = (Role.STAFF, Role.ZORGRAAD_MEMBER)
    here = g.get("zone")
    if here is not None and current_user.has_role(here.id, *wanted):
        return here
    # Only the first zone is needed: load one, not every zone the person has a role in
    # (the menu is on every page).
    role = next((r for r in current_user.roles if r.role in wanted), None)
    return role.zone if role is not None else None
