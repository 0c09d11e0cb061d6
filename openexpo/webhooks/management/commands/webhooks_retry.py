"""`manage.py webhooks_retry`: send the webhook deliveries whose retry time has come (cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Attempt every pending webhook delivery that is due."

    def handle(self, *args: object, **options: object) -> None:
        from openexpo.webhooks.services import deliveries_retry_due

        self.stdout.write(f"{deliveries_retry_due()} deliveries attempted")
