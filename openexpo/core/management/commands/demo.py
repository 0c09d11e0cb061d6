"""`manage.py demo`: build the deterministic demo expo (5th and 6th editions)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from openexpo.core.demo.runner import demo_build, demo_editions, demo_wipe
from openexpo.core.errors import DomainError
from openexpo.core.models import Edition


class Command(BaseCommand):
    help = "Build the demo expo at the 6th CIIE's scale (use --scale 0.01 for a small one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="fraction of full scale (0 < s <= 2)"
        )
        parser.add_argument(
            "--seed", type=int, default=6, help="random seed (same seed, same expo)"
        )
        parser.add_argument("--replace", action="store_true", help="delete the demo editions first")
        parser.add_argument("--if-missing", action="store_true", help="do nothing if already built")
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(
        self,
        *args: Any,
        scale: float,
        seed: int,
        replace: bool,
        if_missing: bool,
        quiet: bool,
        **options: Any,
    ) -> None:
        if not 0 < scale <= 2:
            raise CommandError("--scale must be > 0 and <= 2 (1 is the 6th CIIE's size).")
        existing = sorted(
            Edition.objects.filter(number__in=demo_editions()).values_list("number", flat=True)
        )
        if existing and if_missing:
            self.stdout.write(f"Demo editions {existing} already built; nothing to do.")
            return
        if existing and not replace:
            raise CommandError(
                f"This database already holds edition(s) {existing}. "
                "Run with --replace to delete and rebuild them, or use another database."
            )
        started = time.perf_counter()
        try:
            if existing:
                demo_wipe()
            editions = demo_build(
                scale=scale,
                seed=seed,
                progress=None if quiet else _progress,
                log=(lambda s: None) if quiet else self.stdout.write,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        took = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {', '.join(e.name_en for e in editions)} at scale {scale} in {took:.1f} s."
            )
        )


def _progress(iterable: Any, total: int | None = None, desc: str = "") -> Any:
    from rich.progress import track

    return track(iterable, total=total, description=f"  {desc}", transient=True)
