"""The audit's reports: the verdict first, then problems by severity and kind.

The HTML page is checked here as text (its counts, its policy, what it never holds);
tests/test_cli_page_browser.py opens it in a real browser.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from custrecords import Guidelines
from custrecords.cli import main
from custrecords.cli.kinds import KINDS, Severity, kind_of
from custrecords.cli.page import CONTRAST, LISTED_PER_KIND, PALETTE, HtmlReport
from custrecords.cli.report import About, Problem, Result, Tally
from custrecords.export_audit import audit_rows
from custrecords.exports import infer_columns

TODAY = "2026-11-30"


def audit(*arguments: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["audit", *arguments, "--today", TODAY], stdout=out, stderr=err)
    assert err.getvalue() == ""
    return status, out.getvalue()


def summary_of(*arguments: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    _, out = audit(*arguments, "--format", "json")
    *records, last = (json.loads(line) for line in out.splitlines())
    return records, last["summary"]


# -- Kinds ----------------------------------------------------------------------------------

# Every code audit_rows reports (docs/cli.md, "Problems"), and the row the reader adds.
CODES = (
    "invalid_email invalid_phone unnormalised_email unnormalised_phone must_not_keep "
    "personal_data_in_text review irrelevant stale retention_due marketing_without_consent "
    "consent_not_recorded consent_contradicted unreadable_date implausible_date malformed"
).split()


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_a_kind_with_a_name_a_remedy_and_its_law(code: str) -> None:
    kind = kind_of(code, None)
    assert kind.key in KINDS
    assert kind.name
    assert kind.remedy
    assert re.search(r"UK GDPR|PECR|PCI DSS|DPA 2018", kind.law), kind.law


@pytest.mark.parametrize(
    ("code", "category", "key", "severity"),
    [
        ("must_not_keep", "user.financial.credit_card", "card_number", Severity.MUST_NOT_KEEP),
        ("must_not_keep", "user.financial.credit_card.security_code", "security_code", None),
        ("must_not_keep", "user.financial.credit_card.expiry_date", "card_expiry", None),
        ("must_not_keep", "user.financial.credit_card.pin", "card_pin", None),
        ("must_not_keep", "user.financial.credit_card.track_data", "card_track_data", None),
        ("must_not_keep", "user.authorization.password", "password", None),
        (
            "personal_data_in_text",
            "user.financial.bank_account.sort_code",
            "bank_details_in_text",
            Severity.LEGAL,
        ),
        (
            "personal_data_in_text",
            "user.government_id.national_identification_number",
            "identifier_in_text",
            Severity.LEGAL,
        ),
        ("personal_data_in_text", "user.health.record_id", "identifier_in_text", None),
        ("personal_data_in_text", "user.contact.email", "contact_details_in_text", None),
        ("review", "user.health.medical_diagnosis", "special_category", Severity.LEGAL),
        ("review", "user.criminal_history", "special_category", None),
        ("review", "user.financial.credit_card", "possible_card_number", Severity.MUST_NOT_KEEP),
        ("review", "user.financial.bank_account.iban", "possible_bank_details", Severity.LEGAL),
        # Look-alikes: a category that only starts with a known one's letters is not it,
        # and a code keeps its own severity whatever category it names.
        ("personal_data_in_text", "user.contactless", "personal_data_in_text", Severity.LEGAL),
        ("must_not_keep", "user.contact.email", "must_not_keep", Severity.MUST_NOT_KEEP),
        ("stale", "user.contact.email", "stale", Severity.QUALITY),
    ],
)
def test_findings_are_told_apart_by_their_category(
    code: str, category: str, key: str, severity: Severity | None
) -> None:
    kind = kind_of(code, category)
    assert kind.key == key
    if severity is not None:
        assert kind.severity is severity


def test_a_code_from_a_newer_audit_is_still_reported() -> None:
    kind = kind_of("something_new", None)
    assert (kind.key, kind.name, kind.severity) == (
        "something_new",
        "Something new",
        Severity.QUALITY,
    )


def test_every_finding_in_the_demos_has_a_kind_of_its_own() -> None:
    """No scanner finding in the demo exports falls to the catch-all kinds."""
    folder = Path(__file__).parent.parent / "src" / "custrecords"
    for name in ("demo_customers.csv", "demo_crm_export.csv"):
        with (folder / name).open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.DictReader(file))
        columns = infer_columns(list(rows[0]), rows)
        found = {
            kind_of(problem.code, problem.category).key
            for result in audit_rows(
                rows, columns, Guidelines.uk_default(), today=date.fromisoformat(TODAY)
            )
            for problem in result.problems
        }
        assert {"must_not_keep", "personal_data_in_text"}.isdisjoint(found), name
        assert {"card_number", "security_code", "password"} <= found


# -- The text report ------------------------------------------------------------------------

TAGS = {
    "Data that must not be kept": "[must not keep] ",
    "Legal": "[legal] ",
    "Quality": "[quality] ",
    "Advice": "[advice: ",
}


@pytest.mark.parametrize("demo", ["records", "crm"])
def test_the_text_report_is_the_verdict_then_what_must_be_fixed_then_advice(demo: str) -> None:
    _, out = audit("--demo", demo)
    _, summary = summary_of("--demo", demo)
    head, _, body = out.partition("\n\n")
    assert head.splitlines()[:3] == [
        f"records read            {summary['records']}",
        f"records with problems   {summary['records_with_problems']}",
        f"records to fix          {summary['must_fix']}",
    ]
    for severity, label in [("must_not_keep", "must not keep"), ("legal", "legal")]:
        assert f"  {label:<20}{summary['by_severity'][severity]:>6} records" in head
    assert f"records with advice only {summary['advice_only']}" in head
    # The groups, in order of severity, the advice last; every line marked as its group.
    groups = [block for block in body.split("\n\n")[1:] if block]
    titles = [block.split(" (")[0].split(":")[0] for block in groups]
    assert titles == ["Data that must not be kept", "Legal", "Quality", "Advice"]
    lines = 0
    for title, block in zip(titles, groups, strict=True):
        for line in block.splitlines()[1:]:
            if not line.startswith("  "):
                assert line.startswith(TAGS[title]), line
                lines += 1
    assert lines == sum(len(record["problems"]) for record in summary_of("--demo", demo)[0])


def test_only_must_fix_limits_each_format_to_what_must_be_fixed() -> None:
    everything = summary_of("--demo", "crm")[1]
    records, summary = summary_of("--demo", "crm", "--only", "must-fix")
    assert summary["only"] == "must-fix"
    assert all(problem["must_fix"] for record in records for problem in record["problems"])
    assert summary["must_fix"] == everything["must_fix"] == len(records)
    assert summary["by_severity"] == everything["by_severity"]
    assert summary["advice_only"] == 0
    assert "stale" not in summary["by_kind"]
    status, text = audit("--demo", "crm", "--only", "must-fix")
    assert status == 1
    assert "[advice" not in text
    assert "\nAdvice (" not in text
    assert "only what must be fixed is reported (--only must-fix)" in text
    _, page = audit("--demo", "crm", "--only", "must-fix", "--format", "html")
    assert "tag advice" not in page
    assert "<code>--only must-fix</code>" in page


def test_a_page_with_nothing_to_fix_says_so(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,Email\nC1,c1@example.com\n", encoding="utf-8")
    status, text = audit(str(path), "--format", "html")
    assert status == 0
    assert "<strong id=n-must_fix>0</strong> of 1 record must be fixed.</p>" in text
    assert "<strong id=n-advice_only>0</strong> have advice only" in text
    assert Page(text).kinds == {}


def test_only_must_fix_of_an_export_with_only_advice_is_an_empty_report(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,Phone\nC1,07400 123456\n", encoding="utf-8")
    status, out = audit(str(path), "--only", "must-fix")
    assert status == 0
    assert out.startswith("records read            1\nrecords with problems   0\n")


# -- The page, as text -----------------------------------------------------------------------


class Page(HTMLParser):
    """What the tests read of the page: counts by id, the kinds' sections and rows."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.counts: dict[str, str] = {}
        self.kinds: dict[str, int] = {}
        self.rows: dict[str, int] = {}
        self.addresses: list[str] = []
        self.policy = ""
        self.inline: dict[str, str] = {}
        self._kind: str | None = None
        self._in: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        kind = found.get("data-kind")
        if tag == "section" and kind:
            self._kind = kind
            self.kinds[kind] = int(found["data-records"] or "-1")
            self.rows[kind] = 0
        if tag == "tr" and self._kind is not None and "data-c" in found:
            self.rows[self._kind] += 1
        if tag == "strong" and (found.get("id") or "").startswith("n-"):
            self._in = found["id"]
        if tag in ("style", "script"):
            self._in = tag
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            if name in found:
                self.addresses.append(found[name] or "")
        if tag == "meta" and found.get("http-equiv") == "Content-Security-Policy":
            self.policy = found.get("content") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._kind is not None and self._in is None:
            self._kind = None
        if tag in ("strong", "style", "script"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in in ("style", "script"):
            self.inline[self._in] = self.inline.get(self._in, "") + data
        elif self._in is not None:
            self.counts[self._in[2:]] = data.replace(",", "")


@pytest.mark.parametrize("demo", ["records", "crm"])
def test_the_page_counts_are_the_json_summary_s(demo: str) -> None:
    _, summary = summary_of("--demo", demo)
    _, text = audit("--demo", demo, "--format", "html")
    page = Page(text)
    assert page.kinds == summary["by_problem"]
    assert page.rows == {k: min(n, LISTED_PER_KIND) for k, n in summary["by_problem"].items()}
    assert int(page.counts["must_fix"]) == summary["must_fix"]
    assert int(page.counts["advice_only"]) == summary["advice_only"]
    for severity, count in summary["by_severity"].items():
        assert int(page.counts.get(severity, "0")) == count
    assert f"<title>Audit of demo_{'customers' if demo == 'records' else 'crm_export'}.csv" in text


def test_the_page_says_what_was_audited_when_and_against_what() -> None:
    _, text = audit("--demo", "--format", "html")
    assert "<h1>Audit of demo_customers.csv</h1>" in text
    assert "<dt>Rows read</dt><dd>300</dd>" in text
    assert "<dt>Audited as of</dt><dd>30 November 2026</dd>" in text
    assert (
        "<dt>Guidelines</dt><dd>UK consumer business (custrecords default), version 2026.11</dd>"
        in text
    )
    assert re.search(r"<dt>custrecords</dt><dd>version \d+\.\d+", text)
    # Each kind: what to do, why, and the guidelines' rule with its source.
    assert "<strong>What to do:</strong> Delete it from the record now" in text
    assert "PCI DSS v4.0 requirement 3.3.1.2 (never kept after authorisation)" in text
    assert (
        "Guidelines rule <code>fields.card_security_code.keep</code>: PCI DSS v4.0 requirement "
        "3.3.1.2: not kept after authorisation" in text
    )
    # Findings in text by position, never by taxonomy key or offset pair.
    assert "user.financial" not in text
    assert " at 91-110" not in text
    assert "notes: characters 92 to 110" in text


def test_the_page_lets_run_only_its_own_style_and_script() -> None:
    _, text = audit("--demo", "crm", "--format", "html")
    page = Page(text)
    assert page.addresses
    assert all(address.startswith("#") for address in page.addresses), page.addresses

    def digest(source: str) -> str:
        return base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()

    assert page.policy == (
        f"default-src 'none'; style-src 'sha256-{digest(page.inline['style'])}'; "
        f"script-src 'sha256-{digest(page.inline['script'])}'; base-uri 'none'; "
        "form-action 'none'"
    )
    assert text.count("<script") == 1
    assert text.count("<style") == 1
    assert " style=" not in text  # an inline style attribute would be refused


# -- No personal value, anywhere ------------------------------------------------------------

# A value in a column of every role, and in columns of none, each one a reader could
# recognise a customer by; none may be in any report.
PLANTED = {
    "Customer ID": "CUST-1",
    "Full Name": "Zebedee Quixote-Marchbanks",
    "First Name": "Zebedee",
    "Last Name": "Quixote-Marchbanks",
    "Email": "zebedee.quixote@example.com",
    "Work Email": "zq@@example",
    "Mobile Phone": "07400 900461",
    "Home Phone": "0161 496 0999 ext",
    "Address Line 1": "17 Xylophone Terrace",
    "Postcode": "ze1 0qx",
    "Date of Birth": "09/03/1971",
    "Notes": "Card 4111 1111 1111 1111 exp 09/28 cvv 737, password: Quokka!Sunrise7, "
    "NINO JG 10 37 65 A, sort code 20-45-77 acc 31926819, diagnosed with asthma, "
    "call her on 07400 900777",
    "Created Date": "14/02/2009",
    "Last Activity": "28/02/2099",
    "Closed Date": "03/07/2015",
    "Marketing Consent": "pre-ticked by Zebedee",
    "Email Opt Out": "false",
    "Loyalty Number": "LOYAL-88812345",
    "Payment Ref": "5555 5555 5555 4444",
}
SECRETS = [
    value for column, value in PLANTED.items() if column not in ("Customer ID", "Email Opt Out")
] + [
    "Zebedee",
    "Quixote",
    "zebedee.quixote",
    "900461",
    "4111",
    "1111 1111",
    "09/28",
    "737",
    "Quokka",
    "JG 10",
    "20-45-77",
    "31926819",
    "asthma",
    "900777",
    "Xylophone",
    "ZE1",
    "1971",
    "14/02/2009",
    "2099",
    "88812345",
    "5555",
    "4444",
]


def planted(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(PLANTED)
        writer.writerow(PLANTED.values())
        writer.writerow([f"{value} " if value else value for value in PLANTED.values()])
    return path


def test_the_planted_values_are_found_as_problems_of_every_severity(tmp_path: Path) -> None:
    _, summary = summary_of(str(planted(tmp_path)))
    assert set(summary["by_problem"]) >= {
        "card_number",
        "card_expiry",
        "security_code",
        "password",
        "identifier_in_text",
        "bank_details_in_text",
        "contact_details_in_text",
        "special_category",
        "irrelevant",
        "marketing_without_consent",
        "invalid_email",
        "implausible_date",
        "unnormalised_phone",
    }
    assert all(summary["by_severity"].values())


@pytest.mark.parametrize("output", ["text", "json", "html"])
@pytest.mark.parametrize("only", [(), ("--only", "must-fix")])
def test_no_value_planted_in_any_column_is_in_any_report(
    tmp_path: Path, output: str, only: tuple[str, ...]
) -> None:
    status, out = audit(str(planted(tmp_path)), "--format", output, *only)
    assert status == 1
    assert "CUST-1" in out  # the id is how a record is found; it is shown
    for secret in SECRETS:
        for form in {secret, secret.lower(), secret.upper(), secret.replace(" ", "")}:
            assert form not in out, (form, output)


# -- Large exports ---------------------------------------------------------------------------

# Problems as the audit finds them in a busy export: one of each severity and advice.
MIX = [
    Problem("must_not_keep", "Notes", "user.financial.credit_card at 5-24", True,
            "user.financial.credit_card", "fields.card_number.keep", "PCI DSS", 5, 24),
    Problem("must_not_keep", "Notes", "user.financial.credit_card.security_code at 30-33",
            True, "user.financial.credit_card.security_code", "fields.card_security_code.keep",
            "PCI DSS", 30, 33),
    Problem("retention_due", "record", "dormant-customers: review since 2023-06-02", True,
            None, "dormant-customers", "UK GDPR Article 5(1)(e)"),
    Problem("marketing_without_consent", "GDPR Consent", "is neither yes nor no", True),
    Problem("invalid_email", "Email", "not a valid e-mail address", True),
    Problem("stale", "Email", "not confirmed since 2017-06-02; due 2019-06-02", False),
    Problem("unnormalised_phone", "Mobile Phone", "write it +*********456", False),
    Problem("review", "Notes", "user.health.condition at 3-9", False, "user.health.condition",
            "scanner.special_category", "UK GDPR Article 9", 3, 9),
]  # fmt: skip


def results(count: int) -> list[Result]:
    """``count`` records, each with three to five of the problems above, in turn."""
    return [
        Result(
            line,
            f"0034L{line:010d}",
            tuple(MIX[(line + i) % len(MIX)] for i in range(3 + line % 3)),
        )
        for line in range(2, count + 2)
    ]


def page_of(found: list[Result], limit: int = LISTED_PER_KIND) -> tuple[str, Tally]:
    tally = Tally()
    about = About(
        "big.csv", "delimited by comma, in utf-8", infer_columns(["Notes"], []),
        today=date(2026, 11, 30), guidelines="UK", version="0",
    )  # fmt: skip
    out = io.StringIO()
    with HtmlReport(limit) as report:
        for result in found:
            tally.add(result)
            report.add(result)
        report.write(out, tally, about)
    return out.getvalue(), tally


def test_the_page_lists_the_first_records_of_each_kind_and_counts_the_rest() -> None:
    text, tally = page_of(results(40), limit=3)
    page = Page(text)
    assert page.kinds == dict(tally.by_problem)
    assert set(page.rows.values()) == {3}
    # The first three records of a kind are those listed, in the file's order.
    card = text[text.index("id=k-card_number") : text.index("id=k-security_code")]
    listed = re.findall(r"<th scope=row>([^<]+)</th>", card)
    expected = [r.id for r in results(40) if "card_number" in r.kinds()][:3]
    assert listed == expected
    more = tally.by_problem["card_number"] - 3
    assert f"Listed: the first 3 of {tally.by_problem['card_number']} records with this" in card
    assert f"The other {more} are counted, not listed" in card
    assert "This page lists the first 3 records of each kind of problem" in text


def test_a_hundred_thousand_records_make_a_page_under_ten_megabytes() -> None:
    text, tally = page_of(results(100_000))
    assert tally.records == 100_000
    size = len(text.encode())
    assert size < 10_000_000, size
    page = Page(text)
    assert page.kinds == dict(tally.by_problem)
    assert set(page.rows.values()) == {LISTED_PER_KIND}
    assert min(page.kinds.values()) > LISTED_PER_KIND


def every_kind() -> list[Problem]:
    """A problem of every kind, each as long as the audit writes it."""
    found = {
        "card_number": "user.financial.credit_card",
        "card_expiry": "user.financial.credit_card.expiry_date",
        "security_code": "user.financial.credit_card.security_code",
        "card_pin": "user.financial.credit_card.pin",
        "card_track_data": "user.financial.credit_card.track_data",
        "password": "user.authorization.password",
        "possible_card_number": "user.financial.credit_card",
        "bank_details_in_text": "user.financial.bank_account.sort_code",
        "identifier_in_text": "user.government_id.national_identification_number",
        "contact_details_in_text": "user.contact.phone_number",
        "special_category": "user.health.medical_diagnosis",
        "possible_bank_details": "user.financial.bank_account.iban",
    }
    codes = {
        "possible_card_number": "review",
        "special_category": "review",
        "possible_bank_details": "review",
        "bank_details_in_text": "personal_data_in_text",
        "identifier_in_text": "personal_data_in_text",
        "contact_details_in_text": "personal_data_in_text",
    }
    problems = []
    for key in KINDS:
        if key in ("malformed", "must_not_keep", "personal_data_in_text"):
            continue
        code = codes.get(key, "must_not_keep" if key in found else key)
        category = found.get(key)
        problem = Problem(
            code,
            "Description" if category else "Mobile Phone",
            f"{category} at 120-139" if category else "not confirmed since 2017-06-02",
            code != "review",
            category,
            f"fields.{key}.keep",
            "UK GDPR Article 5(1)(c) and (f): only what is needed, kept securely",
            120 if category else None,
            139 if category else None,
        )
        assert problem.shown_as.key == key
        problems.append(problem)
    return problems


def test_a_page_listing_a_thousand_records_of_every_kind_stays_under_ten_megabytes() -> None:
    """The most a page lists: every kind at its cap, each record with eight kinds.

    Such a page was 12.4 MB when each row named its other kinds; it is about half that.
    """
    mix = every_kind()
    kinds = len(mix)
    found = [
        Result(line, f"0034L{line:010d}", tuple(mix[(line * 7 + i) % kinds] for i in range(8)))
        for line in range(2, 12_002)
    ]  # fmt: skip
    text, tally = page_of(found)
    assert len(tally.by_problem) == len(mix) == len(KINDS) - 3
    assert set(Page(text).rows.values()) == {LISTED_PER_KIND}
    size = len(text.encode())
    assert size < 10_000_000, size


# -- Colours ---------------------------------------------------------------------------------


def luminance(colour: str) -> float:
    """Relative luminance, as WCAG 2.2 defines it (sRGB, linearised)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    """WCAG 2.2's contrast ratio, (L1 + 0.05) / (L2 + 0.05), the lighter on top."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_ratio_is_wcag_s() -> None:
    # Worked values: black on white is 21:1; #767676 is the lightest grey at 4.5:1.
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#777777", "#ffffff") < 4.5


@pytest.mark.parametrize(("foreground", "background", "least"), CONTRAST)
def test_each_colour_on_its_background_meets_wcag_2_2_aa(
    foreground: str, background: str, least: float
) -> None:
    assert contrast(PALETTE[foreground], PALETTE[background]) >= least


def test_the_page_uses_only_the_palette_s_colours() -> None:
    _, text = audit("--demo", "--format", "html")
    style = Page(text).inline["style"]
    assert set(re.findall(r"#[0-9a-fA-F]{3,8}\b", style)) <= set(PALETTE.values())
