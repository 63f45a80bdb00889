"""A throwaway PostgreSQL cluster for the tests: a real server, on a Unix socket only.

The server is Debian's ``postgresql`` package (``scripts/debian-packages.sh`` installs
it). `Cluster` runs ``initdb`` in a fresh temporary folder, starts the server listening
on a socket in that folder and on no TCP port, and removes it all when stopped. As root
it runs them as the ``postgres`` user, since ``initdb`` refuses root.

Run this file to start one by hand; it prints the SQLAlchemy URL and stops on Ctrl-C.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL's server is not installed: the PostgreSQL tests start a real one. "
    "Install the Debian package 'postgresql' (bash scripts/debian-packages.sh does)."
)


def server_bin() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``; `RuntimeError` when there is none."""
    found = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        bindir = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        found.append(bindir)
    # Debian keeps each major version apart; the newest wins.
    found += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    )
    for folder in found:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise RuntimeError(INSTALL_HINT)


class Cluster:
    """One PostgreSQL server in a temporary folder; `start`, then `url`, then `stop`."""

    def __init__(self) -> None:
        self.bin = server_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="custrecords-pg-"))
        self.data = self.folder / "data"
        self._as: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *command: str) -> None:
        result = subprocess.run(
            [*self._as, *command], capture_output=True, text=True, check=False, cwd=self.folder
        )
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")

    def start(self) -> None:
        """Make the cluster and start its server; return once it accepts connections."""
        self._run(
            str(self.bin / "initdb"),
            "--pgdata",
            str(self.data),
            "--username",
            "postgres",
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C",
            "--no-sync",
            "--no-instructions",
        )
        options = (
            f"-k {self.folder} -c listen_addresses='' -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "--pgdata",
            str(self.data),
            "--log",
            str(self.folder / "server.log"),
            "--options",
            options,
            "--wait",
            "start",
        )

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of ``database`` on this server, through its socket."""
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}"

    def create_database(self, name: str) -> str:
        """Make an empty database; its URL."""
        import sqlalchemy as sa

        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        """Stop the server at once and remove the folder."""
        if (self.data / "postmaster.pid").exists():
            self._run(
                str(self.bin / "pg_ctl"), "--pgdata", str(self.data), "-m", "immediate", "stop"
            )
        shutil.rmtree(self.folder, ignore_errors=True)


if __name__ == "__main__":
    cluster = Cluster()
    cluster.start()
    print(cluster.url(), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
