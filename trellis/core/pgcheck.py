"""Exit 0 when the PostgreSQL at the given URL answers (creating its database if needed), else 1."""

import sys
from urllib.parse import urlparse

import psycopg
from psycopg import sql


def main(url: str) -> int:
    parts = urlparse(url)
    dbname = parts.path.lstrip("/") or "trellis"
    admin_url = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin_url, connect_timeout=3, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    except psycopg.Error:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
