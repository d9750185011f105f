"""Real processes for fault tests: a `factstore serve` and a throw-away PostgreSQL cluster.

The cluster uses the PostgreSQL binaries that `pgserver` ships, in a temporary
directory, on a free TCP port of 127.0.0.1, so a test may stop and start it
without touching any other server.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pgserver
from pgserver.utils import ensure_prefix_permissions, ensure_user_exists

PG_BIN = Path(pgserver.__file__).parent / "pginstall" / "bin"
FACTSTORE = Path(sys.executable).parent / "factstore"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until(check: object, timeout: float, what: str) -> float:
    """Poll `check()` until it is true; return the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if check():  # type: ignore[operator]
                return time.monotonic() - started
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{what} not within {timeout} s")


class Server:
    """`factstore serve` on a free port, as an ingest script would meet it."""

    def __init__(self, database_url: str, log: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.log = log
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        """Start it; return the seconds until it answered /readyz with 200."""
        env = {**os.environ, "DATABASE_URL": self.database_url, **self.env}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [FACTSTORE, "serve", "--port", str(self.port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return wait_until(self.ready, 60, "factstore serve")

    def ready(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"the server exited; see {self.log}")
        return httpx.get(self.url + "/readyz", timeout=2).status_code == 200

    def kill(self) -> None:
        """SIGKILL: no shutdown handler, no flush, as when the machine dies."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


class PgToolError(RuntimeError):
    """A PostgreSQL program failed; the message carries its output."""


class PgCluster:
    """A PostgreSQL cluster of its own, that a test may stop and start at will.

    PostgreSQL refuses to run as root; then it runs as pgserver's system user."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.data = directory / "pgdata"
        self.log = directory / "postgres.log"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self.user: str | None = None
        if os.geteuid() == 0:
            self.user = "pgserver"
            ensure_user_exists(self.user)
            ensure_prefix_permissions(directory)
            directory.chmod(0o777)
        initdb = ("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        try:
            self._run(*initdb)
        except PgToolError:
            # initdb has been seen to fail once on a heavily loaded machine; a second try
            # on an empty directory tells a passing hiccup from a real fault, whose output
            # then goes into the error.
            shutil.rmtree(self.data, ignore_errors=True)
            self._run(*initdb)

    def _output(self, program: str) -> str:
        path = self.directory / f"{program}.out"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        # Output to a file, not a pipe: the server that pg_ctl starts would inherit the pipe.
        with (self.directory / f"{program}.out").open("ab") as out:
            done = subprocess.run(
                [str(PG_BIN / program), *args],
                check=False,
                stdout=out,
                stderr=subprocess.STDOUT,
                user=self.user,
                cwd=self.directory,
            )
        if check and done.returncode != 0:
            raise PgToolError(
                f"{program} exited with {done.returncode}; its output:\n{self._output(program)}"
            )

    def start(self) -> None:
        options = f"-p {self.port} -h 127.0.0.1 -k '' -c max_connections=50"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def database_url(self, name: str) -> str:
        return self.url.rsplit("/", 1)[0] + "/" + name
