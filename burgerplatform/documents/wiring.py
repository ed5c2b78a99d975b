"""How documents plug into the app (called by `create_app`): their routes, and the
deletion of a removed document's file once the removal is committed. The owners
(meetings, rounds, proeftuinen) register themselves in their policies_documents."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from burgerplatform.documents import services, views

# The modules whose routes are on this module's blueprint.
VIEWS = (views,)


def init_app(app: Flask) -> None:
    app.config.setdefault("MAX_UPLOAD_MB", 10)
    for name, listener in (
        ("after_commit", services.discard_removed),
        ("after_soft_rollback", services.forget_removed),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
