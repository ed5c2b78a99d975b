"""Security headers on every response."""

from __future__ import annotations

from hashlib import sha512

from flask import Flask, Response, request, session

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)


HSTS_SECONDS = 365 * 24 * 3600


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        # Browsers then refuse plain HTTP to this host for a year (as Django's
        # SECURE_HSTS_SECONDS; subdomains are not included: they may be other services).
        headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
    if (
        request.endpoint != "static"
        and session.get("_user_id") is not None
        and "no-store" not in headers.get("Cache-Control", "")
    ):
        # Everything a logged-in person sees is personal (health answers, member lists,
        # contact details, the data download): no browser or proxy may keep a copy.
        headers["Cache-Control"] = "private, no-cache, no-store"
    return response


def client_identifier() -> str:
    """What binds a logged-in session to a client ("strong" session protection).

    Flask-Login's default reads the first X-Forwarded-For entry, which any client can
    write. `request.remote_addr` is the socket's address, or, only when TRUST_PROXY is
    set, the one entry our own proxy added (werkzeug's ProxyFix with x_for=1).
    """
    agent = request.headers.get("User-Agent", "")
    return sha512(f"{request.remote_addr}|{agent}".encode()).hexdigest()


def register_security(app: Flask) -> None:
    from burgerplatform.extensions import login_manager

    login_manager._session_identifier_generator = client_identifier
    app.after_request(add_security_headers)
