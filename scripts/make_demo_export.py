"""Write the bundled demo exports: generated customers with planted problems.

Run: python scripts/make_demo_export.py   (writes src/custrecords/demo_customers.csv
and src/custrecords/demo_crm_export.csv)

Seeded, so the files are the same on every run. Every problem `custrecords audit` looks
for is planted in some rows: e-mail addresses and phone numbers written carelessly or
not valid at all, card numbers, security codes, passwords and health details in notes,
dates of birth the default guidelines have no purpose for, accounts closed long enough
ago that their retention has ended, implied marketing consent, and a malformed row.

- ``demo_customers.csv`` (``custrecords audit --demo``): 300 customers under
  custrecords' own column names, ISO dates, UTF-8.
- ``demo_crm_export.csv`` (``custrecords audit --demo crm``): 200 customers as a
  Salesforce "Contacts" report looks once opened and saved again by Excel on a UK
  Windows machine: UTF-8 with a byte-order mark, CRLF line ends, Salesforce's own
  headers and custom columns, dates ``dd/mm/yyyy`` and ``dd/mm/yyyy hh:mm``, checkboxes
  as ``0`` and ``1``, descriptions over several lines, leading zeros lost from phone
  numbers written without a space. Only test card numbers, ``example.com`` addresses,
  Ofcom's drama numbers for landlines and made-up names.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from datetime import date, timedelta
from pathlib import Path

from custrecords.testing import write_note

OUT = Path(__file__).parent.parent / "src" / "custrecords" / "demo_customers.csv"
CRM_OUT = OUT.with_name("demo_crm_export.csv")
COLUMNS = (
    "id first_name last_name email phone address_line1 postcode date_of_birth notes "
    "created_at last_interaction_at closed_at marketing_consent"
).split()
FIRST = "Aisha Tom Priya Owen Mei Rhys Zofia Sam Grace Kwame Niamh Hamza Eilidh Dafydd".split()
LAST = "Khan Jones Patel Evans Chen Nowak Smith Okafor Murphy Campbell Williams Ali".split()
STREETS = "High Street|Station Road|Church Lane|Acacia Avenue|Mill Road|Park View".split("|")
POSTCODES = "LS6 2AB|SW1A 1AA|CF10 1EP|EH1 1YZ|BT1 5GS|M1 1AE|B1 1BB|G2 1DU".split("|")


def row(rng: random.Random, number: int) -> dict[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = f"{first}.{last}{number}@example.com".lower()
    style = rng.random()
    if style < 0.08:
        email = f" {first}.{last}{number}@Example.COM "  # unnormalised
    elif style < 0.12:
        email = f"{first}.{last}{number}@example"  # not valid
    phone = f"07400 {100000 + number:06d}"
    style = rng.random()
    if style < 0.1:
        phone = f"+44 (0)7400 {100000 + number:06d}"  # unnormalised
    elif style < 0.14:
        phone = f"07700 900{number % 1000:03d}"  # Ofcom's drama range: not in use
    created_year = rng.randint(2008, 2025)
    created = f"{created_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00+00:00"
    last_year = rng.randint(created_year, 2026)
    last_contact = f"{last_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00+00:00"
    closed = ""
    if rng.random() < 0.3:
        day = f"{rng.randint(last_year, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        closed = f"{day}T10:00:00+00:00"
    born = f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    note = write_note(rng, sensitive=0.25, sentences=3).text if rng.random() < 0.7 else ""
    consent = (
        rng.choice(["yes", "yes", "no", "", "implied", "pre-ticked"])
        if rng.random() < 0.9
        else "no"
    )
    return {
        "id": f"C{number:04d}",
        "first_name": first,
        "last_name": last,
        "email": email,
        "phone": phone,
        "address_line1": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
        "postcode": rng.choice(POSTCODES),
        "date_of_birth": born if rng.random() < 0.4 else "",
        "notes": note,
        "created_at": created,
        "last_interaction_at": last_contact,
        "closed_at": closed,
        "marketing_consent": consent,
    }


def main() -> None:
    rng = random.Random(20261123)
    rows = [row(rng, number) for number in range(1, 301)]
    rows[41]["created_at"] = "last Tuesday"  # a malformed row: the audit reports it and goes on
    with OUT.open("w", encoding="utf-8", newline="") as export:
        writer = csv.DictWriter(export, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} customers to {OUT}")
    write_crm_export()


# --- The CRM-shaped export: a Salesforce "Contacts" report, saved again by Excel. ---------

CRM_COLUMNS = (
    "Contact ID",
    "First Name",
    "Last Name",
    "Email",
    "Mobile Phone",
    "Phone",
    "Asst. Phone",
    "Mailing Street",
    "Mailing City",
    "Mailing Postal Code",
    "Birthdate",
    "Description",
    "Created Date",
    "Last Activity",
    "Email Opt Out",
    "GDPR Consent",
    "Payment Reference",
)
CRM_FIRST = (
    "Amara Callum Siân Zoë Joaquín Łucja Tariq Bethan Ifeoma Ruairí Hannah Darius Mhairi "
    "Chidi Freya Oisín Leila Gethin Anya Kofi"
).split()
CRM_LAST = (
    "Okonjo|Fairweather|Ó Ceallaigh|Pritchard|Lindqvist|Brannigan|MacAskill|Haddad|"
    "Thistlewood|Adeyemi|Penhaligon|Marchetti|Llewellyn|Nakamura|Whitlock|Duarte-Silva"
).split("|")
CRM_STREETS = (
    "Quarry Lane|Orchard Close|Bridge Street|Tanners Row|Hollybank Road|Cromwell Terrace|"
    "Kingsway|Ferry Road"
).split("|")
CRM_TOWNS = (
    ("Leeds", "LS6 2AB"),
    ("London", "SW1A 1AA"),
    ("Cardiff", "CF10 1EP"),
    ("Edinburgh", "EH1 1YZ"),
    ("Belfast", "BT1 5GS"),
    ("Manchester", "M1 1AE"),
    ("Birmingham", "B1 1BB"),
    ("Glasgow", "G2 1DU"),
)
# The card schemes' and payment processors' published test numbers: none is a real card.
TEST_CARDS = (
    ("Visa", "4111 1111 1111 1111"),
    ("Visa", "4242 4242 4242 4242"),
    ("Visa", "4000 0566 5566 5556"),
    ("Visa", "4012 8888 8888 1881"),
    ("Mastercard", "5555 5555 5555 4444"),
    ("Mastercard", "5105 1051 0510 5100"),
    ("Mastercard", "2223 0031 2200 3222"),
    ("Amex", "3782 822463 10005"),
    ("Amex", "3714 496353 98431"),
    ("Discover", "6011 1111 1111 1117"),
)
# Ofcom's numbers for drama: valid landline numbers that are never given to anyone.
DRAMA_LANDLINES = ("020 7946 0{:03d}", "0113 496 0{:03d}", "0161 496 0{:03d}")
CRM_PLAIN = (
    "Called to chase the delivery; explained the courier's delay and apologised.",
    "Went through the bill line by line; customer now understands the standing charge.",
    "Wants a call back from a manager about the engineer's visit.",
    "Leave parcels with the neighbour at number 12 if there is no answer.",
    "Sent the returns label and explained how to book a collection.",
    'Customer said "please don\'t ring before 10am".',
    "Direct debit moved to the 28th of the month at the customer's request.",
    "Renewal quote sent; customer will ring back when ready.",
    "Card ending 4444 was declined, customer will call the bank.",
    "Reminded customer we never ask for a PIN or password.",
    "Prefers letters to e-mails; noted on the account.",
    "Complaint closed, goodwill credit of £25.00 applied.",
)
CRM_HEALTH = (
    "he has dementia",
    "she is pregnant",
    "he uses a wheelchair",
    "she is in hospital",
    "her depression",
    "he is a trade union rep",
)


def _card(rng: random.Random) -> tuple[str, str]:
    brand, number = rng.choice(TEST_CARDS)
    return brand, number.replace(" ", rng.choice((" ", " ", "-", "")))


def _crm_sentence(rng: random.Random, number: int) -> str:
    if rng.random() >= 0.25:
        return rng.choice(CRM_PLAIN)
    brand, card = _card(rng)
    code = f"{rng.randint(0, 9999):04d}" if brand == "Amex" else f"{rng.randint(0, 999):03d}"
    expiry = f"{rng.randint(1, 12):02d}/{rng.randint(26, 30)}"
    health = rng.choice(CRM_HEALTH)
    return rng.choice(
        (
            f"Paid by {brand} {card} exp {expiry} CVV {code}.",
            f"Card number {card} taken over the phone for the balance.",
            f"The three digits on the back of the card are {code}.",
            f"Password: {rng.choice(('hunter22', 'Sunshine!1', 'letmein99', 'Tr0ub4dor&3'))}",
            f"Her PIN is {rng.randint(0, 9999):04d}.",
            f"Refund to sort code 12-34-56 account {rng.randint(10_000_000, 99_999_999)}.",
            "Paying from IBAN GB33 BUKB 2020 1555 5555 55 next week.",
            f"Daughter's number is {rng.choice(DRAMA_LANDLINES).format(number % 1000)}.",
            f"New email {_ascii(rng.choice(CRM_FIRST)).lower()}{number}@example.com confirmed.",
            f"Note: {health} - be patient on calls.",
            f"Customer mentioned {health}, so asked for more time.",
            f"Spoke to the daughter: {health}.",
        )
    )


def _crm_description(rng: random.Random, number: int) -> str:
    if rng.random() >= 0.65:
        return ""
    sentences = [_crm_sentence(rng, number) for _ in range(rng.randint(1, 3))]
    # Excel keeps a line break typed in a cell (Alt+Enter) as LF inside quotes.
    return (("\n" if rng.random() < 0.4 else " ").join(sentences)).strip()


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.replace("Ł", "L").replace("ł", "l"))
    return "".join(c for c in folded.encode("ascii", "ignore").decode() if c.isalnum())


def _crm_email(rng: random.Random, first: str, last: str, number: int) -> str:
    local = f"{_ascii(first)}.{_ascii(last)}{number}"
    written = (
        f"{local}@example.com".lower(),
        f" {local}@Example.COM",  # valid, but not in normal form
        f"{local}@example".lower(),  # not valid: no top-level domain
        f"{local}.example.com".lower(),  # not valid: no @
        f"{_ascii(first)} {_ascii(last)}@example.com".lower(),  # not valid: a space
        "",
    )
    return rng.choices(written, weights=(83, 7, 3, 2, 2, 3))[0]


def _crm_mobile(rng: random.Random, number: int) -> str:
    national = f"7400 {200000 + number:06d}"
    written = (
        "0" + national,
        "+44 " + national,
        national.replace(" ", ""),  # all digits: Excel dropped the leading zero
        "0" + national.replace(" ", "-"),
        f"07700 900{number % 1000:03d}",  # Ofcom's drama range: not in use
        "0" + national[:-1],  # a digit short
        "",
    )
    return rng.choices(written, weights=(60, 10, 8, 6, 5, 3, 8))[0]


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def crm_row(rng: random.Random, number: int) -> dict[str, str]:
    first, last = rng.choice(CRM_FIRST), rng.choice(CRM_LAST)
    town, postcode = rng.choice(CRM_TOWNS)
    created = _day_between(rng, date(2009, 1, 5), date(2026, 10, 30))
    last_activity = _day_between(rng, created, date(2026, 11, 27))
    born = _day_between(rng, date(1938, 1, 1), date(2006, 12, 31))
    street = f"{rng.randint(1, 140)} {rng.choice(CRM_STREETS)}"
    if rng.random() < 0.15:
        street = f"Flat {rng.randint(1, 9)}, {street}"  # a comma: Excel quotes the cell
    payment = ""
    style = rng.random()
    if style < 0.08:
        brand, card = _card(rng)
        payment = f"{brand} {card} exp {rng.randint(1, 12):02d}/{rng.randint(26, 30)}"
    elif style < 0.55:
        payment = f"PAY-{rng.randint(1, 999_999):06d}"
    consent = rng.choices(
        ("Opted In", "", "Implied", "Pre-ticked", "Withdrawn"), weights=(30, 45, 10, 5, 10)
    )[0]
    return {
        "Contact ID": f"0034L00000{_base62(number * 7919 + 123_456):0>5}",
        "First Name": first,
        "Last Name": last,
        "Email": _crm_email(rng, first, last, number),
        "Mobile Phone": _crm_mobile(rng, number),
        "Phone": rng.choice(DRAMA_LANDLINES).format(number) if rng.random() < 0.35 else "",
        "Asst. Phone": rng.choice(DRAMA_LANDLINES).format(999 - number)
        if rng.random() < 0.12
        else "",
        "Mailing Street": street,
        "Mailing City": town,
        "Mailing Postal Code": postcode,
        "Birthdate": born.strftime("%d/%m/%Y") if rng.random() < 0.35 else "",
        "Description": _crm_description(rng, number),
        "Created Date": f"{created:%d/%m/%Y} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}",
        "Last Activity": last_activity.strftime("%d/%m/%Y") if rng.random() < 0.75 else "",
        "Email Opt Out": "1" if rng.random() < 0.25 else "0",
        "GDPR Consent": consent,
        "Payment Reference": payment,
    }


def _base62(value: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    text = ""
    while value:
        value, digit = divmod(value, 62)
        text = digits[digit] + text
    return text


def write_crm_export() -> None:
    rng = random.Random(20261130)
    rows = [crm_row(rng, number) for number in range(1, 201)]
    rows[57]["Last Activity"] = "14/06/19"  # a two-digit year, as Excel shortens: unreadable
    rows[133]["Created Date"] = "30/02/2018 11:20"  # no such day
    # Excel's "CSV UTF-8 (Comma delimited)": a byte-order mark, CRLF, quotes only as needed.
    with CRM_OUT.open("w", encoding="utf-8-sig", newline="") as export:
        writer = csv.DictWriter(export, fieldnames=CRM_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} customers to {CRM_OUT}")


if __name__ == "__main__":
    main()
