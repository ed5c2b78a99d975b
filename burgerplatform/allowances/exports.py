"""The files made of payments: the bookkeeping's export of a period (CSV and XLSX) and a
member's yearly statement (PDF). Cells that a spreadsheet would read as a formula are
neutralised in both spreadsheets (names and titles come from people)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence
from datetime import date

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from burgerplatform.accounts.models import User
from burgerplatform.allowances.models import AllowanceCeiling, AllowancePayment
from burgerplatform.allowances.money import euros, plain
from burgerplatform.allowances.services import KEEP_YEARS
from burgerplatform.core.spreadsheet import safe_cell

log = logging.getLogger("burgerplatform")


def columns() -> list[str]:
    return [
        _("Day of the meeting"),
        _("Meeting"),
        _("Member number"),
        _("Member"),
        _("Bank account (IBAN)"),
        _("Flat-rate allowance (EUR)"),
        _("Travel costs (EUR)"),
        _("Total (EUR)"),
    ]


def rows(payments: Iterable[tuple[AllowancePayment, User]]) -> Iterable[list[object]]:
    """One line per payment; amounts as 1626.77 (what bookkeeping software reads)."""
    for payment, user in payments:
        yield [
            payment.day.isoformat(),
            payment.meeting_title,
            payment.user_id,
            user.public_name,
            payment.iban,
            plain(payment.flat_cents),
            plain(payment.travel_cents),
            plain(payment.total_cents),
        ]


def xlsx_bytes(header: Sequence[str], payments: Iterable[tuple[AllowancePayment, User]]) -> bytes:
    """The same lines as the CSV, amounts as numbers; every text cell is a `safe_cell`
    and stored as text, so no cell is ever a formula."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Payments")[:31]
    sheet.append([safe_cell(h) for h in header])
    for payment, user in payments:
        texts = [
            payment.day.isoformat(),
            payment.meeting_title,
            str(payment.user_id),
            user.public_name,
            payment.iban,
        ]
        amounts = [euros(c) for c in (payment.flat_cents, payment.travel_cents)]
        sheet.append([safe_cell(t) for t in texts] + [*amounts, euros(payment.total_cents)])
        for cell in sheet[sheet.max_row][: len(texts)]:
            cell.data_type = "s"  # text, whatever it starts with
        for cell in sheet[sheet.max_row][len(texts) :]:
            cell.number_format = "#,##0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# A Unicode TrueType font for the statement, from the system (DejaVu Sans: Debian's
# fonts-dejavu-core, installed in the container image; the same font on other
# distributions), so names such as "Łukasz", "Şükrü" or "Nguyễn" print as written. Its
# licence (Bitstream Vera's, free) allows embedding; only the glyphs used are embedded.
UNICODE_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans{}.ttf",  # Debian, Ubuntu
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans{}.ttf",  # Fedora
    "/usr/share/fonts/TTF/DejaVuSans{}.ttf",  # Arch
    "/usr/share/fonts/dejavu/DejaVuSans{}.ttf",  # Alpine, older Fedora
)


def unicode_font() -> tuple[str, str] | None:
    """The regular and bold files of the first Unicode font found, else None."""
    from pathlib import Path

    for pattern in UNICODE_FONTS:
        regular, bold = pattern.format(""), pattern.format("-Bold")
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    return None


def _amount(cents: int) -> str:
    """12,50 EUR in the reader's language, in characters the PDF's font has."""
    text = format_decimal(euros(cents), format="#,##0.00")
    return text.replace("\u202f", " ").replace("\u00a0", " ") + " EUR"


def statement_pdf(
    user: User,
    year: int,
    payments: Sequence[AllowancePayment],
    zones: dict[int, str],
    ceilings: dict[int, AllowanceCeiling | None],
) -> bytes:
    """A member's yearly statement: per zone (the organisation that paid), each payment
    and the totals, with that year's ceilings. The text stream is left uncompressed so
    anyone (and the tests) can read the figures back."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_compression(False)
    pdf.set_title(_("Volunteer allowances %(year)d", year=year))
    font = unicode_font()
    if font is not None:
        pdf.add_font("Unicode", "", font[0])
        pdf.add_font("Unicode", "B", font[1])
    else:  # a name outside Latin-1 then prints with "?": the log says why
        log.warning("no Unicode font found (install fonts-dejavu-core): %s", UNICODE_FONTS[0])
    pdf.add_page()

    def line(text: str, size: int = 10, style: str = "", height: float = 6) -> None:
        if font is not None:
            pdf.set_font("Unicode", style=style, size=size)
        else:
            pdf.set_font("Helvetica", style=style, size=size)
            text = text.encode("windows-1252", errors="replace").decode("windows-1252")
        pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")

    line(_("Volunteer allowances %(year)d", year=year), 16, "B", 9)
    line(_("Yearly statement for %(name)s", name=user.public_name), 11)
    line(_("Made on %(date)s", date=format_date(date.today(), "long")), 9)
    pdf.ln(3)
    for zone_id, name in zones.items():
        mine = [p for p in payments if p.zone_id == zone_id]
        line(name, 12, "B", 8)
        ceiling = ceilings.get(zone_id)
        if ceiling is not None:
            line(
                _(
                    "Ceilings of the flat-rate allowance in %(year)d: %(daily)s a day, "
                    "%(yearly)s a year.",
                    year=year,
                    daily=_amount(ceiling.daily_cents),
                    yearly=_amount(ceiling.yearly_cents),
                ),
                9,
            )
        for payment in mine:
            line(
                _(
                    "%(date)s - %(meeting)s: allowance %(flat)s, travel costs %(travel)s",
                    date=format_date(payment.day, "medium"),
                    meeting=payment.meeting_title,
                    flat=_amount(payment.flat_cents),
                    travel=_amount(payment.travel_cents),
                ),
                10,
            )
        flat = sum(p.flat_cents for p in mine)
        travel = sum(p.travel_cents for p in mine)
        line(_("Total flat-rate allowance: %(amount)s", amount=_amount(flat)), 10, "B")
        line(_("Total travel costs: %(amount)s", amount=_amount(travel)), 10, "B")
        line(_("Total paid: %(amount)s", amount=_amount(flat + travel)), 10, "B")
        pdf.ln(3)
    line(
        _(
            "Flat-rate volunteer allowances within the legal ceilings are not taxed. "
            "The zone keeps these records for %(years)d years (accounting law).",
            years=KEEP_YEARS,
        ),
        8,
    )
    return bytes(pdf.output())


def pdf_text(document: bytes) -> str:
    """The text of a statement as written by `statement_pdf` (uncompressed literal
    strings; with an embedded font, glyph codes read back through the font's ToUnicode
    map), for checking its figures: a small reader, not a PDF parser."""
    import re

    objects = {
        int(number): body for number, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", document, re.S)
    }
    to_unicode: dict[bytes, dict[int, str]] = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", document):
        found = re.search(rb"/ToUnicode (\d+) 0 R", objects.get(int(number), b""))
        if found:
            cmap = objects.get(int(found.group(1)), b"")
            to_unicode[name] = {
                int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
                for code, text in re.findall(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>", cmap)
            }
    found_text, font = [], b""
    for match in re.finditer(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\)\s*Tj", document, re.S):
        if match.group(1):
            font = match.group(1)
            continue
        raw = _unescaped(match.group(2))
        glyphs = to_unicode.get(font)
        if glyphs is None:
            found_text.append(raw.decode("windows-1252"))
        else:
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
            found_text.append("".join(glyphs.get(code, "?") for code in codes))
    return "\n".join(found_text)


def _unescaped(raw: bytes) -> bytes:
    """A PDF literal string's bytes: backslash escapes (\\n, \\r, \\(, octal) undone."""
    import re

    simple = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def undo(match: re.Match[bytes]) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8) & 0xFF])
        return simple.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", undo, raw, flags=re.S)
