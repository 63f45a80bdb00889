"""How fast, in what memory and how well `find_duplicates` groups an export's customers.

Run: python benchmarks/duplicates.py [--rows 1000000] [--quality-rows 20000] [--splink]

The export: ``--rows`` customer records written as a CRM holds them (id, first and last
name, e-mail, mobile, postcode, date of birth), from names of many languages. About one
customer in eight has a second record, and one in forty a third, written as people
rewrite them (`near_duplicates`); who is who is known. In one run:

- rows/s of `find_duplicates` over the file as `csv.DictReader` reads it, beside two
  anchors measured in the same run: `csv.DictReader` only reading the file, and a naive
  grouping by exact e-mail address in a dict (what a hand-written check does);
- the peak resident memory at a tenth of the rows and at all of them, each in a fresh
  process: the index is on disk, so the two stay close;
- on the first ``--quality-rows`` rows, precision and recall of the pairs of records
  grouped, against the known truth, for each kind of rewrite;
- with ``--splink`` (pip install -r benchmarks/compare.txt), the same measures for splink's
  probabilistic linkage on DuckDB, trained on the same rows without the truth.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import random
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

from custrecords import find_duplicates
from custrecords.exports import infer_columns

HEADERS = ["id", "First Name", "Last Name", "Email", "Mobile", "Postcode", "DOB"]
GIVEN = (
    "Paweł Łucja Søren Ørjan Đorđe Jürgen Aylin İbrahim Þóra Guðrún Siobhán Seán Zoë Chloë "
    "Amélie María José Ana João Ilham Ngozi Chidi Aisha Mohammed Fatima Ali Omar Priya Arjun "
    "Wei Mei Hiroshi Yuki Olga Dmitri Elena Robert William Elizabeth Margaret Jane John "
    "Mary James Thomas Rhys Eleri Dafydd Catrin Aled Ewan Morag Hamish Aoife Ciarán"
).split()
FAMILY = (
    (
        "Kowalski Wróbel Kierkegaard Lindstrøm Petrović Großmann Yıldız Çelik Jónsdóttir "
        "Sigurðardóttir O'Brien Ó_Briain MacDonald McLeod Smith-Jones Berners-Lee van_der_Berg "
        "de_Souza Al-Hassan García_López Əliyev Okafor Adeyemi Khan Patel Sharma Zhang Tanaka "
        "Ivanova Smith Jones Williams Brown Taylor Davies Evans Thomas Roberts Wilson Campbell "
        "Stewart Murphy Kelly Walsh Hughes Edwards Wright Green Hall Wood Clarke Ní_Bhriain"
    )
    .replace("_", " ")
    .split(" ")
)
FAMILY = [name.replace("\u00a0", " ") for name in FAMILY]
NICKNAMES = {"Robert": "Bob", "William": "Bill", "Elizabeth": "Liz", "Margaret": "Peggy",
             "James": "Jim", "Thomas": "Tom", "John": "Jack", "Mohammed": "Mohamed"}  # fmt: skip
TITLES = ("Mr", "Mrs", "Ms", "Dr", "Miss")
AREAS = ("CF", "SW", "EH", "LS", "M", "B", "G")
UNITS = "ABDEFGHJLNPQRSTUWXYZ"
_PLAIN = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "ı": "i",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "æ": "ae",
        "Ə": "A",
        "ə": "a",
    }
)


def plain(text: str) -> str:
    """Text without its accents, as typed on a UK keyboard in a hurry."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def typo(text: str, rng: random.Random) -> str:
    """One letter swapped with the next: the commonest slip (Damerau, 1964)."""
    if len(text) < 4:
        return text
    at = rng.randrange(1, len(text) - 2)
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


# How the second record of a customer differs: (name, what changes, exact keys can find it).
REWRITES = (
    "accents dropped",
    "title typed into the name",
    "email case and mobile format",
    "half of a double surname",
    "nickname, same email",
    "typo in the surname, same postcode",
    "nickname, same postcode and birth date",
    "moved house, new email, same mobile",
)


def near_duplicates(rows: int, seed: int = 20261130) -> Iterator[tuple[dict[str, str], int, str]]:
    """Customer records, some of one customer; each with who it is and how it was rewritten."""
    rng = random.Random(seed)
    person = 0
    written = 0
    household: dict[str, str] | None = None
    while written < rows:
        first, last = rng.choice(GIVEN), rng.choice(FAMILY)
        if rng.random() < 0.5:
            last = f"{last}{rng.choice('abcdefghijklmnopqrstuvwxyz')}{person % 997}".rstrip(
                "0123456789"
            )
        if household is not None and rng.random() < 0.1:
            # Someone else at the same address, with the same surname: a look-alike.
            last = household["Last Name"]
        original = {
            "id": f"C{written:07d}",
            "First Name": first,
            "Last Name": last,
            "Email": f"{plain(first)}.{plain(last).replace(' ', '')}{person}@example.com".lower(),
            "Mobile": f"07400 {person % 1_000_000:06d}",
            "Postcode": f"{rng.choice(AREAS)}{rng.randint(1, 20)} {rng.randint(1, 9)}"
            + "".join(rng.choices(UNITS, k=2)),
            "DOB": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2005)}",
        }
        if household is not None and last == household["Last Name"]:
            original["Postcode"] = household["Postcode"]
            if first == household["First Name"]:
                original["First Name"] = NICKNAMES.get(first, first) + "a"
        household = original
        yield original, person, "original"
        written += 1
        copies = 2 if rng.random() < 0.025 else 1 if rng.random() < 0.125 else 0
        for _ in range(copies):
            if written >= rows:
                break
            how = rng.choice(REWRITES)
            copy = dict(original, id=f"C{written:07d}")
            _rewrite(copy, how, rng)
            yield copy, person, how
            written += 1
        person += 1


def _rewrite(row: dict[str, str], how: str, rng: random.Random) -> None:
    first, last = row["First Name"], row["Last Name"]
    if how == "accents dropped":
        row.update(
            {
                "First Name": plain(first),
                "Last Name": plain(last),
                "Email": "",
                "Mobile": "",
                "DOB": "",
            }
        )
    elif how == "title typed into the name":
        row.update(
            {
                "First Name": f"{rng.choice(TITLES)} {first}",
                "Email": "",
                "Mobile": "",
                "Postcode": "",
            }
        )
    elif how == "email case and mobile format":
        row.update(
            {
                "Email": row["Email"].title(),
                "Mobile": "+44 " + row["Mobile"][1:],
                "Postcode": "",
                "DOB": "",
            }
        )
    elif how == "half of a double surname":
        halves = last.replace("-", " ").split()
        row.update({"Last Name": halves[-1], "Email": "", "Mobile": "", "Postcode": ""})
    elif how == "nickname, same email":
        row.update(
            {"First Name": NICKNAMES.get(first, first[:3]), "Mobile": "", "Postcode": "", "DOB": ""}
        )
    elif how == "typo in the surname, same postcode":
        row.update({"Last Name": typo(last, rng), "Email": "", "Mobile": "", "DOB": ""})
    elif how == "nickname, same postcode and birth date":
        row.update({"First Name": NICKNAMES.get(first, first[:3]), "Email": "", "Mobile": ""})
    else:  # moved house
        row.update({"Email": f"new.{row['Email']}", "Postcode": "", "DOB": ""})


def write(path: Path, rows: int) -> list[tuple[int, str]]:
    """Write the export; return each row's person and rewrite."""
    truth = []
    with path.open("w", encoding="utf-8", newline="") as export:
        writer = csv.DictWriter(export, fieldnames=HEADERS)
        writer.writeheader()
        for row, person, how in near_duplicates(rows):
            writer.writerow(row)
            truth.append((person, how))
    return truth


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as export:
        yield from csv.DictReader(export)


def read_only(path: Path) -> float:
    started = time.perf_counter()
    for _ in read_rows(path):
        pass
    return time.perf_counter() - started


def naive(path: Path) -> float:
    """The naive anchor: rows grouped by exact e-mail address in a dict in memory."""
    started = time.perf_counter()
    groups: dict[str, list[str]] = {}
    for row in read_rows(path):
        if row["Email"]:
            groups.setdefault(row["Email"], []).append(row["id"])
    _ = [ids for ids in groups.values() if len(ids) > 1]
    return time.perf_counter() - started


COLUMNS = infer_columns(HEADERS, [])


def ours(path: Path) -> tuple[float, list[tuple[int, ...]]]:
    started = time.perf_counter()
    groups = [group.rows for group in find_duplicates(read_rows(path), COLUMNS)]
    return time.perf_counter() - started, groups


_PEAK = """
import csv, resource, sys
sys.path.insert(0, sys.argv[2])
from duplicates import COLUMNS, read_rows
from custrecords import find_duplicates
from pathlib import Path
count = sum(1 for _ in find_duplicates(read_rows(Path(sys.argv[1])), COLUMNS))
# This process's own high-water mark: ru_maxrss keeps the parent's across fork and exec.
status = Path("/proc/self/status")
if status.exists():
    hwm = next(line for line in status.read_text().splitlines() if line.startswith("VmHWM"))
    print(int(hwm.split()[1]) // 1024)
else:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def peak_megabytes(path: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(path), str(Path(__file__).parent)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(done.stdout.split()[-1])


def pairs_of(groups: list[tuple[int, ...]]) -> set[tuple[int, int]]:
    return {pair for group in groups for pair in combinations(sorted(group), 2)}


def quality(found: set[tuple[int, int]], truth: list[tuple[int, str]]) -> list[str]:
    """Precision and recall of the pairs found, overall and for each rewrite."""
    by_person: dict[int, list[int]] = {}
    for row, (person, _) in enumerate(truth):
        by_person.setdefault(person, []).append(row)
    true = pairs_of([tuple(rows) for rows in by_person.values() if len(rows) > 1])
    hits = found & true
    lines = [
        f"  pairs: {len(true):,} true, {len(found):,} found; "
        f"precision {len(hits) / max(len(found), 1):.3f}, "
        f"recall {len(hits) / max(len(true), 1):.3f}"
    ]
    kinds: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    for a, b in true:
        how = truth[b][1] if truth[a][1] == "original" else "two rewrites, of one original"
        kinds[how] += 1
        caught[how] += (a, b) in found
    lines += [
        f"    {how:<40} recall {caught[how] / kinds[how]:.2f} of {kinds[how]}"
        for how in (*REWRITES, "two rewrites, of one original")
        if kinds[how]
    ]
    return lines


def splink_pairs(
    path: Path, rows: int, threshold: float = 0.9
) -> tuple[float, set[tuple[int, int]]]:
    """splink (4 or 5) on DuckDB: blocked on e-mail, mobile, postcode, birth date; trained by EM."""
    # Imported by name: splink and pandas are never installed with custrecords.
    pd = importlib.import_module("pandas")
    splink = importlib.import_module("splink")
    cl = importlib.import_module("splink.comparison_library")
    block_on = splink.block_on

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, nrows=rows)
    frame = frame.rename(
        columns={
            "First Name": "first_name",
            "Last Name": "surname",
            "Email": "email",
            "Mobile": "mobile",
            "Postcode": "postcode",
            "DOB": "dob",
        }
    )
    frame["unique_id"] = range(len(frame))
    for column in ("first_name", "surname"):
        frame[column] = frame[column].map(lambda text: plain(text).lower() or None)
    # Given splink the same help custrecords gives itself: values written one way.
    frame["mobile"] = frame["mobile"].map(lambda text: text.replace("+44 ", "0"))
    for column in ("email", "mobile", "postcode", "dob"):
        frame[column] = frame[column].map(lambda text: text.lower().replace(" ", "") or None)
    started = time.perf_counter()
    settings = splink.SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.ExactMatch("email"),
            cl.ExactMatch("mobile"),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("dob"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("email"),
            block_on("mobile"),
            block_on("postcode"),
            block_on("dob"),
            block_on("surname"),
        ],
    )
    try:  # splink 5 takes a registered table; splink 4 the frame and its database
        linker = splink.Linker(splink.DuckDBAPI().register(frame), settings)
    except (AttributeError, TypeError):
        linker = splink.Linker(frame, settings, db_api=splink.DuckDBAPI())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("email"), block_on("mobile")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predicted = linker.inference.predict(
        threshold_match_probability=threshold
    ).as_pandas_dataframe()
    taken = time.perf_counter() - started
    found = {
        (min(a, b), max(a, b))
        for a, b in zip(predicted["unique_id_l"], predicted["unique_id_r"], strict=True)
    }
    return taken, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quality-rows", type=int, default=20_000)
    parser.add_argument("--splink", action="store_true")
    parser.add_argument("--splink-threshold", type=float, default=0.9)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.csv"
        tenth = Path(folder) / "tenth.csv"
        write(tenth, arguments.rows // 10)
        write(export, arguments.rows)
        rows = arguments.rows
        taken, groups = ours(export)
        anchor, dictionary = read_only(export), naive(export)
        print(f"{rows:,} rows, {len(groups):,} groups")
        print(f"  find_duplicates            {rows / taken:>10,.0f} rows/s  {taken:7.1f} s")
        print(
            f"  naive dict of e-mails      {rows / dictionary:>10,.0f} rows/s  "
            f"({taken / dictionary:.1f}x faster than ours)"
        )
        print(
            f"  csv.DictReader, only read  {rows / anchor:>10,.0f} rows/s  "
            f"({taken / anchor:.1f}x faster than ours)"
        )
        print(f"  peak memory: {peak_megabytes(tenth)} MB at {rows // 10:,} rows, "
              f"{peak_megabytes(export)} MB at {rows:,}")  # fmt: skip
        some = Path(folder) / "some.csv"
        truth = write(some, arguments.quality_rows)
        _, found = ours(some)
        print(f"quality, first {arguments.quality_rows:,} rows: custrecords exact keys")
        print("\n".join(quality(pairs_of(found), truth)))
        if arguments.splink:
            threshold = arguments.splink_threshold
            seconds, linked = splink_pairs(some, arguments.quality_rows, threshold)
            rate = arguments.quality_rows / seconds
            print(f"quality: splink (DuckDB, threshold {threshold}), {rate:,.0f} rows/s")
            print("\n".join(quality(linked, truth)))
            print("quality: custrecords exact keys, then splink's pairs added")
            print("\n".join(quality(pairs_of(found) | linked, truth)))


if __name__ == "__main__":
    main()
