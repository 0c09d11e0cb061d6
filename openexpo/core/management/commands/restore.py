"""`openexpo restore FILE`: load a backup into an empty migrated database, checking its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openexpo.core.backup import BackupError, restore_read


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database (--force replaces existing rows)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--force", action="store_true", help="empty every table first instead of refusing"
        )

    def handle(self, *args, file: str, database: str, force: bool, **options) -> None:
        try:
            restored = restore_read(Path(file), using=database, force=force)
        except BackupError as exc:
            raise CommandError(f"{exc} [{exc.code}]") from exc
        self.stderr.write(f"restore: {len(restored)} tables, {sum(restored.values())} rows")
