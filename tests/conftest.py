"""Hypothesis profiles (thorough for development, bounded for CI), a PostgreSQL server
and a Spark session, both real."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings
from postgres_cluster import Cluster

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

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


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """A real local Spark session (``local[2]``), one for each test process that needs it.

    Without PySpark or a Java runtime the Spark tests fail, saying what to install: they
    never skip.
    """
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.fail(
            "the Spark tests need a Java runtime: apt-get install openjdk-17-jre-headless "
            "(bash scripts/debian-packages.sh installs it)"
        )
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.fail("the Spark tests need PySpark: pip install '.[test]'")
    heard = signal.getsignal(signal.SIGINT)
    # The executors run this Python, where custrecords and pyarrow are installed: read
    # from the environment as the session starts (docs/spark.md says so too).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("custrecords tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    # A SparkContext takes Ctrl-C over for the rest of the process, to cancel its jobs;
    # the tests of the command line's Ctrl-C that share the process need it back.
    signal.signal(signal.SIGINT, heard)
    yield session
    session.stop()
