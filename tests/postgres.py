"""A throwaway PostgreSQL server for the test run, started from the machine's PostgreSQL binaries.

PostgreSQL refuses to run as root, so when the tests run as root the server runs as
the `postgres` system user. The cluster lives in a temporary folder and is removed
when the run ends.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SERVER_USER = "postgres"


def _bin_dir() -> Path:
    configured = os.environ.get("PG_BIN_DIR")
    if configured:
        return Path(configured)
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not candidates:
        raise RuntimeError("PostgreSQL's binaries were not found: install postgresql, or set PG_BIN_DIR.")
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    base: Path
    port: int
    as_user: list[str]
    bin_dir: Path

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.base, ignore_errors=True)


def start() -> Server:
    bin_dir = _bin_dir()
    base = Path(tempfile.mkdtemp(prefix="ci-portal-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, user=SERVER_USER)
        as_user = ["runuser", "-u", SERVER_USER, "--"]
    server = Server(base=base, port=_free_port(), as_user=as_user, bin_dir=bin_dir)
    run = [*as_user]
    subprocess.run(
        [
            *run,
            str(bin_dir / "initdb"),
            "-D",
            str(server.data_dir),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {server.port} -k {base} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=120"
    )
    try:
        subprocess.run(
            [
                *run,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(server.data_dir),
                "-l",
                str(base / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ],
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as error:
        log = (base / "server.log").read_text(errors="replace") if (base / "server.log").exists() else ""
        raise RuntimeError(f"PostgreSQL did not start: {error.stderr.decode(errors='replace')}\n{log}") from error
    return server
