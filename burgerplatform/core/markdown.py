"""The one way user text becomes HTML: Markdown rendered, then sanitised with nh3.

Sanitising after rendering is what makes it safe: Markdown passes raw HTML through,
so the sanitiser must see the final HTML. No images (they would load third-party
content); links only to http(s) and mailto, marked as user-generated.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from html import unescape

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_SOURCE = 200_000


_local = threading.local()


def _converter() -> md.Markdown:
    """One Markdown instance per thread, reset between texts: building one costs more
    than converting a comment (its parser and extensions are set up each time)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = md.Markdown(
            extensions=["sane_lists", "tables"], output_format="html"
        )
    return converter.reset()


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    # The same text always gives the same HTML: a page viewed again (the comments of a
    # busy initiative) is not converted and sanitised again.
    return nh3.clean(
        _converter().convert(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    return Markup(_render(text[:MAX_SOURCE]))  # noqa: S704 - sanitised in _render


def plain_excerpt(text: str | None, length: int = 200) -> str:
    """Markdown reduced to plain text for cards, feeds and mails."""
    if not text:
        return ""
    stripped = nh3.clean(md.markdown(text[:MAX_SOURCE]), tags=set())
    stripped = " ".join(stripped.split())
    return stripped if len(stripped) <= length else stripped[: length - 1].rstrip() + "…"


def plain_text(text: str | None, length: int = 2000) -> str:
    """Markdown as plain text that keeps its lines (paragraphs, list items), for calendar
    descriptions, where a flattened agenda became one unreadable line. The source is
    already readable as text: only markup (tags, **, heading marks) goes."""
    if not text:
        return ""
    lines = []
    for line in text[:MAX_SOURCE].splitlines():
        line = unescape(nh3.clean(line, tags=set()))
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line).replace("**", "").replace("__", "")
        lines.append(" ".join(line.split()))
    result = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return result if len(result) <= length else result[: length - 1].rstrip() + "…"
