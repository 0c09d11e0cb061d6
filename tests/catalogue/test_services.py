"""Exhibit writes: own company only, validation codes, audit, and the index kept current."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from openexpo.catalogue import search, services
from openexpo.catalogue.errors import CatalogueError
from openexpo.catalogue.models import Exhibit, ExhibitImage, LaunchEvent
from openexpo.catalogue.search import SearchQuery
from openexpo.core.errors import PermissionDenied
from openexpo.core.models import AuditEntry
from tests.factories import CategoryFactory, ExhibitorStaffFactory, UserFactory


@pytest.fixture
def alice(catalogue):
    return ExhibitorStaffFactory(company=catalogue.alpha, user__username="alice").user


@pytest.fixture
def bob(catalogue):
    return ExhibitorStaffFactory(company=catalogue.kaffa, user__username="bob").user


def _found(cat, text: str) -> list[int]:
    return search.search(SearchQuery(text=text, edition_id=cat.edition.pk)).ids


def _png(w: int = 400, h: int = 300) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (w, h), (10, 120, 200)).save(out, "PNG")
    return SimpleUploadedFile("p.png", out.getvalue(), content_type="image/png")


def test_create_indexes_at_once_and_audits(catalogue, alice):
    exhibit = services.exhibit_create(
        actor=alice,
        participation=catalogue.p_alpha,
        changes={
            "name_en": "Dialysis Machine",
            "name_zh": "透析机",
            "category_code": "9018",
            "origin_code": "de",
            "launch_type": "asia",
        },
    )
    assert exhibit.category.code == "9018"
    assert exhibit.origin_id == "DE"
    assert _found(catalogue, "dialysis") == [exhibit.pk]
    assert _found(catalogue, "透析") == [exhibit.pk]
    # the company's directory entry knows its new exhibit too
    assert search.search(SearchQuery(text="透析机", kind="company")).ids == [catalogue.p_alpha.pk]
    assert (
        AuditEntry.objects.filter(action="exhibit.create", object_id=str(exhibit.pk)).count() == 1
    )


def test_exhibitor_cannot_write_another_company(catalogue, bob):
    with pytest.raises(PermissionDenied):
        services.exhibit_create(
            actor=bob, participation=catalogue.p_alpha, changes={"name_en": "Sneaky"}
        )
    with pytest.raises(PermissionDenied):
        services.exhibit_update(
            actor=bob, exhibit=catalogue.ex.pump, changes={"name_en": "Hijacked"}
        )
    with pytest.raises(PermissionDenied):
        services.exhibit_delete(actor=bob, exhibit=catalogue.ex.pump)
    with pytest.raises(PermissionDenied):
        services.exhibit_update(
            actor=UserFactory(username="anon-ish"), exhibit=catalogue.ex.pump, changes={}
        )
    assert Exhibit.objects.get(pk=catalogue.ex.pump.pk).name_en == "Insulin Pump X2"
    assert Exhibit.objects.filter(name_en="Sneaky").count() == 0


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"category_code": "30"}, "category_level", "category_code"),
        ({"category_code": "9999"}, "category_unknown", "category_code"),
        ({"origin_code": "XX"}, "origin_unknown", "origin_code"),
        ({"launch_type": "moon"}, "invalid", "launch_type"),
        ({"name_en": "  "}, "invalid", "name_en"),
        ({"price": 3}, "invalid", "price"),
    ],
)
def test_update_validation_codes(catalogue, alice, changes, code, field):
    CategoryFactory(
        code="30", level=2, section="VI", chapter="30", name_en="Pharmaceutical products"
    )
    with pytest.raises(CatalogueError) as err:
        services.exhibit_update(actor=alice, exhibit=catalogue.ex.pump, changes=changes)
    assert (err.value.code, err.value.field) == (code, field)
    assert Exhibit.objects.get(pk=catalogue.ex.pump.pk).name_en == "Insulin Pump X2"


def test_update_and_delete_follow_in_the_index(catalogue, alice):
    pump = catalogue.ex.pump
    services.exhibit_update(
        actor=alice, exhibit=pump, changes={"name_en": "Glucose Sensor", "category_code": "3004"}
    )
    assert _found(catalogue, "glucose") == [pump.pk]
    chapter30 = search.search(
        SearchQuery(edition_id=catalogue.edition.pk, filters={"chapter": "30"})
    )
    assert sorted(chapter30.ids) == sorted([pump.pk, catalogue.ex.tablets.pk])
    services.exhibit_delete(actor=alice, exhibit=Exhibit.objects.get(pk=pump.pk))
    assert _found(catalogue, "glucose") == []
    assert not Exhibit.objects.filter(pk=pump.pk).exists()


def test_launch_event_rules(catalogue, alice):
    pump = catalogue.ex.pump
    event = services.launch_event_set(
        actor=alice,
        exhibit=pump,
        day=dt.date(2023, 11, 6),
        start_time=dt.time(10, 30),
        venue="stage",
        stage_en="Stage A",
    )
    assert (event.day, event.start_time, event.stage_en) == (
        dt.date(2023, 11, 6),
        dt.time(10, 30),
        "Stage A",
    )
    for kwargs, code in [
        ({"day": dt.date(2023, 11, 20), "start_time": None}, "launch_day"),
        ({"day": None, "start_time": dt.time(9)}, "launch_day"),
        ({"day": dt.date(2023, 11, 6), "start_time": None, "venue": "stage"}, "stage_missing"),
        ({"day": dt.date(2023, 11, 6), "start_time": None, "duration_minutes": 0}, "invalid"),
    ]:
        with pytest.raises(CatalogueError) as err:
            services.launch_event_set(actor=alice, exhibit=pump, **kwargs)
        assert err.value.code == code
    with pytest.raises(CatalogueError) as err:
        services.launch_event_set(actor=alice, exhibit=catalogue.ex.pen, day=None, start_time=None)
    assert err.value.code == "no_launch"
    # dropping the launch type removes the event
    services.exhibit_update(actor=alice, exhibit=pump, changes={"launch_type": ""})
    assert not LaunchEvent.objects.filter(exhibit=pump).exists()


def test_image_add_makes_thumbnail_and_delete_removes(catalogue, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = services.exhibit_image_add(actor=alice, exhibit=catalogue.ex.pump, upload=_png())
    assert (image.width, image.height) == (400, 300)
    assert Image.open(image.thumbnail.path).size == (320, 240)
    with pytest.raises(CatalogueError) as err:
        services.exhibit_image_add(
            actor=alice,
            exhibit=catalogue.ex.pump,
            upload=SimpleUploadedFile("x.png", b"GIF89a not really"),
        )
    assert err.value.code == "image_invalid"
    assert ExhibitImage.objects.filter(exhibit=catalogue.ex.pump).count() == 1
    services.exhibit_image_delete(actor=alice, image=image)
    assert ExhibitImage.objects.filter(exhibit=catalogue.ex.pump).count() == 0


def test_long_word_with_two_typos_is_corrected(catalogue):
    result = search.search(SearchQuery(text="yirgachefe", edition_id=catalogue.edition.pk))
    assert result.corrected == "yirgacheffe"
    assert result.ids == [catalogue.ex.beans.pk]
