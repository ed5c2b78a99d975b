"""Discover every form of the app by walking its pages: GET every route as a few actors
and read each <form>'s action and fields (input, textarea, select) with html.parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit


@dataclass
class Field:
    name: str
    kind: str  # input type, "textarea" or "select"
    options: list[str] = field(default_factory=list)
    autocomplete: str = ""
    # The `min` and `max` of a number input, as the page says them.
    bounds: tuple[str | None, str | None] = (None, None)
    # "numeric" for a whole-number box (a text box: see core.forms.IntegerField).
    inputmode: str = ""

    @property
    def whole_number(self) -> bool:
        return self.kind == "number" or (self.kind == "text" and self.inputmode == "numeric")


@dataclass
class Form:
    action: str
    fields: dict[str, Field] = field(default_factory=dict)
    # The pages the form was found on (its page is where a refused send leads back to).
    pages: list[str] = field(default_factory=list)

    @property
    def text_fields(self) -> list[Field]:
        """Fields whose typed text must come back on a re-rendered page."""
        return [
            f
            for f in self.fields.values()
            if f.kind in ("text", "textarea", "email", "url")
            # A one-time code is never shown back, by design.
            and f.autocomplete != "one-time-code"
        ]


class _FormParser(HTMLParser):
    def __init__(self, page_path: str):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            action = urlsplit(attrs.get("action") or self.page_path).path or self.page_path
            self.current = Form(action, pages=[self.page_path])
        elif self.current is None or not attrs.get("name"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind not in ("submit", "button", "image", "reset"):
                existing = self.current.fields.get(attrs["name"])
                if existing is not None and kind in ("radio", "checkbox"):
                    existing.options.append(attrs.get("value") or "y")
                else:
                    self.current.fields[attrs["name"]] = Field(
                        attrs["name"],
                        kind,
                        [attrs.get("value") or "y"],
                        (attrs.get("autocomplete") or "").lower(),
                        (attrs.get("min"), attrs.get("max")),
                        (attrs.get("inputmode") or "").lower(),
                    )
        elif tag == "textarea":
            self.current.fields[attrs["name"]] = Field(attrs["name"], "textarea")
        elif tag == "select":
            self.select = Field(attrs["name"], "select")
            self.current.fields[attrs["name"]] = self.select
        elif tag == "option" and self.select is not None:
            self.select.options.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None
        elif tag == "select":
            self.select = None


def forms_on(html: str, page_path: str) -> list[Form]:
    parser = _FormParser(page_path)
    parser.feed(html)
    return parser.forms


def merge(found: dict[str, Form], forms: list[Form]) -> None:
    """Forms by action path; the same action seen on several pages pools its fields."""
    for form in forms:
        known = found.setdefault(form.action, Form(form.action))
        known.pages.extend(p for p in form.pages if p not in known.pages)
        for name, value in form.fields.items():
            known.fields.setdefault(name, value)
