"""Helpers for end-to-end tests of the HTML views in headless Chromium (via Playwright).

Never downloads a browser: it drives the system's Chromium at CHROMIUM. Every request
the page makes is recorded and everything but the file itself is refused, so a test
can assert that a view works offline and fetches nothing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CASEGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY_TIMEOUT_MS = 20_000
# Where browser tests save the screenshots they take (ignored by git).
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-output"
# The window flags an XSS payload in the test cases would set if it ever ran.
XSS_FLAGS = (
    "() => ['__xss', '__xssTitle', '__xssSource', '__xssQuote', '__xssOutcome']"
    ".filter(name => window[name] !== undefined)"
)


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (set CASEGRAPH_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python playwright is not installed (pip install playwright; no browser download)"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    """What a page did: every request it tried, what was refused, console and dialogs."""

    url: str
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if url != self.url] + self.refused


@contextmanager
def open_view(
    browser: Any, path: Path, width: int = 1600, height: int = 900
) -> Iterator[tuple[Any, PageLog]]:
    """Open a written view via file:// with every other request refused and recorded.

    Waits until the page says it is ready (``window.cgReady``: layout settled).
    """
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1, offline=True
    )
    page = context.new_page()
    log = PageLog(url=path.resolve().as_uri())

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url == log.url:
            request_route.continue_()
        else:
            log.refused.append(url)
            request_route.abort()

    context.route("**/*", route)
    page.on("request", lambda request: log.requests.append(request.url))

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            log.console_errors.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))

    def on_dialog(dialog: Any) -> None:
        log.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        page.goto(log.url)
        page.wait_for_function("window.cgReady !== null", timeout=READY_TIMEOUT_MS)
        yield page, log
    finally:
        context.close()


def ink(page: Any) -> int:
    """How many canvas pixels are drawn (not blank, not near-white)."""
    return int(
        page.evaluate("""() => {
        const canvas = document.querySelector('#cg-canvas canvas');
        const ctx = canvas.getContext('2d');
        const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let count = 0;
        for (let i = 0; i < pixels.length; i += 4) {
            const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
            if (a > 0 && (r < 235 || g < 235 || b < 235)) count++;
        }
        return count;
    }""")
    )


def node_count(page: Any) -> int:
    """The number of nodes in the page's vis DataSet."""
    return int(page.evaluate("() => window.cgView.nodes.length"))


def positions(page: Any) -> dict[str, dict[str, float]]:
    """Node id -> {x, y} as vis-network placed them."""
    return dict(page.evaluate("() => window.cgView.network.getPositions()"))


def ready_ms(page: Any) -> float:
    """Milliseconds from the page script's start until the layout was settled."""
    return float(page.evaluate("() => window.cgReady.ms"))
