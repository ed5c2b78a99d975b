"""Absolute URLs: always from BASE_URL, never from the request.

A request's Host header (or X-Forwarded-Host behind a proxy) is chosen by whoever sends
it. A link built from it and mailed to someone else (a password reset, an invitation)
would take its token to the sender's server. So every absolute link, in mails, feeds
and calendars, is built here from the configured public address, and requests for any
other host are refused (TRUSTED_HOSTS, set in config.py from BASE_URL).
Django does the same with ALLOWED_HOSTS; GOV.UK Notify templates carry a fixed base URL.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from flask import Flask, Response, current_app, has_request_context, make_response, request
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError


def base_url() -> str:
    """The public address without a trailing slash, e.g. "https://burgers.example.be"."""
    url: str = current_app.config["BASE_URL"]
    return url.rstrip("/")


def absolute_url(endpoint: str, **values: Any) -> str:
    """`url_for(endpoint, **values)` as an absolute URL on BASE_URL, in or outside a
    request (the worker). The request's host is never read."""
    if endpoint.startswith(".") and has_request_context() and request.blueprint:
        endpoint = request.blueprint + endpoint
    anchor = values.pop("_anchor", None)
    values.pop("_external", None)
    current_app.inject_url_defaults(endpoint, values)
    parts = urlsplit(base_url())
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "http"
    )
    url = adapter.build(endpoint, values, force_external=True)
    if anchor is not None:
        url += "#" + quote(str(anchor), safe="%!#$&'()*+,/:;=?@")
    return url


def absolute(path: str) -> str:
    """A path on this site (as stored with a notification) made absolute on BASE_URL;
    anything that is not a path is returned unchanged."""
    if path.startswith("/") and not path.startswith("//"):
        return base_url() + path
    return path


MACHINE_PATHS = ("/healthz", "/metrics")


def register_trusted_hosts(app: Flask) -> None:
    """A request for another host gets a short plain answer, built without the request:
    the usual error page would build its links from the very host that was refused."""

    # Health and metrics build no links and are asked by a load balancer, a container
    # health check or Prometheus at an internal address: they answer any host name, as if
    # asked at BASE_URL's (Flask refuses other hosts before any view or hook runs).
    public_host = urlsplit(app.config["BASE_URL"]).netloc
    # Inside a ProxyFix (TRUST_PROXY), which stays the outer layer.
    from werkzeug.middleware.proxy_fix import ProxyFix

    proxy = app.wsgi_app if isinstance(app.wsgi_app, ProxyFix) else None
    inner = proxy.app if proxy is not None else app.wsgi_app

    def machine_host(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO", "").startswith(MACHINE_PATHS):
            environ["HTTP_HOST"] = public_host
        return inner(environ, start_response)

    if proxy is not None:
        proxy.app = machine_host
    else:
        app.wsgi_app = machine_host  # type: ignore[method-assign]

    def check_host() -> None:
        # Werkzeug checks TRUSTED_HOSTS only when request.host is read, which a view may
        # do after it wrote (a mail queued, then refused): read it before anything runs.
        _ = request.host  # noqa: F841

    app.before_request_funcs.setdefault(None, []).insert(0, check_host)

    @app.errorhandler(SecurityError)
    def refuse_host(_error: SecurityError) -> Response:
        body = _(
            "This address is not served here. Burgerplatform answers at %(url)s",
            url=app.config["BASE_URL"].rstrip("/") + "/",
        )
        response = make_response(body, 400)
        response.mimetype = "text/plain"
        return response
