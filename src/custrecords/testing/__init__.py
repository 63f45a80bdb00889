"""Hypothesis strategies for custrecords' types, for your tests and ours.

Every strategy draws valid, varied values: names in many scripts, internationalised
e-mail addresses, phone numbers from the UK (with the Crown Dependencies) and abroad,
UK postcodes that follow Royal Mail's rules, and records whose parts agree with each
other. Use them in your own property-based tests::

    from hypothesis import given
    from custrecords.testing import customer_records

    @given(customer_records())
    def test_my_crm_round_trips(record):
        assert load(save(record)) == record

The strategies are in `custrecords.testing.strategies`, the note writer in
`custrecords.testing.notes` and the contract suites in `custrecords.testing.contracts`;
every public name is here too. This package needs hypothesis
(``pip install custrecords[testing]``); importing ``custrecords`` alone never imports it.
"""

from custrecords.testing.contracts import (
    AuditSinkContract,
    RepositoryContract,
)
from custrecords.testing.notes import (
    Planted,
    SampleNote,
    notes_with_findings,
    write_note,
)
from custrecords.testing.strategies import (
    EXPORT_HEADERS,
    accessibility_needs,
    anonymous_records,
    audit_events,
    change_sets,
    change_sources,
    channel_choices,
    confirmations,
    consents,
    contact_points,
    customer_records,
    decisions,
    disclosure_requests,
    drafts,
    emails,
    export_rows,
    findings,
    identifiers,
    interactions,
    legal_holds,
    messages,
    minimisation_reports,
    notes,
    person_names,
    phone_numbers,
    postal_addresses,
    preferences,
    provenances,
    record_changes,
    requesters,
    retention_results,
    row_audits,
    special_category_conditions,
    subject_requests,
    supply_records,
    times,
    tombstones,
    uk_phone_numbers,
    uk_postcodes,
    updates,
    written_uk_phone_numbers,
)

__all__ = [
    "EXPORT_HEADERS",
    "AuditSinkContract",
    "Planted",
    "RepositoryContract",
    "SampleNote",
    "accessibility_needs",
    "anonymous_records",
    "audit_events",
    "change_sets",
    "change_sources",
    "channel_choices",
    "confirmations",
    "consents",
    "contact_points",
    "customer_records",
    "decisions",
    "disclosure_requests",
    "drafts",
    "emails",
    "export_rows",
    "findings",
    "identifiers",
    "interactions",
    "legal_holds",
    "messages",
    "minimisation_reports",
    "notes",
    "notes_with_findings",
    "person_names",
    "phone_numbers",
    "postal_addresses",
    "preferences",
    "provenances",
    "record_changes",
    "requesters",
    "retention_results",
    "row_audits",
    "special_category_conditions",
    "subject_requests",
    "supply_records",
    "times",
    "tombstones",
    "uk_phone_numbers",
    "uk_postcodes",
    "updates",
    "write_note",
    "written_uk_phone_numbers",
]
