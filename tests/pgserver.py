"""A throw-away PostgreSQL server for the test suite, started from the machine's binaries."""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

DEFAULT_BIN_DIRS = ["/usr/lib/postgresql/15/bin"]


class PostgresUnavailable(RuntimeError):
    pass


def find_bin_dir() -> Path:
    candidates = [os.environ["EQIA_PG_BIN"]] if os.environ.get("EQIA_PG_BIN") else DEFAULT_BIN_DIRS
    for candidate in candidates:
        path = Path(candidate)
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file():
            return path
    raise PostgresUnavailable(
        "PostgreSQL 15 server binaries (initdb, pg_ctl) not found in "
        f"{', '.join(candidates)}: install them with 'apt-get install postgresql-15' "
        "or point EQIA_PG_BIN at another bin directory"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TemporaryPostgres:
    """initdb into a temporary directory and run a server on 127.0.0.1 until stop()."""

    def __init__(self) -> None:
        self.bin_dir = find_bin_dir()
        self.directory = Path(tempfile.mkdtemp(prefix="eqia-pg-"))
        self.data_dir = self.directory / "data"
        self.port = free_port()
        self.user = "postgres"
        # initdb refuses to run as root: run the server as the postgres user.
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.run_as:
            shutil.chown(self.directory, user="postgres")

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self.run_as, *args], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise PostgresUnavailable(
                f"{Path(args[0]).name} failed ({result.returncode}): "
                f"{result.stderr or result.stdout}"
            )

    def start(self) -> "TemporaryPostgres":
        self._run(
            str(self.bin_dir / "initdb"),
            "-D", str(self.data_dir),
            "-U", self.user,
            "-A", "trust",
            "-E", "UTF8",
            "--locale=C",
            "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=50"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D", str(self.data_dir),
            "-o", options,
            "-l", str(self.directory / "server.log"),
            "-w", "start",
        )  # fmt: skip
        return self

    def create_database(self, name: str) -> None:
        self._run(
            str(self.bin_dir / "createdb"),
            "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user,
            name,
        )  # fmt: skip

    def stop(self) -> None:
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "stop")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    def database_settings(self, name: str = "eqia") -> dict[str, object]:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": self.user,
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "OPTIONS": {},  # not SQLite's (eqia/settings.py sets them for the embedded database)
        }
