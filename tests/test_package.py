"""The package as users meet it: its public names, its layout, what importing it costs."""

from __future__ import annotations

import ast
import doctest
import importlib
import importlib.metadata
import importlib.resources
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import custrecords

# The documented public surface (DESIGN.md, "Public API"): tests and users import
# these from custrecords, so a change here is a change to the contract.
PUBLIC = {
    "Answered",
    "Collected",
    "CollectOutcome",
    "Desk",
    "Supplied",
    "SupplyOutcome",
    "Understood",
    "UnderstoodOutcome",
    "Updated",
    "UpdateOutcome",
    "MemoryRepository",
    "SQLiteRepository",
    "Conflict",
    "Match",
    "MatchReason",
    "MatchStrength",
    "find_matches",
    "LookupKey",
    "LookupKind",
    "RecordRepository",
    "StoredRecord",
    "lookup_keys",
    "AccessPackage",
    "subject_access_package",
    "ErasureResponse",
    "KeptData",
    "erasure_response",
    "ErasureExemption",
    "NextAction",
    "RequestEvent",
    "RequestEventKind",
    "RightKind",
    "SubjectRequest",
    "next_action",
    "ProcessingActivity",
    "ProcessingRecord",
    "record_of_processing",
    "UkWorkingDays",
    "WorkingDays",
    "complaint_acknowledgement_deadline",
    "response_deadline",
    "uk_working_days",
    "ChannelChoice",
    "ChoiceReason",
    "FollowUp",
    "Format",
    "Message",
    "SupplyEvent",
    "SupplyRecord",
    "SupplyState",
    "UnderstandingMethod",
    "acknowledge",
    "choose_channel",
    "deliver",
    "fail",
    "follow_ups_due",
    "plan_supply",
    "retry",
    "send",
    "understand",
    "AuditAction",
    "AuditEvent",
    "AuditSink",
    "MemoryAuditSink",
    "Authority",
    "AuthorityKind",
    "Colleague",
    "Customer",
    "Decision",
    "DecisionOutcome",
    "DisclosedField",
    "Disclosure",
    "DisclosureRequest",
    "Organisation",
    "Reason",
    "Representative",
    "Requester",
    "audit_anonymisation",
    "audit_decision",
    "audit_erasure",
    "audit_request",
    "audit_disclosure",
    "authorise",
    "disclose",
    "IdentityLevel",
    "AnonymousRecord",
    "ConsentDates",
    "Erasure",
    "Tombstone",
    "anonymise",
    "erase",
    "identifiers_in",
    "RetentionDue",
    "RetentionOutcome",
    "retention_due",
    "next_due",
    "Finding",
    "FindingAction",
    "Scanner",
    "scan_text",
    "redact",
    "RowAudit",
    "RowProblem",
    "audit_rows",
    "DuplicateGroup",
    "DuplicateIndex",
    "DuplicateLink",
    "SharedValue",
    "find_duplicates",
    "MarketingBasis",
    "MarketingPermission",
    "marketing_permission",
    "SoftOptIn",
    "MinimisationReport",
    "MinimiseAction",
    "MinimisedItem",
    "minimise",
    "Assessment",
    "AssessmentCode",
    "AssessmentItem",
    "ChangeReason",
    "ChangeSet",
    "ChangeSource",
    "Confirmation",
    "Draft",
    "FieldChange",
    "ReadBack",
    "ReadBackLine",
    "assess",
    "confirm",
    "read_back",
    "replay",
    "update",
    "ChannelRule",
    "DisclosureRule",
    "FieldRule",
    "Guidelines",
    "KeepRule",
    "Period",
    "Purpose",
    "RequesterKind",
    "RetentionAction",
    "RetentionRule",
    "RetentionTrigger",
    "Sensitivity",
    "InvalidGuidelines",
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
}

# A module imports only from its own floor or below (DESIGN.md, "Layout").
FLOORS = {
    "errors": 1,
    "taxonomy": 1,
    "_masking": 1,
    "_checks": 1,
    "values": 2,
    "guidelines": 2,
    "audit": 2,
    "records": 3,
    "marketing": 3,  # the one rule for a purpose's basis: assess, channels, export audit
    "scanning": 3,  # a package, one module per detector family: all of it on floor 3
    "exports": 3,
    "minimising": 4,
    "retention": 4,
    "disclosure": 4,
    "channels": 4,
    "rights": 5,
    "export_audit": 5,  # judges rows with assess's, minimise's and retention's rules
    "desk": 7,
    "cli": 8,
    "__main__": 9,
    "collecting": 4,
    "serialization": 4,
    "ports": 5,
    "matching": 6,
    "adapters": 6,
    "testing": 6,  # it builds values of every floor, and drives adapters through the ports
    "names": 2,
    "duplicates": 6,  # keys rows as matching keys records, reading them as export_audit does
    "_arrow": 6,  # Arrow batches as audit_rows' rows, for Parquet files and Spark
    "spark": 7,  # audit_rows on a Spark DataFrame's partitions
}

SOURCE = Path(custrecords.__file__).parent
MODULES = sorted(name for _, name, _ in pkgutil.iter_modules([str(SOURCE)]))
# The modules inside a package (scanning/, cli/): each declares its names and runs its
# docstring examples like any module; the floors test reads them with their package.
SUBMODULES = sorted(
    f"{package}.{name}"
    for package in MODULES
    if (SOURCE / package).is_dir()
    for _, name, _ in pkgutil.iter_modules([str(SOURCE / package)])
)


def _source(module: str) -> str:
    """A module's source; a package's is that of all its modules."""
    package = SOURCE / module
    files = sorted(package.glob("*.py")) if package.is_dir() else [SOURCE / f"{module}.py"]
    return "\n".join(file.read_text(encoding="utf-8") for file in files)


def test_all_is_exactly_the_documented_surface() -> None:
    assert set(custrecords.__all__) == PUBLIC
    for name in custrecords.__all__:
        assert hasattr(custrecords, name)


@pytest.mark.parametrize("name", sorted(PUBLIC - {"__version__", "converter"}))
def test_every_public_name_is_documented(name: str) -> None:
    value = getattr(custrecords, name)
    if isinstance(value, frozenset):
        return  # constants are documented where they are defined
    assert (value.__doc__ or "").strip()


@pytest.mark.parametrize("module", MODULES + SUBMODULES)
def test_every_module_declares_its_public_names(module: str) -> None:
    # ruff (RUF022) keeps each __all__ sorted.
    loaded = importlib.import_module(f"custrecords.{module}")
    assert all(hasattr(loaded, name) for name in loaded.__all__)


@pytest.mark.parametrize("module", MODULES)
def test_modules_import_only_from_their_floor_or_below(module: str) -> None:
    assert module in FLOORS, "a new module needs a floor"
    tree = ast.parse(_source(module))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("custrecords."):
            imported = node.module.split(".")[1]  # type: ignore[union-attr]
            assert FLOORS[imported] <= FLOORS[module], f"{module} imports {imported}"


@pytest.mark.parametrize("module", MODULES + SUBMODULES)
def test_docstring_examples(module: str) -> None:
    results = doctest.testmod(
        importlib.import_module(f"custrecords.{module}"),
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert results.failed == 0


def test_version_matches_the_installed_distribution() -> None:
    assert custrecords.__version__ == importlib.metadata.version("custrecords")


def test_py_typed_is_shipped() -> None:
    assert importlib.resources.files("custrecords").joinpath("py.typed").is_file()


def test_importing_the_package_does_not_import_test_tools() -> None:
    code = (
        "import sys, custrecords;"
        "print(sorted(m for m in ('hypothesis', 'pytest') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


_CODE = re.compile(r"[a-z]+(?:_[a-z]+)*")


def _codes_in_source() -> set[str]:
    """Every code an InvalidValue can be raised with, read from the source."""
    codes: set[str] = set()
    for module in MODULES:
        tree = ast.parse(_source(module))
        for node in ast.walk(tree):
            first = None
            if isinstance(node, ast.Call) and (
                getattr(node.func, "id", None) == "InvalidValue"
                # an InvalidValue subclass passing its own code up
                or (module == "errors" and getattr(node.func, "attr", None) == "__init__")
            ):
                first = node.args[0] if node.args else None
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
                # (code, problem) pairs in lookup tables, such as the phone number ones
                code, problem = node.elts
                if isinstance(problem, ast.Constant) and " " in str(problem.value):
                    first = code
            if isinstance(first, ast.Constant) and _CODE.fullmatch(str(first.value)):
                codes.add(str(first.value))
    return codes


def test_every_error_code_is_documented() -> None:
    guide = (Path(__file__).parents[1] / "docs" / "errors.md").read_text(encoding="utf-8")
    table = guide.split("## Error codes", 1)[1]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE))
    found = _codes_in_source()
    assert "phone_wrong_length" in found  # the lookup tables are read too
    assert found == documented
