"""Badges and gate check-in through the API: each bad payload gets its own code and a
logged scan; anti-passback across gates; lost badge reissue; offline upload conflicts."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.utils import timezone

from openexpo.solvers import badgecodec
from openexpo.visitors import checkin
from openexpo.visitors.badges import badge_issue, badge_reissue, revocation_list
from openexpo.visitors.models import Badge, Presence, Scan, ScanConflict, Visitor
from openexpo.visitors.render import badges_pdf, qr_png
from tests.factories import EditionFactory, VisitorFactory

SHANGHAI_NOON = dt.datetime(2023, 11, 6, 4, 0, tzinfo=dt.UTC)


@pytest.fixture
def badge(edition):
    return badge_issue(edition=edition, visitor=VisitorFactory(edition=edition))


def _scan(gate, payload, direction="in", now=SHANGHAI_NOON):
    info = checkin.gate_info(edition_number=gate.edition.number, code=gate.code)
    return checkin.scan_check_in(gate=info, payload=payload, direction=direction, now=now)


def test_antipassback_across_gates_and_exit(gates, badge):
    assert _scan(gates["A"], badge.payload).code == "entered"
    assert _scan(gates["B"], badge.payload).code == "already_inside"
    assert _scan(gates["B"], badge.payload, "out").code == "exited"
    assert _scan(gates["B"], badge.payload).code == "entered"
    assert Presence.objects.get(badge_number=badge.number).zone == "H1"
    assert list(Scan.objects.order_by("pk").values_list("code", flat=True)) == [
        "entered",
        "already_inside",
        "exited",
        "entered",
    ]


def _flip(text: str, pos: int) -> str:
    return text[:pos] + ("1" if text[pos] != "1" else "2") + text[pos + 1 :]


def test_every_bad_payload_has_distinct_code_and_is_logged(edition, gates, badge):
    other = EditionFactory(
        number=5, start_date=dt.date(2022, 11, 5), end_date=dt.date(2022, 11, 10)
    )
    wrong_ed = badge_issue(edition=other, visitor=VisitorFactory(edition=other))
    forger = badgecodec.Signer(badgecodec.generate_key()[0])
    forged = forger.encode(
        edition=6,
        badge_id=badge.number,
        category="visitor",
        first_day=badge.first_day.toordinal(),
        day_mask=badge.day_mask,
    )
    lost = badge_issue(edition=edition, visitor=VisitorFactory(edition=edition))
    old = lost.payload
    badge_reissue(badge=lost, actor=None)
    dup = badge_issue(edition=edition, visitor=VisitorFactory(edition=edition))
    _scan(gates["A"], dup.payload)
    cases = {
        "forged": forged,
        "truncated": badge.payload[:90],
        "tampered": _flip(badge.payload, 70),
        "expired": badge.payload,
        "wrong_edition": wrong_ed.payload,
        "revoked": old,
        "already_inside": dup.payload,
        "unreadable": "https://example.org/not-a-badge",
    }
    late = dt.datetime(2023, 11, 20, 4, 0, tzinfo=dt.UTC)
    got = {}
    for expected, payload in cases.items():
        d = _scan(gates["B"], payload, now=late if expected == "expired" else SHANGHAI_NOON)
        got[expected] = (d.accepted, d.code)
    assert got == {k: (False, k) for k in cases}
    logged = list(
        Scan.objects.filter(gate=gates["B"]).order_by("pk").values_list("code", flat=True)
    )
    assert logged == list(cases)


def test_reissued_badge_works_and_revocation_list(edition, gates, badge):
    new = badge_reissue(badge=badge, actor=None)
    assert new.revision == 1 and revocation_list(edition_id=edition.pk) == {badge.number: 1}
    assert _scan(gates["A"], new.payload).code == "entered"


def test_offline_upload_reports_double_entry_and_is_idempotent(gates, badge):
    a = checkin.gate_info(edition_number=6, code="north-1")
    b = checkin.gate_info(edition_number=6, code="south-1")
    t1 = "2023-11-06T09:00:00+08:00"
    t2 = "2023-11-06T09:05:00+08:00"
    item = {
        "client_id": "a-1",
        "payload": badge.payload,
        "direction": "in",
        "scanned_at": t1,
        "accepted": True,
        "code": "entered",
    }
    assert checkin.scans_upload(gate=a, items=[item]) == {
        "received": 1,
        "duplicates": 0,
        "conflicts": 0,
    }
    item_b = {**item, "client_id": "b-1", "scanned_at": t2}
    assert checkin.scans_upload(gate=b, items=[item_b]) == {
        "received": 1,
        "duplicates": 0,
        "conflicts": 1,
    }
    assert checkin.scans_upload(gate=b, items=[item_b]) == {
        "received": 0,
        "duplicates": 1,
        "conflicts": 0,
    }
    c = ScanConflict.objects.get()
    assert (c.kind, c.scan.gate.code, c.other_scan.gate.code) == (
        "double_entry",
        "south-1",
        "north-1",
    )
    assert Scan.objects.filter(offline=True).count() == 2


def test_qr_png_decodes_with_zbarimg(tmp_path, badge):
    if not shutil.which("zbarimg"):
        pytest.skip("zbarimg not installed")
    png = tmp_path / "badge.png"
    png.write_bytes(qr_png(badge.payload))
    out = subprocess.run(
        ["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == badge.payload


def test_pdf_badge_is_a_pdf(edition, badge):
    zh = badge_issue(
        edition=edition,
        visitor=VisitorFactory(edition=edition, full_name="李伟", organisation="上海采购有限公司"),
    )
    data = badges_pdf([badge, zh])
    assert data[:5] == b"%PDF-" and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 1
    assert b"STSong-Light" in data


def test_api_scan_needs_gate_staff(client, gates, badge, gate_token, django_user_model):
    body = {"edition": 6, "gate": "north-1", "payload": badge.payload, "direction": "in"}
    anon = client.post("/api/scans", body, content_type="application/json")
    assert anon.status_code == 403
    ok = client.post(
        "/api/scans",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {gate_token}",
    )
    assert ok.status_code == 200
    assert ok.json()["code"] in {"entered", "not_valid_today", "expired", "not_yet_valid"}
    assert Scan.objects.count() == 1


def test_api_badges_own_only(client, edition, countries):
    from tests.factories import UserFactory

    mine, theirs = UserFactory(username="me"), UserFactory(username="them")
    b1 = badge_issue(edition=edition, visitor=VisitorFactory(edition=edition, user=mine))
    b2 = badge_issue(edition=edition, visitor=VisitorFactory(edition=edition, user=theirs))
    client.force_login(mine)
    assert [b["number"] for b in client.get("/api/badges").json()] == [b1.number]
    assert client.get(f"/api/badges/{b2.pk}").status_code == 403
    assert client.get(f"/api/badges/{b1.pk}/qr.png")["Content-Type"] == "image/png"


def test_api_register_issues_badge(client, edition, countries):
    from tests.factories import UserFactory
    from tests.visitors.conftest import PRC_OK

    client.force_login(UserFactory(username="new", kind="buyer"))
    r = client.post(
        "/api/visitors/register",
        {
            "edition": 6,
            "full_name": "Li",
            "country": "CN",
            "doc_type": "prc_id",
            "doc_number": PRC_OK,
            "consent": True,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    v = Visitor.objects.get()
    assert r.json()["badge_id"] == Badge.objects.get(visitor=v).pk
    r2 = client.post(
        "/api/visitors/register",
        {
            "edition": 6,
            "full_name": "Li",
            "country": "CN",
            "doc_type": "prc_id",
            "doc_number": "110105194912310021",
            "consent": True,
        },
        content_type="application/json",
    )
    assert (r2.status_code, r2.json()["code"]) == (400, "already_registered")


def test_occupancy_and_export_for_organisers_only(client, edition, gates, badge, organiser):
    _scan(gates["B"], badge.payload, now=timezone.now())
    r = client.get("/api/editions/6/occupancy")
    assert r.status_code == 403
    client.force_login(organiser)
    occ = client.get("/api/editions/6/occupancy").json()
    today_valid = timezone.localdate() in edition.days
    assert occ["inside_total"] == (1 if today_valid else 0)
    exp = client.get("/api/editions/6/visitors/export")
    assert exp.status_code == 200 and exp.content.decode().startswith("id,full_name")
    from openexpo.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="visitors.export", succeeded=True).count() == 1


def test_parallel_signing_matches_serial():
    from openexpo.visitors.badges import _payloads

    priv, pub = badgecodec.generate_key()
    args = (priv, 6, 100, 64, "visitor", dt.date(2023, 11, 5).toordinal(), 0b111111)
    serial = _payloads(*args, workers=1)
    parallel = _payloads(*args, workers=2, min_parallel=0)
    assert parallel == serial and len(serial) == 64
    verifier = badgecodec.Verifier({0: pub})
    assert [verifier.verify(t).badge_id for t in parallel[:3]] == [100, 101, 102]
