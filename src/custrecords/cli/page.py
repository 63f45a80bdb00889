"""The audit's HTML report: one self-contained page a data protection officer can forward.

The page opens with what was audited (the file, the rows read, the day, the guidelines
and custrecords' version) and the verdict: how many records must be fixed, by severity.
Then the problems, grouped by severity (`custrecords.cli.kinds`) and within it by kind:
for each kind its plain-English name, what to do, the law it follows and the rules of
the guidelines that fired, and the records with it, each expandable to its problems
there and the other kinds it has (named by the page's script, so that they are written
once, not once a record). The records can be filtered by severity, kind and column, and
searched by id.

It is one file: its style and script are inline, and its Content-Security-Policy allows
those two by their hashes and nothing else, so it fetches nothing, whether opened from a
disk or from an e-mail. It prints without its filters, every record expanded. No cell's
text is in it: problems are named by column, kind and character position, and ids,
headers and file names are escaped.

For a large export the page lists the first `LISTED_PER_KIND` records of each kind and
counts the rest, and says so; the JSON report lists every record.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import IO, Final, Self

from custrecords.cli.kinds import KINDS, SEVERITIES, Kind, Severity
from custrecords.cli.report import (
    _INTERRUPTED,
    About,
    Problem,
    Result,
    Section,
    Tally,
    not_checked,
    printable,
)

__all__ = ["CONTRAST", "LISTED_PER_KIND", "PALETTE", "HtmlReport", "page"]

LISTED_PER_KIND: Final = 1000
"""How many records of each kind the page lists; the rest are counted."""

PALETTE: Final = {
    "ink": "#1b1b1b",
    "muted": "#4d4d4d",
    "paper": "#ffffff",
    "shade": "#f2f2f2",
    "rule": "#767676",
    "link": "#0b4f9c",
    "must_not_keep": "#9b1c1c",
    "must_not_keep_tint": "#fbeceb",
    "legal": "#7a4300",
    "legal_tint": "#fcf1e2",
    "quality": "#1d5b87",
    "quality_tint": "#e9f1f8",
    "advice": "#595959",
}
"""The page's colours, by what they are for."""

CONTRAST: Final = (
    # (foreground, background, least ratio): WCAG 2.2 success criteria 1.4.3 (text,
    # 4.5:1) and 1.4.11 (the edges of controls and the focus ring, 3:1).
    ("ink", "paper", 4.5),
    ("ink", "shade", 4.5),
    ("muted", "paper", 4.5),
    ("link", "paper", 4.5),
    ("link", "shade", 4.5),
    ("paper", "must_not_keep", 4.5),
    ("paper", "legal", 4.5),
    ("paper", "quality", 4.5),
    ("paper", "advice", 4.5),
    ("ink", "must_not_keep_tint", 4.5),
    ("ink", "legal_tint", 4.5),
    ("ink", "quality_tint", 4.5),
    ("must_not_keep", "must_not_keep_tint", 4.5),
    ("legal", "legal_tint", 4.5),
    ("quality", "quality_tint", 4.5),
    ("link", "must_not_keep_tint", 4.5),
    ("link", "legal_tint", 4.5),
    ("link", "quality_tint", 4.5),
    ("rule", "paper", 3.0),
    ("link", "paper", 3.0),
)
"""Each pair of colours the page sets one on the other, and the contrast it needs."""

_C: Final = PALETTE
_STYLE: Final = (
    f"body{{font:1rem/1.45 system-ui,sans-serif;color:{_C['ink']};background:{_C['paper']};"
    "margin:0 auto;padding:1rem;max-width:72rem}"
    "h1{font-size:1.6rem;margin:.2rem 0 .6rem;overflow-wrap:anywhere}"
    "h2{font-size:1.3rem;margin:1.6rem 0 .5rem}h3{font-size:1.1rem;margin:0 0 .4rem}"
    f"a{{color:{_C['link']}}}"
    f"a:focus-visible,summary:focus-visible,select:focus-visible,input:focus-visible,"
    f"button:focus-visible{{outline:3px solid {_C['link']};outline-offset:2px}}"
    ".skip{position:absolute;left:-999rem}.skip:focus{position:static}"
    "dl.about{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0}"
    "dl.about dt{font-weight:600}dl.about dd{margin:0;overflow-wrap:anywhere}"
    f".verdict .big{{font-size:1.3rem;margin:.3rem 0}}"
    ".sevs{padding-left:1.2rem}.sevs li{margin:.15rem 0}"
    "table{border-collapse:collapse;width:100%;margin:.5rem 0}"
    f"th,td{{border:1px solid {_C['rule']};padding:.25rem .5rem;text-align:left;"
    "vertical-align:top;overflow-wrap:break-word}"
    "table.r td:last-child{overflow-wrap:anywhere}"
    f"thead th{{background:{_C['shade']}}}"
    "table.r th:first-child{width:30%}table.r td:nth-child(2){width:4.5rem}"
    "th[scope=colgroup]{font-weight:600}"
    "caption{text-align:left;font-weight:600;padding:.2rem 0}"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}"
    ".tag{display:inline-block;font-size:.8rem;font-weight:600;padding:0 .4rem;"
    f"border-radius:.2rem;color:{_C['paper']};white-space:nowrap}}"
    f".tag.advice{{background:{_C['advice']}}}"
    "section.g{margin-top:1.5rem}"
    "section.g>h2{padding:.3rem .6rem;border-left:.5rem solid}"
    "section.k{margin:1rem 0 1.5rem;padding-left:.8rem;border-left:.25rem solid}"
    + "".join(
        f".s-{s.value}>h2{{background:{_C[s.value + '_tint']};color:{_C[s.value]};"
        f"border-color:{_C[s.value]}}}"
        f".s-{s.value} section.k{{border-color:{_C[s.value]}}}"
        f".s-{s.value} .tag.fix{{background:{_C[s.value]}}}"
        f".s-{s.value} th[scope=colgroup]{{background:{_C[s.value + '_tint']};"
        f"color:{_C[s.value]}}}"
        for s in SEVERITIES
    )
    + f".n{{font-weight:400;color:{_C['muted']}}}.s-must_not_keep>h2 .n,.s-legal>h2 .n,"
    ".s-quality>h2 .n{color:inherit}"
    "p.do,p.why{margin:.2rem 0}ul.rules{margin:.2rem 0;padding-left:1.2rem}"
    f"code{{background:{_C['shade']};padding:0 .2rem;overflow-wrap:anywhere}}"
    "details ul{margin:.2rem 0;padding-left:1.2rem}details p{margin:.2rem 0}"
    "summary{cursor:pointer}"
    f".more{{border:1px solid {_C['rule']};padding:.4rem .6rem}}"
    f".notice{{border-left:.5rem solid {_C['legal']};background:{_C['legal_tint']};"
    "padding:.4rem .8rem}"
    ".controls{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}"
    ".controls label{display:flex;flex-direction:column;font-weight:600}"
    f"select,input,button{{font:inherit;color:{_C['ink']};background:{_C['paper']};"
    f"border:1px solid {_C['rule']};border-radius:.2rem;padding:.2rem .4rem;max-width:100%}}"
    "[hidden]{display:none!important}"
    "@media (max-width:40rem){dl.about{grid-template-columns:1fr}"
    "dl.about dd{margin-bottom:.3rem}.controls{flex-direction:column;align-items:stretch}"
    ".controls select,.controls input{width:100%}table.r th:first-child{width:auto}"
    "table.r td:nth-child(2){width:auto}body{padding:.5rem}th,td{padding:.2rem .3rem}}"
    "@media print{#filters,.skip{display:none!important}body{font-size:10pt;padding:0;"
    "max-width:none}a{color:inherit;text-decoration:none}tr{break-inside:avoid}"
    "h2,h3{break-after:avoid}summary{list-style:none}"
    "details::details-content{content-visibility:visible;display:contents}"
    "section.g>h2{background:none}}"
)
_SCRIPT: Final = (
    "(()=>{const $=s=>document.querySelector(s),all=(e,s)=>[...e.querySelectorAll(s)];"
    "const sev=$('#f-sev'),kind=$('#f-kind'),col=$('#f-col'),id=$('#f-id'),out=$('#f-out');"
    # Each row's other kinds, named from the kind filter's options: written once, not
    # once a row, so that a page of many records stays small.
    "const names=[...kind.options].map(o=>o.textContent);"
    "for(const r of all(document,'section.k tbody tr')){r.key=r.cells[0].textContent"
    ".toLowerCase();if(!r.dataset.o)continue;const p=document.createElement('p');"
    "p.textContent='Also in this record: '+r.dataset.o.split(' ').map(i=>names[i]).join('; ');"
    "r.querySelector('details').append(p)}"
    "function apply(){const s=sev.value,k=kind.value,c=col.value,"
    "q=id.value.trim().toLowerCase();let rows=0,kinds=0;"
    "for(const g of all(document,'section.g')){let shown=0;"
    "for(const x of all(g,'section.k')){const ok=(!s||x.dataset.sev===s)&&"
    "(!k||x.dataset.kind===k);let n=0;"
    "for(const r of all(x,'tbody tr')){const v=ok&&(!c||r.dataset.c.split('\\n')"
    ".includes(c))&&(!q||r.key.includes(q));r.hidden=!v;if(v)n++}"
    "x.hidden=!ok||((c||q)&&n===0);if(!x.hidden){kinds++;rows+=n;shown++}}"
    "g.hidden=shown===0}"
    "out.textContent=(s||k||c||q)?`Showing ${rows} of the listed records, under ${kinds} "
    "kind${kinds===1?'':'s'} of problem.`:'Showing every listed record.'}"
    "for(const e of [sev,kind,col])e.addEventListener('change',apply);"
    "id.addEventListener('input',apply);"
    "$('#f-clear').addEventListener('click',()=>{sev.value=kind.value=col.value=id.value='';"
    "apply()});$('#filters').hidden=false;apply();"
    "let opened=[];addEventListener('beforeprint',()=>{opened=all(document,'details:not([open])');"
    "for(const d of opened)d.open=true});"
    "addEventListener('afterprint',()=>{for(const d of opened)d.open=false;opened=[]})})()"
)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# Nothing but the page's own style and script, known by their hashes: no request can
# leave the page, and no markup a cell could smuggle in would run.
_POLICY: Final = (
    f"default-src 'none'; style-src {_hash(_STYLE)}; script-src {_hash(_SCRIPT)}; "
    "base-uri 'none'; form-action 'none'"
)

_MONTHS: Final = (
    "January February March April May June July August September October November December"
).split()


def _day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _h(text: str) -> str:
    return html.escape(printable(text))


def _records(count: int) -> str:
    return f"{count:,} record" + ("" if count == 1 else "s")


_VERDICT: Final = {
    Severity.MUST_NOT_KEEP: "hold data that must not be kept: purge now",
    Severity.LEGAL: "break, or may break, data-protection law",
    Severity.QUALITY: "have details that are wrong or cannot be read",
}


class HtmlReport:
    """The HTML report: the first records of each kind kept as they come, then the page."""

    def __init__(self, limit: int = LISTED_PER_KIND) -> None:
        self.limit = limit
        self.listed: defaultdict[str, list[Result]] = defaultdict(list)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.listed.clear()

    def add(self, result: Result) -> None:
        """Keep the record under each of its kinds that has not yet listed enough."""
        for key in result.kinds():
            kept = self.listed[key]
            if len(kept) < self.limit:
                kept.append(result)

    def write(
        self, out: IO[str], tally: Tally, about: About, section: Section | None = None
    ) -> None:
        """Write the page, ``section`` after the problems."""
        for part in page(tally, about, self.listed, self.limit, section):
            out.write(part)


def page(
    tally: Tally,
    about: About,
    listed: dict[str, list[Result]],
    limit: int,
    section: Section | None = None,
) -> Iterator[str]:
    """The page, in parts: header, verdict, filters, groups, ``section``, script."""
    to_fix = tally.must_fix
    title = f"Audit of {about.name}: {to_fix:,} of {_records(tally.records)} to fix"
    yield (
        "<!doctype html>\n<html lang=en-GB><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width, initial-scale=1">'
        f'<meta http-equiv=Content-Security-Policy content="{_POLICY}">'
        f"<title>{_h(title)}</title><style>{_STYLE}</style></head>\n<body>"
        '<a class=skip href="#problems">Skip to the problems</a>\n'
    )
    yield _header(tally, about)
    yield "<main>\n"
    yield _verdict(tally, about, listed, limit)
    yield _filters(tally)
    yield '<div id=problems tabindex="-1">\n'
    for severity in SEVERITIES:
        kinds = tally.listed_kinds(severity)
        if kinds:
            yield from _group(severity, kinds, tally, listed)
    yield "</div>"
    if section is not None:
        yield from section.html()
    yield (
        "</main>\n<footer><p>Made by custrecords "
        f"{_h(about.version)}. No value from the export is in this page: each problem is "
        "named by its column, its kind and, in text, its position.</p></footer>\n"
        f"<script>{_SCRIPT}</script></body></html>\n"
    )


def _header(tally: Tally, about: About) -> str:
    roles = "".join(
        f"<li>{_h(role)}: {_h(', '.join(headers))}</li>"
        for role, headers in about.columns.roles.items()
    )
    if about.columns.unmapped:
        roles += f"<li>scanned only: {_h(', '.join(about.columns.unmapped))}</li>"
    facts = (
        ("File", _h(about.name)),
        ("Read as", _h(about.read_as)),
        ("Rows read", f"{tally.records:,}"),
        ("Audited as of", _day(about.today)),
        ("Guidelines", _h(about.guidelines)),
        ("custrecords", f"version {_h(about.version)}"),
        (
            "Columns",
            f"<details><summary>{len(about.columns.roles)} roles found</summary>"
            f"<ul>{roles}</ul></details>",
        ),
    )
    return (
        f"<header><h1>Audit of {_h(about.name)}</h1><dl class=about>"
        + "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in facts)
        + "</dl></header>\n"
    )


def _verdict(tally: Tally, about: About, listed: dict[str, list[Result]], limit: int) -> str:
    parts = ["<section class=verdict aria-labelledby=verdict><h2 id=verdict>Verdict</h2>"]
    if tally.interrupted:
        parts.append(f"<p class=notice><strong>{_INTERRUPTED.format(tally.records)}</strong></p>")
    parts.append(
        f"<p class=big><strong id=n-must_fix>{tally.must_fix:,}</strong> of "
        f"{_records(tally.records)} must be fixed.</p><ul class=sevs>"
    )
    for severity in SEVERITIES:
        count = tally.by_severity[severity]
        if count:
            parts.append(
                f"<li><a href='#g-{severity.value}'><strong id=n-{severity.value}>{count:,}"
                f"</strong> {_VERDICT[severity]}</a></li>"
            )
    parts.append(
        f"<li><strong id=n-advice_only>{tally.advice_only:,}</strong>"
        f"{' more' if tally.must_fix else ''} "
        f"{'has' if tally.advice_only == 1 else 'have'} advice only</li></ul>"
        "<p class=n>A record may have problems of more than one severity.</p>"
    )
    if about.only_must_fix:
        parts.append(
            "<p class=notice>Only what must be fixed is in this report "
            "(<code>--only must-fix</code>): the advice is left out.</p>"
        )
    capped = [key for key in tally.by_problem if tally.by_problem[key] > len(listed.get(key, ()))]
    if capped:
        parts.append(
            f"<p class=notice>This page lists the first {limit:,} records of each kind of "
            f"problem; {len(capped)} kind{'s have' if len(capped) > 1 else ' has'} more, "
            "counted but not listed. The JSON report (<code>--format json</code>) lists "
            "every record.</p>"
        )
    unchecked = not_checked(about.columns)
    if unchecked:
        parts.append(
            "<p>Not checked, for want of a column:</p><ul>"
            + "".join(f"<li>{_h(check)}</li>" for check in unchecked)
            + "</ul>"
        )
    parts.append(_overview(tally))
    parts.append("</section>\n")
    return "".join(parts)


def _tag(tally: Tally, key: str) -> str:
    if tally.kind_to_fix[key]:
        return "<span class='tag fix'>must fix</span>"
    return "<span class='tag advice'>advice</span>"


def _name(key: str) -> str:
    return KINDS[key].name if key in KINDS else key


def _overview(tally: Tally) -> str:
    bodies = "".join(
        f"<tbody class=s-{severity.value}><tr><th colspan=3 scope=colgroup>"
        f"{severity.title}</th></tr>"
        + "".join(
            f"<tr><th scope=row><a href='#k-{key}'>{_h(_name(key))}</a></th>"
            f"<td>{tally.by_problem[key]:,}</td><td>{_tag(tally, key)}</td></tr>"
            for key in tally.listed_kinds(severity)
        )
        + "</tbody>"
        for severity in SEVERITIES
        if tally.listed_kinds(severity)
    )
    if not bodies:
        return ""
    return (
        "<table class=overview><caption>Records by kind of problem</caption><thead><tr>"
        "<th scope=col>Kind of problem</th><th scope=col>Records</th>"
        f"<th scope=col>To fix?</th></tr></thead>{bodies}</table>"
    )


def _options(pairs: list[tuple[str, str]]) -> str:
    return "<option value=''>All</option>" + "".join(
        f'<option value="{value}">{label}</option>' for value, label in pairs
    )


def _listed(tally: Tally) -> list[str]:
    """Every kind found, in the order the page lists them, and its kind filter offers them."""
    return [key for severity in SEVERITIES for key in tally.listed_kinds(severity)]


def _filters(tally: Tally) -> str:
    severities = [(s.value, s.label.capitalize()) for s in SEVERITIES if tally.listed_kinds(s)]
    kinds = [(key, _h(_name(key))) for key in _listed(tally)]
    columns = [(_h(column), _h(column)) for column in sorted(tally.columns)]
    return (
        "<section id=filters aria-labelledby=filters-h hidden>"
        "<h2 id=filters-h>Filter the records</h2><div class=controls role=search>"
        f"<label for=f-sev>Severity<select id=f-sev>{_options(severities)}</select></label>"
        f"<label for=f-kind>Kind of problem<select id=f-kind>{_options(kinds)}</select>"
        "</label>"
        f"<label for=f-col>Column<select id=f-col>{_options(columns)}</select></label>"
        "<label for=f-id>Record id contains<input id=f-id type=search autocomplete=off>"
        "</label><button type=button id=f-clear>Show all</button></div>"
        "<p id=f-out role=status></p></section>\n"
    )


def _group(
    severity: Severity, kinds: list[str], tally: Tally, listed: dict[str, list[Result]]
) -> Iterator[str]:
    value = severity.value
    yield (
        f"<section class='g s-{value}' id=g-{value} data-sev={value} aria-labelledby=h-{value}>"
        f"<h2 id=h-{value}>{severity.title} <span class=n>"
        f"({_records(tally.by_severity[severity])} to fix)</span></h2>\n"
    )
    for key in kinds:
        yield from _kind(key, severity, tally, listed.get(key, []))
    yield "</section>\n"


def _kind(key: str, severity: Severity, tally: Tally, records: list[Result]) -> Iterator[str]:
    kind = KINDS.get(key) or Kind(key, key, severity, "", "")
    numbers = {other: place for place, other in enumerate(_listed(tally), start=1)}
    count = tally.by_problem[key]
    rules = "".join(
        f"<li>Guidelines rule <code>{_h(rule)}</code>: {_h(source)}</li>"
        for rule, source in sorted(tally.rules.get(key, {}).items())
        if rule
    )
    yield (
        f"<section class=k id=k-{key} data-kind={key} data-sev={severity.value} "
        f"data-records={count} aria-labelledby=hk-{key}>"
        f"<h3 id=hk-{key}>{_h(kind.name)} {_tag(tally, key)} "
        f"<span class=n>{_records(count)}</span></h3>"
        f"<p class=do><strong>What to do:</strong> {_h(kind.remedy)}</p>"
        f"<p class=why><strong>Why:</strong> {_h(kind.law)}</p>"
        + (f"<ul class=rules>{rules}</ul>" if rules else "")
        + f"<table class=r><caption class=vh>Records with: {_h(kind.name)}</caption><thead><tr>"
        "<th scope=col>Record</th><th scope=col>Line</th>"
        "<th scope=col>Where, and what else</th></tr></thead><tbody>\n"
    )
    for result in records:
        yield _row(key, result, numbers)
    yield "</tbody></table>"
    if count > len(records):
        yield (
            f"<p class=more>Listed: the first {len(records):,} of {_records(count)} with this "
            f"problem. The other {count - len(records):,} are counted, not listed; the JSON "
            "report lists them all.</p>"
        )
    yield "</section>\n"


def _detail(problem: Problem) -> str:
    if problem.start is not None and problem.end is not None:
        return f"characters {problem.start + 1} to {problem.end}"
    return problem.detail


def _row(key: str, result: Result, numbers: dict[str, int]) -> str:
    here = [p for p in result.problems if p.shown_as.key == key]
    items = [f"{_h(p.column)}: {_h(_detail(p))}" for p in here]
    columns = list(dict.fromkeys(p.column for p in here))
    if key == "malformed" and result.malformed:
        items.append(_h(result.malformed))
        columns.append("(the whole line)")
    # The record's other kinds, by their place in the kind filter; the script names them.
    others = " ".join(str(numbers[other]) for other in result.kinds() if other != key)
    return (
        f'<tr data-c="{"&#10;".join(map(_h, columns))}"'
        + (f" data-o='{others}'" if others else "")
        + f"><th scope=row>{_h(result.id)}</th><td>{result.line}</td><td><details><summary>"
        f"{_h(', '.join(columns))}</summary><ul><li>"
        + "</li><li>".join(items)
        + "</li></ul></details></td></tr>\n"
    )
