"""The title of every page (browser tab, bookmarks, screen readers' first words) is plain
text: never markup that leaked from a template."""

from __future__ import annotations


def test_every_page_title_is_plain_text_in_the_tab(demo_site):
    leaked = {}
    checked = 0
    for person, page in demo_site.every_page():
        if page.title is None:
            continue
        checked += 1
        if "<" in page.title or ">" in page.title or not page.title.strip():
            leaked.setdefault(page.url, f"{person}: {page.title.strip()[:120]!r}")
    assert checked > 50, checked
    assert not leaked, f"{len(leaked)} pages with markup in <title>:\n" + "\n".join(
        f"{url} ({what})" for url, what in sorted(leaked.items())
    )
