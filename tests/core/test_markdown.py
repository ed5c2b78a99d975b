from burgerplatform.core.markdown import plain_excerpt, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="#" onclick="alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    "![x](https://tracker.example/pixel.png)",
    '<div style="background:url(javascript:alert(1))">x</div>',
]


def test_markdown_is_rendered_with_lists_and_links():
    html = render_markdown(
        "**Vervoer** naar het ziekenhuis\n\n- bus\n- taxi\n\n[info](https://example.org)"
    )
    assert "<strong>Vervoer</strong>" in html
    assert "<li>bus</li>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow noopener ugc"' in html


def test_no_markdown_can_inject_script_or_load_third_party_content():
    for payload in HOSTILE:
        html = str(render_markdown(payload)).lower()
        for bad in (
            "<script",
            "onerror",
            "onclick",
            "onload",
            "javascript:",
            "data:text",
            "<iframe",
            "<img",
            "<svg",
            "style=",
        ):
            assert bad not in html, (payload, html)


def test_excerpts_are_plain_text_and_short():
    assert plain_excerpt("**Hallo** <b>daar</b>", 100) == "Hallo daar"
    assert len(plain_excerpt("woord " * 100, 50)) == 50
