"""`manage.py load_reference`: load countries, regions, organisations and the HS tree."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from openexpo.core.reference.countries import countries_load
from openexpo.core.reference.hs import hs_load_from_package


class Command(BaseCommand):
    help = "Load (or refresh) the reference data that ships with OpenExpo. Idempotent."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        self.stdout.write(f"Countries, regions and organisations: {countries_load()}")
        self.stdout.write(
            f"HS sections, chapters, headings and subheadings: {hs_load_from_package()}"
        )
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f} s"))
