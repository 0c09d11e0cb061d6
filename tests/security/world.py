"""A small expo owned by other people (the demo at a tiny scale) and one actor per role."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.db import connection

ROLES = ["anonymous", "visitor", "exhibitor", "delegation_lead", "gate", "organiser"]
# Tables that change on any request or login without being the object of the request.
VOLATILE_TABLES = {
    # refused attempts are written to the audit trail on purpose (deals: "failed" entries)
    "core_auditentry",
    "django_session",
    "core_apitoken",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
}

REFERENCE_TABLES = {
    "core_productcategory",
    "core_country",
    "auth_permission",
    "django_content_type",
}


@dataclass
class World:
    users: dict[str, Any]
    tokens: dict[str, str]
    ids: dict[str, Any] = field(default_factory=dict)


def world_build() -> World:
    """The demo edition, a badge and an application of someone else's, and the six actors."""
    from openexpo.api.auth import token_issue
    from openexpo.core.models import ApiToken, Edition
    from openexpo.exhibitors.models import Participation
    from openexpo.visitors.badges import badge_issue
    from openexpo.visitors.models import Delegation, Gate, Visitor
    from tests.factories import (
        CompanyFactory,
        DelegationFactory,
        ExhibitorStaffFactory,
        UserFactory,
        VisitorFactory,
    )

    call_command("demo", scale=0.001, quiet=True, seed=1)
    edition = Edition.objects.order_by("-number").first()
    owner = Visitor.objects.filter(edition=edition, status=Visitor.Status.APPROVED).first()
    badge = badge_issue(edition=edition, visitor=owner)

    visitor_user = UserFactory(username="m-visitor", kind="buyer")
    VisitorFactory(edition=edition, user=visitor_user, country=owner.country, status="approved")
    exhibitor_user = ExhibitorStaffFactory(
        company=CompanyFactory(name_en="Matrix Outsider Ltd"), user__username="m-exhibitor"
    ).user
    lead = UserFactory(username="m-lead", kind="buyer")
    DelegationFactory(edition=edition, lead=lead, code="m-deleg")
    users = {
        "visitor": visitor_user,
        "exhibitor": exhibitor_user,
        "delegation_lead": lead,
        "gate": UserFactory(username="m-gate", kind="gate"),
        "organiser": UserFactory(username="m-organiser", kind="organiser", is_staff=True),
    }
    tokens = {role: token_issue(user=user, name="matrix") for role, user in users.items()}
    token_issue(user=UserFactory(username="m-other", kind="buyer"), name="someone else's")

    part = Participation.objects.filter(edition=edition).order_by("pk").first()
    gate = Gate.objects.filter(edition=edition).order_by("pk").first()
    delegation = Delegation.objects.filter(edition=edition).exclude(code="m-deleg").order_by("pk")
    other_part = (
        Participation.objects.filter(edition=edition)
        .exclude(company=part.company_id)
        .order_by("pk")
        .first()
    )
    ids = {
        "number": edition.number,
        "edition": edition.number,
        "company_id": part.company_id,
        # ids named in request bodies: always someone else's existing objects, never a literal
        # (PostgreSQL's sequences are not rolled back, so "1" names different rows per run)
        "company_a": part.company_id,
        "company_b": other_part.company_id,
        "exhibitor": part.pk,
        "buyer_id": owner.pk,
        "visitor_id": owner.pk,
        "buyer_visitor": owner.pk,
        "participation_id": part.pk,
        "application_id": part.pk,
        "delegation_id": delegation.first().pk,
        "badge_id": badge.pk,
        "code": gate.code,
        "token_id": ApiToken.objects.get(name="someone else's").pk,
        # values of the valid upload files (tests/security/uploads.py)
        "country": owner.country_id,
        "area": edition.areas.order_by("pk").first().code,
    }
    for key, label in {
        "exhibit_id": "catalogue.Exhibit",
        "launch_id": "catalogue.LaunchEvent",
        "booth_id": "floorplan.Booth",
        "pair_id": "floorplan.CompetitorPair",
        "need_id": "matchmaking.Need",
        "request_id": "matchmaking.MeetingRequest",
        "deal_id": "deals.Deal",
        "session_id": "forums.Session",
        "registration_id": "forums.Registration",
    }.items():
        first = apps.get_model(label).objects.order_by("pk").values_list("pk", flat=True).first()
        ids[key] = 2**31 - 1 if first is None else first  # none: an id no row has
    from openexpo.catalogue.models import ExhibitImage
    from openexpo.deals.models import ExchangeRate
    from openexpo.floorplan.models import Hall
    from openexpo.forums.models import Room, Session, Speaker, SubForum
    from openexpo.reports.stats import TABLES

    # a picture of the first exhibit: a row only (no file is written; its dimensions are set,
    # so nothing opens it), enough for the permission checks of deleting it
    image = ExhibitImage.objects.create(
        exhibit_id=ids["exhibit_id"],
        image="exhibits/matrix.jpg",
        thumbnail="exhibits/matrix-thumb.jpg",
        width=1,
        height=1,
    )
    ids["image_id"] = image.pk
    rate = ExchangeRate.objects.filter(edition=edition).exclude(currency="USD").order_by("pk")
    ids.update(currency=rate.first().currency, valid_from=rate.first().valid_from.isoformat())
    session = Session.objects.get(pk=ids["session_id"])
    ids.update(
        hall_id=Hall.objects.filter(edition=edition).order_by("pk").first().pk,
        speaker_code=Speaker.objects.order_by("pk").first().code,
        subforum_code=SubForum.objects.filter(edition=edition).order_by("pk").first().code,
        room=Room.objects.filter(edition=edition).order_by("pk").first().code,
        day=session.starts_at.date().isoformat(),
        stats_key=next(iter(TABLES)),
        table=next(iter(TABLES)),
    )
    return World(users=users, tokens=tokens, ids=ids)


def db_checksum() -> str:
    """One hash over every row of every table (but the volatile ones): any write changes it."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table in VOLATILE_TABLES or table.startswith("sqlite_"):
                continue
            if table in REFERENCE_TABLES:  # large and read-only over HTTP: counted only
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                digest.update(f"{table}:{cursor.fetchone()[0]}".encode())
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            digest.update(f"{table}:{len(rows)}:".encode())
            for row in rows:
                digest.update(row.encode())
    return digest.hexdigest()
