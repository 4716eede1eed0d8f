"""Browser journeys: Playwright (sync API) against pytest-django's live_server, checked by axe.

Chromium is Debian's (/usr/bin/chromium): `playwright install` cannot download here.
"""

import os
import urllib.request

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in the test thread, so Django would refuse ORM calls
# from the test (factories, reading the outbox) without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session", autouse=True)
def _urls_loaded():
    """Import every view before the first page is asked for: the PDF views import WeasyPrint,
    which takes seconds on a busy machine, longer than a page's timeout below."""
    import mentoring.urls  # noqa: F401


@pytest.fixture
def warm_server(live_server):
    """The first request imports every app's views; on a busy machine that alone can outlast the
    browser's five-second page timeout, so a module that wants it (`usefixtures`) makes it here,
    with time to spare."""
    urllib.request.urlopen(f"{live_server.url}/accounts/login/", timeout=60).read()


@pytest.fixture
def long_navigations(warm_server, page):
    """The server warmed, and each navigation given more than the five seconds the other checks
    keep: for the crawl and the keyboard journey, which open many pages on a shared machine."""
    page.set_default_navigation_timeout(20_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def axe():
    """axe-core, injected from the copy bundled in axe-playwright-python: works offline."""
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """`assert_accessible(page)`: axe finds no violations on the page as it is now."""

    def check(page):
        # A hover or focus just given starts a CSS transition: axe must read the colours it ends
        # on, not one in between. (Transitions only: an endless animation never finishes.)
        page.evaluate(
            "Promise.all(document.getAnimations()"
            ".filter(a => a instanceof CSSTransition).map(a => a.finished))"
        )
        results = axe.run(page)
        assert results.violations_count == 0, f"axe on {page.url}:\n{results.generate_report()}"

    return check


@pytest.fixture(autouse=True)
def _short_timeouts(page):
    """Pages come from a local server: fail in seconds, not Playwright's default 30."""
    page.set_default_timeout(5_000)
    expect.set_options(timeout=5_000)


# Chromium logs every refusal as "Refused to ... because it violates the following Content
# Security Policy directive: ...".
CSP_MARKER = "Content Security Policy"


@pytest.fixture(autouse=True)
def csp_violations(page):
    """The Content-Security-Policy is enforced, so anything it refuses is a broken page: a style
    that never applied, a script that never ran. Every test fails at teardown if the browser
    reported one, from its first page or any page it opened since. Yields the list of reports,
    so a test can look at them (and empty it) itself."""
    reports = []

    def watch(watched):
        def on_console(message):
            if CSP_MARKER in message.text:
                reports.append(f"{watched.url}: {message.text}")

        def on_page_error(error):
            if CSP_MARKER in str(error):
                reports.append(f"{watched.url}: {error}")

        watched.on("console", on_console)
        watched.on("pageerror", on_page_error)

    watch(page)
    page.context.on("page", watch)
    yield reports
    assert not reports, "Content-Security-Policy violations:\n" + "\n".join(reports)
