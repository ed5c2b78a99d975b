"""The zone's list of themes, kept by its staff: add, rename, reorder, remove.

Themes are looked up within the zone of the URL (another zone's id gives 404); the rules
(unique names, a theme in use stays) are in initiatives.themes.
"""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from burgerplatform.core.forms import ButtonForm, form_status, handle, press
from burgerplatform.core.permissions import ZONE_STAFF, requires
from burgerplatform.initiatives import bp, themes
from burgerplatform.initiatives.forms import DEFAULT_THEME_HINT, RenameThemeForm, ThemeForm


def _theme(theme_id: int):
    theme = themes.get_theme(g.zone, theme_id)
    if theme is None:
        abort(404)
    return theme


def _list_page(form: ThemeForm):
    listed, used = themes.themes_for(g.zone), themes.usage(g.zone)
    return (
        render_template(
            "initiatives/themes.html",
            zone=g.zone,
            themes=listed,
            usage=used,
            removable=themes.removable(listed, used),
            form=form,
        ),
        form_status(form),
    )


@bp.route("/themes", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def themes_list():
    form = ThemeForm()
    return handle(
        form,
        lambda: themes.add_theme(g.zone, form.name.data),
        done=lambda theme: _l("The theme “%(name)s” is added at the end.", name=theme.name),
        then=lambda theme: url_for(".themes_list", _anchor=f"theme-{theme.id}"),
        page=lambda status: _list_page(form),
    )


@bp.route("/themes/<int:theme_id>/rename", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def rename_theme(theme_id: int):
    theme = _theme(theme_id)
    form = RenameThemeForm(data={"name": theme.label} if request.method == "GET" else None)
    if theme.key:
        form.name.description = DEFAULT_THEME_HINT
    return handle(
        form,
        lambda: themes.rename_theme(g.zone, theme, form.name.data),
        done=lambda changed: (
            _l("The theme is renamed to “%(name)s”.", name=theme.name) if changed else None
        ),
        then=url_for(".themes_list", _anchor=f"theme-{theme.id}"),
        page=lambda status: (
            render_template("initiatives/theme_rename.html", zone=g.zone, theme=theme, form=form),
            status,
        ),
    )


@bp.route("/themes/<int:theme_id>/move", methods=["POST"])
@requires(ZONE_STAFF)
def move_theme(theme_id: int):
    theme = _theme(theme_id)
    if ButtonForm().validate_on_submit():
        step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
        if step is not None:
            themes.move_theme(g.zone, theme, step)
    return redirect(url_for(".themes_list", _anchor=f"theme-{theme.id}"))


@bp.route("/themes/<int:theme_id>/remove", methods=["POST"])
@requires(ZONE_STAFF)
def remove_theme(theme_id: int):
    theme = _theme(theme_id)
    return press(
        lambda: themes.remove_theme(g.zone, theme),
        then=url_for(".themes_list"),
        done=_l("The theme “%(name)s” is removed.", name=theme.label),
        failed=url_for(".themes_list", _anchor=f"theme-{theme.id}"),
    )
