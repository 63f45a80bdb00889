#!/usr/bin/env bash
# Install the Debian packages the test suite starts for real, where they are missing.
# One package a line, with the tests that need it.
set -euo pipefail
packages=(
    chromium  # tests/test_cli_page_browser.py: the HTML report in a real browser
    postgresql  # tests/test_postgres.py: a real PostgreSQL server (tests/postgres_cluster.py)
    openjdk-17-jre-headless  # the local Spark session of tests/test_spark.py and docs/spark.md
)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
