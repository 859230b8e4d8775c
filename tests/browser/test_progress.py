"""The progress report in a browser: the chart draws under the strict policy, on a phone too."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DemoSite, shot, signed_in
from tests.browser.test_security import RECORD_VIOLATIONS, violations

pytestmark = pytest.mark.browser

# The demo seeds the province's 2023 as reported (sotay/devdata/recruitment.py): its plan of 2,253
# and 2,360 admitted across its districts. A past year: the other browser tests never look at it.
YEAR = 2023


@pytest.fixture
def plan(site: DemoSite):
    return site


def test_the_province_reads_its_progress_with_a_chart(page: Page, plan: DemoSite):
    page.add_init_script(RECORD_VIOLATIONS)
    page.set_viewport_size({"width": 360, "height": 780})
    signed_in(page, plan, "province")
    page.goto(plan(f"/recruitment/progress/?year={YEAR}"))
    expect(page.locator("main dl.record")).to_contain_text("104,75 %")
    expect(page.locator("figure.chart")).to_have_class("chart chart-ready")
    drawn = page.evaluate("Chart.getChart(document.getElementById('progress-chart')).data.labels.length")
    assert drawn == page.locator("table.striped >> nth=0").locator("tbody tr").count()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    shot(page, "progress-phone")
    assert violations(page) == []
