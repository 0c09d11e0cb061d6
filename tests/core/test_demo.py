"""The demo generator: proportional, deterministic, and careful with existing data."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import CommandError, call_command

from openexpo.catalogue.models import Exhibit
from openexpo.core.models import Edition
from openexpo.exhibitors.models import Company, Participation
from openexpo.reports.selectors import figures_for
from openexpo.visitors.models import Delegation, Visitor

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SCALE = 0.01


def _fingerprint() -> str:
    names = "|".join(Company.objects.order_by("name_en").values_list("name_en", flat=True))
    exhibits = "|".join(
        Exhibit.objects.order_by("name_en", "pk").values_list("name_en", flat=True)[:500]
    )
    return hashlib.sha256((names + exhibits).encode()).hexdigest()


def test_demo_builds_two_editions_at_scale():
    call_command("demo", scale=SCALE, quiet=True)
    current = Edition.objects.get(number=6)
    assert current.previous.number == 5
    assert current.areas.count() == 8
    figures = figures_for(current)
    assert figures.exhibitors == 34  # 3,400 x 0.01
    assert 3 <= figures.countries <= 154
    assert 4100 - 150 <= figures.visitors <= 4100  # a few are pending or rejected
    assert Visitor.objects.filter(edition=current).count() == 4100
    assert 3600 <= figures.area_m2 <= 3800  # ~367,000 m² x 0.01
    assert figures.raw_share > 0.85
    assert 300 <= figures.exhibits <= 400
    assert 3 <= figures.launches_total <= 5
    assert figures.subforums == 22
    assert Delegation.objects.filter(edition=current, parent=None).count() == 39
    assert Participation.objects.filter(edition=current, consecutive_editions__gte=2).exists()
    previous = figures_for(current.previous)
    assert previous.exhibitors == 28
    assert Company.objects.filter(name_zh="").count() == 0


def test_demo_is_deterministic_and_refuses_to_overwrite():
    call_command("demo", scale=SCALE, quiet=True, seed=3)
    first = _fingerprint()
    with pytest.raises(CommandError, match="already holds edition"):
        call_command("demo", scale=SCALE, quiet=True, seed=3)
    call_command("demo", scale=SCALE, quiet=True, seed=3, if_missing=True)
    assert Edition.objects.count() == 2
    call_command("demo", scale=SCALE, quiet=True, seed=3, replace=True)
    assert _fingerprint() == first
    assert Edition.objects.count() == 2


def test_demo_replace_refuses_on_a_database_with_other_editions():
    call_command("demo", scale=SCALE, quiet=True)
    Edition.objects.create(number=7, name_en="7th", start_date="2024-11-05", end_date="2024-11-10")
    with pytest.raises(CommandError, match="did not make"):
        call_command("demo", scale=SCALE, quiet=True, replace=True)
    assert Edition.objects.count() == 3


def test_demo_rejects_bad_scale():
    with pytest.raises(CommandError, match="--scale"):
        call_command("demo", scale=0, quiet=True)
