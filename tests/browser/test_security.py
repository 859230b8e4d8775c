"""The pages work under the strict Content-Security-Policy: nothing the browser refuses, and the
little script they need (htmx, the tree, confirmations, the API docs) still runs."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DemoSite, shot, signed_in

pytestmark = pytest.mark.browser

# Injected by the browser itself, before any page script, and not subject to the page's policy.
RECORD_VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


@pytest.fixture
def watched(page: Page) -> Page:
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__violations")


def test_the_tree_opens_a_level_under_the_policy(watched: Page, site: DemoSite):
    signed_in(watched, site, "province")
    watched.goto(site("/units/"))
    header = watched.evaluate("fetch(location.href).then(r => r.headers.get('content-security-policy'))")
    assert "script-src 'self'" in header
    expand = watched.locator("#tree button.expand").first
    expand.click()
    expect(watched.locator("#tree > li > ul > li").first).to_be_visible()
    # site.js, not an inline handler, marks the row open once htmx has loaded it.
    expect(expand).to_have_attribute("aria-expanded", "true")
    expect(expand).to_be_disabled()
    assert violations(watched) == []


def test_a_search_under_the_policy(watched: Page, site: DemoSite):
    signed_in(watched, site, "province")
    watched.goto(site("/members/"))
    with watched.expect_response(lambda r: "q=" in r.url):
        watched.locator("#filters input[name=q]").fill("Nguyen")
    expect(watched.locator("#results tbody td:first-child a").first).to_contain_text("Nguyễn")
    # htmx adds no <style> of its own (the policy would refuse it).
    assert watched.evaluate("document.querySelectorAll('style').length") == 0
    assert violations(watched) == []


def test_revoking_a_token_asks_first(watched: Page, site: DemoSite):
    signed_in(watched, site, "kimson")
    watched.goto(site("/account/tokens/"))
    watched.locator("main form input[name=name]").fill("policy check")
    with watched.expect_navigation():
        watched.locator("main form button[type=submit]").first.click()
    row = watched.locator("tbody tr", has_text="policy check")
    questions: list[str] = []

    def decline(dialog) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    watched.once("dialog", decline)
    row.get_by_role("button").click()
    expect(row).to_be_visible()
    assert questions and "policy check" in questions[0]
    watched.once("dialog", lambda dialog: dialog.accept())
    with watched.expect_navigation():
        row.get_by_role("button").click()
    expect(watched.locator("tbody tr", has_text="policy check")).to_have_count(0)
    assert violations(watched) == []


def test_the_api_docs_render_under_the_policy(watched: Page, site: DemoSite):
    signed_in(watched, site, "province")
    watched.goto(site("/api/docs"))
    expect(watched.locator(".opblock").first).to_be_visible()
    expect(watched.locator(".opblock-summary-path", has_text="/api/members").first).to_be_visible()
    shot(watched, "12-api-docs")
    assert violations(watched) == []
