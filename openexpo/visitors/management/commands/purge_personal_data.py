"""Delete an edition's visitor personal data after its retention period; keep statistics."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from openexpo.core.errors import DomainError
from openexpo.core.models import Edition
from openexpo.visitors.privacy import personal_data_purge


class Command(BaseCommand):
    help = "Purge an edition's visitor personal data once its retention period is over."

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, required=True, help="edition number")
        parser.add_argument(
            "--force", action="store_true", help="purge even inside the retention period"
        )

    def handle(self, *args, **opts):
        edition = Edition.objects.filter(number=opts["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition {opts['edition']}.")
        try:
            result = personal_data_purge(edition=edition, force=opts["force"])
        except DomainError as err:
            raise CommandError(err.message)
        self.stdout.write(json.dumps({k: v for k, v in result.items() if k != "figures"}))
