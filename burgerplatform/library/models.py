"""A case in the library: what was asked, who took part (counted), what was done, what
changed and what they would do differently; in Dutch, with French and English optional."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.core.db import enum_column, utcnow
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.core.markdown import keep_rendered
from burgerplatform.extensions import Model
from burgerplatform.zones.models import Zone

LANGUAGES = ("nl", "fr", "en")


class Theme(LabelledEnum):
    """BurgersAanZet's three themes."""

    COMMUNITY = "community"
    VOLUNTEERING = "volunteering"
    VOICE = "voice"
    __labels__ = {
        "community": _l("Community building"),
        "volunteering": _l("Volunteering (vrijwillig engagement)"),
        "voice": _l("Making citizens' voices heard"),
    }


class CaseTopic(LabelledEnum):
    CARERS = "carers"
    LONELINESS = "loneliness"
    ACCESS = "access"
    MENTAL_HEALTH = "mental_health"
    AGEING = "ageing"
    HOUSING = "housing"
    PREVENTION = "prevention"
    OTHER = "other"
    __labels__ = {
        "carers": _l("Informal carers (mantelzorg)"),
        "loneliness": _l("Loneliness"),
        "access": _l("Getting to care"),
        "mental_health": _l("Mental health"),
        "ageing": _l("Growing older at home"),
        "housing": _l("Housing and neighbourhood"),
        "prevention": _l("Staying healthy"),
        "other": _l("Another topic"),
    }


class CaseSource(LabelledEnum):
    PROEFTUIN = "proeftuin"
    ROUND = "round"
    __labels__ = {"proeftuin": _l("Proeftuin"), "round": _l("Consultation round")}


class Case(Model):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The zone it happened in; none for a proeftuin outside any zone.
    zone_id: Mapped[int | None] = mapped_column(
        ForeignKey("zones.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[CaseSource] = mapped_column(enum_column(CaseSource, "case_source"))
    proeftuin_id: Mapped[int | None] = mapped_column(
        ForeignKey("proeftuinen.id", ondelete="SET NULL"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("rounds.id", ondelete="SET NULL"), index=True
    )
    topic: Mapped[CaseTopic] = mapped_column(enum_column(CaseTopic, "case_topic"))
    # Who took part, counted: never names.
    participant_count: Mapped[int] = mapped_column(default=0)
    contact: Mapped[str] = mapped_column(String(200), default="")
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    zone: Mapped[Zone | None] = relationship()
    themes: Mapped[list[CaseTheme]] = relationship(
        cascade="all, delete-orphan", order_by="CaseTheme.theme"
    )
    texts: Mapped[list[CaseText]] = relationship(
        cascade="all, delete-orphan", order_by="CaseText.id"
    )
    named: Mapped[list[CaseNamedPerson]] = relationship(cascade="all, delete-orphan")

    @property
    def theme_list(self) -> list[Theme]:
        return [t.theme for t in self.themes]

    def text_in(self, lang: str) -> tuple[CaseText, bool]:
        """The text in `lang` and False, or the Dutch one and True (a visible fallback)."""
        by_lang = {t.lang: t for t in self.texts}
        if lang in by_lang:
            return by_lang[lang], False
        # Every case has a Dutch text (the service requires it); the first is a safe
        # stand-in should a row have been changed by hand.
        dutch = by_lang.get("nl") or self.texts[0]
        return dutch, dutch.lang != lang


class CaseTheme(Model):
    __tablename__ = "case_themes"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[Theme] = mapped_column(enum_column(Theme, "case_theme"), primary_key=True)


class CaseText(Model):
    """The case in one language (Markdown fields, kept rendered)."""

    __tablename__ = "case_texts"
    __table_args__ = (UniqueConstraint("case_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    asked: Mapped[str] = mapped_column(Text)
    asked_html: Mapped[str | None] = mapped_column(Text)
    # Who took part, described without names ("twelve neighbours, three carers").
    who: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[str] = mapped_column(Text)
    done_html: Mapped[str | None] = mapped_column(Text)
    changed: Mapped[str] = mapped_column(Text)
    changed_html: Mapped[str | None] = mapped_column(Text)
    differently: Mapped[str] = mapped_column(Text, default="")
    differently_html: Mapped[str | None] = mapped_column(Text)
    summary_easy: Mapped[str] = mapped_column(Text, default="")  # easy-read (Klare Taal)
    summary_easy_html: Mapped[str | None] = mapped_column(Text)
    # A French or English text whose Dutch text changed after it was written: maybe out
    # of date, shown to editors until this text is edited too (None: up to date).
    outdated_since: Mapped[datetime | None]


class CaseNamedPerson(Model):
    """A participant who agreed to be named in the case."""

    __tablename__ = "case_named_people"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )


keep_rendered(CaseText, "asked", "done", "changed", "differently", "summary_easy")
