"""A failed draw keeps why it failed as an English msgid with its values, and each reader
reads it in their own language. Every message a failed draw can store reads translated
in Dutch and French, and so does every message stored by an earlier version whose msgid
the code no longer makes (it is said in today's wording, `stored_messages.EARLIER_WORDINGS`):
before, such a failed draw read English on a Dutch page.

What a failed draw can store is read from the code the way `make translate` reads it
(the markers N_, msg_part and msg_plural_part of consultations/, see
`core.cli.EXTRACT_KEYWORDS`); what it ever stored is listed in failed_draw_msgids.txt.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from flask_babel import force_locale

from burgerplatform.consultations import stored_messages
from burgerplatform.extensions import db
from tests.conftest import Client

CONSULTATIONS = Path(__file__).resolve().parents[2] / "burgerplatform" / "consultations"
STORED_LIST = Path(__file__).with_name("failed_draw_msgids.txt")
# The markers of a message kept untranslated to be stored (stored_messages.N_, msg_part, ...).
MARKERS = {"N_": None, "msg_part": None, "msg_plural_part": (1, 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
LANGUAGES = ("nl", "fr")


def made_today() -> dict[str, str | None]:
    """Each msgid the code can store with a failed draw, with its plural (or None)."""
    found: dict[str, str | None] = {}
    for path in sorted(CONSULTATIONS.glob("*.py")):
        with path.open("rb") as source:
            for _line, func, message, _comments in extract_python(source, MARKERS, [], {}):
                texts = message if isinstance(message, tuple) else (message,)
                plural = texts[1] if func == "msg_plural_part" and len(texts) > 1 else None
                found[texts[0]] = plural
    return found


def ever_stored() -> list[str]:
    lines = STORED_LIST.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("# ")]


def rule(label: str = "Gemeente: Bornem", num: int = 2) -> dict:
    return stored_messages.msg_part("“%(label)s”: exactly %(num)d", label=label, num=num)


def sample(text: str, num: int = 3) -> dict:
    """Values for each placeholder of `text`, as a failed draw stores them: numbers,
    labels, and quotas in words (pieces translated in their turn) where a message
    nests them."""
    values: dict = {}
    for name, kind in PLACEHOLDER.findall(text):
        if kind == "d":
            values[name] = num
        elif name in ("rule", "other_rule", "a", "b", "why", "clash", "so", "need", "rest"):
            values[name] = rule(num=num)
        elif name in ("rules", "clashes"):
            values[name] = {"items": [rule(), rule("Leeftijd: 65 of ouder", 1)], "sep": "; "}
        elif name == "detail":
            values[name] = "Gemeente: Bornem (1–2); Leeftijd: 65 of ouder (0–1)"
        elif name == "count":
            values[name] = num
        else:
            values[name] = "Gemeente: Bornem"
    return values


def read(app, piece, lang: str) -> str:
    with app.test_request_context(), force_locale(lang):
        return stored_messages.translated(piece)


def msgids_in(value) -> set[str]:
    """Every msgid a stored message (or what it is said as) holds, nested ones too."""
    if isinstance(value, list):
        return set().union(*(msgids_in(v) for v in value)) if value else set()
    if isinstance(value, dict) and "msgid" in value:
        return {value["msgid"]} | msgids_in(list(value["params"].values()))
    if isinstance(value, dict) and "items" in value:
        return msgids_in(value["items"])
    return set()


def test_every_message_a_failed_draw_ever_stored_is_made_today_or_said_in_todays_words():
    """The list of what failed draws ever stored keeps up with the code: a new msgid is
    added to it, and one the code no longer makes must be said in today's wording."""
    today, listed = made_today(), set(ever_stored())
    assert len(today) > 30, sorted(today)  # the markers were found
    assert not set(today) - listed, (
        "a failed draw can store these: add them to failed_draw_msgids.txt",
        sorted(set(today) - listed),
    )
    gone = sorted(listed - set(today) - set(stored_messages.EARLIER_WORDINGS))
    assert not gone, (
        "stored before, no longer made: add to stored_messages.EARLIER_WORDINGS",
        gone,
    )
    # Today's wording only: no earlier msgid is said as another earlier one.
    assert not set(stored_messages.EARLIER_WORDINGS) & set(today)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_a_failed_draw_can_store_reads_translated(app, lang):
    """Each message and each piece, in every plural form, through the record's own
    `error_message` (what the staff's page and audit.json show)."""
    from burgerplatform.consultations.models import DrawRecord, DrawStatus

    untranslated = []
    for text, plural in made_today().items():
        for num in (1, 2) if plural else (3,):
            params = sample(text, num)
            params.pop("num", None) if plural else None
            piece = (
                stored_messages.msg_plural_part(text, plural, num=num, **params)
                if plural
                else stored_messages.msg_part(text, **params)
            )
            # Stored as the message itself, or as a piece of one (a clash's why).
            records = [
                DrawRecord(
                    status=DrawStatus.FAILED,
                    error="Not every quota can be met. %(clash)s",
                    error_params={"clash": piece},
                )
            ]
            if not plural:
                records.append(
                    DrawRecord(status=DrawStatus.FAILED, error=text, error_params=params)
                )
            english = read(app, piece, "en")
            said = read(app, piece, lang)
            if said == english:
                untranslated.append((text, num))
            with app.test_request_context(), force_locale(lang):
                for record in records:
                    assert said in record.error_message, (text, record.error_message)
    assert not untranslated, untranslated


@pytest.mark.parametrize("earlier", sorted(stored_messages.EARLIER_WORDINGS), ids=lambda t: t[:50])
def test_a_message_stored_in_an_earlier_wording_reads_in_todays_words(app, earlier):
    """Stored as the message or as a piece of one, in Dutch and French, with today's
    msgids only (none the catalogues lack)."""
    from burgerplatform.consultations.models import DrawRecord, DrawStatus

    # `num`: a piece with a plural form stored the count that picks it.
    params = {"num": 3} | sample(earlier)
    today = stored_messages.EARLIER_WORDINGS[earlier](dict(params))
    assert msgids_in(today) <= set(made_today()), msgids_in(today)
    stored = [
        DrawRecord(status=DrawStatus.FAILED, error=earlier, error_params=params),
        DrawRecord(
            status=DrawStatus.FAILED,
            error="Clash %(num)d: %(why)s",
            error_params={"num": 1, "why": {"msgid": earlier, "params": params}},
        ),
    ]
    for record in stored:
        with app.test_request_context(), force_locale("en"):
            english = record.error_message
        assert read(app, today, "en") in english, english
        words = max(PLACEHOLDER.split(earlier)[::3], key=len).strip()  # no English left
        for lang in LANGUAGES:
            with app.test_request_context(), force_locale(lang):
                said = record.error_message
            assert said != english and read(app, today, lang) in said, (lang, said)
            assert words not in said, (lang, said)


def test_the_staff_page_of_an_old_failed_draw_reads_dutch(app, pool_zone, make_round):
    """A draw that failed in December with the wording of then: its page and its
    audit record say why in the reader's language, as today's draws do."""
    from burgerplatform.consultations.models import DrawRecord, DrawStatus

    setup = pool_zone(6)
    round_id = make_round(setup, size=3)
    earlier = (
        "The quota “%(label)s” asks for at least %(min)d. People in the pool who can be "
        "drawn with this answer: %(count)d (%(short)d short)."
    )
    params = {"label": "Gemeente: Bornem", "min": 4, "count": 3, "short": 1}
    with app.app_context():
        record = DrawRecord(
            round_id=round_id, status=DrawStatus.FAILED, error=earlier, error_params=params
        )
        db.session.add(record)
        db.session.commit()
        draw_id = record.id
    expected = read(app, stored_messages.EARLIER_WORDINGS[earlier](dict(params)), "nl")
    assert "Bornem" in expected and "te weinig" in expected, expected
    staff = Client(app, language="nl")
    staff.login(setup.staff_email)
    base = f"/{setup.slug}/rounds/{round_id}/draws/{draw_id}"
    page = unescape(staff.get(base).get_data(as_text=True))
    assert expected in page and "asks for at least" not in page
    assert staff.get(f"{base}/audit.json").get_json()["error"] == expected
