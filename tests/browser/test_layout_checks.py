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


CHART_ROW = (
    '<div class="chart-row"><span class="chart-label">{}</span>'
    '<svg class="chart-track"></svg><span>3</span></div>'
)


def test_a_chart_whose_bars_have_no_names_fails_the_page_check(page):
    page.set_content(
        '<main><div class="chart-with-table"><div class="chart">'
        + CHART_ROW.format("")
        + "</div><table><tr><td>3</td></tr></table></div></main>"
    )
    with pytest.raises(pytest.fail.Exception, match="a bar without a text label"):
        check_layout(page)


def test_a_chart_with_tiny_labels_or_without_a_table_fails_the_page_check(page):
    page.set_content(
        '<main><div class="chart">'
        + CHART_ROW.format('<span style="font-size: 8px">Aalter</span>').replace(
            'class="chart-label"', 'class="chart-label" style="font-size: 8px"'
        )
        + "</div></main>"
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        check_layout(page)
    assert "is 8.0 px" in str(failure.value) and "has no table" in str(failure.value)


def test_a_drawing_that_is_not_marked_as_a_chart_fails_the_page_check(page):
    page.set_content('<main><svg class="bar-chart" role="img"><text>1</text></svg></main>')
    with pytest.raises(pytest.fail.Exception, match='without class "chart"'):
        check_layout(page)


def test_a_chart_with_named_bars_and_a_table_passes(page):
    page.set_content(
        '<main><div class="chart-with-table"><div class="chart">'
        + CHART_ROW.format("Aalter")
        + "</div><table><tr><td>3</td></tr></table></div></main>"
    )
    check_layout(page)
