"""Demo documents: an agenda on the next zorgraad meeting and on a meeting of the
gathering round's group, background on that round, a photo in the Eeklo proeftuin."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from PIL import Image
from sqlalchemy import select

from burgerplatform.consultations.models import Round
from burgerplatform.core.db import utcnow
from burgerplatform.documents.models import DocumentKind
from burgerplatform.documents.services import add_document
from burgerplatform.extensions import db
from burgerplatform.meetings.models import Meeting, MeetingKind
from burgerplatform.meetings.services import create_meeting
from burgerplatform.proeftuinen.models import Proeftuin


def simple_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of text (Helvetica, Latin-1), made by hand."""
    text = "BT /F1 14 Tf 72 770 Td 18 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for line in lines
    )
    stream = text.encode("latin-1", "replace") + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _photo() -> bytes:
    image = Image.new("RGB", (480, 320), (214, 232, 220))
    for x in range(0, 480, 40):
        for y in range(200, 320):
            image.putpixel((x + (y % 40) // 2, y), (90, 130, 100))
    out = BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def seed(ctx) -> None:
    zone = ctx.zones["meetjesland"]
    staff = ctx.users["staff.meetjesland@example.org"]
    zorgraad = db.session.scalar(
        select(Meeting)
        .where(Meeting.space == f"zone:{zone.id}", Meeting.starts_at > utcnow())
        .order_by(Meeting.starts_at)
    )
    if zorgraad is not None:
        add_document(
            f"meeting:{zorgraad.id}",
            zone.id,
            staff,
            "Agenda van de zorgraad",
            DocumentKind.AGENDA,
            "agenda-zorgraad.pdf",
            simple_pdf(["Agenda van de zorgraad", "1. Welkom", "2. Initiatieven van burgers"]),
        )
    round_ = db.session.scalar(
        select(Round).where(Round.zone_id == zone.id, Round.title == "Mantelzorgers ondersteunen")
    )
    if round_ is not None:
        add_document(
            f"round:{round_.id}",
            zone.id,
            staff,
            "Cijfers over mantelzorg in het Meetjesland",
            DocumentKind.BACKGROUND,
            "mantelzorg-cijfers.pdf",
            simple_pdf(
                ["Mantelzorg in het Meetjesland", "Een op vier inwoners zorgt voor iemand."]
            ),
        )
        space = f"round:{round_.id}"
        meeting = db.session.scalar(select(Meeting).where(Meeting.space == space))
        if meeting is None:
            start = (utcnow() + timedelta(days=9)).replace(hour=18, minute=0, second=0)
            meeting = create_meeting(
                kind=MeetingKind.ROUND,
                space=space,
                zone_id=zone.id,
                title="Eerste bijeenkomst van de klankbordgroep",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                created_by=staff,
                location="Dienstencentrum Eeklo",
            )
        add_document(
            f"meeting:{meeting.id}",
            zone.id,
            staff,
            "Agenda van de bijeenkomst",
            DocumentKind.AGENDA,
            "agenda-klankbordgroep.pdf",
            simple_pdf(["Agenda van de klankbordgroep", "1. Kennismaken", "2. De vraag"]),
        )
    buurt = db.session.scalar(
        select(Proeftuin).where(Proeftuin.name == "Zorgzame buurt Sint-Jozef, Eeklo")
    )
    if buurt is not None:
        add_document(
            f"proeftuin:{buurt.id}",
            buurt.zone_id,
            None,
            "Foto van het buurtfeest",
            DocumentKind.PHOTO,
            "buurtfeest.jpg",
            _photo(),
        )
