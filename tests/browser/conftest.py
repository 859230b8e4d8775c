"""Browser tests: Chromium driven by Playwright against a live server holding the demo province.

One browser, one seeded database and one live server for the whole package.
pytest-django's own `live_server` fixture is not used because it pulls in `transactional_db`,
which empties the database after every test; seeding the demo province takes seconds, so it is
done once here and the tables are flushed when the package's tests are over.

Chromium is Debian's (`apt-get install chromium`); Playwright never downloads a browser here.
Set SOTAY_CHROMIUM to use another binary.
"""

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import override_settings
from django.test.utils import setup_databases, teardown_databases
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from sotay.devdata.demo import DEMO_PASSWORD, seed_demo
from sotay.organizations.models import Unit
from tests.browser.live_server import start_live_server
from tests.regulation import load_regulation

CHROMIUM = os.environ.get("SOTAY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(os.environ.get("SOTAY_BROWSER_SHOTS") or Path(tempfile.gettempdir()) / "browser-shots")
TIMEOUT_MS = 20_000  # generous: a busy two-core machine runs Chromium beside the whole suite

# seed_demo() gives the `secretary` and `member` logins the first cell (chi bộ) of Yên Mô, and
# the demo layout only splits a grassroots organization into cells above 35 members: a province
# too small leaves Yên Mô without a cell and seed_demo() fails (sotay/devdata/demo.py,
# _demo_users). 3,000 members is enough, and seeds in a second or two.
DEMO_MEMBERS = 3_000


@dataclass(frozen=True)
class DemoSite:
    url: str
    province: Unit
    kim_son: Unit
    yen_mo: Unit
    cell: Unit  # the cell of the `secretary` and `member` logins

    def __call__(self, path: str) -> str:
        return self.url + path


@contextmanager
def _test_database() -> Iterator[None]:
    """Make sure the test database exists.

    pytest-django creates it only when some collected test asks for `db`, `transactional_db` or
    `live_server`; none here does (see above), so when this package runs alone it is created here.
    """
    if connection.settings_dict["NAME"] == connection.creation._get_test_db_name():
        yield
        return
    old_config = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
    try:
        yield
    finally:
        teardown_databases(old_config, verbosity=0)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Chromium, for all the tests of this package (not the session: Playwright's event loop would
    keep running in the main thread under the tests of other packages).

    Inside `sync_playwright()` an event loop runs in the main thread, and Django's connection
    handler (an asgiref Local) then hands out other connection objects than outside it. The
    connection left behind on either side would stay open to the end of the run, and PostgreSQL
    refuses to drop the test database while it is ("is being accessed by other users"), so close
    them at both crossings.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set SOTAY_CHROMIUM)")
    connections.close_all()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


@pytest.fixture(scope="package")
def site(django_db_setup, django_db_blocker) -> Iterator[DemoSite]:
    """The demo province behind a live server, in Vietnamese as the app ships.

    The database stays unblocked while the package runs: the server thread needs it, and the tests
    read it to know what the pages should show.
    """
    with django_db_blocker.unblock(), _test_database(), override_settings(LANGUAGE_CODE="vi"):
        load_regulation()
        seed_demo(members_total=DEMO_MEMBERS)
        yen_mo = Unit.objects.get(name="Đảng bộ huyện Yên Mô")
        cell = Unit.objects.get(role_assignments__user__username="secretary")
        server = start_live_server("localhost")
        try:
            yield DemoSite(
                url=server.url,
                province=Unit.objects.get(code="NB"),
                kim_son=Unit.objects.get(name="Đảng bộ huyện Kim Sơn"),
                yen_mo=yen_mo,
                cell=cell,
            )
        finally:
            _session_cookies.clear()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            load_regulation()  # as the migrations left it, for the tests that run after these


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile per test. The browser asks for English first, as on many office PCs;
    the site must answer in Vietnamese all the same."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def sign_in(page: Page, site: DemoSite, username: str, password: str = DEMO_PASSWORD) -> None:
    """Fill in and submit the real sign-in form."""
    page.goto(site("/login/"))
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


_session_cookies: dict[str, list] = {}


def signed_in(page: Page, site: DemoSite, username: str) -> None:
    """Be signed in as `username`: through the form the first time, then with the same session
    cookie (the database and its sessions live as long as the package's tests)."""
    if username in _session_cookies:
        page.context.add_cookies(_session_cookies[username])
        return
    sign_in(page, site, username)
    assert path_of(page) != "/login/", f"{username} could not sign in"
    _session_cookies[username] = [c for c in page.context.cookies() if c["name"] in ("sessionid", "csrftoken")]


def signed_out(username: str) -> None:
    """`username` signed out: their kept session cookie is dead, the next signed_in() uses the form."""
    _session_cookies.pop(username, None)


def shot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot of the whole page, or of the first screen, for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def path_of(page: Page) -> str:
    """The path and query of the page's URL, without the live server's address."""
    return re.sub(r"^https?://[^/]+", "", page.url)
