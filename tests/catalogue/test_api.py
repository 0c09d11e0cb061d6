"""Catalogue API: search with facets, exhibit writes (own company only), pictures, launches."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from PIL import Image

from openexpo.catalogue import services
from openexpo.catalogue.models import Exhibit
from tests.api_auth import bearer as _auth
from tests.factories import ExhibitorStaffFactory


@pytest.fixture
def alice(catalogue):
    return ExhibitorStaffFactory(company=catalogue.alpha, user__username="alice").user


def test_search_endpoint_returns_hits_and_facets(client, catalogue):
    data = client.get("/api/search", {"q": "胰岛素", "chapter": "90"}).json()
    assert data["total"] == 2
    assert [h["id"] for h in data["items"]] == [catalogue.ex.pump.pk, catalogue.ex.pen.pk]
    assert data["items"][0]["company"] == "Alpha Medical GmbH"
    assert data["facets"]["heading"] == [
        {"value": "9018", "label": "9018 Medical instruments", "count": 2, "selected": False}
    ]
    chapter = data["facets"]["chapter"]
    assert chapter == [{"value": "90", "label": "90", "count": 2, "selected": True}]


def test_search_endpoint_companies_and_bad_input(client, catalogue):
    data = client.get("/api/search", {"kind": "company", "q": "coffee", "ldc": "yes"}).json()
    assert [h["id"] for h in data["items"]] == [catalogue.p_kaffa.pk]
    assert client.get("/api/search", {"kind": "booth"}).status_code == 400
    for q in ['"*:-&()', "😀" * 300, "NEAR(", ""]:
        assert client.get("/api/search", {"q": q}).status_code == 200


def test_exhibit_write_own_company_only(client, catalogue, alice):
    bob = ExhibitorStaffFactory(company=catalogue.kaffa, user__username="bob").user
    payload = {
        "participation_id": catalogue.p_alpha.pk,
        "name_en": "Glucose Patch",
        "name_zh": "血糖贴",
        "category_code": "9018",
        "launch_type": "global",
    }
    denied = client.post(
        "/api/exhibits", json.dumps(payload), content_type="application/json", **_auth(bob)
    )
    assert denied.status_code == 403
    assert not Exhibit.objects.filter(name_en="Glucose Patch").exists()
    created = client.post(
        "/api/exhibits", json.dumps(payload), content_type="application/json", **_auth(alice)
    )
    assert created.status_code == 201
    exhibit_id = created.json()["id"]
    assert client.get("/api/search", {"q": "血糖贴"}).json()["items"][0]["id"] == exhibit_id
    patch = client.patch(
        f"/api/exhibits/{exhibit_id}",
        json.dumps({"category_code": "12"}),
        content_type="application/json",
        **_auth(alice),
    )
    assert patch.status_code == 400
    assert patch.json()["code"] == "category_unknown"
    ok = client.patch(
        f"/api/exhibits/{exhibit_id}",
        json.dumps({"name_zh": "连续血糖贴"}),
        content_type="application/json",
        **_auth(alice),
    )
    assert ok.json()["name_zh"] == "连续血糖贴"
    assert client.delete(f"/api/exhibits/{exhibit_id}", **_auth(bob)).status_code == 403
    assert client.delete(f"/api/exhibits/{exhibit_id}", **_auth(alice)).status_code == 204
    assert client.get("/api/search", {"q": "血糖贴"}).json()["total"] == 0


def test_anonymous_cannot_write(client, catalogue):
    response = client.patch(
        f"/api/exhibits/{catalogue.ex.pump.pk}",
        json.dumps({"name_en": "X"}),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_image_upload_api(client, catalogue, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.BytesIO()
    Image.new("RGB", (800, 800), "white").save(out, "JPEG")
    out.seek(0)
    out.name = "a.jpg"
    response = client.post(
        f"/api/exhibits/{catalogue.ex.pump.pk}/images", {"image": out}, **_auth(alice)
    )
    assert response.status_code == 201
    assert (response.json()["width"], response.json()["height"]) == (800, 800)
    bad = io.BytesIO(b"MZ\x90\x00 an executable")
    bad.name = "b.jpg"
    response = client.post(
        f"/api/exhibits/{catalogue.ex.pump.pk}/images", {"image": bad}, **_auth(alice)
    )
    assert response.status_code == 400
    assert response.json()["code"] == "image_invalid"


def test_launch_api(client, catalogue, alice):
    put = client.put(
        f"/api/exhibits/{catalogue.ex.pump.pk}/launch",
        json.dumps({"day": "2023-11-06", "start_time": "09:15", "venue": "booth"}),
        content_type="application/json",
        **_auth(alice),
    )
    assert put.status_code == 200
    assert put.json()["starts_at"].startswith("2023-11-06T09:15:00+08:00")
    services.launch_event_set(
        actor=alice, exhibit=catalogue.ex.tablets, day=dt.date(2023, 11, 5), start_time=None
    )
    items = client.get("/api/launches").json()["items"]
    assert [i["exhibit"] for i in items] == ["Heart Tablets", "Insulin Pump X2"]
    assert client.get("/api/launches", {"day": "2023-11-06"}).json()["count"] == 1
    assert client.get(f"/api/launches/{items[1]['id']}").json()["company"] == "Alpha Medical GmbH"
