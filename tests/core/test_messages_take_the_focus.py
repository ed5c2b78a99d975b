"""What just happened, or what to fix, is what a keyboard or screen-reader user meets
first on the page a form led to (outside review: after joining the pool the focus stayed
on the page, and the message was never read out)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _render(app, *, summary: bool, heading: str = "<h1>Page</h1>") -> str:
    from flask import flash, render_template_string

    page = (
        '{% extends "base.html" %}{% from "_macros/forms.html" import error_summary %}'
        "{% block content %}{{ error_summary(form) }}" + heading + "{% endblock %}"
    )
    with app.test_request_context():
        from burgerplatform.core.forms import BaseForm

        form = BaseForm(formdata=None)
        if summary:
            form.messages.append("Something to fix.")
        flash("Done.", "success")
        flash("Also this.", "info")
        return render_template_string(page, form=form)


def _tag(html: str, element_id: str) -> str:
    (tag,) = re.findall(rf'<[a-z]+ [^>]*id="{element_id}"[^>]*>', html)
    return tag


def test_the_messages_are_one_status_region_that_takes_the_focus_on_load(app):
    html = _render(app, summary=False)
    region = _tag(html, "flashes")
    assert 'role="status"' in region and 'tabindex="-1"' in region
    # `autofocus` gives it the focus without script (main.js does it too).
    assert "autofocus" in region
    assert html.count("autofocus") == 1
    assert region in html.split("<h1>")[0]  # one region, before the page's own content
    assert "Done." in html and "Also this." in html


def test_an_error_summary_takes_the_focus_before_the_messages(app):
    html = _render(app, summary=True)
    assert "autofocus" not in _tag(html, "flashes")
    assert "autofocus" in _tag(html, "error-summary")
    assert html.count("autofocus") == 1


def test_a_confirmation_question_keeps_the_focus_as_a_page_asks_for_it_once(app):
    """Two elements asking for the focus are invalid HTML, and leave it to chance."""
    question = '<h1 id="leave-title" tabindex="-1" autofocus>Leave?</h1>'
    html = _render(app, summary=False, heading=question)
    assert "autofocus" not in _tag(html, "flashes")
    assert html.count("autofocus") == 1


def test_words_people_wrote_never_count_as_asking_for_the_focus():
    from burgerplatform.core.forms import asks_for_focus

    assert asks_for_focus('<div class="error-summary" tabindex="-1" autofocus>')
    assert asks_for_focus('<input id="code" autofocus required>')
    assert not asks_for_focus("<p>Zet autofocus aan, of &lt;h1 autofocus&gt;</p>")


def test_only_the_base_template_shows_messages():
    """The same region everywhere: no page shows flashed messages its own way."""
    showing = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "get_flashed_messages" in path.read_text(encoding="utf-8")
    ]
    assert showing == ["templates/base.html"]


def test_every_form_that_posts_names_the_address_it_posts_to():
    """A form without `action` posts to the page's address with its #fragment (a summary
    link's, the skip link's); the redirect after it keeps the fragment, and the browser
    then focuses that element instead of the message (and skips `autofocus`)."""
    missing = [
        f"{path.relative_to(ROOT)}: {tag}"
        for path in (ROOT / "templates").rglob("*.html")
        for tag in re.findall(r"<form\b[^>]*>", path.read_text(encoding="utf-8"))
        if re.search(r'method="post"', tag, re.I) and "action=" not in tag
    ]
    assert not missing, "\n".join(missing)


def test_a_form_posts_to_its_page_with_the_query_and_without_a_fragment(app):
    from burgerplatform.core.http import this_page

    with app.test_request_context("/zone-1/pool/?next=/a?b"):
        assert this_page() == "/zone-1/pool/?next=/a?b"
    with app.test_request_context("/register"):
        assert this_page() == "/register"
