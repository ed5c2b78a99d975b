"""A file attached to a meeting, a round or a proeftuin (its *owner*: "meeting:<id>",
"round:<id>", "proeftuin:<id>"). The bytes are on disk under UPLOAD_PATH by a random
name (documents.files); the row says what they are and whose they are."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from burgerplatform.core.db import enum_column, utcnow
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.extensions import Model


class DocumentKind(LabelledEnum):
    AGENDA = "agenda"
    BACKGROUND = "background"
    MINUTES = "minutes"
    PHOTO = "photo"
    OTHER = "other"
    __labels__ = {
        "agenda": _l("Agenda"),
        "background": _l("Background"),
        "minutes": _l("Minutes"),
        "photo": _l("Photo"),
        "other": _l("Other document"),
    }


class Document(Model):
    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_owner_created", "owner", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(40))
    # The owner's zone, when it has one (a proeftuin may span zones): for the audit log.
    zone_id: Mapped[int | None] = mapped_column(
        ForeignKey("zones.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "document_kind"))
    # The name it is downloaded under: the uploader's, cleaned, with the extension of
    # what it really is. Never used on disk.
    filename: Mapped[str] = mapped_column(String(160))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # The random name of the file under UPLOAD_PATH.
    stored_as: Mapped[str] = mapped_column(String(80), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
