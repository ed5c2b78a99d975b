"""The files made of payments: the bookkeeping's export of a period (CSV and XLSX) and a
member's yearly statement (PDF). Cells that a spreadsheet would read as a formula are
neutralised in both spreadsheets (names and titles come from people)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from burgerplatform.accounts.models import User
from burgerplatform.allowances.models import AllowanceCeiling, AllowancePayment
from burgerplatform.allowances.money import euros, plain
from burgerplatform.allowances.services import KEEP_YEARS
from burgerplatform.core.spreadsheet import safe_cell


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
    pdf.add_page()

    def line(text: str, size: int = 10, style: str = "", height: float = 6) -> None:
        pdf.set_font("Helvetica", style=style, size=size)
        safe = text.encode("windows-1252", errors="replace").decode("windows-1252")
        pdf.multi_cell(0, height, safe, new_x="LMARGIN", new_y="NEXT")

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
    strings), for checking its figures: a small reader, not a PDF parser."""
    import re

    found = []
    for raw in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", document):
        text = re.sub(rb"\\(.)", rb"\1", raw)
        found.append(text.decode("windows-1252"))
    return "\n".join(found)
