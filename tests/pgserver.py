"""A throwaway PostgreSQL server for the tests: its own data folder, a Unix socket, no TCP.

Uses the server programs of the Debian ``postgresql`` package (``.ci/run``
installs it when missing). When they are not there, or psycopg is not
installed, the PostgreSQL tests are skipped with a message saying so.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
from pathlib import Path


def server_bin() -> Path | None:
    """The folder of ``initdb``/``pg_ctl``, or None."""
    found = shutil.which("pg_ctl")
    if found and Path(found).with_name("initdb").exists():
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists():
            return Path(folder)
    return None


class TempServer:
    """initdb + pg_ctl in ``root``; as root the server runs as the ``postgres`` user."""

    def __init__(self, root: Path, bindir: Path, port: int = 54329):
        self.root, self.bindir, self.port = root, bindir, port
        self.data, self.sock = root / "data", root / "sock"
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> str:
        self.sock.mkdir(parents=True)
        if self.user:
            shutil.chown(self.root, self.user)
            shutil.chown(self.sock, self.user)
        self._run("initdb", "-D", str(self.data), "-U", "dateline", "--auth=trust",
                  "--locale=C", "--encoding=UTF8")  # fmt: skip
        opts = f"-c listen_addresses='' -k {self.sock} -p {self.port} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w", "start")
        return self.url("postgres")

    def url(self, dbname: str) -> str:
        return f"postgresql://dateline@/{dbname}?host={self.sock}&port={self.port}"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
