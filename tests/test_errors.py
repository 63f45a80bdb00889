"""Tests for custrecords.errors."""

from __future__ import annotations

import pickle

import pytest

from custrecords import Conflict, CustrecordsError, InvalidValue, UsageError


def test_invalid_value_is_a_value_error_with_a_code_and_field() -> None:
    error = InvalidValue("phone_invalid", "mobile", "is not a number in use")
    assert isinstance(error, ValueError)
    assert isinstance(error, CustrecordsError)
    assert (error.code, error.field, error.problem) == (
        "phone_invalid",
        "mobile",
        "is not a number in use",
    )
    assert str(error) == "mobile: is not a number in use"


def test_invalid_value_survives_pickling() -> None:
    """Errors cross process boundaries (worker pools, task queues) whole."""
    error = InvalidValue("empty", "email", "is empty")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.field, copy.problem, str(copy)) == (
        "empty",
        "email",
        "is empty",
        str(error),
    )


def test_at_reports_the_same_problem_elsewhere() -> None:
    moved = InvalidValue("empty", "email", "is empty").at("$.contact_points[0].value")
    assert (moved.code, moved.field, str(moved)) == (
        "empty",
        "$.contact_points[0].value",
        "$.contact_points[0].value: is empty",
    )


def test_usage_error_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        raise UsageError("wrong call")


def test_a_conflict_names_its_code_and_record_and_pickles() -> None:
    assert (
        str(Conflict("stale_version", "C-1"))
        == "C-1: stale_version: the record changed since it was read"
    )
    assert str(Conflict("locked", "C-1")) == "C-1: locked: refused"  # a host adapter's own code
    copy = pickle.loads(pickle.dumps(Conflict("exists", "C-2")))
    assert (copy.code, copy.record_id) == ("exists", "C-2")
