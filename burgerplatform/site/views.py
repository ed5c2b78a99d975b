from __future__ import annotations

import hmac

from flask import (
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup

from burgerplatform.core import health, metrics, signals
from burgerplatform.core.forms import BaseForm
from burgerplatform.core.http import safe_next
from burgerplatform.core.page_cache import cached_page
from burgerplatform.core.permissions import LOGGED_IN, PUBLIC, requires
from burgerplatform.site import accessibility, bp
from burgerplatform.site.glossary import explained_terms
from burgerplatform.zones.services import list_zones


@bp.route("/")
@requires(PUBLIC)
@cached_page
def home():
    zones = list_zones()
    my_zone = current_user.zone if current_user.is_authenticated else None
    return render_template("site/home.html", zones=zones, my_zone=my_zone)


@bp.route("/my-participation")
@requires(LOGGED_IN)
def participation():
    """One page with everything the person took part in; each module adds its section
    (signals.collect_participation), so this page knows none of their models."""
    parts = sorted(
        (
            part
            for _receiver, part in signals.collect_participation.send(current_user)
            if part is not None  # a module with nothing for this person
        ),
        key=lambda part: part[0],
    )
    sections = [
        Markup(render_template(template, **context))  # noqa: S704 - our own template
        for _order, template, context in parts
    ]
    return render_template("site/participation.html", sections=sections)


def _zones_of_reader() -> list:
    """The reader's own zone, or every zone when we do not know theirs."""
    if current_user.is_authenticated and current_user.zone is not None:
        return [current_user.zone]
    return list_zones()


@bp.route("/privacy")
@requires(PUBLIC)
def privacy():
    return render_template(
        "site/privacy.html",
        version=current_app.config["PRIVACY_NOTICE_VERSION"],
        zones=_zones_of_reader(),
    )


@bp.route("/woordenlijst")
@requires(PUBLIC)
@cached_page
def glossary():
    """The words of the care sector this site uses, explained (nl, fr, en)."""
    return render_template("site/glossary.html", terms=explained_terms())


@bp.route("/toegankelijkheid", endpoint="accessibility")
@requires(PUBLIC)
def accessibility_statement():
    return render_template(
        "site/accessibility.html",
        facts=accessibility,
        zones=_zones_of_reader(),
    )


@bp.route("/language", methods=["POST"])
@requires(PUBLIC)
def set_language():
    """The language switcher. For a logged-in user it also becomes their setting, which
    mails use too."""
    form = BaseForm()
    lang = request.form.get("lang", "")
    if form.validate_on_submit() and lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
    return redirect(safe_next(request.form.get("next")) or url_for("site.home"))


@bp.route("/healthz")
@requires(PUBLIC)
def healthz():
    """Everything an operator watches: also the worker and the job queue (503 when one
    is wrong, so a monitor alerts)."""
    body, status = health.report(health.everything())
    return jsonify(body), status


@bp.route("/healthz/ready")
@requires(PUBLIC)
def healthz_ready():
    """For a load balancer: can this process serve pages now?"""
    body, status = health.report(health.readiness())
    return jsonify(body), status


@bp.route("/healthz/live")
@requires(PUBLIC)
def healthz_live():
    """For a process supervisor: the process answers (restart it when it does not)."""
    return jsonify({"status": "ok", "version": health.version()})


@bp.route("/metrics")
@requires(PUBLIC)
def metrics_page():
    """For Prometheus, not for the public: only with "Authorization: Bearer
    <METRICS_TOKEN>"; anyone else (and everyone when no token is set) finds nothing."""
    token = current_app.config.get("METRICS_TOKEN")
    sent = request.headers.get("Authorization", "")
    if not token or not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        abort(404)
    body, content_type = metrics.scrape(health.metric_values())
    return body, 200, {"Content-Type": content_type, "Cache-Control": "no-store"}
