"""DELETE /api/exhibits/{id}/images/{image_id}: an exhibitor removes a picture of its own exhibit."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from openexpo.catalogue import services
from openexpo.catalogue.models import ExhibitImage
from tests.api_auth import bearer as _auth
from tests.factories import ExhibitorStaffFactory


@pytest.fixture
def picture(catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(out, "JPEG")
    out.seek(0)
    out.name = "a.jpg"
    owner = ExhibitorStaffFactory(company=catalogue.alpha, user__username="alice").user
    return services.exhibit_image_add(actor=owner, exhibit=catalogue.ex.pump, upload=out), owner


def test_owner_deletes_a_picture(client, catalogue, picture):
    image, owner = picture
    url = f"/api/exhibits/{catalogue.ex.pump.pk}/images/{image.pk}"
    response = client.delete(url, **_auth(owner))
    assert (response.status_code, ExhibitImage.objects.filter(pk=image.pk).exists()) == (204, False)


def test_another_company_cannot_delete_and_nothing_changes(client, catalogue, picture):
    image, _owner = picture
    other = ExhibitorStaffFactory(company=catalogue.kaffa, user__username="kebede").user
    url = f"/api/exhibits/{catalogue.ex.pump.pk}/images/{image.pk}"
    response = client.delete(url, **_auth(other))
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert ExhibitImage.objects.filter(pk=image.pk).count() == 1


def test_picture_of_another_exhibit_is_not_found(client, catalogue, picture):
    image, owner = picture
    url = f"/api/exhibits/{catalogue.ex.pen.pk}/images/{image.pk}"
    response = client.delete(url, **_auth(owner))
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert ExhibitImage.objects.filter(pk=image.pk).count() == 1


def test_bad_image_id_names_the_field(client, catalogue, picture):
    _image, owner = picture
    response = client.delete(f"/api/exhibits/{catalogue.ex.pump.pk}/images/first", **_auth(owner))
    assert (response.status_code, response.json()["field"]) == (422, "image_id")
