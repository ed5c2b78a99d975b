"""The zone's list of themes, kept by its staff: add, rename, reorder, remove.

Themes are looked up within the zone of the URL (another zone's id gives 404); the rules
(unique names, a theme in use stays) are in initiatives.themes.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from burgerplatform.core.domain import DomainError
from burgerplatform.core.forms import ButtonForm
from burgerplatform.core.permissions import ZONE_STAFF, requires
from burgerplatform.initiatives import bp, themes
from burgerplatform.initiatives.forms import DEFAULT_THEME_HINT, RenameThemeForm, ThemeForm
from burgerplatform.initiatives.views import show_error


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
        400 if form.has_errors else 200,
    )


@bp.route("/themes", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def themes_list():
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            theme = themes.add_theme(g.zone, form.name.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_l("The theme “%(name)s” is added at the end.", name=theme.name), "success")
            return redirect(url_for(".themes_list", _anchor=f"theme-{theme.id}"))
    return _list_page(form)


@bp.route("/themes/<int:theme_id>/rename", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def rename_theme(theme_id: int):
    theme = _theme(theme_id)
    form = RenameThemeForm(data={"name": theme.label} if request.method == "GET" else None)
    if theme.key:
        form.name.description = DEFAULT_THEME_HINT
    if form.validate_on_submit():
        try:
            changed = themes.rename_theme(g.zone, theme, form.name.data)
        except DomainError as error:
            show_error(form, error)
        else:
            if changed:
                flash(_l("The theme is renamed to “%(name)s”.", name=theme.name), "success")
            return redirect(url_for(".themes_list", _anchor=f"theme-{theme.id}"))
    return (
        render_template("initiatives/theme_rename.html", zone=g.zone, theme=theme, form=form),
        400 if form.has_errors else 200,
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
    if ButtonForm().validate_on_submit():
        name = theme.label
        try:
            themes.remove_theme(g.zone, theme)
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for(".themes_list", _anchor=f"theme-{theme.id}"))
        flash(_l("The theme “%(name)s” is removed.", name=name), "success")
    return redirect(url_for(".themes_list"))
