"""Small checks the Makefile runs before the tests: is PostgreSQL reachable, is Chromium there."""

from __future__ import annotations

import os
import shutil
import sys


def postgres_reachable() -> bool:
    import psycopg

    url = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
    if not url.startswith("postgres"):
        return False
    url = url.replace("postgres://", "postgresql://", 1)
    try:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def main(argv: list[str]) -> int:
    what = argv[1] if len(argv) > 1 else ""
    if what == "postgres-reachable":
        return 0 if postgres_reachable() else 1
    if what == "check-browser":
        found = shutil.which("chromium") or os.path.exists("/usr/bin/chromium")
        print("Chromium found" if found else "Chromium not found: browser tests will be skipped")
        return 0 if found else 1
    print(f"unknown check: {what}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
