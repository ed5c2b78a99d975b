"""Planning a group meeting and adding a document through the pages, as staff do."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from sqlalchemy import select

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db


def plan_group_meeting(app, client, round_id: int) -> int:
    start = utcnow() + timedelta(days=5)
    response = client.post(
        f"/meetings/in/round:{round_id}/new",
        {
            "title": "Eerste bijeenkomst",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "location": "Dienstencentrum Eeklo",
            "agenda": "Kennismaken",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    from burgerplatform.meetings.models import Meeting

    with app.app_context():
        meeting_id = db.session.scalar(
            select(Meeting.id).where(Meeting.space == f"round:{round_id}")
        )
        db.session.remove()
    return meeting_id


def upload(client, owner: str, data: bytes, name: str, title="Agenda", kind="agenda"):
    return client.post(
        f"/documents/of/{owner}/new",
        {"title": title, "kind": kind, "file": (BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def only_document(app):
    from burgerplatform.documents.models import Document

    with app.app_context():
        document = db.session.scalar(select(Document))
        if document is not None:
            db.session.expunge(document)
        db.session.remove()
    return document


def upload_in_memory(client, owner: str, data: bytes, name: str, **fields):
    """As `upload`, with the request body made here: the test client spools a large body
    to a temporary file that it never closes when the app does not read it all."""
    boundary = "----grens"
    fields = {"csrf_token": client.token(), "form_key": "k" * 24, **fields}
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.raw.post(
        f"/documents/of/{owner}/new",
        data=b"".join(parts),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
