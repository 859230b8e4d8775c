"""The progress report in a browser: the chart draws under the strict policy, on a phone too."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from sotay.accounts.models import User
from sotay.organizations.models import Unit
from sotay.recruitment.choices import TargetKind
from sotay.recruitment.services.targets import target_set
from sotay.recruitment.tallies import count_admission
from tests.browser.conftest import DemoSite, shot, signed_in
from tests.browser.test_security import RECORD_VIOLATIONS, violations

pytestmark = pytest.mark.browser

YEAR = 2023  # a past year: the other browser tests never look at it


@pytest.fixture
def plan(site: DemoSite):
    """The province's plan of 2,253 for the year and 2,360 admitted across its districts."""
    target_set(
        actor=User.objects.get(username="province"),
        unit=site.province,
        year=YEAR,
        kind=TargetKind.ADMISSIONS,
        value=2253,
        reason="Kế hoạch của Tỉnh ủy",
    )
    districts = Unit.objects.filter(path__startswith=site.province.path, depth=site.province.depth + 1)
    cells = [Unit.objects.filter(path__startswith=d.path, numchild=0).order_by("path").first() for d in districts]
    cells = [cell for cell in cells if cell is not None]
    for position, cell in enumerate(cells):
        share = 2360 // len(cells) + (1 if position < 2360 % len(cells) else 0)
        count_admission(
            unit_id=cell.pk, day=datetime.date(YEAR, 1 + position % 12, 15), categories=["all"], delta=share
        )
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
