"""The audit's HTML page in a real browser: Debian's headless Chromium, driven by Playwright.

Chromium is installed by scripts/debian-packages.sh (Playwright's own browsers are not
downloaded). The page is the demo's report, opened from a file as a DPO opens an
attachment. A screenshot of it is saved in tests/artifacts/ (ignored by git) for a
person to look at.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from custrecords.cli import main

sys.path.insert(0, str(Path(__file__).parent))
from test_cli_report import contrast

CHROMIUM = "/usr/bin/chromium"
# Headless, and deaf to the network: without the background-networking flags Chromium
# tries to reach Google's services as it starts.
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
ARTIFACTS = Path(__file__).parent / "artifacts"
TODAY = "2026-11-30"


def report(*arguments: str) -> str:
    out = io.StringIO()
    main(["audit", *arguments, "--today", TODAY], stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The demo's page, as a file, and the JSON report's summary of the same audit."""
    path = tmp_path_factory.mktemp("page") / "demo-report.html"
    path.write_text(report("--demo", "--format", "html"), encoding="utf-8")
    summary = json.loads(report("--demo", "--format", "json").splitlines()[-1])["summary"]
    return path, summary


class Opened:
    """The page as opened, with every request it made and every error it logged."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.routed: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def opened(browser: Browser, demo: tuple[Path, dict[str, Any]]) -> Iterator[Opened]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    seen = Opened(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))

    def only_the_file(route: Route) -> None:
        # Were the page to ask for anything but itself, it would be recorded and refused.
        seen.routed.append(route.request.url)
        if route.request.url == demo[0].as_uri():
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_file)
    page.goto(demo[0].as_uri())
    yield seen
    context.close()


def visible_rows(page: Page) -> list[dict[str, str]]:
    """The records' rows shown: each row's kind, severity, id and columns."""
    rows: list[dict[str, str]] = page.eval_on_selector_all(
        "section.k tbody tr",
        "rows => rows.filter(r => r.offsetParent !== null).map(r => {"
        "const k = r.closest('section.k'); return {kind: k.dataset.kind, "
        "sev: k.dataset.sev, id: r.key, columns: r.dataset.c}})",
    )
    return rows


def test_the_verdict_and_the_groups_are_shown(
    opened: Opened, demo: tuple[Path, dict[str, Any]]
) -> None:
    page, summary = opened.page, demo[1]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "demo-report.png")
    page.screenshot(path=demo[0].with_suffix(".png"))
    assert page.get_by_role("heading", name="Audit of demo_customers.csv", level=1).is_visible()
    verdict = page.locator(".verdict .big")
    assert verdict.is_visible()
    assert verdict.inner_text() == f"{summary['must_fix']} of 300 records must be fixed."
    for severity, name in [
        ("must_not_keep", "Data that must not be kept: purge now"),
        ("legal", "Legal: the law is broken, or may be"),
        ("quality", "Quality: wrong, unreadable or out-of-date details"),
    ]:
        heading = page.get_by_role("heading", name=re.compile("^" + re.escape(name)), level=2)
        assert heading.is_visible()
        count = summary["by_severity"][severity]
        assert heading.inner_text() == f"{name} ({count} records to fix)"
        assert page.locator(f"#n-{severity}").inner_text() == str(count)
    # Nothing asked of the network, nothing refused, no script or policy error.
    assert opened.requests == [demo[0].as_uri()]
    assert opened.errors == []


def test_filtering_by_a_kind_leaves_only_its_rows(
    opened: Opened, demo: tuple[Path, dict[str, Any]]
) -> None:
    page, summary = opened.page, demo[1]
    assert len(visible_rows(page)) == sum(summary["by_problem"].values())
    page.get_by_label("Kind of problem").select_option(label="Payment card number")
    rows = visible_rows(page)
    assert {row["kind"] for row in rows} == {"card_number"}
    assert len(rows) == summary["by_problem"]["card_number"]
    assert page.get_by_role("status").inner_text() == (
        f"Showing {len(rows)} of the listed records, under 1 kind of problem."
    )
    assert not page.get_by_role("heading", name=re.compile("^Legal")).is_visible()
    page.get_by_role("button", name="Show all").click()
    assert len(visible_rows(page)) == sum(summary["by_problem"].values())
    assert opened.errors == []


def test_filtering_by_severity_and_column_and_searching_by_id(opened: Opened) -> None:
    page = opened.page
    page.get_by_label("Severity").select_option(label="Legal")
    rows = visible_rows(page)
    assert rows
    assert {row["sev"] for row in rows} == {"legal"}
    page.get_by_label("Column").select_option("date_of_birth")
    rows = visible_rows(page)
    assert rows
    assert {row["kind"] for row in rows} == {"irrelevant"}
    assert all("date_of_birth" in row["columns"].split("\n") for row in rows)
    page.get_by_role("button", name="Show all").click()
    page.get_by_label("Record id contains").fill("c0002")
    rows = visible_rows(page)
    assert {row["id"] for row in rows} == {"c0002"}
    assert {row["kind"] for row in rows} >= {"card_number", "card_expiry"}


def test_a_record_expands_to_its_problems_and_what_else_it_has(opened: Opened) -> None:
    page = opened.page
    row = page.locator("#k-card_number tbody tr").first
    assert not row.locator("li").first.is_visible()
    row.locator("summary").click()
    assert row.locator("li").first.inner_text() == "notes: characters 92 to 110"
    assert "Card expiry date" in row.locator("p").inner_text()


def test_the_page_reaches_for_nothing_even_when_asked(opened: Opened) -> None:
    """The page's policy refuses requests its own script, or anything injected, would make."""
    page = opened.page
    outcome = page.evaluate(
        "() => fetch('http://198.51.100.7/x').then(() => 'sent', () => 'refused')"
    )
    assert outcome == "refused"
    page.evaluate(
        "() => { const i = document.createElement('img'); i.src = 'http://198.51.100.7/i.png';"
        " document.body.append(i) }"
    )
    page.wait_for_timeout(200)
    # Both were refused by the page's own policy, before reaching the network.
    assert opened.routed == [page.url]
    assert len(opened.errors) == 3
    assert all("Content Security Policy" in error for error in opened.errors)


def test_the_page_reflows_at_400_percent_zoom(browser: Browser, demo: tuple[Path, Any]) -> None:
    """WCAG 2.2 criterion 1.4.10: at 320 CSS pixels wide (1280 at 400%), no sideways scroll."""
    context = browser.new_context(viewport={"width": 320, "height": 256})
    page = context.new_page()
    page.goto(demo[0].as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    page.get_by_label("Kind of problem").select_option("card_number")
    assert page.get_by_role("heading", name=re.compile("^Payment card number")).is_visible()
    context.close()


def test_the_page_prints_without_its_filters_and_with_every_record_open(opened: Opened) -> None:
    page = opened.page
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    assert page.locator("#k-card_number tbody tr li").first.is_visible()
    assert page.pdf()[:4] == b"%PDF"


def test_every_text_on_the_page_meets_wcag_aa_contrast(opened: Opened) -> None:
    """Each element's text colour on the background it is painted on, as the browser
    computes them, is at least 4.5:1 (WCAG 2.2 criterion 1.4.3)."""
    page = opened.page
    page.locator("#k-card_number tbody tr summary").first.click()
    pairs: list[list[str]] = page.evaluate(
        """() => {
        const hex = c => '#' + c.match(/\\d+/g).slice(0, 3)
            .map(n => Number(n).toString(16).padStart(2, '0')).join('');
        const background = e => {
            for (; e; e = e.parentElement) {
                const b = getComputedStyle(e).backgroundColor;
                if (b !== 'rgba(0, 0, 0, 0)' && b !== 'transparent') return hex(b);
            }
            return '#ffffff';
        };
        const found = new Set();
        for (const e of document.querySelectorAll('body *')) {
            if (e.offsetParent === null && getComputedStyle(e).position !== 'fixed') continue;
            const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
            if (own) found.add(hex(getComputedStyle(e).color) + ' ' + background(e));
        }
        return [...found].map(p => p.split(' '));
    }"""
    )
    assert len(pairs) >= 5
    for foreground, background in pairs:
        assert contrast(foreground, background) >= 4.5, (foreground, background)


def test_every_control_has_a_label_and_every_table_its_headers(opened: Opened) -> None:
    page = opened.page
    for label in ("Severity", "Kind of problem", "Column", "Record id contains"):
        assert page.get_by_label(label).count() == 1
    tables = page.locator("table")
    assert tables.count() == page.locator("table thead th[scope=col]:first-child").count()
    assert (
        page.locator("section.k tbody tr").count()
        == page.locator("section.k tbody tr th[scope=row]").count()
    )
