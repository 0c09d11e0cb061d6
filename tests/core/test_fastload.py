"""Bulk-load mode: indexes and foreign keys come back exactly, and bad rows still fail the load."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from openexpo.core.demo.context import bulk_insert
from openexpo.core.demo.fastload import bulk_load_mode
from openexpo.core.models import Edition
from openexpo.visitors.models import Visitor
from tests.factories import CountryFactory, EditionFactory

pytestmark = pytest.mark.django_db(transaction=True)
TABLE = Visitor._meta.db_table


def _schema() -> tuple[set[str], set[str]]:
    """Names of the visitor table's indexes and constraints, as the database reports them."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    indexes = {name for name, info in constraints.items() if info["index"]}
    foreign_keys = {name for name, info in constraints.items() if info["foreign_key"]}
    return indexes, foreign_keys


def test_indexes_and_foreign_keys_are_set_aside_and_rebuilt():
    before = _schema()
    assert before[0], "the visitor table should have secondary indexes"
    with transaction.atomic(), bulk_load_mode([TABLE]):
        during = _schema()
        assert len(during[0]) < len(before[0])
        if connection.vendor == "postgresql":
            assert not during[1]
    assert _schema() == before


def test_a_row_with_a_dangling_foreign_key_rolls_the_whole_load_back():
    edition = EditionFactory()
    country = CountryFactory()
    columns = ["edition_id", "full_name", "organisation", "role", "country_id", "status"]
    good = (edition.pk, "A", "Org", "", country.pk, "approved")
    bad = (edition.pk + 999, "B", "Org", "", country.pk, "approved")
    before = _schema()
    with pytest.raises(IntegrityError), transaction.atomic(), bulk_load_mode([TABLE]):
        bulk_insert(Visitor, columns, [good, bad])
    assert not Visitor.objects.exists()
    assert Edition.objects.count() == 1
    assert _schema() == before
