"""Security headers on every response."""

from __future__ import annotations

from hashlib import sha512

from flask import Flask, Response, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
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
