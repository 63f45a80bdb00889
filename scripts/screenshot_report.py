"""Write docs/report.png and docs/report-kind.png: the demo's HTML report in Chromium.

Run: python scripts/screenshot_report.py   (needs Debian's chromium and playwright,
both installed for the tests)

The first shows the page as it opens (what was audited, the verdict, the kinds); the
second a kind of problem with one of its records expanded.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from custrecords.cli import main

DOCS = Path(__file__).parent.parent / "docs"
ARGUMENTS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def screenshots() -> None:
    page_text = io.StringIO()
    main(["audit", "--demo", "--format", "html", "--today", "2026-11-30"], stdout=page_text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-report.html"
        path.write_text(page_text.getvalue(), encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=ARGUMENTS
            )
            page = browser.new_page(viewport={"width": 1000, "height": 860})
            page.goto(path.as_uri())
            page.screenshot(path=DOCS / "report.png")
            page.get_by_label("Kind of problem").select_option("security_code")
            kind = page.locator("#k-security_code")
            kind.locator("summary").first.click()
            kind.scroll_into_view_if_needed()
            kind.screenshot(path=DOCS / "report-kind.png")
            browser.close()


if __name__ == "__main__":
    screenshots()
