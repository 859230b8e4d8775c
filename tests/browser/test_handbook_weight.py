"""The member's home on a slow phone line, with static files served as in production: under
100 KB on the first load (the service worker's own downloads included) and usable within 3 s;
the next load takes its styles and scripts from the worker's cache.

Run alone to print the figures quoted in the README ("The handbook on a slow phone"):
    .venv/bin/python -m pytest tests/browser/test_handbook_weight.py -s -p no:cacheprovider
"""

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import TIMEOUT_MS, DemoSite, _session_cookies, signed_in
from tests.browser.test_first_load import LATENCY_MS, SlowLine, production_url, usable_after  # noqa: F401

pytestmark = pytest.mark.browser

FIRST_LOAD_BYTES = 100_000
USABLE_SECONDS = 3.0


@pytest.fixture
def phone_on_a_slow_line(browser: Browser, site: DemoSite) -> Iterator[BrowserContext]:
    """A fresh profile (empty caches, no worker) on a 360 × 740 phone, signed in as the member."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}, is_mobile=True)
    context.set_default_timeout(TIMEOUT_MS * 3)
    try:
        if "member" not in _session_cookies:
            signed_in(context.new_page(), site, "member")
        context.clear_cookies()
        context.add_cookies(_session_cookies["member"])  # cookies are per host, not per port
        yield context
    finally:
        context.close()


def name_of(url: str) -> str:
    """The last part of a URL's path: "handbook" for /handbook/, "pico.min.<hash>.css"."""
    return urlparse(url).path.rstrip("/").rsplit("/", 1)[-1]


class Responses:
    """Which responses of a page came from its service worker (CDP Network.responseReceived)."""

    def __init__(self, page: Page):
        self.from_worker: dict[str, bool] = {}
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", self._received)

    def _received(self, event: dict) -> None:
        url = event["response"]["url"]
        if url.startswith("http"):
            self.from_worker[name_of(url)] = event["response"].get("fromServiceWorker", False)


def test_the_member_home_on_a_slow_phone(phone_on_a_slow_line: BrowserContext, production_url: str):  # noqa: F811
    context = phone_on_a_slow_line
    worker_bytes: dict[str, int] = {}

    def count(request) -> None:
        if request.service_worker is not None:
            sizes = request.sizes()
            worker_bytes[name_of(request.url)] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

    context.on("requestfinished", count)
    page = context.new_page()
    line = SlowLine(page)
    first = line.next_load()
    page.goto(production_url + "/handbook/")
    expect(page.locator("ul.feed li").first).to_be_visible()
    first.seconds = usable_after(page)
    # Then the worker installs (its requests are counted, but not slowed: CDP's throttling is the
    # page's, so the next load's time leaves the line out): it fetches the shell the page did not
    # load, the offline page and the feed.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function("() => caches.has('sotay-pages')")
    page.wait_for_timeout(LATENCY_MS * 2)  # the last answers' loadingFinished events
    worker = sum(worker_bytes.values())
    total = first.bytes + worker

    again = context.new_page()
    second = SlowLine(again).next_load()
    responses = Responses(again)
    again.goto(production_url + "/handbook/")
    expect(again.locator("ul.feed li").first).to_be_visible()
    second.seconds = usable_after(again)

    print(first.report("member home, first load"))
    print(
        f"service worker install: {worker / 1000:.1f} KB "
        f"({', '.join(f'{n} {b / 1000:.1f}' for n, b in worker_bytes.items())})"
    )
    print(f"first load in all: {total / 1000:.1f} KB")
    print(
        second.report("member home, next load")
        + f"; from the worker: {sorted(n for n, w in responses.from_worker.items() if w)}"
    )
    assert total < FIRST_LOAD_BYTES, f"{total} bytes"
    assert first.seconds < USABLE_SECONDS, first.report("first load")
    statics = {name: worker for name, worker in responses.from_worker.items() if name.endswith((".css", ".js"))}
    assert statics and all(statics.values()), responses.from_worker
    assert responses.from_worker["handbook"]  # the page too: the worker fetched it (network first)
