"""Backup and restore round trip: a demo edition, backed up, restored into a fresh database,
then every table compared row by row (SQLite, and PostgreSQL when DATABASE_URL names it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from openexpo.core.backup import Archive, archive_rows

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith("postgres")

pytestmark = pytest.mark.slow


def manage(*args: str, url: str, var: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "OPENEXPO_VAR_DIR": str(var),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "openexpo.settings",
    }
    env.pop("OPENEXPO_PROFILE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=900,
    )


@pytest.fixture
def two_databases(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two fresh migrated databases: a source for the demo and an empty target."""
    if not ON_POSTGRES:
        source = f"sqlite:///{tmp_path / 'source.sqlite3'}"
        manage("migrate", "--noinput", "-v", "0", url=source, var=tmp_path)
        shutil.copy(tmp_path / "source.sqlite3", tmp_path / "target.sqlite3")
        yield source, f"sqlite:///{tmp_path / 'target.sqlite3'}"
        return
    import psycopg

    base = PG_URL.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0]
    names = [f"openexpo_backup_{os.getpid()}_a", f"openexpo_backup_{os.getpid()}_b"]
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{names[0]}"')
    source = f"{base}/{names[0]}"
    manage("migrate", "--noinput", "-v", "0", url=source, var=tmp_path)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{names[1]}" TEMPLATE "{names[0]}"')
    try:
        yield source, f"{base}/{names[1]}"
    finally:
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restore_round_trip_compares_every_table(two_databases, tmp_path: Path) -> None:
    source, target = two_databases
    manage("demo", "--scale", "0.005", url=source, var=tmp_path)
    first = tmp_path / "first.jsonl.gz"
    manage("backup", str(first), url=source, var=tmp_path)

    manage("restore", str(first), url=target, var=tmp_path)
    second = tmp_path / "second.jsonl.gz"
    manage("backup", str(second), url=target, var=tmp_path)

    before, after = archive_rows(first), archive_rows(second)
    assert sorted(after) == sorted(before)
    for table in before:
        assert after[table] == before[table], table
    filled = [t for t, rows in before.items() if rows]
    assert len(filled) >= 30  # the demo fills most tables: the comparison is not vacuous
    assert sum(len(rows) for rows in before.values()) > 1000

    archive = Archive(second)
    for _ in archive.tables():
        pass
    assert archive.manifest is not None
    assert {t: m["rows"] for t, m in archive.manifest.items()} == {
        t: len(rows) for t, rows in before.items()
    }

    # A second restore into the now non-empty target is refused and changes nothing…
    refused = manage("restore", str(first), url=target, var=tmp_path, check=False)
    assert refused.returncode == 1
    assert "[not_empty]" in refused.stderr
    # …unless forced; the sequences continue after the restored ids (a new row can be added).
    manage("restore", "--force", str(first), url=target, var=tmp_path)
    third = tmp_path / "third.jsonl.gz"
    manage("backup", str(third), url=target, var=tmp_path)
    assert archive_rows(third) == before
    made = manage(
        "shell",
        "-c",
        "from openexpo.core.models import BackgroundJob as J; print(J.objects.create(kind='x').pk)",
        url=target,
        var=tmp_path,
    )
    top = max([row[0] for row in before["core_backgroundjob"]], default=0)
    assert int(made.stdout.strip().splitlines()[-1]) == top + 1
