"""Values beyond their column are refused on save with the field named, on both databases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import models

from openexpo.api.auth import token_issue
from openexpo.core.column_limits import ColumnLimitError, problem
from openexpo.webhooks.models import Subscription
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_problem_reads_the_field_limits():
    name = models.CharField(max_length=5)
    money = models.DecimalField(max_digits=6, decimal_places=2)
    assert problem(name, "abcde") is None
    assert problem(name, "abcdef") == "has more than 5 characters"
    assert problem(money, Decimal("9999.99")) is None
    assert problem(money, Decimal("10000.00")) == "has more than 4 digits before the point"
    assert problem(money, Decimal("1.005")) == "has more than 2 decimal places"
    assert problem(money, "NaN") == "must be a finite number"
    assert problem(money, None) is None


def test_an_overlong_name_is_refused_naming_the_field_and_nothing_is_saved():
    company = CompanyFactory()
    limit = type(company)._meta.get_field("name_en").max_length
    before = company.name_en
    company.name_en = "x" * (limit + 1)
    with pytest.raises(ColumnLimitError) as caught:
        company.save()
    assert (caught.value.field, caught.value.code) == ("name_en", "invalid")
    company.refresh_from_db()
    assert company.name_en == before


def test_the_api_answers_the_envelope_naming_the_field(client, organiser):
    auth = {"Authorization": f"Bearer {token_issue(user=organiser)}"}
    body = {
        "url": "https://hooks.example.org/x",
        "events": ["deal.confirmed"],
        "description": "d" * 201,
    }
    answer = client.post("/api/webhooks", body, content_type="application/json", headers=auth)
    assert answer.status_code == 400
    assert (answer.json()["code"], answer.json()["field"]) == ("invalid", "description")
    assert not Subscription.objects.exists()
