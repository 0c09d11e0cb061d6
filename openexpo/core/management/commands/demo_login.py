"""`manage.py demo_login`: make sure the demo organiser and exhibitor logins exist and print them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from openexpo.core.models import User
from openexpo.exhibitors.models import Company, ExhibitorStaff

ORGANISER = ("organiser", "openexpo-demo")
EXHIBITOR = ("exhibitor", "openexpo-demo")


class Command(BaseCommand):
    help = "Create (if needed) and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="where the demo is served"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        org, created = User.objects.get_or_create(
            username=ORGANISER[0],
            defaults={"kind": User.Kind.ORGANISER, "is_staff": True, "is_superuser": True},
        )
        if created or not org.has_usable_password():
            org.set_password(ORGANISER[1])
            org.save()
        lines = [f"Organiser login: {ORGANISER[0]} / {ORGANISER[1]}"]
        company = Company.objects.order_by("pk").first()
        if company is not None:
            user, created = User.objects.get_or_create(
                username=EXHIBITOR[0], defaults={"kind": User.Kind.EXHIBITOR, "is_staff": True}
            )
            if created:
                user.set_password(EXHIBITOR[1])
                user.save()
                ExhibitorStaff.objects.get_or_create(user=user, defaults={"company": company})
            lines.append(
                f"Exhibitor login: {EXHIBITOR[0]} / {EXHIBITOR[1]} ({user.exhibitor_staff.company})"
            )
        self.stdout.write("\n".join(["", f"OpenExpo demo on {options['url']}", *lines, ""]))
