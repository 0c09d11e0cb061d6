"""`openexpo backup FILE`: every table into one compressed JSON-lines archive with a manifest."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from openexpo.core.backup import backup_write


class Command(BaseCommand):
    help = "Write every table to a gzip-compressed JSON-lines archive (FILE, or - for stdout)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file: str, database: str, **options) -> None:
        if file == "-":
            manifest = backup_write(sys.stdout.buffer, using=database)
        else:
            path = Path(file)
            tmp = path.with_name(path.name + ".partial")
            with tmp.open("wb") as out:
                manifest = backup_write(out, using=database)
            tmp.replace(path)  # a backup file is complete or absent, never half-written
            path.with_name(path.name + ".manifest.json").write_text(
                json.dumps(manifest, indent=1, sort_keys=True)
            )
        rows = sum(t["rows"] for t in manifest.values())
        self.stderr.write(f"backup: {len(manifest)} tables, {rows} rows")
