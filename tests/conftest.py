"""Hypothesis profiles (thorough for development, bounded for CI), and a PostgreSQL server."""

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings
from postgres_cluster import Cluster

# CI runs on two cores within a time limit: fewer examples, no per-example deadline
# (a loaded machine makes timings meaningless), and a fixed seed so that a red run
# can be reproduced exactly.
settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=150, deadline=None)
# Before a release, or after touching a parser: HYPOTHESIS_PROFILE=thorough.
settings.register_profile("thorough", max_examples=3000, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """A real PostgreSQL server, started once a session (each test worker its own)."""
    try:
        cluster = Cluster()
    except RuntimeError as missing:
        pytest.fail(str(missing), pytrace=False)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
