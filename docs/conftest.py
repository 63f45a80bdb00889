"""The guides' examples run as written: nothing is set for them here.

(The Spark guide names its executors' Python itself, as its readers must.)
"""

import signal
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _ctrl_c_kept() -> Iterator[None]:
    """Ctrl-C's handler as it was before each guide ran.

    The Spark guide starts a SparkContext, which takes Ctrl-C over for the rest of the
    process; the tests of the command line's Ctrl-C that share the process need it back.
    """
    heard = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, heard)
