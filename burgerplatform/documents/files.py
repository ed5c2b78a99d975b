"""What an uploaded file really is, the image without its hidden data, and the disk.

The type is read from the content, never from the name: the first bytes (`filetype`),
then the structure (an ODT or DOCX is a zip with the right `mimetype` or
`[Content_Types].xml`; a PDF ends with `%%EOF`). Photos are decoded and encoded again with
Pillow, so what a camera or phone hides in them (EXIF with the GPS position, XMP,
comments) is not kept. Files are stored by a random name, written to a temporary file and
renamed into place, so every process sees either the whole file or none.
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from burgerplatform.core.domain import DomainError


@dataclass(frozen=True)
class FileType:
    key: str
    extensions: tuple[str, ...]  # the first is the one added to a name without one
    content_type: str
    name: str  # as a reader knows it


TYPES = {
    t.key: t
    for t in (
        FileType("pdf", (".pdf",), "application/pdf", "PDF"),
        FileType("odt", (".odt",), "application/vnd.oasis.opendocument.text", "ODT"),
        FileType(
            "docx",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "DOCX",
        ),
        FileType("png", (".png",), "image/png", "PNG"),
        FileType("jpeg", (".jpg", ".jpeg"), "image/jpeg", "JPEG"),
    )
}
IMAGES = ("png", "jpeg")

NOT_ALLOWED = _l(
    "This kind of file cannot be added. Add a PDF, ODT or DOCX document, or a PNG or JPEG photo."
)
EMPTY = _l("The file is empty. Choose another file.")
BROKEN_IMAGE = _l("This photo could not be read. It may be damaged. Choose another file.")


def too_large_message(limit_mb: int) -> str:
    return str(
        _l(
            "The file is larger than %(mb)d MB. Make it smaller (save a photo smaller, or "
            "split a long document) and try again.",
            mb=limit_mb,
        )
    )


def _docx(archive: zipfile.ZipFile, names: set[str]) -> bool:
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        return False
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > 1024 * 1024:
        return False
    types = archive.read(info)
    return b"wordprocessingml.document.main+xml" in types


def _odt(archive: zipfile.ZipFile, names: set[str]) -> bool:
    if "mimetype" not in names or archive.getinfo("mimetype").file_size > 100:
        return False
    return archive.read("mimetype").strip() == TYPES["odt"].content_type.encode()


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            if _odt(archive, names):
                return "odt"
            if _docx(archive, names):
                return "docx"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    return None


def sniff(data: bytes) -> str | None:
    """The key of TYPES that `data` is, from its content; None for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf" if b"%%EOF" in data[-2048:] else None
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    guessed = filetype.guess(data[:8192])
    if guessed is None:
        return None
    return {"png": "png", "apng": "png", "jpg": "jpeg"}.get(guessed.extension)


def clean_name(filename: str) -> tuple[str, str]:
    """The uploader's file name without a folder, invisible characters or a long stem:
    (stem, extension in lower case)."""
    base = re.split(r"[/\\]", filename or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = " ".join(stem.split())[:100].strip(" .") or "document"
    return stem, f".{ext.lower()}" if ext else ""


def check(data: bytes, filename: str) -> tuple[FileType, str]:
    """The type of `data` and the name to download it under; refuses (DomainError) what
    is not allowed or does not match its name."""
    if not data:
        raise DomainError(EMPTY, field="file")
    key = sniff(data)
    if key is None:
        raise DomainError(NOT_ALLOWED, field="file")
    kind = TYPES[key]
    stem, ext = clean_name(filename)
    if ext not in kind.extensions:
        raise DomainError(
            _l(
                "The file's name ends in “%(ext)s”, but the file is a %(kind)s file. Choose "
                "the right file, or give it a name ending in “%(right)s”.",
                ext=ext or "…",
                kind=kind.name,
                right=kind.extensions[0],
            ),
            field="file",
        )
    return kind, f"{stem}{ext}"


def without_hidden_data(data: bytes, kind: FileType) -> bytes:
    """The photo decoded and encoded again: the pixels (turned upright as the camera
    said), nothing else — no EXIF (GPS position, camera, time), XMP or comments."""
    try:
        with warnings.catch_warnings():
            # A decompression bomb (a small file of a huge image) is refused, not decoded.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as probe:
                probe.verify()
            with Image.open(BytesIO(data)) as image:
                upright = ImageOps.exif_transpose(image)
                upright.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise DomainError(BROKEN_IMAGE, field="file") from error
    out = BytesIO()
    if kind.key == "jpeg":
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=90)
    else:
        if upright.mode not in ("RGB", "RGBA", "L", "LA", "P", "1", "I;16"):
            upright = upright.convert("RGBA")
        upright.save(out, "PNG", optimize=False)
    return out.getvalue()


# --- The disk --------------------------------------------------------------------------

STORED_NAME = re.compile(r"[0-9a-f]{2}/[0-9a-f]{32}")


def upload_root() -> Path:
    return Path(current_app.config["UPLOAD_PATH"])


def path_of(stored_as: str) -> Path:
    if not STORED_NAME.fullmatch(stored_as):
        raise ValueError(f"not a stored file name: {stored_as!r:.60}")
    return upload_root() / stored_as


def store(data: bytes) -> str:
    """Write `data` under a new random name and return that name ("ab/ab12…")."""
    name = secrets.token_hex(16)
    stored_as = f"{name[:2]}/{name}"
    target = path_of(stored_as)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{name}.{secrets.token_hex(4)}.part"
    with open(temporary, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, target)  # atomic: another worker sees all of it or nothing
    return stored_as


def discard(stored_as: str) -> None:
    try:
        path_of(stored_as).unlink()
    except (FileNotFoundError, ValueError):
        pass
