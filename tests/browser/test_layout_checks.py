"""The page check of every browser test (support.check_layout) sees what users see: a page
that scrolls sideways on a 320 px phone, and charts without readable labels or a table."""

from __future__ import annotations

import pytest

from tests.browser.support import check_layout

pytestmark = pytest.mark.browser


def test_a_page_wider_than_a_phone_fails_the_page_check(page):
    page.set_content("<main><table><tr><td>" + "word " * 3 + "x" * 80 + "</td></tr></table></main>")
    with pytest.raises(pytest.fail.Exception, match="scrolls sideways at 320 px"):
        check_layout(page)


def test_a_wide_table_in_a_scrolling_region_passes(page):
    page.set_content(
        '<main><div role="region" aria-label="t" tabindex="0" '
        'style="position: relative; max-width: 100%; overflow-x: auto">'
        '<table style="width: 600px"><tr><td>x</td></tr></table></div></main>'
    )
    check_layout(page)
