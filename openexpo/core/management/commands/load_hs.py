"""`manage.py load-hs CSV` (alias `load_hs`): replace the HS tree from a nomenclature CSV."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from openexpo.core.errors import DomainError
from openexpo.core.models import ProductCategory
from openexpo.core.reference.hs import hs_load_from_csv


class Command(BaseCommand):
    help = (
        "Replace the Harmonized System product tree from a CSV with columns "
        "section,hscode,description,parent,level (section names from sections.csv beside it). "
        "A malformed file loads nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("csv", help="path to the nomenclature CSV")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        try:
            total = hs_load_from_csv(options["csv"])
        except DomainError as exc:
            raise CommandError(f"Nothing loaded. {exc.message}")
        counts = {
            label: ProductCategory.objects.filter(level=level).count()
            for level, label in ProductCategory.Level.choices
        }
        summary = ", ".join(f"{count} {str(label).lower()}s" for label, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {total} HS nodes ({summary}) in {time.perf_counter() - started:.1f} s"
            )
        )
