"""Crawl the seeded demo as each kind of person and read what a page shows.

Used by the pseudo-locale and the date checks: the demo is seeded once per module, each
person's pages are fetched once with the Flask test client (GET links only, two pages of
each URL shape) and kept for every check.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from sqlalchemy import JSON, String, Text, select

from burgerplatform.extensions import db

DEMO_PASSWORD = "burgerplatform"  # noqa: S105 - the public demo password (README)
PAGE_CAP_PER_SHAPE = 2  # /x/1 and /x/2 look alike
SKIP_LINK = re.compile(r"(/logout|/static/|\.ics$|\.csv$|\.json$|\.pdf$|\.xlsx$|/api/|/export)")
START = ["/", "/account", "/notifications/", "/admin/", "/proeftuinen/", "/privacy"]
START += [f"/{slug}/" for slug in ("meetjesland", "klein-brabant-vaartland")]
START += ["/meetjesland/initiatives/feed.xml"]

# Columns that hold no text anybody reads (keys, hashes, codes).
# Columns that hold no text a person typed (keys, codes, hashes, technical names): shown,
# they must be translated like any label.
NOT_TEXT = {"slug", "key", "locale", "version", "consent_version", "uid", "space", "kind"}
NOT_TEXT |= {"target_type", "subject_type", "draft_key", "pool_hash", "algorithm"}

# Attributes read aloud or shown as text.
TEXT_ATTRIBUTES = {"aria-label", "alt", "title", "placeholder", "aria-description"}
# Elements of an Atom feed a feed reader shows.
FEED_TEXT = {"title", "subtitle", "summary", "content", "name"}


@dataclass
class Page:
    url: str
    # Every text shown, in document order: text nodes and the text attributes.
    texts: list[str] = field(default_factory=list)
    # The values of <time datetime="…">.
    machine_times: list[str] = field(default_factory=list)
    # What is between <title> and </title>, as sent (None: the page has no title).
    title: str | None = None


class _Reader(HTMLParser):
    """Skips scripts and what is marked as not to be translated (`translate="no"`, the
    HTML attribute for codes, keys and machine records shown as they are)."""

    # The glossary's "Words on this page" line repeats words the page shows elsewhere, as
    # the page writes them (tests/site/test_glossary.py checks each occurs in the page):
    # in the pseudo-locale the copy stands outside the original's marks.
    SKIP = {"script", "style", "translate=no", "copied"}

    def __init__(self, page: Page, feed: bool):
        super().__init__(convert_charrefs=True)
        self.page, self.in_feed = page, feed
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "time" and "datetime" in attributes:
            self.page.machine_times.append(attributes["datetime"] or "")
        for name in TEXT_ATTRIBUTES:
            if attributes.get(name):
                self.page.texts.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            self.page.texts.append(attributes.get("value") or "")
        if tag not in ("meta", "link", "input", "br", "img", "hr", "source", "wbr", "col"):
            if attributes.get("translate") == "no":
                self.stack.append("translate=no")
            elif "page-words" in (attributes.get("class") or "").split():
                self.stack.append("copied")
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
            if self.stack and self.stack[-1] in ("translate=no", "copied"):
                self.stack.pop()

    def handle_data(self, data):
        if not data.strip() or self.SKIP & set(self.stack):
            return
        if self.in_feed and (not self.stack or self.stack[-1] not in FEED_TEXT):
            return
        self.page.texts.append(data)


def read(url: str, body: str, feed: bool = False) -> Page:
    page = Page(url)
    if not feed:
        found = re.search(r"<title>(.*?)</title>", body, re.DOTALL)
        page.title = found.group(1) if found else None
    _Reader(page, feed).feed(body)
    return page


def crawl(client, start: list[str] = START) -> dict[str, Page]:
    """Every page reachable by GET links from `start` (two of each URL shape)."""
    seen: set[str] = set()
    per_shape: dict[str, int] = defaultdict(int)
    queue, pages = list(start), {}
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        shape = re.sub(r"\d+", "#", url)
        if per_shape[shape] >= PAGE_CAP_PER_SHAPE:
            continue
        per_shape[shape] += 1
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        raw = response.get_data()  # a download (a photo, a PDF) is bytes, not text
        response.close()
        if response.status_code != 200:
            continue
        if not (response.mimetype.endswith("xml") or response.mimetype == "text/html"):
            continue
        body = raw.decode("utf-8")
        if response.mimetype.endswith("xml"):
            pages[url] = read(url, body, feed=True)
            continue
        if response.mimetype != "text/html":
            continue
        pages[url] = read(url, body)
        for href in re.findall(r'href="([^"]+)"', body):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or parts.query:
                continue
            if not SKIP_LINK.search(href) and href not in seen:
                queue.append(href)
    return pages


def normalise(text: str) -> str:
    return " ".join(text.split())


def user_content() -> str:
    """Every text people (and the demo seeding, in their place) stored, one string to
    search in: a shown text that occurs in it was typed by someone, not by us."""
    found: list[str] = []
    for table in db.metadata.sorted_tables:
        columns = [
            c
            for c in table.columns
            if type(c.type) in (String, Text)
            and c.name not in NOT_TEXT
            and not c.name.endswith(("_hash", "_secret"))
            and not c.foreign_keys
        ]
        params = [c for c in table.columns if isinstance(c.type, JSON)]
        if not columns and not params:
            continue
        for row in db.session.execute(select(*columns, *params)):
            for value in row:
                if isinstance(value, str):
                    found.append(value)
                elif isinstance(value, dict):
                    found += [v for v in value.values() if isinstance(v, str)]
                elif value and isinstance(value, list) and all(isinstance(v, str) for v in value):
                    found += value  # words taken from typed texts (a theme's top words)
                elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
                    # Texts per language in a list (a question's options): each one, and
                    # each language's lines as typed, one per line.
                    found += [v for item in value for v in item.values() if isinstance(v, str)]
                    for key in {k for item in value for k in item}:
                        found.append("\n".join(str(item.get(key, "")) for item in value))
    return "\x00".join(normalise(text) for text in found)


def people() -> dict[str, str | None]:
    """One person of each kind in the demo (e-mail; None browses without an account)."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import Seat, SeatStatus
    from burgerplatform.consultations.pool_models import PoolMember

    seated = db.session.scalar(
        select(User.email)
        .join(PoolMember, PoolMember.user_id == User.id)
        .join(Seat, Seat.member_id == PoolMember.id)
        .where(Seat.status == SeatStatus.ACCEPTED)
        .limit(1)
    )
    return {
        "visitor": None,
        "citizen": "an@example.org",
        "klankbordgroep member": seated,
        "zorgraad member": "zorgraad.meetjesland@example.org",
        "staff": "staff.meetjesland@example.org",
        "coach": "coach@example.org",
        "admin": "admin@example.org",
    }
