"""Browser tests: Playwright for Python drives Debian's Chromium against a live server.

The app runs in pytest-django's `live_server` (a thread of this process, so the test
mailbox `django.core.mail.outbox` and the test database are shared with it).

Where the browser or axe-core is missing, the tests are skipped with a message saying
what to install; with ACADEMY_REQUIRE_BROWSER=1 (set by .ci/run) they fail instead, so
CI cannot pass without having run them.

- Chromium: /usr/bin/chromium (Debian's package `chromium`), or ACADEMY_CHROMIUM.
  Playwright's own browser download is not used.
- axe-core: `make browser-tools` installs it with npm into .browser-tools/.
"""

import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from academy.settings.base import env_bool

REQUIRE_BROWSER = env_bool("ACADEMY_REQUIRE_BROWSER")
CHROMIUM = Path(os.environ.get("ACADEMY_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(settings.BASE_DIR) / ".browser-tools/node_modules/axe-core/axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / ".browser-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
FAILURES = ARTIFACTS / "failures"
AXE_REPORTS = ARTIFACTS / "axe"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Everything a participant sees should be judged by axe against these rule sets.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SERIOUS = {"serious", "critical"}


def unavailable(what, how):
    """Skip (plain `make test`) or fail (CI) when a browser tool is missing."""
    if REQUIRE_BROWSER:
        pytest.fail(
            f"{what} (ACADEMY_REQUIRE_BROWSER=1: browser tests must run here). {how}",
            pytrace=False,
        )
    pytest.skip(f"browser test skipped: {what}. {how}")


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """One headless Chromium for all browser tests, stopped after the last of them.

    Playwright's sync API keeps an asyncio event loop running in this thread while it
    is started, although the test code stays synchronous (it waits for the browser).
    Django takes a running loop for an async context, with two effects:

    - it refuses ORM calls from the test code ("You cannot call this from an async
      context"). DJANGO_ALLOW_ASYNC_UNSAFE switches that check off, only while
      Playwright runs (package scope), so the rest of the suite keeps the check;
    - it hands out fresh database connection objects (they are kept per event loop),
      which lack the snapshot of the test database that `serialized_rollback`
      restores after each test. It is copied over to them.
    """
    if not CHROMIUM.exists():
        unavailable(
            f"Chromium not found at {CHROMIUM}",
            "Install it with `apt-get install chromium` (or set ACADEMY_CHROMIUM).",
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - it is in requirements-dev.txt
        unavailable("Playwright for Python is not installed", "Run `make install-dev`.")
    snapshots = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        for connection in connections.all(initialized_only=True):
            connection.close()
        playwright.stop()
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, for `new_context` to see a failure."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_context(browser, live_server, request):
    """Make a fresh browser profile (cookies, downloads) aimed at the live server.

    Every page opened in it fails the test at the end if the browser reported a
    Content Security Policy violation or a JavaScript error on it. When the test
    failed, each open page is saved to .browser-artifacts/failures/ as it looked.
    """
    contexts = []
    problems = []

    def make(viewport=DESKTOP, **options):
        phone = viewport == PHONE
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            is_mobile=phone,
            has_touch=phone,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(15_000)

        def watch(page):
            page.on(
                "console",
                lambda message: (
                    message.type == "error"
                    and "Content Security Policy" in message.text
                    and problems.append(f"{page.url}: {message.text}")
                ),
            )
            page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))

        context.on("page", watch)
        contexts.append(context)
        return context

    yield make
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        FAILURES.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "-", request.node.name)
        for number, page in enumerate(p for c in contexts for p in c.pages):
            path = FAILURES / f"{name}-{number}.png"
            page.screenshot(path=path, full_page=True)
            print(f"failure screenshot of {page.url}: {path}")
    for context in contexts:
        context.close()
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def page(new_context):
    """A desktop-sized page (1280x800) in a fresh context."""
    return new_context().new_page()


@pytest.fixture
def screenshot():
    """screenshot(page, "name") writes .browser-artifacts/screenshots/name-desktop.png
    (or -phone.png), for people to look at; nothing compares them."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name, full_page=False, height=None):
        """The viewport, the whole page, or the top `height` pixels of the page."""
        size = "phone" if page.viewport_size == PHONE else "desktop"
        path = SCREENSHOTS / f"{name}-{size}.png"
        options = {"full_page": full_page, "animations": "disabled"}
        if height:
            width = page.viewport_size["width"]
            options.update(
                full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
            )
        page.screenshot(path=path, **options)
        return path

    return take


class Axe:
    """Runs axe-core in pages; `assert_clean()` fails on serious or critical problems.

    Every violation found (of any impact) is also written to
    .browser-artifacts/axe/<test>.json for people to read.
    """

    def __init__(self, source):
        self.source = source
        self.results = {}

    @property
    def checked(self):
        return list(self.results)

    def check(self, page, label=None):
        label = label or path_of(page)
        page.wait_for_load_state()
        # Playwright evaluates through the DevTools protocol, which the page's Content
        # Security Policy does not govern, so axe goes in without `bypass_csp` and the
        # pages are checked as they are served, CSP in force.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(self.source)
        self.results[label] = page.evaluate(AXE_RUN, AXE_TAGS)
        return self.results[label]

    def serious(self):
        return {
            label: [v for v in violations if v["impact"] in SERIOUS]
            for label, violations in self.results.items()
            if any(v["impact"] in SERIOUS for v in violations)
        }

    def assert_clean(self):
        assert self.results, "axe checked no page"
        report = "\n".join(
            f"{label}:\n"
            + "\n".join(
                f"  - {v['id']} ({v['impact']}): {v['help']}\n      "
                + "\n      ".join(v["nodes"])
                for v in violations
            )
            for label, violations in self.serious().items()
        )
        assert not report, f"axe found serious or critical problems:\n{report}"

    def save(self, name):
        AXE_REPORTS.mkdir(parents=True, exist_ok=True)
        path = AXE_REPORTS / (re.sub(r"[^\w.-]+", "-", name) + ".json")
        path.write_text(json.dumps(self.results, indent=2, ensure_ascii=False))


AXE_RUN = """async (tags) => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: "
            + (n.failureSummary || "").replace(/\\s+/g, " ")),
    }));
}"""


@pytest.fixture
def axe(browser, request):
    """axe-core, installed by `make browser-tools` (npm); skipped when it is absent."""
    if not AXE_JS.exists():
        unavailable(
            f"axe-core not found at {AXE_JS.relative_to(settings.BASE_DIR)}",
            "Run `make browser-tools` (needs npm) to install it.",
        )
    checker = Axe(AXE_JS.read_text(encoding="utf-8"))
    yield checker
    checker.save(request.node.name)


def no_horizontal_scroll(page):
    """The page fits the viewport's width: nothing sticks out sideways.

    On a phone Chromium widens the layout viewport to fit what sticks out, so the
    width is also compared with the viewport the test asked for.
    """
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    width = page.viewport_size["width"]
    if scroll_width <= inner_width <= width:
        return
    culprits = page.evaluate(
        """(width) => Array.from(document.querySelectorAll("body *"))
            .filter(e => e.getBoundingClientRect().right > width + 0.5)
            .filter(e => !e.parentElement
                || e.parentElement.getBoundingClientRect().right <= width + 0.5)
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
                      + (e.className && typeof e.className === "string"
                         ? "." + e.className.trim().split(/\\s+/).join(".") : "")
                      + " right=" + Math.round(e.getBoundingClientRect().right))""",
        width,
    )
    raise AssertionError(
        f"{page.url} scrolls sideways at {width} px wide: scrollWidth "
        f"{scroll_width}, innerWidth {inner_width}; sticking out: {culprits}"
    )


def path_of(page):
    """The current URL's path, e.g. "/dashboard/"."""
    return re.sub(r"^https?://[^/]+", "", page.url)
