"""Pages: registration creates an account and a badge; the gate, occupancy and import pages
check permissions."""

from __future__ import annotations

from openexpo.visitors.badges import badge_issue
from openexpo.visitors.models import Badge, ScanConflict, Visitor
from tests.factories import DelegationFactory, UserFactory, VisitorFactory
from tests.visitors.conftest import PRC_OK


def _form(**kw):
    base = {
        "username": "liwei",
        "password": "a-long-pass-9",
        "email": "li@example.org",
        "full_name": "Li Wei",
        "organisation": "Acme",
        "country": "CN",
        "doc_type": "prc_id",
        "doc_number": PRC_OK,
        "consent": "on",
    }
    return {**base, **kw}


def test_register_page_creates_account_visitor_and_badge(client, edition, countries):
    r = client.post("/visitors/register/", _form())
    assert r.status_code == 302 and r["Location"] == "/visitors/badge/"
    v = Visitor.objects.get()
    assert (v.user.username, v.user.kind, v.full_name) == ("liwei", "buyer", "Li Wei")
    badge = Badge.objects.get(visitor=v)
    page = client.get("/visitors/badge/").content.decode()
    assert badge.payload in page and f"/api/badges/{badge.pk}/badge.pdf" in page


def test_register_page_shows_failed_id_check(client, edition, countries):
    r = client.post("/visitors/register/", _form(doc_number="110105194912310021"))
    assert r.status_code == 200
    assert "check character does not match" in r.content.decode()
    assert Visitor.objects.count() == 0


def test_gate_page_only_for_gate_staff(client, gates, gate_user):
    assert client.get("/visitors/gate/6/north-1/").status_code == 302  # to login
    client.force_login(UserFactory(username="buyer1", kind="buyer"))
    assert client.get("/visitors/gate/6/north-1/").status_code == 403
    client.force_login(gate_user)
    page = client.get("/visitors/gate/6/north-1/").content.decode()
    assert 'id="scan-input"' in page and "/api/gates/6/north-1/bundle" in page


def test_bundle_has_keys_revocations_and_gate(client, edition, gates, gate_user):
    from openexpo.visitors.badges import badge_reissue

    b = badge_issue(edition=edition, visitor=VisitorFactory(edition=edition))
    badge_reissue(badge=b, actor=None)
    client.force_login(gate_user)
    data = client.get("/api/gates/6/vip/bundle").json()
    assert data["revoked"] == {str(b.number): 1}
    assert data["gate"] == {"code": "vip", "zone": "", "directions": "inout", "antipassback": False}
    assert len(data["keys"]) == 1 and data["days"][0] == "2023-11-05"


def test_occupancy_page_organiser_only_and_lists_conflicts(client, edition, gates, organiser):
    from openexpo.visitors import checkin

    b = badge_issue(edition=edition, visitor=VisitorFactory(edition=edition))
    for gate, t in (("north-1", "09:00"), ("south-1", "09:05")):
        info = checkin.gate_info(edition_number=6, code=gate)
        checkin.scans_upload(
            gate=info,
            items=[
                {
                    "client_id": gate,
                    "payload": b.payload,
                    "direction": "in",
                    "scanned_at": f"2023-11-06T{t}:00+08:00",
                    "accepted": True,
                }
            ],
        )
    assert ScanConflict.objects.count() == 1
    client.force_login(UserFactory(username="gate2", kind="gate"))
    assert client.get("/visitors/occupancy/6/").status_code == 403
    client.force_login(organiser)
    page = client.get("/visitors/occupancy/6/live/").content.decode()
    assert "double_entry" in page and 'id="inside-total">1<' in page


def test_import_page_preview_lists_bad_lines(client, edition, countries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    lead = UserFactory(username="lead", kind="buyer")
    deleg = DelegationFactory(edition=edition, lead=lead)
    csv = (
        b"full_name,country,doc_type,doc_number,consent\n"
        b"A,CN,prc_id,11010519491231002X,yes\nB,CN,prc_id,123,yes\n"
    )
    client.force_login(UserFactory(username="other", kind="buyer"))
    assert client.get(f"/visitors/delegations/{deleg.pk}/import/").status_code == 403
    client.force_login(lead)
    r = client.post(
        f"/visitors/delegations/{deleg.pk}/import/",
        {"file": SimpleUploadedFile("m.csv", csv), "commit": "on"},
    )
    page = r.content.decode()
    assert "<td>3</td><td>doc_number</td><td>id_length</td>" in page
    assert Visitor.objects.count() == 0
