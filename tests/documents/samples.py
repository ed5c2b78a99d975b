"""Small files of every kind, made in memory for the tests."""

from __future__ import annotations

import zipfile
from io import BytesIO

from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"PE\x00\x00"

# A position in Eeklo, as a phone writes it in a photo's EXIF (GPS IFD).
GPS_IFD = 0x8825


def png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (16, 12), "teal").save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (32, 24), "orange")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (51.0, 11.0, 0.0)
    gps[3] = "E"
    gps[4] = (3.0, 34.0, 0.0)
    out = BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def gps_of(data: bytes) -> dict:
    with Image.open(BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(GPS_IFD))


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return out.getvalue()


def docx() -> bytes:
    types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    return _zip([("[Content_Types].xml", types), ("word/document.xml", b"<w:document/>")])


def odt() -> bytes:
    return _zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
        ]
    )


def random_zip() -> bytes:
    return _zip([("notes.txt", b"just a zip"), ("photo.bin", b"\x00\x01")])
