"""The one way user text becomes HTML: Markdown rendered, then sanitised with nh3.

Sanitising after rendering is what makes it safe: Markdown passes raw HTML through,
so the sanitiser must see the final HTML. No images (they would load third-party
content); links only to http(s) and mailto, marked as user-generated.

The renderer is cmark-gfm (GitHub's CommonMark implementation in C, through
`cmarkgfm`), not Python-Markdown: Python-Markdown's link pattern matches brackets by
scanning to the end of the paragraph from every `[` and `(`, and its raw-HTML block
parser (the standard library's `html.parser`) rescans the rest of the text for every
unclosed `<a `; both are quadratic, so 10 KB of `[` took 13 s and 20 KB of `<a ` 3.6 s.
cmark-gfm parses in linear time and is tested against pathological input upstream; here
every shape in `bench/markdown.py` renders 20 KB in a few milliseconds. markdown-it-py
is linear too, but its pure-Python constant puts 20 KB of `![` at 300 ms, over our
bound of 100 ms per 10 KB. See README, "Reliability and security".

Texts are rendered once, when they are saved: `keep_rendered` stores the HTML beside
the source (`<field>_html`) and the `|markdown` filter prints the stored HTML, so a page
read never parses Markdown.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from markupsafe import Markup
from sqlalchemy import event

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
# Longer than any form accepts (minutes take 50,000 characters, bodies 20,000): a bound
# for texts that come from elsewhere (the demo, imports), not a limit users meet.
MAX_SOURCE = 200_000
# cmark passes raw HTML through (UNSAFE) so that `<b>` and friends keep working as they
# always did; nh3 below is what makes the result safe. Tables as before; no
# strikethrough, which would turn "~20 people ~ 30" into crossed-out text.
_OPTIONS = Options.CMARK_OPT_UNSAFE
_EXTENSIONS = ("table",)
# nh3 writes every attribute as name="value" with `"` escaped, so an opening <a> tag is
# exactly this; an <a> whose href the sanitiser removed (javascript:, data:, …) is no
# link at all, and HTML forbids <a> without href from looking like one: keep its text.
_A_OPEN = re.compile(r'<a((?:\s[a-z-]+="[^"]*")*)\s*>')
# The HTML parser inside nh3 checks the stack of open elements at every tag, so its cost
# grows with nesting depth times length: 10,000 nested quotes (`"> " * 10_000`) took
# 0.3 s there. No real text nests deeper than a few levels; a deeper one is shown as typed.
MAX_DEPTH = 48
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_VOID = {"br", "hr", "img", "input", "wbr", "meta", "link", "area", "base", "col", "embed"}
_VOID |= {"param", "source", "track", "keygen"}
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
# Time is not the only cost: a GFM table pads every body row to the header's width, so
# a header of 300 columns over 1,899 lines of "a" (5,000 characters) gave 520,000 cells
# and 5.3 MB of HTML to every reader. The output must grow linearly with the text too.
# A text whose tables have more cells than this (columns times rows, counted on the
# source before parsing), or more than one cell per two characters of a longer text, is
# rendered without tables (they show as typed): no citizen's table comes near it.
MAX_TABLE_CELLS = 2_000
# A delimiter row (`|---|:-:|`), possibly inside quotes or a list item: what makes the
# line above a table header. Counted generously (a lookalike counts too).
_DELIMITER_ROW = re.compile(
    r"[ \t>]*(?:[-+*][ \t]+)?\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*"
)
_DASHES = re.compile(r"-+")
# And a general bound: rendered HTML longer than MAX_GROWTH times the source (plus
# SLACK, for a short text such as a small table) is shown as typed. Citizens' texts give
# 1.1-2.5 times their length (the demo, bench/markdown.py); only constructs chosen to
# blow up pass 8 (deep quotes on every line, thousands of empty links, references to a
# long address). The escaped rendering grows at most 5 times (`&` → `&amp;`).
MAX_GROWTH = 8
SLACK = 1_000


def _unwrap_dead_links(html: str) -> str:
    if "<a" not in html:
        return html
    out: list[str] = []
    pos = 0
    for match in _A_OPEN.finditer(html):
        if ' href="' in match.group(1):
            continue
        close = html.find("</a>", match.end())
        out.append(html[pos : match.start()])
        if close < 0:  # cannot happen with nh3's output; drop the tag only
            pos = match.end()
            continue
        out.append(html[match.end() : close])
        pos = close + len("</a>")
    if not out:
        return html
    out.append(html[pos:])
    return "".join(out)


def _too_deep(html: str) -> bool:
    depth = 0
    for match in _TAG.finditer(html):
        if match.group(1):
            depth = max(0, depth - 1)
        elif match.group(2).lower() not in _VOID:
            depth += 1
            if depth > MAX_DEPTH:
                return True
    return False


def _as_typed(text: str) -> str:
    """The text as plain paragraphs, escaped: for the absurdly nested or large. At most
    5 times the source (`&` → `&amp;`, a line break → `<br>` and the break)."""
    paragraphs = (p.strip() for p in _BLANK_LINES.split(text))
    return "\n".join(
        f"<p>{escape(p, quote=False)}</p>".replace("\n", "<br>\n") for p in paragraphs if p
    )


def table_cells(text: str) -> int:
    """An upper bound of the cells the table extension would make of `text`: for each
    delimiter row, its columns times the lines up to the next blank one (GFM continues a
    table until a blank line, padding every row to the header's width). Linear: the lines
    counted for one table are not looked at again."""
    if "|" not in text or "-" not in text:
        return 0
    lines = text.split("\n")
    cells, i = 0, 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if "|" not in line or "-" not in line or not _DELIMITER_ROW.fullmatch(line):
            continue
        columns = len(_DASHES.findall(line))
        rows = 2  # the header and the delimiter row
        while i < len(lines) and lines[i].strip(" \t>"):
            rows += 1
            i += 1
        cells += columns * rows
    return cells


def _too_large(html: str, text: str) -> bool:
    return len(html) > MAX_GROWTH * len(text) + SLACK


def render(text: str | None) -> str:
    """Markdown source to sanitised HTML (a plain str, for storing)."""
    if not text:
        return ""
    text = text[:MAX_SOURCE]
    budget = max(MAX_TABLE_CELLS, len(text) // 2)
    extensions = _EXTENSIONS if table_cells(text) <= budget else ()
    html = cmarkgfm.markdown_to_html_with_extensions(text, options=_OPTIONS, extensions=extensions)
    if _too_large(html, text) or _too_deep(html):
        return _as_typed(text)
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )
    html = _unwrap_dead_links(html).rstrip("\n")
    # nh3 adds `rel` to every link: checked again on what is stored.
    return _as_typed(text) if _too_large(html, text) else html


def render_markdown(text: str | None) -> Markup:
    """Render a text that is not stored (a preview of what is being typed)."""
    return Markup(render(text))  # noqa: S704 - sanitised in render


def markdown_filter(value: Any, field: str | None = None) -> Markup:
    """The `|markdown` template filter.

    `{{ initiative|markdown("body") }}` prints the HTML stored when the text was saved
    (`initiative.body_html`); `{{ text|markdown }}` renders a text that is not stored,
    such as a preview.
    """
    if field is None:
        return render_markdown(value)
    html = getattr(value, f"{field}_html", None)
    if html is None:
        # Not rendered yet: an empty text, or a row written around the models (a bulk
        # insert in a benchmark). Bounded like any rendering, but not kept.
        source = getattr(value, field)
        return render_markdown(source) if source else Markup("")
    return Markup(html)  # noqa: S704 - sanitised when stored


def keep_rendered(model: type, *fields: str) -> None:
    """Store the rendered HTML of each Markdown `field` in `<field>_html` whenever the
    field is set (creation, edit, redaction), so reading never renders."""
    for field in fields:
        html_attr = f"{field}_html"

        def _store(
            target: object,
            value: str | None,
            _old: object,
            _initiator: object,
            html_attr: str = html_attr,
        ) -> None:
            setattr(target, html_attr, render(value))

        event.listen(getattr(model, field), "set", _store)


def plain_excerpt(text: str | None, length: int = 200) -> str:
    """Markdown reduced to plain text for cards, feeds and mails."""
    if not text:
        return ""
    return _shorten(render(text), length)


def stored_excerpt(obj: Any, field: str, length: int = 200) -> str:
    """`plain_excerpt` of a stored text, from the HTML kept when it was saved."""
    html = getattr(obj, f"{field}_html", None)
    return plain_excerpt(getattr(obj, field), length) if html is None else _shorten(html, length)


def _shorten(html: str, length: int) -> str:
    if not html:
        return ""
    stripped = nh3.clean(html, tags=set())
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
