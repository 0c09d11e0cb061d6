"""Privacy: the purge keeps anonymous figures and deletes personal data; export is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from openexpo.core.models import AuditEntry
from openexpo.visitors.badges import badge_issue
from openexpo.visitors.models import Badge, EditionStats, Visitor, VisitorIdentity
from openexpo.visitors.privacy import personal_data_export
from openexpo.visitors.services import Applicant, visitor_register
from tests.factories import UserFactory
from tests.visitors.conftest import PRC_OK


def _register(edition):
    app = Applicant(
        full_name="Li Wei",
        country="CN",
        doc_type="prc_id",
        doc_number=PRC_OK,
        consent=True,
        organisation="Acme",
        email="li@example.org",
    )
    v = visitor_register(edition=edition, user=UserFactory(username="li"), applicant=app)
    badge_issue(edition=edition, visitor=v)
    return v


def test_purge_refused_during_retention_then_deletes_personal_data(edition, countries, settings):
    _register(edition)
    settings.VISITOR_DATA_RETENTION_DAYS = 100_000  # still running today
    with pytest.raises(CommandError):
        call_command("purge_personal_data", "--edition", "6")
    assert VisitorIdentity.objects.count() == 1
    settings.VISITOR_DATA_RETENTION_DAYS = 30
    from openexpo.visitors.privacy import personal_data_purge

    out = personal_data_purge(edition=edition, today=edition.end_date + dt.timedelta(days=31))
    assert (out["identities_deleted"], out["visitors_anonymised"]) == (1, 1)
    assert VisitorIdentity.objects.count() == 0
    v = Visitor.objects.get()
    assert (v.full_name, v.organisation, v.user_id, v.country_id) == ("", "", None, "CN")
    assert list(Badge.objects.values_list("visitor_id", "payload")) == [(None, "")]
    stats = EditionStats.objects.get(edition=edition).figures
    assert (stats["visitors"], stats["visitors_by_country"], stats["badges"]) == (1, {"CN": 1}, 1)
    assert AuditEntry.objects.filter(action="visitors.purge").count() == 1


def test_export_refused_for_non_organiser_and_logged(edition, countries, organiser):
    _register(edition)
    from openexpo.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        personal_data_export(edition=edition, actor=UserFactory(username="x", kind="buyer"))
    csv = personal_data_export(edition=edition, actor=organiser)
    assert csv.splitlines()[1].endswith(",prc_id,002X,li@example.org,")
    assert PRC_OK not in csv
    assert list(
        AuditEntry.objects.filter(action="visitors.export")
        .values_list("succeeded", flat=True)
        .order_by("pk")
    ) == [False, True]
