"""`openexpo jobs_requeue`: send again background jobs left queued (e.g. while Redis was down)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from openexpo.core.jobs import jobs_requeue


class Command(BaseCommand):
    help = "Re-send queued background jobs older than --older-than seconds (safe to repeat)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--older-than", type=float, default=30.0)

    def handle(self, *args, older_than: float, **options) -> None:
        sent = jobs_requeue(older_than=timedelta(seconds=older_than))
        self.stderr.write(f"jobs_requeue: {len(sent)} sent {sent}")
