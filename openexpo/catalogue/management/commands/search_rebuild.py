"""`manage.py search_rebuild`: rebuild the whole catalogue search index from the database."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from openexpo.catalogue.search import rebuild


class Command(BaseCommand):
    help = "Rebuild the exhibit and exhibitor search index (both engines use the same command)."

    def handle(self, *args, **options) -> None:
        start = time.perf_counter()
        counts = rebuild()
        self.stdout.write(
            f"Indexed {counts['exhibit']} exhibits, {counts['company']} exhibitors and "
            f"{counts['terms']} name words in {time.perf_counter() - start:.1f} s."
        )
