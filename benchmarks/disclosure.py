"""How long a disclosure decision takes: `authorise` beside PyCasbin.

Run: python benchmarks/disclosure.py [--requests 5000] [--repeat 5]

It decides a varied set of requests (customers at every verification level,
representatives in and out of scope, billing, service and marketing colleagues, the
police, other organisations; every channel; one to five fields) against the UK
default rules, and reports the median and 95th percentile microseconds per decision.

With PyCasbin installed (pip install -r benchmarks/compare.txt; never a dependency), it
enforces an equivalent role-and-attribute model on the same requests in the same run:
one policy line per rule and field, a matcher over requester kind, role, verification
level, purpose (a purpose covers its refinements) and channel, one `enforce` per field
asked for. Casbin answers allow or deny per field; `authorise` also applies its
safeguards, refers, masks and gives every reason with its rule.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from custrecords import (
    Authority,
    AuthorityKind,
    Channel,
    Colleague,
    Customer,
    CustomerRecord,
    DisclosureRequest,
    Guidelines,
    IdentityLevel,
    Organisation,
    PersonName,
    Provenance,
    Representative,
    Requester,
    Source,
    authorise,
)
from custrecords.taxonomy import RECORD_FIELDS, covers

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PURPOSES = (
    "essential.service",
    "essential.service.payment_processing",
    "essential.service.operations.support",
    "third_party_sharing.legal_obligation",
    "third_party_sharing",
)


def requester(rng: random.Random) -> Requester:
    kind = rng.randrange(5)
    if kind == 0:
        return Customer(verified=rng.choice(list(IdentityLevel)))
    if kind == 1:
        return Representative(
            id="REP-1",
            authority=rng.choice(list(AuthorityKind)),
            scope=frozenset(rng.sample(PURPOSES[:3], rng.randint(1, 2))),
            verified=rng.choice(list(IdentityLevel)),
            expires=rng.choice([None, date(2026, 1, 1), date(2027, 1, 1)]),
        )
    if kind == 2:
        role = rng.choice(["billing", "service", "complaints", "marketing"])
        return Colleague(id="S-1", role=role, team="team")
    if kind == 3:
        return Authority(name="Police", legal_basis="DPA 2018 Sch 2 para 2", reference="X-1")
    return Organisation(name="Agency", agreement=rng.choice([None, "DSA-1"]))


def requests(count: int) -> list[DisclosureRequest]:
    rng = random.Random(20261123)
    fields = sorted(RECORD_FIELDS)
    return [
        DisclosureRequest(
            id=f"R{number}",
            requester=requester(rng),
            subject_id="C1",
            purpose=rng.choice(PURPOSES),
            fields=frozenset(rng.sample(fields, rng.randint(1, 5))),
            channel=rng.choice(list(Channel)),
            received_at=NOW,
        )
        for number in range(count)
    ]


def timings(
    decide: Callable[[DisclosureRequest], object], batch: Sequence[DisclosureRequest], repeat: int
) -> list[float]:
    """Microseconds per decision, each request timed on its own, best of ``repeat``."""
    best = [float("inf")] * len(batch)
    clock = time.perf_counter_ns
    for _ in range(repeat):
        for index, request in enumerate(batch):
            started = clock()
            decide(request)
            best[index] = min(best[index], (clock() - started) / 1000)
    return best


def casbin_enforcer(guidelines: Guidelines) -> Callable[[DisclosureRequest], object] | None:
    try:
        import casbin  # noqa: PLC0415
    except ImportError:
        return None
    model = casbin.Enforcer.new_model(
        text="""
[request_definition]
r = kind, role, level, purpose, field, channel
[policy_definition]
p = kind, role, level, purpose, field, channel
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = r.kind == p.kind && (p.role == "*" || r.role == p.role) && at_least(r.level, p.level) \
&& covers(p.purpose, r.purpose) && r.field == p.field && r.channel == p.channel
"""
    )
    enforcer = casbin.Enforcer(model)
    order = list(IdentityLevel)
    enforcer.add_function(
        "at_least",
        lambda have, need: order.index(IdentityLevel(have)) >= order.index(IdentityLevel(need)),
    )
    enforcer.add_function("covers", covers)
    for rule in guidelines.disclosure:
        for role in sorted(rule.roles) or ["*"]:
            for purpose in sorted(rule.purposes):
                for field in sorted(rule.fields):
                    for channel in sorted(rule.channels):
                        enforcer.add_policy(
                            rule.requester.value,
                            role,
                            rule.verification.value,
                            purpose,
                            field,
                            channel.value,
                        )

    print(f"(PyCasbin: {len(enforcer.get_policy()):,} policy lines for the same rules)")

    def decide(request: DisclosureRequest) -> object:
        asker: Any = request.requester
        role = getattr(asker, "role", "-")
        level = getattr(asker, "verified", IdentityLevel.DOCUMENTS).value
        return [
            enforcer.enforce(
                asker.kind.value, role, level, request.purpose, field, request.channel.value
            )
            for field in sorted(request.fields)
        ]

    return decide


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    guidelines = Guidelines.uk_default()
    record = CustomerRecord(
        id="C1",
        provenance=(
            Provenance(
                fields=frozenset({"name"}),
                source=Source.CUSTOMER_PHONE,
                collected_by="agent-1",
                collected_at=datetime(2024, 1, 5, tzinfo=UTC),
            ),
        ),
        name=PersonName.parse("Sam Jones"),
    )
    batch = requests(arguments.requests)
    contenders: list[tuple[str, Callable[[DisclosureRequest], object]]] = [
        ("custrecords authorise", lambda request: authorise(request, record, guidelines, now=NOW))
    ]
    enforcer = casbin_enforcer(guidelines)
    if enforcer is None:
        print("(PyCasbin is not installed: pip install -r benchmarks/compare.txt)")
    else:
        contenders.append(("PyCasbin enforce, per field", enforcer))
    rules = len(guidelines.disclosure)
    print(f"{len(batch):,} requests, {rules} rules; µs per decision, best of {arguments.repeat}")
    print(f"{'':<30}{'median':>8}{'p95':>8}")
    for name, decide in contenders:
        times = sorted(timings(decide, batch, arguments.repeat))
        print(f"{name:<30}{statistics.median(times):>8.1f}{times[int(len(times) * 0.95)]:>8.1f}")


if __name__ == "__main__":
    main()
