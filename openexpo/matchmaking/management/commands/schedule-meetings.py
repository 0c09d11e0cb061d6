"""`schedule-meetings PROBLEM.json --out SOLUTION.json --time-limit SECONDS`: solve a meeting file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from openexpo.solvers.meetings_cli import run


class Command(BaseCommand):
    help = (
        "Schedule one-to-one meetings from an openexpo.meetings/1 JSON file into slots and "
        "tables; write an openexpo.meetings-solution/1 file. Exit 2 on malformed input."
    )
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("problem", help="problem JSON (openexpo.meetings/1)")
        parser.add_argument("--out", required=True, help="where to write the solution JSON")
        parser.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
        parser.add_argument("--workers", type=int, default=2, help="solver threads (default 2)")

    def handle(self, *args, **opts) -> None:
        code = run(
            opts["problem"],
            opts["out"],
            time_limit=opts["time_limit"],
            workers=opts["workers"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
        if code:
            raise SystemExit(code)
