"""Configuration, read from environment variables.

Defaults give a working demo on a fresh machine: a SQLite file in the instance
folder, mail printed by the worker, rate limits kept in memory.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _generated_key(instance_path: Path, name: str, make: Callable[[], str]) -> str:
    """A key from the environment variable `name`, else one generated once into the
    instance folder (file `name.lower()`, readable by its owner only).

    A hard-coded key would let anyone forge sessions on a copy that forgot to set one.
    """
    key = os.environ.get(name)
    if key:
        return key
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / name.lower()
    if not key_file.exists():
        key_file.write_text(make())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _secret_key(instance_path: Path) -> str:
    return _generated_key(instance_path, "SECRET_KEY", lambda: secrets.token_hex(32))


def _data_key(instance_path: Path) -> str:
    """The key that encrypts secrets stored in the database (two-step login keys): kept
    out of the database, so a dump alone does not hold them (a Fernet key)."""
    return _generated_key(
        instance_path,
        "DATA_ENCRYPTION_KEY",
        lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    )


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def trusted_hosts(base_url: str, extra: str | None = None) -> list[str]:
    """The host of BASE_URL plus the comma-separated names in `extra` (TRUSTED_HOSTS)."""
    hosts = [urlsplit(base_url).hostname or ""]
    hosts += [h.strip() for h in (extra or "").split(",") if h.strip()]
    return [h for i, h in enumerate(hosts) if h and h not in hosts[:i]]


class Config:
    """Settings shared by every environment. Instance-dependent values are filled in by
    `load(instance_path)` so that nothing touches the disk at import time."""

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # a Markdown text is never near 2 MB
    # Documents on meetings, rounds and proeftuinen: the largest file (only their upload
    # may send more than MAX_CONTENT_LENGTH), and where the files are kept (UPLOAD_PATH,
    # by default instance/uploads; the same folder for every process).
    MAX_UPLOAD_MB = int(os.environ.get("MAX_UPLOAD_MB", "10"))
    WTF_CSRF_TIME_LIMIT = 4 * 3600

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Brussels"
    LANGUAGES = ("nl", "fr", "en")

    # Mail: "smtp" delivers to MAIL_SERVER, "console" prints in the worker's log (demo).
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "1025"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Burgerplatform <noreply@burgerplatform.localhost>"
    )
    MAIL_TIMEOUT = 10

    # Background work: attempts before a job is given up, and seconds between tries.
    JOB_MAX_ATTEMPTS = 8
    JOB_RETRY_BASE_SECONDS = 30
    # Logs on stdout: "json" (one object per line) or "text"; and from which level.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # /healthz: a worker silent this long has stopped; a job waiting this long is late.
    WORKER_STALE_SECONDS = int(os.environ.get("WORKER_STALE_SECONDS", "120"))
    # GET /metrics answers only a request with "Authorization: Bearer <this>"; unset: 404.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN") or None
    QUEUE_STALE_SECONDS = int(os.environ.get("QUEUE_STALE_SECONDS", "600"))

    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # Login attempts per address: high, as a community centre or a care home puts many
    # people behind one address (guessing a password is slowed per account instead).
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "100 per minute;1000 per hour")
    # Per account (core/limits.py), for what citizens write. Generous on purpose: a person
    # never meets them; a script or a runaway resend does.
    COMMENT_RATE_LIMIT = os.environ.get("COMMENT_RATE_LIMIT", "20 per minute;200 per day")
    SUPPORT_RATE_LIMIT = os.environ.get("SUPPORT_RATE_LIMIT", "30 per minute;300 per day")
    ROUND_INPUT_RATE_LIMIT = os.environ.get("ROUND_INPUT_RATE_LIMIT", "20 per minute;200 per day")
    PROEFTUIN_POST_RATE_LIMIT = os.environ.get(
        "PROEFTUIN_POST_RATE_LIMIT", "20 per minute;200 per day"
    )
    # Accessibility problems reported to a zone; visitors count per network address.
    ACCESSIBILITY_REPORT_RATE_LIMIT = os.environ.get(
        "ACCESSIBILITY_REPORT_RATE_LIMIT", "5 per minute;30 per day"
    )

    # Mail to an address someone typed, per account (logged in, else the typed address)
    # and per route; and a cap per route for everyone together (core/limits.mail_limit).
    # A visitor past the limit per typed address or the cap sees the usual page and the
    # mail is held back: the answer never tells who has an account.
    LOGIN_MAIL_RATE_LIMIT = os.environ.get("LOGIN_MAIL_RATE_LIMIT", "3 per 10 minutes;10 per day")
    COAUTHOR_INVITE_RATE_LIMIT = os.environ.get(
        "COAUTHOR_INVITE_RATE_LIMIT", "10 per hour;20 per day"
    )
    PROEFTUIN_INVITE_RATE_LIMIT = os.environ.get(
        "PROEFTUIN_INVITE_RATE_LIMIT", "30 per hour;100 per day"
    )
    # Staff or a coach adding groups for their contacts; a contact handing a group over.
    GROUP_MAIL_RATE_LIMIT = os.environ.get("GROUP_MAIL_RATE_LIMIT", "30 per hour;100 per day")
    # Per network address and route, for visitors: high, as a care home or a community
    # centre puts everybody behind one address; one mailbox is protected per typed address.
    VISITOR_MAIL_RATE_LIMIT = os.environ.get("VISITOR_MAIL_RATE_LIMIT", "60 per hour;300 per day")
    MAIL_DAILY_CAP = os.environ.get("MAIL_DAILY_CAP", "1000 per day")

    # The public address. Every absolute link (mails, feeds, calendars) is built from it
    # (core/urls.py), never from the request's Host header, and requests for another host
    # are refused: TRUSTED_HOSTS is its host plus the names in the TRUSTED_HOSTS variable.
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")

    EXTRA_TRUSTED_HOSTS = os.environ.get("TRUSTED_HOSTS", "")

    # The version of the citizen pool's consent text, when a zone changed the text itself
    # (else consultations.pool.POOL_CONSENT_VERSION): see `flask pool-consent-changed`.
    POOL_CONSENT_VERSION = os.environ.get("POOL_CONSENT_VERSION")

    PRIVACY_NOTICE_VERSION = "2026-11"
    LOGIN_LINK_MINUTES = 20
    CONFIRM_LINK_HOURS = 72
    RESET_LINK_MINUTES = 60
    # An account whose address is not confirmed within this many days is removed.
    UNCONFIRMED_ACCOUNT_DAYS = 7

    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_HTTPONLY = True
    # "Keep me logged in": a year for a citizen; shorter for those who can change what
    # others see or read personal data (accounts/services.remember_for).
    REMEMBER_COOKIE_DURATION = timedelta(days=365)
    REMEMBER_STAFF_DURATION = timedelta(days=7)
    REMEMBER_ADMIN_DURATION = timedelta(hours=12)
    REMEMBER_COOKIE_SAMESITE = "Lax"
    DEBUG = False
    TESTING = False
    # Benchmark hooks (X-Query-Count, the ceiling route): only for `make bench`.
    BENCH = _bool("BENCH")
    # Rendered public pages for anonymous visitors (core/page_cache.py). The same value for
    # the web and the worker: the worker's writes must change the data version too.
    PAGE_CACHE_ENABLED = _bool("PAGE_CACHE_ENABLED", True)
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
    PAGE_CACHE_BYTES = int(os.environ.get("PAGE_CACHE_BYTES", str(32 * 1024 * 1024)))
    # "memory" (per process) or "redis" (shared by every worker on every server); unset:
    # redis when REDIS_URL is set. In Redis each page lives PAGE_CACHE_SECONDS at most and
    # one larger than PAGE_CACHE_ENTRY_BYTES is not stored.
    PAGE_CACHE_BACKEND = os.environ.get("PAGE_CACHE_BACKEND") or None
    PAGE_CACHE_ENTRY_BYTES = int(os.environ.get("PAGE_CACHE_ENTRY_BYTES", str(1024 * 1024)))

    @classmethod
    def load(cls, instance_path: Path) -> dict:
        values = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        default_db = "sqlite:///" + str(instance_path / "burgerplatform.sqlite")
        values["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", default_db)
        values["SECRET_KEY"] = _secret_key(instance_path)
        values["UPLOAD_PATH"] = os.environ.get("UPLOAD_PATH") or str(instance_path / "uploads")
        # Rotation: the new key signs, the old ones (comma-separated) are still accepted.
        values["SECRET_KEY_FALLBACKS"] = _list("SECRET_KEY_FALLBACKS")
        values["DATA_ENCRYPTION_KEY"] = _data_key(instance_path)
        values["DATA_ENCRYPTION_KEY_FALLBACKS"] = _list("DATA_ENCRYPTION_KEY_FALLBACKS")
        values["RATELIMIT_STORAGE_URI"] = cls.REDIS_URL or "memory://"
        # Two installations on one Redis must not share counters: keys carry the host.
        values["RATELIMIT_KEY_PREFIX"] = os.environ.get(
            "RATELIMIT_KEY_PREFIX", f"bp:{urlsplit(values['BASE_URL']).hostname or ''}:"
        )
        values["PAGE_CACHE_REDIS_PREFIX"] = os.environ.get(
            "PAGE_CACHE_REDIS_PREFIX", f"bp:{urlsplit(values['BASE_URL']).hostname or ''}:page:"
        )
        values["TRUSTED_HOSTS"] = trusted_hosts(values["BASE_URL"], cls.EXTRA_TRUSTED_HOSTS)
        # Cookies only over HTTPS, unless we run locally for development or the demo.
        secure = not (values.get("DEBUG") or _bool("INSECURE_COOKIES"))
        values["SESSION_COOKIE_SECURE"] = secure
        values["REMEMBER_COOKIE_SECURE"] = secure
        return values


class DevelopmentConfig(Config):
    DEBUG = True


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = True
    MAIL_BACKEND = "smtp"
    BASE_URL = "http://localhost"
    # The browser tests serve the same app on 127.0.0.1:<free port>.
    EXTRA_TRUSTED_HOSTS = "127.0.0.1"
    # Per process, whatever REDIS_URL says: the Redis store's tests ask for it by name.
    PAGE_CACHE_BACKEND = "memory"

    @classmethod
    def load(cls, instance_path: Path) -> dict:
        values = super().load(instance_path)
        values["SQLALCHEMY_DATABASE_URI"] = os.environ.get(
            "TEST_DATABASE_URL", "sqlite:///" + str(instance_path / "test.sqlite")
        )
        values["SECRET_KEY"] = "test-only-not-secret"  # noqa: S105
        values["SESSION_COOKIE_SECURE"] = False
        values["REMEMBER_COOKIE_SECURE"] = False
        return values
