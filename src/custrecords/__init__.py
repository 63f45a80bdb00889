"""custrecords: executable rules for processing customer information.

The public names are re-exported here; import them from ``custrecords``.
"""

from custrecords.errors import CustrecordsError, InvalidValue, UsageError
from custrecords.records import (
    AccessibilityNeed,
    Article9Condition,
    CommunicationPreferences,
    ConfirmationMethod,
    Consent,
    ContactPoint,
    CustomerRecord,
    Interaction,
    InteractionKind,
    LegalHold,
    NeedGroup,
    NeedKind,
    Note,
    Provenance,
    RecordStatus,
    Source,
    SpecialCategoryCondition,
)
from custrecords.serialization import configure_converter, converter, make_converter
from custrecords.taxonomy import RECORD_FIELDS, Channel, LawfulBasis
from custrecords.values import (
    COUNTRIES,
    EmailAddress,
    PersonName,
    PhoneKind,
    PhoneNumber,
    PostalAddress,
)

__version__ = "0.1.0"

__all__ = [
    "COUNTRIES",
    "RECORD_FIELDS",
    "AccessibilityNeed",
    "Article9Condition",
    "Channel",
    "CommunicationPreferences",
    "ConfirmationMethod",
    "Consent",
    "ContactPoint",
    "CustomerRecord",
    "CustrecordsError",
    "EmailAddress",
    "Interaction",
    "InteractionKind",
    "InvalidValue",
    "LawfulBasis",
    "LegalHold",
    "NeedGroup",
    "NeedKind",
    "Note",
    "PersonName",
    "PhoneKind",
    "PhoneNumber",
    "PostalAddress",
    "Provenance",
    "RecordStatus",
    "Source",
    "SpecialCategoryCondition",
    "UsageError",
    "__version__",
    "configure_converter",
    "converter",
    "make_converter",
]
