"""The embedded PostgreSQL used when no `DATABASE_URL` is configured.

`pgserver` ships real PostgreSQL binaries; the cluster lives under
`FACTSTORE_DATA_DIR/pgdata`, so a second start reuses the data, and the server
stops when the last process using it exits.  It listens on a Unix socket only.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from pgserver.postgres_server import get_server


def start_embedded(data_dir: Path, database: str = "factstore") -> str:
    """Start (or attach to) the embedded server and return an asyncpg URL."""
    pgdata = data_dir / "pgdata"
    pgdata.mkdir(parents=True, exist_ok=True)
    server = get_server(pgdata, cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    socket_dir = str(server.get_uri()).rsplit("host=", 1)[1]
    return f"postgresql+asyncpg://postgres@/{database}?host={quote(socket_dir)}"
