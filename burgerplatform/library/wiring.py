"""How the library of good practice plugs into the app (called by `create_app`)."""

from __future__ import annotations

from flask import Flask

from burgerplatform.core import forms
from burgerplatform.extensions import db
from burgerplatform.library import api, policies, policies_search, views
from burgerplatform.library.models import Case
from burgerplatform.search import registry as search_registry

# The modules whose routes are on this module's blueprints (api's on /api/v1).
VIEWS = (views, api)
# The permission rule of the proeftuin's publish form.
POLICIES = (policies,)


def init_app(app: Flask) -> None:
    """Its cases in the one search; a case's page is what its publish form led to, and a
    withdrawn case is gone (a publish form sent again then publishes anew)."""
    search_registry.register(policies_search.CASES)
    forms.result_page(
        "library.show", lambda args: db.session.get(Case, args.get("case_id")) is not None
    )
