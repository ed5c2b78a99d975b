"""Secrets that must be stored (a two-step login key) are encrypted with a key kept out
of the database (DATA_ENCRYPTION_KEY, config.py): a stolen or carelessly kept dump then
holds no usable key. Fernet (AES-128-CBC with HMAC-SHA256) from `cryptography`; old keys
in DATA_ENCRYPTION_KEY_FALLBACKS still decrypt, and a value is re-encrypted with the
current key when it is next written."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

# Every Fernet token starts with its version byte 0x80, "gAAAAA" in base64.
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - a format marker, not a secret


def _fernet() -> Any:
    from cryptography.fernet import Fernet, MultiFernet

    config = current_app.config
    keys = [config["DATA_ENCRYPTION_KEY"], *config.get("DATA_ENCRYPTION_KEY_FALLBACKS", [])]
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(value: str) -> str:
    return str(_fernet().encrypt(value.encode()).decode())


def decrypt(value: str) -> str:
    """A stored value; one written before encryption came (no token prefix) as it is."""
    if not value.startswith(TOKEN_PREFIX):
        return value
    return str(_fernet().decrypt(value.encode()).decode())


class Encrypted(TypeDecorator[str]):
    """A string column stored encrypted; Python code sees the plain text."""

    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else decrypt(value)
