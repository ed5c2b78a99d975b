"""The one way user text becomes HTML: Markdown rendered, then sanitised with nh3.

Sanitising after rendering is what makes it safe: Markdown passes raw HTML through,
so the sanitiser must see the final HTML. No images (they would load third-party
content); links only to http(s) and mailto, marked as user-generated.
"""

from __future__ import annotations

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


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    html = md.markdown(text[:MAX_SOURCE], extensions=["sane_lists", "tables"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704 - sanitised above


def plain_excerpt(text: str | None, length: int = 200) -> str:
    """Markdown reduced to plain text for cards, feeds and mails."""
    if not text:
        return ""
    stripped = nh3.clean(md.markdown(text[:MAX_SOURCE]), tags=set())
    stripped = " ".join(stripped.split())
    return stripped if len(stripped) <= length else stripped[: length - 1].rstrip() + "…"
