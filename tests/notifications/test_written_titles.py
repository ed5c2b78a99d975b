"""A notification quotes what people wrote (a round's title): on a French or English
page that title is marked Dutch, and whatever it holds is shown as text, never as HTML."""

from __future__ import annotations

from flask_babel import force_locale

from burgerplatform.notifications.kinds import html_for

TITLE = 'Wachten <b>"hier"</b> & daar'


def test_a_quoted_title_is_marked_dutch_and_escaped_on_an_english_page(app):
    with app.test_request_context(), force_locale("en"):
        text = str(html_for("round.phase", {"title": TITLE, "phase": "Gathering input"}))
    assert '<span lang="nl">Wachten &lt;b&gt;&#34;hier&#34;&lt;/b&gt; &amp; daar</span>' in text
    assert "<b>" not in text and text.startswith("The round “")


def test_a_dutch_page_quotes_the_title_escaped_without_a_span(app):
    with app.test_request_context(), force_locale("nl"):
        text = str(html_for("round.phase", {"title": TITLE, "phase": "x"}))
    assert "<span" not in text and "&lt;b&gt;" in text and "<b>" not in text
