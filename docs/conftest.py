"""The guides' examples: Spark's executors run this Python, where custrecords is installed."""

import os
import sys

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # noqa: TID251
