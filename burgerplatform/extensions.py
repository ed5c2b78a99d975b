"""Every extension, created without an app; `create_app` binds them."""

from typing import TYPE_CHECKING

from flask import session
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager as FlaskLoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from burgerplatform.core.db import Base, compared_by_autogenerate


class LoginManager(FlaskLoginManager):
    """Session protection guards logged-in sessions only.

    Flask-Login assumes an anonymous visitor's session is empty; ours holds the CSRF
    token, so "strong" protection took every anonymous session for a stolen one and
    rewrote it on each request (a Set-Cookie every time: no page could be revalidated).
    """

    def _session_protection_failed(self) -> bool:
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()

    def _load_user_from_remember_cookie(self, cookie):
        user = super()._load_user_from_remember_cookie(cookie)
        if user is not None:
            # Bind the restored session to this client, as login_user does; without it
            # "strong" protection ended it on the next request ("keep me logged in" lost).
            session["_id"] = self._session_identifier_generator()
        return user


db = SQLAlchemy(model_class=Base)
# Models subclass `Model`, which is `db.Model`: a type checker cannot take an object's
# attribute for a base class (python/mypy#8603), so it is told what `db.Model` is.
if TYPE_CHECKING:
    from flask_sqlalchemy.model import Model as _FlaskModel

    class Model(_FlaskModel, Base):
        __abstract__ = True
else:
    Model = db.Model
migrate = Migrate(include_object=compared_by_autogenerate)
login_manager = LoginManager()
babel = Babel()
compress = Compress()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
