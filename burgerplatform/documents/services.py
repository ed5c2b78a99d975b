"""Adding, listing and removing the documents of an owner. Who may do it is checked by
the views with documents.owners; these functions hold the rules of the files."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from burgerplatform.audit import services as audit
from burgerplatform.core.domain import DomainError
from burgerplatform.documents import files, owners
from burgerplatform.documents.models import Document, DocumentKind
from burgerplatform.extensions import db

# Files of removed documents, deleted from disk once the removal is committed (a removal
# rolled back keeps its file).
DISCARD_KEY = "documents_to_discard"


class TooLarge(DomainError):
    """The file is over MAX_UPLOAD_MB: the page answers 413."""


def limit_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024


def page_context(owner: str, user: Any) -> dict[str, Any]:
    """What templates/documents/_list.html needs on the owner's page."""
    return {
        "documents": documents_of(owner),
        "documents_owner": owner,
        "may_manage_documents": owners.can_manage(user, owner),
    }


def documents_of(owner: str) -> list[Document]:
    return list(
        db.session.scalars(
            select(Document)
            .where(Document.owner == owner)
            .order_by(Document.created_at, Document.id)
        )
    )


def add_document(
    owner: str,
    zone_id: int | None,
    uploader: Any,
    title: str,
    kind: DocumentKind,
    filename: str,
    data: bytes,
) -> Document:
    """Check the file from its content, strip a photo's hidden data, store it and record
    it. Nothing is written when the file is refused."""
    if len(data) > limit_bytes():
        raise TooLarge(files.too_large_message(current_app.config["MAX_UPLOAD_MB"]), field="file")
    file_type, name = files.check(data, filename)
    if file_type.key in files.IMAGES:
        data = files.without_hidden_data(data, file_type)
    document = Document(
        owner=owner,
        zone_id=zone_id,
        title=title.strip(),
        kind=kind,
        filename=name,
        content_type=file_type.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        stored_as=files.store(data),
        uploaded_by_id=getattr(uploader, "id", None),
    )
    db.session.add(document)
    db.session.flush()
    return document


def remove_document(document: Document, actor: Any) -> None:
    """Remove the document (audited); its file goes once this is committed."""
    audit.record(
        "document.removed",
        target_type="document",
        target_id=document.id,
        zone_id=document.zone_id,
        actor=actor,
        detail={
            "owner": document.owner,
            "title": document.title,
            "filename": document.filename,
            "sha256": document.sha256,
        },
    )
    db.session.info.setdefault(DISCARD_KEY, []).append(document.stored_as)
    db.session.delete(document)
    db.session.flush()


def discard_removed(session: Session) -> None:
    """After a commit: delete the files of the documents it removed."""
    for stored_as in session.info.pop(DISCARD_KEY, []):
        files.discard(stored_as)


def forget_removed(session: Session, *_args: Any) -> None:
    """After a rollback: the removal did not happen, the files stay."""
    session.info.pop(DISCARD_KEY, None)
