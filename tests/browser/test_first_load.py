"""The first load on a slow line, with static files served as in production (collected, hashed,
compressed, by whitenoise): the sign-in page, and a member's first page (the handbook) once signed in.

Run alone to print the figures quoted in the README:
    .venv/bin/python -m pytest tests/browser/test_first_load.py -s
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.request import urlopen

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import DEMO_PASSWORD, TIMEOUT_MS, DemoSite, path_of
from tests.static_files import HASHED_NAME, production_static_files

pytestmark = pytest.mark.browser

# A slow mobile line: every request waits 400 ms, and 400 kbit/s each way (DevTools' units).
LATENCY_MS = 400
BYTES_PER_SECOND = 400_000 / 8
SLOW_LINE = {
    "offline": False,
    "latency": LATENCY_MS,
    "downloadThroughput": BYTES_PER_SECOND,
    "uploadThroughput": BYTES_PER_SECOND,
}
BYTE_BUDGET = 50_000
# Round trips a page may take: the document, then its CSS and JS side by side.
ROUND_TRIPS = 2
# What the server and the browser add on top of the line's own delays, on a two-core machine
# that runs the rest of the suite beside this test (measured alone: 0.2 to 0.6 s).
SLACK_SECONDS = 1.5
PAGES_DO_NOT_LOAD = ("admin", "ninja", "django_htmx", "treebeard", "chart*")  # slow to compress


@dataclass
class Load:
    """What one navigation cost: the bytes on the wire and when the page was usable."""

    requests: dict[str, int] = field(default_factory=dict)  # CDP request id -> bytes on the wire
    urls: dict[str, str] = field(default_factory=dict)  # CDP request id -> URL
    seconds: float = 0.0

    @property
    def bytes(self) -> int:
        return sum(self.requests.values())

    @property
    def files(self) -> list[str]:
        """What came over the network (not the data: images drawn by the CSS)."""
        return [url.rsplit("/", 1)[-1] for url in self.urls.values() if url.startswith("http")]

    def budget_seconds(self, round_trips: int = ROUND_TRIPS) -> float:
        """The line's own cost (its latency per round trip, its bytes at its speed), plus slack."""
        return round_trips * LATENCY_MS / 1000 + self.bytes / BYTES_PER_SECOND + SLACK_SECONDS

    def report(self, name: str) -> str:
        files = ", ".join(
            f"{self.urls[r].rsplit('/', 1)[-1] or 'page'} {b / 1000:.1f}"
            for r, b in self.requests.items()
            if self.urls[r].startswith("http")
        )
        return f"{name}: {self.bytes / 1000:.1f} KB in {self.seconds:.2f} s ({files})"


@pytest.fixture(scope="module")
def production_url(site: DemoSite, tmp_path_factory, django_db_blocker) -> Iterator[str]:
    """A second live server over the same data, with the production static files.

    Its static handler passes everything on, so whitenoise (not the test server's finder-based
    handler) answers /static/. It shares no connection object with the test: an in-memory
    SQLite test database is a shared-cache one that each of its threads opens for itself, and
    a shared object would be closed by the browser's idle keep-alive threads after `stop()`.
    """
    with (
        django_db_blocker.unblock(),
        production_static_files(tmp_path_factory.mktemp("static"), ignore=PAGES_DO_NOT_LOAD),
    ):
        server = LiveServer("localhost", start=False)
        server.thread.static_handler = lambda application: application
        server.thread.connections_override = {}
        server.start()
        try:
            yield server.url
        finally:
            server.stop()


@pytest.fixture
def slow(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile (an empty cache) on a phone-sized screen."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}, is_mobile=True)
    context.set_default_timeout(TIMEOUT_MS * 3)  # the line is slow on purpose
    yield context
    context.close()


class SlowLine:
    """Slows a page's line down and counts the bytes of each navigation it is told of."""

    def __init__(self, page: Page):
        self.load = Load()
        self.urls: dict[str, str] = {}
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_LINE)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event: dict) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event: dict) -> None:
        self.load.requests[event["requestId"]] = event["encodedDataLength"]
        self.load.urls[event["requestId"]] = self.urls.get(event["requestId"], "?")

    def next_load(self) -> Load:
        self.load = Load()
        return self.load


def redirects(page: Page) -> int:
    return page.evaluate("performance.getEntriesByType('navigation')[0].redirectCount")


def usable_after(page: Page) -> float:
    """Seconds from the navigation's start (before any redirect) to the end of its load event."""
    page.wait_for_function("performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0")
    return page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000


def test_first_load_on_a_slow_line(slow: BrowserContext, production_url: str, site: DemoSite):
    # Warm the server up first: it is the line that is measured, not a process's first request.
    with urlopen(production_url + "/login/") as answer:  # noqa: S310 - the test's own server
        assert answer.status == 200
    page = slow.new_page()
    line = SlowLine(page)
    sign_in_page = line.next_load()
    page.goto(production_url + "/login/")
    expect(page.locator("main form button[type=submit]")).to_be_visible()
    sign_in_page.seconds = usable_after(page)
    css = page.evaluate("[...document.styleSheets].map(s => s.href)")
    assert all(HASHED_NAME.fullmatch(href.rsplit("/", 1)[-1]) for href in css), css

    form = page.locator("main form")
    form.locator("input[name=username]").fill("member")
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    first_page = line.next_load()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("main h1")).to_be_visible()
    first_page.seconds = usable_after(page)
    assert path_of(page) == "/handbook/"
    assert redirects(page) == 1  # from the form straight to the handbook

    # The same page on another day, the cache emptied: everything comes down again.
    cookies = slow.cookies()
    cold = slow.browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}, is_mobile=True)
    cold.set_default_timeout(TIMEOUT_MS * 3)
    try:
        cold.add_cookies(cookies)
        again = cold.new_page()
        cold_page = SlowLine(again).next_load()
        again.goto(production_url + path_of(page))
        expect(again.locator("main h1")).to_be_visible()
        cold_page.seconds = usable_after(again)
    finally:
        cold.close()

    loads = {
        "sign-in page, empty cache": (sign_in_page, ROUND_TRIPS),
        "member's handbook after signing in (the form's POST, one redirect)": (first_page, 2),
        "member's handbook, empty cache": (cold_page, ROUND_TRIPS),
    }
    for name, (load, _trips) in loads.items():
        print(load.report(name))
    # One document, then the three files it names, side by side; no font, no script but site.js.
    assert sorted(f.split(".")[0] for f in sign_in_page.files) == ["", "pico", "site", "site"], sign_in_page.files
    for name, (load, trips) in loads.items():
        assert load.bytes < BYTE_BUDGET, load.report(name)
        assert load.seconds < load.budget_seconds(trips), (
            f"{load.report(name)}; budget {load.budget_seconds(trips):.2f} s"
        )
