"""Every kind of message the pages flash has its own look, and a warning says so in
words: a warning shown in the error style told staff that a saved change had failed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _flash_categories() -> set[str]:
    """The categories every flash(...) call in the code passes."""
    found = set()
    for path in (ROOT / "burgerplatform").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "flash"
                and len(node.args) > 1
            ):
                category = node.args[1]
                if isinstance(category, ast.Constant):
                    found.add(category.value)
                elif isinstance(category, ast.IfExp):
                    found |= {
                        c.value
                        for c in (category.body, category.orelse)
                        if isinstance(c, ast.Constant)
                    }
    return found


def test_every_flash_category_the_code_uses_has_a_style():
    css = (ROOT / "burgerplatform" / "static" / "css" / "main.css").read_text(encoding="utf-8")
    categories = _flash_categories()
    assert {"error", "success", "warning"} <= categories
    # "info" is the plain look of every flash (.flash itself).
    unstyled = sorted(c for c in categories - {"info"} if f".flash-{c} " not in css)
    assert not unstyled, unstyled


def test_a_warning_is_labelled_in_words_not_by_colour_alone(app):
    from flask import flash, render_template_string

    with app.test_request_context():
        flash("Something to check.", "warning")
        flash("Done.", "success")
        page = render_template_string('{% extends "base.html" %}')
    (flashes,) = re.findall(r'<div class="flashes"[^>]*>(.*?)</div>', page, re.S)
    label = '<strong class="flash-label">Let op:</strong>'
    assert f'<p class="flash flash-warning">{label} Something to check.</p>' in flashes
    assert '<p class="flash flash-success">Done.</p>' in flashes
