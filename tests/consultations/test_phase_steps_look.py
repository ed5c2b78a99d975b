"""The phase steps of a round are a progress line, not something that looks clickable."""

from __future__ import annotations

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "burgerplatform/static/css/main.css"


def rules(selector: str) -> str:
    css = CSS.read_text()
    return " ".join(
        body for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", css) if sel.strip() == selector
    )


def test_the_phase_steps_do_not_look_like_buttons():
    step = rules(".phase-steps li") + rules(".phase-steps li.current")
    assert "border:" not in step and "border-radius" not in step  # the box of a button
    assert "background" not in step
    assert "cursor" not in step
